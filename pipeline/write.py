"""Write: notices -> notices.jsonl, flat tables (CSV and SQLite) and errors.jsonl.

``notices.jsonl`` is the source of truth. Each notice goes into it as one whole line,
written straight to the file the moment the notice is finished, so a killed run loses no
finished record and leaves at most a torn last line. Every other table is derived from it:
the CSV files (UTF-8 with a BOM so that Excel shows the Chinese text) and the SQLite
database (one table per CSV file, same columns, indexed on doc_id; the whole record is
only in the JSONL: a second copy made the output six times the input text, not four).
They are flushed every :data:`COMMIT_EVERY` notices and at close, and a resumed run cuts
a torn last line off and rebuilds them from the JSONL, so they end up consistent with it
however the previous run ended.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from pydantic_core import to_json

from .errors import PipelineError, UsageError
from .records import Notice

NOTICES = "notices.jsonl"
ERRORS = "errors.jsonl"
SQLITE = "notices.sqlite"

# Columns of every flat table, by table name; each is written to TABLE.csv and to the
# SQLite table TABLE.
TABLES = {
    "notices": [
        "doc_id", "title", "issuer", "published_on", "level", "kind", "round", "group", "target",
        "start_on", "end_on", "feedback_on", "phones", "emails", "addresses", "problems",
        "measures", "coverage", "backend", "llm_sections", "rules_sections", "warnings",
    ],
    "problems": ["doc_id", "index", "title", "category", "measures", "span_start", "span_end"],
    "measures": [
        "doc_id", "section", "problem_index", "ordinal", "status", "text", "documents",
        "metrics", "span_start", "span_end",
    ],
    "metrics": [
        "doc_id", "problem_index", "measure_ordinal", "value", "unit", "indicator", "qualifier",
        "span_start", "span_end",
    ],
    "stats": ["doc_id", "kind", "value", "unit", "text"],
}
# Notices between two flushes of the derived tables: a SQLite commit per notice would slow
# the writer by about a fifth, and what a kill loses here, resume rebuilds.
COMMIT_EVERY = 100
_LIST_SEP = "；"


class DoneKey(NamedTuple):
    """What a finished notice was made from; resume skips an input whose key is written."""

    doc_id: str
    source_sha256: str
    backend: str
    model: str | None
    prompt_version: str | None

    @classmethod
    def of(cls, notice: Notice) -> DoneKey:
        """The key of a written notice."""
        p = notice.provenance
        return cls(notice.doc_id, notice.source_sha256, p.backend, p.model, p.prompt_version)


class OutputWriter:
    """Streams notices and errors into ``out_dir``; use as a context manager.

    Not thread-safe: call it from one thread at a time.

    Args:
        out_dir: the folder to write into (created when missing).
        sqlite_path: the SQLite database to fill; None is ``out_dir/notices.sqlite``. It is
            made anew, replacing a database that holds only the tables of :data:`TABLES`.
        resume: keep the notices already in ``out_dir/notices.jsonl`` (cutting off a torn
            last line) and rebuild the derived tables from them; the notices found are in
            :attr:`done`. When False, or when there is no notices.jsonl, start afresh.
            errors.jsonl always starts empty, since failed inputs are tried again.

    Attributes:
        done: every notice found on resume, as its :class:`DoneKey` -> its input path
            (``provenance.source``); empty when starting afresh. Later writes are not added.

    Raises:
        UsageError: the folder or the database cannot be opened or written, ``sqlite_path``
            is some other file, or on resume a line of notices.jsonl other than the last is
            not a valid notice.
    """

    def __init__(self, out_dir: str | Path, *, sqlite_path: str | Path | None = None,
                 resume: bool = False):
        self.out_dir = Path(out_dir)
        notices = self.out_dir / NOTICES
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _folder_error(exc, self.out_dir) from None
        self._tables = _Tables(self.out_dir, Path(sqlite_path or self.out_dir / SQLITE))
        self._fds: list[int] = []
        try:
            self.done = _replay(notices, self._tables) if resume and notices.exists() else {}
            truncate = 0 if resume else os.O_TRUNC
            for path, flags in ((notices, truncate), (self.out_dir / ERRORS, os.O_TRUNC)):
                self._fds.append(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | flags, 0o666))
        except OSError as exc:
            self.close()
            raise _folder_error(exc, self.out_dir) from None
        except UsageError:
            self.close()
            raise
        self._notices, self._errors = self._fds

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Flush the derived tables and close every file."""
        for fd in self._fds:
            os.close(fd)
        self._fds = []
        self._tables.close()

    def write_notice(self, notice: Notice) -> None:
        """Append one notice to notices.jsonl, then its rows to every derived table."""
        record = to_json(notice)
        _write_whole(self._notices, record + b"\n")
        self._tables.add(notice)

    def write_error(self, error: PipelineError) -> None:
        """Append one failed input to errors.jsonl."""
        line = json.dumps(error.to_dict(), ensure_ascii=False) + "\n"
        _write_whole(self._errors, line.encode("utf-8"))


