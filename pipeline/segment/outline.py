"""Segmentation: notice text -> outline of sections, problems and measures with spans.

Works on texts with and without line breaks (many sites publish a notice as one line
with paragraphs separated by spaces). All matching is done on :func:`pipeline.language.text.view`,
which has the source's length, so every span points into the source text.

The outline is found in three steps:

1. the closing contact paragraph and the signature are cut off the end;
2. :func:`find_headings` finds the markers: top-level parts ``一、…`` (or bare headings
   such as 整改落实情况) and, inside each part, every list marker (``(一)``, ``1.``,
   ``(1)``, ``①``, ``问题1:``, inline ``一是``) numbered in sequence, with its span and
   depth -- exact, and no meaning yet;
3. :func:`rule_roles` gives each marker a role (:data:`ROLES`): parts by their heading
   words, shape and place (:func:`pipeline.segment.parts.choose`, which also says how sure it
   is), markers inside a problems part by how their families nest (a family
   whose items group problems is the area level, the next the problem level, the first
   family inside a problem its measures). :func:`segment` builds the outline from that
   role table -- or from any other, e.g. a model's, checked with :func:`check_roles`.
   Ledgers (``问题N:``/``1.问题:``), tables (tab-separated rows) and unnumbered 关于…问题
   paragraphs keep parsers of their own inside a problems part.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.language import lexicon
from pipeline.language.dates import FULL_DATE
from pipeline.segment.parts import Part, PartRoles, choose
from pipeline.language.text import CN_NUM, cell_spans, cn_to_int, cue_pattern, mask_quotes, strip_span, view

Span = tuple[int, int]

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

_CLOSING_CUES = re.compile(
    rf"{lexicon.WELCOME}[^。]{{0,40}}?(?:{'|'.join(lexicon.WELCOMED)})"
    rf"|{lexicon.IF_ANY}(?:{'|'.join(lexicon.IF_ANY_AFTER)})[^。]{{0,20}}(?:{'|'.join(lexicon.VIEWS)})"
    rf"|{lexicon.CONTACT}(?:{'|'.join(lexicon.CONTACT_BY)})[:\s]|{'|'.join(lexicon.CLOSING_LABELS)}"
)
_DATE_AT_END = re.compile(FULL_DATE)
# What may follow the signature: page numbers of a copied PDF (— 3 —) and the credits
# lines of a web or WeChat article (来源: / 编辑: …).
_TRAILING_CHROME = re.compile(
    r"(?:\n[ \t]*(?:[—-]+[ \t]*[0-9]{1,3}[ \t]*[—-]+"
    rf"|(?:{'|'.join(lexicon.CREDIT_LABELS)})[:][^\n]*)[ \t]*)+\s*$"
)
# A heading wrapped by a hard line break just before the end of its wrapper (…严重”问 / 题的整改。).
_WRAPPER_CONTINUES = re.compile(rf"[{lexicon.WRAPPED_HEADING_CHARS}]{{1,8}}[。:]")
_SIGNATURE_NAME = re.compile(r"[^0-9\s。:;,]{2,40}")
_HEADING_END = re.compile(r"[。\n:]|\s")
_NEXT_PARAGRAPH = re.compile(rf"(?:^|\n|(?<=[。!?])\s+)\s*(?={lexicon.NEXT_STEPS_OPENER}[,:])")

# Unnumbered section headings, each a paragraph of its own.
_BARE_HEADING = re.compile(rf"(?<![^\s])(?:{'|'.join(lexicon.BARE_HEADINGS)})(?=\s)")
_PARAGRAPH_BREAK = re.compile(r"(?<=[。!?;])\s+|\n\s*")
# A section that is itself one problem: 二、关于“X”问题的整改情况 (not a 方面 group).
_PROBLEM_SECTION = re.compile(rf"^{lexicon.ABOUT}(?!.*{lexicon.AREA}).{{2,80}}{lexicon.PROBLEM_NOUN}")
# A heading that names a problem; paragraphs opening with one are problems even unnumbered.
_ABOUT_HEADING = re.compile(rf"{lexicon.ABOUT}[^。\n]{{2,60}}?{lexicon.PROBLEM_NOUN}")
_ABOUT = re.compile(r"(?<![^\s])" + _ABOUT_HEADING.pattern)
_CATEGORY_HEADING = re.compile(rf"{lexicon.AREA}[:。]?$|^{lexicon.AREA_IN}.{{0,40}}{lexicon.AREA}")
_GROUP_HEADING = re.compile(rf"{lexicon.AREA}|^{lexicon.ABOUT}")
# A nested item that names a problem (…问题。) makes the list above it a category.
_NAMES_PROBLEM = re.compile(rf"{lexicon.PROBLEM_NOUN}[。:]?$")
# Labelled problem bodies: the 整改措施: text and what follows 整改情况:/整改进展: are the
# measures; anything else before the progress label restates the problem.
_PROGRESS_LABEL = re.compile(
    rf"(?:{'|'.join(lexicon.PROGRESS_LABEL_VERBS)})(?:{'|'.join(lexicon.PROGRESS_LABEL_NOUNS)})[:]"
)
_PLAN_LABEL = re.compile(rf"(?:{lexicon.PLAN_LABEL_QUALIFIER})?{lexicon.PLAN_LABEL}[:]")
# A numbered problem given as a labelled statement: 1.问题:…  / 1.存在问题:…
_PROBLEM_LABEL = re.compile(rf"(?:{'|'.join(lexicon.PROBLEM_LABEL_QUALIFIERS)})?{lexicon.PROBLEM_NOUN}[:]")
# Tables: a tab-separated header row naming the problem column, and numbered rows.
_TABLE_HEADER = re.compile(
    rf"(?m)^[^\n]*{lexicon.PROBLEM_NOUN}[^\n]*\t[^\n]*(?:{'|'.join(lexicon.LEDGER_HEADER_OTHERS)})[^\n]*$"
)
_TABLE_ROW = re.compile(r"(?m)^([0-9]{1,3})\t[^\n]*$")
_PROBLEM_COLUMN = re.compile(cue_pattern(lexicon.LEDGER_COLUMNS["problem"]))
_MEASURES_COLUMN = re.compile(cue_pattern(lexicon.LEDGER_COLUMNS["measures"]))
_PROGRESS_COLUMN = re.compile(cue_pattern(lexicon.LEDGER_COLUMNS["progress"]))
# Markdown markup is layout, not text: it is blanked in the matching view (same length),
# so headings and bullets parse like plain ones and spans trimmed of blanks exclude it.
_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}|[-*+>])[ \t]+|\*\*|__|`|!\[[^\]\n]*\]\([^)\n]*\)")


ROLES: tuple[str, ...] = (
    "organization_part",  # a part telling how the rectification was organised
    "organization_item",  # one organisation measure
    "problems_part",  # a part holding the fed-back problems
    "problem_area",  # a heading grouping problems (their category); at depth 0 a part that does
    "problem",  # one fed-back problem; at depth 0 a part that is one problem
    "measure",  # one rectification measure of the problem (or organisation item) above it
    "next_steps",  # the part on what comes next
    "contact",  # a part giving contact details
    "other",  # a part or marker with none of these roles (an overview part, a sub-point)
)
_PART_ROLES = {"organization_part", "problems_part", "problem_area", "problem", "next_steps", "contact", "other"}
_PROBLEM_PART_ROLES = {"problems_part", "problem_area", "problem"}
_SECTION_KIND = {"organization_part": "organization", "problems_part": "problems", "problem_area": "problems",
                 "problem": "problems", "next_steps": "next_steps", "contact": "contact", "other": "other"}


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


@dataclass
class Section:
    kind: str  # organization | problems | next_steps | contact | other (an overview)
    heading: Span  # the heading text without its 一、 marker
    span: Span  # the whole section, heading included
    body: Span  # the section without its heading


@dataclass
class ProblemBlock:
    index: int
    heading: Span  # the heading as written (title source), marker excluded
    category: Span | None
    span: Span  # the whole block, marker included
    measures: list[Span] = field(default_factory=list)
    ledger: bool = False


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


def _blank_markup(v: str) -> str:
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
    v = _blank_markup(view(text))
    return _find_headings(v, _find_tail(v)[0])


def _find_headings(v: str, end: int) -> list[Heading]:
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
            h_end = _heading_end(v, mk.body, markers[i + 1].start if i + 1 < len(markers) else stop)
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
        h_end = _heading_end(v, body, stop)
        parts.append(Heading(family, number, 0, (s, h_end), (body, h_end)))
    return parts


def _marker(h: Heading) -> Marker:
    return Marker(h.family, h.number, h.span[0], h.heading[0])


def rule_roles(text: str, headings: list[Heading]) -> list[str]:
    """The rules' role for each heading (step two), from what the part headings say and
    how the markers nest.

    Parts: an overview (its figures; role ``other``), organisation, problems or next steps,
    as :func:`pipeline.segment.parts.choose` reads them from their heading words, shape and place.
    With several problem parts, each is a group of problems (``problem_area``) or one problem.
    Inside a problem part, see :func:`_problem_roles`; inside an organisation part or an
    overview, the first list family are the ``organization_item``.

    Args:
        text: the decoded source text.
        headings: :func:`find_headings` of ``text``.

    Returns:
        One role from :data:`ROLES` per heading.
    """
    v = _blank_markup(view(text))
    return _rule_roles(v, headings, _find_tail(v)[0])[0]


def _rule_roles(v: str, headings: list[Heading], end: int,
                kinds: tuple[str, ...] | None = None) -> tuple[list[str], PartRoles]:
    """:func:`rule_roles`, with the part roles it chose; with ``kinds``, the roles inside
    the parts of those kinds."""
    roles = ["other"] * len(headings)
    parts = [i for i, h in enumerate(headings) if h.depth == 0]
    if kinds is not None and len(kinds) != len(parts):
        raise ValueError(f"{len(kinds)} part kinds for {len(parts)} parts")
    chosen = choose(v, [Part(headings[i].heading, (headings[i].span[0], _part_end(headings, parts, n, end)),
                             tuple((h.family, h.depth, h.heading) for h in headings[i + 1:_next_part(headings, parts, n)]))
                        for n, i in enumerate(parts)])
    if not parts:
        _problem_roles(v, 0, end, list(range(len(headings))), headings, roles)
        return roles, chosen
    kinds = kinds or chosen.kinds
    grouped = kinds.count("problems") > 1
    for n, (i, kind) in enumerate(zip(parts, kinds)):
        inside = list(range(i + 1, _next_part(headings, parts, n)))
        part = headings[i]
        part_end = _part_end(headings, parts, n, end)
        heading = v[slice(*part.heading)]
        if kind in ("organization", "overview"):
            roles[i] = "organization_part" if kind == "organization" else "other"
            for j in _first_family([headings[j] for j in inside], inside):
                roles[j] = "organization_item"
        elif kind == "next_steps":
            roles[i] = "next_steps"
        elif grouped and _PROBLEM_SECTION.match(heading):
            roles[i] = "problem"
            _measure_roles(v, part.heading[1], part_end, inside, headings, roles)
        else:
            roles[i] = "problem_area" if grouped and _GROUP_HEADING.search(heading) else "problems_part"
            _problem_roles(v, part.heading[1], part_end, inside, headings, roles)
    return roles, chosen


def _next_part(headings: list[Heading], parts: list[int], n: int) -> int:
    """The heading number after part ``n``'s markers (the next part, or the end)."""
    return parts[n + 1] if n + 1 < len(parts) else len(headings)


