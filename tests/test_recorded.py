"""Real recordings, replayed offline: Qwen2.5-Coder-0.5B-Instruct served by
llama-cpp-python, asked in --mode json, and in --mode json_grammar for the notice whose
parts are a close call (cassettes/llm-*.yaml, recorded by scripts/record-cassettes). vcrpy replays with record mode none: a request the cassette
does not hold is refused, so a missing or altered cassette, a changed prompt, or a
change in how answers are merged shows here as a failure.

The tests assert the exact outcome: which sections used the model's answer, which fell
back and why, what was arbitrated, and the fields that came from the model.
"""

import asyncio
import json
from pathlib import Path

import pytest

from pipeline.assemble import build_notice
from pipeline.ingest.source import read_source
from pipeline.llm.client import LLMClient
from pipeline.llm.extract import llm_notice
from pipeline.llm.prompts import PROMPT_VERSION

from .cassettes import CASSETTES, RECORDED_MODEL, recorder, recording_config, secrets_in

ROOT = Path(__file__).resolve().parents[1]
RECORDED = ("sample", "ledger", "misread", "ambiguous")
MODES = {"ambiguous": "json_grammar"}  # how each was asked; the others in json


def about(name: str) -> dict:
    return json.loads((CASSETTES / f"llm-{name}.json").read_text(encoding="utf-8"))


def replay(name: str):
    """The notice extracted from the cassette alone, and the cassette (what it played)."""
    cassette_file = CASSETTES / f"llm-{name}.yaml"
    assert cassette_file.is_file(), f"{cassette_file.name} is missing: record it with scripts/record-cassettes"
    source = read_source(str(ROOT / about(name)["notice"]))

    async def go():
        async with LLMClient(recording_config(mode=about(name)["mode"])) as client:
            return await llm_notice(source, client)
    with recorder("none").use_cassette(cassette_file.name) as cassette:
        notice = asyncio.run(go())
    return source, notice, cassette


@pytest.mark.parametrize("name", RECORDED)
def test_each_cassette_says_what_it_was_recorded_with_and_holds_no_secret(name):
    recorded = about(name)
    assert (recorded["model"], recorded["mode"], recorded["prompt_version"]) == (
        RECORDED_MODEL, MODES.get(name, "json"), PROMPT_VERSION)
    assert recorded["server"].startswith("llama-cpp-python 0.3.")
    assert recorded["model_sha256"] == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    assert secrets_in(CASSETTES / f"llm-{name}.yaml") == []


@pytest.mark.parametrize("name", RECORDED)
def test_a_replay_plays_every_recorded_answer_and_asks_nothing_else(name):
    _, notice, cassette = replay(name)
    assert cassette.all_played and cassette.play_count == len(cassette) == about(name)["requests"]
    # Counted from the cassette's own usage blocks, one per request: not from our accounting.
    assert notice.provenance.tokens.model_dump() == about(name)["tokens"] == usage_in(name)
    assert not any(f.reason.startswith("endpoint given up") for f in notice.provenance.fallbacks)


def exchanges(name: str) -> list[dict]:
    import yaml

    return yaml.safe_load((CASSETTES / f"llm-{name}.yaml").read_text(encoding="utf-8"))["interactions"]


def usage_in(name: str) -> dict[str, int]:
    """The tokens of every recorded response, summed."""
    usages = [json.loads(e["response"]["body"]["string"]).get("usage") or {} for e in exchanges(name)]
    return {"prompt": sum(u.get("prompt_tokens", 0) for u in usages),
            "completion": sum(u.get("completion_tokens", 0) for u in usages),
            "cached": sum((u.get("prompt_tokens_details") or {}).get("cached_tokens", 0) for u in usages)}


def statuses_said(name: str) -> dict[str, list[list]]:
    """Per section, the statuses the model wrote in each recorded answer that parses as
    JSON, in the order asked: what the recorded answers say, whether or not they were used."""
    from pipeline.llm.extract import outline_ask, plan
    from pipeline.llm.prompts import prompt_messages
    from pipeline.segment import segment

    source = read_source(str(ROOT / about(name)["notice"]))
    outline = segment(source.text)
    asks = [a for a in [outline_ask(outline), *plan(outline)] if a]
    section = {prompt_messages(kind, g.text)[-1]["content"]: ask_name for ask_name, kind, g in asks}
    said: dict[str, list[list]] = {}
    for exchange in exchanges(name):
        asked = json.loads(exchange["request"]["body"])["messages"][1]["content"]
        answer = json.loads(exchange["response"]["body"]["string"])["choices"][0]["message"]["content"]
        try:
            measures = json.loads(answer).get("measures")
        except (ValueError, AttributeError):
            continue  # cut off at max_tokens, or not an object
        if isinstance(measures, list):
            said.setdefault(section[asked], []).append([m.get("status") for m in measures if isinstance(m, dict)])
    return said


def sections(notice) -> list[tuple[str, str, int]]:
    return [(s.section, s.backend, s.attempts) for s in notice.provenance.sections]


