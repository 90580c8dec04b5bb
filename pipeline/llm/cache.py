"""A disk cache of model answers, so a rerun pays for nothing it already has.

Keyed by everything that shapes an answer: the rendered messages (hence the section's
text and the prompt versions), the answer's JSON schema, the record schema version,
model, mode and sampling parameters. Validation failures are cached too (at
temperature 0 the same question gets the same wrong answer); transport failures are not.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from ..errors import UsageError


def cache_key(**parts) -> str:
    """A stable digest of the keyword arguments (JSON-serialisable values)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """``key -> (answer JSON or None, failure reason or None)`` in one SQLite file.

    Args:
        folder: where ``answers.sqlite`` lives (created when missing).

    Raises:
        UsageError: the folder or file cannot be created.
    """

    def __init__(self, folder: str | Path):
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(Path(folder) / "answers.sqlite", isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT, failure TEXT)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot open the answer cache in {folder}: {exc}") from None

    def get(self, key: str) -> tuple[str | None, str | None] | None:
        return self._db.execute("SELECT answer, failure FROM answers WHERE key = ?", (key,)).fetchone()

    def put(self, key: str, answer: str | None, failure: str | None) -> None:
        self._db.execute("INSERT OR REPLACE INTO answers (key, answer, failure) VALUES (?, ?, ?)", (key, answer, failure))

    def close(self) -> None:
        self._db.close()
