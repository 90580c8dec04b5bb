"""Report: a run's output folder -> an HTML review page.

The page shows an index of the notices (and of the inputs that failed), then each
notice's source text with every extracted span highlighted, next to a table of its
records. Everything is in the file itself (styles, script, no network), so it works
opened from disk; batches of more than :data:`SINGLE_FILE_LIMIT` notices get a folder
with an index page and one page per notice instead.

The source text is not in the record: it is read again from ``provenance.source`` and
used only when its sha256 is the record's ``source_sha256``, so spans are never drawn
on the wrong text.

Spans nest (a problem holds its measures, a measure its metrics and documents), and the
text is drawn as nested ``<span>`` elements, one per record, each with ``data-kind`` and
an ``id`` that the record table links to. All text is escaped; the page's only script is
allowed by its hash in a Content-Security-Policy, so nothing in a notice can run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .assemble import LOW_COVERAGE
from .errors import PipelineError, UsageError
from .htmlpage import page, page_head, page_tail
from .ingest import read_source

# Up to this many notices go in one file; more get a folder, one page per notice.
SINGLE_FILE_LIMIT = 200

# Kinds of highlighted record, in the order they nest, with their legend text.
KINDS = {
    "problem": "problem",
    "measure": "measure (badge: status)",
    "stat": "summary figure",
    "metric": "metric",
    "document": "document 《…》",
}
_DEPTH = {kind: depth for depth, kind in enumerate(KINDS)}
STATUS_TEXT = {"completed": "completed", "in_progress": "in progress", "reported": "reported"}
_ORGANISATION = "Organisation of the rectification"
# Status of a notice in the index, for the filter.
NOTICE_STATUSES = ("ok", "fell back", "warnings", "failed")


@dataclass(frozen=True)
class Mark:
    """One span to highlight.

    Attributes:
        start, end: ``[start, end)`` character offsets into the text.
        kind: one of :data:`KINDS`.
        id: the element's id, unique on the page.
        label: a short name for badges and messages (``problem 3``, ``3.2``).
        attrs: further ``data-*``/``title`` attributes as ``(name, value)`` pairs.
    """

    start: int
    end: int
    kind: str
    id: str
    label: str
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass
class Highlight:
    """Highlighted text.

    Attributes:
        html: the escaped text with one element per drawn mark.
        drawn: ids of the marks drawn.
        notes: why a mark was not drawn, or was drawn shorter, by id.
    """

    html: str
    drawn: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One record as the record table lists it.

    Attributes:
        group: the part of the notice it belongs to (a heading of the table).
        kind: one of :data:`KINDS`.
        id: the id of its highlight.
        label: its short name.
        text: what the table shows of it.
        depth: indentation in the table (0 for problems).
        span: where it is in the text; ``None`` when it has no place there.
        status: a measure's status.
        note: a remark shown with it (a fallback, a title not found).
    """

    group: str
    kind: str
    id: str
    label: str
    text: str
    depth: int
    span: tuple[int, int] | None
    status: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Row:
    """One line of the index: a notice, or an input that failed."""

    doc_id: str
    status: str
    backend: str = ""
    issuer: str = ""
    target: str = ""
    coverage: str = ""  # provenance.coverage as a percentage; empty when not measured
    problems: int = 0
    measures: int = 0
    metrics: int = 0
    documents: int = 0
    fallbacks: int = 0
    warnings: int = 0
    errors: int = 0
    note: str = ""


@dataclass(frozen=True)
class Written:
    """What :func:`write_report` wrote: the page to open, and what it holds."""

    path: Path
    notices: int
    failures: int


# ---------------------------------------------------------------------------
# Writing


