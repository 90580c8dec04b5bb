"""One configuration object, built from command-line flags and environment variables.

Only :meth:`Config.load` looks at the environment; the rest of the code gets a Config.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from pipeline.prices import Price, load_prices

Mode = Literal["tools", "json_schema", "json", "json_grammar", "md_json"]
# Inputs larger than this fail as too_large unless --max-bytes says otherwise.
MAX_BYTES = 5 * 1024 * 1024
# The fake model, picked by name like any other: it answers every ask in-process as the
# rules read the section (pipeline.llm.stub), so it needs no endpoint and sends nothing.
STUB_MODEL = "stub"

# Which environment variable feeds which setting; a flag given on the command line wins.
ENV_VARS = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "PIPELINE_MODEL",
    "mode": "PIPELINE_MODE",
    "cache_dir": "PIPELINE_CACHE_DIR",
    "prices": "PIPELINE_PRICES",
}


class Config(BaseModel):
    """Settings of a run.

    Attributes:
        backend: ``rules`` extracts offline; ``llm`` asks a model section by section and
            falls back to rules per section; ``auto`` is ``llm`` when an endpoint is
            configured (a base URL or an API key), else ``rules``.
        base_url: an OpenAI-compatible endpoint (``http://127.0.0.1:8080/v1``); None is OpenAI.
        api_key: the endpoint's key; kept secret in reprs, logs and cassettes.
        model: the model name sent to the endpoint; :data:`STUB_MODEL` is the fake model,
            answering offline as the rules read each section.
        mode: how instructor asks for structured output (``tools``, ``json_schema``,
            ``json``, ``json_grammar``, ``md_json``); which ones an endpoint takes differs
            by server.
        concurrency: requests in flight at once, over all documents and sections.
        timeout: seconds before one HTTP request is abandoned (and retried).
        max_retries: transport retries per request (429, 5xx, timeouts, connection errors).
        retry_budget: seconds one request may spend in retries in all.
        retry_wait: the first backoff in seconds; it doubles (with jitter) up to 30 s.
        breaker: failed requests in a row, across the run, after which the endpoint is
            given up and the rest of the run goes on the rules.
        max_reasks: times an answer that fails validation goes back to the model.
        temperature: sampling temperature (part of the cache key).
        max_tokens: the most tokens one answer may take; each ask is bounded further by
            what its section can need.
        cache_dir: where LLM answers are cached; None disables the cache.
        max_bytes: inputs larger than this are refused with a clear error.
        force: redo inputs whose records the output folder already holds.
        sqlite: where the SQLite export goes; None writes none.
        silent: no progress bar and no summary line.
        prices: a price table (:mod:`pipeline.prices`) for cost estimates and the summary line.
        batch_poll: seconds between two looks at a provider batch (``--batch``).
        jobs: processes that read, segment and run the rules (rules backend); the
            output is the same whatever the number. 0 means one per CPU this process may
            use.
        reposts: look for near-duplicate notices and set their ``duplicate_of``
            (:mod:`pipeline.run.reposts`).
    """

    model_config = ConfigDict(frozen=True)

    backend: Literal["rules", "llm", "auto"] = "rules"
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    mode: Mode = "tools"
    concurrency: int = Field(default=8, ge=1)
    timeout: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=4, ge=0)
    retry_budget: float = Field(default=300.0, gt=0)
    retry_wait: float = Field(default=1.0, ge=0)
    breaker: int = Field(default=8, ge=1)
    max_reasks: int = Field(default=2, ge=0)
    temperature: float = 0.0
    max_tokens: int = Field(default=4096, gt=0)
    cache_dir: Path | None = None
    max_bytes: int = Field(default=MAX_BYTES, gt=0)
    force: bool = False
    sqlite: Path | None = None
    silent: bool = False
    jobs: int = Field(default=1, ge=0)
    batch_poll: float = Field(default=30.0, ge=0)
    prices: Path | None = None
    reposts: bool = True

    @field_validator("jobs")
    @classmethod
    def _one_job_per_cpu(cls, jobs: int) -> int:
        if jobs:
            return jobs
        # The CPUs this process may run on: a container or taskset may allow fewer than exist.
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    @model_validator(mode="after")
    def _llm_needs_an_endpoint(self) -> "Config":
        if self.backend == "llm" and not self.endpoint_configured:
            raise ValueError("--backend llm needs an endpoint: set OPENAI_API_KEY, or --base-url "
                             "(OPENAI_BASE_URL) for a server such as llama.cpp or vLLM")
        return self

    @classmethod
    def load(cls, environ: Mapping[str, str], *, no_cache: bool = False, **flags) -> "Config":
        """Build the config: flags that were given, else environment variables, else defaults.

        Args:
            environ: the environment (``os.environ``); read for :data:`ENV_VARS` and HOME.
            no_cache: leave the answer cache off.
            **flags: settings from the command line; None means "not given".

        Returns:
            The config; the cache defaults to ``~/.cache/notice-pipeline``.

        Raises:
            pydantic.ValidationError: a value out of range or of the wrong kind.
        """
        values = {name: value for name, value in flags.items() if value is not None}
        for name, var in ENV_VARS.items():
            if name not in values and environ.get(var):
                values[name] = environ[var]
        if no_cache:
            values["cache_dir"] = None
        elif "cache_dir" not in values:
            values["cache_dir"] = Path(environ.get("HOME", "~")).expanduser() / ".cache" / "notice-pipeline"
        return cls(**values)

    @property
    def endpoint_configured(self) -> bool:
        # The fake model is its own endpoint.
        return bool(self.base_url or self.api_key) or self.model == STUB_MODEL

    def price(self) -> Price | None:
        """The price of :attr:`model` from the price table; None without a table or entry.

        Raises:
            UsageError: the price table cannot be read.
        """
        return load_prices(self.prices).get(self.model) if self.prices else None

    @property
    def uses_llm(self) -> bool:
        """Whether this run asks a model (``auto`` resolved)."""
        return self.backend == "llm" or (self.backend == "auto" and self.endpoint_configured)
