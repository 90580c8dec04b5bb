"""The output writer: JSONL written whole, CSV and SQLite tables, resume after a kill."""

import codecs
import csv
import json
from pathlib import Path
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest

from pipeline.assemble import notice_from_text
from pipeline.errors import DataError, FileAccessError, ForeignFile, NotANotice, UsageError
from pipeline.records import Notice, SectionRun
from pipeline.output import TABLES, DoneKey, OutputWriter, rebuild_tables, table_rows

from .conftest import ROOT, SAMPLE

STATS_SAMPLE = ROOT / "tests" / "fixtures" / "heldout" / "huaxing-sanjian-2024.txt"
PROBLEM_MEASURES = [3, 3, 3, 4, 2, 3, 2, 5, 2, 4, 5, 3, 2, 3]  # per problem of the sample


@pytest.fixture(scope="module")
def notice() -> Notice:
    return notice_from_text(SAMPLE.read_text(encoding="utf-8"), "sample", path=str(SAMPLE))


def copies(notice: Notice, n: int) -> list[Notice]:
    return [notice.model_copy(update={"doc_id": f"n{i}"}) for i in range(n)]


def write(out, notices, **options) -> OutputWriter:
    options.setdefault("sqlite_path", Path(out) / "notices.sqlite")
    with OutputWriter(out, **options) as writer:
        for notice in notices:
            writer.write_notice(notice)
    return writer


def query(db_path, sql, *params) -> list[tuple]:
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute(sql, params).fetchall()


def read_csv(path) -> list[list[str]]:
    assert path.read_bytes().startswith(codecs.BOM_UTF8)  # Excel needs it for Chinese
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def assert_tables_match_jsonl(out, db_path=None) -> list[Notice]:
    """Every line of notices.jsonl is whole and every table holds exactly its rows."""
    raw = (out / "notices.jsonl").read_bytes()
    assert raw == b"" or raw.endswith(b"\n")
    lines = raw.splitlines()
    notices = [Notice.model_validate_json(line) for line in lines]
    with closing(sqlite3.connect(db_path or out / "notices.sqlite")) as db:
        for table, columns in TABLES.items():
            rows = [row for n in notices for row in table_rows(n)[table]]
            as_text = [["" if value is None else str(value) for value in row] for row in rows]
            assert read_csv(out / f"{table}.csv") == [columns, *as_text]
            names = ", ".join(f'"{c}"' for c in columns)
            stored = db.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
            assert stored == list(map(tuple, rows))
            # No more columns than the CSV file: the whole record is only in the JSONL.
            assert [c[1] for c in db.execute(f"PRAGMA table_info({table})")] == columns
    return notices


def test_sqlite_answers_queries_across_notices(tmp_path, notice):
    stats_notice = notice_from_text(STATS_SAMPLE.read_text(encoding="utf-8"), "huaxing")
    write(tmp_path, [*copies(notice, 2), stats_notice])
    db = tmp_path / "notices.sqlite"

    assert query(db, "SELECT doc_id, COUNT(*) FROM problems GROUP BY doc_id ORDER BY doc_id") == [
        ("huaxing", 6), ("n0", 14), ("n1", 14)]
    assert query(db, "SELECT section, COUNT(*) FROM measures WHERE doc_id = 'n1' GROUP BY section") == [
        ("organization", 3), ("problem", 44)]
    per_problem = query(db, """
        SELECT p."index", p.title, COUNT(*) FROM measures m
        JOIN problems p ON p.doc_id = m.doc_id AND p."index" = m.problem_index
        WHERE m.doc_id = 'n0' GROUP BY p."index" ORDER BY p."index" """)
    assert [n for _, _, n in per_problem] == PROBLEM_MEASURES
    assert per_problem[0][:2] == (1, "经济发展主阵地作用发挥不充分")
    assert query(db, """SELECT value, unit, indicator, qualifier FROM metrics
                        WHERE doc_id = 'n0' AND problem_index = 1 AND measure_ordinal = 2""") == [
        (5, "个", "专项规划", None), (50, "家", "引进智能制造企业", "超过")]
    assert query(db, "SELECT COUNT(*), SUM(unit = '%') FROM metrics WHERE doc_id = 'n0'") == [(87, 10)]
    assert query(db, """SELECT value, typeof(value) FROM metrics
                        WHERE indicator = '工业投资增长' AND doc_id = 'n0'""") == [(14.9, "real")]
    assert query(db, """SELECT value, unit FROM stats
                        WHERE doc_id = 'huaxing' AND kind = 'completion_rate'""") == [(85.7, "%")]
    assert query(db, "SELECT COUNT(*) FROM stats WHERE doc_id LIKE 'n%'") == [(0,)]
    assert query(db, """SELECT published_on, level, kind, "group", feedback_on, problems, measures, target,
                               llm_sections, rules_sections
                        FROM notices WHERE doc_id = 'n0'""") == [
        ("2024-04-03", "city", "联动", "市委第一联动巡察组", "2023-10-13", 14, 47,
         "连云港高新技术产业开发区(海州经济开发区)党工委", 0, 0)]
    assert query(db, "PRAGMA encoding") == [("UTF-16le",)]  # two bytes a Chinese character, not three
    assert query(db, "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%(doc_id)'"
                 " ORDER BY tbl_name") == [(t,) for t in sorted(TABLES)]
    assert_tables_match_jsonl(tmp_path)


