"""Provider batch: every section ask of a run as one file in the OpenAI Batch format.

Takes the inputs of a run and a model and mode; hands on the requests file, then (from
its answers) one :class:`~pipeline.records.Notice` per input to :mod:`pipeline.run`, which
writes them as a live run does. OpenAI, several Chinese providers and vLLM's ``run-batch``
read the same JSONL: one request per line, answered by lines ``{"custom_id", "response":
{"status_code", "body"}, "error"}``. Sections follow the rules' outline (no outline ask),
so the records' ``prompt_version`` names no outline prompt.

- ``job``: waiting on a provider's batch: upload, create, poll, download, with the
  batch id kept in the output folder (``pipeline run --backend llm --batch``);
- ``estimate``: ``--dry-run``: the requests a run would send, their tokens and cost.
- ``results``: results in: output and error lines read back, each section's answer
  checked or falling back to the rules (``pipeline batch import``);
- ``requests``: requests out: each notice's section asks as request lines
  (``pipeline batch export``), the same bodies the live path sends;
Importing this package imports openai: the rules path imports it only when asked to.
"""

from pipeline.provider_batch.estimate import dry_run
from pipeline.provider_batch.job import FINISHED, STATE, run_provider_batch
from pipeline.provider_batch.requests import read_sources, requests_for, write_requests
from pipeline.provider_batch.results import answered_notice, read_results, write_answered

__all__ = ["FINISHED", "STATE", "answered_notice", "dry_run", "read_results", "read_sources", "requests_for",
           "run_provider_batch", "write_answered", "write_requests"]
