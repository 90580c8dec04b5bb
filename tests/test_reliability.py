"""Guards: one error boundary for every command (one line, exit 2, no traceback)."""

import errno
import sqlite3

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import SAMPLE


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_error_line(result, *expected: str) -> str:
    """The single line a failed command printed; it says every ``expected`` part."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for part in expected:
        assert part in lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def rules_out(tmp_path_factory):
    """A folder written by a rules run over the sample."""
    out = tmp_path_factory.mktemp("rules") / "out"
    assert invoke("run", SAMPLE, "--out", out, "--silent").exit_code == 0
    return out


# ---------------------------------------------------------------------------
# The error boundary


def test_report_on_a_jsonl_that_is_not_utf8_is_one_line_with_its_line_number(tmp_path, rules_out):
    out = tmp_path / "out"
    out.mkdir()
    good = (rules_out / "notices.jsonl").read_bytes()
    (out / "notices.jsonl").write_bytes(good + "第二行".encode("gb18030") + b"\n")
    result = invoke("report", out)
    one_error_line(result, "notices.jsonl: line 2: not UTF-8 (byte 1 of the line)")
    debug = invoke("--debug", "report", out)
    assert debug.exit_code == 2 and "Traceback" in debug.stderr and "DataError" in debug.stderr


@pytest.mark.parametrize("content, expected", [
    (b'{"doc_id": "a"}\n{"doc_id": "b", "t": "\xff"}\n', "line 2: not UTF-8"),
    (b'{"doc_id": "a"}\n\n{"doc_id": \n', "line 3: invalid JSON"),
    (b"[" * 100_000 + b"\n", "line 1: JSON nested too deeply"),
    (b'"just a string"\n', "line 1: not a JSON object"),
])
def test_broken_jsonl_for_eval_and_report(tmp_path, content, expected):
    (tmp_path / "notices.jsonl").write_bytes(content)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.gold.json").write_text('{"doc_id": "a"}', encoding="utf-8")
    one_error_line(invoke("eval", "--gold", gold, "--pred", tmp_path / "notices.jsonl"), expected)
    one_error_line(invoke("report", tmp_path), expected)


@pytest.mark.parametrize("content, expected", [
    (b"{not json", "bad.gold.json: invalid JSON"),
    ('{"doc_id": "x", "title": "标题"}'.encode("gb18030"), "bad.gold.json: cannot read file: not UTF-8"),
    (b'{"doc_id": "lianyungang-gxq-2024", "problems": 5}', "record does not follow the contract"),
])
def test_a_gold_folder_with_a_malformed_file(tmp_path, rules_out, content, expected):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bad.gold.json").write_bytes(content)
    one_error_line(invoke("eval", "--gold", gold, "--pred", rules_out / "notices.jsonl"), expected)


def test_reading_a_folder_as_predictions_is_an_os_error_line(tmp_path, rules_out):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text('{"doc_id": "a"}', encoding="utf-8")
    one_error_line(invoke("eval", "--gold", gold, "--pred", tmp_path), "cannot read file: Is a directory")


FAILURES = {
    "disk full": (OSError(errno.ENOSPC, "No space left on device", "out/x.csv"),
                  "Error: out/x.csv: No space left on device"),
    "sqlite": (sqlite3.OperationalError("disk I/O error"), "Error: SQLite: disk I/O error"),
    "a bug": (ZeroDivisionError("division by zero"),
              "Error: internal error (a bug): ZeroDivisionError: division by zero"),
}
# Each command and the library function it calls first.
COMMANDS = {
    "run": (["run", SAMPLE, "--out", "{tmp}/out", "--silent"], "pipeline.cli.run_batch"),
    "eval": (["eval", "--gold", "{tmp}", "--pred", "-"], "pipeline.cli.load_gold"),
    "report": (["report", "{tmp}"], "pipeline.cli.write_report"),
    "schema": (["schema"], "pipeline.cli.notice_schema"),
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_turns_any_error_into_one_line(tmp_path, monkeypatch, command, failure):
    args, target = COMMANDS[command]
    error, line = FAILURES[failure]

    def fail(*_, **__):
        raise error
    monkeypatch.setattr(target, fail)
    args = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    assert one_error_line(invoke(*args)) == line
    debug = invoke("--debug", *args)
    assert debug.exit_code == 2 and "Traceback (most recent call last)" in debug.stderr
