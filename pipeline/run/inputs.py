"""Inputs: many inputs -> records and errors, one bad file never stopping the rest.

The rules path is a plain loop (it is CPU-bound), or with ``--jobs N`` a pool of worker
processes (:mod:`pipeline.run.pool`) that read, segment, extract and serialise
(:class:`~pipeline.run.outcome.FinishedNotice`) while the parent renames, skips, looks for
reposts (:mod:`pipeline.run.reposts`) and writes in input order
(:class:`~pipeline.run.recorder.Recorder`); one :func:`~pipeline.output.rows.serialise` makes
every path's bytes, so the output is byte-identical to one process. The LLM path keeps a
window of documents in flight; their sections share one concurrency limit in the client,
so the endpoint always has ``concurrency`` requests to work on. Each record is written the
moment its notice is finished, so an interrupted run keeps everything it finished,
and a rerun into the same folder skips every input whose record is already there; an
input whose file changed since gets a new record under its old doc_id, which replaces
the old one. A record of an LLM run with sections that fell back because the endpoint
failed (:data:`~pipeline.errors.ENDPOINT_REASONS`) is made again on a rerun: only those
sections are asked, the ones the model answered wrongly stay on the rules, and the ones
it answered come from the answer cache.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import httpx2

from pipeline.assemble import build_notice
from pipeline.config import Config
from pipeline.ingest import Source
from pipeline.output import OutputWriter
from pipeline.records import Notice
from pipeline.run.outcome import FinishedNotice, read_input
from pipeline.run.pool import pooled_outcomes
from pipeline.run.recorder import Recorder
from pipeline.run.reposts import RepostIndex
from pipeline.run.summary import RunSummary


def _in_process_outcomes(paths: Iterable[str], config: Config, record: Recorder,
                         make_notice: Callable[[Source], Notice] | None = None,
                         ) -> Iterator[tuple[str, FinishedNotice | Exception]]:
    make_notice = make_notice or build_notice
    for path in paths:
        try:
            source = read_input(path, config.max_bytes)
            if not record.skip(source):
                yield path, record.finish(make_notice(source), source)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops a run
            yield path, exc


def _local_outcomes(paths: Iterable[str], config: Config, record: Recorder,
                    make_notice: Callable[[Source], Notice] | None) -> Iterator[tuple[str, FinishedNotice | Exception]]:
    if make_notice:
        return _in_process_outcomes(paths, config, record, make_notice)
    return (pooled_outcomes if config.jobs > 1 else _in_process_outcomes)(paths, config, record)


async def _llm_run(paths: Iterable[str], config: Config, record: Recorder,
                     transport: httpx2.AsyncBaseTransport | None) -> None:
    from pipeline.llm.client import LLMClient  # the rules path never pays for importing openai
    from pipeline.llm.extract import llm_notice

    async with LLMClient(config, transport) as client:
        async def one(path: str) -> tuple[str, FinishedNotice | Exception | None]:
            try:
                source = read_input(path, config.max_bytes)
                if record.skip(source):
                    return path, None
                if client.stub:
                    client.stub.learn(source)
                return path, record.finish(await llm_notice(source, client, record.left_on_rules(source)), source)
            except Exception as exc:  # noqa: BLE001 - one bad file never stops a run
                return path, exc

        # A notice has several sections, so concurrency + 1 documents keep every slot busy
        # while memory stays bounded however many inputs there are. Records are written in
        # input order: a finished notice waits for those before it (after Ctrl-C it is made
        # again on the rerun, its answers from the cache), and no new one starts while more
        # than 4 windows' worth wait, so a slow notice cannot hold memory unbounded.
        window = config.concurrency + 1
        todo = iter(paths)
        started = written = 0
        tasks: dict[int, asyncio.Task] = {}  # by input number, until written
        while True:
            busy = [task for task in tasks.values() if not task.done()]
            while len(busy) < window and len(tasks) < 4 * window and (path := next(todo, None)) is not None:
                tasks[started] = asyncio.create_task(one(path))
                busy.append(tasks[started])
                started += 1
            if not tasks:
                break
            if busy:
                await asyncio.wait(busy, return_when=asyncio.FIRST_COMPLETED)
            while written in tasks and tasks[written].done():
                path, outcome = tasks.pop(written).result()
                written += 1
                if outcome is not None:
                    record(path, outcome)
        # What the endpoint was sent (a rerun's cached answers send nothing, a dead
        # endpoint's retries do), rather than the answered asks the records count.
        record.summary.requests = client.transport.sent
        record.summary.retried = client.transport.retried
        record.summary.given_up = client.given_up
        record.summary.cache_failure = client.cache.failure if client.cache else None


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often (worker processes inherit this).

    A notice allocates thousands of short-lived containers that reference counting frees
    at once; with the default threshold (700) the collector still ran once a notice for
    nothing, 0.14 ms of 3.2. Cyclic garbage is still collected, 10,000 objects later.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(10_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _repost_index(out_dir: str | Path, writer: OutputWriter, config: Config):
    """Where this run looks for reposts: the index of ``out_dir``, or nowhere (None)."""
    if not config.reposts:
        return nullcontext(None)
    return RepostIndex(out_dir, ((key.doc_id, key.source_sha256) for key in writer.done), writer.staging)


def run_inputs(
    paths: Iterable[str],
    out_dir: str | Path,
    config: Config,
    on_done: Callable[[str], None] | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    make_notice: Callable[[Source], Notice] | None = None,
) -> RunSummary:
    """Extract every input and stream records and errors into ``out_dir``.

    Args:
        paths: expanded input paths (``-`` for stdin).
        out_dir: output folder, see :mod:`pipeline.output.write`.
        config: the run's settings.
        on_done: called with each path when it is finished (progress bars).
        transport: for the LLM backend, what sends HTTP requests (tests pass a mock).
        make_notice: makes each notice in this process instead of the backend (from a
            provider batch's answers).

    Returns:
        Counts for the summary line; ``interrupted`` is set when Ctrl-C stopped the run.

    Raises:
        OutputMismatch: without ``config.force``, ``out_dir`` holds records of another
            backend or model.
        OutputBusy, ForeignFile, FileAccessError, DataError: see
            :class:`~pipeline.output.write.OutputWriter`.
    """
    summary = RunSummary(backend="llm" if config.uses_llm or make_notice else "rules")
    if config.uses_llm or make_notice:
        from pipeline.llm.prompts import BATCH_PROMPT_VERSION, PROMPT_VERSION, SECTION_PROMPTS, ask_digest

        # make_notice is a provider batch's answers: records asked without the outline ask.
        made_by = ("llm", config.model, BATCH_PROMPT_VERSION if make_notice else PROMPT_VERSION)
        prompts = {kind: ask_digest(kind) for kind in SECTION_PROMPTS}
    else:
        made_by, prompts = ("rules", None, None), {}
    started = time.perf_counter()
    with _fewer_collections(), OutputWriter(out_dir, sqlite_path=config.sqlite, resume=not config.force,
                                            made_by=made_by[:2]) as writer, \
            _repost_index(out_dir, writer, config) as reposts:
        record = Recorder(writer, summary, on_done, made_by, reposts, prompts)
        try:
            if config.uses_llm and not make_notice:
                asyncio.run(_llm_run(paths, config, record, transport))
            else:
                for path, outcome in _local_outcomes(paths, config, record, make_notice):
                    record(path, outcome)
        except KeyboardInterrupt:
            # Every finished record is written already; closing the writer flushes the tables.
            summary.interrupted = True
        finally:
            summary.seconds = time.perf_counter() - started
    return summary
