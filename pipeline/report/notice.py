"""Report, one notice: its header, its source text with every record highlighted, and
the table of its records.

Spans nest (a problem holds its measures, a measure its metrics and documents), and the
text is drawn as nested ``<span>`` elements, one per record, each with ``data-kind`` and
an ``id`` that the record table links to. All text is escaped; the page's only script is
allowed by its hash in a Content-Security-Policy, so nothing in a notice can run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

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
        rows.append(f'<tr class="k-{entry.kind} d{entry.depth}" data-id="{escape(entry.id)}"><td>{label}</td>'
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
        ("coverage", escape(percent(provenance.get("coverage")) or "–")),
        ("outline confidence", escape(percent(provenance.get("outline_confidence")) or "–")),
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


def all_measures(notice: dict) -> list[dict]:
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


def percent(share: float | None) -> str:
    return "" if share is None else f"{share:.1%}"


def notice_status(notice: dict) -> str:
    """``fell back`` (some LLM answer replaced by the rules'), ``warnings`` or ``ok``."""
    provenance = notice.get("provenance") or {}
    if provenance.get("fallbacks"):
        return "fell back"
    return "warnings" if provenance.get("warnings") else "ok"
