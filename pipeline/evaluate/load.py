"""Loading for the evaluation: gold files (``*.gold.json``) and predictions (notices.jsonl),
each checked for the shape the scorer reads, with the file and line of what is broken.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import EvaluationError
from pipeline.output import read_records
from pipeline.records import Contact, Inspection, Position, Span, StatKind, Status


# A gold file's shape (docs/CONTRACT.md, "Gold files"): the record's scored fields, of which
# scoring needs the ones without a default. What the contract leaves out of gold (span,
# source_sha256, provenance, position, duplicate_of) may stay in a gold made from a record.
class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _GoldMetric(_Gold):
    value: int | float
    unit: str
    indicator: str
    qualifier: str | None = None
    span: Span | None = None


class _GoldMeasure(_Gold):
    ordinal: Position
    text: str
    status: Status
    metrics: list[_GoldMetric] = []
    documents: list[str] = []
    span: Span | None = None


class _GoldProblem(_Gold):
    index: Position | None = None
    position: Position | None = None
    title: str
    category: str | None = None
    measures: list[_GoldMeasure] = []
    span: Span | None = None


class _GoldStat(_Gold):
    kind: StatKind
    value: int | float
    unit: str | None = None
    text: str | None = None
    span: Span | None = None


class _GoldNotice(_Gold):
    doc_id: str
    schema_version: str | None = None
    source_sha256: str | None = None
    title: str | None = None
    issuer: str | None = None
    published_on: dt.date | None = None
    inspection: Inspection | None = None
    contact: Contact | None = None
    summary: list[_GoldStat] = []
    organization_measures: list[_GoldMeasure] = []
    problems: list[_GoldProblem] = []
    next_steps: str | None = None
    provenance: dict[str, Any] | None = None
    duplicate_of: dict[str, Any] | None = None


def load_gold(directory: str | Path) -> dict[str, dict]:
    """Read every ``*.json`` file (``*.gold.json`` included) of a gold directory;
    ``*.roles.json`` files (a fixture's right role table, see :mod:`pipeline.segment.roles`)
    are no gold.

    Args:
        directory: the directory holding one gold notice per file.

    Returns:
        The gold notices keyed by their ``doc_id``.

    Raises:
        EvaluationError: the directory is missing or holds no JSON file, or a file is
            unreadable, is not a JSON object, lacks ``doc_id`` or repeats one, or has a
            key the contract does not know, lacks one scoring needs or holds a value of
            the wrong type (the message names the key).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise EvaluationError("gold directory not found", path=str(directory))
    gold: dict[str, dict] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name.endswith(".roles.json"):
            continue
        record = _parse_record(_read(path), str(path))
        _check_gold(record, str(path))
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
    for number, record in read_records(where, io.BytesIO(data), error=EvaluationError):
        _add_record(predictions, _checked_record(record, where, number), where)
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


def _parse_record(text: str, path: str) -> dict:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"invalid JSON: {exc}", path=path) from exc
    except RecursionError:
        raise EvaluationError("JSON nested too deeply", path=path) from None
    if not isinstance(record, dict):
        raise EvaluationError("not a JSON object", path=path)
    return _checked_record(record, path)


def _checked_record(record: dict, path: str, line: int | None = None) -> dict:
    if not isinstance(record.get("doc_id"), str) or not record["doc_id"]:
        raise EvaluationError("missing doc_id", path=path, line=line)
    return record


def _check_gold(record: dict, path: str) -> None:
    """Check a gold record against the contract's gold shape.

    Raises:
        EvaluationError: naming each key that is unknown, missing or of the wrong type.
    """
    try:
        _GoldNotice.model_validate(record)
    except ValidationError as exc:
        problems = [_gold_problem(error) for error in exc.errors()]
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise EvaluationError(f"not a gold record: {shown} (the keys are in docs/CONTRACT.md; "
                              "fix the file or move it out of the gold folder)", path=path) from None


def _gold_problem(error: dict) -> str:
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
    if error["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    if error["type"] == "missing":
        return f"missing key {where!r}"
    return f"{where}: {error['msg']}"


def _add_record(records: dict[str, dict], record: dict, path: str) -> None:
    doc_id = record["doc_id"]
    if doc_id in records:
        raise EvaluationError(f"doc_id {doc_id!r} appears twice", path=path)
    records[doc_id] = record
