"""Waiting on a provider's batch: upload the requests, create the batch, record its id in
the output folder, poll, download the results (``pipeline run --backend llm --batch``).
Running the same command again resumes polling the recorded batch.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx2
import openai

from pipeline.run import RunSummary
from pipeline.config import Config
from pipeline.errors import DataError, LLMError, PipelineError, UsageError
from pipeline.ingest import Source
from pipeline.provider_batch.requests import ENDPOINT, read_sources, write_requests
from pipeline.provider_batch.results import MISSING, Result, read_results, write_answered

# Where a live batch keeps its state and files in the output folder.
STATE = "batch.json"
REQUESTS = "batch-requests.jsonl"
OUTPUT = "batch-output.jsonl"
ERRORS = "batch-errors.jsonl"
# Statuses after which a batch changes no more.
FINISHED = {"completed", "failed", "expired", "cancelled"}


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


def run_provider_batch(paths: list[str], out_dir: str | Path, config: Config, *,
                       transport: httpx2.BaseTransport | None = None,
                       on_poll: Callable[[object], None] | None = None,
                       on_done: Callable[[str], None] | None = None) -> RunSummary:
    """``pipeline run --backend llm --batch``: one provider batch for every section ask.

    Submits the batch (or finds the one ``out_dir`` records), polls until it is finished,
    downloads its output and error files into ``out_dir``, and writes the records as
    :func:`pipeline.run.run_inputs` does; sections whose line failed, expired or is
    missing fall back to the rules.

    Args:
        paths: the inputs (files: each is read twice, so not ``-``).
        out_dir: the output folder.
        config: endpoint, model, mode; ``batch_poll`` seconds between polls.
        transport: what sends HTTP requests; tests pass an ``httpx2.MockTransport``.
        on_poll: called with the batch after each poll (progress lines).
        on_done: called with each path when its record is written.

    Returns:
        The run's counts, as :func:`~pipeline.run.run_inputs` returns them.

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
