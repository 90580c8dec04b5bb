"""One input: read (:func:`read_input`) and, once its notice is finished, serialised,
counted and signed (:class:`FinishedNotice`), ready to cross from a worker process and be
written."""

from __future__ import annotations

import sys
from typing import NamedTuple

from pipeline.ingest import Source, read_source
from pipeline.output import Serialised, serialise
from pipeline.records import Notice
from pipeline.run.reposts import Signature, signature
from pipeline.run.summary import NoticeCounts


def read_input(path: str, max_bytes: int) -> Source:
    """Read one input; ``-`` is standard input.

    Raises:
        InputError: see :func:`~pipeline.ingest.source.read_source`.
    """
    return read_source(path, stdin=sys.stdin.buffer if path == "-" else None, max_bytes=max_bytes)


class FinishedNotice(NamedTuple):
    """A finished notice as it is written and counted: quick to send from a worker
    process, and ready for the writer."""

    serialised: Serialised
    counts: NoticeCounts
    source: str | None  # the input path in its provenance
    signature: Signature | None  # for finding reposts; None when not looked for

    @classmethod
    def of(cls, notice: Notice, sqlite: bool, source: Source | None = None) -> FinishedNotice:
        """Serialise ``notice``; with its ``source``, sign it for :class:`RepostIndex` too."""
        return cls(serialise(notice, sqlite=sqlite), NoticeCounts.of(notice), notice.provenance.source,
                   signature(source.text, source.sha256) if source else None)
