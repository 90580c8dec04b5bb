"""Roles: what each heading is (:data:`ROLES`), as the rules read it, and the check of any
role table (a model's) against how the headings nest.

Parts get their role from :func:`pipeline.segment.parts.choose` (heading words, shape and
place); markers inside a problems part by how their families nest (a family whose items
group problems is the area level, the next the problem level, the first family inside a
problem its measures).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from pipeline.language import lexicon
from pipeline.language.text import view
from pipeline.segment.blocks import ABOUT_HEADING, PROBLEM_LABEL, measure_regions, table_ledger
from pipeline.segment.markers import Heading, blank_markup, block_heading, skip_blanks
from pipeline.segment.parts import Part, PartRoles, choose
from pipeline.segment.tail import find_tail

# Every role a heading may have, in one list: with the kind of
# :class:`pipeline.segment.outline.Section` a part (depth 0) of that role makes, None for the
# roles only ever given below a part.
_SECTION_OF_ROLE: dict[str, str | None] = {
    "organization_part": "organization",  # a part telling how the rectification was organised
    "organization_item": None,  # one organisation measure
    "problems_part": "problems",  # a part holding the fed-back problems
    "problem_area": "problems",  # a heading grouping problems (their category); at depth 0 a part that does
    "problem": "problems",  # one fed-back problem; at depth 0 a part that is one problem
    "measure": None,  # one rectification measure of the problem (or organisation item) above it
    "next_steps": "next_steps",  # the part on what comes next
    "contact": "contact",  # a part giving contact details
    "other": "other",  # a part or marker with none of these roles (an overview part, a sub-point)
}
ROLES: tuple[str, ...] = tuple(_SECTION_OF_ROLE)
# The roles a part may have, and the kind of section each makes.
SECTION_KIND = {role: kind for role, kind in _SECTION_OF_ROLE.items() if kind is not None}
_PROBLEM_PART_ROLES = {role for role, kind in SECTION_KIND.items() if kind == "problems"}

# A section that is itself one problem: 二、关于“X”问题的整改情况 (not a 方面 group).
_PROBLEM_SECTION = re.compile(rf"^{lexicon.ABOUT}(?!.*{lexicon.AREA}).{{2,80}}{lexicon.PROBLEM}")
_CATEGORY_HEADING = re.compile(rf"{lexicon.AREA}[:。]?$|^{lexicon.AREA_IN}.{{0,40}}{lexicon.AREA}")
_GROUP_HEADING = re.compile(rf"{lexicon.AREA}|^{lexicon.ABOUT}")
# A nested item that names a problem (…问题。) makes the list above it a category.
_NAMES_PROBLEM = re.compile(rf"{lexicon.PROBLEM}[。:]?$")


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
        headings: :func:`pipeline.segment.markers.find_headings` of ``text``.

    Returns:
        One role from :data:`ROLES` per heading.
    """
    v = blank_markup(view(text))
    return roles_and_part_roles(v, headings, find_tail(v).end)[0]


def roles_and_part_roles(v: str, headings: list[Heading], end: int,
                         kinds: tuple[str, ...] | None = None) -> tuple[list[str], PartRoles]:
    """:func:`rule_roles`, with the part roles it chose; with ``kinds``, the roles inside
    the parts of those kinds."""
    roles = ["other"] * len(headings)
    parts = [i for i, h in enumerate(headings) if h.depth == 0]
    if kinds is not None and len(kinds) != len(parts):
        raise ValueError(f"{len(kinds)} part kinds for {len(parts)} parts")
    chosen = choose(v, [Part(headings[i].heading, (headings[i].span[0], part_end(headings, parts, n, end)),
                             tuple((h.family, h.depth, h.heading) for h in headings[i + 1:next_part(headings, parts, n)]))
                        for n, i in enumerate(parts)])
    if not parts:
        _problem_roles(v, 0, end, list(range(len(headings))), headings, roles)
        return roles, chosen
    kinds = kinds or chosen.kinds
    grouped = kinds.count("problems") > 1
    for n, (i, kind) in enumerate(zip(parts, kinds)):
        inside = list(range(i + 1, next_part(headings, parts, n)))
        part = headings[i]
        stop = part_end(headings, parts, n, end)
        heading = v[slice(*part.heading)]
        if kind in ("organization", "overview"):
            roles[i] = "organization_part" if kind == "organization" else "other"
            for j in _first_family([headings[j] for j in inside], inside):
                roles[j] = "organization_item"
        elif kind == "next_steps":
            roles[i] = "next_steps"
        elif grouped and _PROBLEM_SECTION.match(heading):
            roles[i] = "problem"
            _measure_roles(v, part.heading[1], stop, inside, headings, roles)
        else:
            roles[i] = "problem_area" if grouped and _GROUP_HEADING.search(heading) else "problems_part"
            _problem_roles(v, part.heading[1], stop, inside, headings, roles)
    return roles, chosen


