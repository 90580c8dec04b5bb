"""The LLM path against a scripted model whose answers differ from the rules on purpose:
grounded answers reach the record (where the rules are unsure), ungrounded and invalid
ones fall back with their reason, sure readings of the rules are kept (arbitration), and
every disagreement is written down. No network."""

import asyncio
import json
from pathlib import Path

import httpx2

from pipeline.assemble import build_notice
from pipeline.batch import run_batch
from pipeline.config import Config
from pipeline.ingest import read_source
from pipeline.llm.client import LLMClient
from pipeline.llm.extract import llm_notice

from .conftest import SAMPLE
from .scripted import ScriptedModel

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPTED = FIXTURES / "scripted" / "scripted.txt"
MISREAD = FIXTURES / "misread" / "beishan-slj-2024.txt"


def config(**overrides) -> Config:
    settings = dict(backend="llm", base_url="http://scripted.test/v1", model="scripted", mode="json",
                    retry_wait=0.001, timeout=5, cache_dir=None, concurrency=1)
    return Config(**{**settings, **overrides})


def extract(source, model, **overrides):
    async def go():
        async with LLMClient(config(**overrides), httpx2.MockTransport(model)) as client:
            return await llm_notice(source, client)
    return asyncio.run(go())


def _measure(text, status, metrics=()):
    return {"text": text, "status": status, "documents": [],
            "metrics": [{"value": v, "unit": u, "indicator": i, "qualifier": None} for v, u, i in metrics]}


# Problem 1's heading has a space the rules cut it at; problem 1's second measure and
# problem 2 (one paragraph, two actions) carry no status cue the rules know.
SCRIPT = {
    ("header", "柳溪镇"): [{
        "title": "中共柳溪镇委员会", "issuer": "中共柳溪镇委员会", "published_on": "2024-09-20",
        "inspection": {"level": "county", "kind": "常规", "round": 9, "group": "县委第一巡察组",
                       "target": "柳溪镇党委", "start_on": "2024-04-08", "end_on": "2024-05-17",
                       "feedback_on": "2024-06-12"}}],
    ("problem", "食堂采购"): [{
        "title": "食堂采购管理不规范 部分票据未经审核即入账",
        "measures": [_measure("重新修订食堂采购管理规定，实行采购、验收、保管三人分离。", "reported"),
                     _measure("对2023年以来的采购台账逐笔核对，多付的款项已悉数追回入账。", "completed")]}],
    ("problem", "村级项目"): [{
        "title": "村级项目监管薄弱",
        "measures": [_measure("对辖区内在建的9个村级项目开展现场核查，督促施工方补齐质量检测报告。", "in_progress",
                              [(9, "个", "村级项目")]),
                     _measure("同时委托第三方对5个已完工项目开展决算审计。", "reported", [(5, "个", "已完工项目")])]}],
    # A quote the section does not hold, however often it is asked again.
    ("problem", "担当作为"): [{"title": "干部担当作为不够",
                             "measures": [_measure("开展专题教育5场，覆盖全体干部。", "completed")]}],
    # Schema-invalid: no such kind.
    ("summary", "柳溪镇"): [{"stats": [{"kind": "bogus", "value": 3, "unit": "场", "text": "3场"}]}],
}