def _part_end(headings: list[Heading], parts: list[int], n: int, end: int) -> int:
    """Where part ``n`` ends: at the next part's heading, or at ``end``."""
    stop = _next_part(headings, parts, n)
    return headings[stop].span[0] if stop < len(headings) else end


def _first_family(markers: list[Heading], ids: list[int]) -> list[int]:
    """The ids of the list family that comes first (a list's sub-points are in its items)."""
    if not markers:
        return []
    first = markers[0].family
    return [i for i, h in zip(ids, markers) if h.family == first]


def _problem_roles(v: str, start: int, end: int, ids: list[int], headings: list[Heading],
                   roles: list[str]) -> None:
    """Roles of the markers of one problem region (``ids``), written into ``roles``.

    List families nest in order of first appearance. The first family groups the problems
    (``problem_area``) when its headings name a 方面, when most items of the next family
    name a problem (…问题。), or when most items of the next family hold lists of their own
    (一是…, (1)…); an area with no items below it is one problem. The next family are the problems; when one family numbers both problems and
    their measures, only the items that read as problem headings (关于…问题) are problems.
    A problem's measures are the first list family in its body (or in each part of a
    labelled body, see :func:`_measure_regions`); tables, ledgers (问题N:, 1.问题:) and
    unnumbered 关于…问题 paragraphs are read by their own parsers.
    """
    if _table_ledger(v, start, end, None):
        return
    blocks = [i for i in ids if headings[i].family != "inline"]
    inline = [i for i in ids if headings[i].family == "inline"]
    families = list(dict.fromkeys(headings[i].family for i in blocks))
    if not families:
        for i in inline:
            roles[i] = "measure"
        return

    @functools.cache  # each heading is read up to three times below
    def heading_of(i: int) -> str:
        return v[slice(*_block_heading(v, headings[i], end))]

    category_family = None
    if len(families) >= 2:
        first = [i for i in blocks if headings[i].family == families[0]]
        nested = [i for i in blocks if headings[i].family == families[1]]
        names_problems = sum(bool(_NAMES_PROBLEM.search(heading_of(i))) for i in nested)
        with_lists = sum(_holds_list(i, ids, headings) for i in nested)
        if (_CATEGORY_HEADING.search(heading_of(first[0])) or 2 * names_problems >= len(nested)
                or 2 * with_lists > len(nested)):
            category_family = families.pop(0)
    if "ledger" in families:
        problem_family, measure_family = "ledger", None
    else:
        problem_family = families[0]
        measure_family = families[1] if len(families) > 1 else None

    headed = [i for i in blocks if headings[i].family == problem_family
              and _ABOUT_HEADING.match(heading_of(i).replace("\n", "").lstrip())]
    demoted = {i for i in blocks if headings[i].family == problem_family} - set(headed)
    if not headed or not demoted:
        demoted = set()
    bounds = [i for i in blocks if headings[i].family == category_family
              or (headings[i].family == problem_family and i not in demoted)]
    for n, i in enumerate(bounds):
        stop = headings[bounds[n + 1]].span[0] if n + 1 < len(bounds) else end
        if headings[i].family == category_family:
            if n + 1 < len(bounds) and headings[bounds[n + 1]].family != category_family:
                roles[i] = "problem_area"
                continue
            # An area with no problem numbered under it is itself one problem.
        roles[i] = "problem"
        h_end = _block_heading(v, headings[i], stop)[1]
        body = [j for j in ids if h_end <= headings[j].span[0] < stop]
        if headings[i].family == "ledger" or _PROBLEM_LABEL.match(v, _skip_blanks(v, headings[i].heading[0]), stop):
            continue  # a ledger entry's measures are read from its text (see _ledger_block)
        subs = [j for j in body if j in demoted] or [j for j in body if headings[j].family == measure_family]
        candidates = sorted(subs + [j for j in inline if j in body]) if subs else body
        _measure_roles(v, h_end, stop, candidates, headings, roles)


