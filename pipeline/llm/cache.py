"""A disk cache of model answers, so a rerun pays for nothing it already has.

Keyed by everything that shapes an answer: the rendered messages (hence the section's
text), the digests of the prompt versions, the answer's JSON schema, the record schema version,
model, mode and sampling parameters. Only answers that passed validation and grounding
are cached: a failure (ours, the model's or the endpoint's) is asked again next time, so
a fixed bug or a recovered server never keeps failing from the cache.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from pipeline.errors import UsageError


def cache_key(**parts) -> str:
    """A stable digest of the keyword arguments (JSON-serialisable values)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """``key -> validated answer JSON`` in one SQLite file.

    A cache that fails once it is open (a full disk, a lock, a damaged file) is not used
    again in this run, and :attr:`failure` says why: a lost cache costs requests, never a
    notice.

    Args:
        folder: where ``answers.sqlite`` lives (created when missing).

    Raises:
        UsageError: the folder or file cannot be created.
    """

    def __init__(self, folder: str | Path):
        self.failure: str | None = None  # the error that turned the cache off, if one did
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(Path(folder) / "answers.sqlite", isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT, failure TEXT)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot open the answer cache in {folder}: {exc}") from None

    def get(self, key: str) -> str | None:
        # Caches written before failures stopped being cached may hold failure rows.
        row = self._run("SELECT answer FROM answers WHERE key = ? AND answer IS NOT NULL", key)
        return row[0] if row else None

    def put(self, key: str, answer: str) -> None:
        self._run("INSERT OR REPLACE INTO answers (key, answer) VALUES (?, ?)", key, answer)

    def drop(self, key: str) -> None:
        self._run("DELETE FROM answers WHERE key = ?", key)

    def _run(self, sql: str, *params: str) -> tuple | None:
        """Run one statement and return its first row; None once the cache has failed."""
        if self.failure:
            return None
        try:
            return self._db.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            self.failure = str(exc) or type(exc).__name__
            return None

    def close(self) -> None:
        self._db.close()
