"""Part roles by shape and position (pipeline.segment.parts): the candidate tables, the evidence
each part gives, the chosen table and how sure it is, on the fixtures whose part headings
name no role (tests/fixtures/parts.json holds their right tables)."""

from __future__ import annotations

import json

import pytest

from pipeline.segment import parts
from pipeline.assemble import notice_from_text
from pipeline.llm.extract import outline_ask
from pipeline.llm.prompts import prompt_messages
from pipeline.segment import segment

from .expect import FIXTURES

RIGHT = json.loads((FIXTURES / "parts.json").read_text(encoding="utf-8"))["parts"]
AMBIGUOUS = "ambiguous/songping-ggj-2024.txt"


def _outline(name: str):
    return segment((FIXTURES / name).read_text(encoding="utf-8"))


def test_candidate_tables_keep_the_reading_order():
    assert sorted(parts.role_tables(2)) == sorted([
        ("problems", "next_steps"), ("problems", "problems"),
        ("overview", "next_steps"), ("organization", "next_steps"),
        ("overview", "problems"), ("organization", "problems"),
        ("overview", "overview"), ("overview", "organization"),
        ("organization", "overview"), ("organization", "organization")])
    # Each once: 31 tables without a next-steps part (2^k lead parts before 4-k problem
    # parts), 15 with one.
    assert len(list(parts.role_tables(4))) == len(set(parts.role_tables(4))) == 31 + 15


@pytest.mark.parametrize("name", [n for n in RIGHT if n != AMBIGUOUS])
def test_the_shape_picks_the_right_part_roles_and_is_sure_of_them(name):
    chosen = _outline(name).part_roles
    assert chosen.kinds == tuple(RIGHT[name])
    assert chosen.confidence >= parts.CLOSE_CALL and chosen.close_calls == []


def test_a_truly_ambiguous_notice_is_a_close_call_named_in_a_warning():
    outline = _outline(AMBIGUOUS)
    chosen = outline.part_roles
    # Two slogan parts of flat numbered items of one size: organisation then problems, or
    # two groups of problems (as written)? The shape leans one way, by little.
    assert (chosen.kinds, chosen.runner_up) == (("organization", "problems"), ("problems", "problems"))
    assert chosen.confidence == 0.557 and chosen.close_calls == [0]
    notice = notice_from_text(outline.text, "songping-ggj-2024")
    assert notice.provenance.outline_confidence == 0.557
    assert notice.provenance.warnings == [
        "outline: close call on part 1 “凝心聚力抓推进”: organization or problems (confidence 0.56); "
        "check what was read from it"]
    assert outline_ask(outline) is not None


def test_the_evidence_says_why_a_slogan_part_holds_the_problems():
    chosen = _outline("misread/beishan-slj-2024.txt").part_roles
    first, second, third = chosen.shapes
    assert dict(parts.evidence(second, "problems")) == {
        "relative size": 2.5, "nested lists": 1.5, "一是 items": 1.0, "plans": pytest.approx(-1 / 9)}
    assert dict(parts.evidence(first, "organization")) == {
        "first part": 1.0, "flat list": 1.0, "relative size": pytest.approx(-0.557, abs=1e-3),
        "states figures": pytest.approx(-3 / 22)}
    assert dict(parts.evidence(third, "next_steps"))["last part"] == 1.5
    assert parts.describe_shape(second) == ("middle part; 3 items, nested, 7 一是 items under them; size 100% of the "
                                      "largest part; how much of it plans ahead 6%, reports work done 6%, "
                                      "states figures 28%")
    # The winner leads the heading-words reading (every part organisation) by far.
    scores = dict(chosen.scores)
    assert scores[("organization", "problems", "next_steps")] - scores[("organization",) * 3] > 5


def test_heading_words_still_decide_a_labelled_notice():
    chosen = _outline("standard/qinghe-group-2025.txt").part_roles
    assert chosen.kinds == ("organization", "problems", "next_steps") and chosen.confidence > 0.99
    assert [w for w, _ in parts.evidence(chosen.shapes[0], "organization")][0] == "heading names it"


def test_a_notice_without_parts_has_nothing_to_decide():
    chosen = parts.choose("", [])
    assert (chosen.kinds, chosen.confidence, chosen.close_calls) == ((), 1.0, [])


def test_the_outline_prompt_matches_the_checked_in_rendering():
    """Every change of the outline ask shows as a diff of tests/fixtures/prompts/outline.txt."""
    name, kind, lines = outline_ask(_outline(AMBIGUOUS))
    (user,) = prompt_messages(kind, lines.text)
    expected = (FIXTURES / "prompts" / "outline.txt").read_text(encoding="utf-8")
    assert f"--- user ---\n{user['content']}" == expected