def _measure_roles(v: str, start: int, end: int, ids: list[int], headings: list[Heading],
                   roles: list[str]) -> None:
    """In each of a body's :func:`_measure_regions`, the first list family of ``ids`` are
    its measures."""
    for s, e in _measure_regions(v, start, end):
        inside = [j for j in ids if s <= headings[j].span[0] < e]
        for j in _first_family([headings[j] for j in inside], inside):
            roles[j] = "measure"


def _holds_list(i: int, ids: list[int], headings: list[Heading]) -> bool:
    """Whether the marker after heading ``i`` is of a family ranked below its own (a list
    of its own: 一是…, (1)…)."""
    # ids are a run of consecutive heading numbers: the marker after i is i + 1.
    return i + 1 <= ids[-1] and headings[i + 1].depth > headings[i].depth


def _block_heading(v: str, h: Heading, stop: int) -> Span:
    """A block's heading up to ``stop`` (the next block), as the problem parsers read it."""
    return h.heading[0], _heading_end(v, h.heading[0], stop)


def check_roles(headings: list[Heading], roles: list[str]) -> str | None:
    """Whether a role table is consistent with how the headings nest.

    Consistent means: one known role per heading; parts (depth 0) carry part roles
    (``organization_part``, ``problems_part``, ``problem_area``, ``problem``,
    ``next_steps``, ``contact``, ``other``) and ``organization_part``, ``problems_part``,
    ``next_steps`` and ``contact`` are only given to parts; an ``organization_item`` sits in
    an organisation part (or an ``other`` one); a ``problem`` or ``problem_area`` does not
    sit in an organisation, next-steps or contact part; a ``measure`` sits under a
    ``problem`` (a part that is one, or a problem marker before it in its part) or in an
    organisation part.

    Args:
        headings: :func:`find_headings` of a text.
        roles: the role table to check.

    Returns:
        None when consistent, else why not (``heading 7: problem inside organization_part``).
    """
    if len(roles) != len(headings):
        return f"{len(roles)} roles for {len(headings)} headings"
    part, under_problem = None, False
    for i, (h, role) in enumerate(zip(headings, roles)):
        if role not in ROLES:
            return f"heading {i}: unknown role {role!r}"
        if h.depth == 0:
            if role not in _PART_ROLES:
                return f"heading {i}: {role} is not a part role"
            part, under_problem = role, role == "problem"
            continue
        if role in ("organization_part", "problems_part", "next_steps", "contact"):
            return f"heading {i}: {role} below a part"
        if role == "organization_item" and part not in ("organization_part", "other"):
            return f"heading {i}: organization_item inside {part}"
        if role in ("problem", "problem_area") and part not in (None, *_PROBLEM_PART_ROLES):
            return f"heading {i}: {role} inside {part}"
        if role == "measure" and not (under_problem or part == "organization_part"):
            return f"heading {i}: measure under no problem"
        if role == "problem":
            under_problem = True
        elif role == "problem_area":
            under_problem = part == "problem"
    return None


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
    v = _blank_markup(view(text))
    end_of_body, closing, signer, signed_on = _find_tail(v)
    headings = _find_headings(v, end_of_body)
    rules, chosen = _rule_roles(v, headings, end_of_body, kinds)
    if roles is None:
        roles = rules
    elif len(roles) != len(headings):
        raise ValueError(f"{len(roles)} roles for {len(headings)} headings")
    parts = [i for i, h in enumerate(headings) if h.depth == 0]
    ends = [_part_end(headings, parts, n, end_of_body) for n in range(len(parts))]
    sections = [Section(_SECTION_KIND.get(roles[i], "other"), headings[i].heading, (headings[i].span[0], stop),
                        (headings[i].heading[1], stop)) for i, stop in zip(parts, ends)]
    preamble_end = sections[0].span[0] if sections else end_of_body

    organization: list[Span] = []
    problems: list[ProblemBlock] = []
    next_steps: Span | None = None
    summary_regions = [(0, preamble_end)]
    if not parts:
        problems = _role_problems(v, 0, end_of_body, list(range(len(headings))), headings, roles, None)
        next_steps = _next_steps_paragraph(v, problems[-1]) if problems else None
    position = 0
    for n, i in enumerate(parts):
        stop = parts[n + 1] if n + 1 < len(parts) else len(headings)
        inside = list(range(i + 1, stop))
        role, section = roles[i], sections[n]
        if role in ("organization_part", "other"):
            # Marked items are the measures (an unmarked lead paragraph before them is
            # not one, as in the sample); with no items, each paragraph of an
            # organisation part is, while an overview only states figures.
            marked = [j for j in inside if roles[j] == "organization_item"]
            if not marked and role == "organization_part":
                marked = [j for j in inside if roles[j] == "measure"]
            items = _items(v, [_marker(headings[j]) for j in marked], section.body[1])
            if not items and role == "organization_part":
                items = _paragraphs(v, *section.body)
            organization += items
            summary_regions.append(section.body)
        elif role == "next_steps":
            next_steps = strip_span(v, *section.body)
        elif role == "contact":
            closing = closing or strip_span(v, *section.span)
        else:
            position += 1
            if role == "problem":
                measures = [_marker(headings[j]) for j in inside if roles[j] == "measure"]
                found = [ProblemBlock(position, section.heading, None, section.span,
                                      _body_measures(v, *section.body, measures))]
            else:
                category = section.heading if role == "problem_area" else None
                found = _role_problems(v, *section.body, inside, headings, roles, category)
            if found:
                summary_regions.append((section.body[0], found[0].span[0]))
                cut = _next_steps_paragraph(v, found[-1])
                if cut is not None and next_steps is None:
                    next_steps = cut
            problems.extend(found)
    if not sections and problems:
        preamble_end = problems[0].span[0]
        summary_regions = [(0, preamble_end)]
    # With neither parts nor problems the whole text is the preamble the header is read
    # from; the body then starts after the opening paragraph.
    body_start = preamble_end
    if not sections and not problems:
        opening = _PARAGRAPH_BREAK.search(v, 0, end_of_body)
        body_start = opening.end() if opening else end_of_body
    return Outline(
        text=text,
        view=v,
        sections=sections,
        preamble=(0, preamble_end),
        organization=organization,
        problems=problems,
        next_steps=next_steps if next_steps and next_steps[0] < next_steps[1] else None,
        closing=closing,
        signer=signer,
        signed_on=signed_on,
        summary_regions=summary_regions,
        headings=headings,
        roles=list(roles),
        part_roles=chosen,
        body=(min(body_start, end_of_body), end_of_body),
    )