def rebuild_tables(out_dir: str | Path, *,
                   sqlite_path: str | Path | None = None) -> dict[DoneKey, str | None]:
    """Rebuild the CSV files and the SQLite tables of ``out_dir`` from its notices.jsonl.

    A torn last line of notices.jsonl (left by a killed run) is cut off first.

    Args:
        out_dir: a folder written by :class:`OutputWriter`.
        sqlite_path: the database to fill; None is ``out_dir/notices.sqlite``.

    Returns:
        Every notice found, as its :class:`DoneKey` -> its input path.

    Raises:
        UsageError: notices.jsonl is missing or has an invalid line before the last, or
            the tables cannot be written.
    """
    out_dir = Path(out_dir)
    notices = out_dir / NOTICES
    if not notices.is_file():
        raise UsageError(f"no {NOTICES} to rebuild from", path=str(out_dir))
    tables = _Tables(out_dir, Path(sqlite_path or out_dir / SQLITE))
    try:
        return _replay(notices, tables)
    finally:
        tables.close()


def table_rows(notice: Notice) -> dict[str, list[list]]:
    """Flatten one notice into rows of every table of :data:`TABLES`, keyed by table name."""
    doc = notice.doc_id
    ins = notice.inspection
    measures = [("organization", None, m) for m in notice.organization_measures]
    measures += [("problem", p.index, m) for p in notice.problems for m in p.measures]
    return {
        "notices": [[
            doc, notice.title, notice.issuer, _iso(notice.published_on), ins.level, ins.kind,
            ins.round, ins.group, ins.target, _iso(ins.start_on), _iso(ins.end_on),
            _iso(ins.feedback_on), _LIST_SEP.join(notice.contact.phones),
            _LIST_SEP.join(notice.contact.emails), _LIST_SEP.join(notice.contact.addresses),
            len(notice.problems), len(measures), notice.provenance.coverage, notice.provenance.backend,
            *_sections_by_backend(notice), _LIST_SEP.join(notice.provenance.warnings),
        ]],
        "problems": [
            [doc, p.index, p.title, p.category, len(p.measures), *p.span] for p in notice.problems
        ],
        "measures": [
            [doc, section, index, m.ordinal, m.status, m.text, _LIST_SEP.join(m.documents),
             len(m.metrics), *m.span]
            for section, index, m in measures
        ],
        "metrics": [
            [doc, index, m.ordinal, x.value, x.unit, x.indicator, x.qualifier, *x.span]
            for _, index, m in measures
            for x in m.metrics
        ],
        "stats": [[doc, s.kind, s.value, s.unit, s.text] for s in notice.summary],
    }


def _sections_by_backend(notice: Notice) -> tuple[int, int]:
    # provenance.sections lists the sections an LLM run asked about; a rules run lists none,
    # so it counts 0 and 0.
    backends = [s.backend for s in notice.provenance.sections]
    return backends.count("llm"), backends.count("rules")


def _folder_error(exc: OSError, out_dir: Path) -> UsageError:
    return UsageError(f"cannot write the output folder: {exc.strerror}", path=str(out_dir))


def _iso(day: dt.date | None) -> str | None:
    # SQLite has no date type; ISO text sorts and compares like the dates it holds.
    return day.isoformat() if day else None


