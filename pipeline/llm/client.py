"""The client: one OpenAI-compatible endpoint behind instructor, the run's throttle and
circuit breaker, an answer cache and token accounting.
"""

from __future__ import annotations

import hashlib
import json
import logging
import ssl
from dataclasses import dataclass
from functools import lru_cache

import httpx2
import instructor
import openai
from instructor.core.exceptions import InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from pipeline.config import STUB_MODEL, Config
from pipeline.errors import LLMError
from pipeline.records import SCHEMA_VERSION
from pipeline.llm.answers import ANSWERS, GROUNDING, UNGROUNDED
from pipeline.llm.cache import AnswerCache, cache_key
from pipeline.llm.grounding import Grounding
from pipeline.llm.prompts import ask_digest, prompt_messages
from pipeline.llm.transport import MODE_REFUSAL, Breaker, EndpointGivenUp, RetryingTransport, Throttle

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    # json, with the answer's schema in response_format as llama.cpp's servers take it
    # (llama-server and llama-cpp-python): they compile it into a grammar, so even a small
    # model can only write an answer of the right shape (see constrained()).
    "json_grammar": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
# The mode to suggest when an endpoint refuses the one asked for.
_FALLBACK_MODE = {"tools": "json", "json_schema": "json", "json": "md_json", "json_grammar": "json",
                  "md_json": "json"}


def constrained(kind: str, mode: str, text: str) -> dict | None:
    """The ``response_format`` that replaces instructor's under ``--mode json_grammar``:
    ``json_object`` with the answer's JSON schema, the outline ask's roles held to one per
    part (a line of its ``text`` each); None under every other mode."""
    if mode != "json_grammar":
        return None
    schema = ANSWERS[kind].model_json_schema()
    if kind == "outline":
        parts = len(text.splitlines())
        schema["properties"]["roles"].update(minItems=parts, maxItems=parts)
    return {"type": "json_object", "schema": schema}

# instructor logs every failed attempt with the provider's message; our fallbacks and
# the summary line report them instead, once and without anything secret.
logging.getLogger("instructor").setLevel(logging.CRITICAL)
# Statuses that no retry can fix: the endpoint, model name or key is wrong.
REFUSED = {400, 401, 403, 404}
GIVEN_UP = "endpoint given up"
# Tokens an answer may need beyond copying its section: JSON keys, statuses, metrics.
# A small model can run on to the server's limit (2,047 tokens in 172 s seen with
# llama.cpp), so each ask is bounded by what its section can need.
_ANSWER_OVERHEAD = {"outline": 60, "header": 400, "organization": 300, "problem": 300, "summary": 500}
_TOKENS_PER_CHAR = {"outline": 0.05, "header": 0.0, "organization": 1.5, "problem": 1.5, "summary": 0.3}


def answer_budget(kind: str, text: str, cap: int) -> int:
    """``max_tokens`` for one ask: what copying the section's text back can take, capped."""
    return min(cap, _ANSWER_OVERHEAD[kind] + int(_TOKENS_PER_CHAR[kind] * len(text)))


@dataclass
class AskOutcome:
    """The outcome of asking about one section.

    Attributes:
        answer: the validated, grounded answer; None when it failed.
        failure: why there is no answer.
        prompt_tokens, completion_tokens: spent on this section, re-asks included
            (0 when it came from the cache).
        cached_tokens: of the prompt tokens, those the endpoint says it served from its
            prompt-prefix cache (0 where it does not say).
        attempts: requests made for it (1 + re-asks); 0 from the cache.
        cached: whether it came from our answer cache.
    """

    answer: BaseModel | None
    failure: LLMError | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    attempts: int = 0
    cached: bool = False


