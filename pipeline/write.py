"""Write: notices -> notices.jsonl, flat CSV tables and errors.jsonl in an output folder.

Records are written as each notice finishes and flushed, so an interrupted or partly
failing batch never loses a finished record. CSV files are UTF-8 with a BOM so that
Excel shows the Chinese text.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

from pydantic_core import to_json

from .errors import PipelineError, UsageError
from .records import Notice

TABLES = {
    "notices.csv": [
        "doc_id", "title", "issuer", "published_on", "level", "kind", "round", "group", "target",
        "start_on", "end_on", "feedback_on", "phones", "emails", "addresses", "problems",
        "measures", "backend", "warnings",
    ],
    "problems.csv": ["doc_id", "index", "title", "category", "measures", "span_start", "span_end"],
    "measures.csv": [
        "doc_id", "section", "problem_index", "ordinal", "status", "text", "documents",
        "metrics", "span_start", "span_end",
    ],
    "metrics.csv": [
        "doc_id", "problem_index", "measure_ordinal", "value", "unit", "indicator", "qualifier",
        "span_start", "span_end",
    ],
    "stats.csv": ["doc_id", "kind", "value", "unit", "text"],
}
_LIST_SEP = "；"


class OutputWriter:
    """Streams notices and errors into ``out_dir``; use as a context manager.

    Args:
        out_dir: the folder to write into (created when missing).

    Raises:
        UsageError: the folder cannot be created or written.
    """

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._files = {name: open(self.out_dir / name, "wb")
                           for name in ("notices.jsonl", "errors.jsonl", *TABLES)}
        except OSError as exc:
            raise UsageError(f"cannot write the output folder: {exc.strerror}", path=str(out_dir)) from None
        # Rows of one notice are formatted in memory and written in one piece per file:
        # far cheaper than encoding and writing row by row.
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer)
        for name, columns in TABLES.items():
            self._files[name].write(codecs.BOM_UTF8)
            self._write_rows(name, [columns])

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._files.values():
            handle.close()

    def _write_rows(self, name: str, rows: list[list]) -> None:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._csv.writerows(rows)
        self._files[name].write(self._buffer.getvalue().encode("utf-8"))

    def write_notice(self, notice: Notice) -> None:
        """Append one notice to notices.jsonl and its rows to every table."""
        self._files["notices.jsonl"].write(to_json(notice) + b"\n")
        for name, rows in table_rows(notice).items():
            self._write_rows(name, rows)
        self.flush()

    def write_error(self, error: PipelineError) -> None:
        """Append one failed input to errors.jsonl."""
        self._files["errors.jsonl"].write(json.dumps(error.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
        self.flush()

    def flush(self) -> None:
        for handle in self._files.values():
            handle.flush()


def table_rows(notice: Notice) -> dict[str, list[list]]:
    """Flatten one notice into rows of every CSV table, keyed by table file name."""
    doc = notice.doc_id
    ins = notice.inspection
    measures = [("organization", None, m) for m in notice.organization_measures]
    measures += [("problem", p.index, m) for p in notice.problems for m in p.measures]
    return {
        "notices.csv": [[
            doc, notice.title, notice.issuer, notice.published_on, ins.level, ins.kind, ins.round,
            ins.group, ins.target, ins.start_on, ins.end_on, ins.feedback_on,
            _LIST_SEP.join(notice.contact.phones), _LIST_SEP.join(notice.contact.emails),
            _LIST_SEP.join(notice.contact.addresses), len(notice.problems), len(measures),
            notice.provenance.backend, _LIST_SEP.join(notice.provenance.warnings),
        ]],
        "problems.csv": [
            [doc, p.index, p.title, p.category, len(p.measures), *p.span] for p in notice.problems
        ],
        "measures.csv": [
            [doc, section, index, m.ordinal, m.status, m.text, _LIST_SEP.join(m.documents),
             len(m.metrics), *m.span]
            for section, index, m in measures
        ],
        "metrics.csv": [
            [doc, index, m.ordinal, x.value, x.unit, x.indicator, x.qualifier, *x.span]
            for _, index, m in measures
            for x in m.metrics
        ],
        "stats.csv": [[doc, s.kind, s.value, s.unit, s.text] for s in notice.summary],
    }
