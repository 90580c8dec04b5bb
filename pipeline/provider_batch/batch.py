"""Batch mode: every section ask of a run as one file in the OpenAI Batch format.

OpenAI, several Chinese providers and vLLM's ``run-batch`` read the same JSONL: one line
per request, ``{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}``,
and answer with lines ``{"custom_id", "response": {"status_code", "body"}, "error"}``.
The bodies are the ones instructor sends on the live path (built by instructor's own
request preparation for the configured ``--mode``), so an answer means the same here.

A batch cannot re-ask: an answer that fails validation or grounding, and every line
that failed, expired or is missing, falls back to the rules for its section, with the
reason in ``provenance.fallbacks``. Sections follow the rules' outline (no outline ask), so
the records' ``prompt_version`` names no outline prompt.
Answers that pass go into the answer cache under the live path's key, so a live rerun
(``--force``) asks only what fell back, and may re-ask.

Three ways in:

- :func:`write_requests` writes the requests file (``pipeline batch export``);
- :func:`read_results` reads output and error files, and :func:`answered_notice` turns a
  source and those results into a Notice (``pipeline batch import``);
- :class:`BatchJob` uploads the requests through the files API, creates the batch,
  records its id in the output folder, polls, and downloads the results
  (``pipeline run --backend llm --batch``); running it again resumes polling.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx2
import openai
from instructor.processing.response import handle_response_model
from pydantic import ValidationError

from pipeline.assemble import check_is_notice, rules_notice
from pipeline.run.inputs import RunSummary, run_batch
from pipeline.config import Config
from pipeline.errors import DataError, LLMError, PipelineError, UsageError
from pipeline.ingest.source import Source, read_source
from pipeline.records import Notice
from pipeline.segment import Outline, segment
from pipeline.llm.answers import ANSWERS, GROUNDING
from pipeline.llm.cache import AnswerCache
from pipeline.llm.client import MODES, Asked, answer_budget, ask_key, constrained, rejection
from pipeline.llm.extract import merge, outline_ask, plan
from pipeline.llm.grounding import Grounding
from pipeline.llm.prompts import BATCH_PROMPT_VERSION, render

ENDPOINT = "/v1/chat/completions"
# Where a live batch keeps its state and files in the output folder.
STATE = "batch.json"
REQUESTS = "batch-requests.jsonl"
OUTPUT = "batch-output.jsonl"
ERRORS = "batch-errors.jsonl"
# Why a section without a result line falls back, when the batch completed.
MISSING = "batch missing: no result line for this section"
# Statuses after which a batch changes no more.
FINISHED = {"completed", "failed", "expired", "cancelled"}


def request_body(kind: str, text: str, config: Config) -> dict:
    """The chat-completion body that the live path sends for one ask.

    Args:
        kind: ``outline``, ``header``, ``organization``, ``problem`` or ``summary``.
        text: the section's text.
        config: model, mode, temperature and the answer cap.

    Returns:
        The JSON body: model, messages, sampling, and the mode's ``response_format`` or tools.
    """
    return _request(kind, text, config)[0]


def _request(kind: str, text: str, config: Config) -> tuple[dict, str]:
    """The ask's body and its answer-cache key, the live path's for the same ask."""
    messages, max_tokens = render(kind, text), answer_budget(kind, text, config.max_tokens)
    _, body = handle_response_model(
        ANSWERS[kind], mode=MODES[config.mode], model=config.model, messages=messages,
        temperature=config.temperature, max_tokens=max_tokens)
    if grammar := constrained(kind, config.mode, text):
        body["response_format"] = grammar
    return body, ask_key(config, kind, messages, max_tokens)


def custom_id(doc_id: str, section: str, body: dict) -> str:
    """``doc_id:section:hash``, the hash over the whole body (prompt, model, mode, limits),
    so an answer is only ever mapped back to the exact request it answers."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{doc_id}:{section.replace(' ', '-')}:{digest[:16]}"


@dataclass
class _Ask:
    name: str
    kind: str
    grounding: Grounding
    custom_id: str
    body: dict
    key: str  # in the answer cache


