"""Transport: retries, a run-wide circuit breaker and 429 throttling, below the OpenAI client.

Retrying here, not in the client, keeps them apart from instructor's validation
re-asks: a 503 during a re-ask repeats that one request, not the whole exchange.
400/401/403/404 pass straight through: retrying cannot fix them; nor can a request whose
error names the structured-output option (``response_format``, ``tools``), which an
endpoint refuses for every section alike.

Retries alone would let a dead endpoint cost hours: every section of every notice would
be retried on its own. The :class:`Breaker` counts failed attempts across the whole
run; after ``threshold`` in a row (no success in between) it opens, and every request
from then on fails at once, so the run finishes on the rules.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
import time
from collections import deque

import httpx2
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, stop_after_delay, wait_exponential_jitter

RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}
# An error body that names the structured-output option: the endpoint does not support
# the --mode asked for (llama-cpp-python answers json_schema with HTTP 500 naming it).
MODE_REFUSAL = re.compile(r"response_format|json_schema|tool_choice|\btools\b|function.call", re.I)


class EndpointGivenUp(httpx2.TransportError):
    """The breaker is open: no request is sent any more."""


class Breaker:
    """Gives the endpoint up after ``threshold`` failed attempts in a row, run-wide.

    Args:
        threshold: consecutive failed attempts (5xx, persistent 429, timeouts, dropped
            connections) that open it; any success resets the count.
    """

    def __init__(self, threshold: int):
        self.threshold = threshold
        self.failures = 0
        self.reason: str | None = None  # why it opened; None while closed
        self._opened = asyncio.Event()

    def success(self) -> None:
        self.failures = 0

    def failure(self, what: str) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.open(f"{what}, {self.failures} failed requests in a row")

    def open(self, reason: str) -> None:
        """Give the endpoint up (the first reason is kept)."""
        self.reason = self.reason or reason
        self._opened.set()

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the breaker opens meanwhile."""
        try:
            await asyncio.wait_for(self._opened.wait(), seconds)
        except asyncio.TimeoutError:
            pass


class Throttle:
    """The run's requests in flight: halved on a 429, raised by one on each success.

    Waiters get their slot in the order they came, handed over by the request that frees
    it: no waiter is woken for nothing (an asyncio.Condition woke every waiter on every
    finished request, about 100 wakeups a request at concurrency 32, and a woken waiter
    that lost the race went to the back of the queue).

    Args:
        limit: the configured concurrency, never exceeded.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.allowed = limit
        self.active = 0
        self._waiting: deque[asyncio.Future] = deque()

    async def __aenter__(self) -> None:
        if self.active < self.allowed and not self._waiting:
            self.active += 1
            return
        slot = asyncio.get_running_loop().create_future()
        self._waiting.append(slot)
        try:
            await slot  # done when a finishing request hands its slot over (active counts it)
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self._release()  # handed over just as this ask was cancelled
            raise

    async def __aexit__(self, *exc) -> None:
        self._release()

    def _release(self) -> None:
        self.active -= 1
        self._hand_over()

    def _hand_over(self) -> None:
        while self._waiting and self.active < self.allowed:
            slot = self._waiting.popleft()
            if not slot.done():  # a cancelled waiter's future is done already
                self.active += 1
                slot.set_result(None)

    def slow_down(self) -> bool:
        """Halve the requests in flight; False when already at one (slowing cannot help)."""
        if self.allowed == 1:
            return False
        self.allowed = max(1, self.allowed // 2)
        return True

    def recover(self) -> None:
        self.allowed = min(self.limit, self.allowed + 1)
        self._hand_over()


class _Retry(Exception):
    """One attempt that is worth repeating; holds the response (status) or the error."""

    def __init__(self, response: httpx2.Response | None = None, error: Exception | None = None):
        super().__init__(error or f"HTTP {response.status_code}")
        self.response = response
        self.error = error


def retry_after(response: httpx2.Response | None) -> float:
    """Seconds the server asked us to wait (``Retry-After``: seconds or an HTTP date), else 0."""
    value = response.headers.get("retry-after", "") if response is not None else ""
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else 0.0


class RetryingTransport(httpx2.AsyncBaseTransport):
    """Wraps a transport with tenacity retries, a hard per-attempt deadline and the breaker.

    Args:
        inner: the transport that sends requests (``httpx2.AsyncHTTPTransport`` or a mock).
        max_retries: attempts after the first.
        timeout: seconds one attempt may take, however the server trickles bytes.
        budget: seconds all attempts of one request may take together.
        breaker: the run's circuit breaker.
        throttle: the run's requests in flight, slowed down by 429s.
        initial_wait, max_wait: exponential backoff with jitter between these bounds.
    """

    def __init__(self, inner: httpx2.AsyncBaseTransport, *, max_retries: int, timeout: float,
                 budget: float, breaker: Breaker, throttle: Throttle, initial_wait: float = 1.0,
                 max_wait: float = 30.0):
        self.inner = inner
        self.max_retries = max_retries
        self.timeout = timeout
        self.budget = budget
        self.breaker = breaker
        self.throttle = throttle
        self._backoff = wait_exponential_jitter(multiplier=initial_wait, max=max_wait, jitter=initial_wait)
        self.sent = 0  # attempts that reached the endpoint, for the run's summary
        self.retried = 0  # attempts repeated, for the run's summary

    def _wait(self, state) -> float:
        error = state.outcome.exception()
        asked = retry_after(error.response) if isinstance(error, _Retry) else 0.0
        return min(max(asked, self._backoff(state)), self.budget)

    async def _attempt(self, request: httpx2.Request) -> httpx2.Response:
        if self.breaker.reason:
            raise EndpointGivenUp(self.breaker.reason, request=request)
        self.sent += 1
        try:
            response = await asyncio.wait_for(self.inner.handle_async_request(request), self.timeout)
        except (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError) as exc:
            self.breaker.failure(type(exc).__name__)
            raise _Retry(error=exc) from exc
        except asyncio.TimeoutError as exc:
            self.breaker.failure(f"no answer in {self.timeout:g}s")
            raise _Retry(error=httpx2.ReadTimeout(f"no answer in {self.timeout:g}s", request=request)) from exc
        if response.status_code in RETRY_STATUS:
            body = (await response.aread()).decode("utf-8", "replace")
            if response.status_code != 429 and MODE_REFUSAL.search(body):
                return response
            # A 429 first slows the run down; only one that comes at a single request
            # in flight is a failure that counts toward giving up.
            if response.status_code != 429 or not self.throttle.slow_down():
                self.breaker.failure(f"HTTP {response.status_code}")
            raise _Retry(response=response)
        self.breaker.success()
        self.throttle.recover()
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1) | stop_after_delay(self.budget),
            wait=self._wait,
            sleep=self.breaker.sleep,
            retry=retry_if_exception_type(_Retry),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    if attempt.retry_state.attempt_number > 1:
                        self.retried += 1
                    return await self._attempt(request)
        except _Retry as last:
            # Out of retries: hand the client the last answer (it raises the matching
            # APIStatusError) or the last transport error.
            if last.response is not None:
                return last.response
            raise last.error from None

    async def aclose(self) -> None:
        await self.inner.aclose()
