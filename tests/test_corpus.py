"""The corpus page (pipeline.report.corpus): the charts' figures and the notices behind them.

Records are made up here, small enough to count by hand: every assertion below can be
checked against the dicts in :func:`notice`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.report.corpus import notice_facts, render_corpus

from .conftest import SAMPLE


def notice(doc_id: str, problems: list[list[str]], *, coverage=None, confidence=None,
           summary=()) -> dict:
    """A record with one problem per list of measure statuses."""
    provenance = {"backend": "rules", "coverage": coverage}
    if confidence is not None:
        provenance["outline_confidence"] = confidence
    return {
        "doc_id": doc_id,
        "organization_measures": [],
        "problems": [{"title": f"问题{i}", "measures": [{"status": s} for s in statuses]}
                     for i, statuses in enumerate(problems)],
        "summary": [{"kind": kind, "value": value, "unit": unit, "text": ""}
                    for kind, value, unit in summary],
        "provenance": provenance,
    }


CORPUS = [
    notice("a", [["completed", "reported"], ["in_progress"]], coverage=0.95, confidence=0.9,
           summary=[("funds_recovered", 12.5, "万元"), ("people_disciplined", 3, "人")]),
    notice("b", [["reported"]], coverage=0.42, confidence=0.3,
           summary=[("funds_recovered", 100, "万元"), ("completion_rate", 80, "%")]),
    notice("c", [["completed"], ["completed"], ["reported", "reported"]], coverage=0.7,
           summary=[("completion_rate", 90, "%"), ("funds_recovered", 2, "万元")]),
]
LINKS = ["#n1", "#n2", "#n3"]


class Corpus(HTMLParser):
    """The ``<details id>`` lists of a corpus section: id → (summary text, linked doc_ids),
    and the bars: link target → the count written on it."""

    def __init__(self, html: str):
        super().__init__()
        self.lists: dict[str, tuple[str, list[str]]] = {}
        self.bars: dict[str, str] = {}
        self._in: list[str] = []
        self._list: str | None = None
        self._bar: str | None = None
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in.append(tag)
        if tag == "details":
            self._list = attrs["id"]
            self.lists[self._list] = ("", [])
        elif tag == "a":
            self._href = attrs["href"]
            if "svg" in self._in:
                self._bar = attrs["href"]
                self.bars.setdefault(self._bar, "")

    def handle_endtag(self, tag):
        self._in.pop()
        if tag == "details":
            self._list = None
        elif tag == "a":
            self._bar = None

    def handle_data(self, data):
        tag = self._in[-1] if self._in else ""
        if self._bar and tag == "text":
            self.bars[self._bar] += data
        if self._list:
            summary, links = self.lists[self._list]
            if "summary" in self._in:
                self.lists[self._list] = (summary + data, links)
            elif tag == "a":
                links.append(data)


def render(records=CORPUS, failures=0) -> str:
    return render_corpus([notice_facts(r) for r in records], failures, LINKS[:len(records)])


def test_histograms_count_notices_per_value_and_link_to_them():
    parsed = Corpus(render())
    # problems per notice: a has 2, b 1, c 3 → one bar each, labelled with its count
    assert {k: v for k, v in parsed.bars.items() if k.startswith("#c-problems")} == {
        "#c-problems-1": "1", "#c-problems-2": "1", "#c-problems-3": "1"}
    assert parsed.lists["c-problems-2"] == ("2 problems: 1 notice", ["a"])
    # measures per notice: a 3, b 1, c 4
    assert parsed.lists["c-measures-3"][1] == ["a"]
    assert parsed.lists["c-measures-4"][1] == ["c"]
    assert "c-measures-2" not in parsed.lists  # an empty bar has no list


def test_wide_ranges_are_binned_into_at_most_25_bars():
    records = [notice(f"d{k}", [["reported"]] * k) for k in (0, 10, 60)]
    html = render_corpus([notice_facts(r) for r in records], 0, ["#n1", "#n2", "#n3"])
    parsed = Corpus(html)
    assert html.count('<rect x=') <= 25 * 2  # two charts of bars
    assert parsed.lists["c-problems-0"] == ("0–2 problems: 1 notice", ["d0"])
    assert parsed.lists["c-problems-20"] == ("60–62 problems: 1 notice", ["d60"])


def test_status_shares_and_the_notices_holding_each_status():
    parsed = Corpus(render())
    # 8 measures: completed 3 (a 1, c 2), in progress 1 (a), reported 4 (a 1, b 1, c 2)
    assert parsed.lists["c-status-completed"] == ("completed: 3 (38%): 2 notices", ["c", "a"])
    assert parsed.lists["c-status-in_progress"][1] == ["a"]
    assert parsed.lists["c-status-reported"][0].startswith("reported: 4 (50%)")


def test_summary_totals_add_up_by_kind_and_unit_and_average_rates():
    html = render()
    rows = re.findall(r"<tr><td>([a-z_]+)</td><td>([^<]*)</td><td class=\"num\">([^<]*)</td>"
                      r"<td class=\"num\">(\d+)</td>", html)
    assert rows == [
        ("completion_rate", "%", "mean 85", "2"),
        ("funds_recovered", "万元", "114.5", "3"),
        ("people_disciplined", "人", "3", "1"),
    ]
    funds = Corpus(html).lists["c-totals-1"]
    assert funds == ("3 notices", ["b", "a", "c"])  # largest first


def test_coverage_and_confidence_list_the_weakest_first():
    html = render()
    weakest = re.findall(r'<table class="weakest"><caption>([^<]*)</caption>.*?</table>', html)
    assert weakest == ["Weakest 3 by coverage", "Weakest 2 by outline confidence"]
    coverage = re.search(r"Weakest 3 by coverage.*?</table>", html).group(0)
    assert re.findall(r'<a href="(#n\d)">', coverage) == ["#n2", "#n3", "#n1"]
    assert "42.0%" in coverage
    assert "Outline confidence (2 of 3 notices)" in html  # c has none
    assert Corpus(html).lists["c-confidence-3"][1] == ["b"]


def test_records_without_outline_confidence_skip_its_chart():
    records = [notice("old", [["reported"]], coverage=0.9)]
    html = render(records)
    assert "These records carry no outline confidence" in html
    assert "c-confidence-" not in html
    assert "Weakest 1 by coverage" in html


def test_an_empty_corpus_says_so_without_charts():
    html = render([], failures=2)
    assert "0 notices, 0 problems, 0 measures; 2 failed inputs" in html
    assert "<svg" not in html


def test_report_opens_with_the_corpus_and_every_chart_link_has_a_target(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(inputs), "--out", str(out), "--silent"]).exit_code == 0
    assert runner.invoke(cli, ["report", str(out)]).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.index('id="corpus"') < html.index('id="index"') < html.index('id="n1"')
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets <= ids
    assert Corpus(html).lists["c-problems-14"][1] == ["a"]  # the sample's 14 problems
