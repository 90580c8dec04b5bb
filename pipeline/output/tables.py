"""Tables: the CSV files and the SQLite database derived from notices.jsonl.

:class:`Tables` streams each notice's rows into them, flushing every :data:`COMMIT_EVERY`
notices; the database is only ever made at a free path or over a database of ours
(:func:`check_ours`).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from pipeline.errors import DatabaseError, FileAccessError, ForeignFile
from pipeline.output.folder import folder_error
from pipeline.output.rows import KEYS, TABLES, csv_bytes

# Notices between two flushes of the derived tables: a SQLite commit per notice would slow
# the writer by about a fifth, and what a kill loses here, resume rebuilds.
COMMIT_EVERY = 100


class Tables:
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
            raise folder_error(exc, out_dir) from None
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
            self._files[table].write("\ufeff".encode("utf-8") + csv_bytes({table: [columns]})[table])
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
        """Commit the database and flush the files: what is added so far is on disk."""
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

    The caller has checked that ``path`` is ours (:func:`check_ours`).

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


def check_ours(path: Path) -> None:
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
