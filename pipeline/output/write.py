"""Write: notices -> notices.jsonl, flat tables (CSV and SQLite) and errors.jsonl.

``notices.jsonl`` is the source of truth. Each notice goes into it as one whole line,
written straight to the file the moment the notice is finished, so a killed run loses no
finished record and leaves at most a torn last line. Every other table is derived from it
(:mod:`pipeline.output.tables`): the CSV files (UTF-8 with a BOM so that Excel shows the
Chinese text) and, when asked for, the SQLite database (one table per CSV file, same
columns, with the keys of :data:`~pipeline.output.rows.KEYS`). The whole record is only in
the JSONL, and SQLite is opt-in: with a record copy in SQLite the output was six times the
input text, with SQLite always on four, without it under three. They are flushed every
:data:`~pipeline.output.tables.COMMIT_EVERY` notices and at close, and a resumed run cuts
a torn last line off and rebuilds them from the JSONL (:mod:`pipeline.output.resume`), so
they end up consistent with it however the previous run ended.

One folder holds one record per doc_id, all made by one backend and model. A run holds
an exclusive lock on the folder (:data:`~pipeline.output.folder.LOCK`, ``fcntl.flock``:
the kernel drops it when the process ends, however it ends). A fresh run into a folder
that has records writes everything into :data:`~pipeline.output.folder.STAGING` beside
them and moves the files into place with ``os.replace`` when it finishes, notices.jsonl
last, so the old records stay whole until then. A record that replaces one of the same
doc_id on resume (its file changed) is appended, and the JSONL is compacted to the last
record per doc_id at close, each in the place of the first. The SQLite database is only
ever written at a new path or over a database of ours.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

from pipeline.errors import DatabaseError, PipelineError
from pipeline.output.folder import ERRORS, NOTICES, STAGING, folder_error, lock_folder
from pipeline.output.jsonl import parse_line
from pipeline.output.resume import DoneKey, check_made_by, rebuild_tables, replay
from pipeline.output.rows import TABLES, Serialised, serialise
from pipeline.output.tables import Tables, check_ours
from pipeline.records import Notice


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
        self.done: dict[DoneKey, str | None] = {}
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
            self._lock = lock_folder(self.out_dir)
            # Left by a killed run that was replacing records.
            shutil.rmtree(self._staging, ignore_errors=True)
            if self._sqlite:
                check_ours(self._sqlite)
                _partial(self._sqlite).unlink(missing_ok=True)
            resume = resume and notices.exists()
            # Replacing records: the new files are made beside the old ones, which stay
            # whole until the run is over.
            replacing = not resume and notices.exists()
            self._folder = self._staging if replacing else self.out_dir  # where this run writes
            self._db = self._staged_database() if replacing and self._sqlite else self._sqlite
            self._replacing = replacing
            if resume and made_by is not None:
                check_made_by(notices, made_by)
            if self._replacing:
                self._staging.mkdir()
            self._tables = Tables(self._folder, self._db)
            if resume:
                self.done, self._superseded = replay(notices, self._tables)
                self._ids = {key.doc_id for key in self.done}
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
            self._fds = [os.open(self._folder / NOTICES, flags | (0 if resume else os.O_TRUNC), 0o666),
                         os.open(self._folder / ERRORS, flags | os.O_TRUNC, 0o666)]
        except OSError as exc:
            self._abort()
            raise folder_error(exc, self.out_dir) from None
        except BaseException:
            self._abort()
            raise
        self._notices, self._errors = self._fds

    @property
    def has_database(self) -> bool:
        """Whether notices go into a SQLite database too (see :func:`serialise`)."""
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

    def write_notice(self, notice: Notice | Serialised) -> None:
        """Append one notice to notices.jsonl, then its rows to every derived table.

        A notice whose doc_id is already in the folder replaces the older record at close.

        Args:
            notice: the notice, or what :func:`serialise` made of it (elsewhere: a worker
                process) with ``sqlite`` set when this writer fills a database.

        Raises:
            FileAccessError, DatabaseError: the notice cannot be written (a full disk).
        """
        serialised = notice if isinstance(notice, Serialised) else serialise(notice, sqlite=self._db is not None)
        try:
            _write_whole(self._notices, serialised.line)
            self._tables.add(serialised.csv, serialised.rows)
        except (OSError, sqlite3.Error) as exc:
            raise self._failure(exc) from None
        if serialised.doc_id in self._ids:
            self._superseded = True
        self._ids.add(serialised.doc_id)

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
        return folder_error(exc, self.out_dir)

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
            for number, line in enumerate(lines, 1):
                last[parse_line(line, str(notices), number)["doc_id"]] = offset, len(line)
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


def _partial(path: Path) -> Path:
    """Where a replacing run builds the database that takes ``path``'s place."""
    return path.with_name(f".{path.name}.partial")


def _write_whole(fd: int, data: bytes) -> None:
    # One write on an unbuffered descriptor: a kill cannot leave half a line behind unless
    # the kernel cut this very write short, and a resume cuts such a line off.
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
