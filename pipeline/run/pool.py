"""The rules path over ``--jobs N`` worker processes.

Workers read, segment, extract and serialise (:class:`~pipeline.run.outcome.FinishedNotice`)
chunks of inputs; the parent gets the outcomes back in input order and decides what is
skipped. A worker's ``build_notice`` is this module's, so a test patches it here.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pipeline.assemble import build_notice
from pipeline.config import Config
from pipeline.errors import InternalError, PipelineError, as_pipeline_error
from pipeline.ingest import Source, read_source
from pipeline.run.outcome import FinishedNotice, read_input
from pipeline.run.recorder import Recorder


# Inputs a worker process takes at once: large enough that pickling and queueing cost
# little per notice, small enough that both processes start working at once.
_CHUNK = 8
# Keys (doc_id, sha256) of the records the output folder held when the pool started.
_DONE: frozenset = frozenset()
# Whether the run fills a SQLite database, so that a made notice keeps its rows.
_SQLITE = False
# Whether the run looks for reposts, so that a made notice is signed.
_REPOSTS = False


def _init_worker(done: frozenset, sqlite: bool, reposts: bool) -> None:
    global _DONE, _SQLITE, _REPOSTS
    _DONE, _SQLITE, _REPOSTS = done, sqlite, reposts
    # Ctrl-C reaches the whole process group; the parent alone stops the run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build(source: Source, sqlite: bool, reposts: bool) -> FinishedNotice | PipelineError:
    try:
        notice = build_notice(source)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a run
        # Converted here, in the worker: an arbitrary exception may not survive the trip.
        return as_pipeline_error(exc)
    # A notice crosses to the parent serialised: the parent then only appends bytes, which
    # keeps it from being the bottleneck (it spent 1.4 ms a notice validating JSON again).
    return FinishedNotice.of(notice, sqlite, source if reposts else None)


def _extract(item: str | Source | PipelineError, max_bytes: int) -> tuple[Source | None, FinishedNotice | PipelineError | None]:
    """Read and extract one input in a worker: ``(source, None)`` when the output folder
    already had its record (the parent decides whether to skip it), else ``(None, outcome)``."""
    if isinstance(item, PipelineError):
        return None, item
    try:
        source = item if isinstance(item, Source) else read_source(item, max_bytes=max_bytes)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a run
        return None, as_pipeline_error(exc)
    if (source.doc_id, source.sha256) in _DONE:
        return source, None
    return None, _build(source, _SQLITE, _REPOSTS)


def _extract_chunk(items: list, max_bytes: int) -> list[tuple[Source | None, FinishedNotice | PipelineError | None]]:
    return [_extract(item, max_bytes) for item in items]


def pooled_outcomes(paths: Iterable[str], config: Config, record: Recorder) -> Iterator[tuple[str, FinishedNotice | Exception]]:
    """Each input's outcome, the work spread over ``config.jobs`` processes.

    Results come back in input order; a bounded number of chunks is in flight, so memory
    stays flat however many inputs there are.
    """
    def items(chunk: list[str]) -> list:
        # Standard input can only be read here, in the parent.
        out = []
        for path in chunk:
            try:
                out.append(read_input(path, config.max_bytes) if path == "-" else path)
            except PipelineError as error:
                out.append(error)
        return out

    done = frozenset(key for key, n in record.done.items() if n > 0)
    # Not multiprocessing.Pool: its worker-handling thread spins while a result waits to be
    # read, which cost the parent 0.15 ms a notice; and it waits forever for a dead worker.
    pool = ProcessPoolExecutor(config.jobs, initializer=_init_worker,
                               initargs=(done, record.writer.has_database, record.reposts is not None))
    try:
        pending: deque = deque()
        todo = iter(paths)

        def submit() -> bool:
            chunk = [path for _, path in zip(range(_CHUNK), todo)]
            if chunk:
                pending.append((chunk, pool.submit(_extract_chunk, items(chunk), config.max_bytes)))
            return bool(chunk)

        while len(pending) < 4 * config.jobs and submit():
            pass
        while pending:
            chunk, result = pending.popleft()
            submit()
            try:
                outcomes = result.result()
            except BrokenProcessPool:
                # A dead worker breaks every unfinished chunk, not only its own, so which
                # chunk this is depends on timing: the input that killed it may be later.
                raise InternalError(
                    f"a worker process died (killed for memory?) while the inputs from {chunk[0]} on "
                    "were being read; every record before that input is written: rerun to finish, "
                    "with --jobs 1 to see which input fails", path=chunk[0]) from None
            for path, (source, outcome) in zip(chunk, outcomes):
                if outcome is None:
                    if record.skip(source):
                        continue
                    # Two inputs with one record in the folder: the second is redone here.
                    outcome = _build(source, record.writer.has_database, record.reposts is not None)
                yield path, outcome
    finally:
        # Stopped early (Ctrl-C, an error): chunks not started are dropped, not waited for.
        pool.shutdown(cancel_futures=True)
