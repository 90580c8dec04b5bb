"""The contract's cue and exclusion rules, one sentence per rule."""

import pytest

from pipeline.language.dates import find_dates
from pipeline.rules.measures import documents, metrics, status
from pipeline.rules.problems import problem_title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("目前正在推进设备安装调试。", "in_progress"),
        ("相关工作推进中。", "in_progress"),
        ("已完成41宗,剩余2宗。", "in_progress"),
        ("尚未办结的案件继续跟进。", "in_progress"),
        ("未完成的任务列入清单。", "in_progress"),
        ("一期房屋按计划逐步交房。", "in_progress"),
        ("待验收后投入使用。", "in_progress"),
        ("共8宗,已整改5宗。", "in_progress"),
        ("下一步将对泵站安装监测设备。", "in_progress"),
        ("后续将继续严格执行内控制度。", "in_progress"),
        ("计划于2024年底前完成清理。", "in_progress"),
        ("已完成提档升级改造。", "completed"),
        ("目前整改工作全部完成。", "completed"),
        ("两侧排口不规范问题已整改完毕。", "completed"),
        ("部分企业租金已结清。", "completed"),
        ("道路维修及户厕改造等已完工。", "completed"),
        ("已将相关企业清退出租用楼层。", "reported"),  # 将 marks an object
        ("及时将学习计划下发至各园区办。", "reported"),  # 将…至
        ("新获批省市级科技计划项目32项。", "reported"),  # 计划 in a name
        ("明确责任人和完成时限。", "reported"),  # 完成时限 is a deadline
        ("督促按时完成每月学习计划。", "reported"),  # asked for, not reported done
        ("印发《关于逐步推进整改的通知》。", "reported"),  # cue inside 《》
        ("开展“正在行动”主题活动。", "reported"),  # cue inside “”
        ("做好来访群众接待工作。", "reported"),  # 接待 is not 待
        ("印发监管通报4期。", "reported"),
    ],
)
def test_status_cues(text, expected):
    assert status(text) == expected


def test_metrics_values_units_and_qualifiers():
    text = "新增“四上”企业41家,培训100余家企业,引进企业超过50家,占全市约30%,累计办件171件,一期处理能力5000吨/天,建成后可达2万吨/天。"
    got = [(m["value"], m["unit"], m["qualifier"]) for m in metrics(text, 0)]
    assert got == [
        (41, "家", None), (100, "家", "余"), (50, "家", "超过"), (30, "%", "约"),
        (171, "件", "累计"), (5000, "吨/天", None), (2, "万吨/天", None),
    ]


def test_a_unit_keeps_its_bracketed_alternative_but_not_the_next_list_marker():
    text = "新增设备12台(套),培训300人(次)。共8宗,已整改5宗(一)提高站位。"
    assert [(m["value"], m["unit"]) for m in metrics(text, 0)] == [(12, "台(套)"), (300, "人(次)"), (8, "宗"), (5, "宗")]


def test_digits_of_other_scripts_are_no_figures_but_full_width_ones_are():
    text = "新增企业꯰家、٣个项目、३名干部和３家单位。"
    assert [(m["value"], m["unit"], text[slice(*m["span"])]) for m in metrics(text, 0)] == [(3, "家", "３家")]


def test_metric_indicators_before_and_after_the_number():
    got = {m["value"]: m["indicator"] for m in metrics("2023年新增“四上”企业41家,编制5个专项规划,指导244家企业开展排查。", 0)}
    assert got == {41: "新增“四上”企业", 5: "专项规划", 244: "企业"}


@pytest.mark.parametrize(
    "text",
    [
        "2023年以来持续推进。",
        "2023年11-12月份水质达标。",
        "2018—2023年违法用地案件。",
        "获批第2批试点。",
        "印发通知(连高财〔2023〕12号)。",
        "联系电话0518-81883333。",
        "认真落实“市80条”惠企政策。",
        "推进实施《三年行动计划(2023—2025年)》。",
        "针对世界500强企业招商。",
        "老204国道清淤工程。",
        "成立三个工作专班。",
    ],
)
def test_not_metrics(text):
    assert metrics(text, 0) == []


def test_metric_spans_are_offsets_in_the_source():
    text = "前文。新增企业41家"
    (metric,) = metrics(text[3:], 3)
    assert text[slice(*metric["span"])] == "41家"


def test_documents_in_order_without_brackets():
    text = "印发《关于进一步加强管理的通知》(连高财〔2023〕12号)和《推进产业链党建工作方案》。"
    assert documents(text) == ["关于进一步加强管理的通知", "推进产业链党建工作方案"]


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("关于“经济发展主阵地作用发挥不充分”问题的整改。", "经济发展主阵地作用发挥不充分"),
        ("关于“‘三违一滥’问题突出”问题的整改。", "‘三违一滥’问题突出"),
        ("关于落实意识形态工作责任制不到位的问题", "落实意识形态工作责任制不到位"),
        ("关于“党的领导弱化”方面的问题", "党的领导弱化"),
        ("关於“森林資源保護監管不到位”問題的整改。", "森林資源保護監管不到位"),
        ("党建引领作用发挥不充分。", "党建引领作用发挥不充分"),
    ],
)
def test_problem_titles_lose_their_wrapper(heading, title):
    assert problem_title(heading) == title


def test_dates_in_chinese_numerals():
    assert [str(d.value) for d in find_dates("中共某某县委员会 二〇二四年四月三日")] == ["2024-04-03"]


def test_dates_without_a_year_take_the_preceding_year():
    dates = find_dates("2023年7月3日至8月31日进驻,9月17日反馈,2024-04-03发布")
    assert [str(d.value) for d in dates] == ["2023-07-03", "2023-08-31", "2023-09-17", "2024-04-03"]
