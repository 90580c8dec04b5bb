"""Wording real notices use, written in our own words: status cues read by meaning, the
summary figures' kinds, and the header's issuer, round and target."""

import pytest

from pipeline.rules.measures import status

# Each cue in both of its meanings (the contract's Measure.status and lexicon.CUE_EXCEPTIONS).
STATUS_CASES = [
    # 计划: "plan to" only before a time or a verb; a noun otherwise.
    ("招生计划已下达各院系。", "reported"),  # 已下达 is no completion cue
    ("年度培训计划已印发实施。", "reported"),
    ("计划于2025年3月前完成验收。", "in_progress"),
    ("计划新建污水管网12公里。", "in_progress"),
    ("按计划推进项目建设。", "reported"),
    ("计划生育奖励资金已发放到位。", "completed"),
    ("学习计划全部完成。", "completed"),
    # 将: "will" before an adverb or a verb; the object marker (把) otherwise.
    ("将稳步推进老旧小区改造。", "in_progress"),
    ("将于下月召开专题会议研究。", "in_progress"),
    ("将督促责任单位限期整改。", "in_progress"),
    ("整改已取得阶段成效,并将持续巩固。", "in_progress"),
    ("已将违规发放的补贴全部退还。", "completed"),
    ("将专项资金纳入预算统一管理。", "reported"),
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
