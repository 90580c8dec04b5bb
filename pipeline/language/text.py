"""Text helpers shared by the segmenter, the rule extractors, the LLM grounding and the scorer.

Matching runs on a *view* of the source that has exactly the same length, so a match
position in the view is a position in the source and spans never move.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# CN_NUM stays importable from here for the segmenter.
from pipeline.language.lexicon import BOOK_MARKS, CN_DIGITS, CN_NUM, QUOTE_MARKS, QUOTE_PAIRS  # noqa: F401
from pipeline.language.t2s import PAIRS

# A [start, end) character range of a text: what every stage points into the source with
# (the contract's checked form is pipeline.records.Span).
Span = tuple[int, int]

# Full-width ASCII (！..～) to half-width, ideographic and no-break spaces to a space:
# each one character to one character, unlike NFKC in general.
_WIDTH = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: " ", 0x00A0: " ", 0xFE59: "(", 0xFE5A: ")", 0x2015: "—"})
# Traditional characters match as simplified, so Big5 notices meet the same patterns.
_WIDTH.update({ord(PAIRS[i]): PAIRS[i + 1] for i in range(0, len(PAIRS), 2)})

# Quotes written in different forms are one for every comparison (the contract's scoring
# and the LLM grounding alike).
QUOTES = str.maketrans({quote: '"' for quote in QUOTE_MARKS})


def _quoted(pair: str) -> str:
    # A straight quote opens and closes alike, so only a short run between two counts.
    opening, closing = map(re.escape, pair)
    inner = "{1,60}" if pair[0] == pair[1] else "*"
    return f"{opening}[^{opening}{closing}\\n]{inner}{closing}"


_QUOTED = re.compile("|".join(_quoted(pair) for pair in QUOTE_PAIRS))
# One level of nesting: 《关于印发《X》的通知》.
_BOOK = re.compile("{0}[^{0}{1}\\n]*(?:{0}[^{0}{1}\\n]*{1}[^{0}{1}\\n]*)*{1}".format(*BOOK_MARKS))


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


def cue_pattern(cues: tuple[str, ...], gap: str = r"[^,。;]{0,20}?") -> str:
    """One regex alternation for a lexicon list of cue words.

    Args:
        cues: cue words; ``…`` in a cue stands for a few characters of the same clause.
        gap: the regex that ``…`` becomes.

    Returns:
        The alternation, longest cues first so a longer cue wins over its prefix.
    """
    ordered = sorted(dict.fromkeys(cues), key=len, reverse=True)
    return "|".join(gap.join(map(re.escape, cue.split("…"))) for cue in ordered)


def normalise(text: str) -> str:
    """Put text in the form every comparison uses.

    Args:
        text: any string.

    Returns:
        The NFKC form of ``text`` with all whitespace removed and the quotes
        “ ” ‘ ’ " ' all written as ``"``.
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).translate(QUOTES)


def char_f1(gold: str, pred: str) -> float:
    """Character-level F1 of two texts, after normalisation.

    Args:
        gold: the reference text.
        pred: the predicted text.

    Returns:
        2·overlap / (len(gold) + len(pred)), where overlap is the size of the multiset
        intersection of their characters; 1.0 when both are empty.
    """
    gold, pred = normalise(gold), normalise(pred)
    if not gold and not pred:
        return 1.0
    overlap = sum((Counter(gold) & Counter(pred)).values())
    return 2 * overlap / (len(gold) + len(pred))
