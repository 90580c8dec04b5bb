"""The LLM backend against a stub endpoint (httpx MockTransport): the happy path, every
fault the issue lists, the cache, the cross-check and the config. No network."""

import asyncio
import json
import logging

import httpx2
import pytest

from pipeline.assemble import build_notice
from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.ingest.source import read_source
from pipeline.llm.cache import AnswerCache
from pipeline.llm.client import LLMClient
from pipeline.llm.extract import llm_notice
from pipeline.llm.prompts import PROMPT_VERSION, SECTION_PROMPTS
from pipeline.llm.stub import RulesStub, completion

from .conftest import GOLD_DIR, SAMPLE

SECRET = "sk-test-DO-NOT-LEAK-1234567890abcdef"
# 14 problems + header + organisation + summary; the outline is not asked, since the
# sample's part roles are no close call.
SAMPLE_SECTIONS = 17


@pytest.fixture(scope="module")
def source():
    return read_source(str(SAMPLE))


@pytest.fixture(scope="module")
def rules(source):
    return build_notice(source)


def config(**overrides) -> Config:
    settings = dict(backend="llm", base_url="http://stub.test/v1", model="stub-model",
                    api_key=SECRET, retry_wait=0.001, timeout=5, cache_dir=None)
    return Config(**{**settings, **overrides})


def extract(source, handler, **overrides):
    async def go():
        async with LLMClient(config(**overrides), httpx2.MockTransport(handler)) as client:
            return await llm_notice(source, client)
    return asyncio.run(go())


def content(notice):
    return notice.model_dump(exclude={"provenance"})


def test_sample_through_the_llm_path(source, rules):
    stub = RulesStub([source])
    notice = extract(source, stub)
    prov = notice.provenance
    assert (prov.backend, prov.model, prov.prompt_version) == ("llm", "stub-model", PROMPT_VERSION)
    assert prov.fallbacks == [] and prov.warnings == []
    assert len(stub.requests) == SAMPLE_SECTIONS
    assert prov.outline_confidence == 1.0
    assert [s.section for s in prov.sections][:3] == ["header", "organization", "problem 1"]
    assert {s.backend for s in prov.sections} == {"llm"}
    assert {s.attempts for s in prov.sections} == {1}
    # Tokens are the usage the endpoint reported, summed over every request.
    usage = [completion(body, {})["usage"] for body in stub.requests]
    assert prov.tokens.prompt == sum(u["prompt_tokens"] for u in usage) > 0
    assert prov.tokens.completion == sum(s.completion_tokens for s in prov.sections) > 0
    # The stub answers what the rules found; spans are recomputed from the text.
    assert content(notice) == content(rules)


def test_requests_carry_the_contract_and_the_section(source):
    stub = RulesStub([source])
    extract(source, stub)
    body = stub.requests[2]
    assert body["model"] == "stub-model" and body["temperature"] == 0
    system, user = body["messages"][:2]
    assert "in_progress" in system["content"] and "《》" in system["content"]
    assert user["content"].strip().endswith(source.text[slice(*build_notice(source).problems[0].span)].strip())
    assert body["tools"][0]["function"]["name"] == "ProblemAnswer"


def _fails_first(times: int, response: httpx2.Response, stub):
    calls = []

    def handler(request):
        calls.append(request)
        return response if len(calls) <= times else stub(request)
    return handler, calls


def test_429_then_200_is_retried_honouring_retry_after(source, rules, tmp_path):
    stub = RulesStub([source])
    handler, calls = _fails_first(1, httpx2.Response(429, headers={"Retry-After": "0"}, json={}), stub)
    notice = extract(source, handler)
    assert len(calls) == SAMPLE_SECTIONS + 1
    assert notice.provenance.fallbacks == [] and content(notice) == content(rules)
    handler, calls = _fails_first(2, httpx2.Response(503, json={}), stub)
    summary = run_inputs([str(SAMPLE)], tmp_path, config(), transport=httpx2.MockTransport(handler))
    assert summary.retried == 2 and f"{SAMPLE_SECTIONS + 2} requests sent (2 of them retries)" in summary.line()