def _role_problems(v: str, start: int, end: int, ids: list[int], headings: list[Heading],
                   roles: list[str], category: Span | None) -> list[ProblemBlock]:
    """The problems of one region as the role table has them.

    A ``problem_area`` heading is the category of the problems after it, up to the next
    marker of its own family; a ``problem`` runs to the next problem or area, its
    measures are the ``measure`` markers in its body. Tables, ledgers and unnumbered
    关于…问题 paragraphs are read by their own parsers.
    """
    table = _table_ledger(v, start, end, category)
    if table:
        return table
    bounds = [i for i in ids if roles[i] in ("problem", "problem_area")]
    if not bounds:
        return _unnumbered(v, start, end, category)
    measures_of: dict[int, list[Marker]] = {}  # problem id -> its measure markers
    owner = None
    for i in ids:
        if roles[i] in ("problem", "problem_area"):
            owner = i
        elif roles[i] == "measure" and owner is not None:
            measures_of.setdefault(owner, []).append(_marker(headings[i]))
    blocks, area_family, outer = [], None, category
    for n, i in enumerate(bounds):
        h = headings[i]
        stop = headings[bounds[n + 1]].span[0] if n + 1 < len(bounds) else end
        heading = strip_span(v, *_block_heading(v, h, stop))
        if roles[i] == "problem_area":
            category, area_family = heading, h.family
            continue
        if h.family == area_family:  # an area that is itself one problem ends the one before
            category, area_family = outer, None
        label = _PROBLEM_LABEL.match(v, _skip_blanks(v, h.heading[0]), stop)
        if h.family == "ledger" or label:
            blocks.append(_ledger_block(v, _marker(h), stop, category, label.end() if label else h.heading[0]))
            continue
        h_end = _block_heading(v, h, stop)[1]
        measures = [mk for mk in measures_of.get(i, []) if h_end <= mk.start]
        blocks.append(ProblemBlock(h.number, heading, category, strip_span(v, h.span[0], stop),
                                   _body_measures(v, h_end, stop, measures)))
    return blocks