def write_report(out_dir: str | Path, html_path: str | Path | None = None, *,
                 root: str | Path = ".") -> Written:
    """Write the review page of a ``pipeline run`` output folder.

    ``notices.jsonl`` is read twice, line by line (once for the index, once for the
    notices), so memory does not grow with the batch.

    Args:
        out_dir: the folder holding ``notices.jsonl`` and ``errors.jsonl``.
        html_path: the page to write; default ``OUT_DIR/report.html``. With more than
            :data:`SINGLE_FILE_LIMIT` notices, a folder of the same name without the
            suffix is written instead (``report/index.html``, ``report/notices/N.html``).
        root: the folder that relative source paths in provenance are read from
            (where ``pipeline run`` was started).

    Returns:
        The page to open and the numbers of notices and failed inputs.

    Raises:
        UsageError: ``notices.jsonl`` is missing or not JSON Lines, or the page cannot
            be written.
    """
    out_dir = Path(out_dir)
    notices_path = out_dir / "notices.jsonl"
    if not notices_path.is_file():
        raise UsageError("no notices.jsonl here: run `pipeline run INPUT --out DIR` first",
                         path=str(out_dir))
    rows = [notice_row(notice) for notice in _read_jsonl(notices_path)]
    failures = [error_row(error) for error in _read_jsonl(out_dir / "errors.jsonl")]
    path = Path(html_path) if html_path else out_dir / "report.html"
    title = f"Review: {out_dir.name or out_dir.resolve().name}"
    try:
        if len(rows) <= SINGLE_FILE_LIMIT:
            _write_single(path, title, rows, failures, notices_path, root)
        else:
            path = _write_folder(path.with_suffix(""), title, rows, failures, notices_path, root)
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror}", path=str(path)) from None
    return Written(path=path, notices=len(rows), failures=len(failures))


