"""Write: notices -> notices.jsonl, flat tables (CSV and SQLite) and errors.jsonl.

``notices.jsonl`` is the source of truth. Each notice goes into it as one whole line,
written straight to the file the moment the notice is finished, so a killed run loses no
finished record and leaves at most a torn last line. Every other table is derived from it:
the CSV files (UTF-8 with a BOM so that Excel shows the Chinese text) and, when asked for,
the SQLite database (one table per CSV file, same columns, with the keys of :data:`KEYS`). The whole
record is only in the JSONL, and SQLite is opt-in: with a record copy in SQLite the output
was six times the input text, with SQLite always on four, without it under three.
They are flushed every :data:`COMMIT_EVERY` notices and at close, and a resumed run cuts
a torn last line off and rebuilds them from the JSONL, so they end up consistent with it
however the previous run ended.

One folder holds one record per doc_id, all made by one backend and model. A run holds
an exclusive lock on the folder (:data:`LOCK`, ``fcntl.flock``: the kernel drops it when
the process ends, however it ends). A fresh run into a folder that has records writes
everything into :data:`STAGING` beside them and moves the files into place with
``os.replace`` when it finishes, notices.jsonl last, so the old records stay whole until
then. A record that replaces one of the same doc_id on resume (its file changed) is
appended, and the JSONL is compacted to the last record per doc_id at close, each in the
place of the first. The SQLite
database is only ever written at a new path or over a database of ours.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import json
import os
import shutil
import sqlite3
import stat
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from pydantic_core import to_json

from pipeline.errors import (
    DatabaseError,
    DataError,
    FileAccessError,
    ForeignFile,
    OutputBusy,
    OutputMismatch,
    PipelineError,
    UsageError,
)
from pipeline.records import DuplicateOf, Notice

NOTICES = "notices.jsonl"
ERRORS = "errors.jsonl"
LOCK = ".lock"  # held by the run writing into the folder
STAGING = ".partial"  # a replacing run's new files, until they are moved into place

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
    fallbacks: tuple[tuple[str, str], ...] = ()  # (section, reason) of each fallback
    prompts: tuple[tuple[str, str | None], ...] = ()  # (kind, prompt digest) of each section asked

    @classmethod
    def of(cls, notice: Notice) -> DoneKey:
        """The key of a written notice."""
        p = notice.provenance
        return cls(notice.doc_id, notice.source_sha256, p.backend, p.model, p.prompt_version,
                   tuple((f.section, f.reason) for f in p.fallbacks),
                   tuple((s.section.split()[0], s.prompt) for s in p.sections))


class OutputWriter:
    """Streams notices and errors into ``out_dir``; use as a context manager.

    Not thread-safe: call it from one thread at a time.

    Args:
        out_dir: the folder to write into (created when missing).
        sqlite_path: the SQLite database to fill too; None writes none. It is made anew,
            at a path that is free or holds a database of ours (exactly the tables of
            :data:`TABLES`), never over anything else.
        resume: keep the notices already in ``out_dir/notices.jsonl`` (cutting off a torn
            last line) and rebuild the derived tables from them; the notices found are in
            :attr:`done`. When False, or when there is no notices.jsonl, start afresh.
            errors.jsonl always starts empty, since failed inputs are tried again.
        made_by: on resume, ``("rules", None)`` or ``("llm", model)`` for this run; notices
            in the folder made by another run stop it (:class:`OutputMismatch`). None checks
            nothing.

    Attributes:
        done: every notice found on resume, as its :class:`DoneKey` -> its input path
            (``provenance.source``); empty when starting afresh. Later writes are not added.

    Raises:
        OutputBusy: another writer holds the folder.
        OutputMismatch: on resume, the folder holds notices of another backend or model.
        ForeignFile: ``sqlite_path`` is something that is not ours to replace.
        FileAccessError, DatabaseError: the folder or the database cannot be opened or
            written.
        DataError: on resume, a line of notices.jsonl other than the last is not a valid
            notice.
    """

    def __init__(self, out_dir: str | Path, *, sqlite_path: str | Path | None = None,
                 resume: bool = False, made_by: tuple[str, str | None] | None = None):
        self.out_dir = Path(out_dir)
        self.done = {}
        self._sqlite = Path(sqlite_path) if sqlite_path else None
        self._staging = self.out_dir / STAGING
        self._lock = None
        self._tables = None
        self._fds: list[int] = []
        self._ids: set[str] = set()  # doc_ids in notices.jsonl
        self._superseded = False  # a doc_id was written twice: compact at close
        self._replacing = False
        notices = self.out_dir / NOTICES
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.out_dir)
            # Left by a killed run that was replacing records.
            shutil.rmtree(self._staging, ignore_errors=True)
            if self._sqlite:
                _check_ours(self._sqlite)
                _partial(self._sqlite).unlink(missing_ok=True)
            resume = resume and notices.exists()
            # Replacing records: the new files are made beside the old ones, which stay
            # whole until the run is over.
            replacing = not resume and notices.exists()
            self._folder = self._staging if replacing else self.out_dir  # where this run writes
            self._db = self._staged_database() if replacing and self._sqlite else self._sqlite
            self._replacing = replacing
            if resume and made_by is not None:
                _check_made_by(notices, made_by)
            if self._replacing:
                self._staging.mkdir()
            self._tables = _Tables(self._folder, self._db)
            if resume:
                self.done, self._superseded = _replay(notices, self._tables)
                self._ids = {key.doc_id for key in self.done}
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
            self._fds = [os.open(self._folder / NOTICES, flags | (0 if resume else os.O_TRUNC), 0o666),
                         os.open(self._folder / ERRORS, flags | os.O_TRUNC, 0o666)]
        except OSError as exc:
            self._abort()
            raise _folder_error(exc, self.out_dir) from None
        except BaseException:
            self._abort()
            raise
        self._notices, self._errors = self._fds

    @property
    def has_database(self) -> bool:
        """Whether notices go into a SQLite database too (see :func:`render`)."""
        return self._db is not None

    @property
    def staging(self) -> Path | None:
        """Where a run replacing the folder's records writes its files until :meth:`close`
        moves them into place; None when the run writes into the folder itself."""
        return self._staging if self._replacing else None

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, kind, *exc) -> None:
        # Ctrl-C keeps what is finished; any other error leaves a replaced folder as it was.
        if kind is None or issubclass(kind, KeyboardInterrupt):
            self.close()
        else:
            self._abort()

    def close(self) -> None:
        """Flush the derived tables, put a replacing run's files in place, release the folder.

        Raises:
            FileAccessError, DatabaseError: the files cannot be written or moved; a
                replacing run then leaves the old files as they were.
        """
        if self._lock is None:
            return
        try:
            self._close_files()
            if self._superseded:
                self._compact()
            if self._replacing:
                self._install()
        except (OSError, sqlite3.Error) as exc:
            self._abort()
            raise self._failure(exc) from None
        self._release()

    def write_notice(self, notice: Notice | Rendered) -> None:
        """Append one notice to notices.jsonl, then its rows to every derived table.

        A notice whose doc_id is already in the folder replaces the older record at close.

        Args:
            notice: the notice, or what :func:`render` made of it (elsewhere: a worker
                process) with ``sqlite`` set when this writer fills a database.

        Raises:
            FileAccessError, DatabaseError: the notice cannot be written (a full disk).
        """
        rendered = notice if isinstance(notice, Rendered) else render(notice, sqlite=self._db is not None)
        try:
            _write_whole(self._notices, rendered.line)
            self._tables.add(rendered.csv, rendered.rows)
        except (OSError, sqlite3.Error) as exc:
            raise self._failure(exc) from None
        if rendered.doc_id in self._ids:
            self._superseded = True
        self._ids.add(rendered.doc_id)

    def write_error(self, error: PipelineError) -> None:
        """Append one failed input to errors.jsonl.

        Raises:
            FileAccessError: the line cannot be written (a full disk).
        """
        line = json.dumps(error.to_dict(), ensure_ascii=False) + "\n"
        try:
            _write_whole(self._errors, line.encode("utf-8"))
        except OSError as exc:
            raise self._failure(exc) from None

    def _failure(self, exc: OSError | sqlite3.Error) -> PipelineError:
        if isinstance(exc, sqlite3.Error):
            return DatabaseError(f"cannot write the SQLite database: {exc}", path=str(self._sqlite))
        return _folder_error(exc, self.out_dir)

    def _close_files(self) -> None:
        for fd in self._fds:
            os.close(fd)
        self._fds = []
        if self._tables is not None:
            self._tables.close()
            self._tables = None

    def _compact(self) -> None:
        """Keep the last record of each doc_id in notices.jsonl, in the place of its first
        (so a rerun keeps the input order), then rebuild the tables."""
        notices = self._folder / NOTICES
        last: dict[str, tuple[int, int]] = {}  # doc_id -> offset and length of its last line
        with open(notices, "rb") as lines:
            offset = 0
            for line in lines:
                last[json.loads(line)["doc_id"]] = offset, len(line)
                offset += len(line)
        compact = self._folder / f".{NOTICES}.partial"
        with open(notices, "rb") as lines, open(compact, "wb") as out:
            for offset, length in last.values():
                lines.seek(offset)
                out.write(lines.read(length))
        os.replace(compact, notices)
        rebuild_tables(self._folder, sqlite_path=self._db)

    def _staged_database(self) -> Path:
        # Beside the database (os.replace cannot cross file systems), in the staging folder
        # when that is beside it.
        if self._sqlite.parent == self.out_dir:
            return self._staging / self._sqlite.name
        return _partial(self._sqlite)

    def _install(self) -> None:
        """Move a replacing run's files into place; notices.jsonl, the source of truth, last."""
        if self._sqlite:
            for end in ("-journal", "-wal", "-shm"):
                self._sqlite.with_name(self._sqlite.name + end).unlink(missing_ok=True)
            os.replace(self._db, self._sqlite)
        for name in [*(f"{table}.csv" for table in TABLES), ERRORS, NOTICES]:
            os.replace(self._staging / name, self.out_dir / name)
        self._staging.rmdir()

    def _abort(self) -> None:
        """Close everything and drop what a replacing run staged; the old files stay."""
        try:
            self._close_files()
        except (OSError, sqlite3.Error):
            pass  # already failing: the staged files are dropped anyway
        if self._lock is not None and self._replacing:
            shutil.rmtree(self._staging, ignore_errors=True)
            if self._db:
                self._db.unlink(missing_ok=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor drops the flock
            self._lock = None


def rebuild_tables(out_dir: str | Path, *,
                   sqlite_path: str | Path | None = None) -> dict[DoneKey, str | None]:
    """Rebuild the CSV files and the SQLite tables of ``out_dir`` from its notices.jsonl.

    A torn last line of notices.jsonl (left by a killed run) is cut off first.

    Args:
        out_dir: a folder written by :class:`OutputWriter`.
        sqlite_path: the database to fill too; None writes none.

    Returns:
        Every notice found, as its :class:`DoneKey` -> its input path.

    Raises:
        UsageError: notices.jsonl is missing.
        DataError: notices.jsonl has an invalid line before the last.
        ForeignFile: ``sqlite_path`` is something that is not ours to replace.
        FileAccessError: the tables cannot be written.
    """
    out_dir = Path(out_dir)
    notices = out_dir / NOTICES
    if not notices.is_file():
        raise UsageError(f"no {NOTICES} to rebuild from", path=str(out_dir))
    sqlite_path = Path(sqlite_path) if sqlite_path else None
    if sqlite_path:
        _check_ours(sqlite_path)
    tables = _Tables(out_dir, sqlite_path)
    try:
        done, _ = _replay(notices, tables)
        return done
    finally:
        tables.close()


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


class Rendered(NamedTuple):
    """One notice as the output folder stores it.

    Made where the notice is made, so that with ``--jobs N`` a worker process does this
    work and the writing process only appends bytes; one function makes it for every
    path, so the files are byte-identical however many processes made them.
    """

    doc_id: str
    line: bytes  # the notices.jsonl line, newline included
    csv: dict[str, bytes]  # table name -> its rows as CSV, UTF-8
    rows: dict[str, list[list]] | None  # table name -> its rows, for SQLite; None without one


def render(notice: Notice, *, sqlite: bool = False) -> Rendered:
    """Serialise one notice for :meth:`OutputWriter.write_notice`.

    Args:
        notice: the record.
        sqlite: keep the rows for a SQLite database too.

    Returns:
        The :class:`Rendered` notice.
    """
    rows = table_rows(notice)
    return Rendered(notice.doc_id, to_json(notice) + b"\n", _csv_bytes(rows), rows if sqlite else None)


def _repost_columns(duplicate: DuplicateOf | None) -> tuple[str | None, float | None]:
    return (duplicate.doc_id, duplicate.similarity) if duplicate else (None, None)


def with_duplicate_of(rendered: Rendered, duplicate: DuplicateOf) -> Rendered:
    """``rendered`` as :func:`render` makes it once the notice's ``duplicate_of`` is set.

    The batch learns that a notice is a repost after a worker process rendered it; setting
    two values costs far less than reading the record back and rendering it again.

    Args:
        rendered: a notice whose ``duplicate_of`` is null.
        duplicate: what to set.

    Returns:
        The same bytes and rows as rendering the notice with ``duplicate_of`` set.
    """
    # A record's strings escape their quotes, so this text occurs only as the key.
    line = rendered.line.replace(b'"duplicate_of":null', b'"duplicate_of":' + to_json(duplicate), 1)
    at = TABLES["notices"].index("duplicate_of")
    (row,) = csv.reader(io.StringIO(rendered.csv["notices"].decode("utf-8")))
    row[at:at + 2] = _repost_columns(duplicate)
    rows = None
    if rendered.rows is not None:
        rows = {**rendered.rows, "notices": [[*rendered.rows["notices"][0]]]}
        rows["notices"][0][at:at + 2] = _repost_columns(duplicate)
    return Rendered(rendered.doc_id, line, {**rendered.csv, **_csv_bytes({"notices": [row]})}, rows)


def _csv_bytes(rows: dict[str, list[list]]) -> dict[str, bytes]:
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


def _folder_error(exc: OSError, out_dir: Path) -> FileAccessError:
    return FileAccessError(f"cannot write the output folder: {exc.strerror}", path=str(out_dir))


def _lock(out_dir: Path) -> int:
    """Take the folder's lock and return its descriptor; close it to release the lock.

    Raises:
        OutputBusy: another process holds it.
    """
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise OutputBusy(f"another run (process {holder}) is writing into this folder; "
                         "wait for it to finish or choose another --out", path=str(out_dir)) from None
    # The pid is only for that message; the kernel's lock is what counts, so a file left by
    # a killed run never blocks anyone.
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return fd


def _partial(path: Path) -> Path:
    """Where a replacing run builds the database that takes ``path``'s place."""
    return path.with_name(f".{path.name}.partial")


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
        sqlite_path: the database, made anew; None for none.

    Raises:
        FileAccessError, DatabaseError: a file or the database cannot be opened or written.
    """

    def __init__(self, out_dir: Path, sqlite_path: Path | None):
        self._files = {}
        self._db = None
        self._in_db: set[str] = set()  # doc_ids in the database
        self._pending = 0
        try:
            for table in TABLES:
                path = out_dir / f"{table}.csv"
                self._files[table] = open(path, "wb")
        except OSError as exc:
            self.close()
            raise _folder_error(exc, out_dir) from None
        try:
            self._db = _new_database(sqlite_path) if sqlite_path else None
        except OSError as exc:
            self.close()
            raise FileAccessError(f"cannot write the SQLite database: {exc.strerror}",
                                  path=str(sqlite_path)) from None
        except sqlite3.Error as exc:
            self.close()
            raise DatabaseError(f"cannot write the SQLite database: {exc}", path=str(sqlite_path)) from None
        self._inserts = {}
        for table, columns in TABLES.items():
            # UTF-8 with a BOM, so that Excel shows the Chinese text.
            self._files[table].write("\ufeff".encode("utf-8") + _csv_bytes({table: [columns]})[table])
            self._inserts[table] = f"INSERT INTO {table} VALUES ({', '.join(['?'] * len(columns))})"

    def add(self, csv_rows: dict[str, bytes], rows: dict[str, list[list]] | None) -> None:
        """Add one notice's rows: as CSV for the files and, with a database, as rows
        (``rows`` may be None without one)."""
        for table, handle in self._files.items():
            handle.write(csv_rows[table])
        # A doc_id written again (a resumed run replacing a changed input) would break the
        # database's keys; its rows come in when the JSONL is compacted at close.
        if self._db is not None and rows["notices"][0][0] not in self._in_db:
            self._in_db.add(rows["notices"][0][0])
            for table, insert in self._inserts.items():
                self._db.executemany(insert, rows[table])
        self._pending += 1
        if self._pending == COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        if self._db is not None:
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

    The caller has checked that ``path`` is ours (:func:`_check_ours`).

    Raises:
        OSError, sqlite3.Error: the database cannot be replaced.
    """
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
    script = ["BEGIN;"]  # all tables or none, so that a killed run leaves a database of ours
    for table, columns in TABLES.items():
        script.append(f"CREATE TABLE {table} ({', '.join(_quoted(columns) + _constraints(table))});")
    db.executescript("\n".join([*script, "COMMIT;"]))
    return db


def _quoted(names: list[str]) -> list[str]:
    return [f'"{name}"' for name in names]  # index, group, position … are SQL words


def _constraints(table: str) -> list[str]:
    """The PRIMARY KEY and FOREIGN KEY clauses of ``table`` (see :data:`KEYS`)."""
    key, parent = KEYS[table]
    clauses = [f"PRIMARY KEY ({', '.join(_quoted(key))})"]
    if parent:
        name, columns, referenced = parent
        clauses.append(f"FOREIGN KEY ({', '.join(_quoted(columns))}) "
                       f"REFERENCES {name} ({', '.join(_quoted(referenced))})")
    return clauses


def _check_ours(path: Path) -> None:
    """Check that ``path`` is free or holds a database with exactly our tables.

    An empty file is not ours (we never leave one), nor is a folder, a device, a pipe, or
    a database with other tables; they are left alone.

    Raises:
        ForeignFile: ``path`` holds something else.
        FileAccessError: ``path`` cannot be examined.
    """
    def refuse(what: str) -> ForeignFile:
        return ForeignFile(f"{what}, not a database of notice tables; not replacing it "
                           "(choose another --sqlite path)", path=str(path))

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileAccessError(f"cannot examine the SQLite path: {exc.strerror}", path=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse("a folder")
    if not stat.S_ISREG(info.st_mode):
        raise refuse("a device, pipe or socket")
    if info.st_size == 0:
        raise refuse("an empty file")
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise refuse("some other file")
        # Not read-only: a run killed mid-transaction leaves a hot journal, which only a
        # writable connection rolls back before reading.
        with closing(sqlite3.connect(path)) as db:
            names = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except OSError as exc:
        raise FileAccessError(f"cannot examine the SQLite path: {exc.strerror}", path=str(path)) from None
    except sqlite3.Error:
        raise refuse("a damaged database") from None
    if names != TABLES.keys():
        raise refuse("a database with other tables")


def _replay(path: Path, tables: _Tables) -> tuple[dict[DoneKey, str | None], bool]:
    """Feed every notice of notices.jsonl to ``tables`` and cut off a torn last line.

    Returns:
        Every notice found (the last one of a doc_id written twice), as its
        :class:`DoneKey` -> its input path; and whether a doc_id was written twice.

    Raises:
        DataError: a line other than the last is not a valid notice.
    """
    done = {}
    by_id: dict[str, DoneKey] = {}
    twice = False
    whole = 0  # bytes of the valid lines read so far
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            try:
                if not line.endswith(b"\n"):  # a write cut short, even if what is there parses
                    raise ValueError("no newline")
                notice = Notice.model_validate_json(line)
            except ValueError:
                if lines.read(1):
                    raise DataError("not a valid notice; remove the line, or start afresh with --force",
                                    path=str(path), line=number) from None
                break
            key = DoneKey.of(notice)
            rows = table_rows(notice)
            tables.add(_csv_bytes(rows), rows)
            if key.doc_id in by_id:
                twice = True
                del done[by_id[key.doc_id]]
            by_id[key.doc_id] = key
            done[key] = notice.provenance.source
            whole += len(line)
    if whole < path.stat().st_size:
        os.truncate(path, whole)
    tables.flush()
    return done, twice


def _check_made_by(path: Path, made_by: tuple[str, str | None]) -> None:
    """Check that every notice of notices.jsonl was made by ``made_by`` (backend, model).

    Read before anything is written, so that a refused run changes nothing. Lines that
    are not records are left for :func:`_replay` to judge.

    Raises:
        OutputMismatch: a notice was made otherwise.
    """
    def name(pair: tuple[str, str | None]) -> str:
        return " ".join(part for part in pair if part)

    records: Counter = Counter()  # (made by, whether it holds a model answer) -> records
    with open(path, "rb") as lines:
        for line in lines:
            try:
                provenance = json.loads(line)["provenance"]
                model, answered = provenance.get("model"), provenance.get("backend") == "llm"
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
                continue
            # A notice of an LLM run names its model even when every section fell back
            # to rules (its backend then says rules).
            records[("llm", model) if model else ("rules", None), answered] += 1
    other = next((found for found, _ in records if found != made_by), None)
    if other is None:
        return
    total = records[other, True] + records[other, False]
    held = f"{total} record{'s' if total > 1 else ''} made by {name(other)}"
    if other[0] == "llm":
        held += (f" ({records[other, True] or 'none'} with a model answer, "
                 f"{records[other, False] or 'none'} on the rules in every section)")
    raise OutputMismatch(
        f"holds {held}, and this run uses {name(made_by)}; a folder keeps one record per notice, "
        "so choose another --out, or add --force to replace them",
        path=str(path.parent), old=name(other), new=name(made_by))
