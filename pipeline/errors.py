"""One exception tree for the whole pipeline.

Every error carries a machine-readable ``kind`` (written to ``errors.jsonl``), the
``path`` of the file it concerns and, for a line-based file, the ``line``, so the CLI can
print one clear line per failure. :func:`as_pipeline_error` turns what the standard
library raises (OSError, SQLite errors, bad bytes) into this tree at the CLI's boundary.
"""

from __future__ import annotations

import sqlite3


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose.

    Args:
        message: one human-readable line.
        path: the file the error concerns, when there is one.
        line: the 1-based line of ``path`` at fault, for line-based files.
    """

    kind = "error"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = [self.path] if self.path else []
        if self.line is not None:
            where.append(f"line {self.line}")
        return ": ".join([*where, self.message])

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "message": self.message}


class InputError(PipelineError):
    """An input file that cannot be turned into notice text."""

    kind = "input"


class EmptyInput(InputError):
    kind = "empty"


class BinaryInput(InputError):
    kind = "binary"


class UnsupportedFormat(BinaryInput):
    """A file format that holds no readable notice text (.doc, images, spreadsheets …).

    The message names the format and says what to turn the file into.
    """

    kind = "unsupported_format"


class NoTextLayer(UnsupportedFormat):
    """A PDF whose pages are pictures (a scan): it needs OCR first."""

    kind = "scanned_pdf"


class DamagedFile(InputError):
    """A .docx or PDF file that cannot be parsed, or is locked by a password."""

    kind = "damaged"


class UndecodableInput(InputError):
    kind = "encoding"


class InputTooLarge(InputError):
    kind = "too_large"


class NotANotice(InputError):
    kind = "not_a_notice"


class UsageError(PipelineError):
    """Bad command-line usage or configuration (exit code 2)."""

    kind = "usage"


class DataError(PipelineError):
    """A file a command reads is not what it should be: bad bytes, a broken JSON line."""

    kind = "data"


class EvaluationError(DataError):
    """Gold or prediction files that cannot be scored."""

    kind = "evaluation"


class FileAccessError(PipelineError):
    """The operating system refused to read or write a file: permissions, a full disk,
    a missing folder."""

    kind = "os"


class DatabaseError(PipelineError):
    """SQLite could not read or write a database."""

    kind = "sqlite"


class OutputConflict(PipelineError):
    """Writing would damage what is already there; nothing was changed."""

    kind = "conflict"


class ForeignFile(OutputConflict):
    """The path holds something that is not ours to replace (another database, a device)."""

    kind = "foreign"


class OutputBusy(OutputConflict):
    """Another run is writing into the same output folder."""

    kind = "busy"


class OutputMismatch(OutputConflict):
    """The output folder holds records made by another backend or model.

    Args:
        message: one human-readable line.
        path: the output folder.
        old: how the records in the folder were made (``rules``, ``llm gpt-4o-mini``).
        new: how this run would make them.
    """

    kind = "mismatch"

    def __init__(self, message: str, *, path: str | None = None, old: str = "", new: str = ""):
        super().__init__(message, path=path)
        self.old = old
        self.new = new


class InternalError(PipelineError):
    """A bug met while extracting one input; reported per file, never as a traceback."""

    kind = "internal"


class LLMError(PipelineError):
    """The language model could not give a usable answer for one section.

    Args:
        message: one human-readable line (never contains the API key).
        section: the section asked about (``header``, ``problem 3`` …).
        reason: a short machine-readable cause, written to ``provenance.fallbacks``:
            ``invalid`` (did not validate after re-asks), ``ungrounded``, ``transport``
            (retries exhausted), ``timeout``, ``endpoint given up`` (the breaker opened:
            a refused key or mode, no connection, or too many failures in a row),
            ``batch missing``, ``batch error`` (a provider batch gave no answer). The
            message starts with the reason and a colon.
    """

    kind = "llm"

    def __init__(self, message: str, *, section: str | None = None, reason: str = "error",
                 path: str | None = None):
        super().__init__(message, path=path)
        self.section = section
        self.reason = reason


# The reasons that are the endpoint's fault rather than the model's answer: a rerun asks
# these sections again and keeps the rest.
ENDPOINT_REASONS = frozenset({"transport", "timeout", "endpoint given up", "batch missing", "batch error"})


def as_pipeline_error(exc: BaseException) -> PipelineError:
    """The error of our tree that stands for ``exc``, for printing as one line.

    Args:
        exc: any exception that stopped a command.

    Returns:
        ``exc`` itself when it is ours; otherwise a :class:`FileAccessError`,
        :class:`DatabaseError`, :class:`DataError` or, for anything else (a bug),
        an :class:`InternalError`.
    """
    if isinstance(exc, PipelineError):
        return exc
    if isinstance(exc, OSError):
        path = exc.filename if isinstance(exc.filename, str) else None
        return FileAccessError(exc.strerror or str(exc), path=path)
    if isinstance(exc, sqlite3.Error):
        return DatabaseError(f"SQLite: {exc}")
    if isinstance(exc, UnicodeError):
        return DataError(f"not UTF-8 text: {exc}")
    if isinstance(exc, RecursionError):
        return DataError("data nested too deeply to read")
    return InternalError(f"internal error (a bug): {type(exc).__name__}: {exc}")
