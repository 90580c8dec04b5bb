"""Review server: correct a run's records in the review page and keep them as gold.

``pipeline review OUT --gold DIR`` serves the review pages of ``OUT`` on the loopback
interface only, with editing controls (:data:`EDITOR_SCRIPT`). The page holds the record
being corrected and posts it with each edit; the server checks it through the contract's
models, applies the edit (:mod:`pipeline.review.corrections`), and sends back the record and
the notice's page section. Saving writes ``DIR/<doc_id>.gold.json`` in the format
``pipeline eval --gold DIR`` reads; a notice with a gold file opens with it.

The server keeps no state besides where each record starts in ``notices.jsonl``. It
answers only requests addressed to its own host and port (no DNS rebinding), takes only
JSON bodies of at most :data:`MAX_BODY` bytes from its own pages (a page elsewhere cannot
post to it), and writes only inside ``DIR``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import partial
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.review.corrections import apply, gold_of, parse_edit, restore_spans, validated
from pipeline.errors import DataError, PipelineError, UsageError
from pipeline.report.page import page
from pipeline.report.write import index_entries, rendered, source_text
from pipeline.report.corpus import Facts, render_corpus
from pipeline.report.index import Row, error_row, render_index
from pipeline.report.notice import render_notice

# The largest request body taken: a corrected record of a very long notice is well under.
MAX_BODY = 8 * 1024 * 1024
HOST = "127.0.0.1"

_KEYS = (  # (key, what it does), as EDITOR_SCRIPT binds them: listed on the page
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

_EDITOR_CSS = """
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


