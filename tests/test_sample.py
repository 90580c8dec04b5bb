"""The bundled sample notice against its gold labels (the issue's acceptance figures)."""

import json

import pytest

from pipeline.assemble import notice_from_text
from pipeline.evaluate import load_gold, score

from .conftest import GOLD_DIR


@pytest.fixture(scope="module")
def notice(sample_text):
    return notice_from_text(sample_text, doc_id="lianyungang-gxq-2024")


@pytest.fixture(scope="module")
def figures(notice):
    pred = {notice.doc_id: json.loads(notice.model_dump_json())}
    return score(load_gold(GOLD_DIR), pred)["micro"]["fields"]


def test_list_figures_meet_the_issue_targets(figures):
    assert figures["problems"]["f1"] == 1.0
    assert figures["measures"]["f1"] >= 0.97
    assert figures["metrics"]["f1"] >= 0.95
    assert figures["documents"]["f1"] == 1.0
    assert figures["organization_measures"]["f1"] == 1.0
    assert figures["status"]["accuracy"] >= 0.9
    assert figures["metrics.indicator"]["mean"] >= 0.9


def test_every_scalar_field_is_right(notice):
    gold = json.loads((GOLD_DIR / "lianyungang-gxq-2024.gold.json").read_text(encoding="utf-8"))
    got = json.loads(notice.model_dump_json())
    for key in ("title", "issuer", "published_on", "inspection", "contact", "next_steps", "summary"):
        assert got[key] == gold[key], key


def test_scalars_have_the_sample_values(notice):
    assert notice.issuer == "中共连云港高新技术产业开发区工作委员会"
    assert str(notice.published_on) == "2024-04-03"
    ins = notice.inspection
    assert (ins.level, ins.kind, ins.group) == ("city", "联动", "市委第一联动巡察组")
    assert ins.target == "连云港高新技术产业开发区(海州经济开发区)党工委"
    assert (str(ins.start_on), str(ins.end_on), str(ins.feedback_on)) == ("2023-07-03", "2023-08-31", "2023-10-13")
    assert notice.contact.phones == ["0518-81883333"]
    assert notice.contact.emails == ["lyggxqdzb@126.com"]


def test_spans_point_into_the_source(notice, sample_text):
    for problem in notice.problems:
        assert sample_text[slice(*problem.span)].startswith(f"{problem.index}.关于")
        for m in problem.measures:
            assert sample_text[slice(*m.span)] == m.text
            for metric in m.metrics:
                written = sample_text[slice(*metric.span)]
                assert written.startswith(str(metric.value).rstrip("0").rstrip(".")[:1])
                assert written.endswith(metric.unit)


def test_problem_seven_keeps_its_inner_quotes(notice):
    assert notice.problems[6].title == "‘三违一滥’问题突出"


def test_status_meaning_rules_on_the_sample(notice):
    by_key = {(p.index, m.ordinal): m.status for p in notice.problems for m in p.measures}
    assert by_key[(10, 2)] == "reported"  # 已将…清退: 将 marks an object
    assert by_key[(9, 2)] == "in_progress"  # 共8宗,已整改5宗
    assert by_key[(4, 4)] == "completed"  # 全部完成, though 完成时限 is there too
    assert by_key[(11, 1)] == "reported"  # 督促按时完成 asks, it does not report
    assert by_key[(8, 3)] == "in_progress"  # 后续将继续
