"""One exception tree for the whole pipeline.

Every error carries a machine-readable ``kind`` (written to ``errors.jsonl``) and the
``path`` of the input it concerns, so the CLI can print one clear line per failure.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose.

    Args:
        message: one human-readable line.
        path: the input the error concerns, when there is one.
    """

    kind = "error"

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

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


class EvaluationError(PipelineError):
    """Gold or prediction files that cannot be scored."""

    kind = "evaluation"


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
            a refused key or mode, no connection, or too many failures in a row).
    """

    kind = "llm"

    def __init__(self, message: str, *, section: str | None = None, reason: str = "error",
                 path: str | None = None):
        super().__init__(message, path=path)
        self.section = section
        self.reason = reason

