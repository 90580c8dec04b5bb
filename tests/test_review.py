"""Corrections and the review server, without a browser (tests/test_browser.py drives the
editor in Chromium): the edits, the gold files they become, opening a notice again, and
what the server refuses."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.review.corrections import apply, gold_of, parse_edit, restore_spans, validated
from pipeline.errors import DataError, UsageError
from pipeline.evaluate import load_gold, score
from pipeline.ingest.source import read_source
from pipeline.review import Review, make_server
from pipeline.review.server import MAX_BODY

from .conftest import SAMPLE

HELDOUT6 = Path(__file__).parent / "fixtures" / "heldout6"


def run(inputs: list[Path], out: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["run", *map(str, inputs), "--out", str(out), "--silent"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[dict]:
    """The sample and the six notices of heldout6, as `pipeline run` writes them."""
    out = tmp_path_factory.mktemp("review") / "out"
    return run([SAMPLE, *sorted(HELDOUT6.glob("*.txt"))], out)


def working_of(record: dict) -> dict:
    return validated({k: v for k, v in record.items() if k not in ("provenance", "source_sha256")})


def text_of(record: dict) -> str:
    return read_source(record["provenance"]["source"]).text


def sample_of(records: list[dict]) -> tuple[dict, str]:
    sample = next(r for r in records if r["doc_id"] == SAMPLE.stem)
    return working_of(sample), text_of(sample)


def edit(record: dict, text: str | None, **fields) -> tuple[dict, str | None]:
    return apply(record, parse_edit(fields), text)


# --- gold files ---------------------------------------------------------------------------


def test_a_gold_file_has_the_shape_of_the_hand_written_ones_and_scores_its_record_perfectly(records):
    hand_written = json.loads((HELDOUT6 / "cenzhou-tmxy-2024.gold.json").read_text(encoding="utf-8"))

    def keys(value, path=""):  # every key path of a record, lists merged
        if isinstance(value, dict):
            return {f"{path}.{k}" for k in value} | {p for k, v in value.items() for p in keys(v, f"{path}.{k}")}
        if isinstance(value, list):
            return {p for item in value for p in keys(item, f"{path}[]")}
        return set()

    record = next(r for r in records if r["doc_id"] == "cenzhou-tmxy-2024")
    gold = gold_of(working_of(record))
    assert keys(gold) == keys(hand_written)
    assert list(gold) == list(hand_written)
    report = score({gold["doc_id"]: gold}, {record["doc_id"]: record})
    fields = report["documents"][gold["doc_id"]]["fields"]
    assert all(figure.get("f1", 1.0) == 1.0 and figure.get("accuracy") in (None, 1.0)
               for figure in fields.values())


def test_a_notice_opened_again_gets_back_every_span(records):
    for record in records:
        working = working_of(record)
        assert restore_spans(gold_of(working), record, text_of(record)) == working, record["doc_id"]


def test_spans_that_cannot_be_found_stay_empty_and_the_text_may_be_missing(records):
    working, text = sample_of(records)
    gold = gold_of(working)
    gold["problems"][0]["measures"][0]["text"] = "源文中没有的一句话。"
    restored = restore_spans(gold, records[0], text)
    assert restored["problems"][0]["measures"][0]["span"] is None
    assert restored["problems"][0]["measures"][1]["span"] == working["problems"][0]["measures"][1]["span"]
    assert restore_spans(gold, records[0], None)["problems"][0]["span"] is None


def test_a_broken_record_is_refused_with_its_place():
    with pytest.raises(UsageError, match=r"problems\.0\.measures\.0\.status"):
        validated({"doc_id": "x", "problems": [{"index": 1, "title": "t", "measures": [
            {"ordinal": 1, "text": "做了", "status": "done"}]}]})
    with pytest.raises(UsageError, match="provenance"):
        validated({"doc_id": "x", "provenance": {"backend": "rules"}})  # the server adds it
    with pytest.raises(UsageError, match="not an edit"):
        parse_edit({"op": "rename", "path": "p1"})


# --- edits ------------------------------------------------------------------------------


def test_status_title_and_category_change_their_item_only(records):
    working, text = sample_of(records)
    changed, selected = edit(working, text, op="status", path="p2m1", status="in_progress")
    assert (changed["problems"][1]["measures"][0]["status"], selected) == ("in_progress", "p2m1")
    changed, _ = edit(changed, text, op="title", path="p2", title="  科技创新不足 ")
    changed, _ = edit(changed, text, op="category", path="p2", category="经济发展")
    assert (changed["problems"][1]["title"], changed["problems"][1]["category"]) == ("科技创新不足", "经济发展")
    assert edit(changed, text, op="category", path="p2", category=" ")[0]["problems"][1]["category"] is None
    changed["problems"][1].update(title=working["problems"][1]["title"], category=None,
                                  measures=working["problems"][1]["measures"])
    assert changed == working  # nothing else moved
    with pytest.raises(UsageError, match="only a measure has a status"):
        edit(working, text, op="status", path="p2", status="completed")
    with pytest.raises(UsageError, match="only a problem has a title"):
        edit(working, text, op="title", path="o1", title="x")
    with pytest.raises(UsageError, match="cannot be empty"):
        edit(working, text, op="title", path="p1", title=" ")
    for path in ("p15", "p1m9", "o4", "p0", "q1", "p1m1x1"):
        with pytest.raises(UsageError, match="no record item"):
            edit(working, text, op="delete", path=path)


def test_deleting_numbers_the_measures_after_again(records):
    working, text = sample_of(records)
    changed, selected = edit(working, text, op="delete", path="p4m2")
    measures = changed["problems"][3]["measures"]
    assert selected is None
    assert [m["ordinal"] for m in measures] == [1, 2, 3]
    assert [m["text"] for m in measures] == [working["problems"][3]["measures"][k]["text"] for k in (0, 2, 3)]
    changed, _ = edit(changed, text, op="delete", path="p1")
    assert len(changed["problems"]) == 13
    assert changed["problems"][0]["index"] == 2  # a problem keeps its own number


def test_a_measure_added_from_a_selection_goes_to_its_problem_in_text_order(records):
    working, text = sample_of(records)
    removed = working["problems"][5]["measures"][1]  # problem 6's second measure
    without, _ = edit(working, text, op="delete", path="p6m2")
    start, end = removed["span"]
    # the reader's selection takes the blank after it: it is trimmed
    assert text[end] == " "
    added, selected = edit(without, text, op="add_measure", span=[start, end + 1])
    assert selected == "p6m2"
    assert added == working  # status, metrics (with their spans) and documents read again
    first_org = working["organization_measures"][0]
    assert first_org["span"][0] < working["problems"][0]["span"][0]
    without, _ = edit(working, text, op="delete", path="o1")
    assert edit(without, text, op="add_measure", span=first_org["span"])[0] == working


def test_a_problem_added_from_its_heading_takes_its_number_and_runs_to_the_next(records):
    working, text = sample_of(records)
    third = working["problems"][2]
    without, _ = edit(working, text, op="delete", path="p3")
    heading_end = text.index("。", third["span"][0]) + 1
    assert text[third["span"][0]:heading_end] == "3.关于“招商引资质效不佳”问题的整改。"
    added, selected = edit(without, text, op="add_problem", span=[third["span"][0], heading_end])
    problem = added["problems"][2]
    assert selected == "p3"
    assert (problem["index"], problem["title"], problem["measures"]) == (3, "招商引资质效不佳", [])
    assert problem["span"] == [third["span"][0], working["problems"][3]["span"][0]]
    # its measures, selected one by one, now go to it
    for measure in third["measures"]:
        added, _ = edit(added, text, op="add_measure", span=measure["span"])
    assert [m["text"] for m in added["problems"][2]["measures"]] == [m["text"] for m in third["measures"]]


def test_a_selection_must_be_a_piece_of_the_text(records):
    working, text = sample_of(records)
    for span in ([5, 5], [-1, 4], [0, len(text) + 1], [10, 2]):
        with pytest.raises(UsageError, match="not a piece of the text"):
            edit(working, text, op="add_measure", span=span)
    with pytest.raises(UsageError, match="not available"):
        edit(working, None, op="add_measure", span=[0, 4])


# --- the server -----------------------------------------------------------------------------


@pytest.fixture
def served(records, tmp_path):
    """A review server on a run of the sample; (port, out folder, gold folder)."""
    out = tmp_path / "out"
    out.mkdir()
    sample = next(r for r in records if r["doc_id"] == SAMPLE.stem)
    evil = {**sample, "doc_id": "../evil"}
    (out / "notices.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (sample, evil)), encoding="utf-8")
    gold = tmp_path / "gold"
    server = make_server(Review(out, gold), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], out, gold
    server.shutdown()
    server.server_close()


def request(port: int, method: str, path: str, body=None, **headers) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = body if isinstance(body, bytes) or body is None else json.dumps(body, ensure_ascii=False).encode()
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json", **headers}
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    answer = response.status, response.read().decode("utf-8")
    connection.close()
    return answer


def test_the_server_edits_saves_and_reopens_a_notice(served, records):
    port, out, gold = served
    status, page = request(port, "GET", "/notice/1")
    assert status == 200 and "not reviewed yet" in page
    working, _ = sample_of(records)
    status, answer = request(port, "POST", "/notice/1/edit", {"record": working, "edit": {
        "op": "title", "path": "p1", "title": "<b>改</b>"}})
    assert status == 200
    answer = json.loads(answer)
    assert answer["record"]["problems"][0]["title"] == "<b>改</b>"
    assert "&lt;b&gt;改&lt;/b&gt;" in answer["html"] and "<b>" not in answer["html"]
    status, saved = request(port, "POST", "/notice/1/save", {"record": answer["record"]})
    assert (status, json.loads(saved)["path"]) == (200, str((gold / f"{SAMPLE.stem}.gold.json").resolve()))
    assert load_gold(gold)[SAMPLE.stem]["problems"][0]["title"] == "<b>改</b>"
    status, page = request(port, "GET", "/notice/1")
    assert "reviewed: gold saved" in page
    assert "\\u003cb\\u003e改\\u003c/b\\u003e" in page  # in the record's data, it cannot end the script
    index = request(port, "GET", "/")[1]
    assert index.count("<td>saved</td>") == 1
    assert index.index('id="corpus"') < index.index('id="index"')
    assert f'<a href="/notice/1">{SAMPLE.stem}</a>' in index


def test_the_server_refuses_what_is_not_its_own_pages_json(served, records):
    port, out, gold = served
    working, _ = sample_of(records)
    assert request(port, "GET", "/", Host="attacker.example:80")[0] == 421  # DNS rebinding
    assert request(port, "POST", "/notice/1/save", {"record": working},
                   Origin="http://attacker.example")[0] == 403
    assert request(port, "POST", "/notice/1/save", b"{}", **{"Content-Type": "text/plain"})[0] == 415
    assert request(port, "POST", "/notice/1/save", b"x", **{"Content-Length": str(MAX_BODY + 1)})[0] == 413
    assert request(port, "POST", "/notice/1/save", b"{no")[0] == 400
    status, answer = request(port, "POST", "/notice/1/save", {"record": {**working, "doc_id": "other"}})
    assert (status, json.loads(answer)["error"]) == (400, "the record is 'other', not this page's "
                                                          f"'{SAMPLE.stem}'")
    status, answer = request(port, "POST", "/notice/2/save", {"record": {**working, "doc_id": "../evil"}})
    assert status == 400 and "cannot name a file in the gold folder" in answer
    assert request(port, "GET", "/notice/3")[0] == 404
    assert request(port, "GET", "/notices.jsonl")[0] == 404
    assert not (gold.parent / "evil.gold.json").exists() and list(gold.iterdir()) == []


def test_review_command_usage(tmp_path):
    result = CliRunner().invoke(cli, ["review", "--help"])
    assert "pipeline review out/ --gold gold/" in result.output and "127.0.0.1" in result.output
    result = CliRunner().invoke(cli, ["review", str(tmp_path), "--gold", str(tmp_path / "gold")])
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: {tmp_path}: no notices.jsonl here: run "
                                     "`pipeline run INPUT --out DIR` first")


@pytest.mark.parametrize("replacement", [b"{not json\n", b'{"doc_id": "another"}\n'])
def test_a_notices_file_changed_under_the_server_is_said_not_misread(tmp_path, records, replacement):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notices.jsonl").write_text(json.dumps(records[0], ensure_ascii=False) + "\n", encoding="utf-8")
    review = Review(out, tmp_path / "gold")
    assert review.record(1)["doc_id"] == records[0]["doc_id"]
    (out / "notices.jsonl").write_bytes(replacement)
    with pytest.raises(DataError, match="notices.jsonl changed since the review server started: restart it"):
        review.record(1)


def test_a_metric_unit_written_full_width_in_gold_finds_its_span(records):
    # The gold and the scorer pair metrics by value and normalised unit; restoring spans
    # pairs them the same way, so 66.8％ in a gold file is the 66.8% of the text.
    working, text = sample_of(records)
    gold = gold_of(working)
    gold["problems"][0]["measures"][0]["metrics"][4]["unit"] = "％"
    restored = restore_spans(gold, records[0], text)
    assert text[slice(*restored["problems"][0]["measures"][0]["metrics"][4]["span"])] == "66.8%"
