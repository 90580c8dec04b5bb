"""Rows: one notice -> its rows in every flat table, and the bytes the folder stores.

:data:`TABLES` names the columns of each table (written to ``TABLE.csv`` and to the SQLite
table ``TABLE``), :data:`KEYS` their keys; :func:`serialise` makes a notice's JSONL line and
CSV rows in one go, wherever the notice is made (a worker process too).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import NamedTuple

from pydantic_core import to_json

from pipeline.records import DuplicateOf, Notice

# Columns of every flat table, by table name; each is written to TABLE.csv and to the
# SQLite table TABLE.
TABLES = {
    "notices": [
        "doc_id", "title", "issuer", "published_on", "level", "kind", "round", "group", "target",
        "start_on", "end_on", "feedback_on", "phones", "emails", "addresses", "problems",
        "measures", "coverage", "outline_confidence", "backend", "llm_sections", "rules_sections", "warnings",
        "source", "duplicate_of", "duplicate_similarity",
    ],
    "problems": ["doc_id", "index", "title", "category", "measures", "span_start", "span_end", "position"],
    "measures": [
        "doc_id", "section", "problem_index", "ordinal", "status", "text", "documents",
        "metrics", "span_start", "span_end", "problem_position", "position",
    ],
    "metrics": [
        "doc_id", "problem_index", "measure_ordinal", "value", "unit", "indicator", "qualifier",
        "span_start", "span_end", "problem_position", "measure_position", "position",
    ],
    "stats": ["doc_id", "kind", "value", "unit", "text", "position"],
}
# The key of each table and the parent each row points to. ``index`` is the number as
# written and restarts under each category, so no key uses it: every child row carries
# its parent's ``position`` (1..N in the notice) instead.
KEYS = {
    "notices": (["doc_id"], None),
    "problems": (["doc_id", "position"], ("notices", ["doc_id"], ["doc_id"])),
    "measures": (["doc_id", "position"],
                 ("problems", ["doc_id", "problem_position"], ["doc_id", "position"])),
    "metrics": (["doc_id", "position"],
                ("measures", ["doc_id", "measure_position"], ["doc_id", "position"])),
    "stats": (["doc_id", "position"], ("notices", ["doc_id"], ["doc_id"])),
}
_LIST_SEP = "；"


def table_rows(notice: Notice) -> dict[str, list[list]]:
    """Flatten one notice into rows of every table of :data:`TABLES`, keyed by table name."""
    doc = notice.doc_id
    ins = notice.inspection
    # (section, problem, measure) in the order of the measures table, whose row number in
    # the notice is the measure's position.
    measures = [("organization", None, m) for m in notice.organization_measures]
    measures += [("problem", p, m) for p in notice.problems for m in p.measures]
    metrics = [(p, at, m, x) for at, (_, p, m) in enumerate(measures, 1) for x in m.metrics]
    return {
        "notices": [[
            doc, notice.title, notice.issuer, _iso(notice.published_on), ins.level, ins.kind,
            ins.round, ins.group, ins.target, _iso(ins.start_on), _iso(ins.end_on),
            _iso(ins.feedback_on), _LIST_SEP.join(notice.contact.phones),
            _LIST_SEP.join(notice.contact.emails), _LIST_SEP.join(notice.contact.addresses),
            len(notice.problems), len(measures), notice.provenance.coverage,
            notice.provenance.outline_confidence, notice.provenance.backend,
            *_sections_by_backend(notice), _LIST_SEP.join(notice.provenance.warnings),
            notice.provenance.source,
            *_repost_columns(notice.duplicate_of),
        ]],
        "problems": [
            [doc, p.index, p.title, p.category, len(p.measures), *p.span, p.position]
            for p in notice.problems
        ],
        "measures": [
            [doc, section, p and p.index, m.ordinal, m.status, m.text, _LIST_SEP.join(m.documents),
             len(m.metrics), *m.span, p and p.position, at]
            for at, (section, p, m) in enumerate(measures, 1)
        ],
        "metrics": [
            [doc, p and p.index, m.ordinal, x.value, x.unit, x.indicator, x.qualifier, *x.span,
             p and p.position, at, n]
            for n, (p, at, m, x) in enumerate(metrics, 1)
        ],
        "stats": [[doc, s.kind, s.value, s.unit, s.text, n] for n, s in enumerate(notice.summary, 1)],
    }


class Serialised(NamedTuple):
    """One notice as the output folder stores it.

    Made where the notice is made, so that with ``--jobs N`` a worker process does this
    work and the writing process only appends bytes; one function makes it for every
    path, so the files are byte-identical however many processes made them.
    """

    doc_id: str
    line: bytes  # the notices.jsonl line, newline included
    csv: dict[str, bytes]  # table name -> its rows as CSV, UTF-8
    rows: dict[str, list[list]] | None  # table name -> its rows, for SQLite; None without one


def serialise(notice: Notice, *, sqlite: bool = False) -> Serialised:
    """Serialise one notice for :meth:`OutputWriter.write_notice`.

    Args:
        notice: the record.
        sqlite: keep the rows for a SQLite database too.

    Returns:
        The :class:`Serialised` notice.
    """
    rows = table_rows(notice)
    return Serialised(notice.doc_id, to_json(notice) + b"\n", csv_bytes(rows), rows if sqlite else None)


def _repost_columns(duplicate: DuplicateOf | None) -> tuple[str | None, float | None]:
    return (duplicate.doc_id, duplicate.similarity) if duplicate else (None, None)


def with_duplicate_of(serialised: Serialised, duplicate: DuplicateOf) -> Serialised:
    """``serialised`` as :func:`serialise` makes it once the notice's ``duplicate_of`` is set.

    The run learns that a notice is a repost after a worker process serialised it; setting
    two values costs far less than reading the record back and rendering it again.

    Args:
        serialised: a notice whose ``duplicate_of`` is null.
        duplicate: what to set.

    Returns:
        The same bytes and rows as rendering the notice with ``duplicate_of`` set.
    """
    # A record's strings escape their quotes, so this text occurs only as the key.
    line = serialised.line.replace(b'"duplicate_of":null', b'"duplicate_of":' + to_json(duplicate), 1)
    at = TABLES["notices"].index("duplicate_of")
    (row,) = csv.reader(io.StringIO(serialised.csv["notices"].decode("utf-8")))
    row[at:at + 2] = _repost_columns(duplicate)
    rows = None
    if serialised.rows is not None:
        rows = {**serialised.rows, "notices": [[*serialised.rows["notices"][0]]]}
        rows["notices"][0][at:at + 2] = _repost_columns(duplicate)
    return Serialised(serialised.doc_id, line, {**serialised.csv, **csv_bytes({"notices": [row]})}, rows)


def csv_bytes(rows: dict[str, list[list]]) -> dict[str, bytes]:
    """Each table's rows as CSV text in UTF-8, by table name."""
    out = {}
    for table, these in rows.items():
        text = io.StringIO()
        csv.writer(text).writerows(these)
        out[table] = text.getvalue().encode("utf-8")
    return out


def _sections_by_backend(notice: Notice) -> tuple[int, int]:
    # provenance.sections lists the sections an LLM run asked about; a rules run lists none,
    # so it counts 0 and 0.
    backends = [s.backend for s in notice.provenance.sections]
    return backends.count("llm"), backends.count("rules")


def _iso(day: dt.date | None) -> str | None:
    # SQLite has no date type; ISO text sorts and compares like the dates it holds.
    return day.isoformat() if day else None
