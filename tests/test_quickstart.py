"""The README's first commands, as a newcomer runs them on a fresh clone, and the summary
line they print: its counts are the tables' row counts, each named for what it counts."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import GOLD_DIR, ROOT, SAMPLE


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def csv_rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def counts(line: str) -> dict[str, int]:
    """The numbers of a summary line, by the words that follow them."""
    return {noun: int(n) for n, noun in re.findall(
        r"(\d+) (documents?|problem measures?|problems?|organisation measures?|failed)\b", line)}


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("quickstart") / "out"
    return invoke("run", ROOT / "seeds", "--out", out), out


def test_readme_names_the_commands_tested_here():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pipeline run seeds/ --out out/" in readme
    assert "pipeline eval --gold seeds/ --pred out/notices.jsonl" in readme


def test_ci_runs_the_readme_test_command_which_needs_no_activated_environment():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("# run the tests")[1].split("```")[0].strip().splitlines()[-1]
    # Run in a new shell or on a bare clone, it still installs before it tests.
    assert command.startswith("python3 -m venv .venv && .venv/bin/python -m pip install")
    assert command.endswith(".venv/bin/python -m pytest -q")
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_run_on_seeds_reads_the_notice_and_not_its_gold(seeds_run):
    result, out = seeds_run
    assert result.exit_code == 0, result.output
    assert [r["doc_id"] for r in csv_rows(out / "notices.csv")] == ["lianyungang-gxq-2024"]
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_eval_against_the_shipped_gold(seeds_run):
    _, out = seeds_run
    result = invoke("eval", "--gold", GOLD_DIR, "--pred", out / "notices.jsonl", "--min-f1", "0.95")
    assert result.exit_code == 0, result.output
    assert re.search(r"problems\s+1\.000\s+1\.000\s+1\.000", result.output)


def test_summary_counts_are_the_tables_row_counts(seeds_run):
    result, out = seeds_run
    measures = csv_rows(out / "measures.csv")
    assert counts(result.output) == {
        "document": len(csv_rows(out / "notices.csv")),
        "problems": len(csv_rows(out / "problems.csv")),
        "problem measures": sum(m["section"] == "problem" for m in measures),
        "organisation measures": sum(m["section"] == "organization" for m in measures),
        "failed": 0,
    }
    # ... which on the sample are the gold's figures.
    assert ("1 document, 14 problems, 44 problem measures + 3 organisation measures, 0 failed"
            in result.output)


def test_summary_says_documents_in_the_plural(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SAMPLE, folder / name)
    result = invoke("run", folder, "--out", tmp_path / "out")
    # The second copy is a repost of the first: counted, and its rows are in the tables too.
    assert ("2 documents (1 repost of an earlier notice), 28 problems, 88 problem measures + 6 organisation "
            "measures") in result.output