def test_retry_after_is_read_in_seconds_and_as_a_date():
    from pipeline.llm.transport import retry_after

    assert retry_after(httpx2.Response(429, headers={"Retry-After": "7"})) == 7
    assert retry_after(httpx2.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0
    assert retry_after(httpx2.Response(503)) == 0


def _always_500(calls):
    def handler(request):
        calls.append(request)
        return httpx2.Response(500, json={"error": {"message": "boom"}})
    return handler


def test_repeated_500_opens_the_breaker_and_every_section_falls_back(source, rules):
    calls = []
    notice = extract(source, _always_500(calls), max_retries=2, breaker=5, concurrency=4)
    # Five failures in a row open it; the requests already in flight are the only others.
    assert 5 <= len(calls) <= 5 + 4
    assert notice.provenance.backend == "rules"
    # Sections whose tries were under way when it opened fall back for their own failure.
    reasons = {f.reason for f in notice.provenance.fallbacks}
    assert "endpoint given up: HTTP 500, 5 failed requests in a row" in reasons
    assert reasons <= {"endpoint given up: HTTP 500, 5 failed requests in a row", "transport: HTTP 500 after retries"}
    assert len(notice.provenance.fallbacks) == SAMPLE_SECTIONS
    assert content(notice) == content(rules)  # a complete record all the same


def test_without_the_breaker_each_section_is_retried_then_falls_back(source, rules):
    calls = []
    notice = extract(source, _always_500(calls), max_retries=2, breaker=10_000)
    assert len(calls) == SAMPLE_SECTIONS * 3  # first try + 2 retries each
    assert {f.reason for f in notice.provenance.fallbacks} == {"transport: HTTP 500 after retries"}
    assert content(notice) == content(rules)


def test_a_stuck_request_times_out_and_falls_back(source, rules):
    async def handler(request):
        await asyncio.sleep(10)

    notice = extract(source, handler, timeout=0.05, max_retries=1, breaker=10_000)
    assert {f.reason.split(":")[0] for f in notice.provenance.fallbacks} == {"timeout"}
    assert content(notice) == content(rules)


def test_invalid_json_is_reasked_twice_then_falls_back(source, rules):
    calls = []

    def handler(request):
        calls.append(json.loads(request.content))
        body = completion(calls[-1], {})
        body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = "{not json"
        return httpx2.Response(200, json=body)
    notice = extract(source, handler)
    assert len(calls) == SAMPLE_SECTIONS * 3  # 1 + 2 re-asks
    assert {f.reason.split(":")[0] for f in notice.provenance.fallbacks} == {"invalid"}
    assert {s.attempts for s in notice.provenance.sections} == {3}
    assert content(notice) == content(rules)


def _tampered(stub, change):
    def handler(request):
        body = json.loads(request.content)
        status, answer = stub.answer(body)
        call = answer["choices"][0]["message"]["tool_calls"][0]["function"]
        call["arguments"] = json.dumps(change(json.loads(call["arguments"])), ensure_ascii=False)
        return httpx2.Response(status, json=answer)
    return handler


def _with_wrong_figure(answer):
    for measure in answer.get("measures", []):
        for metric in measure["metrics"]:
            metric["value"] = 999999
    return answer


def test_schema_valid_but_ungrounded_numbers_fall_back_after_reasks(source, rules):
    stub = RulesStub([source])
    notice = extract(source, _tampered(stub, _with_wrong_figure))
    fallbacks = {f.section: f.reason for f in notice.provenance.fallbacks}
    # Problem 1's first measure states 41家 first; the model claimed 999999家.
    assert fallbacks["problem 1"] == "ungrounded: measures.0: metric 999999家 is not written in the measure's text"
    assert "header" not in fallbacks and "summary" not in fallbacks
    reask = [b for b in stub.requests if "999999" in json.dumps(b["messages"], ensure_ascii=False)]
    assert reask, "the grounding error goes back to the model"
    assert content(notice) == content(rules)


def test_statuses_are_arbitrated_and_every_disagreement_is_a_warning(source, rules):
    """A model that calls everything completed: where the rules found an in_progress cue
    they are kept (an arbitration), where they found no cue the model's reading is
    taken (a cross-check warning)."""
    stub = RulesStub([source])

    def completed(answer):
        for measure in answer.get("measures", []):
            measure["status"] = "completed"
        return answer
    notice = extract(source, _tampered(stub, completed))
    measures = [(i, m) for i, p in enumerate(rules.problems, 1) for m in p.measures]
    kept = [f"problem {i} measure {m.ordinal}: kept the rules' status in_progress over the llm's completed "
            "(a status cue of the contract)" for i, m in measures if m.status == "in_progress"]
    taken = [f"problem {i} measure {m.ordinal}: status llm completed, rules reported"
             for i, m in measures if m.status == "reported"]
    assert kept and taken
    warnings = notice.provenance.warnings
    assert [w for w in warnings if "kept the rules' status" in w] == kept
    assert [w for w in warnings if "status llm" in w and w.startswith("problem")] == taken
    assert len(notice.provenance.arbitrations) == len(kept) + sum(
        m.status == "in_progress" for m in rules.organization_measures)
    final = [m.status for p in notice.problems for m in p.measures]
    assert final == ["in_progress" if m.status == "in_progress" else "completed" for _, m in measures]


def test_wrong_key_gives_up_once_and_the_batch_runs_on_rules(tmp_path, caplog, capsys):
    calls = []

    def handler(request):
        calls.append(request)
        assert request.headers["authorization"] == f"Bearer {SECRET}"
        return httpx2.Response(401, json={"error": {"message": f"Incorrect API key provided: {SECRET[:8]}***"}})
    other = tmp_path / "copy.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    caplog.set_level(logging.DEBUG)
    summary = run_inputs([str(SAMPLE), str(other)], tmp_path / "out", config(concurrency=1),
                        transport=httpx2.MockTransport(handler))
    assert len(calls) == 1  # no request after the refusal
    assert summary.given_up == "the endpoint refused the request: HTTP 401"
    assert "given up (the endpoint refused the request: HTTP 401)" in summary.line()
    lines = (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    notices = [json.loads(line) for line in lines]
    assert [n["provenance"]["backend"] for n in notices] == ["rules", "rules"]
    assert len(notices[0]["problems"]) == 14
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.*sv*")) + "".join(lines)
    said = caplog.text + "".join(capsys.readouterr())
    assert SECRET not in written + said and SECRET[:8] not in written + said


def test_the_cache_answers_a_rerun_without_any_request(source, tmp_path):
    stub = RulesStub([source])
    first = extract(source, stub, cache_dir=tmp_path)
    assert len(stub.requests) == SAMPLE_SECTIONS

    def no_network(request):
        raise AssertionError("a cached rerun made an HTTP request")
    again = extract(source, no_network, cache_dir=tmp_path)
    assert content(again) == content(first)
    assert {s.cached for s in again.provenance.sections} == {True}
    assert again.provenance.tokens.prompt == 0
    # Another model is another question.
    extract(source, stub, cache_dir=tmp_path, model="other-model")
    assert len(stub.requests) == 2 * SAMPLE_SECTIONS


def test_a_failing_answer_cache_is_left_with_one_warning_and_fails_no_notice(source, tmp_path, monkeypatch):
    opened = AnswerCache.__init__

    def locked_after_opening(self, folder):
        opened(self, folder)
        self._db.close()  # every later statement fails, as a locked or damaged file would

    monkeypatch.setattr(AnswerCache, "__init__", locked_after_opening)
    stub = RulesStub([source])
    summary = run_inputs([str(SAMPLE)], tmp_path / "out", config(cache_dir=tmp_path / "cache"),
                        transport=httpx2.MockTransport(stub))
    assert (summary.documents, summary.failures) == (1, 0)
    assert len(stub.requests) == SAMPLE_SECTIONS
    record = json.loads((tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8"))
    assert record["provenance"]["backend"] == "llm" and record["provenance"]["fallbacks"] == []
    assert summary.line().count("The answer cache failed (Cannot operate on a closed database.) and the run "
                                "went on without it") == 1


def test_failures_are_never_cached_so_a_rerun_asks_again(source, tmp_path):
    stub = RulesStub([source])
    first = extract(source, _tampered(stub, _with_wrong_figure), cache_dir=tmp_path)
    failed = {f.section for f in first.provenance.fallbacks}
    assert "problem 1" in failed
    asked = len(stub.requests)
    again = extract(source, stub, cache_dir=tmp_path)
    # Only the sections that failed are asked again (once each, now answered right).
    assert len(stub.requests) - asked == len(failed)
    assert again.provenance.fallbacks == []


def test_a_cached_answer_that_no_longer_grounds_falls_back_and_is_dropped(source, tmp_path):
    from pipeline.llm.cache import AnswerCache

    stub = RulesStub([source])
    extract(source, stub, cache_dir=tmp_path)
    cache = AnswerCache(tmp_path)
    rows = cache._db.execute("SELECT key, answer FROM answers").fetchall()
    key, answer = next((k, a) for k, a in rows if "41" in a and '"title"' in a)
    cache.put(key, answer.replace('"value":41', '"value":999999'))
    cache.close()
    again = extract(source, lambda r: pytest.fail("no request expected"), cache_dir=tmp_path, breaker=10_000)
    fallbacks = {f.section: f.reason for f in again.provenance.fallbacks}
    assert fallbacks == {"problem 1": "ungrounded: cached answer, measures.0: metric 999999家 is not written "
                                      "in the measure's text"}
    assert AnswerCache(tmp_path).get(key) is None


def test_llm_scores_like_the_rules_on_the_sample(source, tmp_path):
    from pipeline.evaluate import load_gold, load_predictions, score

    summary = run_inputs([str(SAMPLE)], tmp_path, config(), transport=httpx2.MockTransport(RulesStub([source])))
    assert (summary.backend, summary.requests, summary.fallbacks) == ("llm", SAMPLE_SECTIONS, {})
    report = score(load_gold(GOLD_DIR), load_predictions(str(tmp_path / "notices.jsonl")))
    fields = report["micro"]["fields"]
    assert fields["problems"]["f1"] == fields["measures"]["f1"] == fields["metrics"]["f1"] == 1.0


def test_config_flags_win_over_the_environment():
    env = {"OPENAI_API_KEY": SECRET, "OPENAI_BASE_URL": "http://env/v1", "PIPELINE_MODEL": "env-model",
           "PIPELINE_MODE": "json", "HOME": "/home/someone"}
    c = Config.load(env, model="flag-model", base_url=None, mode=None)
    assert (c.model, c.base_url, c.mode) == ("flag-model", "http://env/v1", "json")
    assert c.api_key.get_secret_value() == SECRET and SECRET not in repr(c) + str(c)
    assert str(c.cache_dir) == "/home/someone/.cache/notice-pipeline"
    assert Config.load(env, no_cache=True).cache_dir is None
    assert Config.load({}, backend="auto").uses_llm is False
    assert Config.load({"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1"}, backend="auto").uses_llm is True


# The outline ask is compared in tests/test_parts.py (it needs a notice with a close call).
@pytest.mark.parametrize("kind", [kind for kind in SECTION_PROMPTS if kind != "outline"])
def test_prompt_renderings_match_the_checked_in_ones(source, kind):
    """Every prompt change shows as a diff of tests/fixtures/prompts/KIND.txt."""
    from pipeline.llm.extract import plan
    from pipeline.llm.prompts import prompt_messages
    from pipeline.segment import segment

    _, _, grounding = next(a for a in plan(segment(source.text)) if a[1] == kind)
    system, user = prompt_messages(kind, grounding.text)
    expected = (SAMPLE.parents[1] / "tests" / "fixtures" / "prompts" / f"{kind}.txt").read_text(encoding="utf-8")
    assert f"--- system ---\n{system['content']}--- user ---\n{user['content']}" == expected


def test_notice_text_is_sent_verbatim_never_as_a_template(source):
    """Notice text is untrusted: ``{{ … }}`` or ``{% … %}`` in it must reach the model as
    written (instructor would render the messages as Jinja if given a context)."""
    from dataclasses import replace

    text = source.text.replace("以“增量”带动发展。", "以“增量”带动发展{{ 7*7 }}{% if x %}。", 1)
    assert text != source.text
    tricky = replace(source, text=text)
    stub = RulesStub([tricky])
    notice = extract(tricky, stub)
    assert notice.provenance.fallbacks == []
    sent = [m["content"] for b in stub.requests for m in b["messages"] if m["role"] == "user"]
    assert any("{{ 7*7 }}{% if x %}" in m for m in sent)


def test_summary_table_figures_are_grounded_by_header_and_cell():
    """A table figure's text is its header and cell ("反馈问题（个） 24"), not one phrase."""
    table = read_source(str(SAMPLE.parents[1] / "tests" / "fixtures" / "heldout2" / "jxslt-xs-2024.html"))
    notice = extract(table, RulesStub([table]))
    assert notice.provenance.fallbacks == []
    first = notice.summary[0]
    assert (first.kind, first.value, first.text) == ("problems_total", 24, "反馈问题（个） 24")
    assert table.text[slice(*first.span)] == "24"
    assert content(notice) == content(build_notice(table))


def test_a_server_that_is_down_is_given_up_after_one_request_s_retries(source, rules):
    calls = []

    def handler(request):
        calls.append(request)
        raise httpx2.ConnectError("connection refused", request=request)
    notice = extract(source, handler, max_retries=2, concurrency=1)
    assert len(calls) == 3  # the first section's try and 2 retries; nothing after
    assert {f.reason for f in notice.provenance.fallbacks} == {
        "endpoint given up: no connection to the endpoint after retries"}
    assert content(notice) == content(rules)


def test_llm_backend_without_an_endpoint_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner(env={"OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}).invoke(
        cli, ["run", str(SAMPLE), "--out", str(tmp_path), "--backend", "llm"])
    assert result.exit_code == 2
    assert "--backend llm needs an endpoint" in result.output
