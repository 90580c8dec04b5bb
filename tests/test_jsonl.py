"""The one reader of JSON Lines (pipeline.output.jsonl): a broken line reads the same everywhere."""

import io

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import DataError, EvaluationError
from pipeline.output import read_records

BROKEN = [
    (b'{"doc_id": "a"}\n{"doc_id": "b", "t": "\xff"}\n', 2, "not UTF-8 (byte 23 of the line)"),
    # The position is within the line, not past its newline.
    (b'{"doc_id": "a"}\n\n{"doc_id": \n', 3, "invalid JSON: Expecting value: line 1 column 12 (char 11)"),
    (b'{"doc_id": "a"}\n"just a string"\n', 2, "not a JSON object"),
]


@pytest.mark.parametrize("content, line, message", BROKEN)
def test_a_broken_line_is_a_data_error_naming_the_file_and_the_line(tmp_path, content, line, message):
    path = tmp_path / "notices.jsonl"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        list(read_records(path))
    assert (caught.value.path, caught.value.line, caught.value.message) == (str(path), line, message)
    assert type(caught.value) is DataError


def test_the_caller_chooses_its_kind_of_data_error():
    with pytest.raises(EvaluationError) as caught:
        list(read_records("<stdin>", io.BytesIO(b'{"doc_id": "a"}\n[1]\n'), error=EvaluationError))
    assert (caught.value.path, caught.value.line, caught.value.message) == ("<stdin>", 2, "not a JSON object")


def test_blank_lines_are_skipped_and_lines_split_at_newlines_only():
    data = '{"doc_id": "a", "title": "甲\u2028乙"}\n\n  \n{"doc_id": "b"}'.encode("utf-8")
    assert list(read_records("x.jsonl", io.BytesIO(data))) == [
        (1, {"doc_id": "a", "title": "甲\u2028乙"}), (4, {"doc_id": "b"})]


@pytest.mark.parametrize("content, line, message", BROKEN)
def test_eval_and_report_print_the_same_line_for_a_broken_file(tmp_path, content, line, message):
    notices = tmp_path / "notices.jsonl"
    notices.write_bytes(content)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.gold.json").write_text('{"doc_id": "a"}', encoding="utf-8")
    expected = f"Error: {notices}: line {line}: {message}\n"
    for args in (["eval", "--gold", str(gold), "--pred", str(notices)], ["report", str(tmp_path)]):
        result = CliRunner().invoke(cli, args)
        assert (result.exit_code, result.stderr) == (2, expected), args