def _asks(source: Source, config: Config, with_outline: bool = False) -> tuple[Outline, list[_Ask]]:
    outline = segment(source.text)
    check_is_notice(outline.view, source.path)
    asks = []
    # A batch cannot wait for the outline's answer before it asks the sections, so it asks
    # the sections of the rules' outline; the live path asks the outline first.
    first = [ask] if with_outline and (ask := outline_ask(outline)) else []
    for name, kind, grounding in [*first, *plan(outline)]:
        body, key = _request(kind, grounding.text, config)
        asks.append(_Ask(name, kind, grounding, custom_id(source.doc_id, name, body), body, key))
    return outline, asks


def requests_for(source: Source, config: Config, with_outline: bool = False) -> list[dict]:
    """The request lines for one notice, one per section ask.

    Args:
        source: the notice.
        config: model, mode and limits.
        with_outline: put the live path's outline ask first (for estimates of a live run).

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    return [{"custom_id": a.custom_id, "method": "POST", "url": ENDPOINT, "body": a.body}
            for a in _asks(source, config, with_outline)[1]]


def write_requests(sources: Iterable[Source | PipelineError], config: Config, out: IO[str],
                   on_error: Callable[[PipelineError], None]) -> int:
    """Write the requests file for many notices.

    Args:
        sources: the decoded inputs (a read error in their place is passed to ``on_error``).
        config: model, mode and limits.
        out: the JSONL file to write.
        on_error: called with each input that cannot be asked about (not a notice …).

    Returns:
        The number of lines written; a request two inputs share (same name and text) is
        written once.
    """
    written: set[str] = set()
    for source in sources:
        try:
            if isinstance(source, PipelineError):
                raise source
            lines = requests_for(source, config)
        except PipelineError as error:
            on_error(error)
            continue
        for line in lines:
            if line["custom_id"] not in written:
                written.add(line["custom_id"])
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(written)


@dataclass
class Result:
    """One line of an output or error file: the completion, or why there is none."""

    completion: dict | None
    failure: str | None = None


def read_results(lines: Iterable[str], into: dict[str, Result] | None = None) -> dict[str, Result]:
    """Map the lines of output and error files by ``custom_id``.

    Args:
        lines: JSONL lines (blank lines are ignored).
        into: results read already (of the other file); a success is never replaced by an error.

    Returns:
        ``custom_id`` -> :class:`Result`.

    Raises:
        UsageError: a line is not JSON or has no ``custom_id``.
    """
    results = into if into is not None else {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            key = data["custom_id"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise UsageError(f"line {number} of the results is not a batch result line") from None
        response, error = data.get("response") or {}, data.get("error")
        if error:
            result = Result(None, f"batch error: {error.get('code') or 'error'}: {error.get('message', '')}"[:200])
        elif response.get("status_code") != 200:
            message = ((response.get("body") or {}).get("error") or {}).get("message", "")
            result = Result(None, f"batch error: HTTP {response.get('status_code')} {message}"[:200].rstrip())
        else:
            result = Result(response["body"])
        if key not in results or results[key].completion is None:
            results[key] = result
    return results


def _answer_text(completion: dict, mode: str) -> str:
    message = completion["choices"][0]["message"]
    if mode == "tools":
        return message["tool_calls"][0]["function"]["arguments"]
    text = message.get("content") or ""
    if mode == "md_json" and "```" in text:
        # The answer sits in a fenced block, with or without a language tag.
        text = text.split("```")[1].removeprefix("json")
    return text


def _asked(ask: _Ask, result: Result | None, mode: str, missing: str) -> Asked:
    # Every ask was one line of the requests file: one attempt, answered or not.
    if result is None:
        return Asked(None, LLMError(missing, section=ask.name, reason="batch missing"), attempts=1)
    if result.completion is None:
        return Asked(None, LLMError(result.failure, section=ask.name, reason="batch error"), attempts=1)
    usage = result.completion.get("usage") or {}
    tokens = (usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0,
              ((usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0), 1)
    try:
        if result.completion["choices"][0].get("finish_reason") == "length":
            raise LLMError("invalid: the answer was cut off at max_tokens", reason="invalid")
        text = _answer_text(result.completion, mode)
        GROUNDING.set(ask.grounding)
        return Asked(ANSWERS[ask.kind].model_validate_json(text), None, *tokens)
    except ValidationError as exc:
        return Asked(None, rejection(exc, ask.name), *tokens)
    except LLMError as error:
        error.section = ask.name
        return Asked(None, error, *tokens)
    except (KeyError, IndexError, TypeError):
        return Asked(None, LLMError("invalid: the completion holds no answer", section=ask.name,
                                    reason="invalid"), *tokens)


def answered_notice(source: Source, config: Config, results: dict[str, Result],
                    missing: str = MISSING,
                    cache: AnswerCache | None = None) -> Notice:
    """A notice from the batch's answers, each section falling back to rules on its own.

    Args:
        source: the decoded input (the same text the requests were made from).
        config: model, mode and limits, as when the requests were made.
        results: from :func:`read_results`.
        missing: the fallback reason for a section with no result line (an expired
            batch says so).
        cache: where each answer that passed validation and grounding is kept, under the
            live path's key for the same ask.

    Returns:
        The same record the live path makes from the same answers (without re-asks).

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    outline, asks = _asks(source, config)
    rules = rules_notice(outline, source.doc_id, source.sha256, source.path)
    asked = [_asked(a, results.get(a.custom_id), config.mode, missing) for a in asks]
    for ask, outcome in zip(asks, asked):
        if cache and outcome.answer is not None:
            cache.put(ask.key, outcome.answer.model_dump_json())
    return merge(rules, outline, [(a.name, a.kind, a.grounding) for a in asks], asked, config.model,
                 prompt_version=BATCH_PROMPT_VERSION)


