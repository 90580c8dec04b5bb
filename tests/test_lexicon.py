"""The rules read their words from pipeline.language.lexicon: every listed cue, unit and label works."""

import pytest

from pipeline.language import lexicon
from pipeline.language.dates import find_dates
from pipeline.rules.header import contact, published_on
from pipeline.rules.measures import metrics, status
from pipeline.segment import segment


def _sentence(cue: str) -> str:
    return f"我们{cue.replace('…', '按期')}验收。"


@pytest.mark.parametrize("cue", lexicon.UNFINISHED_CUES + lexicon.PLAN_CUES)
def test_every_in_progress_cue_counts(cue):
    # 将 and 计划 count only with a verb or a time after them.
    text = {"将": "我们将于年底验收。", "计划": "我们计划年内验收。"}.get(cue, _sentence(cue))
    assert status(text) == "in_progress", text


@pytest.mark.parametrize("cue", lexicon.COMPLETED_CUES)
def test_every_completed_cue_counts(cue):
    assert status(f"我们{cue.replace('…', '按期')}。") == "completed"


@pytest.mark.parametrize("unit", lexicon.UNITS)
def test_every_unit_makes_a_metric(unit):
    (metric,) = metrics(f"新增设施12{unit}。", 0)
    assert (metric["value"], metric["unit"]) == (12, unit)
    (metric,) = metrics(f"新增设施1.5万{unit}。", 0)
    assert (metric["value"], metric["unit"]) == (1.5, "万" + unit)


@pytest.mark.parametrize("qualifier", lexicon.QUALIFIERS_BEFORE)
def test_qualifiers_before_the_number(qualifier):
    (metric,) = metrics(f"惠及{qualifier}300户。", 0)
    assert metric["qualifier"] == qualifier


@pytest.mark.parametrize("qualifier", lexicon.QUALIFIERS_AFTER + lexicon.QUALIFIERS_AFTER_UNIT)
def test_qualifiers_after_the_number(qualifier):
    text = f"惠及300{qualifier}户。" if qualifier in lexicon.QUALIFIERS_AFTER else f"惠及300户{qualifier}。"
    (metric,) = metrics(text, 0)
    assert metric["qualifier"] == qualifier


def _contact(closing: str):
    return contact(segment(f"县委第一巡察组对县林业局开展了常规巡察。\n欢迎干部群众对整改情况进行监督。{closing}\n"))


@pytest.mark.parametrize("label", lexicon.CONTACT_LABELS["addresses"])
def test_every_address_label(label):
    assert _contact(f"{label}:清源县府前路1号(邮编:330999)").addresses == ["清源县府前路1号"]


def test_a_postcode_written_full_width_is_not_part_of_the_address():
    assert _contact("通信地址：清源县府前路1号 ３３０９９９").addresses == ["清源县府前路1号"]


@pytest.mark.parametrize("label", lexicon.CONTACT_LABELS["phones"] + lexicon.CONTACT_LABELS["emails"])
def test_an_address_ends_at_the_next_label(label):
    found = _contact(f"通信地址:清源县府前路1号 {label}:0799-1234567")
    assert found.addresses == ["清源县府前路1号"]


@pytest.mark.parametrize("label", lexicon.DATE_LABELS)
def test_every_date_label(label):
    outline = segment(f"关于巡察整改情况的通报\n{label}:2024-05-20\n县委第一巡察组对县林业局开展了常规巡察。")
    assert str(published_on(outline, find_dates(outline.view))) == "2024-05-20"


def test_each_lexicon_name_is_defined_in_one_module():
    # The package reads its modules into one namespace: a name assigned in two of them
    # would be silently shadowed by the later one.
    import ast
    from collections import Counter
    from pathlib import Path

    package = Path(lexicon.__file__).parent
    assigned = Counter(
        name.id
        for path in package.glob("*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        for name in ast.walk(target)
        if isinstance(name, ast.Name)
    )
    assert "UNITS" in assigned and "PART_ROLE_MEANINGS" in assigned
    assert [name for name, count in assigned.items() if count > 1] == []
