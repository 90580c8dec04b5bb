"""The rules read their words from pipeline.lexicon: every listed cue, unit and label works."""

import pytest

from pipeline import lexicon
from pipeline.rules.measures import metrics, status


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
