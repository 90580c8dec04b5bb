"""The frame of every HTML page: the review page (``report``) and the score page
(``evalpage``) share its styles, script and Content-Security-Policy.

Only the page's own script may run, allowed by its hash; the page loads nothing.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

_CSS = """
:root { --problem: #fbefd0; --problem-edge: #d9a300; --measure: #dbe9ff; --measure-edge: #3f74c9;
  --metric: #ffd3da; --metric-ink: #8c0018; --document: #d3f2db; --document-ink: #12612b;
  --stat: #eadcff; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem 1.5rem; font: 14px/1.5 system-ui, "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #1d2430; }
h1 { font-size: 1.4rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; border-bottom: 2px solid #d0d7e2; padding-bottom: .2rem; }
h2 small { font-weight: normal; color: #555; margin-left: .5rem; }
table { border-collapse: collapse; }
td, th { padding: .2rem .45rem; vertical-align: top; text-align: left; }
table.index, table.figures { width: 100%; }
table.index th, table.figures th { background: #eef1f6; cursor: pointer; user-select: none;
  position: sticky; top: 0; white-space: nowrap; }
table.sortable th[data-dir=asc]::after { content: " ▲"; }
table.sortable th[data-dir=desc]::after { content: " ▼"; }
table.index td, table.figures td { border-bottom: 1px solid #e4e8ef; }
table.index tr:hover td { background: #f6f8fb; }
.filters { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.count { color: #555; }
.pill { display: inline-block; padding: 0 .45rem; border-radius: .7rem; font-size: 12px;
  color: #fff; background: #6b7280; white-space: nowrap; }
.s-ok { background: #1f8a3b; } .s-fell-back { background: #c25e00; }
.s-warnings { background: #a88a00; } .s-failed { background: #b3261e; }
.low { color: #b3261e; font-weight: bold; }
.st-completed { background: #1f8a3b; } .st-in_progress { background: #c77700; }
.st-reported { background: #6b7280; }
section.notice { margin: 2.5rem 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: .1rem .8rem;
  margin: .4rem 0; }
dl.meta dt { color: #5b6472; } dl.meta dd { margin: 0; }
.box { border-left: 4px solid; padding: .3rem .7rem; margin: .5rem 0; background: #fafafa; }
.box ul { margin: .2rem 0; padding-left: 1.2rem; }
.box.fallback { border-color: #c25e00; background: #fff4ea; }
.box.warning { border-color: #a88a00; background: #fffbe6; }
.box.missing { border-color: #b3261e; background: #fdeceb; }
.flag { color: #c25e00; font-weight: 600; }
.key { padding: 0 .3rem; margin-right: .3rem; }
.key.problem { border-left: 4px solid var(--problem-edge); }
.body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 1.2rem;
  align-items: start; }
.body.no-text { grid-template-columns: minmax(0, 1fr); }
.text { white-space: pre-wrap; font-size: 15px; line-height: 2; padding: .5rem 1rem;
  border: 1px solid #e0e4ea; border-radius: 4px; overflow-wrap: anywhere; }
.side { position: sticky; top: 0; max-height: 100vh; overflow: auto; border: 1px solid #e0e4ea;
  border-radius: 4px; }
table.records { width: 100%; font-size: 13px; }
table.records tr.group th { background: #eef1f6; position: sticky; top: 0; }
table.records td { border-bottom: 1px solid #eef0f3; }
table.records tr.d1 td:first-child { padding-left: 1.2rem; }
table.records tr.d2 td:first-child { padding-left: 2.2rem; }
table.records tr.current td { background: #ffe9c7; }
table.records a { white-space: nowrap; }
tr.k-problem td:first-child a, tr.k-problem td:first-child { font-weight: 600; }
tr.k-metric td:first-child { color: var(--metric-ink); }
tr.k-document td:first-child { color: var(--document-ink); }
.note { color: #b3261e; font-size: 12px; }
.problem { background: var(--problem); }
.measure { background: var(--measure); border-bottom: 2px solid var(--measure-edge); }
.metric { background: var(--metric); color: var(--metric-ink); font-weight: 600; border-radius: 3px; }
.document { background: var(--document); color: var(--document-ink); border-radius: 3px; }
.stat { background: var(--stat); }
.hl.problem { display: block; border-left: 4px solid var(--problem-edge); margin: .6rem 0;
  padding: .2rem .5rem; }
.hl.problem[data-fallback] { border-left-style: dashed; outline: 1px dashed #c25e00; }
.hl[data-label]::before { content: attr(data-label); font-size: 11px; line-height: 1; color: #fff;
  background: var(--problem-edge); border-radius: 3px; padding: 1px 4px; margin-right: 3px;
  user-select: none; font-weight: normal; }
.hl.measure::before { background: #6b7280; }
.hl.measure[data-status=completed]::before { background: #1f8a3b; }
.hl.measure[data-status=in_progress]::before { background: #c77700; }
.hl.current { outline: 3px solid #ff6a00; outline-offset: 1px; }
.back { margin: 0; }
.bars td.bar { width: 50%; }
.bar span { display: block; height: 1rem; background: #3f74c9; border-radius: 2px; }
.bar span.acc { background: #1f8a3b; } .bar span.mean { background: #8a5cc9; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.misses { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.misses ol { padding-left: 1.4rem; margin: .2rem 0; }
.misses .where { color: #5b6472; font-size: 12px; }
details { margin: .4rem 0; } summary { cursor: pointer; }
#corpus .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 1rem 2rem; }
#corpus figure { margin: 0; } #corpus figcaption { font-weight: 600; margin-bottom: .3rem; }
svg.chart { width: 100%; max-width: 620px; height: auto; display: block; }
svg.chart rect { fill: #3f74c9; } svg.chart a:hover rect { fill: #ff6a00; }
svg.chart rect.st-completed { fill: #1f8a3b; } svg.chart rect.st-in_progress { fill: #c77700; }
svg.chart rect.st-reported { fill: #6b7280; }
svg.chart text { font-size: 11px; text-anchor: middle; fill: #1d2430; }
svg.chart text.start { text-anchor: start; } svg.chart text.axis { fill: #5b6472; }
details.behind { margin: .1rem 0; font-size: 13px; } details.behind ul { columns: 3; margin: .2rem 0; }
table.totals details.behind ul { columns: 1; }
details.behind:target > summary { background: #ffe9c7; }
table.totals td, table.totals th, table.weakest td, table.weakest th { border-bottom: 1px solid #e4e8ef; }
table.weakest caption { text-align: left; color: #5b6472; }
"""

_SCRIPT = """
"use strict";
// Sortable tables: a click on a heading sorts by that column, a second click reverses.
document.querySelectorAll("table.sortable th").forEach((th) => {
  th.addEventListener("click", () => {
    const body = th.closest("table").tBodies[0];
    const column = th.cellIndex;
    const numeric = th.dataset.type === "num";
    const direction = th.dataset.dir === "asc" ? "desc" : "asc";
    th.closest("tr").querySelectorAll("th").forEach((other) => delete other.dataset.dir);
    th.dataset.dir = direction;
    const key = (row) => row.cells[column].textContent.trim();
    const rows = Array.from(body.rows).sort((a, b) => {
      const order = numeric ? (parseFloat(key(a)) || 0) - (parseFloat(key(b)) || 0)
                            : key(a).localeCompare(key(b), "zh");
      return direction === "asc" ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
  });
});
// Index filters: show the rows whose data-status / data-backend match every choice.
const filters = Array.from(document.querySelectorAll("select[data-filter]"));
filters.forEach((select) => select.addEventListener("change", () => {
  let shown = 0;
  document.querySelectorAll("#index tbody tr").forEach((row) => {
    row.hidden = !filters.every((f) => !f.value || row.dataset[f.dataset.filter] === f.value);
    shown += row.hidden ? 0 : 1;
  });
  document.getElementById("shown").textContent = shown;
}));
// Corpus charts: a bar links to the folded list of its notices, which opens.
const openTarget = () => {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.tagName === "DETAILS") target.open = true;
};
window.addEventListener("hashchange", openTarget);
openTarget();
// Record table: a click scrolls the record's span to the middle of the screen and marks it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.rec");
  const target = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
  target.classList.add("current");
  link.closest("tr").classList.add("current");
  target.scrollIntoView({ block: "center" });
});
"""


def _csp(script: str) -> str:
    """Only the page's own scripts may run, allowed by their hashes. No request of any
    kind may leave a page, except that a page with a ``script`` of its own (the review
    server's editor) may send requests to the server it came from."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(code.encode('utf-8')).digest()).decode('ascii')}'"
                      for code in (_SCRIPT, script) if code)
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src {hashes}"
    return policy + ("; connect-src 'self'" if script else "")


def page_head(title: str, script: str = "") -> str:
    """The start of a page, up to and including ``<body>``.

    Args:
        title: the page title (escaped here).
        script: the page's further script, as given to :func:`page_tail`.

    Returns:
        HTML text.
    """
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
    )


def page_tail(script: str = "") -> str:
    """The end of a page: the scripts and the closing tags.

    Args:
        script: a further script, run after the common one.
    """
    further = f"<script>{script}</script>" if script else ""
    return f"\n<script>{_SCRIPT}</script>{further}</body></html>\n"


def page(title: str, body: str, script: str = "") -> str:
    """A whole self-contained page around an HTML fragment.

    Args:
        title: the page title.
        body: the fragment.
        script: a further script of the page.

    Returns:
        HTML text.
    """
    return page_head(title, script) + body + page_tail(script)