def test_grounded_answers_reach_the_record_and_bad_ones_fall_back_with_their_reason():
    source = read_source(str(SCRIPTED))
    rules = build_notice(source)
    model = ScriptedModel(source, SCRIPT)
    notice = extract(source, model)
    prov = notice.provenance

    # Where the rules are unsure, the model's grounded reading is the record's.
    first, second, third = notice.problems
    assert (rules.problems[0].title, first.title) == ("食堂采购管理不规范", "食堂采购管理不规范 部分票据未经审核即入账")
    assert [m.status for m in rules.problems[0].measures] == ["reported", "reported"]
    assert [m.status for m in first.measures] == ["reported", "completed"]
    # One paragraph to the rules, two measures to the model: the model's split, with the
    # rules' reading kept where it is sure (已完工 is a completion cue).
    assert len(rules.problems[1].measures) == 1
    assert [(m.ordinal, m.text, m.status) for m in second.measures] == [
        (1, "对辖区内在建的9个村级项目开展现场核查，督促施工方补齐质量检测报告。", "in_progress"),
        (2, "同时委托第三方对5个已完工项目开展决算审计。", "completed")]
    assert [[(x.value, x.unit) for x in m.metrics] for m in second.measures] == [[(9, "个")], [(5, "个")]]
    assert source.text[slice(*second.measures[1].span)] == second.measures[1].text

    # Ungrounded after two re-asks, invalid after two re-asks: the rules' records stay.
    assert third == rules.problems[2]
    assert notice.summary == rules.summary
    reasons = {f.section: f.reason for f in prov.fallbacks}
    assert reasons == {
        "problem 3": "ungrounded: measures.0: measure text '开展专题教育5场，覆盖全体干部。' is not in the section; "
                     "copy it exactly",
        "summary": "invalid: stats.0.kind: Input should be 'problems_total', 'problems_completed', "
                   "'problems_in_progress', 'completion_rate', 'rules_established', 'funds_recovered', "
                   "'people_disciplined', 'cases_filed', 'clues_transferred' or 'other'",
    }
    assert {s.section: s.attempts for s in prov.sections if s.attempts != 1} == {"problem 3": 3, "summary": 3}
    assert [(s.section, s.backend) for s in prov.sections] == [
        ("outline", "llm"), ("header", "llm"), ("organization", "llm"), ("problem 1", "llm"),
        ("problem 2", "llm"), ("problem 3", "rules"), ("summary", "rules")]

    # Sure readings of the rules are kept, each written down.
    assert (notice.title, notice.inspection.round) == (rules.title, 4)
    assert [(a.section, a.field, a.rules, a.llm) for a in prov.arbitrations] == [
        ("header", "title", "中共柳溪镇委员会关于县委第四轮巡察整改进展情况的通报", "中共柳溪镇委员会"),
        ("header", "inspection.round", "4", "9"),
        ("problem 2 measure 2", "status", "completed", "reported"),
    ]
    assert prov.warnings == [
        "problem 1 measure 2: status llm completed, rules reported",
        "problem 2: llm gives 2 measures, rules 1",
        "problem 2 measure 1: status llm in_progress, rules completed",
        "header: kept the rules' title 中共柳溪镇委员会关于县委第四轮巡察整改进展情况的通报 over the llm's "
        "中共柳溪镇委员会 (found as the notice's title line)",
        "header: kept the rules' inspection.round 4 over the llm's 9 (found in a 第N轮 phrase)",
        "problem 2 measure 2: kept the rules' status completed over the llm's reported (a status cue of the contract)",
    ]
    assert prov.backend == "llm"


def test_the_error_goes_back_to_the_model_and_a_fixed_answer_is_taken():
    source = read_source(str(SCRIPTED))
    wrong = SCRIPT[("problem", "担当作为")][0]
    right = {"title": "干部担当作为不够", "measures": [
        _measure("开展专题教育3场，覆盖镇村干部126人次。", "completed", [(3, "场", "开展专题教育")])]}
    model = ScriptedModel(source, {("problem", "担当作为"): [wrong, right]})
    notice = extract(source, model)
    reask = [body for kind, body in model.requests if kind == "problem" and "担当作为" in json.dumps(body, ensure_ascii=False)]
    assert len(reask) == 2
    assert "is not in the section; copy it exactly" in json.dumps(reask[1]["messages"], ensure_ascii=False)
    assert notice.problems[2].measures[0].text == "开展专题教育3场，覆盖镇村干部126人次。"
    # The model gave one measure for the rules' two; the rules' 2 items stand (numbered list).
    assert len(notice.problems[2].measures) == 2
    assert notice.provenance.fallbacks == []
    # The section's tokens are those of its two requests, each counted once.
    section = next(s for s in notice.provenance.sections if s.section == "problem 3")
    assert section.attempts == 2
    assert section.prompt_tokens == sum(sum(len(m.get("content") or "") for m in body["messages"]) // 2
                                        for body in reask)


def test_the_models_outline_rescues_a_layout_the_rules_misread():
    source = read_source(str(MISREAD))
    right = json.loads(MISREAD.with_suffix(".roles.json").read_text(encoding="utf-8"))["roles"]
    rules = build_notice(source)
    assert rules.problems == [] and rules.provenance.coverage < 0.6
    outline_answer = {"roles": [{"line": n, "role": role} for n, role in enumerate(right, 1)]}
    model = ScriptedModel(source, {("outline", "[1]"): [outline_answer]}, roles=right)
    notice = extract(source, model)
    assert [p.title for p in notice.problems] == ["理论武装不够扎实", "水利工程资金拨付滞后", "河道采砂监管存在漏洞"]
    assert [len(p.measures) for p in notice.problems] == [2, 2, 3]
    assert notice.provenance.coverage > 0.8
    took = [w for w in notice.provenance.warnings if w.startswith("outline:")]
    assert len(took) == 1 and took[0].startswith("outline: took the llm's roles over the rules' (rules' coverage 27%)")
    assert "[6] organization_item/problem" in took[0]