@dataclass
class Review:
    """The records of a run, and where their gold files go.

    Args:
        out_dir: the run's output folder (``notices.jsonl``, ``errors.jsonl``).
        gold_dir: where gold files are written (made if missing).
        root: the folder relative source paths are read from.

    Raises:
        UsageError: there is no ``notices.jsonl``, or the gold folder cannot be made.
        DataError: a line of ``notices.jsonl`` is broken.
    """

    out_dir: Path
    gold_dir: Path
    root: Path = Path(".")
    rows: list[Row] = field(init=False)
    facts: list[Facts] = field(init=False)
    failures: list[Row] = field(init=False)
    _offsets: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.out_dir, self.gold_dir, self.root = Path(self.out_dir), Path(self.gold_dir), Path(self.root)
        notices = self.out_dir / "notices.jsonl"
        if not notices.is_file():
            raise UsageError("no notices.jsonl here: run `pipeline run INPUT --out DIR` first",
                             path=str(self.out_dir))
        try:
            self.gold_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot make the gold folder: {exc.strerror}", path=str(self.gold_dir)) from None
        self.rows, self.facts = index_entries(notices)
        self.failures = list(rendered(self.out_dir / "errors.jsonl", lambda _, error: error_row(error)))
        # Where each record's line starts, so a page reads one line, not the whole file.
        self._offsets, at = [], 0
        with open(notices, "rb") as lines:
            for raw in lines:
                if raw.strip():
                    self._offsets.append(at)
                at += len(raw)

    def record(self, n: int) -> dict:
        """The n-th record (from 1) of ``notices.jsonl``.

        Raises:
            LookupError: there is no n-th record.
            DataError: the file changed since the server started.
        """
        if not 1 <= n <= len(self._offsets):
            raise LookupError(n)
        with open(self.out_dir / "notices.jsonl", "rb") as lines:
            lines.seek(self._offsets[n - 1])
            raw = lines.readline()
        try:
            record = json.loads(raw)
        except ValueError:
            record = None
        if not isinstance(record, dict) or record.get("doc_id") != self.rows[n - 1].doc_id:
            raise DataError("notices.jsonl changed since the review server started: restart it",
                            path=str(self.out_dir / "notices.jsonl"))
        return record

    def gold_path(self, doc_id: str) -> Path:
        """Where the gold file of ``doc_id`` goes.

        Raises:
            UsageError: the doc_id would put it outside the gold folder.
        """
        folder = self.gold_dir.resolve()
        path = (folder / f"{doc_id}.gold.json").resolve()
        if path.parent != folder or "/" in doc_id or "\\" in doc_id:
            raise UsageError(f"doc_id {doc_id!r} cannot name a file in the gold folder")
        return path

    def reviewed(self) -> set[str]:
        """The doc_ids that have a gold file."""
        return {path.name.removesuffix(".gold.json") for path in self.gold_dir.glob("*.gold.json")}

    def opened(self, n: int) -> tuple[dict, dict, str | None, str | None]:
        """The n-th notice as the editor opens it.

        Returns:
            ``(original, working, text, reason)``: the record of the run, the working
            record (from its gold file when there is one), the source text (``None``
            with the reason when it cannot be shown).

        Raises:
            DataError: its gold file is not valid JSON.
        """
        original = self.record(n)
        text, reason = source_text(original, self.root)
        path = self.gold_path(original["doc_id"])
        if path.is_file():
            try:
                gold = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise DataError(f"not a gold file: {exc}", path=str(path)) from None
            return original, restore_spans(gold, original, text), text, reason
        working = {k: v for k, v in original.items() if k not in ("provenance", "source_sha256")}
        return original, validated(working), text, reason

    def index_page(self) -> str:
        links = [f"/notice/{n}" for n in range(1, len(self.rows) + 1)]
        intro = (f'<p class="back">Corrections are saved as gold files in {escape(str(self.gold_dir))} '
                 "(<code>pipeline eval --gold</code> reads them). Open a notice to correct it.</p>")
        return page(f"Review: {self.out_dir.name}", intro + render_corpus(self.facts, len(self.failures), links)
                    + render_index(self.rows, self.failures, links, reviewed=self.reviewed()))

    def notice_page(self, n: int) -> str:
        original, working, text, reason = self.opened(n)
        doc_id = original["doc_id"]
        saved = "reviewed: gold saved" if self.gold_path(doc_id).is_file() else "not reviewed yet"
        keys = "".join(f"<tr><td><kbd>{escape(key)}</kbd></td><td>{escape(what)}</td></tr>"
                       for key, what in _KEYS)
        statuses = "".join(f'<option value="{s}">{s.replace("_", " ")}</option>'
                           for s in ("completed", "in_progress", "reported"))
        toolbar = (
            f'<p class="back"><a href="/">← notices</a> · notice {n} of {len(self.rows)}</p>'
            f'<div id="editor" data-n="{n}" data-count="{len(self.rows)}" data-anchor="n{n}">'
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
        body = (f"<style>{_EDITOR_CSS}</style>{toolbar}{self._section(n, original, working, text, reason)}"
                f'<script type="application/json" id="record">{_script_json(working)}</script>')
        return page(f"Review: {doc_id}", body, EDITOR_SCRIPT)

    def edit(self, n: int, body: dict) -> dict:
        """Apply an edit the page sent (``{"record", "edit"}``; ``edit`` null redraws).

        Returns:
            ``{"record", "html", "select"}``: the new working record, the notice's section,
            the item to select.

        Raises:
            UsageError: the record or the edit is not valid.
        """
        original = self.record(n)
        text, reason = source_text(original, self.root)
        record = self._posted_record(body, original)
        answer = {}
        if body.get("edit") is not None:
            record, answer["select"] = apply(record, parse_edit(body["edit"]), text)
        answer.update(record=record, html=self._section(n, original, record, text, reason))
        return answer

    def save(self, n: int, body: dict) -> Path:
        """Write the posted record's gold file (``{"record"}``).

        Returns:
            The gold file written.

        Raises:
            UsageError: the record is not valid, or the file cannot be written.
        """
        original = self.record(n)
        record = self._posted_record(body, original)
        path = self.gold_path(original["doc_id"])
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_text(json.dumps(gold_of(record), ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
            os.replace(partial, path)
        except OSError as exc:
            raise UsageError(f"cannot write the gold file: {exc.strerror}", path=str(path)) from None
        finally:
            partial.unlink(missing_ok=True)
        return path

    def _posted_record(self, body: dict, original: dict) -> dict:
        record = validated(body.get("record"))
        if record["doc_id"] != original["doc_id"]:
            raise UsageError(f"the record is {record['doc_id']!r}, not this page's {original['doc_id']!r}")
        return record

    def _section(self, n: int, original: dict, working: dict, text: str | None, reason: str | None) -> str:
        # The header (backend, coverage, fallbacks) is the run's: taken from the original.
        shown = {**working, "source_sha256": original.get("source_sha256"),
                 "provenance": original.get("provenance")}
        return render_notice(shown, text, reason, anchor=f"n{n}")


def _script_json(value) -> str:
    """JSON that cannot end the ``<script>`` element it is put in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_NOTICE = re.compile(r"/notice/(\d{1,9})(?:/(edit|save))?")


class _Handler(BaseHTTPRequestHandler):
    """One request to the review server."""

    server_version = "pipeline-review"
    timeout = 60  # seconds a connection may stay silent: a stuck client does not keep a thread

    def __init__(self, *args, review: Review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if not self._own_host():
            return
        route = _NOTICE.fullmatch(self.path)
        if self.path == "/":
            self._reply(HTTPStatus.OK, self.review.index_page())
        elif route and not route[2]:
            self._answer(lambda: self.review.notice_page(int(route[1])))
        else:
            self._reply(HTTPStatus.NOT_FOUND, "not found", "text/plain")

    def do_POST(self) -> None:
        if not self._own_host():
            return
        route = _NOTICE.fullmatch(self.path)
        origin = self.headers.get("Origin")
        if not route or not route[2]:
            return self._error(HTTPStatus.NOT_FOUND, "not found")
        # A page of another site may post here too; its Origin gives it away, and a JSON
        # body is what a form cannot send.
        if origin is not None and origin != f"http://{self.headers.get('Host')}":
            return self._error(HTTPStatus.FORBIDDEN, "requests from other sites are refused")
        if self.headers.get_content_type() != "application/json":
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required")
        if not 0 <= length <= MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"bodies are limited to {MAX_BODY} bytes")
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, RecursionError):
            return self._error(HTTPStatus.BAD_REQUEST, "the body is not JSON")
        if not isinstance(body, dict):
            return self._error(HTTPStatus.BAD_REQUEST, "the body is not a JSON object")
        n = int(route[1])
        if route[2] == "edit":
            self._answer(lambda: json.dumps(self.review.edit(n, body), ensure_ascii=False), "application/json")
        else:
            self._answer(lambda: json.dumps({"path": str(self.review.save(n, body))}, ensure_ascii=False),
                         "application/json")

    def _own_host(self) -> bool:
        """Whether the request is addressed to this server by its loopback name."""
        port = self.server.server_address[1]
        if self.headers.get("Host") in (f"{HOST}:{port}", f"localhost:{port}"):
            return True
        self._error(HTTPStatus.MISDIRECTED_REQUEST, "this server answers only to its loopback address")
        return False

    def _answer(self, make, content_type: str = "text/html") -> None:
        try:
            self._reply(HTTPStatus.OK, make(), content_type)
        except LookupError:
            self._error(HTTPStatus.NOT_FOUND, "no such notice")
        except UsageError as error:
            self._error(HTTPStatus.BAD_REQUEST, str(error))
        except PipelineError as error:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._reply(status, json.dumps({"error": message}, ensure_ascii=False), "application/json")

    def _reply(self, status: HTTPStatus, text: str, content_type: str = "text/html") -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # a line per click would bury the URL the user needs


def make_server(review: Review, port: int = 0) -> ThreadingHTTPServer:
    """A review server on the loopback interface, not yet serving.

    Args:
        review: the records and the gold folder.
        port: the port; 0 takes a free one.

    Returns:
        The server; ``server.server_address[1]`` is its port. Call ``serve_forever()``.

    Raises:
        UsageError: the port cannot be bound.
    """
    try:
        return ThreadingHTTPServer((HOST, port), partial(_Handler, review=review))
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
