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

# 𠮷 is one character in Python and two UTF-16 units in the browser: every offset after it
# tells whether the page counts characters.
ATTACK = "𠮷<script>document.title='pwned';window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"
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


def test_a_corpus_bar_opens_the_list_of_its_notices_which_link_to_them(page):
    behind = page.find_element("id", "c-problems-14")  # a-sample and b-scripted: 14 problems each
    assert behind.get_attribute("open") is None
    page.find_element("css selector", 'svg a[href="#c-problems-14"]').click()
    assert behind.get_attribute("open") == "true"
    links = behind.find_elements("css selector", "li a")
    assert [a.text for a in links] == ["a-sample", "b-scripted"]
    links[1].click()
    assert page.execute_script("return location.hash") == "#n2"


# --- the review server's editor (pipeline review OUT --gold DIR) ----------------------


@pytest.fixture
def server(report, tmp_path):
    """A review server on the report's run, in a thread; its URL and gold folder."""
    import threading

    from pipeline.review import Review, make_server

    path, _ = report
    gold = tmp_path / "gold"
    running = make_server(Review(path.parent, gold), 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{running.server_address[1]}", gold
    running.shutdown()
    running.server_close()


def wait_for(browser, script: str, *args):
    """Wait (at most 10 s) until ``script`` returns something true; return that."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 10).until(lambda b: b.execute_script(script, *args))


def press(browser, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(keys).perform()


def edited(browser, before: int) -> None:
    """Wait until the page has applied one more edit than ``before``."""
    wait_for(browser, "return history.length > arguments[0] && !document.querySelector('#ed-message.bad')"
                      " && document.getElementById('ed-message').textContent.startsWith('Not saved')", before)


SELECT_TEXT = """
// Select [start, end) of the source text, as a reader dragging the mouse would.
const [anchor, start, end] = arguments;
const walker = document.createTreeWalker(document.querySelector(`#${anchor} .text`), NodeFilter.SHOW_TEXT);
const range = document.createRange();
let pos = 0, node, started = false;
while ((node = walker.nextNode())) {
  const chars = Array.from(node.data);
  const unit = (k) => chars.slice(0, k).join("").length;  // characters -> UTF-16 units
  if (!started && start < pos + chars.length) { range.setStart(node, unit(start - pos)); started = true; }
  if (end <= pos + chars.length) { range.setEnd(node, unit(end - pos)); break; }
  pos += chars.length;
}
window.getSelection().removeAllRanges();
window.getSelection().addRange(range);
"""


def test_corrections_are_saved_as_gold_that_eval_scores_and_the_notice_reopens_with_them(
        browser, server, report):
    from pipeline.rules.measures import documents, metrics

    url, gold = server
    _, notices = report
    sample = notices["a-sample"]
    text = SAMPLE.read_text(encoding="utf-8")
    first = sample["problems"][0]["measures"][0]
    false_measure = sample["problems"][1]["measures"][-1]  # problem 2's last (3rd) measure
    merged = sample["problems"][0]["measures"][-1]  # problem 1's last measure hides a missed one
    assert (first["status"], false_measure["ordinal"], merged["ordinal"]) == ("completed", 3, 3)
    # the missed measure: the last sentence of the merged one
    start, end = merged["span"]
    cut = text.rindex("。", start, end - 1) + 1
    missed = text[cut:end]
    assert missed.endswith("。") and len(missed) > 10

    browser.get(f"{url}/notice/1")
    assert browser.find_element("id", "ed-saved").text == "not reviewed yet"
    # 1. the first measure was not completed: select its row, press i (in progress)
    browser.find_element("css selector", 'tr[data-id="n1-p1m1"] td:nth-child(2)').click()
    assert browser.find_element("id", "ed-what").text == "measure p1m1 (ordinal 1)"
    press(browser, "i")
    edited(browser, 0)
    assert browser.find_element("id", "n1-p1m1").get_attribute("data-status") == "in_progress"
    # 2. problem 2's third measure is false: select its highlight, press x
    browser.execute_script("document.getElementById('n1-p2m3').scrollIntoView({block: 'center'})")
    browser.find_element("id", "n1-p2m3x1").click()  # a metric selects its measure
    assert browser.find_element("id", "ed-what").text == "measure p2m3 (ordinal 3)"
    press(browser, "x")
    edited(browser, 1)
    assert browser.find_elements("id", "n1-p2m3") == []
    # 3. add the missed measure by selecting its text, press a
    browser.execute_script(SELECT_TEXT, "n1", cut, end)
    press(browser, "a")
    edited(browser, 2)
    assert browser.execute_script("return document.getElementById('n1-p1m4').textContent") == missed
    press(browser, "s")
    wait_for(browser, "return document.getElementById('ed-message').textContent.startsWith('Saved')")

    saved = json.loads((gold / "a-sample.gold.json").read_text(encoding="utf-8"))
    assert "span" not in json.dumps(saved) and "provenance" not in saved and "source_sha256" not in saved
    assert saved["problems"][0]["measures"][0]["status"] == "in_progress"
    assert [m["ordinal"] for m in saved["problems"][1]["measures"]] == [1, 2]
    added = saved["problems"][0]["measures"][3]
    assert (added["ordinal"], added["text"]) == (4, missed)

    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--pred",
                                      str(report[0].parent / "notices.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)["documents"]["a-sample"]["fields"]
    missed_metrics = len(metrics(missed, cut))
    assert missed_metrics > 0
    assert {k: fields["measures"][k] for k in ("tp", "fp", "fn")} == {"tp": 43, "fp": 1, "fn": 1}
    assert {k: fields["status"][k] for k in ("correct", "total")} == {"correct": 45, "total": 46}
    assert (fields["metrics"]["fp"], fields["metrics"]["fn"]) == (len(false_measure["metrics"]), missed_metrics)
    assert (fields["documents"]["fp"], fields["documents"]["fn"]) == (
        len(false_measure["documents"]), len(documents(missed)))
    assert fields["problems"]["f1"] == 1.0 and fields["organization_measures"]["f1"] == 1.0

    browser.refresh()  # reopen: the corrections are there
    assert browser.find_element("id", "ed-saved").text == "reviewed: gold saved"
    assert browser.find_element("id", "n1-p1m1").get_attribute("data-status") == "in_progress"
    assert browser.find_elements("id", "n1-p2m3") == []
    assert browser.execute_script("return document.getElementById('n1-p1m4').textContent") == missed
    assert browser.execute_script("return record.problems[0].measures.length") == 4
    browser.get(url)
    assert browser.find_element("css selector", "#index tbody tr td").text == "saved"


def test_the_editor_fixes_a_title_with_the_keyboard_and_undoes(browser, server):
    url, gold = server
    browser.get(f"{url}/notice/1")
    browser.find_element("css selector", 'tr[data-id="n1-p3"] td:nth-child(2)').click()
    press(browser, "t")
    assert browser.switch_to.active_element.get_attribute("id") == "ed-title"
    from selenium.webdriver.common.keys import Keys
    press(browser, "招商引资质量不高" + Keys.ENTER)  # the field's text is selected: typing replaces it
    edited(browser, 0)
    assert browser.execute_script("return record.problems[2].title") == "招商引资质量不高"
    press(browser, Keys.ESCAPE)
    press(browser, "z")
    wait_for(browser, "return record.problems[2].title === '招商引资质效不佳'")
    press(browser, "j")  # next: problem 3's first measure
    assert browser.find_element("id", "ed-what").text == "measure p3m1 (ordinal 1)"
    assert not (gold / "a-sample.gold.json").exists()  # nothing saved without s
    assert browser.execute_script("return dirty") is True  # leaving would ask first
    browser.execute_script("dirty = false")


def test_a_script_in_a_notice_never_runs_in_the_editor(browser, server, report):
    url, _ = server
    _, notices = report
    browser.get(f"{url}/notice/2")
    assert browser.title == "Review: b-scripted"
    scripts = browser.execute_script("return Array.from(document.scripts).map((s) => s.type)")
    assert scripts == ["application/json", "", ""]  # the record's data, the page's two scripts
    assert browser.execute_script("return record.problems[0].measures[0].text").count(ATTACK) == 1
    browser.find_element("css selector", 'tr[data-id="n2-p1m1"] td:nth-child(2)').click()
    press(browser, "r")  # an edit redraws the notice from the server's answer
    edited(browser, 0)
    assert browser.execute_script("return window.pwned") is None
    assert browser.find_elements("css selector", "section.notice img") == []
    assert ATTACK in browser.execute_script("return document.getElementById('n2-p1m1').textContent")
    # a measure after the attack (and after 𠮷), deleted and selected again, is the same
    second = notices["b-scripted"]["problems"][0]["measures"][1]
    browser.find_element("css selector", 'tr[data-id="n2-p1m2"] td:nth-child(2)').click()
    press(browser, "x")
    edited(browser, 1)
    browser.execute_script(SELECT_TEXT, "n2", *second["span"])
    press(browser, "a")
    edited(browser, 2)
    added = browser.execute_script("return record.problems[0].measures[1]")
    assert (added["text"], added["span"]) == (second["text"], second["span"])
    assert browser.execute_script("return window.pwned") is None
    browser.execute_script("dirty = false")