def _find_tail(v: str) -> tuple[int, Span | None, Span | None, Span | None]:
    """Find the closing contact paragraph and the signature at the end of the text.

    Returns:
        (end of the body, closing span, signer's name span, signature date span); the
        spans are None when the text has no such part.
    """
    # Trailing chrome (see _TRAILING_CHROME) and a table-border bar are no signature.
    chrome = _TRAILING_CHROME.search(v, max(0, len(v) - 400))
    end = len(v[:chrome.start() if chrome else len(v)].rstrip(" \n\t|"))
    signer = signed_on = None
    tail_start = max(0, end - 120)
    dates = list(_DATE_AT_END.finditer(v, tail_start, end))
    if dates and not v[dates[-1].end():end].strip(" \n\t|"):
        date = dates[-1]
        line_start = v.rfind("\n", 0, date.start()) + 1
        issuer_start = line_start
        if not v[line_start:date.start()].strip():
            # Date on its own line: the issuer is the name line above it (blank lines
            # skipped); with two bodies signing (党组 over 局), the first of them.
            for _ in range(2):
                above_end = len(v[:issuer_start].rstrip())
                above = v.rfind("\n", 0, above_end) + 1
                if not _SIGNATURE_NAME.fullmatch(v[above:above_end].strip()):
                    break
                issuer_start = above
        else:
            # Issuer and date on one line, perhaps after the closing text of a
            # one-line notice: the issuer follows the last sentence end.
            issuer_start = v.rfind("。", line_start, date.start()) + 1 or line_start
        signed_on = date.span()
        name = strip_span(v, issuer_start, date.start())
        # Only the first line names the body (a second would be a co-signer's).
        line_end = v.find("\n", name[0], name[1])
        name = strip_span(v, name[0], line_end if line_end != -1 else name[1])
        signer = name if name[0] < name[1] else None
        end = issuer_start
    search_from = max(0, end - 800)
    cue = _CLOSING_CUES.search(v, search_from, end)
    closing = None
    if cue:
        sentence = max(v.rfind(c, search_from, cue.start()) for c in "。\n")
        start = sentence + 1 if sentence >= search_from else cue.start()
        closing = strip_span(v, start, end)
        end = start
    return end, closing, signer, signed_on


