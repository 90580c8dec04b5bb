"""The outline: notice text -> sections, problems and measures with spans (:func:`segment`).

Works on texts with and without line breaks (many sites publish a notice as one line
with paragraphs separated by spaces). All matching is done on :func:`pipeline.language.text.view`,
which has the source's length, so every span points into the source text.

The outline is found in three steps:

1. the closing contact paragraph and the signature are cut off the end
   (:func:`pipeline.segment.tail.find_tail`);
2. :func:`pipeline.segment.markers.find_headings` finds the markers: top-level parts ``一、…`` (or bare headings
   such as 整改落实情况) and, inside each part, every list marker (``(一)``, ``1.``,
   ``(1)``, ``①``, ``问题1:``, inline ``一是``) numbered in sequence, with its span and
   depth -- exact, and no meaning yet;
3. :func:`pipeline.segment.roles.rule_roles` gives each marker a role (:data:`ROLES`): parts by their heading
   words, shape and place (:func:`pipeline.segment.parts.choose`, which also says how sure it
   is), markers inside a problems part by how their families nest (a family
   whose items group problems is the area level, the next the problem level, the first
   family inside a problem its measures). :func:`segment` builds the outline from that
   role table -- or from any other, e.g. a model's, checked with :func:`check_roles`.
   Ledgers (``问题N:``/``1.问题:``), tables (tab-separated rows) and unnumbered 关于…问题
   paragraphs keep parsers of their own inside a problems part (:mod:`pipeline.segment.blocks`).

The view and the tail are computed once, by :func:`segment`, and handed to each step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.language import lexicon
from pipeline.language.text import Span, mask_quotes, strip_span, view
from pipeline.segment.blocks import (
    PROBLEM_LABEL, ProblemBlock, body_measures, ledger_block, table_ledger, unnumbered_problems,
)
from pipeline.segment.markers import (
    Heading, blank_markup, block_heading, headings_in, item_spans, marker_of, nonempty, skip_blanks,
)
from pipeline.segment.parts import PartRoles, choose
from pipeline.segment.roles import SECTION_KIND, next_part, part_end, roles_and_part_roles
from pipeline.segment.tail import find_tail

_NEXT_PARAGRAPH = re.compile(rf"(?:^|\n|(?<=[。!?])\s+)\s*(?={lexicon.NEXT_STEPS_OPENER}[,:])")
_PARAGRAPH_BREAK = re.compile(r"(?<=[。!?;])\s+|\n\s*")


@dataclass
class Section:
    kind: str  # organization | problems | next_steps | contact | other (an overview)
    heading: Span  # the heading text without its 一、 marker
    span: Span  # the whole section, heading included
    body: Span  # the section without its heading


@dataclass
class Outline:
    """Everything the rule extractors need to know about where things are."""

    text: str
    sections: list[Section]
    preamble: Span  # text before the first section (or the first problem)
    organization: list[Span]  # organisation measures' text spans
    problems: list[ProblemBlock]
    next_steps: Span | None
    closing: Span | None  # contact paragraph(s)
    signer: Span | None  # the signature's name line (the issuer), when there is one
    signed_on: Span | None  # the signature's date
    summary_regions: list[Span]  # text about the rectification as a whole

    view: str  # :func:`pipeline.language.text.view` of ``text``
    masked: str = ""  # the view with 《》 and “” contents hidden
    headings: list[Heading] = field(default_factory=list)  # every marker (:func:`find_headings`)
    roles: list[str] = field(default_factory=list)  # one role per heading, the outline built from them
    # The rules' choice of part roles and how sure it is (kept when another table is given).
    part_roles: PartRoles = field(default_factory=lambda: choose("", []))
    # The body: from the opening (the text before the first part, or the first problem, or
    # else the first paragraph) to the contact lines or signature.
    body: Span = (0, 0)

    def __post_init__(self) -> None:
        self.masked = mask_quotes(self.view)


def segment(text: str, roles: list[str] | None = None, kinds: tuple[str, ...] | None = None) -> Outline:
    """Split a notice into an outline, built from a role table.

    Args:
        text: the decoded source text (line endings already ``\\n``).
        roles: one role per :func:`find_headings` heading; None for :func:`rule_roles`.
            Check a foreign table with :func:`check_roles` first.
        kinds: one of :data:`pipeline.segment.parts.KINDS` per top-level part (e.g. a model's), the
            roles inside each part then as the rules read them; None for the rules' choice.

    Returns:
        The :class:`Outline`; parts the text lacks are empty or None.

    Raises:
        ValueError: ``roles`` does not give one role per heading, or ``kinds`` one kind
            per part.
    """
    # The view and the tail are read once here and handed to every step.
    v = blank_markup(view(text))
    tail = find_tail(v)
    headings = headings_in(v, tail.end)
    rules, chosen = roles_and_part_roles(v, headings, tail.end, kinds)
    if roles is None:
        roles = rules
    elif len(roles) != len(headings):
        raise ValueError(f"{len(roles)} roles for {len(headings)} headings")
    parts = [i for i, h in enumerate(headings) if h.depth == 0]
    ends = [part_end(headings, parts, n, tail.end) for n in range(len(parts))]
    sections = [Section(SECTION_KIND.get(roles[i], "other"), headings[i].heading, (headings[i].span[0], stop),
                        (headings[i].heading[1], stop)) for i, stop in zip(parts, ends)]
    found = _Found(closing=tail.closing)
    if parts:
        _read_parts(v, headings, roles, parts, sections, found)
    else:
        found.problems = _role_problems(v, 0, tail.end, list(range(len(headings))), headings, roles, None)
        found.next_steps = _next_steps_paragraph(v, found.problems[-1]) if found.problems else None
    preamble_end = sections[0].span[0] if sections else found.problems[0].span[0] if found.problems else tail.end
    # With neither parts nor problems the whole text is the preamble the header is read
    # from; the body then starts after the opening paragraph.
    body_start = preamble_end if sections or found.problems else _after_opening(v, tail.end)
    next_steps = found.next_steps
    return Outline(
        text=text,
        view=v,
        sections=sections,
        preamble=(0, preamble_end),
        organization=found.organization,
        problems=found.problems,
        next_steps=next_steps if next_steps and next_steps[0] < next_steps[1] else None,
        closing=found.closing,
        signer=tail.signer,
        signed_on=tail.signed_on,
        summary_regions=[(0, preamble_end)] + found.summary_regions,
        headings=headings,
        roles=list(roles),
        part_roles=chosen,
        body=(min(body_start, tail.end), tail.end),
    )


def _after_opening(v: str, end: int) -> int:
    """Where the opening paragraph ends (``end`` when it runs to there)."""
    opening = _PARAGRAPH_BREAK.search(v, 0, end)
    return opening.end() if opening else end


@dataclass
class _Found:
    """What the parts hold, gathered part by part (see :func:`_read_parts`)."""

    closing: Span | None
    organization: list[Span] = field(default_factory=list)
    problems: list[ProblemBlock] = field(default_factory=list)
    next_steps: Span | None = None
    summary_regions: list[Span] = field(default_factory=list)  # after the preamble's


def _read_parts(v: str, headings: list[Heading], roles: list[str], parts: list[int], sections: list[Section],
                found: _Found) -> None:
    """Read each part by its role: organisation measures, problems, next steps or contact
    lines, into ``found``; the overview and organisation parts and each problem part's lead
    text are summary regions."""
    position = 0
    for n, (i, section) in enumerate(zip(parts, sections)):
        inside = list(range(i + 1, next_part(headings, parts, n)))
        role = roles[i]
        if role in ("organization_part", "other"):
            found.organization += _organization_items(v, headings, roles, inside, section, role)
            found.summary_regions.append(section.body)
        elif role == "next_steps":
            found.next_steps = strip_span(v, *section.body)
        elif role == "contact":
            found.closing = found.closing or strip_span(v, *section.span)
        else:
            position += 1
            if role == "problem":
                measures = [marker_of(headings[j]) for j in inside if roles[j] == "measure"]
                problems = [ProblemBlock(position, section.heading, None, section.span,
                                         body_measures(v, *section.body, measures))]
            else:
                category = section.heading if role == "problem_area" else None
                problems = _role_problems(v, *section.body, inside, headings, roles, category)
            if problems:
                found.summary_regions.append((section.body[0], problems[0].span[0]))
                cut = _next_steps_paragraph(v, problems[-1])
                if cut is not None and found.next_steps is None:
                    found.next_steps = cut
            found.problems.extend(problems)


def _organization_items(v: str, headings: list[Heading], roles: list[str], inside: list[int], section: Section,
                        role: str) -> list[Span]:
    """The organisation measures of an organisation part or an overview (``role`` other)."""
    # Marked items are the measures (an unmarked lead paragraph before them is not one, as
    # in the sample); with no items, each paragraph of an organisation part is, while an
    # overview only states figures.
    marked = [j for j in inside if roles[j] == "organization_item"]
    if not marked and role == "organization_part":
        marked = [j for j in inside if roles[j] == "measure"]
    items = item_spans(v, [marker_of(headings[j]) for j in marked], section.body[1])
    if not items and role == "organization_part":
        items = _paragraphs(v, *section.body)
    return items


def _role_problems(v: str, start: int, end: int, ids: list[int], headings: list[Heading],
                   roles: list[str], category: Span | None) -> list[ProblemBlock]:
    """The problems of one region as the role table has them.

    A ``problem_area`` heading is the category of the problems after it, up to the next
    marker of its own family; a ``problem`` runs to the next problem or area, its
    measures are the ``measure`` markers in its body. Tables, ledgers and unnumbered
    关于…问题 paragraphs are read by their own parsers.
    """
    table = table_ledger(v, start, end, category)
    if table:
        return table
    bounds = [i for i in ids if roles[i] in ("problem", "problem_area")]
    if not bounds:
        return unnumbered_problems(v, start, end, category)
    measures_of: dict[int, list[Marker]] = {}  # problem id -> its measure markers
    owner = None
    for i in ids:
        if roles[i] in ("problem", "problem_area"):
            owner = i
        elif roles[i] == "measure" and owner is not None:
            measures_of.setdefault(owner, []).append(marker_of(headings[i]))
    blocks, area_family, outer = [], None, category
    for n, i in enumerate(bounds):
        h = headings[i]
        stop = headings[bounds[n + 1]].span[0] if n + 1 < len(bounds) else end
        heading = strip_span(v, *block_heading(v, h, stop))
        if roles[i] == "problem_area":
            category, area_family = heading, h.family
            continue
        if h.family == area_family:  # an area that is itself one problem ends the one before
            category, area_family = outer, None
        label = PROBLEM_LABEL.match(v, skip_blanks(v, h.heading[0]), stop)
        if h.family == "ledger" or label:
            blocks.append(ledger_block(v, marker_of(h), stop, category, label.end() if label else h.heading[0]))
            continue
        h_end = block_heading(v, h, stop)[1]
        measures = [mk for mk in measures_of.get(i, []) if h_end <= mk.start]
        blocks.append(ProblemBlock(h.number, heading, category, strip_span(v, h.span[0], stop),
                                   body_measures(v, h_end, stop, measures)))
    return blocks


def _paragraphs(v: str, start: int, end: int) -> list[Span]:
    """Paragraphs: split at line breaks and at spaces after a sentence end."""
    spans, at = [], start
    for m in _PARAGRAPH_BREAK.finditer(v, start, end):
        spans += nonempty(v, at, m.start())
        at = m.end()
    return spans + nonempty(v, at, end)


def _next_steps_paragraph(v: str, last: ProblemBlock) -> Span | None:
    """A ``下一步,…`` paragraph after the last problem, when no section holds it.

    It is cut off the last problem (and its last measure) so it is not taken for one.
    """
    start, end = last.span
    paragraphs = list(_NEXT_PARAGRAPH.finditer(v, start, end))
    m = paragraphs[-1] if paragraphs else None
    if m is None or not last.measures or m.end() <= last.measures[-1][0]:
        return None
    cut = m.end()
    last.span = strip_span(v, start, cut)
    last.measures[-1] = strip_span(v, last.measures[-1][0], cut)
    return strip_span(v, cut, end)
