"""Reposts: near-duplicate notices, found as text-dedup pipelines find them (MinHash + LSH).

One notice is often published on the unit's site, a discipline site and a portal, with
another header, a portal's footer, other line breaks or a few sentences edited. Each
notice is reduced to the set of its sentences (:func:`signature`, run where the text is
read, so in the worker processes); the run then asks :class:`RepostIndex`, in input
order, whether an earlier notice of the run or of the output folder is the same:

1. Body: from the line holding the first 。 to the last 。, so the title, a portal's
   header lines and the signature or footer lines do not count. Blanks are dropped,
   ！？；!?; end a sentence like 。, half-width , : ( ) count as their full-width forms
   and quotes are dropped, so layout and punctuation width do not count either.
2. Shingles: each sentence, as the CRC-32 of its UTF-8 bytes (a notice has tens to
   hundreds of sentences; character n-grams would be thousands, and hashing each costs
   more in Python than the whole extraction).
3. MinHash by one-permutation hashing: a sentence's CRC picks one of :data:`BINS` bins
   (its remainder), where the least CRC stays; an empty bin borrows the value of a full
   one, so a short notice gets a full sketch too.
4. LSH: :data:`BANDS` bands of :data:`ROWS` bins; notices sharing a whole band are
   candidates. The chance that two notices of Jaccard similarity J share one is
   1 - (1 - J^3)^20: 0.9998 at 0.7, 0.93 at 0.5, 0.07 at 0.15 (less steep for notices of
   fewer sentences than bins, whose borrowed bins repeat values).
5. A candidate is confirmed by the exact Jaccard similarity of the two sentence sets, at
   :data:`THRESHOLD` or more; the most similar wins (on a tie, the one sharing more
   bands, then the earliest).

Only originals are indexed, so ``duplicate_of`` always names an original, and a run is
read in input order by one process, so the result does not depend on ``--jobs``. The
index lives in the output folder (:data:`INDEX`, SQLite), one row per original with its
sentence set and band keys: memory grows by its page cache (:data:`CACHE_KIB`) at most,
however many notices there are, and a rerun into the folder compares new notices with the
records there without reading their texts again. It is a cache of the records: rows whose record is not in the folder are dropped
when it is opened, and a record without a row (the file was deleted) is not compared.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import DatabaseError, FileAccessError
from pipeline.records import DuplicateOf

INDEX = ".reposts.sqlite"
# Two notices whose sentence sets have this Jaccard similarity or more are one notice. In
# tests/test_reposts.py a copy with a portal's header scores 1.0 and one with 3 of its 32
# sentences edited 0.829, while another notice of the same unit and round (same opening,
# organisation and closing paragraphs, other problems) scores 0.333.
THRESHOLD = 0.7
BANDS = 20
ROWS = 3
BINS = BANDS * ROWS
# Candidates confirmed per notice, those sharing the most bands first.
MAX_CANDIDATES = 20
# Originals read per band key in a look-up, the earliest first: a band of boilerplate
# sentences (the closing 欢迎广大干部群众… of short notices) is shared by thousands of
# notices, and reading them all would make each look-up slow. An original past them is
# still found by its other bands.
BUCKET = 50
# Notices between two commits of the index: band keys are random, so each commit writes
# about one page per band row added. A killed run leaves at most these originals without
# a row, which later runs then do not compare.
COMMIT_EVERY = 1000
# SQLite's page cache for the index, in KiB: the whole index of 60,000 originals (about
# 500 bytes each). With the default 2 MiB, 100,000 made-up notices cost 52% more CPU time
# with reposts than without, the look-ups reading pages back from the OS.
CACHE_KIB = 32 * 1024
_VERSION = 1  # of the index's layout; an index of another version is started afresh

_PERIOD = "。"
_ENDS = "！？；!?;"
_WIDTH = {",": "，", ":": "：", "(": "（", ")": "）"}
_DROPPED = "“”‘’\"'「」"
# Each bin's order of the other bins, for densification: fixed (CRC-32 of the two bin
# numbers) and so the same in every process and run, since the index keeps the keys.
_DONORS = [sorted(range(BINS), key=lambda d, b=b: zlib.crc32(bytes([b, d]))) for b in range(BINS)]
_KEY_MIX = 0x9E3779B97F4A7C15  # odd: a band key mixes its band number and three values
_MASK = (1 << 63) - 1  # SQLite integers are signed 64-bit


class Signature(NamedTuple):
    """What the index needs of one notice; small, to send from a worker process."""

    sha256: str  # of the source text, as in the record
    sentences: bytes  # the sorted CRC-32 of its sentences, as array("I") bytes
    bands: tuple[int, ...]  # one LSH key per band


def body(text: str) -> str:
    """The part of ``text`` that a repost repeats: from the line holding the first 。 to the
    last 。, without blanks; every sentence ends with 。 and punctuation has one width.

    Args:
        text: the notice's source text.

    Returns:
        The normalised body; empty when the text has no 。.
    """
    first, last = text.find(_PERIOD), text.rfind(_PERIOD)
    if first < 0:
        return ""
    text = "".join(text[text.rfind("\n", 0, first) + 1:last + 1].split())
    # str.replace scans in C: a handful of them cost less than one str.translate.
    for end in _ENDS:
        text = text.replace(end, _PERIOD)
    for half, full in _WIDTH.items():
        text = text.replace(half, full)
    for quote in _DROPPED:
        text = text.replace(quote, "")
    return text


def sentence_ids(text: str) -> set[int]:
    """The CRC-32 of every distinct sentence of the :func:`body` of ``text``."""
    return {zlib.crc32(s) for s in body(text).encode("utf-8").split(_PERIOD.encode("utf-8")) if s}


def signature(text: str, sha256: str) -> Signature | None:
    """The sentence set and LSH band keys of one notice.

    Args:
        text: the notice's source text.
        sha256: its digest (:attr:`pipeline.ingest.source.Source.sha256`).

    Returns:
        The signature; None when the text has no sentence (nothing to compare).
    """
    ids = sentence_ids(text)
    if not ids:
        return None
    return Signature(sha256, array("I", sorted(ids)).tobytes(), band_keys(ids))


def band_keys(ids: Iterable[int]) -> tuple[int, ...]:
    """LSH keys of a set of sentence ids: one-permutation MinHash in :data:`BINS` bins,
    densified, then one key per band of :data:`ROWS` bins.

    Args:
        ids: sentence ids (CRC-32), at least one.

    Returns:
        :data:`BANDS` keys; equal sets give equal keys.
    """
    least: list[int | None] = [None] * BINS
    for x in ids:
        b = x % BINS
        if least[b] is None or x < least[b]:
            least[b] = x
    # Densification: an empty bin takes the value of the first full bin in its own fixed
    # order of the others, so that two sets agree on it about as often as on a full bin (a
    # shared order, e.g. the next full bin, would make neighbouring empty bins copy one
    # value, and a band of them would be one sentence).
    sketch = least[:]
    for b in range(BINS):
        if sketch[b] is None:
            for donor in _DONORS[b]:
                if least[donor] is not None:
                    sketch[b] = least[donor]
                    break
    keys = []
    for band in range(BANDS):
        key = band
        for value in sketch[band * ROWS:(band + 1) * ROWS]:
            key = (key * _KEY_MIX + value) & _MASK
        keys.append(key)
    return tuple(keys)


def similarity(a: set[int] | bytes, b: bytes) -> float:
    """Jaccard similarity of two sentence sets (:attr:`Signature.sentences`, or ``a`` as a
    set of ids), 3 decimals."""
    left = a if isinstance(a, set) else set(array("I", a))
    right = array("I", b)  # distinct ids
    shared = len(left.intersection(right))
    return round(shared / (len(left) + len(right) - shared), 3)


class RepostIndex:
    """The originals of an output folder and of this run, asked in input order.

    Use as a context manager: the index is committed every :data:`COMMIT_EVERY` notices
    and at exit.

    Args:
        out_dir: the output folder (its lock is held by the writer).
        done: ``(doc_id, source_sha256)`` of every record kept in the folder; rows of
            other records are dropped.
        staging: where a run that replaces the folder's records (``--force``) writes its
            files (:attr:`OutputWriter.staging <pipeline.output.write.OutputWriter.staging>`):
            the new index is built there and takes the old one's place at exit, so a
            killed run leaves the old one as it was; None builds on the folder's index.

    Raises:
        FileAccessError, DatabaseError: the index cannot be written.
    """

    def __init__(self, out_dir: str | Path, done: Iterable[tuple[str, str]], staging: Path | None = None):
        self._path = Path(out_dir) / INDEX
        self._staged = staging / INDEX if staging else None
        where = self._staged or self._path
        try:
            self._db = _open(where)
            self._pending = 0  # notices since the last commit
            self._keep(set(done))
        except OSError as exc:
            raise FileAccessError(f"cannot write the repost index: {exc.strerror}", path=str(where)) from None
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot write the repost index: {exc}", path=str(where)) from None

    def __enter__(self) -> RepostIndex:
        return self

    def __exit__(self, kind, *exc) -> None:
        # As the writer: Ctrl-C keeps what is finished; after another error the writer
        # drops the staging folder, a staged index with it.
        self._db.commit()
        self._db.close()
        if self._staged and (kind is None or issubclass(kind, KeyboardInterrupt)):
            os.replace(self._staged, self._path)

    def check(self, doc_id: str, signed: Signature | None) -> DuplicateOf | None:
        """The original that the notice repeats; else the notice is indexed as an original.

        Args:
            doc_id: the notice's final doc_id; an older row of it (its file changed) is
                replaced, or dropped if the notice is a repost.
            signed: its :func:`signature`; None (no sentence) is never a repost.

        Returns:
            The original and the similarity, or None.
        """
        try:
            return self._check(doc_id, signed)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot write the repost index: {exc}", path=str(self._path)) from None

    def _check(self, doc_id: str, signed: Signature | None) -> DuplicateOf | None:
        db = self._db
        found = None if signed is None else self._original_of(doc_id, signed)
        if found is None and signed is not None:
            # Replacing the row of an older record of this doc_id (its file changed).
            row = db.execute("INSERT OR REPLACE INTO originals (doc_id, sha256, sentences) VALUES (?, ?, ?)",
                             (doc_id, signed.sha256, signed.sentences)).lastrowid
            db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", ((key, row) for key in signed.bands))
        else:
            db.execute("DELETE FROM originals WHERE doc_id = ?", (doc_id,))
        self._pending += 1
        if self._pending == COMMIT_EVERY:
            db.commit()
            self._pending = 0
        return found

    def _original_of(self, doc_id: str, signed: Signature) -> DuplicateOf | None:
        """The most similar original sharing a band with ``signed``, at :data:`THRESHOLD` or more."""
        candidates = self._db.execute(_CANDIDATES, (*signed.bands, doc_id))
        mine = set(array("I", signed.sentences))
        best, original = max(((similarity(mine, sentences), doc) for doc, sentences in candidates),
                             key=lambda pair: pair[0], default=(0, None))
        return DuplicateOf(doc_id=original, similarity=best) if best >= THRESHOLD else None

    def _keep(self, done: set[tuple[str, str]]) -> None:
        """Drop the rows of notices that are not in the folder (a killed or replaced run)."""
        stale = [(row,) for row, doc_id, sha256 in self._db.execute("SELECT id, doc_id, sha256 FROM originals")
                 if (doc_id, sha256) not in done]
        if stale:
            self._db.executemany("DELETE FROM originals WHERE id = ?", stale)
            self._db.execute("DELETE FROM bands WHERE id NOT IN (SELECT id FROM originals)")
            self._db.commit()


# The originals sharing the most bands with a notice, at most BUCKET per band.
_CANDIDATES = (
    "SELECT o.doc_id, o.sentences FROM originals o JOIN (SELECT id, count(*) AS n FROM ("
    + " UNION ALL ".join([f"SELECT * FROM (SELECT id FROM bands WHERE key = ? ORDER BY id LIMIT {BUCKET})"] * BANDS)
    + f") GROUP BY id) c USING (id) WHERE o.doc_id != ? ORDER BY c.n DESC, o.id LIMIT {MAX_CANDIDATES}"
)


def _open(path: Path) -> sqlite3.Connection:
    """Open the index at ``path``, made anew when missing, damaged or of another layout."""
    try:
        db = sqlite3.connect(path)
        if db.execute("PRAGMA user_version").fetchone()[0] == _VERSION:
            return _tuned(db)
        db.close()
    except sqlite3.DatabaseError:
        pass  # not a database: it is only a cache, so it is replaced
    for stale in (path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    # AUTOINCREMENT: an id is never reused, so a band row left by a dropped original can
    # never point at another one.
    db.executescript(f"""
        CREATE TABLE originals (id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL UNIQUE,
                                sha256 TEXT NOT NULL, sentences BLOB NOT NULL);
        CREATE TABLE bands (key INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
        PRAGMA user_version = {_VERSION};
    """)
    return _tuned(db)


def _tuned(db: sqlite3.Connection) -> sqlite3.Connection:
    # No sync to disk: a killed process still leaves a sound file (the OS holds what was
    # written), and the write-ahead log makes a commit one append.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db
