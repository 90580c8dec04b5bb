"""Wording real notices use, written in our own words: status cues read by meaning, the
summary figures' kinds, and the header's issuer, round and target."""

import pytest

from pipeline.language import lexicon
from pipeline.assemble import notice_from_text
from pipeline.language.dates import find_dates
from pipeline.rules.header import inspection, issuer, title
from pipeline.rules.measures import status
from pipeline.rules.summary import summary
from pipeline.segment import segment

from .conftest import ROOT

# Each cue in both of its meanings (the contract's Measure.status and lexicon.CUE_EXCEPTIONS).
STATUS_CASES = [
    # 计划: "plan to" only before a time or a verb; a noun otherwise.
    ("招生计划已下达各院系。", "reported"),  # 已下达 is no completion cue
    ("年度培训计划已印发实施。", "reported"),
    ("计划于2025年3月前完成验收。", "in_progress"),
    ("计划新建污水管网12公里。", "in_progress"),
    ("按计划推进项目建设。", "reported"),
    ("按照计划推进管网改造。", "reported"),
    ("计划生育奖励资金已发放到位。", "completed"),
    ("学习计划全部完成。", "completed"),
    # 将: "will" before an adverb or a verb; the object marker (把) otherwise.
    ("将稳步推进老旧小区改造。", "in_progress"),
    ("将于下月召开专题会议研究。", "in_progress"),
    ("将督促责任单位限期整改。", "in_progress"),
    ("整改已取得阶段成效,并将持续巩固。", "in_progress"),
    ("已将违规发放的补贴全部退还。", "completed"),
    ("将专项资金纳入预算统一管理。", "reported"),
    ("二期工程即将完工。", "in_progress"),
    ("立即将问题清单下发各科室。", "reported"),
    ("将常态化开展警示教育。", "in_progress"),
    # 拟, 预计, 力争: plans; 草拟/拟定/拟提拔, 好于预计, 力争上游 are none.
    ("拟于今年年底前出台管理办法。", "in_progress"),
    ("草拟了考核办法初稿并征求意见。", "reported"),
    ("拟定了整改方案并报区委审定。", "reported"),
    ("对拟提拔干部全部征求纪检监察机关意见。", "completed"),
    ("预计明年6月完成主体工程。", "in_progress"),
    ("整改成效好于预计。", "reported"),
    ("力争年内完成全部整改任务。", "in_progress"),
    ("营造比学赶超、力争上游的氛围。", "reported"),
    # 完成: a fact, not a deadline or a demand.
    ("已完成问题清单内全部事项的销号。", "completed"),
    ("完成时限为2024年底。", "reported"),
    ("督促各单位按期完成自查。", "reported"),
    ("共排查隐患20处,已整改16处。", "in_progress"),
    ("20处隐患已全部整改。", "completed"),
    # 待: "awaiting", not 接待/对待/优待.
    ("待审计结果出来后再行处理。", "in_progress"),
    ("做好来宾接待和对待群众来访工作。", "reported"),
    ("尚有3户补偿款未兑付。", "in_progress"),
    # Nothing inside 《》 or “” is a cue.
    ("印发《关于将作风建设引向深入的意见》。", "reported"),
    ("开展“计划于心、落实于行”主题教育。", "reported"),
    ("组织观看《尚未完成的使命》专题片。", "reported"),
]


@pytest.mark.parametrize(("text", "expected"), STATUS_CASES)
def test_status_cues_by_meaning(text, expected):
    assert status(text) == expected


# --- summary figures -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("召开巡察整改专题民主生活会4次。", ("other", 4, "次")),
        ("组织集中学习15次。", ("other", 15, "次")),
        ("班子成员讲授专题党课6场。", ("other", 6, "场")),
        ("细化整改措施52项。", ("other", 52, "项")),
        ("分解为73项任务。", ("other", 73, "项")),
        ("其中长期任务8项。", ("other", 8, "项")),
        ("未完成3个。", ("problems_in_progress", 3, "个")),
        ("基本完成5个。", ("problems_in_progress", 5, "个")),
        ("未完成整改2个。", ("problems_in_progress", 2, "个")),
        ("梳理出共16项问题。", ("problems_total", 16, "项")),
        ("巡察反馈的问题共16项。", ("problems_total", 16, "项")),
        ("目前已完成11项。", ("problems_completed", 11, "项")),
        ("清退违规发放补贴3.2万元。", ("funds_recovered", 3.2, "万元")),
        ("退还多收费用1.5万元。", ("funds_recovered", 1.5, "万元")),
        ("收缴违纪款项0.8万元。", ("funds_recovered", 0.8, "万元")),
        ("对3人给予通报批评。", ("people_disciplined", 3, "人")),
        # Meetings held to organise the work stay measure figures.
        ("召开整改推进会6次。", None),
    ],
)
def test_summary_wording(text, expected):
    stats = [(s["kind"], s["value"], s["unit"]) for s in summary(segment(text))]
    assert stats == ([expected] if expected else [])


