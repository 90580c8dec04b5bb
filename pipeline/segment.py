"""Segmentation: notice text -> outline of sections, problems and measures with spans.

Works on texts with and without line breaks (many sites publish a notice as one line
with paragraphs separated by spaces). All matching is done on :func:`pipeline.text.view`,
which has the source's length, so every span points into the source text.

The outline is found in three passes:

1. the closing contact paragraph and the signature are cut off the end;
2. top-level sections ``一、…`` (or bare headings such as 整改落实情况) are classified
   by their headings (organisation, overview, problems, next steps);
3. inside the problems region, list markers are grouped by family (``(一)``, ``1.``,
   ``(1)``, ``①``, ``问题1:``); families nest in order of first appearance, a family
   whose items are group headings (…方面) is the category level, and the family whose
   items read as problem headings is the problem level. Inline ``一是…二是…`` lists are
   measures wherever they occur; ledgers (``问题N:``/``1.问题:``) and tables (tab-separated
   rows) have parsers of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import FULL_DATE
from .text import CN_NUM, cell_spans, cn_to_int, mask_quotes, strip_span, view

Span = tuple[int, int]

# A list marker counts only at a block boundary: text start, whitespace (paragraphs in
# one-line notices are separated by spaces) or the end of a sentence.
_AT_BOUNDARY = r"(?<![^\s。;:!?])"
_SECTION = re.compile(rf"(?=[{CN_NUM}])" + _AT_BOUNDARY + rf"([{CN_NUM}]{{1,3}})(?:、|\.(?!\d))")
# One pattern for every block family (one pass is several times faster than five);
# the named group that matched is the family.
_BLOCK = re.compile(
    r"(?=[(\d①-⑳问])" + _AT_BOUNDARY + r"(?:"
    rf"\((?P<paren_cn>[{CN_NUM}]{{1,3}})\)"
    # 1.5亿元 is a number, but 2.2024年以来… is item 2 opening on a year.
    r"|(?P<dot>\d{1,2})(?:\.(?!\d)|\.(?=(?:19|20)\d{2}年)|、)"
    r"|\((?P<paren_num>\d{1,2})\)"
    r"|(?P<circled>[①-⑳])"
    rf"|问题(?P<ledger>[{CN_NUM}]{{1,3}}|\d{{1,2}})[:.、])"
)
# 一是/二是 also follows a comma: "针对该问题,一是…".
_INLINE = re.compile(rf"(?=[{CN_NUM}]{{1,3}}是)(?<![^\s。;:!?,])" + rf"([{CN_NUM}]{{1,3}})是(?![否非])")

_CLOSING_CUES = re.compile(
    r"欢迎[^。]{0,40}?(?:监督|批评|意见)|如(?:有|对)[^。]{0,20}(?:意见建议|意见和建议)"
    r"|联系(?:电话|方式)[:\s]|电子邮箱|通信地址|通讯地址|邮政信箱|来信请寄|监督举报电话"
)
_DATE_AT_END = re.compile(FULL_DATE)
# What may follow the signature: page numbers of a copied PDF (— 3 —) and the credits
# lines of a web or WeChat article (来源: / 编辑: …).
_TRAILING_CHROME = re.compile(
    r"(?:\n[ \t]*(?:[—-]+[ \t]*\d{1,3}[ \t]*[—-]+"
    r"|(?:来源|编辑|责任编辑|审核|作者|校对|审校|初审|终审|排版|供稿|摄影)[:][^\n]*)[ \t]*)+\s*$"
)
# A heading wrapped by a hard line break just before the end of its wrapper (…严重”问 / 题的整改。).
_WRAPPER_CONTINUES = re.compile(r"[问题的整改方面情况落实]{1,8}[。:]")
_SIGNATURE_NAME = re.compile(r"[^\d\s。:;,]{2,40}")
_HEADING_END = re.compile(r"[。\n:]|\s")
_NEXT_PARAGRAPH = re.compile(r"(?:^|\n|(?<=[。!?])\s+)\s*(?=下一步[,:])")

# Unnumbered section headings, each a paragraph of its own.
_BARE_HEADING = re.compile(
    r"(?<![^\s])(?:整改工作(?:组织|开展|推进)?情况|组织领导情况|(?:巡[察视])?反馈(?:意见|问题)(?:的)?整改(?:落实)?情况"
    r"|整改落实情况|下一步(?:工作)?(?:打算|安排|措施|计划)|今后工作打算)(?=\s)"
)
_PARAGRAPH_BREAK = re.compile(r"(?<=[。!?;])\s+|\n\s*")
# Problems are checked before organisation: "关于“党的领导弱化”方面问题" names 领导.
_SECTION_KINDS = (
    ("next_steps", re.compile(r"下一步|下步|今后|打算|工作安排|工作计划")),
    # An overview (整改工作总体情况) states figures; only marked items in it are measures.
    ("overview", re.compile(r"总体|基本情况")),
    ("problems", re.compile(r"问题|落实|整改情况|反馈意见|进展|方面|关于")),
    ("organization", re.compile(r"组织|开展情况|领导|工作情况")),
)
# A section that is itself one problem: 二、关于“X”问题的整改情况 (not a 方面 group).
_PROBLEM_SECTION = re.compile(r"^关于(?!.*方面).{2,80}问题")
# A heading that names a problem; paragraphs opening with one are problems even unnumbered.
_ABOUT_HEADING = re.compile(r"关于[^。\n]{2,60}?问题")
_ABOUT = re.compile(r"(?<![^\s])" + _ABOUT_HEADING.pattern)
_CATEGORY_HEADING = re.compile(r"方面[:。]?$|^在.{0,40}方面")
_GROUP_HEADING = re.compile(r"方面|^关于")
# A nested item that names a problem (…问题。) makes the list above it a category.
_NAMES_PROBLEM = re.compile(r"问题[。:]?$")
# Labelled problem bodies: the 整改措施: text and what follows 整改情况:/整改进展: are the
# measures; anything else before the progress label restates the problem.
_PROGRESS_LABEL = re.compile(r"(?:整改|落实|完成)(?:情况|进展|进度|成效|落实情况)[:]")
_PLAN_LABEL = re.compile(r"(?:具体)?整改措施[:]")
# A numbered problem given as a labelled statement: 1.问题:…  / 1.存在问题:…
_PROBLEM_LABEL = re.compile(r"(?:存在|反馈)?问题[:]")
# Tables: a tab-separated header row naming the problem column, and numbered rows.
_TABLE_HEADER = re.compile(r"(?m)^[^\n]*问题[^\n]*\t[^\n]*(?:措施|进展|情况)[^\n]*$")
_TABLE_ROW = re.compile(r"(?m)^(\d{1,3})\t[^\n]*$")
_PROGRESS_COLUMN = re.compile(r"进展|进度|情况|成效|结果")
# Markdown markup is layout, not text: it is blanked in the matching view (same length),
# so headings and bullets parse like plain ones and spans trimmed of blanks exclude it.
_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}|[-*+>])[ \t]+|\*\*|__|`|!\[[^\]\n]*\]\([^)\n]*\)")


@dataclass
class Marker:
    """A list marker found in the text."""

    family: str
    number: int
    start: int  # where the marker starts
    body: int  # where the text after the marker starts


@dataclass
class Section:
    kind: str  # organization | overview | problems | next_steps
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

    view: str  # :func:`pipeline.text.view` of ``text``
    masked: str = ""  # the view with 《》 and “” contents hidden

    def __post_init__(self) -> None:
        self.masked = mask_quotes(self.view)


def _blank_markup(v: str) -> str:
    # Substring checks are much cheaper than a multi-line scan of every notice.
    if not any(mark in v for mark in ("#", "*", "__", "`", "- ", "+ ", "> ", "![")):
        return v
    return _MARKUP.sub(lambda m: " " * len(m.group()), v)


def segment(text: str) -> Outline:
    """Split a notice into an outline.

    Args:
        text: the decoded source text (line endings already ``\\n``).

    Returns:
        The :class:`Outline`; parts the text lacks are empty or None.
    """
    v = _blank_markup(view(text))
    end_of_body, closing, signer, signed_on = _find_tail(v)
    sections = _find_sections(v, 0, end_of_body)
    preamble_end = sections[0].span[0] if sections else end_of_body

    organization: list[Span] = []
    problems: list[ProblemBlock] = []
    next_steps: Span | None = None
    summary_regions = [(0, preamble_end)]
    problem_regions = [s for s in sections if s.kind == "problems"]
    if not sections:
        problem_regions = [Section("problems", (0, 0), (0, end_of_body), (0, end_of_body))]
    for section in sections:
        if section.kind in ("organization", "overview"):
            # Marked items are the measures (an unmarked lead paragraph before them is
            # not one, as in the sample); with no items, each paragraph of an
            # organisation section is, while an overview only states figures.
            items = _list_items(v, *section.body)
            if not items and section.kind == "organization":
                items = _paragraphs(v, *section.body)
            organization = organization or items
            summary_regions.append(section.body)
        elif section.kind == "next_steps":
            next_steps = strip_span(v, *section.body)
    grouped = len(problem_regions) > 1
    for position, section in enumerate(problem_regions, 1):
        heading = v[slice(*section.heading)]
        if grouped and _PROBLEM_SECTION.match(heading):
            found = [ProblemBlock(position, section.heading, None, section.span,
                                  _body_measures(v, *section.body))]
        else:
            # Sections group problems when their headings name a 方面 (or 关于 a topic).
            category = section.heading if grouped and _GROUP_HEADING.search(heading) else None
            found = _problems(v, *section.body, category=category)
        if found:
            summary_regions.append((section.body[0], found[0].span[0]))
            cut = _next_steps_paragraph(v, found[-1])
            if cut is not None and next_steps is None:
                next_steps = cut
        problems.extend(found)
    if not sections and problems:
        preamble_end = problems[0].span[0]
        summary_regions = [(0, preamble_end)]
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
    )


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


def _find_sections(v: str, start: int, end: int) -> list[Section]:
    """Top-level sections: ``一、…`` numbered in sequence from 一, else the usual
    headings standing alone as paragraphs (整改工作组织情况, 整改落实情况, 下一步工作打算)."""
    found: list[tuple[int, int]] = []
    expected = 1
    for m in _SECTION.finditer(v, start, end):
        if cn_to_int(m.group(1)) == expected:
            found.append((m.start(), m.end()))
            expected += 1
    if not found:
        found = [(m.start(), m.start()) for m in _BARE_HEADING.finditer(v, start, end)]
    sections = []
    for i, (s, body) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else end
        h_end = _heading_end(v, body, stop)
        heading = v[body:h_end]
        kind = next((k for k, rx in _SECTION_KINDS if rx.search(heading)), "other")
        sections.append(Section(kind, (body, h_end), (s, stop), (h_end, stop)))
    # A section under a heading of its own words (一、坚决扛起整改责任) tells how the
    # rectification was organised when it comes before the problems, and what comes next
    # (三、巩固提升整改成效) when it comes after them.
    seen_problems = False
    for section in sections:
        seen_problems = seen_problems or section.kind == "problems"
        if section.kind == "other":
            section.kind = "next_steps" if seen_problems else "organization"
    return sections


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


def _list_items(v: str, start: int, end: int, markers: list[Marker] | None = None) -> list[Span]:
    """Items of the first list family in a region (inline 一是 lists included).

    Args:
        markers: the markers already found around the region, to avoid a rescan.
    """
    if markers is None:
        markers = _markers(v, start, end) + _inline(v, start, end)
    else:
        markers = [mk for mk in markers if start <= mk.start < end]
    if not markers:
        return []
    first = min(markers, key=lambda mk: mk.start).family
    return _items(v, [mk for mk in markers if mk.family == first], end)


def _nonempty(v: str, start: int, end: int) -> list[Span]:
    span = strip_span(v, start, end)
    return [span] if span[0] < span[1] else []


def _problems(v: str, start: int, end: int, category: Span | None = None) -> list[ProblemBlock]:
    """The problems of one region, with their categories and measures.

    Args:
        v: the matching view.
        start, end: the region (a problems section's body).
        category: the group heading for every problem here (a section that groups them).
    """
    table = _table_ledger(v, start, end, category)
    if table:
        return table
    markers = _markers(v, start, end)
    families = list(dict.fromkeys(mk.family for mk in markers))
    if not families:
        return _unnumbered(v, start, end, category)
    category_family = None
    if len(families) >= 2:
        first = next(mk for mk in markers if mk.family == families[0])
        nested = [mk for mk in markers if mk.family == families[1]]
        names_problems = sum(bool(_NAMES_PROBLEM.search(v[mk.body:_heading_end(v, mk.body, end)]))
                             for mk in nested)
        if (_CATEGORY_HEADING.search(v[first.body:_heading_end(v, first.body, end)])
                or 2 * names_problems >= len(nested)):
            category_family = families.pop(0)
    if "ledger" in families:
        problem_family, measure_family = "ledger", None
    else:
        problem_family = families[0]
        measure_family = families[1] if len(families) > 1 else None

    # When one family numbers both problems and their measures, only the items that
    # read as problem headings (关于…问题) are problems.
    headed = [mk for mk in markers if mk.family == problem_family
              and _ABOUT_HEADING.match(v[mk.body:_heading_end(v, mk.body, end)].replace("\n", "").lstrip())]
    demoted = {mk.start for mk in markers if mk.family == problem_family} - {mk.start for mk in headed}
    if not headed or not demoted:
        demoted = set()
    inline = _inline(v, start, end)
    body_markers = markers + inline
    blocks: list[ProblemBlock] = []
    bounds = [mk for mk in markers
              if mk.family == category_family or (mk.family == problem_family and mk.start not in demoted)]
    for i, mk in enumerate(bounds):
        stop = bounds[i + 1].start if i + 1 < len(bounds) else end
        h_end = _heading_end(v, mk.body, stop)
        heading = strip_span(v, mk.body, h_end)
        if mk.family == category_family:
            category = heading
            continue
        label = _PROBLEM_LABEL.match(v, _skip_blanks(v, mk.body), stop)
        if mk.family == "ledger" or label:
            blocks.append(_ledger_block(v, mk, stop, category, label.end() if label else mk.body))
            continue
        subs = [s for s in markers if mk.body <= s.start < stop and s.start in demoted]
        subs = subs or [s for s in markers if s.family == measure_family and mk.body <= s.start < stop]
        # An 一是 list that opens the body holds any (1)(2) sub-points inside its items.
        measures = _body_measures(v, h_end, stop, subs + inline if subs else body_markers)
        blocks.append(ProblemBlock(mk.number, heading, category, strip_span(v, mk.start, stop), measures))
    return blocks


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
    problem_col = next((i for i, c in enumerate(columns) if "问题" in c), None)
    progress_col = next((i for i, c in enumerate(columns) if _PROGRESS_COLUMN.search(c)), None)
    measures_col = next((i for i, c in enumerate(columns) if "措施" in c), None)
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


def _body_measures(v: str, start: int, end: int, markers: list[Marker] | None = None) -> list[Span]:
    """Measures of a problem body: its list items, else the whole body as one measure.

    In a labelled body the measures are the 整改措施: text and what follows the
    progress label (整改情况:); anything else before that label (巡察指出:…) restates
    the problem and is no measure.
    """
    progress = _PROGRESS_LABEL.search(v, start, end)
    if progress is None:
        plan = _PLAN_LABEL.match(v, *strip_span(v, start, end))
        return _items_or_whole(v, plan.end() if plan else start, end, markers)
    plan = _PLAN_LABEL.search(v, start, progress.start())
    planned = _items_or_whole(v, plan.end(), progress.start(), markers) if plan else []
    return planned + _items_or_whole(v, progress.end(), end, markers)


def _items_or_whole(v: str, start: int, end: int, markers: list[Marker] | None = None) -> list[Span]:
    return _list_items(v, start, end, markers) or _nonempty(v, start, end)


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
