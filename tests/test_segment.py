"""Segmentation in two steps: markers (find_headings), then a role table (rule_roles),
from which the outline is built; and the coverage a record states.

Fixtures: ``fixtures/standard`` (the common layout of 中央/省委巡视 notices: organisation
items bolded like problem headings, six areas of which some hold numbered problems and
some are one problem, figures in the opening of 二、) and ``fixtures/misread`` (parts
whose headings carry no cue, so the rules take the problems for organisation; its
``*.roles.json`` holds the role table that reads it right). Both have hand-written gold.
"""

from __future__ import annotations

import json

import pytest

from pipeline.assemble import notice_from_text, rules_notice, with_coverage
from pipeline.evaluate import load_gold, score
from pipeline.segment import ROLES, check_roles, find_headings, rule_roles, segment

from .expect import FIXTURES

STANDARD = FIXTURES / "standard" / "linjiang-univ-2024.md"
MISREAD = FIXTURES / "misread" / "beishan-slj-2024.txt"
LIST_FIELDS = ("problems", "measures", "organization_measures", "metrics", "documents", "summary",
               "contact.phones", "contact.emails", "contact.addresses")


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


def _scores(notice, folder: str) -> dict:
    gold = {notice.doc_id: load_gold(FIXTURES / folder)[notice.doc_id]}
    return score(gold, {notice.doc_id: json.loads(notice.model_dump_json())})["micro"]["fields"]


def _table(text: str) -> list[tuple[str, int, str, str]]:
    headings = find_headings(text)
    return [(h.family, h.number, role, text[slice(*h.heading)].strip()[:6])
            for h, role in zip(headings, rule_roles(text, headings))]


def test_standard_layout_role_table():
    table = _table(_text(STANDARD))
    parts = [row for row in table if row[0] == "section"]
    assert [(n, role) for _, n, role, _ in parts] == [
        (1, "organization_part"), (2, "problems_part"), (3, "next_steps")]
    # The organisation items look exactly like the problem areas: (一) and a bold title.
    assert [row for row in table[1:6]] == [
        ("paren_cn", 1, "organization_item", "强化组织领导"), ("paren_cn", 2, "organization_item", "细化整改方案"),
        ("paren_cn", 3, "organization_item", "压实各方责任"), ("paren_cn", 4, "organization_item", "强化监督检查"),
        ("paren_cn", 5, "organization_item", "注重建章立制")]
    areas = [(n, role) for family, n, role, _ in table[7:] if family == "paren_cn"]
    # Areas holding numbered problems are categories; the others are one problem each.
    assert areas == [(1, "problem_area"), (2, "problem"), (3, "problem_area"), (4, "problem"),
                     (5, "problem_area"), (6, "problem")]
    assert {role for family, _, role, _ in table if family == "dot"} == {"problem"}
    assert {role for family, _, role, _ in table if family == "inline"} == {"measure"}
    assert sum(family == "inline" for family, *_ in table) == 19


def test_find_headings_spans_and_depths():
    text = _text(STANDARD)
    headings = find_headings(text)
    assert headings == find_headings(text)  # a pure function of the text
    assert [text[slice(*h.span)].strip("* \n") for h in headings[:2]] == [
        "一、提高政治站位，扛牢整改政治责任", "（一）强化组织领导。"]
    assert {(h.family, h.depth) for h in headings} == {
        ("section", 0), ("paren_cn", 1), ("dot", 2), ("inline", 3)}
    for h in headings:
        assert h.span[0] <= h.heading[0] <= h.heading[1] == h.span[1]
    assert all(a.span[0] < b.span[0] for a, b in zip(headings, headings[1:]))


def test_standard_layout_record_is_right():
    notice = notice_from_text(_text(STANDARD), "linjiang-univ-2024")
    figures = _scores(notice, "standard")
    for name in LIST_FIELDS:
        assert figures[name]["f1"] == 1.0, (name, figures[name])
    assert figures["status"]["accuracy"] == 1.0
    assert [p.category for p in notice.problems[:3]] == [
        "关于学习贯彻党的创新理论不够深入的问题", "关于学习贯彻党的创新理论不够深入的问题", None]
    assert (notice.problems[2].index, notice.problems[2].title) == (2, "落实全面从严治党责任有差距")
    assert notice.provenance.coverage > 0.9
    assert notice.provenance.warnings == []