def _write_whole(fd: int, data: bytes) -> None:
    # One write on an unbuffered descriptor: a kill cannot leave half a line behind unless
    # the kernel cut this very write short, and a resume cuts such a line off.
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class _Tables:
    """The tables derived from notices.jsonl, started afresh: CSV files and SQLite.

    Args:
        out_dir: the folder of the CSV files.
        sqlite_path: the database, made anew.

    Raises:
        UsageError: a file or the database cannot be opened or written, or ``sqlite_path``
            is a file that is not ours to replace.
    """

    def __init__(self, out_dir: Path, sqlite_path: Path):
        self._files = {}
        self._db = None
        self._pending = 0
        try:
            for table in TABLES:
                path = out_dir / f"{table}.csv"
                self._files[table] = open(path, "w", encoding="utf-8", newline="")
        except OSError as exc:
            self.close()
            raise _folder_error(exc, out_dir) from None
        try:
            self._db = _new_database(sqlite_path)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            reason = exc.strerror if isinstance(exc, OSError) else exc
            raise UsageError(f"cannot write the SQLite database: {reason}", path=str(sqlite_path)) from None
        except UsageError:
            self.close()
            raise
        self._csv = {table: csv.writer(handle) for table, handle in self._files.items()}
        self._inserts = {}
        for table, columns in TABLES.items():
            # The BOM by hand: the utf-8-sig codec would encode row by row in Python, slowly.
            self._files[table].write("\ufeff")
            self._csv[table].writerow(columns)
            self._inserts[table] = f"INSERT INTO {table} VALUES ({', '.join(['?'] * len(columns))})"

    def add(self, notice: Notice) -> None:
        """Add one notice's rows."""
        rows = table_rows(notice)
        for table, writer in self._csv.items():
            writer.writerows(rows[table])
        for table, insert in self._inserts.items():
            self._db.executemany(insert, rows[table])
        self._pending += 1
        if self._pending == COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        self._db.commit()
        for handle in self._files.values():
            handle.flush()
        self._pending = 0

    def close(self) -> None:
        """Flush what is pending and close the files and the database."""
        if self._db is not None:
            # Indexed once at the end: cheaper than keeping the indexes up to date row by row.
            for table in TABLES:
                self._db.execute(f"CREATE INDEX {table}_doc_id ON {table} (doc_id)")
            self._db.commit()
            self._db.close()
            self._db = None
        for handle in self._files.values():
            handle.close()


def _new_database(path: Path) -> sqlite3.Connection:
    """Replace the database at ``path`` with one holding the empty tables of :data:`TABLES`.

    Raises:
        UsageError: ``path`` is some other file, which is left alone.
        OSError, sqlite3.Error: the database cannot be replaced.
    """
    if not _replaceable(path):
        raise UsageError("not a database of notice tables; not replacing it", path=str(path))
    # A new file, rather than dropped tables, is quicker to fill and cannot inherit damage
    # or a journal from a killed run.
    for stale in (path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    # No syncing to disk: a killed run still leaves a sound file (the OS holds what was
    # written, the journal undoes a torn transaction), and a resume rebuilds it anyway.
    db = sqlite3.connect(path, check_same_thread=False)  # the caller keeps to one thread at a time
    db.execute("PRAGMA synchronous = OFF")
    # Stored as UTF-16: a Chinese character takes two bytes there, three in UTF-8, and the
    # text columns are mostly Chinese (the file is about a quarter smaller).
    db.execute("PRAGMA encoding = 'UTF-16le'")
    for table, columns in TABLES.items():
        quoted = ", ".join(f'"{name}"' for name in columns)  # index, group … are SQL words
        db.execute(f"CREATE TABLE {table} ({quoted})")
    db.commit()
    return db


def _replaceable(path: Path) -> bool:
    """Whether ``path`` is missing, empty, or a database with no tables but ours."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except FileNotFoundError:
        return True
    if not header:
        return True
    if header != b"SQLite format 3\x00":
        return False
    with closing(sqlite3.connect(path)) as db:
        names = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return names <= TABLES.keys()


def _replay(path: Path, tables: _Tables) -> dict[DoneKey, str | None]:
    """Feed every notice of notices.jsonl to ``tables`` and cut off a torn last line.

    Returns:
        Every notice found, as its :class:`DoneKey` -> its input path.

    Raises:
        UsageError: a line other than the last is not a valid notice.
    """
    done = {}
    whole = 0  # bytes of the valid lines read so far
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            try:
                if not line.endswith(b"\n"):  # a write cut short, even if what is there parses
                    raise ValueError("no newline")
                notice = Notice.model_validate_json(line)
            except ValueError:
                if lines.read(1):
                    raise UsageError(f"line {number} is not a valid notice; remove it or start afresh",
                                     path=str(path)) from None
                break
            tables.add(notice)
            done[DoneKey.of(notice)] = notice.provenance.source
            whole += len(line)
    if whole < path.stat().st_size:
        os.truncate(path, whole)
    tables.flush()
    return done
