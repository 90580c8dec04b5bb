"""Grounding: checking what a model says against the section it was given.

Every check works on a *squeezed* copy of the section's matching view (whitespace
removed, quotes unified) that remembers where each character came from, so a model
that re-spaces text or writes full-width digits still matches, and every span we
report points into the source text. Spans are always computed here, never taken
from the model.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.language.dates import find_dates
from pipeline.language.lexicon import INLINE_MARKER, ORDINAL, QUALIFIERS_AFTER, ROUND
from pipeline.segment import Outline, describe_shape
from pipeline.language.text import CN_NUM, QUOTES, Span, book_titles, char_f1, cn_to_int, view


# Where regions join: a character no answer contains, so nothing matches across a join.
_JOIN = "\x00"
# A list marker the model may have copied with the measure's text.
_MARKER = re.compile(
    rf"[ \t\u3000]*(?:[{CN_NUM}]{{1,3}}{INLINE_MARKER}|[(（][{CN_NUM}0-9]{{1,3}}[)）]|[0-9]{{1,3}}[.、．](?![0-9])|[①-⑳])[,，:：]?"
)
_NUMBER_CHARS = set("0123456789.")
_ROUND = re.compile(rf"{ORDINAL}([0-9]{{1,2}}|[{CN_NUM}]{{1,3}}){ROUND}")
_NON_SPACE = re.compile(r"\S+")
# Texts the model aligns loosely (re-punctuated, a word dropped) still count at this char-F1.
MIN_ALIGNMENT = 0.9


def squeeze(text: str) -> str:
    """A model's string in the form it is matched in: view, no whitespace, one quote."""
    return "".join(view(text).split()).translate(QUOTES)


def number_forms(value: int | float) -> list[str]:
    """How a number may be written: ``3000.0`` as ``3000``, ``66.8`` as ``66.8``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [str(value)] if isinstance(value, int) else [repr(value), f"{value:g}"]


@dataclass
class Grounding:
    """One section of a notice, ready for checking answers about it.

    Args:
        outline: the segmented notice.
        regions: the spans of the source text that make up the section.
        candidates: the segmenter's measure spans in the section, for loose alignment.
    """

    outline: Outline
    regions: list[Span]
    candidates: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        chars, where = [], []
        for start, end in self.regions:
            if chars:
                chars.append(_JOIN)
                where.append(where[-1])
            # Whole runs of non-space characters at a time: far cheaper than per character.
            for m in _NON_SPACE.finditer(self.outline.view, start, end):
                chars.append(m.group())
                where.extend(range(m.start(), m.end()))
        self.squeezed = "".join(chars).translate(QUOTES)
        self.where = where

    @property
    def text(self) -> str:
        """The section's text as sent to the model: its regions, joined by blank lines."""
        return "\n\n".join(self.outline.text[s:e] for s, e in self.regions)

    def _range(self, within: Span | None) -> tuple[int, int]:
        if within is None:
            return 0, len(self.squeezed)
        return bisect.bisect_left(self.where, within[0]), bisect.bisect_left(self.where, within[1])

    def _span(self, i: int, j: int) -> Span:
        return self.where[i], self.where[j - 1] + 1

    def locate(self, text: str, within: Span | None = None) -> Span | None:
        """Where ``text`` occurs in the section (first occurrence), or None.

        Args:
            text: a string the model copied from the section.
            within: look only inside this span of the source.
        """
        needle = squeeze(text)
        lo, hi = self._range(within)
        i = self.squeezed.find(needle, lo, hi) if needle else -1
        return self._span(i, i + len(needle)) if i >= 0 else None

    def align_measure(self, text: str) -> Span | None:
        """The span of a measure's text: found verbatim, else the segmenter's item that
        it matches with char-F1 ≥ :data:`MIN_ALIGNMENT`; the list marker left out."""
        span = self.locate(text)
        if span is None:
            scored = [(char_f1(self.outline.text[s:e], text), (s, e)) for s, e in self.candidates]
            best = max(scored, default=(0.0, None))
            if best[0] < MIN_ALIGNMENT:
                return None
            span = best[1]
        marker = _MARKER.match(self.outline.view, span[0], span[1])
        start = marker.end() if marker else span[0]
        while start < span[1] and self.outline.view[start].isspace():
            start += 1
        return (start, span[1]) if start < span[1] else span

    def metric_spans(self, value: int | float, unit: str, within: Span) -> list[Span]:
        """Every span of ``value`` + ``unit`` inside ``within``, in text order.

        ``余``/``多`` may stand between number and unit (100余家): that is the qualifier.
        Plain string search, not a regex per figure: a run asks about thousands of
        different figures and would thrash the regex cache.
        """
        unit = squeeze(unit)
        lo, hi = self._range(within)
        text = self.squeezed
        found = set()
        for form in number_forms(value):
            i = text.find(form, lo, hi)
            while i >= 0:
                end = i + len(form)
                if end < hi and text[end] in QUALIFIERS_AFTER:
                    end += 1
                if (i == 0 or text[i - 1] not in _NUMBER_CHARS) and text.startswith(unit, end, hi):
                    found.add(self._span(i, end + len(unit)))
                i = text.find(form, i + 1, hi)
        return sorted(found)

    def documents(self, within: Span) -> list[str]:
        """The squeezed 《》 titles written inside ``within``."""
        start, end = within
        return [squeeze(title) for title, _, _ in book_titles(self.outline.text[start:end])]

    @cached_property
    def dates(self) -> set:
        """Every date written in the notice (yearless ones resolved as the contract says)."""
        return {d.value for d in find_dates(self.outline.view)}

    @cached_property
    def rounds(self) -> set[int]:
        """Every round written in the notice (第四轮, 第4轮): a group's number
        (第二巡察组) is no round."""
        return {cn_to_int(m.group(1)) for m in _ROUND.finditer(self.outline.view)}


@dataclass
class OutlineLines:
    """The outline ask's "section": one numbered line per top-level part, its heading
    (cut to its first words) and a summary of its shape (:func:`pipeline.segment.parts.describe_shape`),
    so the ask costs a few dozen tokens a part.

    Args:
        outline: the segmented notice; its ``sections`` are the parts.
    """

    outline: Outline
    width: int = 30  # characters of each heading that the model sees

    @property
    def text(self) -> str:
        lines = []
        for n, (section, shape) in enumerate(zip(self.outline.sections, self.outline.part_roles.shapes), 1):
            # The view: full-width forms made plain, Markdown markup blanked.
            words = " ".join(self.outline.view[slice(*section.heading)].split())
            cut = words if len(words) <= self.width else words[:self.width] + "…"
            lines.append(f"[{n}] {cut} — {describe_shape(shape)}")
        return "\n".join(lines)
