"""`pipeline run` and `pipeline eval` end to end, through the click entry point."""

import csv
import json
import re

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.llm.prompts import PROMPT_VERSION

from .conftest import GOLD_DIR, SAMPLE


def invoke(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def bad_inputs(tmp_path):
    """One good notice next to every kind of bad input the issue names."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x01\x02 binary")
    (folder / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    (folder / "weather.txt").write_text("今天晴转多云,最高气温25℃,最低气温16℃,东南风3级。明天有小雨。", encoding="utf-8")
    (folder / "huge.txt").write_bytes(SAMPLE.read_bytes() * 300)  # about 7 MB
    (folder / "scripted.html").write_text(
        "<html><body><p>新闻中心</p><script>var s='一、整改工作组织情况 巡察 整改 "
        "二、整改落实情况 1.关于“虚构”问题的整改。一是虚构措施。';</script></body></html>",
        encoding="utf-8",
    )
    return folder


def test_run_on_the_sample_writes_every_output(tmp_path):
    result = invoke("run", SAMPLE, "--out", tmp_path / "out", "--silent")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    notices = read_jsonl(out / "notices.jsonl")
    assert [n["doc_id"] for n in notices] == ["lianyungang-gxq-2024"]
    assert len(notices[0]["problems"]) == 14
    assert (out / "errors.jsonl").read_text() == ""
    raw = (out / "measures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to show Chinese
    with open(out / "measures.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3 + 44
    assert rows[3]["text"].startswith("以“增量”带动发展")
    with open(out / "metrics.csv", encoding="utf-8-sig", newline="") as f:
        metrics = list(csv.DictReader(f))
    assert len(metrics) == 87
    assert (metrics[0]["value"], metrics[0]["unit"], metrics[0]["indicator"]) == ("41", "家", "新增“四上”企业")


def test_bad_inputs_fail_one_by_one_and_keep_the_good_record(bad_inputs, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", bad_inputs, "--out", out)
    assert result.exit_code == 1
    assert [n["doc_id"] for n in read_jsonl(out / "notices.jsonl")] == ["good"]
    errors = {e["path"].rsplit("/", 1)[-1]: e for e in read_jsonl(out / "errors.jsonl")}
    assert {name: e["kind"] for name, e in errors.items()} == {
        "binary.txt": "binary",
        "empty.txt": "empty",
        "garbage.txt": "encoding",
        "huge.txt": "too_large",
        "scripted.html": "not_a_notice",
        "weather.txt": "not_a_notice",
    }
    assert all("\n" not in e["message"] for e in errors.values())
    assert "Traceback" not in result.output
    assert "1 document, 14 problems, 44 problem measures + 3 organisation measures, 6 failed" in result.output


def test_stdin_is_read_with_dash(tmp_path):
    result = invoke("run", "-", "--out", tmp_path, "--silent", input=SAMPLE.read_bytes())
    assert result.exit_code == 0, result.output
    assert read_jsonl(tmp_path / "notices.jsonl")[0]["doc_id"] == "stdin"


def test_missing_input_is_a_usage_error(tmp_path):
    result = invoke("run", tmp_path / "nope.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "nope.txt" in result.output


def test_a_folder_without_notices_is_a_usage_error(tmp_path):
    result = invoke("run", tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "no input files found" in result.output


def test_an_unwritable_output_folder_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("run", SAMPLE, "--out", blocker / "out")
    assert result.exit_code == 2
    assert "cannot write the output folder" in result.output
    assert "Traceback" not in result.output


def test_unknown_backend_is_a_usage_error(tmp_path):
    assert invoke("run", SAMPLE, "--out", tmp_path, "--backend", "magic").exit_code == 2


def test_eval_prints_a_table_and_json(tmp_path):
    invoke("run", SAMPLE, "--out", tmp_path, "--silent")
    pred = tmp_path / "notices.jsonl"
    table = invoke("eval", "--gold", GOLD_DIR, "--pred", pred)
    assert table.exit_code == 0
    assert "problems" in table.output and "1.000" in table.output
    report = json.loads(invoke("eval", "--gold", GOLD_DIR, "--pred", pred, "--json").output)
    assert report["micro"]["fields"]["problems"]["tp"] == 14


def test_eval_min_f1_fails_when_a_figure_is_below(tmp_path):
    invoke("run", SAMPLE, "--out", tmp_path, "--silent")
    pred = tmp_path / "notices.jsonl"
    notice = read_jsonl(pred)[0]
    notice["problems"] = notice["problems"][:7]
    pred.write_text(json.dumps(notice, ensure_ascii=False) + "\n", encoding="utf-8")
    assert invoke("eval", "--gold", GOLD_DIR, "--pred", pred, "--min-f1", "0.9").exit_code == 1
    assert invoke("eval", "--gold", GOLD_DIR, "--pred", pred, "--min-f1", "0.5").exit_code == 0


def _commands(group=cli, path=()):
    """Every command's words (``("batch", "export")``), the groups' own included."""
    yield path
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, (*path, name))


def test_every_command_has_a_worked_example():
    commands = list(_commands())
    assert len(commands) == 9  # pipeline, run, batch (export, import), eval, report, review, schema
    for words in commands:
        assert "Example:" in invoke(*words, "--help").output, words


# No endpoint anywhere: the stub model needs none, and nothing may reach the network.
NO_ENDPOINT = {"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None, "PIPELINE_MODEL": None,
               "PIPELINE_MODE": None, "PIPELINE_CACHE_DIR": None}


def test_run_with_the_stub_model_goes_through_the_llm_path_end_to_end(tmp_path):
    """``--model stub`` is picked like any model and answers every ask as the rules
    read the section: the records are the rules' records, made by the LLM path."""
    result = invoke("run", SAMPLE, "--out", tmp_path / "llm", "--backend", "llm", "--model", "stub",
                    "--no-cache", env=NO_ENDPOINT)
    assert result.exit_code == 0, result.output
    summary = re.sub(r"in \d+\.\ds", "in Ns", result.stderr)
    assert summary == ("1 document, 14 problems, 44 problem measures + 3 organisation measures, 0 failed "
                       "in Ns; backend llm: 17 requests sent, 33978 prompt (0 cached) + 9185 completion "
                       "tokens, 0 sections on rules\n")
    (made,) = read_jsonl(tmp_path / "llm" / "notices.jsonl")
    prov = made["provenance"]
    assert (prov["backend"], prov["model"], prov["prompt_version"]) == ("llm", "stub", PROMPT_VERSION)
    assert len(prov["sections"]) == 17 and {s["backend"] for s in prov["sections"]} == {"llm"}
    assert invoke("run", SAMPLE, "--out", tmp_path / "rules", "--silent").exit_code == 0
    (rules,) = read_jsonl(tmp_path / "rules" / "notices.jsonl")
    assert made | {"provenance": None} == rules | {"provenance": None}
    # Like any model: a rerun skips what it made.
    again = invoke("run", SAMPLE, "--out", tmp_path / "llm", "--backend", "llm", "--model", "stub",
                   "--no-cache", env=NO_ENDPOINT)
    assert "1 skipped as already done" in again.stderr


def test_the_stub_model_cannot_take_a_provider_batch(tmp_path):
    result = invoke("run", SAMPLE, "--out", tmp_path / "out", "--backend", "llm", "--model", "stub", "--batch",
                    env=NO_ENDPOINT)
    assert result.exit_code == 2
    assert result.stderr == "Error: --batch needs a provider's batch API; --model stub answers live asks only\n"


def test_every_command_that_reports_on_stderr_is_quiet_with_silent(tmp_path):
    (tmp_path / "results.jsonl").write_text("")
    assert invoke("run", SAMPLE, "--out", tmp_path / "records", "--silent").exit_code == 0

    def commands(name):  # each invocation writes its own files
        return {
            ("run",): ["run", SAMPLE, "--out", tmp_path / name],
            ("batch", "export"): ["batch", "export", SAMPLE, "--out", tmp_path / f"{name}.jsonl"],
            ("batch", "import"): ["batch", "import", SAMPLE, "--results", tmp_path / "results.jsonl",
                                  "--out", tmp_path / f"{name}-imported"],
            ("report",): ["report", tmp_path / "records", "--html", tmp_path / f"{name}.html"],
        }

    loud, quiet = commands("loud"), commands("quiet")
    for words in loud:
        said, silent = invoke(*loud[words], env=NO_ENDPOINT), invoke(*quiet[words], "--silent", env=NO_ENDPOINT)
        assert said.exit_code == silent.exit_code == 0, (words, said.output, silent.output)
        assert said.stderr != "" and silent.stderr == "", words
    # The others print their result (eval's table, the schema, review's address), no summary.
    assert set(_commands()) - loud.keys() == {(), ("batch",), ("eval",), ("review",), ("schema",)}


def test_model_mode_and_max_bytes_are_declared_once_for_every_command():
    def option(words, name):
        command = cli
        for word in words:
            command = command.commands[word]
        return next(p for p in command.params if p.name == name)

    for name in ("model", "mode", "max_bytes"):
        run, export, imported = (option(words, name) for words in (("run",), ("batch", "export"), ("batch", "import")))
        assert run.help == export.help == imported.help and run.type == export.type == imported.type


@pytest.mark.parametrize("command", [
    ["run", SAMPLE, "--out", "{tmp}/out"],
    ["batch", "export", SAMPLE, "--out", "{tmp}/requests.jsonl"],
    ["batch", "import", SAMPLE, "--results", SAMPLE, "--out", "{tmp}/out"],
], ids=["run", "batch export", "batch import"])
def test_a_setting_the_config_refuses_is_one_usage_line_for_every_command(command, tmp_path):
    # The three commands make their config in one place (pipeline.cli.options.load_config).
    result = CliRunner().invoke(cli, [str(a).format(tmp=tmp_path) for a in command], env={"PIPELINE_MODE": "bogus"})
    assert result.exit_code == 2
    assert result.stderr == "Error: Input should be 'tools', 'json_schema', 'json', 'json_grammar' or 'md_json'\n"
    assert not (tmp_path / "out").exists() and not (tmp_path / "requests.jsonl").exists()
