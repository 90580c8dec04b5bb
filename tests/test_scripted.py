"""The LLM path against a scripted model whose answers differ from the rules on purpose:
grounded answers reach the record (where the rules are unsure), ungrounded and invalid
ones fall back with their reason, sure readings of the rules are kept (arbitration), and
every disagreement is written down. No network."""

import asyncio
import json
from pathlib import Path

import httpx2

from pipeline.assemble import build_notice
from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.ingest.source import read_source
from pipeline.llm.client import LLMClient
from pipeline.llm.extract import llm_notice

from .conftest import SAMPLE
from .scripted import ScriptedModel

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPTED = FIXTURES / "scripted" / "scripted.txt"
AMBIGUOUS = FIXTURES / "ambiguous" / "songping-ggj-2024.txt"


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
        "inspection": {"level": "county", "kind": "专项", "round": 4, "group": "县委第一巡察组",
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
    # Its parts are no close call: the outline is not asked.
    assert [(s.section, s.backend) for s in prov.sections] == [
        ("header", "llm"), ("organization", "llm"), ("problem 1", "llm"),
        ("problem 2", "llm"), ("problem 3", "rules"), ("summary", "rules")]

    # Sure readings of the rules are kept, each written down.
    assert (notice.title, notice.inspection.kind) == (rules.title, "常规")
    assert [(a.section, a.field, a.rules, a.llm) for a in prov.arbitrations] == [
        ("header", "title", "中共柳溪镇委员会关于县委第四轮巡察整改进展情况的通报", "中共柳溪镇委员会"),
        ("header", "inspection.kind", "常规", "专项"),
        ("problem 2 measure 2", "status", "completed", "reported"),
    ]
    assert prov.warnings == [
        "problem 1 measure 2: status llm completed, rules reported",
        "problem 2: llm gives 2 measures, rules 1",
        "problem 2 measure 1: status llm in_progress, rules completed",
        "header: kept the rules' title 中共柳溪镇委员会关于县委第四轮巡察整改进展情况的通报 over the llm's "
        "中共柳溪镇委员会 (found as the notice's title line)",
        "header: kept the rules' inspection.kind 常规 over the llm's 专项 (named in the text (常规, 专项, 联动 …))",
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


def test_on_a_close_call_the_model_is_asked_the_part_roles_and_its_answer_is_applied():
    source = read_source(str(AMBIGUOUS))
    rules = build_notice(source)
    # Two slogan parts of flat numbered items: organisation then problems, or two groups of
    # problems? The shape cannot tell, and the record says so.
    assert rules.provenance.outline_confidence < 0.6
    assert [w for w in rules.provenance.warnings if w.startswith("outline:")] == [
        "outline: close call on part 1 “凝心聚力抓推进”: organization or problems (confidence 0.56); "
        "check what was read from it"]
    assert len(rules.problems) == 3 and len(rules.organization_measures) == 2
    model = ScriptedModel(source, {("outline", "[1]"): [{"roles": ["problems", "problems"]}]},
                          kinds=("problems", "problems"))
    notice = extract(source, model)
    asked = [body for kind, body in model.requests if kind == "outline"]
    assert len(asked) == 1
    # The ask is the part lines alone, no contract (the system message is the answer schema
    # that json mode adds): a few dozen tokens a part.
    assert [m["role"] for m in asked[0]["messages"]] == ["system", "user"]
    assert asked[0]["messages"][-1]["content"].strip().endswith(
        "[1] 凝心聚力抓推进 — first part; 2 items, flat, 0 一是 items under them; size 88% of the largest part; "
        "how much of it plans ahead 0%, reports work done 0%, states figures 10%\n"
        "[2] 对标对表抓提升 — last part; 3 items, flat, 0 一是 items under them; size 100% of the largest part; "
        "how much of it plans ahead 0%, reports work done 0%, states figures 14%")
    assert [p.title for p in notice.problems] == [
        "交易文件范本更新不及时", "场地见证记录不完整", "专家抽取管理不够严格", "保证金退付偏慢", "内控制度执行打折扣"]
    assert notice.organization_measures == []
    took = [w for w in notice.provenance.warnings if w.startswith("outline: took")]
    assert took == ["outline: took the llm's part roles over the rules' close call (confidence 0.56): "
                    "part 1 organization -> problems"]
    # The close call itself stays on the record: the model decided it, not the shape.
    assert notice.provenance.outline_confidence == rules.provenance.outline_confidence


def test_part_roles_out_of_reading_order_are_refused_and_the_rules_table_stays():
    source = read_source(str(AMBIGUOUS))
    rules = build_notice(source)
    notice = extract(source, ScriptedModel(source, {("outline", "[1]"): [{"roles": ["next_steps", "problems"]}]}))
    reasons = {f.section: f.reason for f in notice.provenance.fallbacks}
    assert reasons["outline"] == ("ungrounded: the roles are out of order: overview or organization parts come "
                                  "first, then problems parts, then at most one next_steps part")
    assert notice.problems == rules.problems


def test_a_round_not_written_as_such_is_refused():
    """第一巡察组 is the group's number: a model that reads it as the round is refused."""
    source = read_source(str(SCRIPTED))
    header = dict(SCRIPT[("header", "柳溪镇")][0])
    header["inspection"] = {**header["inspection"], "round": 1}
    notice = extract(source, ScriptedModel(source, {("header", "柳溪镇"): [header]}))
    assert {f.section: f.reason for f in notice.provenance.fallbacks}["header"] == (
        "ungrounded: round 1 is not written in the text as 第N轮 (a group's number is no round)")
    assert notice.inspection.round == 4


def test_part_roles_the_shape_finds_implausible_are_refused_and_written_down():
    """What the 0.5B model answered (the prompt's role list, cut to the number of parts):
    a table without a problems part, far below the close call."""
    source = read_source(str(AMBIGUOUS))
    rules = build_notice(source)
    notice = extract(source, ScriptedModel(source, {("outline", "[1]"): [{"roles": ["overview", "organization"]}]}))
    assert notice.problems == rules.problems and notice.organization_measures == rules.organization_measures
    assert [(a.section, a.field, a.rules, a.llm) for a in notice.provenance.arbitrations] == [
        ("outline", "part roles", "organization, problems", "overview, organization")]
    assert notice.provenance.arbitrations[0].reason == "the shape gives that table 0.0% of the chosen one's weight"


def test_json_grammar_holds_the_outline_answer_to_one_role_per_part():
    source = read_source(str(AMBIGUOUS))
    model = ScriptedModel(source, {("outline", "[1]"): [{"roles": ["problems", "problems"]}]},
                          kinds=("problems", "problems"))
    extract(source, model, mode="json_grammar")
    formats = {kind: body["response_format"] for kind, body in model.requests}
    assert formats["outline"] == {"type": "json_object", "schema": {
        "properties": {"roles": {"items": {"enum": ["overview", "organization", "problems", "next_steps"],
                                           "type": "string"},
                                 "title": "Roles", "type": "array", "minItems": 2, "maxItems": 2}},
        "required": ["roles"], "title": "OutlineAnswer", "type": "object"}}
    assert formats["problem"]["type"] == "json_object" and formats["problem"]["schema"]["title"] == "ProblemAnswer"


def test_no_outline_is_asked_when_the_shape_decides():
    source = read_source(str(SAMPLE))
    model = ScriptedModel(source, {("outline", "[1]"): [{"roles": ["overview", "problems", "next_steps"]}]})
    notice = extract(source, model)
    assert "outline" not in {kind for kind, _ in model.requests}
    assert notice.provenance.outline_confidence == 1.0
    assert "outline" not in {s.section for s in notice.provenance.sections}


def test_a_refused_key_sends_one_request_and_the_batch_runs_on_rules(tmp_path):
    source = read_source(str(SCRIPTED))
    refusal = httpx2.Response(401, json={"error": {"message": "invalid key"}})
    model = ScriptedModel(source, {("header", "柳溪镇"): [refusal]})
    summary = run_inputs([str(SCRIPTED)], tmp_path, config(), transport=httpx2.MockTransport(model))
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
    model = ScriptedModel(source, {("header", "柳溪镇"): [refusal]})
    summary = run_inputs([str(SCRIPTED)], tmp_path, config(mode="json_schema"), transport=httpx2.MockTransport(model))
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