def test_table_header_for_unfinished_problems():
    text = "整改进展如下。\n反馈问题(个)\t已完成(个)\t未完成(个)\n20\t17\t3\n"
    stats = [(s["kind"], s["value"]) for s in summary(segment(text))]
    assert stats == [("problems_total", 20), ("problems_completed", 17), ("problems_in_progress", 3)]


# --- header ----------------------------------------------------------------------------


def _header(text: str):
    outline = segment(text)
    return outline, find_dates(outline.view)


@pytest.mark.parametrize("label", lexicon.ISSUER_LABELS)
def test_issuer_from_a_disclosure_label(label):
    outline, _ = _header(f"索引号:001/2024-12\n{label}:清源县农业农村局\n关于巡察整改情况的通报\n正文。")
    assert issuer(outline, title(outline)) == "清源县农业农村局"


def test_a_title_naming_the_issuer_beats_the_label():
    outline, _ = _header("发布机构:清源镇\n中共清源镇委员会关于巡察整改情况的通报\n正文。")
    assert issuer(outline, title(outline)) == "中共清源镇委员会"


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("县委第三轮巡察对12个单位开展了常规巡察。", None),
        ("区委巡察组对区教育局、区卫健委等5家单位开展了常规巡察。", None),
        ("县委第二巡察组对全县8个乡镇党委开展了专项巡察。", None),
        ("县委第二巡察组对清源县供销合作社开展了常规巡察。", "清源县供销合作社"),
        # The first target is a whole round; the next sentence names this notice's unit.
        ("市委对9个单位开展了巡察,其中市委第一巡察组对市档案馆开展了常规巡察。", "市档案馆"),
    ],
)
def test_target_of_one_unit_only(sentence, target):
    assert inspection(*_header(sentence)).target == target


def test_round_named_later_in_the_text():
    text = "县委第一巡察组对县林业局开展了常规巡察。\n一、整改工作组织情况\n(一)局党组把十五届县委第六轮巡察整改作为政治任务。"
    assert inspection(*_header(text)).round == 6


def test_a_later_round_must_name_an_inspection():
    text = "县委第一巡察组对县农业农村局开展了常规巡察。\n一、整改工作组织情况\n(一)推进第二轮土地承包到期后再延长三十年试点。"
    assert inspection(*_header(text)).round is None


# --- whole notices (tests/fixtures/wording) --------------------------------------------

WORDING = ROOT / "tests" / "fixtures" / "wording"


def _notice(name: str) -> dict:
    text = (WORDING / name).read_text(encoding="utf-8")
    return notice_from_text(text, name).model_dump(mode="json")


def test_a_round_of_many_units():
    notice = _notice("round-many-units.txt")
    assert notice["inspection"] == {
        "level": "county", "kind": "常规", "round": 3, "group": None, "target": None,
        "start_on": "2023-09-04", "end_on": "2023-10-27", "feedback_on": "2023-12-15",
    }
    assert [(s["kind"], s["value"], s["unit"]) for s in notice["summary"]] == [
        ("problems_total", 218, "个"), ("problems_completed", 176, "个"),
        ("problems_in_progress", 25, "个"), ("problems_in_progress", 17, "个"),
        ("other", 12, "次"), ("other", 46, "次"), ("other", 31, "场"), ("other", 604, "项"), ("other", 38, "项"),
        ("rules_established", 87, "项"),
        ("funds_recovered", 21.6, "万元"), ("funds_recovered", 4.3, "万元"), ("funds_recovered", 2.8, "万元"),
        ("people_disciplined", 5, "人"), ("people_disciplined", 9, "人"),
    ]


def test_a_disclosure_page_copied_as_text():
    notice = _notice("disclosure-page.txt")
    assert notice["title"] == "关于市委第五巡察组巡察反馈意见整改进展情况的通报"
    assert notice["issuer"] == "澜溪市生态环境局"  # 发布机构 comes before 信息来源
    assert notice["published_on"] == "2024-06-18"
    assert notice["inspection"] == {
        "level": "city", "kind": "常规", "round": 4, "group": "市委第五巡察组", "target": "澜溪市生态环境局党组",
        "start_on": "2023-11-06", "end_on": "2024-01-12", "feedback_on": "2024-02-20",
    }
    assert [(s["kind"], s["value"], s["unit"]) for s in notice["summary"]] == [
        ("problems_total", 24, "项"), ("problems_completed", 20, "项"), ("problems_in_progress", 4, "项"),
        ("funds_recovered", 6.5, "万元"),
    ]
    statuses = [[m["status"] for m in p["measures"]] for p in notice["problems"]]
    assert statuses == [["completed", "in_progress", "reported"], ["in_progress", "in_progress", "in_progress"]]
    assert notice["problems"][1]["measures"][0]["documents"] == ["澜溪市环保项目全流程管理办法"]