class LLMClient:
    """Asks the model about sections; use ``async with``. One client serves a whole run.

    Args:
        config: endpoint, model, mode, limits and cache location.
        transport: what sends HTTP requests; tests pass an ``httpx2.MockTransport``.

    Attributes:
        stub: under ``--model stub`` with no transport given, the fake model the requests
            go to (:class:`~pipeline.llm.stub.RulesStub`; show it each notice with
            ``learn``); else None.
    """

    def __init__(self, config: Config, transport: httpx2.AsyncBaseTransport | None = None):
        self.config = config
        self.stub = None
        if transport is None and config.model == STUB_MODEL:
            from pipeline.llm.stub import RulesStub  # imports the rules, which extract imports too

            self.stub = RulesStub([])
            transport = httpx2.MockTransport(self.stub)
        self.breaker = Breaker(config.breaker)
        self._throttle = Throttle(config.concurrency)
        self.transport = RetryingTransport(
            transport or httpx2.AsyncHTTPTransport(verify=_tls()), max_retries=config.max_retries,
            timeout=config.timeout, budget=config.retry_budget, initial_wait=config.retry_wait,
            breaker=self.breaker, throttle=self._throttle)
        self._openai = openai.AsyncOpenAI(
            # Local servers (llama.cpp, vLLM) take any key; the client insists on one.
            api_key=config.api_key.get_secret_value() if config.api_key else "no-key",
            base_url=config.base_url, max_retries=0, timeout=config.timeout,
            http_client=httpx2.AsyncClient(transport=self.transport, timeout=config.timeout))
        self._instructor = instructor.from_openai(self._openai, mode=MODES[config.mode])
        self.cache = AnswerCache(config.cache_dir) if config.cache_dir else None

    async def __aenter__(self) -> "LLMClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self._openai.close()
        if self.cache:
            self.cache.close()

    @property
    def given_up(self) -> str | None:
        """Why the endpoint was given up for the rest of the run; None while it is in use."""
        return self.breaker.reason

    async def ask(self, kind: str, section: str, grounding: Grounding) -> AskOutcome:
        """Ask the model for one section's records.

        Args:
            kind: ``outline``, ``header``, ``organization``, ``problem`` or ``summary``.
            section: the section's name in provenance (``problem 3``).
            grounding: the section's text and the checks its answer must pass.

        Returns:
            The answer, or the failure with its reason; never raises for the model's
            or the endpoint's faults.
        """
        messages = prompt_messages(kind, grounding.text)
        max_tokens = answer_budget(kind, grounding.text, self.config.max_tokens)
        key = ask_key(self.config, kind, messages, max_tokens)
        GROUNDING.set(grounding)
        if self.cache and (hit := self._from_cache(kind, key, section)):
            return hit
        attempts: list[tuple[int, int, int]] = []
        hooks = Hooks()
        # Read at once: after the hook, instructor overwrites a response's usage with the
        # running total of the ask, so summing the responses later counted re-asks twice.
        hooks.on("completion:response", lambda response: attempts.append(_usage_of(response)))
        async with self._throttle:
            # Checked once a slot is ours: requests queued behind a give-up are never sent.
            if self.given_up:
                return AskOutcome(None, _given_up(self.given_up, section))
            try:
                grammar = constrained(kind, self.config.mode, grounding.text)
                answer = await self._instructor.chat.completions.create(
                    model=self.config.model, messages=messages, response_model=ANSWERS[kind],
                    max_retries=self.config.max_reasks, hooks=hooks,
                    temperature=self.config.temperature, max_tokens=max_tokens,
                    **({"extra_body": {"response_format": grammar}} if grammar else {}))
            except Exception as exc:  # noqa: BLE001 - every failure becomes a fallback, never a crash
                return self._failed(exc, section, _usage(attempts))
        if self.cache:
            self.cache.put(key, answer.model_dump_json())
        return AskOutcome(answer, None, *_usage(attempts))

    def _from_cache(self, kind: str, key: str, section: str) -> AskOutcome | None:
        """A cached answer, checked against the text again; one that no longer passes
        (the checks changed since) is dropped and the section falls back."""
        answer = self.cache.get(key)
        if answer is None:
            return None
        try:
            return AskOutcome(ANSWERS[kind].model_validate_json(answer), cached=True)
        except ValidationError as exc:
            self.cache.drop(key)
            return AskOutcome(None, rejection(exc, section, "cached answer, "), cached=True)

    def _failed(self, exc: Exception, section: str, usage: tuple[int, ...]) -> AskOutcome:
        cause = exc.__cause__ if isinstance(exc, InstructorRetryException) and exc.__cause__ else exc
        given_up = _cause_chain(cause, EndpointGivenUp)
        if given_up:
            return AskOutcome(None, _given_up(str(given_up), section), *usage)
        if isinstance(cause, openai.APIStatusError) and MODE_REFUSAL.search(_body(cause)):
            mode = self.config.mode
            self.breaker.open(f"the endpoint refuses --mode {mode} (HTTP {cause.status_code}, its error names "
                              f"the structured-output option); try --mode {_FALLBACK_MODE[mode]}")
        elif isinstance(cause, openai.APIStatusError) and cause.status_code in REFUSED:
            # Only the status: a 401 body may echo part of the key.
            self.breaker.open(f"the endpoint refused the request: HTTP {cause.status_code}")
        elif isinstance(cause, openai.APIConnectionError) and not isinstance(cause, openai.APITimeoutError):
            # Retried already: a server that is down would cost every request the same wait.
            self.breaker.open("no connection to the endpoint after retries")
        if self.given_up:
            return AskOutcome(None, _given_up(self.given_up, section), *usage)
        if isinstance(cause, openai.APITimeoutError):
            reason, message = "timeout", f"no answer within {self.config.timeout:g}s after retries"
        elif isinstance(cause, openai.APIStatusError):
            reason, message = "transport", f"HTTP {cause.status_code} after retries"
        elif isinstance(cause, ValidationError):
            return AskOutcome(None, rejection(cause, section), *usage)
        else:
            text = str(cause)
            reason, message = (UNGROUNDED if UNGROUNDED in text else "invalid"), text.splitlines()[0][:200]
        return AskOutcome(None, LLMError(f"{reason}: {message}", section=section, reason=reason), *usage)