def _paragraphs(v: str, start: int, end: int) -> list[Span]:
    """Paragraphs: split at line breaks and at spaces after a sentence end."""
    spans, at = [], start
    for m in _PARAGRAPH_BREAK.finditer(v, start, end):
        spans += _nonempty(v, at, m.start())
        at = m.end()
    return spans + _nonempty(v, at, end)


def _skip_blanks(v: str, start: int) -> int:
    while start < len(v) and v[start] in " \t":
        start += 1
    return start


def _heading_end(v: str, start: int, stop: int, limit: int = 60) -> int:
    """Where a heading that starts at ``start`` ends: its 。 (kept), a colon, a line end
    or a space (one-line notices separate paragraphs with spaces)."""
    start = min(_skip_blanks(v, start), stop)
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


def _items(v: str, markers: list[Marker], end: int) -> list[Span]:
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


def _list_items(v: str, start: int, end: int) -> list[Span]:
    """Items of the first list family in a region (inline 一是 lists included)."""
    markers = sorted(_markers(v, start, end) + _inline(v, start, end), key=lambda mk: mk.start)
    return _items(v, [mk for mk in markers if mk.family == markers[0].family], end) if markers else []


def _nonempty(v: str, start: int, end: int) -> list[Span]:
    span = strip_span(v, start, end)
    return [span] if span[0] < span[1] else []