def test_the_sample_every_answer_of_the_small_model_falls_back_and_the_record_is_the_rules():
    """The 0.5B model on the sample: no answer passes the checks, so the record is
    exactly the rules' one, and each fallback says why."""
    source, notice, _ = replay("sample")
    assert sections(notice) == [
        ("header", "rules", 2), ("organization", "rules", 2),
        ("problem 1", "rules", 1), ("problem 2", "rules", 2), ("problem 3", "rules", 2), ("problem 4", "rules", 2),
        ("problem 5", "rules", 1), ("problem 6", "rules", 1), ("problem 7", "rules", 2), ("problem 8", "rules", 2),
        ("problem 9", "rules", 2), ("problem 10", "rules", 2), ("problem 11", "rules", 1), ("problem 12", "rules", 1),
        ("problem 13", "rules", 2), ("problem 14", "rules", 2), ("summary", "rules", 2)]
    cut_off = "invalid: The output is incomplete due to a max_tokens length limit."
    assert {f.section: f.reason for f in notice.provenance.fallbacks} == {
        # "2024-04-3", and the signature line as the title.
        "header": "invalid: published_on: Input should be a valid date in the format YYYY-MM-DD, input is too short",
        # The prompt's own example: 召开专题会议5次.
        "organization": "ungrounded: measures.0: metric 5次 is not written in the measure's text",
        "problem 1": cut_off, "problem 2": cut_off,
        "problem 3": "ungrounded: measures.0: metric 964个 is not written in the measure's text",
        "problem 4": "invalid: measures.0.status: Field required",
        "problem 5": cut_off, "problem 6": cut_off,
        "problem 7": "ungrounded: measures.0: metric 2个 is not written in the measure's text",
        "problem 8": "ungrounded: measures.0: measure text '电子信息产...' is not in the section; copy it exactly",
        "problem 9": "ungrounded: measures.0: document '土地利用管理办法' is not written in 《》 in the measure's text",
        "problem 10": "ungrounded: measures.0: metric 1个 is not written in the measure's text",
        "problem 11": cut_off, "problem 12": cut_off, "problem 13": cut_off,
        "problem 14": "ungrounded: measures.0: metric 12个 is not written in the measure's text",
        # The example's 15个问题 again.
        "summary": "ungrounded: stats.0: stat text '15个问题' is not in the passages",
    }
    rules = build_notice(source)
    assert notice.model_dump(exclude={"provenance"}) == rules.model_dump(exclude={"provenance"})
    assert notice.provenance.backend == "rules" and notice.provenance.arbitrations == []
    assert notice.provenance.tokens.model_dump() == {"prompt": 71211, "completion": 16261, "cached": 0}


def test_the_ledger_header_that_reads_the_group_as_the_round_is_refused():
    """The model read 县委第二巡察组 as round 2, the notice says 第四轮: a round must be
    written as 第N轮, so the answer goes back, and the re-asked one invents an end date."""
    source, notice, _ = replay("ledger")
    assert sections(notice) == [("header", "rules", 2), ("problem 1", "rules", 2), ("problem 2", "rules", 2),
                                ("problem 3", "rules", 2), ("summary", "rules", 2)]
    assert notice.provenance.backend == "rules" and notice.provenance.arbitrations == []
    reasons = {f.section: f.reason for f in notice.provenance.fallbacks}
    assert reasons["header"] == "ungrounded: end_on 2024-05-26 is not a date written in the text"
    reasks = [json.loads(e["request"]["body"])["messages"][-1]["content"] for e in exchanges("ledger")]
    assert sum("round 2 is not written in the text as 第N轮" in m for m in reasks) == 1
    assert {f.section: f.reason.split(":")[0] for f in notice.provenance.fallbacks} == {
        "header": "ungrounded", "problem 1": "ungrounded", "problem 2": "ungrounded", "problem 3": "ungrounded",
        "summary": "ungrounded"}
    assert notice.model_dump(exclude={"provenance"}) == build_notice(source).model_dump(exclude={"provenance"})


def test_on_a_close_call_the_small_model_is_asked_the_part_roles_and_its_copy_of_the_list_is_refused():
    """--mode json_grammar holds the answer to two roles from the list, and the 0.5B model
    gives the list's first two, a table with no problems part: the shape finds it
    implausible, so the rules' reading stays, and the record says both."""
    source, notice, _ = replay("ambiguous")
    assert sections(notice) == [("outline", "llm", 1), ("header", "rules", 2), ("organization", "rules", 2),
                                ("problem 1", "llm", 1), ("problem 2", "rules", 2), ("problem 3", "rules", 2),
                                ("summary", "llm", 1)]
    assert [(a.section, a.field, a.rules, a.llm) for a in notice.provenance.arbitrations] == [
        ("outline", "part roles", "organization, problems", "overview, organization")]
    assert notice.provenance.warnings == [
        "outline: close call on part 1 “凝心聚力抓推进”: organization or problems (confidence 0.56); "
        "check what was read from it",
        "outline: kept the rules' part roles organization, problems over the llm's overview, organization "
        "(the shape gives that table 0.0% of the chosen one's weight)"]
    formats = [json.loads(e["request"]["body"])["response_format"] for e in exchanges("ambiguous")]
    (outline,) = [f["schema"] for f in formats if f["schema"]["title"] == "OutlineAnswer"]
    assert outline["properties"]["roles"]["maxItems"] == 2
    assert notice.model_dump(exclude={"provenance"}) == build_notice(source).model_dump(exclude={"provenance"})


