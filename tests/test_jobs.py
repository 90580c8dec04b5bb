"""--jobs N: a pool of processes whose output is byte-identical to one process."""

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest
from click.testing import CliRunner

import pipeline.run.pool

from pipeline.run import run_inputs
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.errors import InternalError
from pipeline.ingest.source import expand_inputs
from pipeline.output import TABLES

from .conftest import ROOT, SAMPLE

FIXTURES = ROOT / "tests" / "fixtures"


def outputs(out):
    """Every file of an output folder, by name, as bytes."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def inputs(tmp_path):
    """Every fixture (bad inputs included), then one file name in two folders, twice the same text."""
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        shutil.copy(SAMPLE, tmp_path / folder / "x.txt")
    (tmp_path / "c" / "x.txt").write_text(SAMPLE.read_text(encoding="utf-8") + "\n附件：无\n", encoding="utf-8")
    return expand_inputs([str(FIXTURES)]) + [str(tmp_path / f / "x.txt") for f in "abc"]


def test_two_jobs_write_the_same_bytes_as_one(tmp_path):
    paths = inputs(tmp_path)
    one = run_inputs(paths, tmp_path / "one", Config(silent=True))
    two = run_inputs(paths, tmp_path / "two", Config(silent=True, jobs=2))
    # Every fixture notice, a few inputs that are no notices, and same-name inputs renamed.
    assert (one.documents, one.failures, one.renamed) == (two.documents, two.failures, two.renamed)
    assert one.documents + one.failures == len(paths) and one.failures >= 1 and one.renamed >= 2
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


def test_two_jobs_fill_the_same_database_as_one(tmp_path):
    paths = inputs(tmp_path)
    for out, jobs in (("one", 1), ("two", 2)):
        run_inputs(paths, tmp_path / out, Config(silent=True, jobs=jobs, sqlite=tmp_path / f"{out}.db"))
    tables = {}
    for out in ("one", "two"):
        with closing(sqlite3.connect(tmp_path / f"{out}.db")) as db:
            tables[out] = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    assert len(tables["one"]["metrics"]) > 1000 and {r[0] for r in tables["one"]["notices"]} >= {"x", "x~2", "x~3"}
    assert tables["two"] == tables["one"]
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


def test_a_resumed_pool_skips_and_renames_as_one_process_does(tmp_path):
    paths = inputs(tmp_path)
    # The first run saw half the fixtures and a/x.txt only; b/x.txt has the same name and
    # text, so its record is not in the folder although its key is: the parent redoes it.
    first = paths[:40] + paths[-3:-2]
    for out in ("one", "two"):
        run_inputs(first, tmp_path / out, Config(silent=True))
    one = run_inputs(paths, tmp_path / "one", Config(silent=True))
    two = run_inputs(paths, tmp_path / "two", Config(silent=True, jobs=2))
    assert (two.skipped, two.documents, two.renamed) == (one.skipped, one.documents, one.renamed)
    assert one.skipped == 40 and one.documents + one.failures == len(paths) - 40
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")


def test_a_dead_worker_stops_the_pool_with_one_clear_error_and_keeps_what_was_written(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    for i in range(40):
        shutil.copy(SAMPLE, tmp_path / "in" / f"n{i:02d}.txt")
    real = pipeline.run.pool.build_notice

    def dies_on_n20(source):
        if source.doc_id == "n20":
            # Once the parent wrote n00-n15: another worker may still be on n08-n15, and a
            # dead pool drops every chunk not finished.
            written = tmp_path / "out" / "notices.jsonl"
            deadline = time.monotonic() + 30
            while written.read_bytes().count(b"\n") < 16 and time.monotonic() < deadline:
                time.sleep(0.01)
            os._exit(9)  # as the kernel's OOM killer would end it
        return real(source)

    monkeypatch.setattr(pipeline.run.pool, "build_notice", dies_on_n20)  # the forked workers inherit it
    with pytest.raises(InternalError, match=r"a worker process died .* from .*n(\d\d)\.txt on") as caught:
        run_inputs(expand_inputs([str(tmp_path / "in")]), tmp_path / "out", Config(silent=True, jobs=2))
    # The death breaks every unfinished chunk: the one named is the first of those, n16.txt's
    # (the chunk of n20) or, when a worker was slow, an earlier one. Never a later one.
    first = int(re.search(r"n(\d\d)\.txt on", caught.value.message).group(1))
    assert first in (0, 8, 16) and caught.value.path.endswith(f"n{first:02d}.txt")
    ids = [json.loads(line)["doc_id"] for line in (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == [f"n{i:02d}" for i in range(first)]


def test_jobs_flag_reaches_the_batch(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), str(FIXTURES / "heldout"), "--out", str(tmp_path / "o"),
                                      "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("9 documents")


def test_jobs_0_is_one_process_per_cpu_this_process_may_use(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert Config(jobs=0).jobs == 3 and Config(jobs=2).jobs == 2
    seen = []
    monkeypatch.setattr("pipeline.cli.commands.run_inputs", lambda paths, out, config, **kw: seen.append(config.jobs) or
                        run_inputs(paths, out, config.model_copy(update={"jobs": 2}), **kw))
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "-j", "0"])
    assert result.exit_code == 0, result.output
    assert seen == [3] and result.output.startswith("1 document")


def test_ctrl_c_stops_the_pool_and_a_rerun_finishes_each_input_once(tmp_path):
    (tmp_path / "in").mkdir()
    n = 800  # enough that a loaded machine cannot finish them all before the signal lands
    for i in range(n):
        shutil.copy(SAMPLE, tmp_path / "in" / f"n{i:03d}.txt")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(tmp_path / "in"), "--out", str(out), "--silent", "-j", "2"]
    # Its own process group, as a terminal's Ctrl-C reaches the parent and its workers alike.
    process = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    while not (out / "notices.jsonl").exists() or (out / "notices.jsonl").read_bytes().count(b"\n") < 10:
        assert process.poll() is None and time.monotonic() < deadline, "the batch ended or wrote nothing"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == 130
    stderr = process.stderr.read()
    assert b"Interrupted" in stderr and b"Traceback" not in stderr
    kept = (out / "notices.jsonl").read_bytes()
    assert kept.endswith(b"\n") and 10 <= kept.count(b"\n") < n
    summary = run_inputs(expand_inputs([str(tmp_path / "in")]), out, Config(silent=True, jobs=2))
    assert summary.skipped + summary.documents == n and summary.skipped == kept.count(b"\n")
    ids = [json.loads(line)["doc_id"] for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == [f"n{i:03d}" for i in range(n)]
