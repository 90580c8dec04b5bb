"""Markers: every part heading and list marker of a notice, exact and without meaning.

Top-level parts are ``一、…`` numbered in sequence (or bare headings such as 整改落实情况);
inside each part every list marker (``(一)``, ``1.``, ``(1)``, ``①``, ``问题1:``, inline
``一是``) numbered in sequence, with its span and depth. Also the spans a marker opens:
its heading, and the text of the items of a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.language import lexicon
from pipeline.language.text import CN_NUM, Span, cn_to_int, strip_span, view
from pipeline.segment.tail import find_tail

# A list marker counts only at a block boundary: text start, whitespace (paragraphs in
# one-line notices are separated by spaces) or the end of a sentence.
_AT_BOUNDARY = r"(?<![^\s。;:!?])"
# The same, checked after the marker's first character: a pattern that opens on a character
# class lets the regex engine skip ahead to it instead of trying every position.
_AFTER_BOUNDARY = r"(?<![^\s。;:!?].)"
_SECTION = re.compile(rf"([{CN_NUM}]" + _AFTER_BOUNDARY + rf"[{CN_NUM}]{{0,2}})(?:、|\.(?![0-9]))")
# One pattern for every block family (one pass is several times faster than five);
# the named group that matched is the family.
_BLOCK = re.compile(
    rf"(?=[(0-9①-⑳{lexicon.LEDGER_LABEL[0]}])" + _AT_BOUNDARY + r"(?:"
    rf"\((?P<paren_cn>[{CN_NUM}]{{1,3}})\)"
    # 1.5亿元 is a number, but 2.2024年以来… is item 2 opening on a year.
    rf"|(?P<dot>[0-9]{{1,2}})(?:\.(?![0-9])|\.(?=(?:19|20)[0-9]{{2}}{lexicon.YEAR_MARK})|、)"
    r"|\((?P<paren_num>[0-9]{1,2})\)"
    r"|(?P<circled>[①-⑳])"
    rf"|{lexicon.LEDGER_LABEL}(?P<ledger>[{CN_NUM}]{{1,3}}|[0-9]{{1,2}})[:.、])"
)
# 一是/二是 also follows a comma: "针对该问题,一是…".
_INLINE = re.compile(rf"([{CN_NUM}](?<![^\s。;:!?,].)[{CN_NUM}]{{0,2}}){lexicon.INLINE_MARKER}"
                     rf"(?![{''.join(lexicon.NOT_INLINE_AFTER)}])")
# A heading wrapped by a hard line break just before the end of its wrapper (…严重”问 / 题的整改。).
_WRAPPER_CONTINUES = re.compile(rf"[{lexicon.WRAPPED_HEADING_CHARS}]{{1,8}}[。:]")
_HEADING_END = re.compile(r"[。\n:]|\s")
# Unnumbered section headings, each a paragraph of its own.
_BARE_HEADING = re.compile(rf"(?<![^\s])(?:{'|'.join(lexicon.BARE_HEADINGS)})(?=\s)")
# Markdown markup is layout, not text: it is blanked in the matching view (same length),
# so headings and bullets parse like plain ones and spans trimmed of blanks exclude it.
_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}|[-*+>])[ \t]+|\*\*|__|`|!\[[^\]\n]*\]\([^)\n]*\)")


@dataclass
class Heading:
    """One heading or list marker, found by :func:`find_headings`.

    ``family`` says how it is written: ``section`` (一、), ``bare`` (an unnumbered part
    heading such as 整改落实情况), ``paren_cn`` ((一)), ``dot`` (1.), ``paren_num`` ((1)),
    ``circled`` (①), ``ledger`` (问题1:), ``inline`` (一是).
    """

    family: str
    number: int
    depth: int  # 0 = a top-level part; inside a part, the family's rank by first appearance
    span: Span  # marker start .. heading end (the line a human reads as the heading)
    heading: Span  # the heading text after the marker (blanks after the marker included)


@dataclass
class Marker:
    """A list marker found in the text."""

    family: str
    number: int
    start: int  # where the marker starts
    body: int  # where the text after the marker starts


def blank_markup(v: str) -> str:
    # Substring checks are much cheaper than a multi-line scan of every notice.
    if not any(mark in v for mark in ("#", "*", "__", "`", "- ", "+ ", "> ", "![")):
        return v
    return _MARKUP.sub(lambda m: " " * len(m.group()), v)


def find_headings(text: str) -> list[Heading]:
    """Every part heading and list marker of the body, in document order (step one).

    Part headings (``一、…`` numbered in sequence from 一, else the usual bare headings)
    have depth 0; inside each part (or the whole body when there are none) every list
    marker numbered in sequence, inline ``一是`` ones included. Exact and role-free: what a
    marker means is :func:`rule_roles`' job.

    Args:
        text: the decoded source text.

    Returns:
        The headings; a pure function of the text.
    """
    v = blank_markup(view(text))
    return headings_in(v, find_tail(v).end)


def headings_in(v: str, end: int) -> list[Heading]:
    parts = _find_parts(v, 0, end)
    headings: list[Heading] = []
    ends = [p.span[0] for p in parts[1:]] + [end]
    regions = [(p.heading[1], stop) for p, stop in zip(parts, ends)] or [(0, end)]
    for position, (start, stop) in enumerate(regions):
        if parts:
            headings.append(parts[position])
        markers = sorted(_markers(v, start, stop) + _inline(v, start, stop), key=lambda mk: mk.start)
        ranks: dict[str, int] = {}
        for i, mk in enumerate(markers):
            rank = ranks.setdefault(mk.family, len(ranks) + 1)
            h_end = heading_end(v, mk.body, markers[i + 1].start if i + 1 < len(markers) else stop)
            headings.append(Heading(mk.family, mk.number, rank, (mk.start, h_end), (mk.body, h_end)))
    return headings


def _find_parts(v: str, start: int, end: int) -> list[Heading]:
    """Top-level parts: ``一、…`` numbered in sequence from 一, else the usual headings
    standing alone as paragraphs (整改工作组织情况, 整改落实情况, 下一步工作打算).
    A part's heading runs to the next part (or ``end``) at most."""
    found: list[tuple[str, int, int, int]] = []
    expected = 1
    for m in _SECTION.finditer(v, start, end):
        if cn_to_int(m.group(1)) == expected:
            found.append(("section", expected, m.start(), m.end()))
            expected += 1
    if not found:
        found = [("bare", i, m.start(), m.start()) for i, m in enumerate(_BARE_HEADING.finditer(v, start, end), 1)]
    parts = []
    for i, (family, number, s, body) in enumerate(found):
        stop = found[i + 1][2] if i + 1 < len(found) else end
        h_end = heading_end(v, body, stop)
        parts.append(Heading(family, number, 0, (s, h_end), (body, h_end)))
    return parts


