"""Reading JSON Lines back: the one parser of a line of notices.jsonl (and errors.jsonl).

Every stage that reads a run's records parses each line here (through :func:`read_records`,
or :func:`parse_line` where it seeks to one line), so a broken line gets the same error
everywhere: a :class:`~pipeline.errors.DataError` naming the file and the line.
Lines are split on ``b"\\n"`` only: a text reader would also break at U+2028 inside
strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import DataError
from pipeline.records import Notice


def parse_line(line: bytes, where: str, number: int, error: type[DataError] = DataError) -> dict | None:
    """One line of a JSON Lines file as its object.

    Args:
        line: the line's bytes, with or without its newline.
        where: the file, as the error names it.
        number: the line's number, from 1.
        error: the class of the error raised (a caller's own kind of DataError).

    Returns:
        The object; None for a blank line.

    Raises:
        DataError: (``error``) the line is not UTF-8, not JSON, nested too deeply, or not
            a JSON object.
    """
    if not line.strip():
        return None
    try:
        # Without its newline: a JSON error then points into the line, not past its end.
        record = json.loads(line.removesuffix(b"\n").decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 (byte {exc.start + 1} of the line)", path=where, line=number) from None
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc}", path=where, line=number) from None
    except RecursionError:
        raise error("JSON nested too deeply", path=where, line=number) from None
    if not isinstance(record, dict):
        raise error("not a JSON object", path=where, line=number)
    return record


def read_records(path: str | Path, lines: Iterable[bytes] | None = None, *,
                 error: type[DataError] = DataError) -> Iterator[tuple[int, dict]]:
    """The objects of a JSON Lines file one by one, with their line numbers; blank lines
    are skipped.

    Args:
        path: the file; with ``lines``, only the name the errors give.
        lines: the file's lines (an open binary file, or ``io.BytesIO``) instead of the
            file at ``path``.
        error: the class of the error raised.

    Raises:
        DataError: (``error``) see :func:`parse_line`.
        OSError: ``path`` cannot be read.
    """
    if lines is None:
        with open(path, "rb") as handle:
            yield from read_records(path, handle, error=error)
        return
    for number, line in enumerate(lines, start=1):
        record = parse_line(line, str(path), number, error)
        if record is not None:
            yield number, record


def read_notices(path: Path) -> Iterator[tuple[bytes, Notice]]:
    """The notices of an output folder's notices.jsonl, validated, with their lines
    (newline included), for resuming.

    A torn last line (a write a kill cut short, even if what is there parses) ends the
    notices; the caller cuts it off.

    Raises:
        DataError: a line other than the last is not a valid notice.
        OSError: ``path`` cannot be read.
    """
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            try:
                if not line.endswith(b"\n"):
                    raise ValueError("no newline")
                notice = Notice.model_validate_json(line)
            except ValueError:
                if lines.read(1):
                    raise DataError("not a valid notice; remove the line, or start afresh with --force",
                                    path=str(path), line=number) from None
                return
            yield line, notice
