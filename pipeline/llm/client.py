"""The client: one OpenAI-compatible endpoint behind instructor, a global concurrency
limit, transport retries, an answer cache and token accounting.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache

import httpx2
import instructor
import openai
from instructor.core.exceptions import InstructorRetryException
from instructor.core.hooks import Hooks
from instructor.v2.core.response_model import prepare_response_model
from instructor.v2.validation import async_validators
from pydantic import BaseModel, ValidationError

from ..config import Config
from ..errors import LLMError, LLMUnavailable
from ..records import SCHEMA_VERSION
from .answers import ANSWERS, GROUNDING, UNGROUNDED
from .cache import AnswerCache, cache_key
from .grounding import Grounding
from .prompts import CONTRACT, SECTION_PROMPTS, render
from .transport import RetryingTransport

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
# instructor logs every failed attempt with the provider's message; our fallbacks and
# the summary line report them instead, once and without anything secret.
logging.getLogger("instructor").setLevel(logging.CRITICAL)


def _once_per_model(check):
    """``check(model)``, run once per model that passed it; a model never changes."""
    passed = set()

    def checked(model):
        try:
            if model in passed:
                return
        except TypeError:  # an unhashable typing construct: just check it
            return check(model)
        check(model)
        passed.add(model)
    return checked


# instructor walks the whole answer model, seven times per request, to refuse async
# validators: a fifth of the client's time with 32 requests in flight. Once is enough.
async_validators.reject_async_validators = _once_per_model(async_validators.reject_async_validators)
# instructor wraps a plain model in a new class on every call, which defeats its own
# schema cache; wrapped once here, the schema is built once per kind.
_PREPARED = {kind: prepare_response_model(model) for kind, model in ANSWERS.items()}
# Statuses that no retry can fix: the endpoint, model name or key is wrong.
REFUSED = {400, 401, 403, 404}


@dataclass
class Asked:
    """The outcome of asking about one section.

    Attributes:
        answer: the validated, grounded answer; None when it failed.
        failure: why there is no answer.
        prompt_tokens, completion_tokens: spent on this section, re-asks included
            (0 when it came from the cache).
        attempts: requests made for it (1 + re-asks); 0 from the cache.
        cached: whether it came from the cache.
    """

    answer: BaseModel | None
    failure: LLMError | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    cached: bool = False


class LLMClient:
    """Asks the model about sections; use ``async with``.

    Args:
        config: endpoint, model, mode, limits and cache location.
        transport: what sends HTTP requests; tests pass an ``httpx2.MockTransport``.
    """

    def __init__(self, config: Config, transport: httpx2.AsyncBaseTransport | None = None):
        self.config = config
        self.transport = RetryingTransport(
            transport or httpx2.AsyncHTTPTransport(), max_retries=config.max_retries,
            timeout=config.timeout, budget=config.retry_budget, initial_wait=config.retry_wait)
        self._openai = openai.AsyncOpenAI(
            # Local servers (llama.cpp, vLLM) take any key; the client insists on one.
            api_key=config.api_key.get_secret_value() if config.api_key else "no-key",
            base_url=config.base_url, max_retries=0, timeout=config.timeout,
            http_client=httpx2.AsyncClient(transport=self.transport, timeout=config.timeout))
        self._instructor = instructor.from_openai(self._openai, mode=MODES[config.mode])
        self._limit = asyncio.Semaphore(config.concurrency)
        self.cache = AnswerCache(config.cache_dir) if config.cache_dir else None
        self.unavailable: LLMUnavailable | None = None

    async def __aenter__(self) -> "LLMClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self._openai.close()
        if self.cache:
            self.cache.close()

    def _key(self, kind: str, messages: list[dict]) -> str:
        c = self.config
        return cache_key(
            messages=messages, answer=_answer_schema(kind), schema=SCHEMA_VERSION,
            prompts=[CONTRACT, SECTION_PROMPTS[kind]], model=c.model, mode=c.mode,
            temperature=c.temperature, max_tokens=c.max_tokens, base_url=c.base_url)

    async def ask(self, kind: str, section: str, grounding: Grounding) -> Asked:
        """Ask the model for one section's records.

        Args:
            kind: ``header``, ``organization``, ``problem`` or ``summary``.
            section: the section's name in provenance (``problem 3``).
            grounding: the section's text and the checks its answer must pass.

        Returns:
            The answer, or the failure with its reason; never raises for the model's
            or the endpoint's faults.
        """
        messages = render(kind, grounding.text)
        key = self._key(kind, messages)
        GROUNDING.set(grounding)
        if self.cache and (hit := self.cache.get(key)):
            answer, failure = hit
            if answer is not None:
                return Asked(ANSWERS[kind].model_validate_json(answer), cached=True)
            return Asked(None, LLMError(failure, section=section, reason=failure.split(":")[0]), cached=True)
        responses = []
        hooks = Hooks()
        hooks.on("completion:response", responses.append)
        async with self._limit:
            # Checked once a slot is ours: requests queued behind a refusal are never sent.
            if self.unavailable:
                return Asked(None, _unavailable(self.unavailable.message, section))
            try:
                answer, completion = await self._instructor.chat.completions.create_with_completion(
                    model=self.config.model, messages=messages, response_model=_PREPARED[kind],
                    max_retries=self.config.max_reasks, hooks=hooks,
                    temperature=self.config.temperature, max_tokens=self.config.max_tokens)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a fallback, never a crash
                return self._failed(exc, key, section, len(responses))
        # instructor sums the usage of every attempt, re-asks included.
        usage = completion.usage
        asked = Asked(answer, prompt_tokens=usage.prompt_tokens if usage else 0,
                      completion_tokens=usage.completion_tokens if usage else 0, attempts=len(responses))
        if self.cache:
            self.cache.put(key, answer.model_dump_json(), None)
        return asked

    def _give_up(self, message: str, section: str, tokens: tuple[int, int], attempts: int) -> Asked:
        """Mark the endpoint unavailable: no further request is sent to it."""
        self.unavailable = self.unavailable or LLMUnavailable(message, section=section, reason="unavailable")
        return Asked(None, _unavailable(message, section), *tokens, attempts)

    def _failed(self, exc: Exception, key: str, section: str, attempts: int) -> Asked:
        cause = exc.__cause__ if isinstance(exc, InstructorRetryException) and exc.__cause__ else exc
        usage = getattr(exc, "total_usage", None)
        tokens = (getattr(usage, "prompt_tokens", 0) or 0, getattr(usage, "completion_tokens", 0) or 0)
        if isinstance(cause, openai.APIStatusError) and cause.status_code in REFUSED:
            # Only the status: a 401 body may echo part of the key.
            return self._give_up(f"the endpoint refused the request: HTTP {cause.status_code}", section, tokens, attempts)
        if isinstance(cause, openai.APITimeoutError):
            reason, message = "timeout", f"no answer within {self.config.timeout:g}s after retries"
        elif isinstance(cause, openai.APIConnectionError):
            # Retried already: a server that is down would cost every request the same wait.
            return self._give_up("no connection to the endpoint after retries", section, tokens, attempts)
        elif isinstance(cause, openai.APIStatusError):
            reason, message = "transport", f"HTTP {cause.status_code} after retries"
        else:
            text = str(cause)
            reason = UNGROUNDED if UNGROUNDED in text else "invalid"
            message = _first_error(cause) if isinstance(cause, ValidationError) else text.splitlines()[0][:200]
            if self.cache:
                self.cache.put(key, None, f"{reason}: {message}")
        return Asked(None, LLMError(f"{reason}: {message}", section=section, reason=reason), *tokens, attempts)


def _unavailable(message: str, section: str) -> LLMError:
    return LLMError(f"unavailable: {message}", section=section, reason="unavailable")


@lru_cache(maxsize=None)
def _answer_schema(kind: str) -> str:
    """A digest of the answer's JSON schema: a changed answer model is a new question."""
    schema = json.dumps(ANSWERS[kind].model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ").removeprefix(f"{UNGROUNDED}: ")
    return f"{where}: {message}" if where else message
