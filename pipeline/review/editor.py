"""The editor in the review page: its toolbar, the script that binds it, its style and keys.

The script keeps the record being corrected as the page's state and sends it with every
edit to the server (:mod:`pipeline.review.server`), which answers with the new record and
the notice's section, drawn (and escaped) by the server.
"""

from __future__ import annotations

import json
from html import escape

KEYS = (  # (key, what it does), as EDITOR_SCRIPT binds them: listed on the page
    ("j / k", "next / previous problem or measure"),
    ("c / i / r", "status of the measure: completed / in progress / reported"),
    ("t / g", "edit the problem's title / category (Enter keeps it, Esc leaves the field)"),
    ("x or Delete", "delete the problem or measure"),
    ("a", "add the selected text as a missed measure"),
    ("p", "add the selected heading as a missed problem"),
    ("z", "undo the last edit"),
    ("s or Ctrl+S", "save as gold: the record is reviewed"),
    ("[ / ]", "previous / next notice"),
)

EDITOR_SCRIPT = """
"use strict";
// The editor of the review server. The record is the page's state; every edit is sent
// with it to the server, which checks it and answers with the new record and the
// notice's section, drawn (and escaped) by the server.
const editor = document.getElementById("editor");
const base = `/notice/${editor.dataset.n}`;
const anchor = editor.dataset.anchor;
const prefix = `${anchor}-`;
let record = JSON.parse(document.getElementById("record").textContent);
let current = null;  // the selected problem or measure: p3, p3m2, o1
let dirty = false;
const history = [];
const $ = (id) => document.getElementById(id);
const section = () => document.getElementById(anchor);
const isProblem = (path) => /^p\\d+$/.test(path || "");

function say(text, bad) {
  $("ed-message").textContent = text;
  $("ed-message").className = bad ? "bad" : "";
}

function item(path) {
  const m = /^(?:o(\\d+)|p(\\d+)(?:m(\\d+))?)$/.exec(path || "");
  if (!m) return null;
  if (m[1]) return record.organization_measures[m[1] - 1] || null;
  const problem = record.problems[m[2] - 1];
  return (m[3] ? problem && problem.measures[m[3] - 1] : problem) || null;
}

// A highlight's or a row's id names a record; metrics and documents select their measure.
function pathOf(id) {
  const m = /^(o\\d+|p\\d+(?:m\\d+)?)/.exec(id.slice(prefix.length));
  return m ? m[1] : null;
}

function select(path) {
  current = item(path) ? path : null;
  document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
  const it = item(current);
  const problem = isProblem(current);
  $("ed-title").disabled = $("ed-category").disabled = !problem;
  $("ed-status").disabled = !current || problem;
  $("ed-delete").disabled = !current;
  $("ed-title").value = problem ? it.title : "";
  $("ed-category").value = problem ? it.category || "" : "";
  $("ed-status").value = current && !problem ? it.status : "";
  $("ed-what").textContent = !current ? "nothing selected"
    : problem ? `problem ${it.index}` : `measure ${current} (ordinal ${it.ordinal})`;
  if (!current) return;
  const mark = document.getElementById(prefix + current);
  const row = section().querySelector(`tr[data-id="${prefix + current}"]`);
  [mark, row].forEach((el) => el && el.classList.add("current"));
  if (mark || row) (mark || row).scrollIntoView({ block: "nearest" });
}

async function send(action, body) {
  const response = await fetch(`${base}/${action}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

async function edit(op, remember = true) {
  try {
    const answer = await send("edit", { record, edit: op });
    if (remember) history.push(record);
    record = answer.record;
    dirty = true;
    const scroll = window.scrollY;
    section().outerHTML = answer.html;
    window.scrollTo(0, scroll);
    select(answer.select === undefined ? current : answer.select);
    say("Not saved yet: s saves the record as gold.");
  } catch (error) {
    say(error.message, true);
  }
}

async function save() {
  try {
    const answer = await send("save", { record });
    dirty = false;
    $("ed-saved").textContent = "reviewed: gold saved";
    say(`Saved ${answer.path}`);
  } catch (error) {
    say(error.message, true);
  }
}

function undo() {
  if (!history.length) return say("Nothing to undo.");
  record = history.pop();
  edit(null, false);
}

// The selection's [start, end) in characters of the source text (not UTF-16 units).
function selectionSpan() {
  const selection = window.getSelection();
  const text = section().querySelector(".text");
  if (!text || !selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.setStart(text, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = Array.from(before.toString()).length;
  return [start, start + Array.from(range.toString()).length];
}

function add(op) {
  const span = selectionSpan();
  if (!span) return say("Select the missed text in the notice first.", true);
  window.getSelection().removeAllRanges();
  edit({ op, span });
}

function step(delta) {
  const paths = [];
  section().querySelectorAll("tr.k-problem[data-id], tr.k-measure[data-id]").forEach(
    (row) => paths.push(pathOf(row.dataset.id)));
  const at = paths.indexOf(current);
  const next = at < 0 ? (delta > 0 ? 0 : paths.length - 1) : at + delta;
  if (next >= 0 && next < paths.length) select(paths[next]);
}

function go(delta) {
  const n = Number(editor.dataset.n) + delta;
  if (n >= 1 && n <= Number(editor.dataset.count)) window.location.href = `/notice/${n}`;
}

function setStatus(status) {
  if (current && !isProblem(current)) edit({ op: "status", path: current, status });
}

function remove() {
  if (current) edit({ op: "delete", path: current });
}

function focusField(id) {
  if (!$(id).disabled) { $(id).focus(); $(id).select(); }
}

$("ed-title").addEventListener("change", () => edit({ op: "title", path: current, title: $("ed-title").value }));
$("ed-category").addEventListener("change",
  () => edit({ op: "category", path: current, category: $("ed-category").value }));
$("ed-status").addEventListener("change", () => setStatus($("ed-status").value));
$("ed-delete").addEventListener("click", remove);
$("ed-add-measure").addEventListener("click", () => add("add_measure"));
$("ed-add-problem").addEventListener("click", () => add("add_problem"));
$("ed-undo").addEventListener("click", undo);
$("ed-save").addEventListener("click", save);

document.addEventListener("click", (event) => {
  if (!window.getSelection().isCollapsed || event.target.closest("#editor")) return;
  const el = event.target.closest("section.notice .hl, section.notice tr[data-id]");
  const id = el && (el.dataset.id || el.id);
  if (id && id.startsWith(prefix)) select(pathOf(id));
});

const keys = {
  j: () => step(1), k: () => step(-1),
  c: () => setStatus("completed"), i: () => setStatus("in_progress"), r: () => setStatus("reported"),
  t: () => focusField("ed-title"), g: () => focusField("ed-category"),
  x: remove, Delete: remove,
  a: () => add("add_measure"), p: () => add("add_problem"),
  z: undo, s: save,
  "[": () => go(-1), "]": () => go(1),
};
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "s") {
    event.preventDefault();
    save();
    return;
  }
  if (event.target.matches("input, select, textarea")) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || !keys[event.key]) return;
  event.preventDefault();
  keys[event.key]();
});
// The record table stays in view below the editor, whatever height the editor wraps to.
const fit = () => document.documentElement.style.setProperty("--bar", `${editor.offsetHeight}px`);
window.addEventListener("resize", fit);
fit();
window.addEventListener("beforeunload", (event) => {
  if (dirty) event.preventDefault();
});
select(null);
"""

