"""The review page in a real browser: headless Chromium driven through chromedriver.

One report of three inputs is opened: the sample, a copy of it with a ``<script>`` and an
``<img onerror>`` written into a measure, and an empty file (a failed input). Without
Chromium and chromedriver the tests skip, except where ``PIPELINE_REQUIRE_BROWSER=1`` says
the browser must be there: CI sets it (``.ci/run`` installs Chromium), so its absence
fails there.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import SAMPLE

ATTACK = "<script>document.title='pwned';window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium waits on the network, which this machine does not have.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


def missing(reason: str) -> None:
    """Skip, or fail where the environment says the browser is required."""
    if os.environ.get("PIPELINE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PIPELINE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        missing("Chromium is not installed: apt-get install chromium chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed: python -m pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # A driver path given to Service keeps Selenium from trying to download one.
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report page and the records of its notices, by doc_id."""
    folder = tmp_path_factory.mktemp("browser")
    inputs = folder / "in"
    inputs.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    anchor = "一是以“增量”带动发展。"
    assert text.count(anchor) == 1
    shutil.copy(SAMPLE, inputs / "a-sample.txt")
    (inputs / "b-scripted.txt").write_text(text.replace(anchor, anchor + ATTACK), encoding="utf-8")
    (inputs / "c-empty.txt").write_bytes(b"")
    out = folder / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(inputs), "--out", str(out), "--silent"]).exit_code == 1
    assert runner.invoke(cli, ["report", str(out)]).exit_code == 0
    lines = (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    notices = {n["doc_id"]: n for n in map(json.loads, lines)}
    return out / "report.html", notices


@pytest.fixture
def page(browser, report):
    path, _ = report
    browser.get(path.as_uri())
    return browser


def count_records(notice: dict) -> dict[str, int]:
    measures = notice["organization_measures"] + [m for p in notice["problems"] for m in p["measures"]]
    return {
        "problem": len(notice["problems"]),
        "measure": len(measures),
        "metric": sum(len(m["metrics"]) for m in measures),
        "document": sum(len(m["documents"]) for m in measures),
    }


def test_highlights_exist_and_match_the_records(page, report):
    _, notices = report
    assert count_records(notices["a-sample"]) == {"problem": 14, "measure": 47, "metric": 87, "document": 16}
    for anchor, doc_id in (("n1", "a-sample"), ("n2", "b-scripted")):
        shown = page.execute_script(
            "const counts = {};"
            "document.querySelectorAll(`#${arguments[0]} .text [data-kind]`).forEach("
            "  (el) => { counts[el.dataset.kind] = (counts[el.dataset.kind] || 0) + 1; });"
            "return counts;", anchor)
        assert shown == count_records(notices[doc_id])
    # the browser sees the same characters as the spans: JS strings count UTF-16 units,
    # Python str indices count characters, and the page must not depend on either
    text = SAMPLE.read_text(encoding="utf-8")
    problem = notices["a-sample"]["problems"][0]
    inside = page.execute_script("return document.getElementById('n1-p1').textContent")
    assert inside == text[slice(*problem["span"])]
    assert page.find_element("id", "n1-p1m1x1").text == "41家"


def test_a_script_in_a_notice_shows_as_text_and_never_runs(page):
    assert page.title == "Review: out"
    assert page.execute_script("return window.pwned") is None
    assert page.find_elements("css selector", "section.notice img") == []
    assert len(page.find_elements("css selector", "script")) == 1  # the page's own
    measure = page.execute_script("return document.getElementById('n2-p1m1').textContent")
    assert ATTACK in measure


def test_clicking_a_record_scrolls_its_span_into_view(page):
    target_id = "n1-p14m3x1"  # the last metric of the sample: far below the first screen
    in_view = ("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
               "return r.top >= 0 && r.bottom <= window.innerHeight;")
    assert not page.execute_script(in_view, target_id)
    link = page.find_element("css selector", f'a.rec[href="#{target_id}"]')
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    assert page.execute_script(in_view, target_id)
    target = page.find_element("id", target_id)
    assert "current" in target.get_attribute("class").split()
    assert target.text == "8名"


def test_index_filters_by_status_and_sorts(page):
    from selenium.webdriver.support.ui import Select

    def visible_ids():
        return page.execute_script(
            "return Array.from(document.querySelectorAll('#index tbody tr'))"
            ".filter((row) => row.offsetParent !== null).map((row) => row.cells[0].textContent)")

    assert visible_ids() == ["a-sample", "b-scripted", "c-empty"]
    Select(page.find_element("css selector", "select[data-filter=status]")).select_by_value("failed")
    assert visible_ids() == ["c-empty"]
    assert page.find_element("id", "shown").text == "1"
    Select(page.find_element("css selector", "select[data-filter=status]")).select_by_value("")
    Select(page.find_element("css selector", "select[data-filter=backend]")).select_by_value("rules")
    assert visible_ids() == ["a-sample", "b-scripted"]
    Select(page.find_element("css selector", "select[data-filter=backend]")).select_by_value("")
    heading = page.find_element("xpath", "//section[@id='index']//th[text()='doc_id']")
    heading.click()
    heading.click()  # second click: descending
    assert visible_ids() == ["c-empty", "b-scripted", "a-sample"]
