"""A dead endpoint costs seconds, not hours: across a batch of 50 notices, the circuit
breaker stops asking after --breaker failed requests in a row, and every notice is
finished on the rules."""

import asyncio
import json

import httpx2
import pytest

from pipeline.run import run_inputs
from pipeline.config import Config

from .conftest import SAMPLE

NOTICES = 50
BREAKER, CONCURRENCY = 8, 4


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fifty")
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(NOTICES):
        (folder / f"n{i:02d}.txt").write_text(text, encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def _run(inputs, tmp_path, handler, **overrides):
    calls = []

    async def counted(request):
        calls.append(request)
        return await handler(request)
    config = Config(**{**dict(backend="llm", base_url="http://dead.test/v1", model="m", cache_dir=None,
                              retry_wait=0.001, timeout=5, breaker=BREAKER, concurrency=CONCURRENCY),
                       **overrides})
    summary = run_inputs(inputs, tmp_path, config, transport=httpx2.MockTransport(counted))
    records = [json.loads(line) for line in (tmp_path / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    return summary, records, calls


def _finished_on_rules(records):
    assert len(records) == NOTICES
    assert {r["provenance"]["backend"] for r in records} == {"rules"}
    assert {len(r["problems"]) for r in records} == {14}


async def _always_500(request):
    return httpx2.Response(500, json={"error": {"message": "boom"}})


async def _always_429(request):
    return httpx2.Response(429, headers={"Retry-After": "0"}, json={"error": {"message": "slow down"}})


async def _hangs(request):
    await asyncio.sleep(30)


def test_an_always_500_endpoint_gets_at_most_breaker_plus_concurrency_requests(inputs, tmp_path):
    summary, records, calls = _run(inputs, tmp_path, _always_500)
    assert BREAKER <= len(calls) <= BREAKER + CONCURRENCY
    assert summary.given_up == f"HTTP 500, {BREAKER} failed requests in a row"
    _finished_on_rules(records)
    assert "given up (HTTP 500, 8 failed requests in a row); the rest ran on rules" in summary.line()


def test_an_always_429_endpoint_is_slowed_down_first_then_given_up(inputs, tmp_path):
    summary, records, calls = _run(inputs, tmp_path, _always_429)
    # Concurrency 4 halves twice (4 → 2 → 1) before a 429 counts as a failure.
    assert BREAKER <= len(calls) <= BREAKER + CONCURRENCY + 2
    assert summary.given_up == f"HTTP 429, {BREAKER} failed requests in a row"
    _finished_on_rules(records)


def test_a_hanging_endpoint_is_bounded_by_the_timeout_and_the_breaker(inputs, tmp_path):
    summary, records, calls = _run(inputs, tmp_path, _hangs, timeout=0.05)
    assert BREAKER <= len(calls) <= BREAKER + CONCURRENCY
    assert summary.given_up == f"no answer in 0.05s, {BREAKER} failed requests in a row"
    _finished_on_rules(records)


def test_a_passing_burst_of_429s_slows_the_batch_and_it_recovers(inputs, tmp_path):
    from pipeline.llm.stub import RulesStub
    from pipeline.ingest.source import read_source

    stub = RulesStub([read_source(inputs[0])])
    seen = []

    async def burst(request):
        seen.append(request)
        if len(seen) <= 3:
            return httpx2.Response(429, headers={"Retry-After": "0"}, json={})
        return stub(request)
    summary, records, calls = _run(inputs[:2], tmp_path, burst)
    assert summary.given_up is None
    assert {r["provenance"]["backend"] for r in records} == {"llm"}
    assert all(r["provenance"]["fallbacks"] == [] for r in records)


def test_the_throttle_hands_slots_over_in_order_halves_on_a_429_and_climbs_back():
    from pipeline.llm.transport import Throttle

    async def main():
        throttle, active, entered = Throttle(4), [0], []

        async def request(i):
            async with throttle:
                active[0] += 1
                entered.append((i, active[0]))
                if i == 20:
                    throttle.slow_down()  # a 429: 2 in flight from now on
                if i >= 60:
                    throttle.recover()  # successes raise the limit again, a slot at a time
                await asyncio.sleep(0.001)
                active[0] -= 1

        # A waiter left asleep would hang the gather: the timeout turns that into a failure.
        await asyncio.wait_for(asyncio.gather(*(request(i) for i in range(200))), 5)
        return dict(entered), [i for i, _ in entered]

    in_flight, order = asyncio.run(main())
    assert order == list(range(200))  # first come, first served
    assert max(in_flight.values()) == 4
    # 21-23 had their slots before the 429; from 24 on, 2 at most until successes raise it.
    assert max(in_flight[i] for i in range(24, 61)) == 2
    assert max(in_flight[i] for i in range(61, 200)) == 4


def test_a_cancelled_ask_never_keeps_a_slot_of_the_throttle():
    from pipeline.llm.transport import Throttle

    async def main():
        throttle = Throttle(1)

        async def ask():
            async with throttle:
                await asyncio.sleep(0)

        await throttle.__aenter__()
        waiting, handed, last = (asyncio.create_task(ask()) for _ in range(3))
        await asyncio.sleep(0)
        waiting.cancel()  # cancelled in the queue
        await asyncio.sleep(0)
        await throttle.__aexit__()  # the slot goes to the next in line...
        handed.cancel()  # ...which is cancelled before it runs: the slot must go on to `last`
        await asyncio.wait_for(asyncio.gather(waiting, handed, last, return_exceptions=True), 5)
        return throttle.active, waiting.cancelled(), handed.cancelled(), last.done() and not last.cancelled()

    assert asyncio.run(main()) == (0, True, True, True)