def _write_single(path: Path, title: str, rows: list[Row], failures: list[Row],
                  notices_path: Path, root: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(page_head(title))
        out.write(render_index(rows, failures, [f"#n{n}" for n in range(1, len(rows) + 1)]))
        for n, notice in enumerate(_read_jsonl(notices_path), start=1):
            text, reason = source_text(notice, root)
            out.write(render_notice(notice, text, reason, anchor=f"n{n}"))
        out.write(page_tail())


def _write_folder(folder: Path, title: str, rows: list[Row], failures: list[Row],
                  notices_path: Path, root: str | Path) -> Path:
    (folder / "notices").mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    links = [f"notices/{n}.html" for n in range(1, len(rows) + 1)]
    index.write_text(page(title, render_index(rows, failures, links)), encoding="utf-8")
    back = '<p class="back"><a href="../index.html">← index</a></p>'
    for n, notice in enumerate(_read_jsonl(notices_path), start=1):
        text, reason = source_text(notice, root)
        body = back + render_notice(notice, text, reason, anchor=f"n{n}")
        html = page(notice.get("doc_id") or "?", body)
        (folder / "notices" / f"{n}.html").write_text(html, encoding="utf-8")
    return index


def _read_jsonl(path: Path) -> Iterator[dict]:
    """Yield the objects of a JSON Lines file one by one; nothing when it is missing."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"line {number}: invalid JSON: {exc}", path=str(path)) from None
            if not isinstance(record, dict):
                raise UsageError(f"line {number}: not a JSON object", path=str(path))
            yield record


def source_text(notice: dict, root: str | Path = ".") -> tuple[str | None, str | None]:
    """Read a notice's source text again, if it is still the text the spans point into.

    Args:
        notice: a record from ``notices.jsonl``.
        root: the folder relative source paths are read from.

    Returns:
        ``(text, None)``, or ``(None, reason)`` when the text cannot be shown: no
        source named, standard input, a file that cannot be read, or one whose sha256
        is not the record's ``source_sha256``.
    """
    source = (notice.get("provenance") or {}).get("source")
    if not source:
        return None, "the record does not name its source file"
    if source == "-":
        return None, "the notice was read from standard input, which was not kept"
    try:
        # No size limit: the run may have been given a larger --max-bytes than the default.
        found = read_source(str(Path(root, source)), max_bytes=sys.maxsize)
    except PipelineError as error:
        return None, f"cannot read the source file {source}: {error.message}"
    if found.sha256 != notice.get("source_sha256"):
        return None, f"the source file {source} has changed since the run (its sha256 differs)"
    return found.text, None


# ---------------------------------------------------------------------------
# The index


def notice_status(notice: dict) -> str:
    """``fell back`` (some LLM answer replaced by the rules'), ``warnings`` or ``ok``."""
    provenance = notice.get("provenance") or {}
    if provenance.get("fallbacks"):
        return "fell back"
    return "warnings" if provenance.get("warnings") else "ok"


def notice_row(notice: dict) -> Row:
    """The index line of one notice."""
    provenance = notice.get("provenance") or {}
    measures = _all_measures(notice)
    fallbacks = [f"{f.get('section')}: {f.get('reason')}" for f in provenance.get("fallbacks") or []]
    warnings = list(provenance.get("warnings") or [])
    return Row(
        doc_id=notice.get("doc_id") or "?",
        status=notice_status(notice),
        backend=provenance.get("backend") or "",
        issuer=notice.get("issuer") or "",
        target=(notice.get("inspection") or {}).get("target") or "",
        coverage=_percent(provenance.get("coverage")),
        problems=len(notice.get("problems") or []),
        measures=len(measures),
        metrics=sum(len(m.get("metrics") or []) for m in measures),
        documents=sum(len(m.get("documents") or []) for m in measures),
        fallbacks=len(fallbacks),
        warnings=len(warnings),
        note="; ".join(fallbacks + warnings),
    )


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:.1%}"


def error_row(error: dict) -> Row:
    """The index line of one failed input (a line of ``errors.jsonl``)."""
    path = error.get("path") or "?"
    return Row(doc_id=Path(path).stem or path, status="failed", errors=1,
               note=f"{path}: {error.get('kind')}: {error.get('message')}")


_INDEX_COLUMNS = (  # (heading, Row attribute, numeric)
    ("doc_id", "doc_id", False),
    ("issuer", "issuer", False),
    ("inspection target", "target", False),
    ("coverage", "coverage", True),
    ("problems", "problems", True),
    ("measures", "measures", True),
    ("metrics", "metrics", True),
    ("documents", "documents", True),
    ("fallbacks", "fallbacks", True),
    ("warnings", "warnings", True),
    ("errors", "errors", True),
    ("backend", "backend", False),
    ("status", "status", False),
    ("notes", "note", False),
)


def render_index(rows: list[Row], failures: list[Row], links: list[str]) -> str:
    """The index: filters, then one sortable table row per notice and per failure.

    Args:
        rows: the notices' rows, in file order.
        failures: the failed inputs' rows.
        links: where each notice's row links to, parallel to ``rows``.

    Returns:
        An HTML fragment.
    """
    def options(name: str, values) -> str:
        items = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
        return (f'<label>{name} <select data-filter="{name}"><option value="">all</option>'
                f"{items}</select></label>")

    head = "".join(f'<th data-type="{"num" if numeric else "text"}">{escape(heading)}</th>'
                   for heading, _, numeric in _INDEX_COLUMNS)
    body = []
    for row, link in [*zip(rows, links), *((failure, None) for failure in failures)]:
        cells = []
        for _, name, _ in _INDEX_COLUMNS:
            value = escape(str(getattr(row, name)))
            if name == "doc_id" and link:
                value = f'<a href="{escape(link)}">{value}</a>'
            elif name == "status":
                value = f'<span class="pill s-{row.status.replace(" ", "-")}">{value}</span>'
            elif name == "coverage" and value and float(value.rstrip("%")) < 100 * LOW_COVERAGE:
                # A record that missed part of its notice must not look like a right one.
                value = f'<span class="low">{value}</span>'
            cells.append(f"<td>{value}</td>")
        body.append(f'<tr data-status="{escape(row.status)}" data-backend="{escape(row.backend)}">'
                    f'{"".join(cells)}</tr>')
    total = len(rows) + len(failures)
    return (
        '<section id="index"><h1>Notices</h1>'
        f'<p class="filters">{options("status", NOTICE_STATUSES)} '
        f'{options("backend", ("rules", "llm"))} '
        f'<span class="count"><span id="shown">{total}</span> of {total} shown; '
        f"{len(rows)} notices, {len(failures)} failed inputs. "
        "Click a heading to sort.</span></p>"
        f'<table class="sortable index"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></section>'
    )


# ---------------------------------------------------------------------------
# One notice


def render_notice(notice: dict, text: str | None, reason: str | None, anchor: str) -> str:
    """One notice: its header, then its highlighted text beside its record table.

    Args:
        notice: a record from ``notices.jsonl``.
        text: its source text, or ``None`` when it cannot be shown.
        reason: why the text is not shown (with ``text`` ``None``).
        anchor: the section's id; it also prefixes every element id inside.

    Returns:
        An HTML ``<section>``.
    """
    fallbacks = _fallbacks(notice)
    entries = notice_entries(notice, text, prefix=f"{anchor}-")
    marks = [_mark(entry, fallbacks) for entry in entries if entry.span is not None]
    lit = highlight(text, marks) if text is not None else Highlight(html="")
    boxes = []
    if fallbacks:
        boxes.append(_box("fallback", "Parts where the LLM's answer was not used and the rules' was",
                          [f"{section}: {why}" for section, why in fallbacks.items()]))
    warnings = (notice.get("provenance") or {}).get("warnings") or []
    if warnings:
        boxes.append(_box("warning", "Warnings", warnings))
    if reason:
        boxes.append(_box("missing", "Source text not shown", [reason]))
    if lit.notes:
        boxes.append(_box("warning", "Spans that could not be drawn as recorded",
                          list(lit.notes.values())))
    legend = "".join(f'<span class="key {kind}">{escape(name)}</span> ' for kind, name in KINDS.items())
    text_panel = f'<div class="text" lang="zh">{lit.html}</div>' if text is not None else ""
    return (
        f'<section class="notice" id="{anchor}">'
        f'<h2>{escape(notice.get("doc_id") or "?")} <small>{escape(notice.get("title") or "")}</small></h2>'
        f"{_header(notice, fallbacks)}{''.join(boxes)}{_summary(notice, fallbacks)}"
        f'<p class="legend">{legend}</p>'
        f'<div class="body{"" if text is not None else " no-text"}">{text_panel}'
        f'<aside class="side">{_record_table(entries, lit, fallbacks)}</aside></div></section>'
    )


def notice_entries(notice: dict, text: str | None, prefix: str = "") -> list[Entry]:
    """Every record of a notice with a span, in table order.

    Organisation measures come first, then each problem followed by its measures (each
    followed by its metrics and documents), then the summary figures. A document has no
    span of its own: it is placed on its ``《title》`` inside its measure's span (the
    n-th time a title is listed, its n-th occurrence there).

    Args:
        notice: a record from ``notices.jsonl``.
        text: the source text, to place documents in; ``None`` leaves them unplaced.
        prefix: prepended to every id.

    Returns:
        The entries.
    """
    entries = []

    def measure(group: str, m: dict, id_: str, label: str, depth: int) -> None:
        entries.append(Entry(group, "measure", id_, label, m.get("text") or "", depth, _span(m),
                             status=m.get("status")))
        for k, metric in enumerate(m.get("metrics") or [], start=1):
            shown = f"{_number(metric.get('value'))}{metric.get('unit') or ''}"
            entries.append(Entry(group, "metric", f"{id_}x{k}", shown, metric.get("indicator") or "",
                                 depth + 1, _span(metric)))
        for k, (title, span) in enumerate(_document_spans(m, text), start=1):
            note = None if span or text is None else "not found in the measure's text"
            entries.append(Entry(group, "document", f"{id_}d{k}", "document", f"《{title}》",
                                 depth + 1, span, note=note))

    for j, m in enumerate(notice.get("organization_measures") or [], start=1):
        measure(_ORGANISATION, m, f"{prefix}o{j}", f"org {m.get('ordinal')}", 0)
    for i, problem in enumerate(notice.get("problems") or [], start=1):
        entries.append(Entry("Problems", "problem", f"{prefix}p{i}", f"problem {problem.get('index')}",
                             problem.get("title") or "", 0, _span(problem)))
        for j, m in enumerate(problem.get("measures") or [], start=1):
            measure("Problems", m, f"{prefix}p{i}m{j}", f"{problem.get('index')}.{m.get('ordinal')}", 1)
    for k, stat in enumerate(notice.get("summary") or [], start=1):
        entries.append(Entry("Summary", "stat", f"{prefix}s{k}", stat.get("kind") or "",
                             stat.get("text") or "", 0, _span(stat)))
    return entries


def highlight(text: str, marks: list[Mark]) -> Highlight:
    """Escape ``text`` and wrap each mark's span in an element, nesting them.

    Marks are opened in text order, the longer first where two start together (and by
    :data:`KINDS` order where they are equal), so each mark becomes one element holding
    exactly ``text[start:end]``. A mark that crosses the end of the one it starts in is
    drawn cut at that end; a mark outside the text, or empty, is not drawn. Both get a
    note.

    Args:
        text: the source text.
        marks: the spans to draw; ids must be unique.

    Returns:
        The :class:`Highlight`.
    """
    result = Highlight(html="")
    out: list[str] = []
    open_ends: list[int] = []  # ends of the open elements, innermost last
    pos = 0

    def close_to(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(escape(text[pos:end]) + "</span>")
            pos = end

    for mark in sorted(marks, key=lambda m: (m.start, -m.end, _DEPTH.get(m.kind, 0))):
        if not 0 <= mark.start < mark.end <= len(text):
            result.notes[mark.id] = (f"{mark.label}: span [{mark.start}, {mark.end}) is not inside "
                                     f"the text ({len(text)} characters); not shown")
            continue
        close_to(mark.start)
        end = mark.end
        if open_ends and end > open_ends[-1]:
            result.notes[mark.id] = (f"{mark.label}: span [{mark.start}, {mark.end}) crosses the end "
                                     f"of the span it starts in; shown cut at {open_ends[-1]}")
            end = open_ends[-1]
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in mark.attrs)
        out.append(f'{escape(text[pos:mark.start])}<span class="hl {mark.kind}" id="{escape(mark.id)}"'
                   f' data-kind="{mark.kind}"{attrs}>')
        pos = mark.start
        open_ends.append(end)
        result.drawn.add(mark.id)
    close_to(len(text))
    out.append(escape(text[pos:]))
    result.html = "".join(out)
    return result


def _mark(entry: Entry, fallbacks: dict[str, str]) -> Mark:
    start, end = entry.span
    attrs = []
    if entry.kind == "problem":
        label = entry.label
        if entry.label in fallbacks:  # fallback sections name problems "problem N"
            label += " · rules fallback"
            attrs.append(("data-fallback", fallbacks[entry.label]))
        attrs.append(("data-label", label))
    elif entry.kind == "measure":
        status = STATUS_TEXT.get(entry.status or "", entry.status or "")
        attrs += [("data-label", f"{entry.label} · {status}"), ("data-status", entry.status or "")]
    elif entry.kind == "metric":
        attrs.append(("title", f"{entry.text} · {entry.label}"))
    else:
        attrs.append(("title", entry.label))
    return Mark(start, end, entry.kind, entry.id, entry.label, tuple(attrs))


def _record_table(entries: list[Entry], lit: Highlight, fallbacks: dict[str, str]) -> str:
    rows = []
    group = None
    for entry in entries:
        if entry.group != group:
            group = entry.group
            flag = ""
            if group == _ORGANISATION and "organization" in fallbacks:
                flag = f' <span class="flag">rules fallback ({escape(fallbacks["organization"])})</span>'
            rows.append(f'<tr class="group"><th colspan="3">{escape(group)}{flag}</th></tr>')
        label = escape(entry.label)
        if entry.id in lit.drawn:
            label = f'<a class="rec" href="#{escape(entry.id)}">{label}</a>'
        badge = ""
        if entry.status:
            badge = (f'<span class="pill st-{escape(entry.status)}">'
                     f"{escape(STATUS_TEXT.get(entry.status, entry.status))}</span>")
        note = entry.note or lit.notes.get(entry.id)
        if entry.kind == "problem" and entry.label in fallbacks:
            note = f"rules fallback: {fallbacks[entry.label]}"
        note = f'<div class="note">{escape(note)}</div>' if note else ""
        rows.append(f'<tr class="k-{entry.kind} d{entry.depth}"><td>{label}</td>'
                    f"<td>{escape(_shorten(entry.text))}{note}</td><td>{badge}</td></tr>")
    if not rows:
        return '<p class="empty">No records.</p>'
    return f'<table class="records"><tbody>{"".join(rows)}</tbody></table>'


def _header(notice: dict, fallbacks: dict[str, str]) -> str:
    provenance = notice.get("provenance") or {}
    inspection = notice.get("inspection") or {}
    contact = notice.get("contact") or {}
    backend = provenance.get("backend") or "?"
    for name in ("model", "prompt_version"):
        if provenance.get(name):
            backend += f" · {name} {provenance[name]}"
    status = notice_status(notice)
    fields = [
        ("status", f'<span class="pill s-{status.replace(" ", "-")}">{escape(status)}</span>'),
        ("backend", escape(backend)),
        ("source", escape(str(provenance.get("source") or "–"))),
        ("coverage", escape(_percent(provenance.get("coverage")) or "–")),
        ("issuer", escape(notice.get("issuer") or "–")),
        ("published", escape(str(notice.get("published_on") or "–"))),
    ]
    fields += [(name, escape(str(value))) for name, value in inspection.items() if value is not None]
    fields += [(name, escape("；".join(values))) for name, values in contact.items() if values]
    items = "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in fields)
    flag = ""
    if "header" in fallbacks:
        flag = f'<p class="flag">header: rules fallback ({escape(fallbacks["header"])})</p>'
    return f'<dl class="meta">{items}</dl>{flag}'


def _summary(notice: dict, fallbacks: dict[str, str]) -> str:
    stats = notice.get("summary") or []
    if not stats:
        return ""
    rows = "".join(
        f"<tr><td>{escape(str(s.get('kind')))}</td><td>{escape(_number(s.get('value')))}"
        f"{escape(s.get('unit') or '')}</td><td>{escape(s.get('text') or '')}</td></tr>"
        for s in stats
    )
    flag = ""
    if "summary" in fallbacks:
        flag = f' <span class="flag">rules fallback ({escape(fallbacks["summary"])})</span>'
    return f'<details class="summary"><summary>Summary figures ({len(stats)}){flag}</summary>' \
           f"<table>{rows}</table></details>"


def _box(kind: str, heading: str, lines: list[str]) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<div class="box {kind}"><strong>{escape(heading)}</strong><ul>{items}</ul></div>'


def _fallbacks(notice: dict) -> dict[str, str]:
    """Fallback reasons by section (``header``, ``organization``, ``summary``, ``problem N``)."""
    found = (notice.get("provenance") or {}).get("fallbacks") or []
    return {str(f.get("section")): str(f.get("reason")) for f in found}


def _all_measures(notice: dict) -> list[dict]:
    """The organisation measures, then the problems' measures."""
    measures = list(notice.get("organization_measures") or [])
    return measures + [m for p in notice.get("problems") or [] for m in p.get("measures") or []]


def _document_spans(measure: dict, text: str | None) -> list[tuple[str, tuple[int, int] | None]]:
    titles = measure.get("documents") or []
    span = _span(measure)
    if text is None or span is None:
        return [(title, None) for title in titles]
    found = []
    pos, end = span
    for title in titles:
        quoted = f"《{title}》"
        at = text.find(quoted, pos, end)
        if at < 0:  # listed out of text order: look from the measure's start
            at = text.find(quoted, span[0], end)
        found.append((title, (at, at + len(quoted)) if at >= 0 else None))
        if at >= 0:
            pos = at + len(quoted)
    return found


def _span(record: dict) -> tuple[int, int] | None:
    span = record.get("span")
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return span[0], span[1]
    return None


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