EDITOR_CSS = """
#editor { position: sticky; top: 0; z-index: 2; background: #f4f6fa; border: 1px solid #d0d7e2;
  border-radius: 4px; padding: .4rem .7rem; margin: .5rem 0; display: flex; flex-wrap: wrap;
  gap: .4rem .8rem; align-items: center; }
#editor input { width: 16rem; } #ed-what { font-weight: 600; min-width: 10rem; }
#ed-message.bad { color: #b3261e; } #ed-saved { color: #1f8a3b; }
#editor details { flex-basis: 100%; margin: 0; } #editor kbd { font: 12px monospace;
  border: 1px solid #aab; border-radius: 3px; padding: 0 .3rem; background: #fff; }
.text { cursor: text; }
.side { top: var(--bar, 0px); max-height: calc(100vh - var(--bar, 0px)); }
"""



def toolbar(n: int, count: int, saved: str) -> str:
    """The editor's bar above the n-th notice of ``count``.

    Args:
        n: the notice's number (from 1), as its URL has it.
        count: how many notices there are.
        saved: whether the notice has been reviewed, as the bar says it.

    Returns:
        The bar's HTML: the fields and buttons :data:`EDITOR_SCRIPT` binds, and the keys.
    """
    keys = "".join(f"<tr><td><kbd>{escape(key)}</kbd></td><td>{escape(what)}</td></tr>"
                   for key, what in KEYS)
    statuses = "".join(f'<option value="{s}">{s.replace("_", " ")}</option>'
                       for s in ("completed", "in_progress", "reported"))
    return (
        f'<p class="back"><a href="/">← notices</a> · notice {n} of {count}</p>'
        f'<div id="editor" data-n="{n}" data-count="{count}" data-anchor="n{n}">'
        f'<span id="ed-saved">{saved}</span><span id="ed-what"></span>'
        '<label>title <input id="ed-title"></label>'
        '<label>category <input id="ed-category" placeholder="none"></label>'
        f'<label>status <select id="ed-status">{statuses}</select></label>'
        '<button id="ed-delete">delete (x)</button>'
        '<button id="ed-add-measure">add measure from selection (a)</button>'
        '<button id="ed-add-problem">add problem from selection (p)</button>'
        '<button id="ed-undo">undo (z)</button><button id="ed-save">save as gold (s)</button>'
        '<span id="ed-message" role="status"></span>'
        f"<details><summary>Keyboard</summary><table>{keys}</table></details></div>"
    )


def script_json(value) -> str:
    """JSON that cannot end the ``<script>`` element it is put in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
