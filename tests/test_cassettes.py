"""The recording machinery: scrubbed headers, replay by body, and a scan of every
checked-in cassette for secrets."""

import asyncio

import httpx2

from pipeline.config import Config
from pipeline.ingest.source import read_source
from pipeline.llm.client import LLMClient
from pipeline.llm.extract import llm_notice
from pipeline.llm.stub import RulesStub

from .cassettes import CASSETTES, recorder, secrets_in
from .conftest import SAMPLE

KEY = "sk-proj-abcdefghijklmnop0123456789"


def _extract(source, transport, cassette, mode):
    vcr = recorder(mode)
    vcr.cassette_library_dir = str(cassette.parent)
    config = Config(backend="llm", base_url="http://127.0.0.1:9/v1", model="m", api_key=KEY,
                    cache_dir=None, concurrency=1)

    async def go():
        async with LLMClient(config, transport) as client:
            return await llm_notice(source, client)
    with vcr.use_cassette(cassette.name):
        return asyncio.run(go())


def test_a_recorded_exchange_is_scrubbed_and_replays_without_the_server(tmp_path):
    source = read_source(str(SAMPLE))
    stub = RulesStub([source])

    def server(request):
        response = stub(request)
        response.headers.update({"set-cookie": "session=abc", "openai-organization": "org-123",
                                 "x-request-id": "req-1"})
        return response
    cassette = tmp_path / "sample.yaml"
    recorded = _extract(source, httpx2.MockTransport(server), cassette, "all")
    text = cassette.read_text(encoding="utf-8")
    assert KEY not in text and "session=abc" not in text and "org-123" not in text
    assert secrets_in(cassette) == []
    assert text.count("uri: http://127.0.0.1:9/v1/chat/completions") == len(stub.requests) == 17

    def offline(request):
        raise AssertionError("replay must not reach the server")
    replayed = _extract(source, httpx2.MockTransport(offline), cassette, "none")
    assert replayed.model_dump() == recorded.model_dump()


def test_a_missing_cassette_never_reaches_the_server(tmp_path):
    source = read_source(str(SAMPLE))
    stub = RulesStub([source])
    notice = _extract(source, httpx2.MockTransport(stub), tmp_path / "absent.yaml", "none")
    # vcrpy refuses every request, so nothing is answered and an LLM assertion fails.
    assert stub.requests == []
    assert notice.provenance.backend == "rules"
    assert {f.reason for f in notice.provenance.fallbacks} == {"endpoint given up: no connection to the endpoint after retries"}


def test_the_secret_scan_finds_keys_and_auth_headers(tmp_path):
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(f"headers:\n  Authorization:\n  - Bearer {KEY}\n", encoding="utf-8")
    assert len(secrets_in(leaky)) >= 2


def test_checked_in_cassettes_hold_no_secrets():
    leaks = {p.name: secrets_in(p) for p in CASSETTES.glob("*.yaml")}
    assert {name: found for name, found in leaks.items() if found} == {}