def test_sections_are_counted_by_backend(tmp_path, notice):
    prov = notice.provenance.model_copy(update={"backend": "llm", "sections": [
        SectionRun(section=name, backend=backend)
        for name, backend in (("header", "llm"), ("organization", "rules"), ("problem 1", "llm"),
                              ("problem 2", "llm"), ("summary", "rules"))]})
    llm = notice.model_copy(update={"doc_id": "asked", "provenance": prov})
    write(tmp_path, [notice, llm])
    assert query(tmp_path / "notices.sqlite", "SELECT doc_id, backend, llm_sections, rules_sections FROM notices") == [
        ("sample", "rules", 0, 0), ("asked", "llm", 3, 2)]
    assert_tables_match_jsonl(tmp_path)


def test_no_database_unless_asked_for(tmp_path, notice):
    write(tmp_path, [notice], sqlite_path=None)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "errors.jsonl", "measures.csv", "metrics.csv", "notices.csv", "notices.jsonl", "problems.csv", "stats.csv"]


def test_sqlite_path_puts_the_database_elsewhere(tmp_path, notice):
    db = tmp_path / "research" / "all.db"
    db.parent.mkdir()
    write(tmp_path / "out", [notice], sqlite_path=db)
    assert not (tmp_path / "out" / "notices.sqlite").exists()
    assert query(db, "SELECT doc_id, problems FROM notices") == [("sample", 14)]
    assert_tables_match_jsonl(tmp_path / "out", db)


def test_fresh_mode_truncates_previous_results(tmp_path, notice):
    with OutputWriter(tmp_path, sqlite_path=tmp_path / "notices.sqlite") as writer:
        for n in copies(notice, 3):
            writer.write_notice(n)
        writer.write_error(NotANotice("no 巡察 in the text", path="weather.txt"))
    assert json.loads((tmp_path / "errors.jsonl").read_text(encoding="utf-8")) == {
        "path": "weather.txt", "kind": "not_a_notice", "message": "no 巡察 in the text"}

    writer = write(tmp_path, [notice])
    assert writer.done == {}
    assert (tmp_path / "errors.jsonl").read_bytes() == b""
    assert [n.doc_id for n in assert_tables_match_jsonl(tmp_path)] == ["sample"]
    assert query(tmp_path / "notices.sqlite", "SELECT COUNT(*) FROM problems") == [(14,)]


