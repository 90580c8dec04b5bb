"""Resume: what an output folder already holds, read back from its notices.jsonl.

A resumed run keeps the notices already written (:func:`replay` feeds them to the new
tables and cuts off a torn last line), skips the inputs they were made from
(:class:`DoneKey`), and refuses a folder of another backend or model
(:func:`check_made_by`).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import DataError, OutputMismatch, UsageError
from pipeline.output.folder import NOTICES
from pipeline.output.jsonl import parse_line, read_notices
from pipeline.output.rows import csv_bytes, table_rows
from pipeline.output.tables import Tables, check_ours
from pipeline.records import Notice


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


def rebuild_tables(out_dir: str | Path, *,
                   sqlite_path: str | Path | None = None) -> dict[DoneKey, str | None]:
    """Rebuild the CSV files and the SQLite tables of ``out_dir`` from its notices.jsonl.

    A torn last line of notices.jsonl (left by a killed run) is cut off first.

    Args:
        out_dir: a folder written by :class:`~pipeline.output.write.OutputWriter`.
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
        check_ours(sqlite_path)
    tables = Tables(out_dir, sqlite_path)
    try:
        done, _ = replay(notices, tables)
        return done
    finally:
        tables.close()


def replay(path: Path, tables: Tables) -> tuple[dict[DoneKey, str | None], bool]:
    """Feed every notice of notices.jsonl to ``tables`` and cut off a torn last line.

    Returns:
        Every notice found (the last one of a doc_id written twice), as its
        :class:`DoneKey` -> its input path; and whether a doc_id was written twice.

    Raises:
        DataError: a line other than the last is not a valid notice.
        OSError: notices.jsonl cannot be read or cut.
    """
    done = {}
    by_id: dict[str, DoneKey] = {}
    twice = False
    whole = 0  # bytes of the valid lines read so far
    for line, notice in read_notices(path):
        key = DoneKey.of(notice)
        rows = table_rows(notice)
        tables.add(csv_bytes(rows), rows)
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


def check_made_by(path: Path, made_by: tuple[str, str | None]) -> None:
    """Check that every notice of notices.jsonl was made by ``made_by`` (backend, model).

    Read before anything is written, so that a refused run changes nothing. Lines that
    are not records are left for :func:`replay` to judge.

    Raises:
        OutputMismatch: a notice was made otherwise.
    """
    def name(pair: tuple[str, str | None]) -> str:
        return " ".join(part for part in pair if part)

    records: Counter = Counter()  # (made by, whether it holds a model answer) -> records
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            try:
                provenance = parse_line(line, str(path), number)["provenance"]
                model, answered = provenance.get("model"), provenance.get("backend") == "llm"
            except (DataError, TypeError, KeyError, AttributeError):  # None: a blank line
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