def test_slogan_parts_are_read_by_their_shape_and_a_wrong_table_warns():
    """Part 二 of the misread notice (突出靶向施治) names no problem: read by heading words
    alone, every part was organisation and the record held no problem. Its shape (nested
    lists with 一是 items, the largest part, in the middle) makes it the problems part."""
    text = _text(MISREAD)
    table = json.loads(_text(MISREAD.with_suffix(".roles.json")))
    headings = find_headings(text)
    assert [h.span for h in headings] == [tuple(h["span"]) for h in table["headings"]]
    assert check_roles(headings, table["roles"]) is None
    assert rule_roles(text, headings) == table["roles"]
    outline = segment(text)
    assert outline.part_roles.kinds == ("organization", "problems", "next_steps")
    assert outline.part_roles.confidence == 0.944
    right = notice_from_text(text, "beishan-slj-2024")
    figures = _scores(right, "misread")
    for name in LIST_FIELDS:
        assert figures[name]["f1"] == 1.0, (name, figures[name])
    assert figures["status"]["accuracy"] == 1.0
    assert right.next_steps.startswith("局党组将坚持目标不变")
    assert right.provenance.coverage > 0.9 and right.provenance.warnings == []
    assert right.provenance.outline_confidence == 0.944

    # The heading-words reading, given as part roles: no problem, and the record says so.
    wrong = rules_notice(segment(text, kinds=("organization",) * 3), "beishan-slj-2024", "0" * 64)
    assert wrong.problems == []
    assert wrong.provenance.warnings == ["no problems found: the text has no recognisable problem headings"]


@pytest.mark.parametrize("change, why", [
    ({5: "problem"}, "heading 5: problem inside organization_part"),
    ({8: "problem_area"}, "heading 9: measure under no problem"),
    ({0: "measure"}, "heading 0: measure is not a part role"),
    ({7: "problems_part"}, "heading 7: problems_part below a part"),
    ({9: "organization_item"}, "heading 9: organization_item inside problems_part"),
    ({8: "section"}, "heading 8: unknown role 'section'"),
])
def test_check_roles_names_what_does_not_nest(change, why):
    text = _text(STANDARD)
    headings = find_headings(text)
    roles = rule_roles(text, headings)
    assert check_roles(headings, roles) is None
    assert check_roles(headings, roles[:-1]) == f"{len(headings) - 1} roles for {len(headings)} headings"
    for i, role in change.items():
        roles[i] = role
    assert check_roles(headings, roles) == why


def test_roles_are_the_contract_names():
    assert ROLES == ("organization_part", "organization_item", "problems_part", "problem_area", "problem",
                     "measure", "next_steps", "contact", "other")
    with pytest.raises(ValueError):
        segment(_text(STANDARD), ["other"])


# Real wording: an organisation part whose heading names 落实 (a weak problem cue), and
# problems numbered (一)(二) under a part that names them.
ORGANISATION_NAMES_LUOSHI = """中共南岭镇委员会关于区委巡察整改情况的通报

2024年3月至4月，区委第二巡察组对南岭镇党委开展了常规巡察。现将整改情况通报如下。

一、加强组织领导，推动整改落实
（一）成立整改工作领导小组，党委书记任组长。
（二）制定整改方案，明确责任人和完成时限。
二、巡察反馈问题整改落实情况
（一）关于村级财务管理不规范的问题
一是开展村级财务专项清理，清理往来款项86笔。二是建立村账镇代理制度。
（二）关于党员教育管理偏松的问题
一是开展党员集中轮训2期。二是正在建立党员积分管理制度。
"""


def test_an_organisation_part_naming_luoshi_is_no_problem_part():
    roles = [(h.family, r) for h, r in zip(find_headings(ORGANISATION_NAMES_LUOSHI),
                                            rule_roles(ORGANISATION_NAMES_LUOSHI, find_headings(ORGANISATION_NAMES_LUOSHI)))]
    assert roles[:4] == [("section", "organization_part"), ("paren_cn", "organization_item"),
                         ("paren_cn", "organization_item"), ("section", "problems_part")]
    notice = notice_from_text(ORGANISATION_NAMES_LUOSHI)
    assert [p.title for p in notice.problems] == ["村级财务管理不规范", "党员教育管理偏松"]
    assert [len(p.measures) for p in notice.problems] == [2, 2]
    assert [m.text[:4] for m in notice.organization_measures] == ["成立整改", "制定整改"]


