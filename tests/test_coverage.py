"""Coverage where people see it: notices.csv, SQLite, the review page and the summary line."""

import csv
import shutil
import sqlite3

from pipeline.batch import run_batch
from pipeline.config import Config
from pipeline.report import write_report

from .expect import FIXTURES


def _run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("standard/linjiang-univ-2024.md", "misread/beishan-slj-2024.txt"):
        shutil.copy(FIXTURES / name, folder)
    out = tmp_path / "out"
    config = Config(silent=True, sqlite=out / "notices.sqlite")
    return run_batch([str(p) for p in sorted(folder.iterdir())], out, config), out


def test_tables_and_summary_line_show_the_coverage(tmp_path):
    summary, out = _run(tmp_path)
    assert "; 1 notice under 60% coverage (see the warnings)" in summary.line()
    with (out / "notices.csv").open(encoding="utf-8-sig") as f:
        rows = {row["doc_id"]: row for row in csv.DictReader(f)}
    assert (rows["beishan-slj-2024"]["coverage"], rows["linjiang-univ-2024"]["coverage"]) == ("0.274", "0.908")
    assert "low coverage: only 27%" in rows["beishan-slj-2024"]["warnings"]
    db = sqlite3.connect(out / "notices.sqlite")
    assert db.execute("SELECT doc_id, coverage FROM notices ORDER BY coverage").fetchall() == [
        ("beishan-slj-2024", 0.274), ("linjiang-univ-2024", 0.908)]


def test_review_page_index_has_a_sortable_coverage_column_marking_low_ones(tmp_path):
    _, out = _run(tmp_path)
    page = write_report(out, root=tmp_path)
    html = page.path.read_text(encoding="utf-8")
    assert '<th data-type="num">coverage</th>' in html
    assert '<td><span class="low">27.4%</span></td>' in html
    assert "<td>90.8%</td>" in html
