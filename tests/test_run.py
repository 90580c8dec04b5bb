"""Runs that survive: resume after a rerun, kill -9 or Ctrl-C, duplicate names, SQLite."""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from pipeline.run import run_inputs
from pipeline.config import Config

from .conftest import SAMPLE


def copies(folder, n, text=None):
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if text is not None else SAMPLE.read_bytes()
    for i in range(n):
        (folder / f"notice-{i:04d}.txt").write_bytes(data)
    return sorted(str(p) for p in folder.glob("*.txt"))


def lines(out):
    return [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_rerun_skips_what_is_done_and_force_redoes_it(tmp_path):
    paths = copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    first = run_inputs(paths, out, Config(silent=True))
    assert (first.documents, first.skipped) == (3, 0)
    again = run_inputs(paths, out, Config(silent=True))
    assert (again.documents, again.skipped) == (0, 3)
    assert "3 skipped as already done" in again.line()
    assert [n["doc_id"] for n in lines(out)] == ["notice-0000", "notice-0001", "notice-0002"]
    forced = run_inputs(paths, out, Config(silent=True, force=True))
    assert (forced.documents, forced.skipped, len(lines(out))) == (3, 0, 3)


def test_a_changed_file_is_extracted_again_and_replaces_its_record(tmp_path):
    paths = copies(tmp_path / "in", 2)
    out = tmp_path / "out"
    run_inputs(paths, out, Config(silent=True, sqlite=out / "notices.sqlite"))
    old_sha = lines(out)[1]["source_sha256"]
    with open(paths[1], "a", encoding="utf-8") as f:
        f.write("\n")
    again = run_inputs(paths, out, Config(silent=True, sqlite=out / "notices.sqlite"))
    assert (again.documents, again.skipped, again.renamed) == (1, 1, 0)
    # One record per doc_id: the new record of notice-0001 took the old one's place.
    notices = lines(out)
    assert [n["doc_id"] for n in notices] == ["notice-0000", "notice-0001"]
    assert notices[1]["source_sha256"] != old_sha
    with sqlite3.connect(out / "notices.sqlite") as db:
        assert db.execute("SELECT count(*) FROM problems").fetchone() == (2 * 14,)
    assert run_inputs(paths, out, Config(silent=True, sqlite=out / "notices.sqlite")).skipped == 2


def test_same_file_name_in_two_folders_gets_two_ids_once(tmp_path):
    a = copies(tmp_path / "a", 1)
    b = copies(tmp_path / "b", 1, SAMPLE.read_text(encoding="utf-8") + "\n附件：无\n")
    out = tmp_path / "out"
    first = run_inputs(a + b, out, Config(silent=True))
    notices = lines(out)
    assert [n["doc_id"] for n in notices] == ["notice-0000", "notice-0000~2"]
    assert notices[1]["provenance"]["warnings"][-1] == f"doc_id 'notice-0000' already used by {a[0]}; renamed notice-0000~2"
    with open(out / "notices.csv", encoding="utf-8-sig", newline="") as f:
        assert [(row["doc_id"], row["source"]) for row in csv.DictReader(f)] == [
            ("notice-0000", a[0]), ("notice-0000~2", b[0])]
    assert first.documents == 2 and "1 renamed doc_id~N" in first.line()
    again = run_inputs(a + b, out, Config(silent=True))
    assert (again.documents, again.skipped, len(lines(out))) == (0, 2, 2)


def test_sqlite_export_answers_queries(tmp_path):
    run_inputs([str(SAMPLE)], tmp_path, Config(silent=True, sqlite=tmp_path / "notices.sqlite"))
    with sqlite3.connect(tmp_path / "notices.sqlite") as db:
        assert db.execute("SELECT count(*) FROM problems WHERE doc_id = 'lianyungang-gxq-2024'").fetchone() == (14,)
        # The first metric of problem 1 is 41家 of 新增“四上”企业.
        row = db.execute(
            "SELECT value, unit, indicator FROM metrics WHERE problem_index = 1 AND measure_ordinal = 1 "
            "ORDER BY span_start LIMIT 1").fetchone()
        assert row == (41, "家", "新增“四上”企业")
        assert db.execute("SELECT count(*) FROM measures WHERE section = 'organization'").fetchone() == (3,)


def _start(tmp_path, paths):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "run", *paths, "--out", str(out), "--silent", "--sqlite", str(out / "notices.sqlite")]
    return out, subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_lines(out, n, process, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        jsonl = out / "notices.jsonl"
        if jsonl.exists() and jsonl.read_bytes().count(b"\n") >= n:
            return
        if process.poll() is not None:
            pytest.fail("the batch ended before it could be interrupted")
        time.sleep(0.01)
    pytest.fail("the batch wrote nothing")


@pytest.mark.parametrize("sig, code", [(signal.SIGKILL, -9), (signal.SIGINT, 130)])
def test_interrupted_batch_resumes_with_every_input_once(tmp_path, sig, code):
    # Enough inputs that a loaded machine cannot finish them all before the signal lands.
    n = 400
    paths = copies(tmp_path / "in", n)
    out, process = _start(tmp_path, paths)
    _wait_for_lines(out, 10, process)
    process.send_signal(sig)
    assert process.wait(timeout=30) == code
    kept = (out / "notices.jsonl").read_bytes()
    if sig == signal.SIGINT:
        assert kept.endswith(b"\n")  # a clean stop leaves no torn line
        assert b"Interrupted" in process.stderr.read()
    done_before = kept.count(b"\n")
    assert 10 <= done_before < n

    summary = run_inputs(paths, out, Config(silent=True, sqlite=out / "notices.sqlite"))
    ids = [n["doc_id"] for n in lines(out)]
    assert sorted(ids) == [f"notice-{i:04d}" for i in range(n)]  # each exactly once
    assert summary.skipped == done_before and summary.documents == n - done_before
    with sqlite3.connect(out / "notices.sqlite") as db:
        assert db.execute("SELECT count(DISTINCT doc_id) FROM notices").fetchone() == (n,)
        assert db.execute("SELECT count(*) FROM problems").fetchone() == (n * 14,)
    csv_rows = (out / "problems.csv").read_text(encoding="utf-8-sig").count("\n") - 1
    assert csv_rows == n * 14


def test_ctrl_c_during_an_llm_run_keeps_finished_notices(tmp_path):
    import httpx2

    from pipeline.ingest.source import read_source
    from pipeline.llm.stub import RulesStub

    paths = copies(tmp_path / "in", 5)
    stub = RulesStub([read_source(paths[0])])

    def interrupted_at_41(request):
        if len(stub.requests) == 40:  # two notices (18 asks each) are finished by then
            # A real Ctrl-C: asyncio cancels the batch and every ask in flight cleanly.
            signal.raise_signal(signal.SIGINT)
        return stub(request)
    config = Config(silent=True, backend="llm", base_url="http://stub.test/v1", model="m",
                    concurrency=1, cache_dir=None)
    summary = run_inputs(paths, tmp_path / "out", config, transport=httpx2.MockTransport(interrupted_at_41))
    assert summary.interrupted and summary.documents == 2
    assert [n["doc_id"] for n in lines(tmp_path / "out")] == ["notice-0000", "notice-0001"]
    again = run_inputs(paths, tmp_path / "out", config, transport=httpx2.MockTransport(stub))
    assert (again.skipped, again.documents, again.interrupted) == (2, 3, False)
    assert len(lines(tmp_path / "out")) == 5