def next_part(headings: list[Heading], parts: list[int], n: int) -> int:
    """The heading number after part ``n``'s markers (the next part, or the end)."""
    return parts[n + 1] if n + 1 < len(parts) else len(headings)


def part_end(headings: list[Heading], parts: list[int], n: int, end: int) -> int:
    """Where part ``n`` ends: at the next part's heading, or at ``end``."""
    stop = next_part(headings, parts, n)
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
    (一是…, (1)…); an area with no items below it is one problem. The next family are the
    problems; when one family numbers both problems and their measures, only the items that
    read as problem headings (关于…问题) are problems.
    A problem's measures are the first list family in its body (or in each part of a
    labelled body, see :func:`measure_regions`); tables, ledgers (问题N:, 1.问题:) and
    unnumbered 关于…问题 paragraphs are read by their own parsers.
    """
    if table_ledger(v, start, end, None):
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
        return v[slice(*block_heading(v, headings[i], end))]

    category_family = None
    if len(families) >= 2 and _groups_problems(ids, blocks, families, headings, heading_of):
        category_family = families.pop(0)
    if "ledger" in families:
        problem_family, measure_family = "ledger", None
    else:
        problem_family = families[0]
        measure_family = families[1] if len(families) > 1 else None

    headed = [i for i in blocks if headings[i].family == problem_family
              and ABOUT_HEADING.match(heading_of(i).replace("\n", "").lstrip())]
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
        h_end = block_heading(v, headings[i], stop)[1]
        body = [j for j in ids if h_end <= headings[j].span[0] < stop]
        if headings[i].family == "ledger" or PROBLEM_LABEL.match(v, skip_blanks(v, headings[i].heading[0]), stop):
            continue  # a ledger entry's measures are read from its text (see ledger_block)
        subs = [j for j in body if j in demoted] or [j for j in body if headings[j].family == measure_family]
        candidates = sorted(subs + [j for j in inline if j in body]) if subs else body
        _measure_roles(v, h_end, stop, candidates, headings, roles)


def _groups_problems(ids: list[int], blocks: list[int], families: list[str], headings: list[Heading],
                     heading_of: Callable[[int], str]) -> bool:
    """Whether the first of ``families`` (two or more) groups the problems: its first heading
    names a 方面, or most items of the next family name a problem or hold lists of their own."""
    first = [i for i in blocks if headings[i].family == families[0]]
    nested = [i for i in blocks if headings[i].family == families[1]]
    names_problems = sum(bool(_NAMES_PROBLEM.search(heading_of(i))) for i in nested)
    with_lists = sum(_holds_list(i, ids, headings) for i in nested)
    return bool(_CATEGORY_HEADING.search(heading_of(first[0])) or 2 * names_problems >= len(nested)
                or 2 * with_lists > len(nested))


def _measure_roles(v: str, start: int, end: int, ids: list[int], headings: list[Heading],
                   roles: list[str]) -> None:
    """In each of a body's :func:`measure_regions`, the first list family of ``ids`` are
    its measures."""
    for s, e in measure_regions(v, start, end):
        inside = [j for j in ids if s <= headings[j].span[0] < e]
        for j in _first_family([headings[j] for j in inside], inside):
            roles[j] = "measure"


def _holds_list(i: int, ids: list[int], headings: list[Heading]) -> bool:
    """Whether the marker after heading ``i`` is of a family ranked below its own (a list
    of its own: 一是…, (1)…)."""
    # ids are a run of consecutive heading numbers: the marker after i is i + 1.
    return i + 1 <= ids[-1] and headings[i + 1].depth > headings[i].depth


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
            if role not in SECTION_KIND:
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