def test_the_statuses_in_the_recorded_answers():
    """What the model said, answer by answer (re-asks included), whether or not it was
    used: an edited recording shows here even where the answer fell back."""
    assert statuses_said("sample") == {
        "organization": [["completed", "completed"], ["completed", "in_progress"]],
        "problem 2": [[None]],
        "problem 3": [["completed", "completed", "completed", "in_progress"]] * 2,
        "problem 4": [[None], [None]],
        "problem 7": [["reported", "in_progress"]] * 2,
        "problem 8": [["completed", "in_progress"]] * 2,
        "problem 9": [["completed", "completed", "in_progress"], ["completed", "in_progress"]],
        "problem 10": [["reported", "in_progress"]] * 2,
        "problem 13": [[None]],
        "problem 14": [["reported", "in_progress"]] * 2,
    }
    assert statuses_said("ledger") == {"problem 1": [["completed", "completed"]] * 2,
                                       "problem 2": [["completed"]] * 2, "problem 3": [["reported"]] * 2}
    assert statuses_said("ambiguous") == {"organization": [["completed", "completed"]] * 2, "problem 1": [[]],
                                          "problem 2": [["reported"]] * 2, "problem 3": [["reported"]] * 2}


def test_the_slogan_layout_is_read_by_its_shape_and_no_outline_is_asked():
    """Its parts are no close call (confidence 0.944), so the model is asked about the
    sections only; each of its 6 answers fails the checks, and the record is the rules'
    reading of the 3 problems."""
    source, notice, _ = replay("misread")
    assert sections(notice) == [("header", "rules", 2), ("organization", "rules", 2), ("problem 1", "rules", 2),
                                ("problem 2", "rules", 1), ("problem 3", "rules", 2), ("summary", "rules", 2)]
    assert notice.provenance.outline_confidence == 0.944 and notice.provenance.warnings == []
    assert [p.title for p in notice.problems] == ["理论武装不够扎实", "水利工程资金拨付滞后", "河道采砂监管存在漏洞"]
    assert notice.model_dump(exclude={"provenance"}) == build_notice(source).model_dump(exclude={"provenance"})
    assert statuses_said("misread") == {
        "organization": [["completed", "completed"], ["completed", "in_progress"]],
        "problem 1": [["reported", "in_progress"]] * 2, "problem 3": [["reported", "in_progress"]] * 2}


@pytest.mark.parametrize("name", RECORDED)
def test_export_then_import_of_the_recorded_answers_gives_the_live_record(name, tmp_path):
    """The vLLM route on a real model's answers: `pipeline batch export`, each request
    answered with the recorded answer to the same body (a batch has no re-ask, so the first
    one), `pipeline batch import`: the record is the live replay's, field for field."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    notice_path = str(ROOT / about(name)["notice"])
    asked = ["--model", RECORDED_MODEL, "--mode", about(name)["mode"]]
    runner = CliRunner()
    exported = runner.invoke(cli, ["batch", "export", notice_path, "--out", str(tmp_path / "requests.jsonl"), *asked])
    assert exported.exit_code == 0, exported.output
    recorded = {}
    for exchange in exchanges(name):
        body = json.dumps(json.loads(exchange["request"]["body"]), sort_keys=True)
        recorded.setdefault(body, json.loads(exchange["response"]["body"]["string"]))
    with open(tmp_path / "results.jsonl", "w", encoding="utf-8") as results:
        for line in (tmp_path / "requests.jsonl").read_text(encoding="utf-8").splitlines():
            request = json.loads(line)
            answer = recorded[json.dumps(request["body"], sort_keys=True)]  # every request was recorded
            results.write(json.dumps({"custom_id": request["custom_id"],
                                      "response": {"status_code": 200, "body": answer}}) + "\n")
    imported = runner.invoke(cli, ["batch", "import", notice_path, "--results", str(tmp_path / "results.jsonl"),
                                   "--out", str(tmp_path / "out"), *asked])
    assert imported.exit_code == 0, imported.output
    record = json.loads((tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8"))
    _, live, _ = replay(name)
    assert {k: v for k, v in record.items() if k != "provenance"} == live.model_dump(mode="json", exclude={"provenance"})
    used = [s["section"] for s in record["provenance"]["sections"] if s["backend"] == "llm"]
    # A batch asks no outline: its sections follow the rules' outline, as the live path's do
    # here (the small model's part roles were refused).
    live_used = [s.section for s in live.provenance.sections if s.backend == "llm" and s.section != "outline"]
    assert used == live_used == (["problem 1", "summary"] if name == "ambiguous" else [])
