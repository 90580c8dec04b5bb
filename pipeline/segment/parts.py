"""Part roles: which top-level part organises the rectification, which holds the problems,
which plans what comes next -- read from each part's shape and place, not only its heading.

Many notices name their parts with slogans (二、坚持真刀真枪，一项一项抓、一件一件改) that
say none of 领导/问题/下一步. So every part is measured (:class:`Shape`): what its heading
says, where it stands, how deep its lists nest, how many 一是 items it holds, how much of
the body it takes, how much of it plans and how much reports work done. Each role a part
could have gets plain, named evidence from that (:func:`evidence`); every candidate table
of part roles in reading order (overview or organisation parts, then problem parts, then at
most one next-steps part) is scored as the sum of its parts' evidence, and the best wins.

How sure the choice is: the candidates' scores are turned into shares of one
(``exp(2 * score)`` over the sum for all tables), and the winner's share is the confidence.
A runner-up close behind gives a low confidence, and the part they differ on is named.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.language import lexicon
from pipeline.language.text import Span, cue_pattern


# The part kinds are the roles the outline ask names (the lexicon renders their meanings into
# the prompt): one list, so the prompt, the answer schema and the scoring cannot drift apart.
KINDS = tuple(lexicon.PART_ROLE_MEANINGS)
# Under this confidence the choice is a close call: a warning names the part, and the LLM
# backend asks the model for the part roles.
CLOSE_CALL = 0.8
# A model's part roles are taken on a close call only when the shape finds them plausible:
# a table whose weight is under this share of the chosen one's is refused.
PLAUSIBLE = 0.1
# How much a point of evidence weighs in the confidence: a table that leads its only rival
# by one point (one plain shape signal, e.g. "flat list") gets exp(2) / (1 + exp(2)) = 0.88.
SHARPNESS = 2.0

_HEADING_KINDS = tuple(
    (kind, re.compile(f"(?!{cue_pattern(lexicon.NOT_PART_HEADING_WORDS)})(?:{cue_pattern(words)})"))
    for kind, words in lexicon.PART_HEADING_WORDS.items()
)
_SENTENCE_ENDS = ("。", ";", "!", "?", "\n")
_SAMPLE = 2000  # characters of a part its rates are read on
# A figure: a digit before a unit (or 万/亿); the unit's first character is enough here, and
# a class is found several times faster than the whole unit list at every digit.
_FIGURE_STARTS = {u[0] for u in lexicon.UNITS} | set(lexicon.MAGNITUDES)
_FIGURE = re.compile("[0-9](?=[" + re.escape("".join(sorted(_FIGURE_STARTS))) + "])")
_NAMES_PROBLEM = re.compile(f"{lexicon.ABOUT}.{{1,60}}{lexicon.PROBLEM}|{lexicon.PROBLEM}[。:]?$"
                            f"|(?:{cue_pattern(lexicon.PROBLEM_WORDS)})$")


@dataclass(frozen=True)
class Part:
    """A top-level part as the segmenter found it.

    Attributes:
        heading: the heading text's span, marker excluded.
        span: the whole part, heading included, up to the next part or the body's end.
        markers: ``(family, depth, heading)`` of every list marker inside it, in text
            order (depth: the family's rank by first appearance in the part; heading: the
            span of the marker's heading text).
    """

    heading: Span
    span: Span
    markers: tuple[tuple[str, int, Span], ...]


@dataclass(frozen=True)
class Shape:
    """What a part holds, measured (see the module docstring)."""

    words: str | None  # the kind its heading words name (lexicon.PART_HEADING_WORDS), if any
    first: bool
    last: bool
    nested: bool  # its items hold lists of their own (areas -> items -> 一是), or two families nest
    inline: int  # 一是 markers below its items (not the items themselves)
    items: int  # markers of its first list family
    named: float  # share of those whose heading names a problem (关于…问题, …问题。)
    share: float  # its share of the body's characters, relative to the largest part's
    plans: float  # plan words (持续, 进一步, 将 …) per sentence, at most 1
    done: float  # words reporting work done (已, 累计 …) per sentence, at most 1
    figures: float  # figures (a number with a unit) per sentence, at most 1


def shape(v: str, part: Part, position: int, count: int, largest: int) -> Shape:
    """Measure one part.

    Args:
        v: the matching view of the text.
        part: the part.
        position, count: its place among the ``count`` parts (from 0).
        largest: the length of the largest part, for the relative share.
    """
    heading = v[slice(*part.heading)]
    words = next((kind for kind, rx in _HEADING_KINDS if rx.search(heading)), None)
    families = [f for f, _, _ in part.markers]
    blocks = [d for f, d, _ in part.markers if f != "inline"]
    first = families[0] if families else None
    items = sum(f == first for f in families)
    holders = sum(1 for (f, d, _), (_, after, _) in zip(part.markers, part.markers[1:]) if f == first and after > d)
    named = sum(1 for f, _, h in part.markers if f == first and _NAMES_PROBLEM.search(v, *h))
    # A ledger's problems (问题1:…) carry their measures in labelled text, not in a list.
    nested = "ledger" in families or bool(blocks) and (max(blocks) >= 2 or (items > 0 and 2 * holders > items))
    # Rates are read on the part's first characters: enough for a share, and a long part
    # (the problems, two thirds of a notice) then costs no more than a short one.
    body = v[part.heading[1]:min(part.span[1], part.heading[1] + _SAMPLE)]
    # Counted in C (str.count; a regex scan cost 3 times more, a pass per sentence 10): a
    # rate per sentence, capped at 1, stands for the share of sentences.
    sentences = max(1, sum(body.count(end) for end in _SENTENCE_ENDS) + (body.rstrip()[-1:] not in _SENTENCE_ENDS))

    def rate(found: int) -> float:
        return min(1.0, found / sentences)

    return Shape(
        words=words,
        first=position == 0,
        last=position == count - 1,
        nested=nested,
        inline=families.count("inline") if first != "inline" else 0,
        items=items,
        named=named / max(items, 1),
        share=(part.span[1] - part.span[0]) / max(largest, 1),
        plans=rate(sum(body.count(word) for word in lexicon.PLAN_WORDS)),
        done=rate(sum(body.count(word) for word in lexicon.DONE_REPORT_WORDS)),
        figures=rate(len(_FIGURE.findall(body))),
    )


def describe_shape(s: Shape) -> str:
    """One line on a part's shape, for the model's outline ask (a few tokens a part)."""
    lists = ("no list" if not s.items and not s.inline
             else f"{s.items} items, {'nested' if s.nested else 'flat'}, {s.inline} 一是 items under them")
    place = "first" if s.first else "last" if s.last else "middle"
    return (f"{place} part; {lists}; size {s.share:.0%} of the largest part; how much of it plans ahead "
            f"{s.plans:.0%}, reports work done {s.done:.0%}, states figures {s.figures:.0%}")


def evidence(s: Shape, kind: str) -> list[tuple[str, float]]:
    """The named reasons for and against ``kind`` for a part of shape ``s``.

    Heading words weigh most, since a label means what it says; shape decides between
    parts whose headings are silent, and can outweigh a weak word (落实, 进展).
    """
    found: list[tuple[str, float]] = []
    if s.words == kind:
        found.append(("heading names it", 4.0))
    elif s.words == "weak_problems" and kind in ("problems", "organization"):
        found.append(("heading speaks of carrying out", 1.0))
    elif s.words is not None and s.words != "weak_problems":
        found.append((f"heading names {s.words}", -2.0))
    if kind == "overview":
        if s.words != kind:
            found.append(("overviews are labelled", -3.0))
        if not s.items and not s.inline:
            found.append(("no list", 1.0))
            found.append(("states figures", 3.0 * s.figures))
    elif kind == "organization":
        if s.first:
            found.append(("first part", 1.0))
        if s.items:
            found.append(("nested lists", -1.5) if s.nested else ("flat list", 1.0))
        found.append(("relative size", -1.0 * s.share))
        found.append(("states figures", -1.5 * s.figures))
        if s.named:
            found.append(("items name problems", -3.0 * s.named))
    elif kind == "problems":
        found.append(("relative size", 2.5 * s.share))
        if s.nested:
            found.append(("nested lists", 1.5))
        if s.named:
            found.append(("items name problems", 3.0 * s.named))
        if s.inline >= 2:
            found.append(("一是 items", 1.0))
        elif not s.nested:
            found.append(("no nested list", -1.5))
        found.append(("plans", -2.0 * s.plans))
    elif kind == "next_steps":
        if s.last:
            found.append(("last part", 1.5))
        else:
            found.append(("not last", -3.0))
        found.append(("plans", 3.0 * s.plans))
        found.append(("reports work done", -2.0 * s.done))
        found.append(("relative size", -1.0 * s.share))
    return found


def score(s: Shape, kind: str) -> float:
    """The sum of :func:`evidence`."""
    return sum(weight for _, weight in evidence(s, kind))


def role_tables(count: int) -> Iterator[tuple[str, ...]]:
    """Every candidate table of ``count`` part kinds in reading order: overview or
    organisation parts, then problem parts, then at most one next-steps part."""
    for lead, problems in itertools.product(range(count + 1), repeat=2):
        rest = count - lead - problems
        if rest not in (0, 1):
            continue
        for head in itertools.product(("overview", "organization"), repeat=lead):
            yield head + ("problems",) * problems + ("next_steps",) * rest


def _prior(table: tuple[str, ...]) -> float:
    """A notice answers fed-back problems: a table without a problems part starts behind."""
    return 0.0 if "problems" in table else -2.0


@dataclass(frozen=True)
class PartRoles:
    """The chosen table and how sure it is.

    Attributes:
        kinds: one of :data:`KINDS` per part.
        confidence: the winner's share of the candidates' weight (1.0 with no parts).
        runner_up: the best other table (None with no parts).
        scores: every candidate table with its score, best first.
        shapes: each part's :class:`Shape`.
    """

    kinds: tuple[str, ...]
    confidence: float
    runner_up: tuple[str, ...] | None
    scores: list[tuple[tuple[str, ...], float]]
    shapes: list[Shape]

    def weight(self, table: tuple[str, ...]) -> float:
        """How plausible ``table`` is beside the chosen one: ``exp(2 * (its score - the
        best))``, 1 for the chosen table, 0 for a table that is no candidate."""
        score = dict(self.scores).get(tuple(table))
        return 0.0 if score is None else math.exp(SHARPNESS * (score - self.scores[0][1]))

    @property
    def close_calls(self) -> list[int]:
        """The parts (from 0) the winner and the runner-up disagree on, when the
        confidence is under :data:`CLOSE_CALL`."""
        if self.runner_up is None or self.confidence >= CLOSE_CALL:
            return []
        return [n for n, (a, b) in enumerate(zip(self.kinds, self.runner_up)) if a != b]


def choose(v: str, parts: list[Part]) -> PartRoles:
    """Score every candidate table for the parts and pick the best.

    Args:
        v: the matching view of the text.
        parts: the top-level parts in text order.

    Returns:
        The :class:`PartRoles`; ties go to the table listed first by :func:`role_tables`.
    """
    if not parts:
        return PartRoles((), 1.0, None, [], [])
    largest = max(p.span[1] - p.span[0] for p in parts)
    shapes = [shape(v, p, n, len(parts), largest) for n, p in enumerate(parts)]
    by_kind = [{kind: score(s, kind) for kind in KINDS} for s in shapes]
    scored = sorted(((table, sum(k[kind] for k, kind in zip(by_kind, table)) + _prior(table))
                     for table in role_tables(len(parts))), key=lambda ts: -ts[1])
    best = scored[0][1]
    weight = sum(math.exp(SHARPNESS * (s - best)) for _, s in scored)
    return PartRoles(scored[0][0], round(1 / weight, 3), scored[1][0] if len(scored) > 1 else None, scored, shapes)
