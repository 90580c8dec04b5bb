"""Tests for pipeline.evaluate.load: hand-made gold/prediction pairs with figures counted by hand."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path

import pytest

from pipeline.errors import EvaluationError
from pipeline.evaluate import (
    below_threshold,
    load_gold,
    load_predictions,
    render_table,
    score,
)
from pipeline.language.text import char_f1, normalise

from .conftest import GOLD_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
REAL_DOC = "lianyungang-gxq-2024"

PRF_FIGURES = (
    "problems",
    "measures",
    "organization_measures",
    "metrics",
    "documents",
    "contact.phones",
    "contact.emails",
    "contact.addresses",
    "summary",
)


def measure(ordinal, text="措施", status="reported", metrics=(), documents=()):
    return {
        "ordinal": ordinal,
        "text": text,
        "status": status,
        "metrics": list(metrics),
        "documents": list(documents),
    }


def problem(title, *measures):
    return {"index": 1, "title": title, "category": None, "measures": list(measures)}


def metric(value, unit, indicator="指标"):
    return {"value": value, "unit": unit, "indicator": indicator, "qualifier": None}


def notice(doc_id="d", **fields):
    return {"doc_id": doc_id, **fields}


def fields_of(gold, pred, doc_id="d"):
    report = score({doc_id: gold}, {doc_id: pred})
    return report["documents"][doc_id]["fields"]


def assert_prf(figure, precision, recall, f1, tp, fp, fn):
    assert (figure["tp"], figure["fp"], figure["fn"]) == (tp, fp, fn)
    assert figure["precision"] == pytest.approx(precision)
    assert figure["recall"] == pytest.approx(recall)
    assert figure["f1"] == pytest.approx(f1)


# --- normalisation and character F1 ---------------------------------------------


def test_normalise_applies_nfkc_strips_whitespace_and_unifies_quotes():
    assert normalise("“ＡＢ”\u3000c ‘d’\n'e'") == '"AB"c"d""e"'


def test_char_f1_counts_characters_as_a_multiset():
    # overlap of 甲甲乙 and 甲乙乙 is {甲, 乙} = 2 → 2·2 / (3 + 3)
    assert char_f1("甲甲乙", "甲乙乙") == pytest.approx(2 / 3)
    assert char_f1("", "") == 1.0
    assert char_f1("甲", "") == 0.0


# --- problems -------------------------------------------------------------------


def test_problems_match_by_title_after_quote_and_width_normalisation():
    gold = notice(problems=[problem("“X”与ＡＢ问题"), problem("Y"), problem("Z")])
    pred = notice(problems=[problem('"X"与AB 问题'), problem("W")])
    # 1 of 2 predicted is right, 1 of 3 gold found: F1 = 2·1 / (2·1 + 1 + 2) = 0.4
    assert_prf(fields_of(gold, pred)["problems"], 0.5, 1 / 3, 0.4, tp=1, fp=1, fn=2)


def test_duplicate_problem_titles_match_one_to_one():
    gold = notice(problems=[problem("A"), problem("A")])
    pred = notice(problems=[problem("A")])
    assert_prf(fields_of(gold, pred)["problems"], 1.0, 0.5, 2 / 3, tp=1, fp=0, fn=1)


# --- measures and status --------------------------------------------------------

GOLD_TEXT = "一二三四五六七八九十"


def test_measure_counts_at_char_f1_of_exactly_point_eight_but_not_below():
    gold = notice(problems=[problem("P", measure(1, GOLD_TEXT), measure(2, GOLD_TEXT))])
    pred = notice(
        problems=[
            problem(
                "P",
                measure(1, "一二三四五六七八甲乙"),  # overlap 8: 2·8 / 20 = 0.8 → correct
                measure(2, "一二三四五六"),  # overlap 6: 2·6 / 16 = 0.75 → wrong
            )
        ]
    )
    assert_prf(fields_of(gold, pred)["measures"], 0.5, 0.5, 0.5, tp=1, fp=1, fn=1)


def test_measure_denominators_cover_measures_of_unmatched_problems():
    gold = notice(
        problems=[
            problem("A", measure(1, GOLD_TEXT), measure(2, GOLD_TEXT), measure(3, GOLD_TEXT)),
            problem("B", measure(1), measure(2)),
        ]
    )
    pred = notice(
        problems=[
            problem("A", measure(1, GOLD_TEXT), measure(2, "一二")),
            problem("C", measure(1)),
        ]
    )
    # only A.1 is right; 3 predicted measures in all, 5 gold: P = 1/3, R = 1/5
    assert_prf(fields_of(gold, pred)["measures"], 1 / 3, 1 / 5, 0.25, tp=1, fp=2, fn=4)


def test_measures_pair_by_ordinal_not_by_position():
    gold = notice(problems=[problem("A", measure(1, "甲甲甲"), measure(2, "乙乙乙"))])
    pred = notice(problems=[problem("A", measure(2, "乙乙乙"), measure(1, "甲甲甲"))])
    assert fields_of(gold, pred)["measures"]["f1"] == 1.0


def test_organization_measures_and_status_accuracy_over_matched_measures():
    gold = notice(
        problems=[problem("A", measure(1, GOLD_TEXT, "completed"), measure(2, GOLD_TEXT))],
        organization_measures=[measure(1, "组织", "completed"), measure(2, "领导", "reported")],
    )
    pred = notice(
        problems=[
            problem(
                "A",
                measure(1, GOLD_TEXT, "completed"),  # matched, status right
                measure(2, "一二", "reported"),  # unmatched text: status not judged
            )
        ],
        organization_measures=[
            measure(1, "组 织", "in_progress"),  # matched, status wrong
            measure(3, "领导", "reported"),  # ordinal 3 has no gold
        ],
    )
    fields = fields_of(gold, pred)
    assert_prf(fields["organization_measures"], 0.5, 0.5, 0.5, tp=1, fp=1, fn=1)
    assert fields["status"] == {"accuracy": 0.5, "correct": 1, "total": 2}


# --- metrics --------------------------------------------------------------------


def test_metrics_multiset_match_on_value_and_unit():
    gold_metrics = [metric(41, "家", "新增“四上”企业"), metric(41, "家"), metric(12, "家")]
    pred_metrics = [metric(41.0, "家", "四上企业"), metric(12, "个")]
    gold = notice(problems=[problem("A", measure(1, metrics=gold_metrics))])
    pred = notice(problems=[problem("A", measure(1, metrics=pred_metrics))])
    fields = fields_of(gold, pred)
    # 41家 pairs once (gold has it twice); 12个 is not 12家
    assert_prf(fields["metrics"], 0.5, 1 / 3, 0.4, tp=1, fp=1, fn=2)
    # the first gold 41家 pairs with the prediction: 新增"四上"企业 (8) vs 四上企业 (4),
    # overlap 4 → 2·4 / 12
    assert fields["metrics.indicator"] == {"mean": pytest.approx(2 / 3), "n": 1}


def test_metrics_of_unpaired_measures_count_in_denominators():
    gold = notice(
        problems=[
            problem("A", measure(1, metrics=[metric(5, "个")]), measure(2, metrics=[metric(7, "项")]))
        ]
    )
    pred = notice(
        problems=[
            problem("A", measure(1, "完全不同的文字", metrics=[metric(5, "个")])),
            problem("Z", measure(1, metrics=[metric(7, "项")])),
        ]
    )
    fields = fields_of(gold, pred)
    # A.1 pairs by ordinal even though its text misses, so 5个 matches; Z is not a gold
    # problem and gold A.2 has no prediction
    assert_prf(fields["metrics"], 0.5, 0.5, 0.5, tp=1, fp=1, fn=1)
    assert fields["metrics.indicator"] == {"mean": 1.0, "n": 1}


# --- documents, contacts, summary ------------------------------------------------


def test_documents_pool_problem_and_organisation_measures():
    gold = notice(
        problems=[problem("A", measure(1, documents=["海州区 计划", "B", "B"]))],
        organization_measures=[measure(1, documents=["C"])],
    )
    pred = notice(
        problems=[problem("A", measure(1, documents=["海州区计划", "B"]))],
        organization_measures=[measure(1, documents=["C", "D"])],
    )
    # matched: 海州区计划, B, C; extra D; missed the second B
    assert_prf(fields_of(gold, pred)["documents"], 0.75, 0.75, 0.75, tp=3, fp=1, fn=1)


def test_contacts_match_as_normalised_multisets():
    gold = notice(contact={"phones": ["0518-81883333"], "emails": [], "addresses": ["X路1号"]})
    pred = notice(contact={"phones": ["０５１８-８１８８３３３３", "123"], "emails": []})
    fields = fields_of(gold, pred)
    assert_prf(fields["contact.phones"], 0.5, 1.0, 2 / 3, tp=1, fp=1, fn=0)
    assert_prf(fields["contact.emails"], 1.0, 1.0, 1.0, tp=0, fp=0, fn=0)
    assert_prf(fields["contact.addresses"], 0.0, 0.0, 0.0, tp=0, fp=0, fn=1)


def test_summary_matches_on_kind_and_value_not_unit():
    gold = notice(
        summary=[
            {"kind": "problems_total", "value": 14, "unit": "个", "text": "反馈问题14个"},
            {"kind": "completion_rate", "value": 85.7, "unit": "%", "text": "完成率85.7%"},
        ]
    )
    pred = notice(
        summary=[
            {"kind": "problems_total", "value": 14.0, "unit": "项", "text": "问题14项"},
            {"kind": "completion_rate", "value": 85, "unit": "%", "text": "完成率85%"},
        ]
    )
    assert_prf(fields_of(gold, pred)["summary"], 0.5, 0.5, 0.5, tp=1, fp=1, fn=1)


# --- scalars --------------------------------------------------------------------


def test_scalar_accuracy_skips_fields_null_on_both_sides():
    gold = notice(
        issuer="中共 某县委",
        published_on=None,
        inspection={"level": None, "kind": "联动", "round": 3},
    )
    pred = notice(
        issuer="中共某县委",
        published_on=None,
        inspection={"level": "city", "kind": "联动", "round": None},
    )
    fields = fields_of(gold, pred)
    assert fields["issuer"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert fields["published_on"] == {"accuracy": None, "correct": 0, "total": 0}
    assert fields["inspection.level"] == {"accuracy": 0.0, "correct": 0, "total": 1}
    assert fields["inspection.kind"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert fields["inspection.round"] == {"accuracy": 0.0, "correct": 0, "total": 1}


def test_scalar_numbers_compare_as_text():
    fields = fields_of(notice(inspection={"round": 3}), notice(inspection={"round": "3"}))
    assert fields["inspection.round"]["accuracy"] == 1.0


# --- documents, micro averaging -------------------------------------------------


def test_gold_document_without_prediction_loses_all_recall():
    gold = {"d": notice(issuer="县委", problems=[problem("A", measure(1))])}
    report = score(gold, {"other": notice("other")})
    fields = report["documents"]["d"]["fields"]
    assert_prf(fields["problems"], 0.0, 0.0, 0.0, tp=0, fp=0, fn=1)
    assert_prf(fields["measures"], 0.0, 0.0, 0.0, tp=0, fp=0, fn=1)
    assert fields["issuer"] == {"accuracy": 0.0, "correct": 0, "total": 1}
    assert report["unmatched_predictions"] == ["other"]
    assert list(report["documents"]) == ["d"]


def test_micro_average_sums_counts_instead_of_averaging_document_f1():
    gold = {
        "d1": notice("d1", problems=[problem("A")]),
        "d2": notice("d2", problems=[problem("B"), problem("C"), problem("D")]),
        "d3": notice("d3"),  # empty on both sides: adds nothing
    }
    pred = {
        "d1": notice("d1", problems=[problem("A")]),
        "d2": notice("d2", problems=[problem("E")]),
        "d3": notice("d3"),
    }
    report = score(gold, pred)
    per_doc = [report["documents"][d]["fields"]["problems"]["f1"] for d in ("d1", "d2", "d3")]
    assert per_doc == [1.0, 0.0, 1.0]
    # tp = 1, fp = 1, fn = 3 → P = 1/2, R = 1/4, F1 = 2 / (2 + 1 + 3)
    assert_prf(report["micro"]["fields"]["problems"], 0.5, 0.25, 1 / 3, tp=1, fp=1, fn=3)


def test_micro_figures_are_one_when_nothing_to_find_anywhere():
    micro = score({"d": notice()}, {"d": notice()})["micro"]["fields"]
    assert_prf(micro["summary"], 1.0, 1.0, 1.0, tp=0, fp=0, fn=0)
    assert micro["status"] == {"accuracy": None, "correct": 0, "total": 0}
    assert micro["metrics.indicator"] == {"mean": None, "n": 0}


def test_micro_accuracy_sums_correct_and_total():
    gold = {"d1": notice("d1", issuer="甲"), "d2": notice("d2", issuer="乙"), "d3": notice("d3")}
    pred = {"d1": notice("d1", issuer="甲"), "d2": notice("d2", issuer="丙"), "d3": notice("d3")}
    micro = score(gold, pred)["micro"]["fields"]
    assert micro["issuer"] == {"accuracy": 0.5, "correct": 1, "total": 2}


def test_report_is_json_serialisable_and_has_every_figure():
    report = score({"d": notice()}, {"d": notice()})
    assert json.loads(json.dumps(report)) == report
    names = set(report["micro"]["fields"])
    assert set(PRF_FIGURES) <= names
    assert {"issuer", "status", "metrics.indicator", "inspection.feedback_on"} <= names
    assert len(names) == 21


def test_record_breaking_the_contract_raises_evaluation_error():
    gold = {"d": notice(problems=[{"index": 1, "measures": []}])}  # no title
    with pytest.raises(EvaluationError) as caught:
        score(gold, {})
    assert caught.value.path == "d"


# --- below_threshold and render_table ---------------------------------------------


def test_below_threshold_names_only_micro_f1_figures_under_the_bar():
    gold = notice(issuer="甲", problems=[problem("A"), problem("B")], contact={"phones": ["1"]})
    pred = notice(issuer="乙", problems=[problem("A")], contact={"phones": ["1"]})
    report = score({"d": gold}, {"d": pred})
    # problems F1 = 2/3, phones 1.0; issuer accuracy 0 is not an F1 and is ignored
    assert below_threshold(report, 0.7) == ["problems"]
    assert below_threshold(report, 2 / 3) == []
    assert below_threshold(report, 1.0) == ["problems"]


def test_render_table_shows_micro_rows_and_one_line_per_document():
    gold_problems = [problem("A"), problem("B"), problem("C")]
    gold = {"doc-a": notice("doc-a", issuer="甲", problems=gold_problems)}
    pred = {
        "doc-a": notice("doc-a", issuer="甲", problems=[problem("A")]),
        "stray": notice("stray"),
    }
    table = render_table(score(gold, pred))
    lines = table.splitlines()
    assert len(lines) < 40
    problems_row = next(line for line in lines if line.startswith("problems "))
    assert problems_row.split() == [
        *("problems", "1.000", "0.333", "0.500", "-"),
        *("tp=1", "fp=0", "fn=2"),
    ]
    issuer_row = next(line for line in lines if line.startswith("issuer "))
    assert issuer_row.split() == ["issuer", "-", "-", "-", "1.000", "1/1"]
    doc_row = next(line for line in lines if line.startswith("doc-a "))
    # problems, measures, org measures, metrics, documents F1; status has nothing to judge
    assert doc_row.split() == ["doc-a", "0.500", "1.000", "1.000", "1.000", "1.000", "-"]
    assert "stray" in lines[-1]


# --- loading --------------------------------------------------------------------


def test_load_fixture_gold_and_predictions_then_score():
    gold = load_gold(FIXTURES / "gold")
    pred = load_predictions(FIXTURES / "notices.jsonl")
    assert sorted(gold) == ["alpha", "beta"]
    assert sorted(pred) == ["alpha", "gamma"]
    report = score(gold, pred)
    assert report["unmatched_predictions"] == ["gamma"]
    assert report["gold_without_prediction"] == ["beta"]
    table = render_table(report)
    assert "predictions without gold (not scored): gamma" in table
    assert "gold notices without a prediction (scored as empty: was their input in the run?): beta" in table
    alpha = report["documents"]["alpha"]["fields"]
    assert below_threshold({"micro": {"fields": alpha}}, 1.0) == []
    assert alpha["status"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    beta = report["documents"]["beta"]["fields"]
    assert_prf(beta["problems"], 0.0, 0.0, 0.0, tp=0, fp=0, fn=2)
    assert_prf(report["micro"]["fields"]["problems"], 1.0, 1 / 3, 0.5, tp=1, fp=0, fn=2)


@pytest.mark.parametrize("edit, says", [
    (lambda g: g.update(problmes=g.pop("problems")), "unknown key 'problmes'"),
    (lambda g: g["problems"][1].pop("title"), "missing key 'problems[1].title'"),
    (lambda g: g["problems"][0]["measures"][2].update(stauts="completed"),
     "unknown key 'problems[0].measures[2].stauts'"),
    (lambda g: g["inspection"].update(level="town"), "inspection.level: Input should be 'central'"),
    (lambda g: g["problems"][0]["measures"][0].update(ordinal=0), "problems[0].measures[0].ordinal"),
])
def test_a_gold_file_off_the_contract_is_named_with_its_key(tmp_path, edit, says):
    gold = json.loads((GOLD_DIR / "lianyungang-gxq-2024.gold.json").read_text(encoding="utf-8"))
    edit(gold)
    path = tmp_path / "lianyungang-gxq-2024.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(EvaluationError, match=re.escape(says)) as caught:
        load_gold(tmp_path)
    assert caught.value.path == str(path)
    assert "docs/CONTRACT.md" in caught.value.message


def test_load_predictions_reads_stdin_for_dash(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"doc_id": "x"}\n\n{"doc_id": "y"}\n'))
    assert sorted(load_predictions("-")) == ["x", "y"]


def test_load_predictions_keeps_line_separator_characters_inside_strings(tmp_path):
    path = tmp_path / "notices.jsonl"
    line = json.dumps({"doc_id": "x", "title": "甲\u2028乙"}, ensure_ascii=False)
    path.write_text(line + "\n", encoding="utf-8")
    assert load_predictions(path)["x"]["title"] == "甲\u2028乙"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"doc_id": "x"}\n{"doc_id": \n', "line 2: invalid JSON"),
        ('{"title": "t"}\n', "line 1: missing doc_id"),
        ("[1, 2]\n", "line 1: not a JSON object"),
        ('{"doc_id": "x"}\n{"doc_id": "x"}\n', "appears twice"),
    ],
)
def test_load_predictions_rejects_bad_lines(tmp_path, content, message):
    path = tmp_path / "notices.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as caught:
        load_predictions(path)
    assert caught.value.path == str(path)


def test_load_predictions_missing_file(tmp_path):
    with pytest.raises(EvaluationError, match="cannot read"):
        load_predictions(tmp_path / "absent.jsonl")


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "invalid JSON"), ('{"doc_id": ""}', "missing doc_id")],
)
def test_load_gold_rejects_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as caught:
        load_gold(tmp_path)
    assert caught.value.path == str(path)


def test_load_gold_rejects_missing_or_empty_directory(tmp_path):
    with pytest.raises(EvaluationError, match="not found"):
        load_gold(tmp_path / "absent")
    with pytest.raises(EvaluationError, match="no \\*.json gold files"):
        load_gold(tmp_path)


# --- the real gold file (shipped in seeds/) ---------------------------------------
# lianyungang-gxq-2024 has 14 problems with 44 measures, 3 organisation measures,
# 87 metrics, 16 documents, 1 phone, 1 email, no address, no summary, round null.


@pytest.fixture(scope="module")
def real_gold():
    return load_gold(GOLD_DIR)


def test_gold_folder_beside_the_sample_yields_only_the_gold(real_gold):
    # seeds/ also holds the notice itself (.txt): only *.json files are gold.
    assert list(real_gold) == [REAL_DOC]


def test_real_gold_scored_against_itself_is_perfect(real_gold):
    micro = score(real_gold, real_gold)["micro"]["fields"]
    for name in PRF_FIGURES:
        assert micro[name]["f1"] == 1.0, name
    assert micro["problems"]["tp"] == 14
    assert micro["measures"]["tp"] == 44
    assert micro["organization_measures"]["tp"] == 3
    assert micro["metrics"]["tp"] == 87
    assert micro["documents"]["tp"] == 16
    assert micro["status"] == {"accuracy": 1.0, "correct": 47, "total": 47}
    assert micro["metrics.indicator"] == {"mean": 1.0, "n": 87}
    scalars = [
        name
        for name in micro
        if name in ("issuer", "published_on") or name.startswith("inspection.")
    ]
    assert len(scalars) == 10
    for name in scalars:
        expected = (None, 0) if name == "inspection.round" else (1.0, 1)
        assert (micro[name]["accuracy"], micro[name]["total"]) == expected, name


def test_real_gold_against_perturbed_copy(real_gold):
    pred = copy.deepcopy(real_gold)
    problems = pred[REAL_DOC]["problems"]
    dropped = problems.pop()  # problem 14: 3 measures, 1 metric, 1 document
    assert dropped["title"] == "干部队伍建设不够有力"
    assert problems[0]["measures"][0]["status"] == "completed"
    problems[0]["measures"][0]["status"] = "in_progress"

    report = score(real_gold, pred)
    micro = report["micro"]["fields"]
    assert report["documents"][REAL_DOC]["fields"] == micro
    assert_prf(micro["problems"], 1.0, 13 / 14, 26 / 27, tp=13, fp=0, fn=1)
    assert_prf(micro["measures"], 1.0, 41 / 44, 82 / 85, tp=41, fp=0, fn=3)
    assert_prf(micro["metrics"], 1.0, 86 / 87, 172 / 173, tp=86, fp=0, fn=1)
    assert_prf(micro["documents"], 1.0, 15 / 16, 30 / 31, tp=15, fp=0, fn=1)
    assert_prf(micro["organization_measures"], 1.0, 1.0, 1.0, tp=3, fp=0, fn=0)
    # 41 problem measures + 3 organisation measures matched, one status changed
    assert micro["status"] == {"accuracy": pytest.approx(43 / 44), "correct": 43, "total": 44}
    assert micro["metrics.indicator"] == {"mean": 1.0, "n": 86}
    assert below_threshold(report, 0.99) == ["problems", "measures", "documents"]


# --- misses: the items behind the counts ------------------------------------------


def assert_misses_match_counts(report):
    for doc_id, document in report["documents"].items():
        for name, found in document["misses"].items():
            figure = document["fields"][name]
            if "wrong" in found:
                assert len(found["wrong"]) == figure["total"] - figure["correct"], (doc_id, name)
            else:
                assert len(found["false_positives"]) == figure["fp"], (doc_id, name)
                assert len(found["false_negatives"]) == figure["fn"], (doc_id, name)


def test_misses_name_what_the_perturbed_real_gold_lost(real_gold):
    pred = copy.deepcopy(real_gold)
    problems = pred[REAL_DOC]["problems"]
    problems.pop()  # problem 14: 3 measures, 1 metric (8名), 1 document
    problems[0]["measures"][0]["status"] = "in_progress"
    problems[1]["measures"][1]["text"] = "完全不同的文字"
    pred[REAL_DOC]["issuer"] = "中共某县委"

    report = score(real_gold, pred)
    assert_misses_match_counts(report)
    found = report["documents"][REAL_DOC]["misses"]
    assert found["problems"] == {
        "false_positives": [],
        "false_negatives": [{"where": "problem 14", "text": "干部队伍建设不够有力"}],
    }
    assert [m["where"] for m in found["measures"]["false_negatives"]] == [
        "problem 14 › measure 1",
        "problem 14 › measure 2",
        "problem 14 › measure 3",
        "problem 2 › measure 2",
    ]
    # a measure paired by ordinal whose text differs is on both sides, with its char-F1
    [invented] = found["measures"]["false_positives"]
    assert (invented["where"], invented["text"]) == ("problem 2 › measure 2", "完全不同的文字")
    assert invented["char_f1"] == found["measures"]["false_negatives"][-1]["char_f1"] < 0.8
    assert found["metrics"]["false_negatives"] == [
        {"where": "problem 14 › measure 3", "text": "8名", "indicator": "优秀干部"}
    ]
    assert found["documents"]["false_negatives"] == [
        {"where": "problem 14 › measure 2", "text": "海州区党(工)委、党组干部选拔任用工作指导手册"}
    ]
    [status] = found["status"]["wrong"]
    assert (status["where"], status["gold"], status["pred"]) == (
        "problem 1 › measure 1", "completed", "in_progress")
    assert found["issuer"]["wrong"] == [{
        "where": "issuer", "text": "中共某县委",
        "gold": "中共连云港高新技术产业开发区工作委员会", "pred": "中共某县委",
    }]
    assert found["organization_measures"] == {"false_positives": [], "false_negatives": []}


def test_misses_of_metrics_documents_contacts_and_summary():
    gold = notice(
        problems=[problem("A", measure(1, metrics=[metric(41, "家", "企业"), metric(5, "个")],
                                       documents=["甲", "乙"]))],
        contact={"phones": ["0518-1"], "emails": ["a@b.cn"]},
        summary=[{"kind": "problems_total", "value": 14, "unit": "个", "text": "反馈问题14个"}],
    )
    pred = notice(
        problems=[problem("A", measure(1, metrics=[metric(41.0, "家"), metric(6, "个")],
                                       documents=["甲", "丙"]))],
        contact={"phones": ["0518-1", "0518-2"]},
        summary=[{"kind": "other", "value": 14, "unit": "个", "text": "问题14个"}],
    )
    report = score({"d": gold}, {"d": pred})
    assert_misses_match_counts(report)
    found = report["documents"]["d"]["misses"]
    assert found["metrics"] == {
        "false_positives": [{"where": "problem 1 › measure 1", "text": "6个", "indicator": "指标"}],
        "false_negatives": [{"where": "problem 1 › measure 1", "text": "5个", "indicator": "指标"}],
    }
    assert [d["text"] for d in found["documents"]["false_positives"]] == ["丙"]
    assert [d["text"] for d in found["documents"]["false_negatives"]] == ["乙"]
    assert [p["text"] for p in found["contact.phones"]["false_positives"]] == ["0518-2"]
    assert [e["text"] for e in found["contact.emails"]["false_negatives"]] == ["a@b.cn"]
    assert found["summary"]["false_positives"] == [
        {"where": "summary", "text": "问题14个", "kind": "other"}
    ]


def test_misses_list_everything_of_a_document_without_prediction():
    gold = {"d": notice(problems=[problem("A", measure(1, metrics=[metric(3, "项")], documents=["甲"]))])}
    report = score(gold, {})
    assert_misses_match_counts(report)
    found = report["documents"]["d"]["misses"]
    assert [len(found[name]["false_negatives"]) for name in ("problems", "measures", "metrics", "documents")] == [1, 1, 1, 1]


def test_misses_match_counts_on_the_fixture_files():
    report = score(load_gold(FIXTURES / "gold"), load_predictions(FIXTURES / "notices.jsonl"))
    assert_misses_match_counts(report)
    assert json.loads(json.dumps(report)) == report
