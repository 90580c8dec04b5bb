"""Evaluate: score predicted notices against gold labels ("Scoring" in docs/CONTRACT.md).

Reads the gold files and the predictions (here), pairs their items (:mod:`pipeline.pairing`),
scores them (:mod:`pipeline.scoring`) and lays the scores out (:mod:`pipeline.scorecard`);
the functions a caller needs are importable from here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.errors import EvaluationError
from pipeline.scorecard import below_threshold, render_table
from pipeline.scoring import score

__all__ = ["below_threshold", "load_gold", "load_predictions", "render_table", "score"]


def load_gold(directory: str | Path) -> dict[str, dict]:
    """Read every ``*.json`` file (``*.gold.json`` included) of a gold directory;
    ``*.roles.json`` files (a fixture's right role table, see :mod:`pipeline.segment`)
    are no gold.

    Args:
        directory: the directory holding one gold notice per file.

    Returns:
        The gold notices keyed by their ``doc_id``.

    Raises:
        EvaluationError: the directory is missing or holds no JSON file, or a file is
            unreadable, is not a JSON object, lacks ``doc_id`` or repeats one.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise EvaluationError("gold directory not found", path=str(directory))
    gold: dict[str, dict] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name.endswith(".roles.json"):
            continue
        record = _parse_record(_read(path), str(path))
        _add_record(gold, record, str(path))
    if not gold:
        raise EvaluationError("no *.json gold files", path=str(directory))
    return gold


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Read predicted notices from a JSON Lines file (``notices.jsonl``).

    Args:
        path: the file, or ``"-"`` for standard input. Blank lines are skipped.

    Returns:
        The predicted notices keyed by their ``doc_id``.

    Raises:
        EvaluationError: the file is unreadable, or a line is not a JSON object,
            lacks ``doc_id`` or repeats one.
    """
    if str(path) == "-":
        where = "<stdin>"
        try:
            data = sys.stdin.read().encode("utf-8")
        except UnicodeDecodeError as exc:
            raise EvaluationError(f"not UTF-8: {exc.reason}", path=where) from None
    else:
        where, data = str(path), _read_bytes(Path(path))
    predictions: dict[str, dict] = {}
    # Split on "\n" only: str.splitlines would also break at U+2028 inside strings.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EvaluationError(f"not UTF-8 (byte {exc.start + 1} of the line)",
                                  path=where, line=number) from None
        if line.strip():
            _add_record(predictions, _parse_record(line, where, number), where)
    return predictions


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EvaluationError(f"cannot read file: {exc.strerror}", path=str(path)) from exc


def _read(path: Path) -> str:
    try:
        return _read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"cannot read file: not UTF-8 (byte {exc.start + 1})",
                              path=str(path)) from None


def _parse_record(text: str, path: str, line: int | None = None) -> dict:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"invalid JSON: {exc}", path=path, line=line) from exc
    except RecursionError:
        raise EvaluationError("JSON nested too deeply", path=path, line=line) from None
    if not isinstance(record, dict):
        raise EvaluationError("not a JSON object", path=path, line=line)
    if not isinstance(record.get("doc_id"), str) or not record["doc_id"]:
        raise EvaluationError("missing doc_id", path=path, line=line)
    return record


def _add_record(records: dict[str, dict], record: dict, path: str) -> None:
    doc_id = record["doc_id"]
    if doc_id in records:
        raise EvaluationError(f"doc_id {doc_id!r} appears twice", path=path)
    records[doc_id] = record
