"""The review page (pipeline.report.write) and the eval page (pipeline.evaluate.evalpage), as HTML text.

The page is parsed back with html.parser: every highlighted element must hold exactly
the characters its record's span points at, once, and no notice text may become markup.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from pipeline.report import write as report_module
from pipeline.assemble import build_notice
from pipeline.cli import cli
from pipeline.evaluate.evalpage import render_eval_page
from pipeline.evaluate import load_gold, score
from pipeline.ingest.source import read_source
from pipeline.report.write import SINGLE_FILE_LIMIT, source_text, write_report
from pipeline.report.index import notice_row
from pipeline.report.notice import Mark, highlight, notice_entries, render_notice

from .conftest import GOLD_DIR, SAMPLE

# Counted in the gold file: 14 problems, 44 + 3 measures, 87 metrics, 16 documents.
SAMPLE_COUNTS = {"problem": 14, "measure": 47, "metric": 87, "document": 16}


class Elements(HTMLParser):
    """The text inside every ``<span id=…>`` of some HTML, and all its text."""

    def __init__(self, html: str):
        super().__init__()
        self.open: list[tuple[dict, list[str]]] = []
        self.by_id: dict[str, tuple[dict, str]] = {}
        self.text: list[str] = []
        self.tags: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "span":
            self.open.append((dict(attrs), []))

    def handle_endtag(self, tag):
        if tag == "span":
            attrs, pieces = self.open.pop()
            if "id" in attrs:
                assert attrs["id"] not in self.by_id, f"id {attrs['id']} appears twice"
                self.by_id[attrs["id"]] = (attrs, "".join(pieces))

    def handle_data(self, data):
        self.text.append(data)
        for _, pieces in self.open:
            pieces.append(data)

    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for attrs, _ in self.by_id.values():
            if "data-kind" in attrs:
                counts[attrs["data-kind"]] = counts.get(attrs["data-kind"], 0) + 1
        return counts


def run_cli(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample():
    """The sample notice as ``notices.jsonl`` holds it, and its source text."""
    source = read_source(str(SAMPLE))
    return build_notice(source).model_dump(mode="json"), source.text


# --- highlight ----------------------------------------------------------------------


def test_highlight_escapes_text_and_attributes():
    text = '关于<script>alert("x")</script>&amp;问题'
    marks = [Mark(2, 10, "measure", "m1", "1.1", (("title", '"><img src=x onerror=alert(1)>'),))]
    html = highlight(text, marks).html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;amp;" in html
    parsed = Elements(html)
    assert parsed.tags == ["span"]
    assert "".join(parsed.text) == text
    attrs, inside = parsed.by_id["m1"]
    assert inside == "<script>"
    assert attrs["title"] == '"><img src=x onerror=alert(1)>'


def test_highlight_nests_spans_and_each_holds_exactly_its_characters():
    # 𠮷 is one Python character (two in UTF-16): offsets are str indices
    text = "𠮷前言。1.关于“甲”问题。一是新增企业41家，印发《办法》。二是完成3项。后记"
    spans = {
        "p1": ("problem", text.index("1.关于"), text.index("后记")),
        "m1": ("measure", text.index("新增"), text.index("二是")),
        "m2": ("measure", text.index("完成"), text.index("后记")),
        "x1": ("metric", text.index("41家"), text.index("41家") + 3),
        "d1": ("document", text.index("《"), text.index("》") + 1),
        "x2": ("metric", text.index("3项"), text.index("3项") + 2),
    }
    marks = [Mark(start, end, kind, id_, id_) for id_, (kind, start, end) in spans.items()]
    lit = highlight(text, list(reversed(marks)))  # input order does not matter
    parsed = Elements(lit.html)
    assert "".join(parsed.text) == text
    assert lit.drawn == set(spans) and lit.notes == {}
    for id_, (kind, start, end) in spans.items():
        attrs, inside = parsed.by_id[id_]
        assert (attrs["data-kind"], inside) == (kind, text[start:end])
    assert parsed.by_id["x1"][1] == "41家"
    assert parsed.by_id["d1"][1] == "《办法》"
    # the measure element holds its metric element: m1's HTML is opened before x1's
    assert lit.html.index('id="m1"') < lit.html.index('id="x1"') < lit.html.index('id="m2"')


def test_highlight_cuts_a_crossing_span_and_skips_one_outside_the_text():
    text = "一二三四五六七八九十"
    marks = [
        Mark(0, 5, "measure", "m1", "1.1"),
        Mark(3, 8, "metric", "x1", "3个"),  # crosses the end of m1
        Mark(8, 20, "metric", "x2", "9个"),  # past the end of the text
        Mark(6, 6, "metric", "x3", "0个"),  # empty
    ]
    lit = highlight(text, marks)
    parsed = Elements(lit.html)
    assert "".join(parsed.text) == text
    assert parsed.by_id["x1"][1] == "四五"
    assert lit.drawn == {"m1", "x1"}
    assert "shown cut at 5" in lit.notes["x1"]
    assert "not shown" in lit.notes["x2"] and "not shown" in lit.notes["x3"]


# --- one notice ---------------------------------------------------------------------


def test_sample_notice_renders_every_record_once_on_its_exact_characters(sample):
    notice, text = sample
    html = render_notice(notice, text, None, anchor="n1")
    parsed = Elements(html)
    assert parsed.kinds() == SAMPLE_COUNTS
    measures = notice["organization_measures"] + [
        m for p in notice["problems"] for m in p["measures"]
    ]
    spans = [p["span"] for p in notice["problems"]] + [m["span"] for m in measures]
    spans += [x["span"] for m in measures for x in m["metrics"]]
    shown = sorted(inside for attrs, inside in parsed.by_id.values()
                   if attrs["data-kind"] != "document")
    assert shown == sorted(text[start:end] for start, end in spans)
    documents = [f"《{d}》" for m in measures for d in m["documents"]]
    assert sorted(inside for attrs, inside in parsed.by_id.values()
                  if attrs["data-kind"] == "document") == sorted(documents)
    attrs, inside = parsed.by_id["n1-p1m1x1"]
    assert inside == "41家" and attrs["title"] == "新增“四上”企业 · 41家"
    attrs, inside = parsed.by_id["n1-p1m1"]
    assert inside.startswith("以“增量”带动发展") and attrs["data-status"] == "completed"
    assert attrs["data-label"] == "1.1 · completed"
    # every record's row links to its element
    for id_ in parsed.by_id:
        assert html.count(f'href="#{id_}"') == 1


def test_documents_are_placed_on_their_own_title_inside_their_measure(sample):
    notice, text = sample
    documents = [e for e in notice_entries(notice, text) if e.kind == "document"]
    assert len(documents) == 16
    for entry in documents:
        start, end = entry.span
        assert text[start:end] == entry.text
    first = documents[0]
    assert first.text == "《海州区专精特新企业培育三年行动计划(2023—2025年)》"
    assert first.id == "p1m3d1"


def test_notice_without_text_lists_records_without_highlights(sample):
    notice, _ = sample
    html = render_notice(notice, None, "the notice was read from standard input", anchor="n1")
    parsed = Elements(html)
    assert parsed.kinds() == {}
    assert "the notice was read from standard input" in html
    assert 'class="rec"' not in html  # nothing to scroll to
    assert "干部队伍建设不够有力" in html


def test_fallbacks_mark_their_problem_and_unknown_provenance_keys_are_ignored(sample):
    notice, text = sample
    notice = json.loads(json.dumps(notice))
    notice["provenance"].update(
        backend="llm", model="m-1",
        fallbacks=[{"section": "problem 2", "reason": "schema error"},
                   {"section": "header", "reason": "timeout"}],
        sections={"problem 1": {"tokens": 10}}, tokens_in=1234,  # fields the page does not know
    )
    html = render_notice(notice, text, None, anchor="n1")
    attrs, _ = Elements(html).by_id["n1-p2"]
    assert attrs["data-fallback"] == "schema error"
    assert attrs["data-label"] == "problem 2 · rules fallback"
    assert "data-fallback" not in Elements(html).by_id["n1-p1"][0]
    assert "header: rules fallback (timeout)" in html
    assert "llm · model m-1" in html
    assert notice_row(notice).status == "fell back"


# --- the source text ----------------------------------------------------------------


def test_source_text_is_used_only_when_its_digest_matches(sample, tmp_path):
    notice, text = sample
    assert source_text(notice) == (text, None)
    copy = tmp_path / "seeds" / SAMPLE.name
    copy.parent.mkdir()
    copy.write_text(text, encoding="utf-8")
    relative = {**notice, "provenance": {**notice["provenance"], "source": f"seeds/{SAMPLE.name}"}}
    assert source_text(relative, root=tmp_path) == (text, None)
    copy.write_text(text.replace("41家", "42家"), encoding="utf-8")
    assert source_text(relative, root=tmp_path)[1] == (
        f"the source file seeds/{SAMPLE.name} has changed since the run (its sha256 differs)")
    gone = {**notice, "provenance": {**notice["provenance"], "source": "gone.txt"}}
    assert source_text(gone, root=tmp_path)[1] == (
        f"cannot read the source file gone.txt from {tmp_path}: no such file; "
        "pass --root with the folder the run was started in")
    absolute = {**notice, "provenance": {**notice["provenance"], "source": str(tmp_path / "gone.txt")}}
    assert source_text(absolute)[1] == f"cannot read the source file {tmp_path / 'gone.txt'}: no such file"
    stdin = {**notice, "provenance": {**notice["provenance"], "source": "-"}}
    assert source_text(stdin)[1] == "the notice was read from standard input, which was not kept"


# --- the whole page -----------------------------------------------------------------


@pytest.fixture
def run_out(tmp_path):
    """`pipeline run` on the sample, a copy that is then changed, and an empty file."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / "a-sample.txt")
    shutil.copy(SAMPLE, inputs / "b-changed.txt")
    (inputs / "c-empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert run_cli("run", inputs, "--out", out, "--silent").exit_code == 1
    (inputs / "b-changed.txt").write_text("改过了", encoding="utf-8")
    return out


def test_report_command_writes_one_page_with_index_and_notices(run_out):
    result = run_cli("report", run_out)
    assert result.exit_code == 0, result.output
    assert f"Wrote {run_out / 'report.html'} (2 notices, 1 failed inputs)" in result.output
    html = (run_out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # nothing to fetch
    parsed = Elements(html)
    # the unchanged copy is highlighted in full; the changed one is not highlighted at all
    assert parsed.kinds() == SAMPLE_COUNTS
    assert all(id_.startswith("n1-") for id_, (attrs, _) in parsed.by_id.items()
               if "data-kind" in attrs)
    assert "b-changed.txt has changed since the run" in html
    assert html.count("<tr data-status=") == 3
    assert '<tr data-status="failed" data-backend="">' in html
    assert "c-empty.txt: empty: the file is empty" in html
    assert '<a href="#n2">b-changed</a>' in html


def test_large_batches_get_a_folder_with_a_page_per_notice(run_out, monkeypatch):
    monkeypatch.setattr(report_module, "SINGLE_FILE_LIMIT", 1)
    written = write_report(run_out, run_out / "review.html")
    assert written.path == run_out / "review" / "index.html"
    assert (written.notices, written.failures) == (2, 1)
    index = written.path.read_text(encoding="utf-8")
    assert '<a href="notices/1.html">a-sample</a>' in index
    page = (run_out / "review" / "notices" / "1.html").read_text(encoding="utf-8")
    assert Elements(page).kinds() == SAMPLE_COUNTS
    assert '<a href="../index.html">' in page
    assert not (run_out / "review.html").exists()


def test_report_usage_errors_are_one_line_and_exit_2(tmp_path):
    result = run_cli("report", tmp_path)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path}: no notices.jsonl here: run `pipeline run INPUT --out DIR` first"
    ]
    (tmp_path / "notices.jsonl").write_text('{"doc_id": "x"}\nnot json\n', encoding="utf-8")
    result = run_cli("report", tmp_path)
    assert result.exit_code == 2 and "line 2: invalid JSON" in result.output


