"""Text helpers shared by the segmenter and the rule extractors.

Matching runs on a *view* of the source that has exactly the same length, so a match
position in the view is a position in the source and spans never move.
"""

from __future__ import annotations

import re

from .t2s import PAIRS

# Full-width ASCII (！..～) to half-width, ideographic and no-break spaces to a space:
# each one character to one character, unlike NFKC in general.
_WIDTH = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: " ", 0x00A0: " ", 0xFE59: "(", 0xFE5A: ")", 0x2015: "—"})
# Traditional characters match as simplified, so Big5 notices meet the same patterns.
_WIDTH.update({ord(PAIRS[i]): PAIRS[i + 1] for i in range(0, len(PAIRS), 2)})

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "一二三四五六七八九十"

# Quotes written in different forms are one for every comparison (the contract's scoring
# and the LLM grounding alike).
QUOTES = str.maketrans({quote: '"' for quote in "“”‘’'"})
_QUOTED = re.compile(r"“[^“”\n]*”|‘[^‘’\n]*’|\"[^\"\n]{1,60}\"")
_BOOK = re.compile(r"《[^《》\n]*(?:《[^《》\n]*》[^《》\n]*)*》")


_WIDE = re.compile("[" + "".join(chr(cp) for cp in _WIDTH) + "]")


def view(text: str) -> str:
    """Return a same-length copy of ``text`` for matching: full-width forms made
    half-width, traditional characters made simplified.

    Args:
        text: the source text.

    Returns:
        A string with ``len(result) == len(text)`` for matching.
    """
    # str.translate looks up every character; most notices have few full-width forms,
    # so replacing only the matches is several times faster.
    return _WIDE.sub(lambda m: _WIDTH[ord(m.group())], text)


def _blank(match: re.Match) -> str:
    inner = match.group()
    return inner[0] + "□" * (len(inner) - 2) + inner[-1]


def mask_quotes(text: str) -> str:
    """Hide what is inside 《》 and “” (same length), so cues and numbers there don't count.

    Args:
        text: a source string or its view.

    Returns:
        The string with quoted characters replaced by ``□``; brackets kept.
    """
    return _QUOTED.sub(_blank, _BOOK.sub(_blank, text))


def book_titles(text: str) -> list[tuple[str, int, int]]:
    """Every title written in 《》, outermost brackets only.

    Args:
        text: any source string.

    Returns:
        ``(title, start, end)`` per title, start/end covering the brackets.
    """
    return [(m.group()[1:-1], m.start(), m.end()) for m in _BOOK.finditer(text)]


def cn_to_int(numeral: str) -> int | None:
    """Convert a Chinese or Arabic numeral up to 99 (``十二`` -> 12, ``3`` -> 3).

    Args:
        numeral: e.g. ``"三"``, ``"十一"``, ``"二十"``, ``"12"``.

    Returns:
        The integer, or None when the string is no numeral.
    """
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return CN_DIGITS[numeral] if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)


def strip_span(text: str, start: int, end: int, chars: str = " \t\n\u3000") -> tuple[int, int]:
    """Narrow ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def cell_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the tab-separated cells of ``text[start:end]`` (one table row).

    Args:
        text: the source or its view.
        start, end: the row.

    Returns:
        ``(start, end)`` of each cell, in order.
    """
    spans, at = [], start
    for cell in text[start:end].split("\t"):
        spans.append((at, at + len(cell)))
        at += len(cell) + 1
    return spans