def _table_ledger(v: str, start: int, end: int, category: Span | None) -> list[ProblemBlock]:
    """Problems in a table (HTML tables arrive as tab-separated lines).

    A header row names the columns (序号 | 反馈问题 | 整改措施 | 整改进展); each row
    whose first cell is a number is a problem. As in a labelled ledger, the measures are the
    measures cell (整改措施) and then the progress cell (整改进展/完成情况).
    """
    header = _TABLE_HEADER.search(v, start, end)
    if header is None:
        return []
    columns = v[header.start():header.end()].split("\t")
    problem_col = next((i for i, c in enumerate(columns) if _PROBLEM_COLUMN.search(c)), None)
    progress_col = next((i for i, c in enumerate(columns) if _PROGRESS_COLUMN.search(c)), None)
    measures_col = next((i for i, c in enumerate(columns) if _MEASURES_COLUMN.search(c)), None)
    if problem_col is None or (progress_col is None and measures_col is None):
        return []
    blocks = []
    for row in _TABLE_ROW.finditer(v, header.end(), end):
        cells = cell_spans(v, row.start(), row.end())
        if len(cells) != len(columns):
            continue
        title_start, title_end = cells[problem_col]
        period = v.find("。", title_start, title_end)
        heading = strip_span(v, title_start, period if period != -1 else title_end)
        measures = [span for col in (measures_col, progress_col) if col is not None
                    for span in _items_or_whole(v, *cells[col])]
        blocks.append(ProblemBlock(int(row.group(1)), heading, category, (row.start(), row.end()), measures,
                                   ledger=True))
    return blocks