def test_report_help_has_an_example_and_the_folder_threshold():
    help_text = run_cli("report", "--help").output
    assert "Example:" in help_text
    assert f"More than {SINGLE_FILE_LIMIT} notices make a folder" in " ".join(help_text.split())


# --- the eval page ------------------------------------------------------------------


def test_eval_page_shows_bars_documents_and_the_misses_with_their_text(sample):
    notice, _ = sample
    notice = json.loads(json.dumps(notice))
    dropped = notice["problems"].pop()
    notice["problems"].append({"index": 15, "title": "<script>alert(1)</script>", "measures": []})
    html = render_eval_page(score(load_gold(GOLD_DIR), {notice["doc_id"]: notice}))
    assert html.count('<td class="bar">') == 21
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert dropped["title"] == "干部队伍建设不够有力" and dropped["title"] in html
    assert "problems — false positives 1, false negatives 1" in html
    assert "measures — false positives 0, false negatives 3" in html
    assert dropped["measures"][0]["text"] in html
    assert "without a prediction" not in html
    missing = render_eval_page(score(load_gold(GOLD_DIR), {}))
    assert "<p>Gold notices without a prediction (scored as empty): lianyungang-gxq-2024</p>" in missing


def test_eval_command_writes_the_page(tmp_path):
    assert run_cli("run", SAMPLE, "--out", tmp_path, "--silent").exit_code == 0
    page = tmp_path / "pages" / "eval.html"
    result = run_cli("eval", "--gold", GOLD_DIR, "--pred", tmp_path / "notices.jsonl", "--html", page)
    assert result.exit_code == 0
    assert "1.000" in result.output  # the table is still printed
    html = page.read_text(encoding="utf-8")
    assert "Evaluation of 1 document(s)" in html and "What to look at" in html
