"""A batch run's story after a dead endpoint, replayed through the command line: the run
exits 3 with every record on file, a rules run into the folder is refused saying what the
folder holds, and the same command once the endpoint is back asks exactly the sections
that fell back because of the endpoint (not the one the model answered wrongly)."""

import asyncio
import json
import shutil

import httpx2
import pytest
from click.testing import CliRunner

import pipeline.cli.commands
from pipeline.cli import cli
from pipeline.errors import ENDPOINT_REASONS
from pipeline.ingest.source import read_source
from pipeline.llm.stub import RulesStub

from .conftest import ROOT, SAMPLE

INPUTS = [SAMPLE, *(ROOT / "tests" / "fixtures" / "heldout" / f"{name}.txt"
                    for name in ("fjhy-group-2024", "hanjiang-jiangwang-2024", "huaxing-sanjian-2024"))]
DIES_AFTER = 30  # requests the endpoint answers before it goes away
WRONG = "新增“四上”企业"  # in the sample's problem 1, whose answers the model gets wrong


@pytest.fixture
def story(tmp_path, monkeypatch):
    """Run the command with a transport; returns ``run(handler, *flags) -> Result``."""
    folder = tmp_path / "in"
    folder.mkdir()
    # The sample first (inputs are read in name order), so that its problem 1 is asked
    # before the endpoint dies.
    for path in INPUTS:
        shutil.copy(path, folder / ("a-sample.txt" if path == SAMPLE else path.name))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PIPELINE_MODEL", "PIPELINE_MODE", "PIPELINE_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    real = pipeline.cli.commands.run_inputs

    def run(handler, *flags):
        monkeypatch.setattr(pipeline.cli.commands, "run_inputs", lambda paths, out, config, **kw: real(
            paths, out, config, transport=httpx2.MockTransport(handler), **kw))
        return CliRunner().invoke(cli, ["run", str(folder), "--out", str(tmp_path / "out"), *flags])
    run.out = tmp_path / "out"
    run.llm = ["--backend", "llm", "--base-url", "http://stub.test/v1", "--model", "stub-m",
               "--cache-dir", str(tmp_path / "cache"), "--concurrency", "2", "--max-retries", "0"]
    return run


def records(out):
    return [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]


def user_text(request) -> str:
    return next(m["content"] for m in json.loads(request.content)["messages"] if m["role"] == "user")


def dying(stub):
    """The endpoint: answers DIES_AFTER requests (problem 1 of the sample wrongly), then
    refuses every connection."""
    sent = []

    def handler(request):
        sent.append(request)
        if len(sent) > DIES_AFTER:
            raise httpx2.ConnectError("connection refused", request=request)
        status, answer = stub.answer(json.loads(request.content))
        if WRONG in user_text(request):
            call = answer["choices"][0]["message"]["tool_calls"][0]["function"]
            wrong = json.loads(call["arguments"])
            for measure in wrong.get("measures", []):
                for metric in measure["metrics"]:
                    metric["value"] = 999999
            call["arguments"] = json.dumps(wrong, ensure_ascii=False)
        return httpx2.Response(status, json=answer)
    return handler, sent


def test_a_rerun_after_a_dead_endpoint_asks_only_what_the_endpoint_failed(story):
    stub = RulesStub([read_source(str(p)) for p in INPUTS])
    handler, sent = dying(stub)
    first = story(handler, *story.llm)
    assert first.exit_code == 3, first.output  # the endpoint was given up
    assert "given up (no connection to the endpoint after retries)" in first.stderr
    assert "run the same command again: it asks only the sections that fell back because of the endpoint" in first.stderr
    # Every record is written, in input order.
    before = records(story.out)
    assert [r["doc_id"] for r in before] == ["a-sample", *(p.stem for p in INPUTS[1:])]
    failed = [(r["doc_id"], f["section"]) for r in before for f in r["provenance"]["fallbacks"]
              if f["reason"].split(":")[0] in ENDPOINT_REASONS]
    wrong = [(r["doc_id"], f["section"], f["reason"]) for r in before for f in r["provenance"]["fallbacks"]
             if f["reason"].split(":")[0] not in ENDPOINT_REASONS]
    assert wrong == [("a-sample", "problem 1", "ungrounded: measures.0: metric 999999家 is not "
                      "written in the measure's text")]
    assert len(failed) >= 10
    answered = sum(r["provenance"]["backend"] == "llm" for r in before)
    assert f"{len(sent)} requests sent" in first.stderr

    # A rules run is refused, saying what the folder holds.
    rules = story(handler, "--silent")
    assert rules.exit_code == 2
    assert (f"holds 4 records made by llm stub-m ({answered or 'none'} with a model answer, "
            f"{4 - answered or 'none'} on the rules in every section), and this run uses rules") in rules.stderr

    # The endpoint is back: the same command asks exactly the sections it had failed on.
    stub.requests.clear()
    again = story(stub, *story.llm)
    assert again.exit_code == 0, again.output
    assert len(stub.requests) == len(failed)
    assert not any(WRONG in m["content"] for body in stub.requests for m in body["messages"] if m["role"] == "user")
    unfinished = len({doc for doc, _ in failed})
    assert (f"{unfinished} notices made again for the {len(failed)} sections the endpoint had failed on "
            f"(the rest kept)") in again.stderr
    assert f"{len(failed)} requests sent" in again.stderr
    after = records(story.out)
    assert [r["doc_id"] for r in after] == [r["doc_id"] for r in before]
    assert [(r["doc_id"], f["section"], f["reason"]) for r in after for f in r["provenance"]["fallbacks"]] == wrong

    # Nothing is left to ask.
    stub.requests.clear()
    last = story(stub, *story.llm)
    assert last.exit_code == 0 and stub.requests == []
    assert "4 skipped as already done" in last.stderr


def test_llm_records_are_written_in_input_order_when_the_first_notice_is_slowest(story):
    stub = RulesStub([read_source(str(p)) for p in INPUTS])

    async def sample_slowly(request):
        if "高新区" in user_text(request):  # only the sample (a-sample.txt, the first input) says it
            await asyncio.sleep(0.05)
        return stub(request)

    result = story(sample_slowly, *story.llm, "--concurrency", "8")
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in records(story.out)] == ["a-sample", *(p.stem for p in INPUTS[1:])]
    with open(story.out / "notices.csv", encoding="utf-8-sig") as f:
        assert [line.split(",")[0] for line in f.read().splitlines()[1:]] == [r["doc_id"] for r in records(story.out)]
