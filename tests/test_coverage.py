"""Coverage and the outline's confidence where people see them: notices.csv, SQLite, the
review page and the summary line."""

import csv
import shutil
import sqlite3

from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.report.write import write_report

from .expect import FIXTURES


def _run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("standard/linjiang-univ-2024.md", "unseen/news-about-inspection.txt",
                 "ambiguous/songping-ggj-2024.txt"):
        shutil.copy(FIXTURES / name, folder)
    out = tmp_path / "out"
    config = Config(silent=True, sqlite=out / "notices.sqlite")
    return run_inputs([str(p) for p in sorted(folder.iterdir())], out, config), out


def test_tables_and_summary_line_show_the_coverage(tmp_path):
    summary, out = _run(tmp_path)
    assert summary.line().endswith("; backend rules; 1 notice under 60% coverage (see the warnings); "
                                   "1 notice whose part roles were a close call (see the warnings)")
    with (out / "notices.csv").open(encoding="utf-8-sig") as f:
        rows = {row["doc_id"]: row for row in csv.DictReader(f)}
    assert (rows["news-about-inspection"]["coverage"], rows["linjiang-univ-2024"]["coverage"]) == ("0.0", "0.908")
    assert "low coverage: only 0%" in rows["news-about-inspection"]["warnings"]
    assert [rows[d]["outline_confidence"] for d in ("news-about-inspection", "linjiang-univ-2024",
                                                    "songping-ggj-2024")] == ["1.0", "1.0", "0.557"]
    assert "outline: close call on part 1" in rows["songping-ggj-2024"]["warnings"]
    db = sqlite3.connect(out / "notices.sqlite")
    assert db.execute("SELECT doc_id, coverage, outline_confidence FROM notices ORDER BY coverage").fetchall() == [
        ("news-about-inspection", 0.0, 1.0), ("songping-ggj-2024", 0.905, 0.557), ("linjiang-univ-2024", 0.908, 1.0)]


def test_review_page_index_has_a_sortable_coverage_column_marking_low_ones(tmp_path):
    _, out = _run(tmp_path)
    page = write_report(out, root=tmp_path)
    html = page.path.read_text(encoding="utf-8")
    assert '<th data-type="num">coverage</th>' in html
    assert '<td><span class="low">0.0%</span></td>' in html
    assert "<td>90.8%</td>" in html
    assert '<th data-type="num">outline confidence</th>' in html
    assert '<td><span class="low">55.7%</span></td>' in html


def test_the_summary_line_gives_the_models_figures_before_what_to_check():
    from pipeline.run import RunSummary

    line = RunSummary(backend="llm", documents=2, requests=20, prompt_tokens=900, completion_tokens=90,
                      low_coverage=1, close_calls=1).line()
    assert line.endswith("; backend llm: 20 requests sent, 900 prompt (0 cached) + 90 completion tokens, "
                         "0 sections on rules; 1 notice under 60% coverage (see the warnings); "
                         "1 notice whose part roles were a close call (see the warnings)")
