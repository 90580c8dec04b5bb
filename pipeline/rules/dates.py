"""Dates written in notices, with the year carried forward to dates that omit it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(
    r"(?=\d)(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"|(?P<y2>(?:19|20)\d{2})[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})(?!\d)"
)
_RANGE_SEP = re.compile(r"\s*(?:至|到|—+|-|~|－)\s*")


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
    for m in _DATE.finditer(v):
        y = m.group("y") or m.group("y2")
        month = m.group("m") or m.group("m2")
        day = m.group("d") or m.group("d2")
        if y:
            year = int(y)
        if year is None:
            continue
        try:
            found.append(FoundDate(dt.date(year, int(month), int(day)), m.start(), m.end(), bool(y)))
        except ValueError:
            continue
    return found


def find_range(v: str, dates: list[FoundDate], start: int, end: int) -> tuple[FoundDate, FoundDate] | None:
    """The first ``DATE至DATE`` (or ``—``, ``-``) range inside ``[start, end)``."""
    inside = [d for d in dates if start <= d.start and d.end <= end]
    for a, b in zip(inside, inside[1:]):
        if _RANGE_SEP.fullmatch(v, a.end, b.start):
            return a, b
    return None