def test_an_outline_that_does_not_nest_is_refused_and_the_rules_table_stays():
    source = read_source(str(MISREAD))
    rules = build_notice(source)
    n = len(json.loads(MISREAD.with_suffix(".roles.json").read_text(encoding="utf-8"))["roles"])
    nonsense = {"roles": [{"line": i, "role": "measure"} for i in range(1, n + 1)]}
    notice = extract(source, ScriptedModel(source, {("outline", "[1]"): [nonsense]}))
    reasons = {f.section: f.reason for f in notice.provenance.fallbacks}
    assert reasons["outline"] == "ungrounded: the roles do not nest: line [1]: measure is not a part role"
    assert notice.problems == rules.problems


def test_a_sure_outline_of_the_rules_is_kept_over_the_models():
    from pipeline.segment import segment

    source = read_source(str(SAMPLE))
    rules = build_notice(source)
    rules_roles = segment(source.text).roles
    assert rules_roles[0] == "organization_part" and rules.provenance.coverage > 0.9
    # A consistent table that reads the organisation part as "other": valid, and wrong.
    answer = {"roles": [{"line": 1, "role": "other"}] +
                       [{"line": n, "role": r} for n, r in enumerate(rules_roles[1:], 2)]}
    notice = extract(source, ScriptedModel(source, {("outline", "[1]"): [answer]}))
    assert notice.problems == rules.problems
    assert notice.organization_measures == rules.organization_measures
    assert [(a.field, a.rules) for a in notice.provenance.arbitrations] == [
        ("outline", "roles (rules/llm: [1] organization_part/other)")]


def test_a_refused_key_sends_one_request_and_the_batch_runs_on_rules(tmp_path):
    source = read_source(str(SCRIPTED))
    refusal = httpx2.Response(401, json={"error": {"message": "invalid key"}})
    model = ScriptedModel(source, {("outline", "[1]"): [refusal]})
    summary = run_batch([str(SCRIPTED)], tmp_path, config(), transport=httpx2.MockTransport(model))
    assert len(model.requests) == 1
    assert summary.given_up == "the endpoint refused the request: HTTP 401"
    record = json.loads((tmp_path / "notices.jsonl").read_text(encoding="utf-8"))
    assert record["provenance"]["backend"] == "rules"
    assert {f["reason"] for f in record["provenance"]["fallbacks"]} == {
        "endpoint given up: the endpoint refused the request: HTTP 401"}


def test_an_endpoint_that_refuses_the_mode_is_given_up_at_once_with_the_mode_to_try(tmp_path):
    """llama-cpp-python answers --mode json_schema with HTTP 500 naming response_format."""
    source = read_source(str(SCRIPTED))
    refusal = httpx2.Response(500, json={"error": {"message": "1 validation error: ('body', 'response_format', "
                                                                "'type') Input should be 'text' or 'json_object'"}})
    model = ScriptedModel(source, {("outline", "[1]"): [refusal]})
    summary = run_batch([str(SCRIPTED)], tmp_path, config(mode="json_schema"), transport=httpx2.MockTransport(model))
    assert len(model.requests) == 1  # not retried, and nothing asked after it
    assert summary.given_up == ("the endpoint refuses --mode json_schema (HTTP 500, its error names the "
                                "structured-output option); try --mode json")
    assert "try --mode json" in summary.line()


def test_a_title_quoted_from_the_signature_is_not_taken_even_where_the_rules_found_none():
    """What the 0.5B model did on the sample: the signature line as the title."""
    source = read_source(str(SAMPLE))
    rules = build_notice(source)
    assert rules.title is None
    header = {"title": "中共连云港高新技术产业开发区工作委员会", "issuer": rules.issuer, "published_on": "2024-04-03",
              "inspection": rules.inspection.model_dump(mode="json")}
    notice = extract(source, ScriptedModel(source, {("header", "高新区党工委"): [header]}))
    assert notice.title is None
    assert [(a.field, a.rules, a.llm, a.reason) for a in notice.provenance.arbitrations] == [
        ("title", "null", "中共连云港高新技术产业开发区工作委员会",
         "a title stands in the opening lines, not in the signature")]
