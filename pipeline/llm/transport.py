"""Transport retries: 429, 5xx, timeouts and dropped connections, below the OpenAI client.

Retrying here, not in the client, keeps them apart from instructor's validation
re-asks: a 503 during a re-ask repeats that one request, not the whole exchange.
400/401/403/404 pass straight through: retrying cannot fix them.
"""

from __future__ import annotations

import asyncio
import email.utils
import time

import httpx2
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, stop_after_delay, wait_exponential_jitter

RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}


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
    """Wraps a transport with tenacity retries and a hard per-attempt deadline.

    Args:
        inner: the transport that sends requests (``httpx2.AsyncHTTPTransport`` or a mock).
        max_retries: attempts after the first.
        timeout: seconds one attempt may take, however the server trickles bytes.
        budget: seconds all attempts of one request may take together.
        initial_wait, max_wait: exponential backoff with jitter between these bounds.
    """

    def __init__(self, inner: httpx2.AsyncBaseTransport, *, max_retries: int, timeout: float,
                 budget: float, initial_wait: float = 1.0, max_wait: float = 30.0):
        self.inner = inner
        self.max_retries = max_retries
        self.timeout = timeout
        self.budget = budget
        self._backoff = wait_exponential_jitter(multiplier=initial_wait, max=max_wait, jitter=initial_wait)
        self.retried = 0  # attempts repeated, for the run's summary

    def _wait(self, state) -> float:
        error = state.outcome.exception()
        asked = retry_after(error.response) if isinstance(error, _Retry) else 0.0
        return min(max(asked, self._backoff(state)), self.budget)

    async def _attempt(self, request: httpx2.Request) -> httpx2.Response:
        try:
            response = await asyncio.wait_for(self.inner.handle_async_request(request), self.timeout)
        except (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError) as exc:
            raise _Retry(error=exc) from exc
        except asyncio.TimeoutError as exc:
            raise _Retry(error=httpx2.ReadTimeout(f"no answer in {self.timeout:g}s", request=request)) from exc
        if response.status_code in RETRY_STATUS:
            await response.aread()
            raise _Retry(response=response)
        return response

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_retries + 1) | stop_after_delay(self.budget),
            wait=self._wait,
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