@pytest.mark.parametrize("tail", [
    "half a line",
    "a whole record without its newline",
    "a line of garbage",
])
def test_resume_cuts_a_torn_last_line_and_rebuilds_the_tables(tmp_path, notice, tail):
    three = copies(notice, 4)
    write(tmp_path, three[:3])
    line = three[3].model_dump_json().encode("utf-8")
    torn = {"half a line": line[: len(line) // 2], "a whole record without its newline": line,
            "a line of garbage": b"\x00\x00\x00\n"}[tail]
    with open(tmp_path / "notices.jsonl", "ab") as f:
        f.write(torn)
    (tmp_path / "problems.csv").write_text("stale", encoding="utf-8")

    # The made-by check reads the file before the torn line is cut off, and passes over it.
    with OutputWriter(tmp_path, resume=True, sqlite_path=tmp_path / "notices.sqlite",
                      made_by=("rules", None)) as writer:
        assert writer.done == {
            DoneKey(f"n{i}", notice.source_sha256, "rules", None, None): str(SAMPLE) for i in range(3)}
        assert [n.doc_id for n in assert_tables_match_jsonl(tmp_path)] == ["n0", "n1", "n2"]
        writer.write_notice(three[3])
    assert [n.doc_id for n in assert_tables_match_jsonl(tmp_path)] == ["n0", "n1", "n2", "n3"]
    assert query(tmp_path / "notices.sqlite", "SELECT COUNT(*) FROM metrics") == [(4 * 87,)]


def test_resume_refuses_a_broken_line_before_the_last(tmp_path, notice):
    write(tmp_path, copies(notice, 2))
    jsonl = tmp_path / "notices.jsonl"
    first, second = jsonl.read_bytes().splitlines(keepends=True)
    jsonl.write_bytes(first[:100] + b"\n" + second)
    with pytest.raises(DataError, match="line 1: not a valid notice"):
        OutputWriter(tmp_path, resume=True)
    assert jsonl.read_bytes() == first[:100] + b"\n" + second  # left for the user to see


def test_resume_without_notices_starts_afresh(tmp_path, notice):
    (tmp_path / "errors.jsonl").write_text('{"path": "old"}\n', encoding="utf-8")
    writer = write(tmp_path, [notice], resume=True)
    assert writer.done == {}
    assert (tmp_path / "errors.jsonl").read_bytes() == b""
    assert [n.doc_id for n in assert_tables_match_jsonl(tmp_path)] == ["sample"]


def test_a_replaced_record_keeps_its_place_and_the_database_its_keys(tmp_path, notice):
    write(tmp_path, copies(notice, 3))
    changed = notice.model_copy(update={"doc_id": "n0", "title": "changed"})
    write(tmp_path, [changed], resume=True)
    notices = assert_tables_match_jsonl(tmp_path)
    assert [(n.doc_id, n.title) for n in notices] == [("n0", "changed"), ("n1", None), ("n2", None)]
    assert query(tmp_path / "notices.sqlite", "SELECT COUNT(*) FROM problems") == [(3 * 14,)]


def test_rebuild_tables_from_the_jsonl_alone(tmp_path, notice):
    write(tmp_path, copies(notice, 2))
    for table in TABLES:
        (tmp_path / f"{table}.csv").unlink()
    (tmp_path / "notices.sqlite").unlink()
    done = rebuild_tables(tmp_path, sqlite_path=tmp_path / "notices.sqlite")
    assert sorted(key.doc_id for key in done) == ["n0", "n1"]
    assert len(assert_tables_match_jsonl(tmp_path)) == 2
    with pytest.raises(UsageError, match="no notices.jsonl"):
        rebuild_tables(tmp_path / "elsewhere")


def test_kill_9_mid_run_then_resume_finishes_cleanly(tmp_path):
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, pathlib\n"
        "from pipeline.assemble import notice_from_text\n"
        "from pipeline.output import OutputWriter\n"
        "notice = notice_from_text(pathlib.Path(sys.argv[1]).read_text(encoding='utf-8'), 'n')\n"
        "with OutputWriter(sys.argv[2], sqlite_path=pathlib.Path(sys.argv[2]) / 'notices.sqlite') as writer:\n"
        "    for i in range(100_000):\n"
        "        writer.write_notice(notice.model_copy(update={'doc_id': f'n{i}'}))\n"
    ), str(SAMPLE), str(out)])
    jsonl = out / "notices.jsonl"
    deadline = time.monotonic() + 30
    while not (jsonl.exists() and jsonl.read_bytes().count(b"\n") >= 2):
        assert time.monotonic() < deadline and child.poll() is None, "the writer never wrote 2 notices"
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL

    with OutputWriter(out, resume=True, sqlite_path=out / "notices.sqlite") as writer:
        done = {key.doc_id for key in writer.done}
    written = assert_tables_match_jsonl(out)
    assert len(written) >= 2
    assert [n.doc_id for n in written] == [f"n{i}" for i in range(len(written))] and done == {
        n.doc_id for n in written}


def test_an_unwritable_folder_is_a_file_access_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FileAccessError, match="cannot write the output folder"):
        OutputWriter(blocker / "out")


def test_a_sqlite_path_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(ForeignFile, match="a folder, not a database of notice tables"):
        OutputWriter(tmp_path / "out", sqlite_path=tmp_path)


@pytest.mark.parametrize("kind", ["text", "database"])
def test_a_file_that_is_not_ours_is_never_replaced(tmp_path, kind):
    other = tmp_path / "other.db"
    if kind == "text":
        other.write_text("某某 notes\n", encoding="utf-8")
    else:
        with closing(sqlite3.connect(other)) as db:
            db.execute("CREATE TABLE papers (title)")
            db.commit()
    before = other.read_bytes()
    with pytest.raises(ForeignFile, match="not replacing it"):
        OutputWriter(tmp_path / "out", sqlite_path=other)
    assert other.read_bytes() == before
