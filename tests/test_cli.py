"""`pipeline run` and `pipeline eval` end to end, through the click entry point."""

import csv
import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

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


def test_every_command_has_a_worked_example():
    for command in ("run", "eval", "schema"):
        assert "Example:" in invoke(command, "--help").output
