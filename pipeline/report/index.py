"""Report, the index: one sortable, filterable table row per notice and per failed input."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from pipeline.assemble import LOW_COVERAGE
from pipeline.segment import CLOSE_CALL
from pipeline.report.notice import all_measures, notice_status, percent

# Status of a notice in the index, for the filter.
NOTICE_STATUSES = ("ok", "fell back", "warnings", "failed")


@dataclass(frozen=True)
class Row:
    """One line of the index: a notice, or an input that failed."""

    doc_id: str
    status: str
    backend: str = ""
    issuer: str = ""
    target: str = ""
    coverage: str = ""  # provenance.coverage as a percentage; empty when not measured
    outline: str = ""  # provenance.outline_confidence, likewise
    problems: int = 0
    measures: int = 0
    metrics: int = 0
    documents: int = 0
    fallbacks: int = 0
    warnings: int = 0
    errors: int = 0
    note: str = ""


def notice_row(notice: dict) -> Row:
    """The index line of one notice."""
    provenance = notice.get("provenance") or {}
    measures = all_measures(notice)
    fallbacks = [f"{f.get('section')}: {f.get('reason')}" for f in provenance.get("fallbacks") or []]
    warnings = list(provenance.get("warnings") or [])
    return Row(
        doc_id=notice.get("doc_id") or "?",
        status=notice_status(notice),
        backend=provenance.get("backend") or "",
        issuer=notice.get("issuer") or "",
        target=(notice.get("inspection") or {}).get("target") or "",
        coverage=percent(provenance.get("coverage")),
        outline=percent(provenance.get("outline_confidence")),
        problems=len(notice.get("problems") or []),
        measures=len(measures),
        metrics=sum(len(m.get("metrics") or []) for m in measures),
        documents=sum(len(m.get("documents") or []) for m in measures),
        fallbacks=len(fallbacks),
        warnings=len(warnings),
        note="; ".join(fallbacks + warnings),
    )


def error_row(error: dict) -> Row:
    """The index line of one failed input (a line of ``errors.jsonl``)."""
    path = error.get("path") or "?"
    return Row(doc_id=Path(path).stem or path, status="failed", errors=1,
               note=f"{path}: {error.get('kind')}: {error.get('message')}")


_LOW = {"coverage": LOW_COVERAGE, "outline": CLOSE_CALL}  # under these a cell is marked
_INDEX_COLUMNS = (  # (heading, Row attribute, numeric)
    ("doc_id", "doc_id", False),
    ("issuer", "issuer", False),
    ("inspection target", "target", False),
    ("coverage", "coverage", True),
    ("outline confidence", "outline", True),
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


def render_index(rows: list[Row], failures: list[Row], links: list[str],
                 reviewed: set[str] | None = None) -> str:
    """The index: filters, then one sortable table row per notice and per failure.

    Args:
        rows: the notices' rows, in file order.
        failures: the failed inputs' rows.
        links: where each notice's row links to, parallel to ``rows``.
        reviewed: with the review server, the doc_ids that have a gold file: a first
            column says which.

    Returns:
        An HTML fragment.
    """
    def options(name: str, values) -> str:
        items = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
        return (f'<label>{name} <select data-filter="{name}"><option value="">all</option>'
                f"{items}</select></label>")

    head = "".join(f'<th data-type="{"num" if numeric else "text"}">{escape(heading)}</th>'
                   for heading, _, numeric in _INDEX_COLUMNS)
    if reviewed is not None:
        head = '<th data-type="text">gold</th>' + head
    body = []
    for row, link in [*zip(rows, links), *((failure, None) for failure in failures)]:
        cells = []
        if reviewed is not None:
            cells.append(f'<td>{"saved" if link and row.doc_id in reviewed else ""}</td>')
        for _, name, _ in _INDEX_COLUMNS:
            value = escape(str(getattr(row, name)))
            if name == "doc_id" and link:
                value = f'<a href="{escape(link)}">{value}</a>'
            elif name == "status":
                value = f'<span class="pill s-{row.status.replace(" ", "-")}">{value}</span>'
            elif name in _LOW and value and float(value.rstrip("%")) < 100 * _LOW[name]:
                # A record that missed part of its notice, or whose parts were a close
                # call, must not look like a right one.
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