class BatchJob:
    """A batch on a provider, its state kept in the output folder.

    Args:
        out_dir: the output folder; ``batch.json`` records the batch id there.
        config: endpoint, key, model and mode; ``batch_poll`` seconds between polls.
        transport: what sends HTTP requests; tests pass an ``httpx2.MockTransport``.
    """

    def __init__(self, out_dir: str | Path, config: Config, transport: httpx2.BaseTransport | None = None):
        self.out_dir = Path(out_dir)
        self.config = config
        self.client = openai.OpenAI(
            api_key=config.api_key.get_secret_value() if config.api_key else "no-key",
            base_url=config.base_url, max_retries=config.max_retries, timeout=config.timeout,
            http_client=httpx2.Client(transport=transport or httpx2.HTTPTransport(), timeout=config.timeout))

    def submit(self, sources: list[Source | PipelineError], on_error: Callable[[PipelineError], None]) -> dict:
        """Create the batch, or find the one this folder already asked for.

        Returns:
            The state: ``batch_id``, ``requests`` (lines), ``sha256`` of the requests file.

        Raises:
            UsageError: the folder holds a batch for other requests (``--force`` starts anew).
            DataError: the folder's batch.json is not one this command wrote.
        """
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / REQUESTS
        with open(path, "w", encoding="utf-8") as f:
            count = write_requests(sources, self.config, f, on_error)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        state_path = self.out_dir / STATE
        if state_path.exists() and not self.config.force:
            state = _read_state(state_path)
            if state["sha256"] != digest:
                raise UsageError(f"{self.out_dir} holds batch {state['batch_id']} for other requests (other "
                                 "inputs, model or prompts); use another --out, or --force to start a new batch")
            return state
        with open(path, "rb") as f:
            uploaded = self.client.files.create(file=(REQUESTS, f), purpose="batch")
        batch = self.client.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h",
                                           metadata={"made_by": "notice-pipeline"})
        state = {"batch_id": batch.id, "input_file_id": uploaded.id, "requests": count, "sha256": digest}
        # Written before any waiting: a rerun after Ctrl-C polls this batch instead of paying twice.
        state_path.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        return state

    def wait(self, state: dict, on_poll: Callable[[object], None] | None = None):
        """Poll until the batch is finished; returns the batch object."""
        while True:
            batch = self.client.batches.retrieve(state["batch_id"])
            if on_poll:
                on_poll(batch)
            if batch.status in FINISHED:
                return batch
            time.sleep(self.config.batch_poll)

    def results(self, batch) -> dict[str, Result]:
        """Download the output and error files (kept in the folder) and map them."""
        results: dict[str, Result] = {}
        for file_id, name in ((batch.output_file_id, OUTPUT), (batch.error_file_id, ERRORS)):
            if file_id:
                text = self.client.files.content(file_id).text
                (self.out_dir / name).write_text(text, encoding="utf-8")
                read_results(text.splitlines(), results)
        return results

    def close(self) -> None:
        self.client.close()


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    return str((body.get("error") or body).get("message") or exc.message)[:200]


def missing_reason(batch) -> str:
    """The fallback reason for sections without a result line, from the batch's status."""
    if batch.status == "completed":
        return MISSING
    errors = getattr(batch, "errors", None)
    detail = "; ".join(e.message or e.code or "" for e in (errors.data or [])) if errors and errors.data else ""
    return f"batch {batch.status}{': ' + detail if detail else ''}"[:200]


