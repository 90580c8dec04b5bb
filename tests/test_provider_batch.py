"""Batch mode against a stub of the files and batches endpoints (httpx2.MockTransport):
the requests are the live path's, answers map back by custom_id, failed, expired and
missing lines fall back to rules, a rerun resumes polling, export -> import."""

import json
import re

import httpx2
import pytest
from click.testing import CliRunner

from pipeline.run import run_inputs
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.errors import DataError, LLMError
from pipeline.ingest.source import read_source
from pipeline.provider_batch import FINISHED, STATE, read_results, requests_for, run_provider_batch, write_answered
from pipeline.llm.prompts import PROMPT_VERSION, SECTION_PROMPTS
from pipeline.llm.stub import RulesStub

from .conftest import ROOT, SAMPLE

OTHER = ROOT / "tests" / "fixtures" / "heldout6"


def config(**overrides):
    values = dict(backend="llm", base_url="http://stub/v1", model="stub", mode="json", cache_dir=None,
                  max_retries=0, batch_poll=0, silent=True)
    return Config(**(values | overrides))


def inputs():
    return [str(SAMPLE), str(sorted(OTHER.glob("*.txt"))[0])]


class BatchStub:
    """Files and batches endpoints. Lines are answered by the rules stub when the batch is
    created; ``fault(custom_id)`` may return an HTTP status to fail a line with, ``"drop"``
    to leave it out, or ``"ungrounded"`` to answer with a number the text lacks. The batch
    becomes ``final`` after ``polls`` looks."""

    def __init__(self, fault=lambda custom_id: None, final="completed", polls=2):
        self.rules = RulesStub([read_source(p) for p in inputs()])
        self.fault, self.final, self.polls = fault, final, polls
        self.files: dict[str, str] = {}
        self.batches: dict[str, dict] = {}
        self.calls: list[str] = []

    def _file(self, text: str) -> str:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = text
        return file_id

    def _run(self, input_file_id: str) -> tuple[str | None, str | None]:
        output, errors = [], []
        for line in self.files[input_file_id].splitlines():
            request = json.loads(line)
            fault = self.fault(request["custom_id"])
            if fault == "drop":
                continue
            if isinstance(fault, int):
                errors.append({"id": "r", "custom_id": request["custom_id"], "error": None, "response": {
                    "status_code": fault, "body": {"error": {"message": "the server had an error"}}}})
                continue
            status, body = self.rules.answer(request["body"])
            if fault == "ungrounded":
                body["choices"][0]["message"]["content"] = re.sub(
                    r'"value": \d+', '"value": 987654', body["choices"][0]["message"]["content"], count=1)
            output.append({"id": "r", "custom_id": request["custom_id"], "error": None,
                           "response": {"status_code": status, "body": body}})
        if self.final == "expired":
            # Whatever had not run when the window closed is reported as expired.
            errors += [{"id": "r", "custom_id": line["custom_id"], "response": None,
                        "error": {"code": "batch_expired", "message": "This request could not be executed "
                                                                        "before the completion window expired."}}
                       for line in output[len(output) // 2:]]
            output = output[:len(output) // 2]
        dump = lambda lines: "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)  # noqa: E731
        return self._file(dump(output)) if output else None, self._file(dump(errors)) if errors else None

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path.removeprefix("/v1")
        self.calls.append(f"{request.method} {path}")
        if request.method == "POST" and path == "/files":
            boundary = request.headers["content-type"].split("boundary=")[1]
            part = next(p for p in request.content.decode().split(f"--{boundary}") if "filename=" in p)
            body = part[part.index("\r\n\r\n") + 4:].removesuffix("\r\n")
            return httpx2.Response(200, json={"id": self._file(body), "object": "file", "bytes": len(body),
                                              "created_at": 0, "filename": "r.jsonl", "purpose": "batch",
                                              "status": "processed"})
        if request.method == "POST" and path == "/batches":
            asked = json.loads(request.content)
            batch_id = f"batch-{len(self.batches) + 1}"
            self.batches[batch_id] = {"id": batch_id, "object": "batch", "endpoint": asked["endpoint"],
                                      "completion_window": "24h", "created_at": 0, "status": "validating",
                                      "input_file_id": asked["input_file_id"], "looks": 0}
            return httpx2.Response(200, json=self.batches[batch_id])
        if request.method == "GET" and path.startswith("/batches/"):
            batch = self.batches[path.split("/")[2]]
            batch["looks"] += 1
            if batch["looks"] >= self.polls and batch["status"] not in FINISHED:
                if self.final == "failed":  # the provider refused the whole file
                    batch["errors"] = {"object": "list", "data": [
                        {"code": "invalid_model", "message": "The model stub is not available for batch."}]}
                else:
                    batch["output_file_id"], batch["error_file_id"] = self._run(batch["input_file_id"])
                batch["status"] = self.final
            elif batch["status"] == "validating":
                batch["status"] = "in_progress"
            return httpx2.Response(200, json=batch)
        if request.method == "GET" and path.startswith("/files/") and path.endswith("/content"):
            return httpx2.Response(200, content=self.files[path.split("/")[2]].encode())
        return httpx2.Response(404, json={"error": {"message": "no such route"}})


def live(tmp_path, **overrides):
    """The records of the live path (one request per ask) on the same answers."""
    out = tmp_path / "live"
    stub = RulesStub([read_source(p) for p in inputs()])
    run_inputs(inputs(), out, config(**overrides), transport=httpx2.MockTransport(stub))
    return out, stub


def notices(out):
    """The records in input order (the live path writes each as soon as it is done), less
    the live path's outline ask, which a batch does not make (its sections follow the rules'
    outline): its entry in the sections, its tokens and its prompt's name."""
    lines = [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in lines:
        prov = record["provenance"]
        prov["prompt_version"] = prov["prompt_version"].replace(f" {SECTION_PROMPTS['outline']}", "")
        for section in [s for s in prov["sections"] if s["section"] == "outline"]:
            prov["sections"].remove(section)
            for name in ("prompt", "completion", "cached"):
                prov["tokens"][name] -= section[f"{name}_tokens"]
    return sorted(lines, key=lambda n: n["doc_id"] != "lianyungang-gxq-2024")


@pytest.mark.parametrize("mode", ["json", "tools", "json_schema", "json_grammar", "md_json"])
def test_request_lines_are_the_bodies_the_live_path_sends(tmp_path, mode):
    _, stub = live(tmp_path, mode=mode)
    lines = [line for p in inputs() for line in requests_for(read_source(p), config(mode=mode), with_outline=True)]
    user = lambda body: body["messages"][-1]["content"]  # noqa: E731 - the live path asks concurrently
    if mode == "md_json":
        # The rules stub cannot answer md_json (instructor appends an instruction to the
        # user message), so the live path gives the endpoint up after its first requests.
        assert stub.requests and all(body in [line["body"] for line in lines] for body in stub.requests)
    else:
        assert sorted((line["body"] for line in lines), key=user) == sorted(stub.requests, key=user)
    ids = [line["custom_id"] for line in lines]
    # Neither notice's parts are a close call, so the live path asks no outline either.
    assert len(set(ids)) == len(ids) == 17 + 7
    assert ids[0].startswith("lianyungang-gxq-2024:header:") and ids[5].startswith("lianyungang-gxq-2024:problem-4:")
    assert {line["url"] for line in lines} == {"/v1/chat/completions"}


@pytest.mark.parametrize("mode", ["json", "tools"])
def test_a_provider_batch_writes_the_live_records(tmp_path, mode):
    stub = BatchStub()
    summary = run_provider_batch(inputs(), tmp_path / "out", config(mode=mode), transport=httpx2.MockTransport(stub))
    assert (summary.documents, summary.requests, sum(summary.fallbacks.values())) == (2, 24, 0)
    assert stub.calls[:2] == ["POST /files", "POST /batches"]
    assert notices(tmp_path / "out") == notices(live(tmp_path, mode=mode)[0])
    state = json.loads((tmp_path / "out" / STATE).read_text())
    assert (state["batch_id"], state["requests"]) == ("batch-1", 24)


def test_a_provider_batch_record_names_no_outline_prompt_and_resumes(tmp_path):
    """A batch never asks the outline, so its records do not claim its prompt; a rerun
    of the same command still finds them done."""
    transport = httpx2.MockTransport(BatchStub())
    run_provider_batch(inputs(), tmp_path / "out", config(), transport=transport)
    versions = {json.loads(line)["provenance"]["prompt_version"]
                for line in (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()}
    assert versions == {"contract.v2 header.v2 organization.v1 problem.v1 summary.v2"}
    assert "outline.v2" in PROMPT_VERSION  # the live path's records name it
    assert write_answered(inputs(), tmp_path / "out", config(), {}).skipped == 2


def test_failed_missing_and_ungrounded_lines_fall_back_per_section(tmp_path):
    faults = {"problem-2": 500, "problem-3": "drop", "problem-5": "ungrounded"}

    def fault(custom_id):
        doc, section, _ = custom_id.split(":")
        return faults.get(section) if doc == "lianyungang-gxq-2024" else None

    summary = run_provider_batch(inputs(), tmp_path / "out", config(),
                                 transport=httpx2.MockTransport(BatchStub(fault)))
    first, second = notices(tmp_path / "out")
    reasons = {f["section"]: f["reason"] for f in first["provenance"]["fallbacks"]}
    assert reasons.keys() == {"problem 2", "problem 3", "problem 5"}
    assert reasons["problem 2"] == "batch error: HTTP 500 the server had an error"
    assert reasons["problem 3"] == "batch missing: no result line for this section"
    assert reasons["problem 5"].startswith("ungrounded: measures.")
    assert second["provenance"]["fallbacks"] == [] and second["provenance"]["backend"] == "llm"
    assert summary.fallbacks == {"batch error": 1, "batch missing": 1, "ungrounded": 1}
    # A fallen-back section holds the rules' records: the same as the live path's.
    assert first["problems"][1] == notices(live(tmp_path)[0])[0]["problems"][1]


def test_a_live_rerun_after_a_batch_asks_only_what_fell_back(tmp_path):
    faults = {"problem-2": 500, "problem-3": "drop", "problem-5": "ungrounded"}

    def fault(custom_id):
        doc, section, _ = custom_id.split(":")
        return faults.get(section) if doc == "lianyungang-gxq-2024" else None

    cached = config(cache_dir=tmp_path / "cache")
    run_provider_batch(inputs(), tmp_path / "out", cached, transport=httpx2.MockTransport(BatchStub(fault)))
    stub = RulesStub([read_source(p) for p in inputs()])
    summary = run_inputs(inputs(), tmp_path / "out", cached.model_copy(update={"force": True}),
                        transport=httpx2.MockTransport(stub))
    # The three sections that fell back, and nothing else.
    assert len(stub.requests) == 3 and summary.requests == 3
    assert summary.fallbacks == {}
    rerun, reference = notices(tmp_path / "out"), notices(live(tmp_path)[0])
    assert [n | {"provenance": None} for n in rerun] == [n | {"provenance": None} for n in reference]
    sent = [[s["section"] for s in n["provenance"]["sections"] if not s["cached"]] for n in rerun]
    assert sent == [["problem 2", "problem 3", "problem 5"], []]


def test_an_expired_batch_keeps_what_finished_and_says_why_the_rest_is_rules(tmp_path):
    summary = run_provider_batch(inputs(), tmp_path / "out", config(),
                                 transport=httpx2.MockTransport(BatchStub(final="expired")))
    reasons = [f["reason"] for n in notices(tmp_path / "out") for f in n["provenance"]["fallbacks"]]
    assert len(reasons) == 12 and set(reasons) == {
        "batch error: batch_expired: This request could not be executed before the completion window expired."}
    assert sum(1 for n in notices(tmp_path / "out") for s in n["provenance"]["sections"] if s["backend"] == "llm") == 12
    assert summary.documents == 2


def test_a_failed_batch_leaves_every_section_on_rules_and_says_why(tmp_path):
    summary = run_provider_batch(inputs(), tmp_path / "out", config(),
                                 transport=httpx2.MockTransport(BatchStub(final="failed")))
    assert summary.documents == 2 and summary.fallbacks == {"batch failed": 24}
    first = notices(tmp_path / "out")[0]["provenance"]
    assert first["backend"] == "rules"
    assert first["fallbacks"][0]["reason"] == "batch failed: The model stub is not available for batch."


def test_a_rerun_resumes_polling_instead_of_paying_twice(tmp_path):
    stub = BatchStub(polls=4)
    transport = httpx2.MockTransport(stub)

    def stop(batch):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_provider_batch(inputs(), tmp_path / "out", config(), transport=transport, on_poll=stop)
    assert stub.calls == ["POST /files", "POST /batches", "GET /batches/batch-1"]
    summary = run_provider_batch(inputs(), tmp_path / "out", config(), transport=transport)
    assert stub.calls.count("POST /batches") == 1 and len(stub.batches) == 1
    assert summary.documents == 2
    # Another model is another batch: refused rather than mixed up.
    with pytest.raises(Exception, match="holds batch batch-1 for other requests"):
        run_provider_batch(inputs(), tmp_path / "out", config(model="other"), transport=transport)


def test_export_then_import_reproduces_the_live_records(tmp_path):
    runner = CliRunner()
    requests = tmp_path / "requests.jsonl"
    result = runner.invoke(cli, ["batch", "export", *inputs(), "--out", str(requests), "--model", "stub",
                                 "--mode", "json"])
    assert result.exit_code == 0, result.output
    # Answer the file as vLLM's run-batch would, one result line per request.
    rules = RulesStub([read_source(p) for p in inputs()])
    results = tmp_path / "results.jsonl"
    with open(results, "w", encoding="utf-8") as f:
        for line in requests.read_text(encoding="utf-8").splitlines():
            request = json.loads(line)
            status, body = rules.answer(request["body"])
            f.write(json.dumps({"id": "x", "custom_id": request["custom_id"], "error": None,
                                "response": {"status_code": status, "body": body}}) + "\n")
    result = runner.invoke(cli, ["batch", "import", *inputs(), "--results", str(results), "--out",
                                 str(tmp_path / "imported"), "--model", "stub", "--mode", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 documents") and "0 sections on rules" in result.output
    assert notices(tmp_path / "imported") == notices(live(tmp_path)[0])


def test_an_endpoint_without_a_batch_api_is_one_clear_error(tmp_path):
    stub = BatchStub()
    with pytest.raises(LLMError, match=r"HTTP 404 on POST /v2/files: no such route \(does the endpoint have a "
                                       r"batch API\? if not, use pipeline batch export\)"):
        run_provider_batch(inputs(), tmp_path / "out", config(base_url="http://stub/v2"),
                           transport=httpx2.MockTransport(stub))


@pytest.mark.parametrize("content", [b'{"batch_id": "batch-1", "sha', b"[]", b'{"batch_id": "batch-1"}', b"\xff"])
def test_a_damaged_batch_json_is_a_data_error_naming_the_file(tmp_path, content):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / STATE).write_bytes(content)
    stub = BatchStub()
    with pytest.raises(DataError, match=r"cannot read batch\.json: .*; if that batch is finished or unwanted, "
                                        r"delete the file or rerun with --force") as caught:
        run_provider_batch(inputs(), tmp_path / "out", config(), transport=httpx2.MockTransport(stub))
    assert caught.value.path == str(tmp_path / "out" / STATE)
    assert "POST /batches" not in stub.calls


def test_a_results_line_without_custom_id_is_refused():
    with pytest.raises(Exception, match="line 2 of the results"):
        read_results(['{"custom_id": "a", "response": {"status_code": 200, "body": {}}}', '{"x": 1}'])


def test_batch_needs_the_llm_backend(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "--out", str(tmp_path), "--batch"])
    assert result.exit_code == 2 and "--batch needs --backend llm" in result.output


def test_run_batch_on_the_command_line(tmp_path, monkeypatch):
    import pipeline.provider_batch

    stub = BatchStub(polls=1)
    real = pipeline.provider_batch.run_provider_batch
    monkeypatch.setattr(pipeline.provider_batch, "run_provider_batch",
                        lambda *args, **kwargs: real(*args, transport=httpx2.MockTransport(stub), **kwargs))
    command = ["run", *inputs(), "--out", str(tmp_path / "out"), "--backend", "llm", "--batch",
               "--base-url", "http://stub/v1", "--model", "provider-model", "--mode", "json", "--no-cache"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "batch batch-1: completed"
    assert "2 documents" in result.stderr and "24 requests" in result.stderr
    again = CliRunner().invoke(cli, command)
    assert "2 skipped as already done" in again.stderr and len(stub.batches) == 1
