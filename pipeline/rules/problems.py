"""Problems, their titles and categories, and the organisation measures."""

from __future__ import annotations

import re

from pipeline.language.lexicon import PROBLEM, PROBLEM_HEADING_WRAPPER as _WRAP
from pipeline.segment import Outline
from pipeline.language.text import view
from pipeline.rules.measures import measure

# 关于“X”问题的整改 -> X; 关于“X”方面的问题 -> X; 关于X的问题 -> X.
# The words of the wrapper come from the lexicon; the structure around them stays here.
_RECTIFIED = (
    f"(?:{_WRAP['rectification']}(?:{'|'.join(_WRAP['rectification_work'])})?(?:{_WRAP['state']})?)?"
)
_QUOTED_TITLE = re.compile(
    rf"^{_WRAP['about']}[“\"](?P<t>.+)[”\"](?:{_WRAP['area']})?(?:{_WRAP['found']})?"
    rf"{_WRAP['of']}?{PROBLEM}?(?:{_WRAP['of']})?" + _RECTIFIED + "$"
)
_PLAIN_TITLE = re.compile(rf"^{_WRAP['about']}(?P<t>.+?){_WRAP['of']}?{PROBLEM}(?:{_WRAP['of']})?" + _RECTIFIED + "$")
# Without 关于, only the unmistakable wrapper "X的问题" is dropped (X问题 may be a name).
_OF_PROBLEM = re.compile(rf"^(?P<t>.{{2,}}?){_WRAP['of']}{PROBLEM}$")
_TRAILING = "。:;,. \t\n"


def problem_title(heading: str, ledger: bool = False) -> str:
    """The problem's name without its wrapper.

    Args:
        heading: the heading as written, without its list marker.
        ledger: True for ``问题N:…`` ledgers, whose heading is kept as the statement.

    Returns:
        The title (inner quotes kept as written).
    """
    heading = _trim(heading)
    if ledger:
        return heading
    matchable = view(heading)
    for rx in (_QUOTED_TITLE, _PLAIN_TITLE, _OF_PROBLEM):
        m = rx.match(matchable)
        if m:
            return heading[m.start("t"):m.end("t")]
    return heading


def _trim(heading: str) -> str:
    """Strip whitespace and trailing punctuation (full- or half-width); a hard line
    break inside a heading (copied from a PDF) is layout, not text."""
    heading = heading.strip().replace("\n", "")
    return heading[:len(view(heading).rstrip(_TRAILING))]


def category(heading: str) -> str:
    """A category heading without numbering, otherwise whole (trailing 。/: dropped)."""
    return _trim(heading)


def problems(outline: Outline) -> list[dict]:
    """Build every problem with its measures, in text order.

    Args:
        outline: the segmented notice.

    Returns:
        :class:`pipeline.records.Problem` dicts; ``index`` is the problem's own number,
        ``position`` its place from 1.
    """
    text = outline.text
    return [
        {
            "index": block.index,
            "position": position,
            "title": problem_title(text[slice(*block.heading)], block.ledger),
            "category": category(text[slice(*block.category)]) if block.category else None,
            "measures": [measure(outline, span, i) for i, span in enumerate(block.measures, 1)],
            "span": block.span,
        }
        for position, block in enumerate(outline.problems, 1)
    ]


def organization_measures(outline: Outline) -> list[dict]:
    """Measures of the organisation section (整改工作组织情况), in order."""
    return [measure(outline, span, i) for i, span in enumerate(outline.organization, 1)]
