"""A disk cache of model answers, so a rerun pays for nothing it already has.

Keyed by everything that shapes an answer: the rendered messages (hence the section's
text and the prompt versions), the answer's JSON schema, the record schema version,
model, mode and sampling parameters. Only answers that passed validation and grounding
are cached: a failure (ours, the model's or the endpoint's) is asked again next time, so
a fixed bug or a recovered server never keeps failing from the cache.
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
    """``key -> validated answer JSON`` in one SQLite file.

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

    def get(self, key: str) -> str | None:
        # Caches written before failures stopped being cached may hold failure rows.
        row = self._db.execute("SELECT answer FROM answers WHERE key = ? AND answer IS NOT NULL", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, answer: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO answers (key, answer) VALUES (?, ?)", (key, answer))

    def drop(self, key: str) -> None:
        self._db.execute("DELETE FROM answers WHERE key = ?", (key,))

    def close(self) -> None:
        self._db.close()
