"""Guards: one error boundary for every command, and output folders that stay whole.

Each guard here has a test that fails when the guard is taken out: the CLI boundary
(one line, exit 2, no traceback), the SQLite guard, the backend/model refusal, the
atomic --force and the folder lock.
"""

import errno
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing

import httpx2
import pytest
from click.testing import CliRunner

from pipeline.run import run_inputs
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.errors import ForeignFile, OutputBusy, OutputMismatch
from pipeline.ingest.source import read_source
from pipeline.llm.stub import RulesStub
from pipeline.run import inputs as inputs_module
from pipeline.output import write as write_module
from pipeline.output import LOCK, STAGING, TABLES, OutputWriter

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


def snapshot(folder) -> dict[str, bytes]:
    """Every file under ``folder`` (the lock file aside) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != LOCK}


def copies(folder, n, extra=""):
    folder.mkdir(parents=True, exist_ok=True)
    data = (SAMPLE.read_text(encoding="utf-8") + extra).encode("utf-8")
    for i in range(n):
        (folder / f"notice-{i:04d}.txt").write_bytes(data)
    return sorted(str(p) for p in folder.glob("*.txt"))


def jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


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
    (b'"just a string"\n', "line 1: not a JSON object"),
])
def test_broken_jsonl_for_eval_and_report(tmp_path, content, expected):
    (tmp_path / "notices.jsonl").write_bytes(content)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.gold.json").write_text('{"doc_id": "a"}', encoding="utf-8")
    one_error_line(invoke("eval", "--gold", gold, "--pred", tmp_path / "notices.jsonl"), expected)
    one_error_line(invoke("report", tmp_path), expected)


def test_json_nested_too_deeply_is_one_line(tmp_path):
    (tmp_path / "notices.jsonl").write_bytes(b'{"doc_id": "a"}\n' + b"[" * 100_000 + b"\n")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.gold.json").write_text('{"doc_id": "a"}', encoding="utf-8")
    # In a process of its own: after a RecursionError, CPython 3.11.7 fails the next
    # ast.parse (pytest's assertion rewriting) with "AST constructor recursion depth mismatch".
    for args in (["report", tmp_path], ["eval", "--gold", gold, "--pred", tmp_path / "notices.jsonl"]):
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)],
                              capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == f"Error: {tmp_path / 'notices.jsonl'}: line 2: JSON nested too deeply\n"


@pytest.mark.parametrize("content, expected", [
    (b"{not json", "bad.gold.json: invalid JSON"),
    ('{"doc_id": "x", "title": "标题"}'.encode("gb18030"), "bad.gold.json: cannot read file: not UTF-8"),
    (b'{"doc_id": "lianyungang-gxq-2024", "problems": 5}', "bad.gold.json: not a gold record: problems: Input should be a valid list"),
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


def test_eval_reads_stdin_that_is_not_utf8_as_one_line(tmp_path):
    (tmp_path / "a.json").write_text('{"doc_id": "a"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path), "--pred", "-"],
                                input='{"doc_id": "a"}\n'.encode() + "乙".encode("gb18030"))
    one_error_line(result, "<stdin>: not UTF-8")


def test_a_bug_met_on_one_input_is_its_error_and_the_batch_goes_on(tmp_path, monkeypatch):
    paths = copies(tmp_path / "in", 3)
    real = inputs_module.build_notice

    def fails_on_the_second(source):
        if source.doc_id == "notice-0001":
            raise ZeroDivisionError("division by zero")
        return real(source)
    monkeypatch.setattr(inputs_module, "build_notice", fails_on_the_second)
    result = invoke("run", tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [n["doc_id"] for n in jsonl(tmp_path / "out" / "notices.jsonl")] == ["notice-0000", "notice-0002"]
    assert jsonl(tmp_path / "out" / "errors.jsonl") == [{
        "path": paths[1], "kind": "internal",
        "message": "internal error (a bug): ZeroDivisionError: division by zero"}]


FAILURES = {
    "disk full": (OSError(errno.ENOSPC, "No space left on device", "out/x.csv"),
                  "Error: out/x.csv: No space left on device"),
    "sqlite": (sqlite3.OperationalError("disk I/O error"), "Error: SQLite: disk I/O error"),
    "a bug": (ZeroDivisionError("division by zero"),
              "Error: internal error (a bug): ZeroDivisionError: division by zero"),
}
# Each command and the library function it calls first.
COMMANDS = {
    "run": (["run", SAMPLE, "--out", "{tmp}/out", "--silent"], "pipeline.cli.commands.run_inputs"),
    "eval": (["eval", "--gold", "{tmp}", "--pred", "-"], "pipeline.cli.commands.load_gold"),
    "report": (["report", "{tmp}"], "pipeline.cli.commands.write_report"),
    "schema": (["schema"], "pipeline.cli.commands.notice_schema"),
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


# ---------------------------------------------------------------------------
# SQLite: a new path or a database of ours, nothing else


def _ours(path):
    with OutputWriter(path.parent / "elsewhere", sqlite_path=path):
        pass


SQLITE_TARGETS = {
    "empty file": lambda p: p.write_bytes(b""),
    "text file": lambda p: p.write_text("研究笔记\n", encoding="utf-8"),
    "folder": lambda p: p.mkdir(),
    "fifo": lambda p: os.mkfifo(p),
    "character device": lambda p: os.mknod(p, stat.S_IFCHR | 0o666, os.makedev(1, 3)),
    "someone else's database": lambda p: _database(p, "CREATE TABLE papers (title)"),
    "ours plus a table": lambda p: (_ours(p), _database(p, "CREATE TABLE mine (x)")),
    "a damaged database": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 200),
}


def _database(path, sql):
    with closing(sqlite3.connect(path)) as db:
        db.execute(sql)
        db.commit()


@pytest.mark.parametrize("kind", SQLITE_TARGETS)
def test_sqlite_is_never_written_over_what_is_not_ours(tmp_path, kind):
    target = tmp_path / "target.db"
    try:
        SQLITE_TARGETS[kind](target)
    except PermissionError:
        pytest.skip("making a device file needs root")
    before = os.lstat(target)
    content = target.read_bytes() if stat.S_ISREG(before.st_mode) else None
    result = invoke("run", SAMPLE, "--out", tmp_path / "out", "--sqlite", target, "--silent")
    if kind == "folder":  # click's own check comes first
        assert result.exit_code == 2 and "is a directory" in result.output
    else:
        one_error_line(result, "target.db", "not a database of notice tables; not replacing it")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    if content is not None:
        assert target.read_bytes() == content
    with pytest.raises(ForeignFile):
        OutputWriter(tmp_path / "out2", sqlite_path=target)


def test_sqlite_goes_to_a_new_path_or_over_a_database_of_ours(tmp_path):
    target = tmp_path / "all.db"
    for _ in range(2):  # new, then ours
        assert invoke("run", SAMPLE, "--out", tmp_path / "out", "--sqlite", target,
                      "--silent", "--force").exit_code == 0
        with closing(sqlite3.connect(target)) as db:
            assert db.execute("SELECT count(*) FROM problems").fetchone() == (14,)


# ---------------------------------------------------------------------------
# One folder, one backend and model, one record per doc_id


def _llm_config(**options):
    return Config(silent=True, backend="llm", base_url="http://stub.test/v1", model="stub-m",
                  concurrency=2, cache_dir=None, **options)


def test_another_backend_into_a_folder_with_records_is_refused(tmp_path):
    paths = copies(tmp_path / "in", 2)
    out = tmp_path / "out"
    run_inputs(paths, out, Config(silent=True))
    before = snapshot(out)
    stub = RulesStub([read_source(paths[0])])
    with pytest.raises(OutputMismatch) as refused:
        run_inputs(paths, out, _llm_config(), transport=httpx2.MockTransport(stub))
    assert (refused.value.old, refused.value.new) == ("rules", "llm stub-m")
    message = str(refused.value)
    for part in (str(out), "made by rules", "uses llm stub-m", "--force"):
        assert part in message
    assert snapshot(out) == before and stub.requests == []

    forced = run_inputs(paths, out, _llm_config(force=True, sqlite=out / "notices.sqlite"),
                        transport=httpx2.MockTransport(stub))
    assert forced.documents == 2
    records = jsonl(out / "notices.jsonl")
    assert [(n["doc_id"], n["provenance"]["backend"], n["provenance"]["model"]) for n in records] == [
        ("notice-0000", "llm", "stub-m"), ("notice-0001", "llm", "stub-m")]
    assert not (out / STAGING).exists()
    with closing(sqlite3.connect(out / "notices.sqlite")) as db:
        assert db.execute("SELECT DISTINCT backend FROM notices").fetchall() == [("llm",)]

    # Back to rules: refused the other way round, through the CLI, naming both.
    before = snapshot(out)
    result = invoke("run", tmp_path / "in", "--out", out)
    one_error_line(result, str(out), "made by llm stub-m", "uses rules", "--force")
    assert snapshot(out) == before


def test_another_model_is_refused_too(tmp_path):
    paths = copies(tmp_path / "in", 1)
    out = tmp_path / "out"
    stub = RulesStub([read_source(paths[0])])
    run_inputs(paths, out, _llm_config(), transport=httpx2.MockTransport(stub))
    other = _llm_config().model_copy(update={"model": "other-m"})
    with pytest.raises(OutputMismatch, match=r"holds 1 record made by llm stub-m \(1 with a model answer, none on "
                                             r"the rules in every section\), and this run uses llm other-m"):
        run_inputs(paths, out, other, transport=httpx2.MockTransport(stub))


def test_a_failed_force_run_leaves_the_old_folder_whole(tmp_path, monkeypatch):
    paths = copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    run_inputs(paths, out, Config(silent=True))
    before = snapshot(out)
    real = write_module._write_whole
    lines = []

    def disk_full_on_the_second(fd, data):
        if lines:
            raise OSError(errno.ENOSPC, "No space left on device")
        lines.append(data)
        real(fd, data)
    monkeypatch.setattr(write_module, "_write_whole", disk_full_on_the_second)
    result = invoke("run", tmp_path / "in", "--out", out, "--force", "--silent")
    one_error_line(result, f"{out}: cannot write the output folder: No space left on device")
    assert len(lines) == 1
    assert snapshot(out) == before  # every old file as it was, nothing staged left behind


def test_ctrl_c_during_a_force_run_keeps_the_new_records_finished(tmp_path, monkeypatch):
    paths = copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    run_inputs(paths, out, Config(silent=True))
    old = {n["doc_id"]: n["source_sha256"] for n in jsonl(out / "notices.jsonl")}
    copies(tmp_path / "in", 3, extra="\n附件：新版\n")
    real = inputs_module.build_notice

    def ctrl_c_on_the_second(source):
        if source.doc_id == "notice-0001":
            raise KeyboardInterrupt
        return real(source)
    monkeypatch.setattr(inputs_module, "build_notice", ctrl_c_on_the_second)
    summary = run_inputs(paths, out, Config(silent=True, force=True))
    assert summary.interrupted and summary.documents == 1
    # The folder is the forced run's, as far as it got: rerun without --force to finish.
    records = jsonl(out / "notices.jsonl")
    assert [n["doc_id"] for n in records] == ["notice-0000"]
    assert records[0]["source_sha256"] != old["notice-0000"]
    assert not (out / STAGING).exists()


def test_kill_9_during_a_force_run_keeps_the_old_records(tmp_path):
    paths = copies(tmp_path / "in", 150)
    out = tmp_path / "out"
    run_inputs(paths[:3], out, Config(silent=True))
    before = snapshot(out)
    cmd = [sys.executable, "-m", "pipeline.cli", "run", *paths, "--out", str(out), "--silent", "--force"]
    child = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = out / STAGING / "notices.jsonl"
    deadline = time.monotonic() + 30
    while not (staged.exists() and staged.read_bytes().count(b"\n") >= 5):
        assert time.monotonic() < deadline and child.poll() is None, "the forced run never started"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    after = snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith(STAGING)} == before

    summary = run_inputs(paths, out, Config(silent=True))  # the lock died with the child
    assert (summary.skipped, summary.documents) == (3, 147)
    assert not (out / STAGING).exists()
    assert [n["doc_id"] for n in jsonl(out / "notices.jsonl")] == [f"notice-{i:04d}" for i in range(150)]


def test_a_rerun_with_changed_files_keeps_one_record_per_doc_id(tmp_path):
    paths = copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    run_inputs(paths, out, Config(silent=True, sqlite=out / "notices.sqlite"))
    copies(tmp_path / "in", 2, extra="\n附件：新增材料\n")  # the first two files change
    again = run_inputs(paths, out, Config(silent=True, sqlite=out / "notices.sqlite"))
    assert (again.documents, again.skipped, again.renamed) == (2, 1, 0)
    records = jsonl(out / "notices.jsonl")
    assert sorted(n["doc_id"] for n in records) == ["notice-0000", "notice-0001", "notice-0002"]
    changed = read_source(paths[0]).sha256
    assert {n["doc_id"]: n["source_sha256"] == changed for n in records} == {
        "notice-0000": True, "notice-0001": True, "notice-0002": False}
    with closing(sqlite3.connect(out / "notices.sqlite")) as db:
        for table in TABLES:
            per_doc = db.execute(f"SELECT count(DISTINCT doc_id) FROM {table}").fetchone()[0]
            assert per_doc in (0, 3)
        assert db.execute("SELECT count(*) FROM notices").fetchone() == (3,)
    csv_rows = (out / "notices.csv").read_text(encoding="utf-8-sig").count("\n") - 1
    assert csv_rows == 3


def test_a_record_written_twice_before_a_kill_is_compacted_on_resume(tmp_path, rules_out):
    line = (rules_out / "notices.jsonl").read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    older = json.loads(line)
    older["title"] = "旧的标题"
    (out / "notices.jsonl").write_bytes(json.dumps(older, ensure_ascii=False).encode() + b"\n" + line)
    with OutputWriter(out, resume=True) as writer:
        assert [key.doc_id for key in writer.done] == ["lianyungang-gxq-2024"]
    assert (out / "notices.jsonl").read_bytes() == line


# ---------------------------------------------------------------------------
# The lock: one run per folder


def test_a_second_run_into_a_busy_folder_stops_and_changes_nothing(tmp_path, rules_out):
    out = tmp_path / "out"
    assert invoke("run", SAMPLE, "--out", out, "--silent").exit_code == 0
    with OutputWriter(out, resume=True):
        before = snapshot(out)
        result = invoke("run", SAMPLE, "--out", out, "--silent", "--force")
        one_error_line(result, str(out), f"another run (process {os.getpid()}) is writing into this folder")
        assert snapshot(out) == before
        with pytest.raises(OutputBusy):
            OutputWriter(out)
    assert invoke("run", SAMPLE, "--out", out, "--silent").exit_code == 0  # released on exit


def test_a_lock_file_left_by_a_dead_run_blocks_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).write_text("999999\n", encoding="ascii")
    assert invoke("run", SAMPLE, "--out", out, "--silent").exit_code == 0
    assert len(jsonl(out / "notices.jsonl")) == 1


# ---------------------------------------------------------------------------
# Mutated inputs: every one is a record or an error, never a traceback

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-32",
             "shift_jis", "euc-kr", "latin-1", "cp1252", "koi8-r"]


def _truncate(rng, data: bytes) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def _nul_bytes(rng, data: bytes) -> bytes:
    cut = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        cut.insert(rng.randrange(len(cut) + 1), 0)
    return bytes(cut)


def _encoding(rng, data: bytes) -> bytes:
    # Characters the codec lacks become ? or vanish, as a careless converter leaves them.
    return data.decode("utf-8", "replace").encode(rng.choice(ENCODINGS), rng.choice(["replace", "ignore"]))


def _flipped(rng, data: bytes) -> bytes:
    cut = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        if cut:
            cut[rng.randrange(len(cut))] = rng.randrange(256)
    return bytes(cut)


def _shuffled_lines(rng, data: bytes) -> bytes:
    lines = data.split(b" ")  # the sample is one line per paragraph group, spaced
    rng.shuffle(lines)
    return b"\n".join(lines[:rng.randint(1, len(lines))])


def _broken_html(rng, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    pieces = ["<p>", "</p>", "<div>", "<br>", "<table><tr><td>", "</td><td>", "<script>", "</script>",
              "<style>", "<!--", "-->", "&nbsp;", "&#x5de1;", "&bogus;", "<", ">", "<di", "<p class='x",
              "<span hidden>", "</html>", "<ol><li>"]
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(pieces) + text[at:]
    head = rng.choice(["<html><body>", "<!DOCTYPE html><html><head><title>通报", "", "<body>"])
    return (head + text).encode(rng.choice(["utf-8", "gb18030"]), "replace")


MUTATIONS = [_truncate, _nul_bytes, _encoding, _flipped, _shuffled_lines, _broken_html]


def mutated_inputs(folder, n: int, seed: int = 20241206) -> list:
    """``n`` inputs made from the sample by one to three seeded mutations each."""
    rng = __import__("random").Random(seed)
    folder.mkdir()
    sample = SAMPLE.read_bytes()
    paths = []
    for i in range(n):
        data = sample
        chosen = rng.sample(MUTATIONS, rng.randint(1, 3))
        for mutate in chosen:
            data = mutate(rng, data)
        suffix = ".html" if _broken_html in chosen or rng.random() < 0.1 else rng.choice([".txt", ".md"])
        path = folder / f"m{i:03d}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_300_mutated_inputs_each_give_a_record_or_an_error(tmp_path):
    paths = mutated_inputs(tmp_path / "in", 300)
    out = tmp_path / "out"
    result = invoke("run", tmp_path / "in", "--out", out)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    notices = jsonl(out / "notices.jsonl")
    errors = jsonl(out / "errors.jsonl")
    assert len(notices) + len(errors) == len(paths)
    sources = {n["provenance"]["source"] for n in notices} | {e["path"] for e in errors}
    assert sources == {str(p) for p in paths}
    kinds = __import__("collections").Counter(e["kind"] for e in errors)
    assert "internal" not in kinds, [e for e in errors if e["kind"] == "internal"][:3]
    assert set(kinds) <= {"empty", "binary", "encoding", "not_a_notice"}
    # NUL bytes, flipped bytes and stray encodings fail most inputs; enough stay readable
    # (80 with this seed) for the span check below to mean something.
    assert len(notices) >= 50 and kinds["binary"] and kinds["encoding"], (len(notices), kinds)
    for notice in notices:  # spans still point into the text that was read
        text = read_source(notice["provenance"]["source"]).text
        for problem in notice["problems"]:
            for m in problem["measures"]:
                assert text[m["span"][0]:m["span"][1]] == m["text"]
    page = invoke("report", out, "--root", "/")
    assert page.exit_code == 0, page.output
    assert f"({len(notices)} notices, {len(errors)} failed inputs)" in page.stderr


def _broken_jsonl(rng, lines: list[bytes]) -> bytes:
    """notices.jsonl damaged the ways files get damaged."""
    kind = rng.randrange(8)
    if kind == 0:  # cut anywhere, maybe inside a UTF-8 character
        data = b"".join(lines)
        return data[:rng.randrange(len(data))]
    if kind == 1:
        return b"".join(lines).decode("utf-8").encode(rng.choice(["gb18030", "utf-16", "big5"]), "replace")
    if kind == 2:
        return _nul_bytes(rng, b"".join(lines))
    if kind == 3:
        return b"".join(lines) + lines[rng.randrange(len(lines))]  # a doc_id twice
    if kind == 4:
        return b"".join(lines) + b"[" * rng.randint(1, 200) + b"\n"  # deeper: see above
    if kind == 5:
        record = json.loads(lines[0])
        record[rng.choice(["problems", "summary", "provenance", "inspection"])] = rng.choice([5, "x", None, [1]])
        return json.dumps(record, ensure_ascii=False).encode() + b"\n"
    if kind == 6:
        return _flipped(rng, b"".join(lines))
    return b"\n".join(rng.choice([b"{}", b"null", b"[]", b'{"doc_id": 3}', b"\xff\xfe"]) for _ in range(3))


def test_broken_jsonl_never_gives_a_traceback_in_report_or_eval(tmp_path, rules_out):
    rng = __import__("random").Random(7)
    good = (rules_out / "notices.jsonl").read_bytes()
    other = good.replace(b'"doc_id":"lianyungang-gxq-2024"', b'"doc_id":"second"')
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "g.gold.json").write_bytes(good.strip())
    outcomes = __import__("collections").Counter()
    for i in range(40):
        folder = tmp_path / f"o{i}"
        folder.mkdir()
        (folder / "notices.jsonl").write_bytes(_broken_jsonl(rng, [good, other]))
        for args in (["report", folder], ["eval", "--gold", gold, "--pred", folder / "notices.jsonl"]):
            result = invoke(*args)
            assert "Traceback" not in result.output
            if result.exit_code == 2:
                line = one_error_line(result)
                assert "internal error" not in line
                outcomes[args[0], "refused"] += 1
            else:
                assert result.exit_code == 0, result.output
                outcomes[args[0], "read"] += 1
    assert outcomes["report", "refused"] >= 10 and outcomes["eval", "refused"] >= 10, outcomes