def _unnumbered(v: str, start: int, end: int, category: Span | None) -> list[ProblemBlock]:
    """Problems that carry no number: each paragraph opening with 关于…问题 is one."""
    heads = list(_ABOUT.finditer(v, start, end))
    blocks = []
    for i, m in enumerate(heads):
        stop = heads[i + 1].start() if i + 1 < len(heads) else end
        h_end = _heading_end(v, m.start(), stop)
        blocks.append(ProblemBlock(i + 1, strip_span(v, m.start(), h_end), category,
                                   strip_span(v, m.start(), stop), _body_measures(v, h_end, stop)))
    return blocks


def _measure_regions(v: str, start: int, end: int) -> list[Span]:
    """Where a problem body's measures are: the whole body, or in a labelled body the
    整改措施: text and what follows the progress label (整改情况:); anything else before
    that label (巡察指出:…) restates the problem and is no measure."""
    progress = _PROGRESS_LABEL.search(v, start, end)
    if progress is None:
        plan = _PLAN_LABEL.match(v, *strip_span(v, start, end))
        return [(plan.end() if plan else start, end)]
    plan = _PLAN_LABEL.search(v, start, progress.start())
    return ([(plan.end(), progress.start())] if plan else []) + [(progress.end(), end)]


def _body_measures(v: str, start: int, end: int, markers: list[Marker] | None = None) -> list[Span]:
    """Measures of a problem body: in each of its :func:`_measure_regions`, the items of
    the given measure markers (None: of the first list family found there), else the
    whole region as one measure."""
    spans = []
    for s, e in _measure_regions(v, start, end):
        if markers is None:
            items = _list_items(v, s, e)
        else:
            items = _items(v, [mk for mk in markers if s <= mk.start < e], e)
        spans += items or _nonempty(v, s, e)
    return spans


def _items_or_whole(v: str, start: int, end: int) -> list[Span]:
    return _list_items(v, start, end) or _nonempty(v, start, end)


def _ledger_block(v: str, mk: Marker, stop: int, category: Span | None, start: int) -> ProblemBlock:
    """A ledger entry (``问题N:…。整改情况:…``, ``1.问题:…``) whose statement starts at
    ``start``: the title is the statement up to its first 。."""
    period = v.find("。", start, stop)
    h_end = period if period != -1 else _heading_end(v, start, stop)
    body_start = h_end + 1 if period != -1 else h_end
    return ProblemBlock(
        mk.number,
        strip_span(v, start, h_end),
        category,
        strip_span(v, mk.start, stop),
        _body_measures(v, body_start, stop),
        ledger=True,
    )


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
