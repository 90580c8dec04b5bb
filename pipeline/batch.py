"""Batch: many inputs -> records and errors, one bad file never stopping the rest."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import build_notice
from .config import Config
from .errors import InternalError, PipelineError
from .ingest import read_source
from .records import Notice
from .write import OutputWriter


@dataclass
class RunSummary:
    """What a batch did, for the closing summary line."""

    documents: int = 0
    problems: int = 0
    measures: int = 0
    failures: int = 0
    seconds: float = 0.0
    failures_by_kind: Counter = field(default_factory=Counter)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failures_by_kind.items()))
        return (
            f"{self.documents} documents, {self.problems} problems, {self.measures} measures, "
            f"{self.failures} failed{f' ({kinds})' if kinds else ''} in {self.seconds:.1f}s"
        )


def extract_one(path: str, config: Config, stdin=None) -> Notice:
    """Read and extract one input.

    Raises:
        PipelineError: any per-file failure (bad input, not a notice, ...).
    """
    return build_notice(read_source(path, stdin=stdin, max_bytes=config.max_bytes))


def run_batch(
    paths: Iterable[str],
    out_dir: str | Path,
    config: Config,
    on_done: Callable[[str], None] | None = None,
) -> RunSummary:
    """Extract every input and stream records and errors into ``out_dir``.

    Args:
        paths: expanded input paths (``-`` for stdin).
        out_dir: output folder, see :mod:`pipeline.write`.
        config: the run's settings.
        on_done: called with each path when it is finished (progress bars).

    Returns:
        Counts for the summary line.
    """
    summary = RunSummary()
    started = time.perf_counter()
    seen_ids: Counter = Counter()
    with OutputWriter(out_dir) as writer:
        for path in paths:
            try:
                notice = extract_one(path, config, stdin=sys.stdin.buffer if path == "-" else None)
            except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
                error = exc if isinstance(exc, PipelineError) else InternalError(
                    f"{type(exc).__name__}: {exc}", path=path)
                error.path = error.path or path
                writer.write_error(error)
                summary.failures += 1
                summary.failures_by_kind[error.kind] += 1
            else:
                seen_ids[notice.doc_id] += 1
                if seen_ids[notice.doc_id] > 1:
                    # Two inputs with one stem (a/x.txt, b/x.txt) must not share an id.
                    notice.provenance.warnings.append(f"doc_id {notice.doc_id!r} already used; renamed")
                    notice.doc_id = f"{notice.doc_id}~{seen_ids[notice.doc_id]}"
                writer.write_notice(notice)
                summary.documents += 1
                summary.problems += len(notice.problems)
                summary.measures += sum(len(p.measures) for p in notice.problems)
            if on_done:
                on_done(path)
    summary.seconds = time.perf_counter() - started
    return summary
