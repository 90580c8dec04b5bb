"""Batch: many inputs -> records and errors, one bad file never stopping the rest.

The rules path is a plain loop (it is CPU-bound), or with ``--jobs N`` a pool of worker
processes that read, segment, extract and render (:class:`Made`) while the parent renames,
skips, looks for reposts (:mod:`pipeline.run.reposts`) and writes in input order; one
:func:`~pipeline.output.write.render` makes every path's bytes, so the output is byte-identical
to one process. The LLM path keeps a window of
documents in flight; their sections share one concurrency limit in the client, so the
endpoint always has ``concurrency`` requests to work on. Each record is written the
moment its notice is finished, so an interrupted batch keeps everything it finished,
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
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import httpx2

from pipeline.assemble import LOW_COVERAGE, build_notice
from pipeline.config import Config
from pipeline.errors import ENDPOINT_REASONS, InternalError, PipelineError, as_pipeline_error
from pipeline.ingest.source import Source, read_source
from pipeline.segment import CLOSE_CALL
from pipeline.records import Notice
from pipeline.run.reposts import RepostIndex, Signature, signature
from pipeline.output.write import DoneKey, OutputWriter, Rendered, render, with_duplicate_of


class Tally(NamedTuple):
    """What the summary line counts of one notice."""

    problems: int
    measures: int
    organization_measures: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    requests: int
    fallbacks: tuple[str, ...]  # the reason of each section that fell back, before its colon
    low_coverage: bool
    close_call: bool

    @classmethod
    def of(cls, notice: Notice) -> Tally:
        prov = notice.provenance
        return cls(
            len(notice.problems), sum(len(p.measures) for p in notice.problems),
            len(notice.organization_measures), prov.tokens.prompt, prov.tokens.completion,
            prov.tokens.cached, sum(s.attempts for s in prov.sections),
            tuple(f.reason.split(":")[0] for f in prov.fallbacks),
            prov.coverage is not None and prov.coverage < LOW_COVERAGE,
            prov.outline_confidence is not None and prov.outline_confidence < CLOSE_CALL,
        )


class Made(NamedTuple):
    """A finished notice as it is written and counted: quick to send from a worker
    process, and ready for the writer."""

    rendered: Rendered
    tally: Tally
    source: str | None  # the input path in its provenance
    signature: Signature | None  # for finding reposts; None when not looked for

    @classmethod
    def of(cls, notice: Notice, sqlite: bool, source: Source | None = None) -> Made:
        """Render ``notice``; with its ``source``, sign it for :class:`RepostIndex` too."""
        return cls(render(notice, sqlite=sqlite), Tally.of(notice), notice.provenance.source,
                   signature(source.text, source.sha256) if source else None)


@dataclass
class RunSummary:
    """What a batch did, for the closing summary line."""

    backend: str = "rules"
    documents: int = 0
    reposts: int = 0  # of the documents, those naming an earlier notice in duplicate_of
    skipped: int = 0  # already in the output folder
    asked_again: int = 0  # records made again for the sections the endpoint failed on
    sections_asked_again: int = 0  # those sections, in the records made again
    renamed: int = 0  # doc_ids given a ~N suffix because another input had the same stem
    left_alone: Counter = field(default_factory=Counter)  # non-input files in folders, by suffix
    interrupted: bool = False
    problems: int = 0
    measures: int = 0  # problem measures, the rows of measures.csv with section "problem"
    organization_measures: int = 0  # the rows with section "organization"
    failures: int = 0
    seconds: float = 0.0
    failures_by_kind: Counter = field(default_factory=Counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0  # sent to the endpoint, retries included (a provider batch: its lines)
    retried: int = 0  # of the requests, those repeating one after 429, 5xx, a timeout or a dropped connection
    fallbacks: Counter = field(default_factory=Counter)  # by reason
    cached_tokens: int = 0  # prompt tokens the endpoint served from its prefix cache
    given_up: str | None = None  # why the endpoint was given up, when it was
    low_coverage: int = 0  # notices whose coverage is under LOW_COVERAGE
    close_calls: int = 0  # notices whose part roles were a close call (under CLOSE_CALL)
    cost: str | None = None  # the tokens' cost with its currency, when the model has a price
    cache_failure: str | None = None  # why the answer cache was turned off mid-run, if it was

    def add(self, tally: Tally) -> None:
        self.documents += 1
        self.problems += tally.problems
        self.measures += tally.measures
        self.organization_measures += tally.organization_measures
        self.prompt_tokens += tally.prompt_tokens
        self.completion_tokens += tally.completion_tokens
        self.cached_tokens += tally.cached_tokens
        self.requests += tally.requests
        self.fallbacks.update(tally.fallbacks)
        self.low_coverage += tally.low_coverage
        self.close_calls += tally.close_call

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failures_by_kind.items()))
        skipped = f", {self.skipped} skipped as already done (--force redoes them)" if self.skipped else ""
        if self.asked_again:
            skipped += (f", {_count(self.asked_again, 'notice')} made again for the "
                        f"{_count(self.sections_asked_again, 'section')} the endpoint had failed on "
                        "(the rest kept)")
        if self.renamed:
            skipped += f", {self.renamed} renamed doc_id~N (file name already used)"
        if self.left_alone:
            suffixes = ", ".join(f"{k} {n}" for k, n in sorted(self.left_alone.items()))
            skipped += (f", {_count(sum(self.left_alone.values()), 'other file')} left alone "
                        f"(not a notice format: {suffixes})")
        # Named as in the tables: problems.csv rows, then measures.csv rows by section.
        reposts = f" ({_count(self.reposts, 'repost')} of an earlier notice)" if self.reposts else ""
        text = (
            f"{_count(self.documents, 'document')}{reposts}, {_count(self.problems, 'problem')}, "
            f"{_count(self.measures, 'problem measure')} + "
            f"{_count(self.organization_measures, 'organisation measure')}, "
            f"{self.failures} failed{f' ({kinds})' if kinds else ''}{skipped} in {self.seconds:.1f}s; "
            f"backend {self.backend}"
        )
        # The model's figures belong to "backend llm"; what to check comes after them.
        if self.backend == "llm":
            fell = ", ".join(f"{r} {n}" for r, n in sorted(self.fallbacks.items()))
            retried = f" ({self.retried} of them retries)" if self.retried else ""
            text += (f": {_count(self.requests, 'request')} sent{retried}, {self.prompt_tokens} prompt "
                     f"({self.cached_tokens} cached) + {self.completion_tokens} completion tokens, "
                     f"{sum(self.fallbacks.values())} sections on rules{f' ({fell})' if fell else ''}")
            if self.cost:
                text += f", cost {self.cost}"
        if self.low_coverage:
            text += (f"; {self.low_coverage} notice{'s' if self.low_coverage > 1 else ''} under "
                     f"{LOW_COVERAGE:.0%} coverage (see the warnings)")
        if self.close_calls:
            text += (f"; {_count(self.close_calls, 'notice')} whose part roles were a close call "
                     "(see the warnings)")
        if self.given_up:
            text += (f"\nThe LLM endpoint was given up ({self.given_up}); the rest ran on rules. "
                     "Once it is back, run the same command again: it asks only the sections "
                     "that fell back because of the endpoint and keeps the rest.")
        if self.cache_failure:
            text += (f"\nThe answer cache failed ({self.cache_failure}) and the run went on without it, "
                     "so some answers are not cached; check the disk and the cache folder (--cache-dir).")
        return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _stdin(path: str):
    return sys.stdin.buffer if path == "-" else None


def _base_id(doc_id: str) -> str:
    return doc_id.split("~")[0]


def _endpoint_reason(reason: str) -> bool:
    return reason.split(":")[0] in ENDPOINT_REASONS


def _endpoint_failed(key: DoneKey) -> bool:
    return any(_endpoint_reason(reason) for _, reason in key.fallbacks)


class _Recorder:
    """Writes each outcome as it arrives, keeps the counts, and knows what is done.

    Args:
        writer: the open output folder; ``writer.done`` lists the notices already there.
        summary: the counts to keep.
        on_done: called with each path when it is finished (progress bars).
        made_by: ``(backend, model, prompt_version)`` that this run's records carry.
        reposts: where reposts are looked for; None looks for none.
        prompts: this run's prompt digest of each kind of ask (``provenance.sections[].prompt``).
    """

    def __init__(self, writer: OutputWriter, summary: RunSummary,
                 on_done: Callable[[str], None] | None, made_by: tuple, reposts: RepostIndex | None,
                 prompts: dict[str, str]):
        self.writer = writer
        self.summary = summary
        self.on_done = on_done
        self.reposts = reposts
        # An input is done when a record of the same source (doc_id before any ~N rename,
        # sha256) made with the same model and prompts is in the folder (whatever its
        # backend: an LLM run's record names its model even when all fell back), and no
        # section of it fell back because the endpoint failed; each record excuses one input.
        # Same prompts means the same names and, for every section asked, the same text behind
        # them (a record made before digests were kept has none: its names decide).
        same = [k for k in writer.done if (k.model, k.prompt_version) == made_by[1:]
                and all(digest in (None, prompts.get(kind)) for kind, digest in k.prompts)]
        self.done = Counter((_base_id(k.doc_id), k.source_sha256) for k in same if not _endpoint_failed(k))
        self.unfinished = {(_base_id(k.doc_id), k.source_sha256): k for k in same if _endpoint_failed(k)}
        # An input redone (its file or the prompts changed) keeps its record's doc_id, so
        # that the new record replaces the old one.
        self.ids_by_source = {source: k.doc_id for k, source in writer.done.items()}
        self.seen_ids: Counter = Counter()
        # The input whose record has a doc_id unrenamed, named when another input is renamed.
        self.first_input: dict[str, str | None] = {}
        for key, source in writer.done.items():
            base, _, n = key.doc_id.partition("~")
            self.seen_ids[base] = max(self.seen_ids[base], int(n) if n.isdigit() else 1)
            if not n:
                self.first_input[base] = source

    def skip(self, source: Source) -> bool:
        """Whether ``source`` is already done; counts it as skipped if so."""
        key = (source.doc_id, source.sha256)
        if self.done[key] <= 0:
            return False
        self.done[key] -= 1
        self.summary.skipped += 1
        if self.on_done:
            self.on_done(source.path)
        return True

    def left_on_rules(self, source: Source) -> dict[str, str] | None:
        """For an input whose record has sections that fell back because the endpoint
        failed: the other fallbacks (the model's wrong answers), section -> reason, which
        are not asked again. None for any other input."""
        key = self.unfinished.pop((source.doc_id, source.sha256), None)
        if key is None:
            return None
        failed = [section for section, reason in key.fallbacks if _endpoint_reason(reason)]
        self.summary.asked_again += 1
        self.summary.sections_asked_again += len(failed)
        return {section: reason for section, reason in key.fallbacks if section not in failed}

    def made(self, notice: Notice, source: Source) -> Made:
        """``notice`` rendered for this run's writer, and signed when reposts are looked for."""
        return Made.of(notice, self.writer.has_database, source if self.reposts is not None else None)

    def __call__(self, path: str, outcome: Made | Exception) -> None:
        if isinstance(outcome, Made):
            made = self._with_final_id(outcome)
            if self.reposts is not None:
                made = self._as_repost(made)
            self.writer.write_notice(made.rendered)
            self.summary.add(made.tally)
        else:
            error = as_pipeline_error(outcome)
            error.path = error.path or path
            self.writer.write_error(error)
            self.summary.failures += 1
            self.summary.failures_by_kind[error.kind] += 1
        if self.on_done:
            self.on_done(path)

    def _with_final_id(self, made: Made) -> Made:
        """The notice under the doc_id it is written with: a redone input keeps its old
        record's id, so that the new record replaces it; a second input of one stem (a/x.txt,
        b/x.txt) is renamed ``x~2``."""
        doc_id = made.rendered.doc_id
        old_id = self.ids_by_source.pop(made.source, None)
        warning = None
        if old_id is not None and _base_id(old_id) == doc_id:
            new_id = old_id
        else:
            self.seen_ids[doc_id] += 1
            if self.seen_ids[doc_id] == 1:
                self.first_input[doc_id] = made.source
                return made
            new_id = f"{doc_id}~{self.seen_ids[doc_id]}"
            warning = (f"doc_id {doc_id!r} already used by {self.first_input.get(doc_id) or 'another input'}; "
                       f"renamed {new_id}")
            self.summary.renamed += 1
        if new_id == doc_id:
            return made
        # Rare, so the record is read back from its line rather than kept beside it.
        notice = Notice.model_validate_json(made.rendered.line)
        notice.doc_id = new_id
        if warning:
            notice.provenance.warnings.append(warning)
        return made._replace(rendered=render(notice, sqlite=self.writer.has_database))

    def _as_repost(self, made: Made) -> Made:
        """The notice with ``duplicate_of`` set when it repeats an earlier one."""
        found = self.reposts.check(made.rendered.doc_id, made.signature)
        if found is None:
            return made
        self.summary.reposts += 1
        return made._replace(rendered=with_duplicate_of(made.rendered, found))


def _rules_outcomes(paths: Iterable[str], config: Config, record: _Recorder,
                    extract: Callable[[Source], Notice] | None = None) -> Iterator[tuple[str, Made | Exception]]:
    extract = extract or build_notice
    for path in paths:
        try:
            source = read_source(path, stdin=_stdin(path), max_bytes=config.max_bytes)
            if not record.skip(source):
                yield path, record.made(extract(source), source)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
            yield path, exc


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
    # Ctrl-C reaches the whole process group; the parent alone stops the batch.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build(source: Source, sqlite: bool, reposts: bool) -> Made | PipelineError:
    try:
        notice = build_notice(source)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        # Converted here, in the worker: an arbitrary exception may not survive the trip.
        return as_pipeline_error(exc)
    # A notice crosses to the parent rendered: the parent then only appends bytes, which
    # keeps it from being the bottleneck (it spent 1.4 ms a notice validating JSON again).
    return Made.of(notice, sqlite, source if reposts else None)


def _extract(item: str | Source | PipelineError, max_bytes: int) -> tuple[Source | None, Made | PipelineError | None]:
    """Read and extract one input in a worker: ``(source, None)`` when the output folder
    already had its record (the parent decides whether to skip it), else ``(None, outcome)``."""
    if isinstance(item, PipelineError):
        return None, item
    try:
        source = item if isinstance(item, Source) else read_source(item, max_bytes=max_bytes)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return None, as_pipeline_error(exc)
    if (source.doc_id, source.sha256) in _DONE:
        return source, None
    return None, _build(source, _SQLITE, _REPOSTS)


def _extract_chunk(items: list, max_bytes: int) -> list[tuple[Source | None, Made | PipelineError | None]]:
    return [_extract(item, max_bytes) for item in items]


def _pooled_outcomes(paths: Iterable[str], config: Config, record: _Recorder) -> Iterator[tuple[str, Made | Exception]]:
    """Like :func:`_rules_outcomes`, the work spread over ``config.jobs`` processes.

    Results come back in input order; a bounded number of chunks is in flight, so memory
    stays flat however many inputs there are.
    """
    def items(chunk: list[str]) -> list:
        # Standard input can only be read here, in the parent.
        out = []
        for path in chunk:
            try:
                out.append(read_source(path, stdin=_stdin(path), max_bytes=config.max_bytes) if path == "-" else path)
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


def _local_outcomes(paths: Iterable[str], config: Config, record: _Recorder,
                    extract: Callable[[Source], Notice] | None) -> Iterator[tuple[str, Made | Exception]]:
    if extract:
        return _rules_outcomes(paths, config, record, extract)
    return (_pooled_outcomes if config.jobs > 1 else _rules_outcomes)(paths, config, record)


async def _llm_batch(paths: Iterable[str], config: Config, record: _Recorder,
                     transport: httpx2.AsyncBaseTransport | None) -> None:
    from pipeline.llm.client import LLMClient  # the rules path never pays for importing openai
    from pipeline.llm.extract import llm_notice

    async with LLMClient(config, transport) as client:
        async def one(path: str) -> tuple[str, Made | Exception | None]:
            try:
                source = read_source(path, stdin=_stdin(path), max_bytes=config.max_bytes)
                if record.skip(source):
                    return path, None
                if client.stub:
                    client.stub.learn(source)
                return path, record.made(await llm_notice(source, client, record.left_on_rules(source)), source)
            except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
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


def run_batch(
    paths: Iterable[str],
    out_dir: str | Path,
    config: Config,
    on_done: Callable[[str], None] | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    extract: Callable[[Source], Notice] | None = None,
) -> RunSummary:
    """Extract every input and stream records and errors into ``out_dir``.

    Args:
        paths: expanded input paths (``-`` for stdin).
        out_dir: output folder, see :mod:`pipeline.output.write`.
        config: the run's settings.
        on_done: called with each path when it is finished (progress bars).
        transport: for the LLM backend, what sends HTTP requests (tests pass a mock).
        extract: makes each notice in this process instead of the backend (batch mode:
            from a provider batch's answers).

    Returns:
        Counts for the summary line; ``interrupted`` is set when Ctrl-C stopped the batch.

    Raises:
        OutputMismatch: without ``config.force``, ``out_dir`` holds records of another
            backend or model.
        OutputBusy, ForeignFile, FileAccessError, DataError: see
            :class:`~pipeline.output.write.OutputWriter`.
    """
    summary = RunSummary(backend="llm" if config.uses_llm or extract else "rules")
    if config.uses_llm or extract:
        from pipeline.llm.prompts import BATCH_PROMPT_VERSION, PROMPT_VERSION, SECTION_PROMPTS, ask_digest

        # extract is a provider batch's answers: records asked without the outline ask.
        made_by = ("llm", config.model, BATCH_PROMPT_VERSION if extract else PROMPT_VERSION)
        prompts = {kind: ask_digest(kind) for kind in SECTION_PROMPTS}
    else:
        made_by, prompts = ("rules", None, None), {}
    started = time.perf_counter()
    with _fewer_collections(), OutputWriter(out_dir, sqlite_path=config.sqlite, resume=not config.force,
                                            made_by=made_by[:2]) as writer, \
            _repost_index(out_dir, writer, config) as reposts:
        record = _Recorder(writer, summary, on_done, made_by, reposts, prompts)
        try:
            if config.uses_llm and not extract:
                asyncio.run(_llm_batch(paths, config, record, transport))
            else:
                for path, outcome in _local_outcomes(paths, config, record, extract):
                    record(path, outcome)
        except KeyboardInterrupt:
            # Every finished record is written already; closing the writer flushes the tables.
            summary.interrupted = True
        finally:
            summary.seconds = time.perf_counter() - started
    return summary