def read_sources(paths: Iterable[str], config: Config) -> Iterable[Source | PipelineError]:
    """Each input decoded, or the error that reading it raised (in its place)."""
    for path in paths:
        try:
            yield read_source(path, max_bytes=config.max_bytes)
        except PipelineError as error:
            yield error


def run_provider_batch(paths: list[str], out_dir: str | Path, config: Config, *,
                       transport: httpx2.BaseTransport | None = None,
                       on_poll: Callable[[object], None] | None = None,
                       on_done: Callable[[str], None] | None = None) -> RunSummary:
    """``pipeline run --backend llm --batch``: one provider batch for every section ask.

    Submits the batch (or finds the one ``out_dir`` records), polls until it is finished,
    downloads its output and error files into ``out_dir``, and writes the records as
    :func:`pipeline.run.inputs.run_batch` does; sections whose line failed, expired or is
    missing fall back to the rules.

    Args:
        paths: the inputs (files: each is read twice, so not ``-``).
        out_dir: the output folder.
        config: endpoint, model, mode; ``batch_poll`` seconds between polls.
        transport: what sends HTTP requests; tests pass an ``httpx2.MockTransport``.
        on_poll: called with the batch after each poll (progress lines).
        on_done: called with each path when its record is written.

    Returns:
        The run's counts, as :func:`~pipeline.run.inputs.run_batch` returns them.

    Raises:
        UsageError: ``-`` among the inputs, or ``out_dir`` holds a batch for other requests.
        LLMError: the files or batches API refused a request, or cannot be reached.
    """
    if "-" in paths:
        raise UsageError("--batch reads every input twice (to ask, then to read the answers): give files, not -")
    job = BatchJob(out_dir, config, transport)
    try:
        state = job.submit(read_sources(paths, config), on_error=lambda error: None)
        batch = job.wait(state, on_poll)
        results = job.results(batch)
    except openai.APIStatusError as exc:
        request = f"{exc.request.method} {exc.request.url.path}"
        # Only the status for 401/403: their body may echo part of the key.
        detail = "" if exc.status_code in (401, 403) else f": {_message(exc)}"
        hint = " (does the endpoint have a batch API? if not, use pipeline batch export)" \
            if exc.status_code in (404, 405) else ""
        raise LLMError(f"batch API: HTTP {exc.status_code} on {request}{detail}{hint}") from None
    except openai.APIConnectionError:
        raise LLMError("batch API: no connection to the endpoint after retries") from None
    finally:
        job.close()
    return write_answered(paths, out_dir, config, results, missing_reason(batch), on_done)


def write_answered(paths: Iterable[str], out_dir: str | Path, config: Config, results: dict[str, Result],
                   missing: str = MISSING,
                   on_done: Callable[[str], None] | None = None) -> RunSummary:
    """Write the records of ``paths`` from a batch's results, as :func:`run_batch` does.

    Every answer that passes the checks also goes into the answer cache (unless
    ``config.cache_dir`` is None), so that a live rerun with ``--force`` sends only the
    asks that fell back, with the re-asks a batch cannot make.

    Args:
        paths: the inputs the requests were made from.
        out_dir: the output folder.
        config: model, mode and limits, as when the requests were made.
        results: from :func:`read_results`.
        missing: the fallback reason for a section with no result line.
        on_done: called with each path when its record is written.

    Returns:
        The run's counts.
    """
    cache = AnswerCache(config.cache_dir) if config.cache_dir else None
    try:
        return run_batch(paths, out_dir, config, on_done=on_done,
                         extract=lambda source: answered_notice(source, config, results, missing, cache))
    finally:
        if cache:
            cache.close()


def _read_state(path: Path) -> dict:
    """The batch a folder asked for, from its batch.json.

    Raises:
        DataError: the file cannot be read, or is not JSON with the keys written there.
    """
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not all(isinstance(state.get(key), str) for key in ("batch_id", "sha256")):
            raise ValueError("no batch_id and sha256")
    except (OSError, ValueError, AttributeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"not the batch this folder asked for ({exc})"
        raise DataError(f"cannot read {STATE}: {reason}; if that batch is finished or unwanted, "
                        "delete the file or rerun with --force", path=str(path)) from None
    return state