def marker_of(h: Heading) -> Marker:
    return Marker(h.family, h.number, h.span[0], h.heading[0])


def block_heading(v: str, h: Heading, stop: int) -> Span:
    """A block's heading up to ``stop`` (the next block), as the problem parsers read it."""
    return h.heading[0], heading_end(v, h.heading[0], stop)


def skip_blanks(v: str, start: int) -> int:
    while start < len(v) and v[start] in " \t":
        start += 1
    return start


def heading_end(v: str, start: int, stop: int, limit: int = 60) -> int:
    """Where a heading that starts at ``start`` ends: its 。 (kept), a colon, a line end
    or a space (one-line notices separate paragraphs with spaces)."""
    start = min(skip_blanks(v, start), stop)
    m = _HEADING_END.search(v, start, min(stop, start + limit))
    # A heading broken by a hard line break (text copied from a PDF) goes on to the
    # line that closes its quote.
    while m is not None and m.group() == "\n" and (
        v.count("“", start, m.start()) > v.count("”", start, m.start())
        or _WRAPPER_CONTINUES.match(v, m.end())
    ):
        m = _HEADING_END.search(v, m.end(), min(stop, start + limit))
    if m is None:
        return min(stop, start + limit) if stop - start > limit else stop
    # A heading's own 。 belongs to it.
    return m.end() if m.group() == "。" else m.start()


def _markers(v: str, start: int, end: int) -> list[Marker]:
    """All list markers of every block family, each family numbered in sequence.

    A family may number two nested levels (problems 1., 2. and their measures 1., 2.),
    so a marker is accepted when it starts a list (at 1, or at any number for the first
    one), continues the innermost open list, or continues the list around it (which
    closes the inner one).
    """
    found, open_lists = [], {}
    for m in _BLOCK.finditer(v, start, end):
        family = m.lastgroup
        numeral = m.group(family)
        n = ord(numeral) - 0x245F if family == "circled" else cn_to_int(numeral)
        nexts = open_lists.setdefault(family, [])
        if not nexts:
            # A region's first list may continue a numbering begun in an earlier
            # group (problems (一)(二) in group one, (三) in group two).
            nexts.append(n + 1)
        elif n == 1:
            nexts[:] = nexts[-1:] + [2]
        elif nexts and n == nexts[-1]:
            nexts[-1] += 1
        elif len(nexts) > 1 and n == nexts[-2]:
            nexts[:] = [n + 1]
        else:
            continue
        found.append(Marker(family, n, m.start(), m.end()))
    return found


def _inline(v: str, start: int, end: int) -> list[Marker]:
    found, last = [], 0
    for m in _INLINE.finditer(v, start, end):
        n = cn_to_int(m.group(1))
        if n == 1 or n == last + 1:
            found.append(Marker("inline", n, m.start(), m.end()))
            last = n
    return found


def item_spans(v: str, markers: list[Marker], end: int) -> list[Span]:
    """Text spans of list items: after each marker up to the next one (or ``end``)."""
    spans = []
    for i, mk in enumerate(markers):
        stop = markers[i + 1].start if i + 1 < len(markers) else end
        if i + 1 < len(markers):
            stop = _cut_lead_in(v, mk.body, stop)
        span = strip_span(v, mk.body, stop)
        if span[0] < span[1]:
            spans.append(span)
    return spans


def _cut_lead_in(v: str, start: int, stop: int) -> int:
    """Drop a trailing lead-in ("针对公车管理方面:") that introduces the next list."""
    tail_end = len(v[start:stop].rstrip()) + start
    if tail_end > start and v[tail_end - 1] == ":":
        return max(v.rfind(c, start, tail_end) for c in "。;\n") + 1 or start
    return stop


def list_items(v: str, start: int, end: int) -> list[Span]:
    """Items of the first list family in a region (inline 一是 lists included)."""
    markers = sorted(_markers(v, start, end) + _inline(v, start, end), key=lambda mk: mk.start)
    return item_spans(v, [mk for mk in markers if mk.family == markers[0].family], end) if markers else []


def nonempty(v: str, start: int, end: int) -> list[Span]:
    span = strip_span(v, start, end)
    return [span] if span[0] < span[1] else []