def test_a_problem_part_read_as_something_else_is_warned_about():
    text = _text(STANDARD)
    headings = find_headings(text)
    roles = rule_roles(text, headings)
    part = next(i for i, h in enumerate(headings) if h.depth == 0 and roles[i] == "problems_part")
    roles = roles[:part] + ["other"] * (len(roles) - part - 1) + ["next_steps"]
    outline = segment(text, roles)
    assert outline.problems == []
    notice = rules_notice(outline, "x", "0" * 64)
    assert "no problem found in the part headed “聚焦反馈问题，逐项推进整改落实”" in notice.provenance.warnings
    assert notice.provenance.coverage < 0.6
    again = with_coverage(outline, notice)  # measured again: the same, its warnings not doubled
    assert again.provenance == notice.provenance


# An area (一)…方面 holding numbered problems, then one holding none: that one is a problem.
# Measures as (1)(2) inside the numbered problems.
AREAS_WITH_AND_WITHOUT_ITEMS = """中共东岙街道工作委员会关于区委巡察整改进展情况的通报

2024年5月至6月，区委第一巡察组对东岙街道党工委开展了常规巡察。现将整改进展情况通报如下。

一、提高站位，扛起整改政治责任
党工委召开专题会议，部署整改工作。
二、聚焦反馈问题，逐项推进整改
（一）党的建设方面
1.组织生活不够规范。（1）修订“三会一课”制度。（2）开展支部书记轮训2期。
2.发展党员把关不严。（1）对近年发展的党员逐一复核，已完成复核37名。
（二）作风建设方面
一是清理超标准配备的办公用房3间。二是正在整治公务用车使用不规范问题。
三、巩固整改成果
街道党工委将持续抓好整改。
"""


def test_an_area_without_numbered_problems_is_one_problem():
    headings = find_headings(AREAS_WITH_AND_WITHOUT_ITEMS)
    table = [(h.family, r) for h, r in zip(headings, rule_roles(AREAS_WITH_AND_WITHOUT_ITEMS, headings))]
    assert table == [
        ("section", "organization_part"), ("section", "problems_part"),
        ("paren_cn", "problem_area"), ("dot", "problem"), ("paren_num", "measure"), ("paren_num", "measure"),
        ("dot", "problem"), ("paren_num", "measure"),
        ("paren_cn", "problem"), ("inline", "measure"), ("inline", "measure"),
        ("section", "next_steps")]
    notice = notice_from_text(AREAS_WITH_AND_WITHOUT_ITEMS)
    assert [(p.index, p.title, p.category, len(p.measures)) for p in notice.problems] == [
        (1, "组织生活不够规范", "党的建设方面", 2), (2, "发展党员把关不严", "党的建设方面", 1),
        (2, "作风建设方面", None, 2)]
    assert [m.status for m in notice.problems[2].measures] == ["reported", "in_progress"]
    assert notice.provenance.warnings == []  # a short notice: its part headings weigh 0.2


def test_areas_named_without_wenti_still_group_problems_holding_lists():
    text = AREAS_WITH_AND_WITHOUT_ITEMS.replace("（一）党的建设方面", "（一）基层党建工作抓得不实").replace(
        "（二）作风建设方面", "（二）作风建设仍有短板")
    notice = notice_from_text(text)
    assert [(p.title, p.category) for p in notice.problems] == [
        ("组织生活不够规范", "基层党建工作抓得不实"), ("发展党员把关不严", "基层党建工作抓得不实"),
        ("作风建设仍有短板", None)]


def test_wenti_daoxiang_names_no_problems():
    text = ORGANISATION_NAMES_LUOSHI.replace("一、加强组织领导，推动整改落实", "一、坚持问题导向，压实整改责任")
    headings = find_headings(text)
    assert [r for h, r in zip(headings, rule_roles(text, headings)) if h.depth == 0] == [
        "organization_part", "problems_part"]
    notice = notice_from_text(text)
    assert len(notice.problems) == 2 and notice.provenance.warnings == []


def test_a_weak_luoshi_part_before_the_named_problems_organises_them():
    text = ORGANISATION_NAMES_LUOSHI.replace("一、加强组织领导，推动整改落实", "一、坚持以上率下，推动整改落实落地")
    headings = find_headings(text)
    assert [r for h, r in zip(headings, rule_roles(text, headings)) if h.depth == 0] == [
        "organization_part", "problems_part"]
    # Alone, a part naming 整改落实情况 holds the problems.
    alone = text.replace("二、巡察反馈问题整改落实情况", "二、整改落实情况").replace(
        "一、坚持以上率下，推动整改落实落地", "一、坚持以上率下")
    headings = find_headings(alone)
    assert [r for h, r in zip(headings, rule_roles(alone, headings)) if h.depth == 0] == [
        "organization_part", "problems_part"]


