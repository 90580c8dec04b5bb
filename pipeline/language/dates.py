"""Dates written in notices, with the year carried forward to dates that omit it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.language.lexicon import CN_DIGITS, CN_NUM
from pipeline.language.text import cn_to_int

# The digits a year is written with (二〇二四); 两 is never one.
_CN_DIGIT = "".join(d for d in CN_DIGITS if d != "两")
# A date with its year, for patterns that look for one (signatures, date lines).
FULL_DATE = (
    r"(?:[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}"
    rf"|[{_CN_DIGIT}]{{4}}年[{CN_NUM}]{{1,3}}月[{CN_NUM}]{{1,3}}日)"
)
# Signatures of formal documents write dates in Chinese numerals: 二〇二四年四月三日.
# Patterns here open on one character class (X then X{3}, not X{4}): the regex engine
# then skips ahead to those characters instead of trying every position.
_CN_DATE = re.compile(
    rf"(?P<y>[{_CN_DIGIT}][{_CN_DIGIT}]{{3}})年(?P<m>[{CN_NUM}]{{1,3}})月(?P<d>[{CN_NUM}]{{1,3}})日"
)
_DATE = re.compile(
    r"[0-9][0-9]{0,3}(?=[\s年月./-])(?:\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号]|[-./][0-9]{1,2}[-./][0-9]{1,2}(?![0-9])|\s*月\s*[0-9]{1,2}\s*[日号])"
)
_PARTS = re.compile(r"[0-9]+")
_RANGE_SEP = re.compile(r"\s*起?\s*(?:至|到|—+|-|~|－)\s*")


@dataclass(frozen=True)
class FoundDate:
    value: dt.date
    start: int
    end: int
    has_year: bool


def find_dates(v: str) -> list[FoundDate]:
    """Every valid calendar date in the text, in order.

    A date without a year (``9月17日``) takes the year of the nearest preceding date
    that has one; with none before it, it is dropped.

    Args:
        v: the matching view of the source text.

    Returns:
        The dates with their offsets.
    """
    found, year = [], None
    # A year in Chinese numerals always holds a zero (〇/零): skip that scan without one.
    cn_dates = list(_CN_DATE.finditer(v)) if "〇" in v or "零" in v else []
    for m in sorted([*_DATE.finditer(v), *cn_dates], key=lambda m: m.start()):
        if m.re is _CN_DATE:
            parts = [int("".join(str(CN_DIGITS[c]) for c in m.group("y"))),
                     cn_to_int(m.group("m")), cn_to_int(m.group("d"))]
        elif m.start() and v[m.start() - 1].isdigit():
            continue
        else:
            parts = [int(p) for p in _PARTS.findall(m.group())]
        if len(parts) == 3:
            if not 1900 <= parts[0] <= 2099:
                continue
            year = parts[0]
        elif year is None:
            continue
        month, day = parts[-2:]
        try:
            found.append(FoundDate(dt.date(year, month, day), m.start(), m.end(), len(parts) == 3))
        except (TypeError, ValueError):
            continue
    return found


def find_range(v: str, dates: list[FoundDate], start: int, end: int) -> tuple[FoundDate, FoundDate] | None:
    """The first ``DATE至DATE`` (or ``—``, ``-``) range inside ``[start, end)``."""
    inside = [d for d in dates if start <= d.start and d.end <= end]
    for a, b in zip(inside, inside[1:]):
        if _RANGE_SEP.fullmatch(v, a.end, b.start):
            return a, b
    return None