def _given_up(why: str, section: str) -> LLMError:
    return LLMError(f"{GIVEN_UP}: {why}", section=section, reason=GIVEN_UP)


def _usage_of(response) -> tuple[int, int, int]:
    """(prompt, completion, cached prompt tokens) of one response; zeros without usage."""
    usage = getattr(response, "usage", None)
    if usage is None:
        return 0, 0, 0
    details = getattr(usage, "prompt_tokens_details", None)
    return usage.prompt_tokens or 0, usage.completion_tokens or 0, getattr(details, "cached_tokens", 0) or 0


def _usage(attempts: list[tuple[int, int, int]]) -> tuple[int, int, int, int]:
    """(prompt, completion, cached prompt tokens, requests) over every attempt of one ask."""
    return (*(sum(column) for column in zip(*attempts)), len(attempts)) if attempts else (0, 0, 0, 0)


def _cause_chain(exc: BaseException | None, kind: type) -> BaseException | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _body(error: openai.APIStatusError) -> str:
    try:
        return error.response.text
    except (httpx2.ResponseNotRead, UnicodeDecodeError):
        return ""


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    # What the transport makes by default; loading the certificates takes 19 ms, so once a
    # process rather than once a run (a warm-cache rerun is 0.2 s in all).
    return httpx2.create_ssl_context()


def ask_key(config: Config, kind: str, messages: list[dict], max_tokens: int) -> str:
    """The answer cache's key for one ask: everything that shapes its answer.

    Args:
        config: model, mode, temperature and endpoint.
        kind: the kind of section asked about.
        messages: the rendered prompt (:func:`~pipeline.llm.prompts.prompt_messages`).
        max_tokens: the ask's answer cap (:func:`answer_budget`).
    """
    return cache_key(
        messages=messages, answer=_answer_schema(kind), schema=SCHEMA_VERSION,
        prompt=ask_digest(kind), model=config.model, mode=config.mode,
        temperature=config.temperature, max_tokens=max_tokens, base_url=config.base_url)


@lru_cache(maxsize=None)
def _answer_schema(kind: str) -> str:
    """A digest of the answer's JSON schema: a changed answer model is a new question."""
    schema = json.dumps(ANSWERS[kind].model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()


def rejection(error: ValidationError, section: str, note: str = "") -> LLMError:
    """Why an answer that failed validation falls back: ``ungrounded`` when a grounding
    check failed, else ``invalid``, with the first error (``measures.0: …``).

    Args:
        error: what validating the answer raised.
        section: the section's name in provenance.
        note: words to put before the error (``cached answer, ``).
    """
    reason = UNGROUNDED if UNGROUNDED in str(error) else "invalid"
    return LLMError(f"{reason}: {note}{_first_error(error)}", section=section, reason=reason)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ").removeprefix(f"{UNGROUNDED}: ")
    return f"{where}: {message}" if where else message