def test_the_standard_folder_scores_perfectly_through_a_batch(tmp_path):
    from pipeline.run import run_inputs
    from pipeline.config import Config
    from pipeline.evaluate import load_predictions

    folder = FIXTURES / "standard"
    notices = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    run_inputs([str(p) for p in notices], tmp_path, Config(silent=True))
    report = score(load_gold(folder), load_predictions(tmp_path / "notices.jsonl"))
    assert report["unmatched_predictions"] == [] and len(report["documents"]) == len(notices) == 2
    figures = report["micro"]["fields"]
    for name in LIST_FIELDS:
        assert figures[name]["f1"] == 1.0, (name, figures[name])
    assert figures["status"]["accuracy"] == 1.0


def test_part_level_roles_a_model_may_give():
    text = _text(MISREAD)
    table = json.loads(_text(MISREAD.with_suffix(".roles.json")))["roles"]
    # The problems part as a group: its heading becomes every problem's category.
    grouped = ["problem_area" if r == "problems_part" else r for r in table]
    assert check_roles(find_headings(text), grouped) is None
    assert {p.category for p in rules_notice(segment(text, grouped), "x", "0" * 64).problems} == {"突出靶向施治"}
    # The part as one problem whose (一)(二)(三) are its measures (their 一是 lists inside them).
    one = ["problem" if r == "problems_part" else "measure" if r == "problem" else "other" if r == "measure" else r
           for r in table]
    assert check_roles(find_headings(text), one) is None
    [problem] = rules_notice(segment(text, one), "x", "0" * 64).problems
    assert (problem.index, problem.title, len(problem.measures)) == (1, "突出靶向施治", 3)
    assert problem.measures[2].text.startswith("河道采砂监管存在漏洞。一是联合")


def test_segment_reads_the_view_and_the_tail_once(monkeypatch):
    # The view and the tail are computed by segment() and handed on; a step that computes
    # them again (find_headings(text), rule_roles(text, …)) would show up here.
    from pipeline.segment import markers, outline, roles, tail

    calls: list[str] = []
    real_view, real_tail = outline.view, tail.find_tail

    def counted_view(text):
        calls.append("view")
        return real_view(text)

    def counted_tail(v):
        calls.append("tail")
        return real_tail(v)

    text = _text(STANDARD)
    expected = segment(text)
    for module in (outline, markers, roles):
        monkeypatch.setattr(module, "view", counted_view)
        monkeypatch.setattr(module, "find_tail", counted_tail)
    got = segment(text)
    assert calls == ["view", "tail"]
    assert (got.problems, got.closing, got.signer) == (expected.problems, expected.closing, expected.signer)


SIGNED_WITH_CREDITS = (
    "一、整改工作开展情况\n召开专题会议部署整改。\n"
    "欢迎广大干部群众对整改落实情况进行监督。联系电话:0000-1234567。\n"
    "中共青柳县委\n2024年3月8日\n"
    "来源:青柳发布\n责任编辑:林一\n"
)


def test_the_tail_cuts_the_contact_lines_the_signature_and_the_credits():
    from pipeline.segment import tail

    v = SIGNED_WITH_CREDITS
    found = tail.find_tail(v)
    assert v[:found.end].endswith("召开专题会议部署整改。\n")
    assert v[slice(*found.closing)] == "欢迎广大干部群众对整改落实情况进行监督。联系电话:0000-1234567。"
    assert v[slice(*found.signer)] == "中共青柳县委"
    assert v[slice(*found.signed_on)] == "2024年3月8日"


def test_a_contact_label_inside_a_title_does_not_cut_the_body():
    # Found by tests/test_properties.py: in a short notice the contact paragraph is looked
    # for from the start, and 《通讯地址》 named a document, not an address line.
    text = ("关于县委第二巡察组反馈意见整改情况的通报\n一、整改工作组织情况\n（一）修订《通讯地址管理办法》。\n"
            "二、整改落实情况\n1.关于“台账不全”问题的整改。\n一是补齐台账。\n"
            "三、下一步工作打算\n持续整改。联系电话：0000-1234567。")
    outline = segment(text)
    assert text[slice(*outline.closing)] == "联系电话：0000-1234567。"
    assert [p.title for p in notice_from_text(text).problems] == ["台账不全"]
