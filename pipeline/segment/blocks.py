"""Problem blocks read from their own text: tables, ledger entries, unnumbered 关于…问题
paragraphs, and the measures in a problem's body.

A problems part whose problems are not numbered list items keeps a parser of its own here:
a table (tab-separated rows under a header naming the problem column), a ledger
(``问题N:…``, ``1.问题:…``) or paragraphs opening with 关于…问题. A problem body's measures
are its list items, or in a labelled body (整改措施:, 整改情况:) the items after each label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.language import lexicon
from pipeline.language.text import Span, cell_spans, cue_pattern, strip_span
from pipeline.segment.markers import Marker, heading_end, item_spans, list_items, nonempty

# A heading that names a problem; paragraphs opening with one are problems even unnumbered.
ABOUT_HEADING = re.compile(rf"{lexicon.ABOUT}[^。\n]{{2,60}}?{lexicon.PROBLEM}")
_ABOUT = re.compile(r"(?<![^\s])" + ABOUT_HEADING.pattern)
# Labelled problem bodies: the 整改措施: text and what follows 整改情况:/整改进展: are the
# measures; anything else before the progress label restates the problem.
_PROGRESS_LABEL = re.compile(
    rf"(?:{'|'.join(lexicon.PROGRESS_LABEL_VERBS)})(?:{'|'.join(lexicon.PROGRESS_LABEL_NOUNS)})[:]"
)
_PLAN_LABEL = re.compile(rf"(?:{lexicon.PLAN_LABEL_QUALIFIER})?{lexicon.PLAN_LABEL}[:]")
# A numbered problem given as a labelled statement: 1.问题:…  / 1.存在问题:…
PROBLEM_LABEL = re.compile(rf"(?:{'|'.join(lexicon.PROBLEM_LABEL_QUALIFIERS)})?{lexicon.PROBLEM}[:]")
# Tables: a tab-separated header row naming the problem column, and numbered rows.
_TABLE_HEADER = re.compile(
    rf"(?m)^[^\n]*{lexicon.PROBLEM}[^\n]*\t[^\n]*(?:{'|'.join(lexicon.LEDGER_HEADER_OTHERS)})[^\n]*$"
)
_TABLE_ROW = re.compile(r"(?m)^([0-9]{1,3})\t[^\n]*$")
_PROBLEM_COLUMN = re.compile(cue_pattern(lexicon.LEDGER_COLUMNS["problem"]))
_MEASURES_COLUMN = re.compile(cue_pattern(lexicon.LEDGER_COLUMNS["measures"]))
_PROGRESS_COLUMN = re.compile(cue_pattern(lexicon.LEDGER_COLUMNS["progress"]))


@dataclass
class ProblemBlock:
    index: int
    heading: Span  # the heading as written (title source), marker excluded
    category: Span | None
    span: Span  # the whole block, marker included
    measures: list[Span] = field(default_factory=list)
    ledger: bool = False


def table_ledger(v: str, start: int, end: int, category: Span | None) -> list[ProblemBlock]:
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


def unnumbered_problems(v: str, start: int, end: int, category: Span | None) -> list[ProblemBlock]:
    """Problems that carry no number: each paragraph opening with 关于…问题 is one."""
    heads = list(_ABOUT.finditer(v, start, end))
    blocks = []
    for i, m in enumerate(heads):
        stop = heads[i + 1].start() if i + 1 < len(heads) else end
        h_end = heading_end(v, m.start(), stop)
        blocks.append(ProblemBlock(i + 1, strip_span(v, m.start(), h_end), category,
                                   strip_span(v, m.start(), stop), body_measures(v, h_end, stop)))
    return blocks


def measure_regions(v: str, start: int, end: int) -> list[Span]:
    """Where a problem body's measures are: the whole body, or in a labelled body the
    整改措施: text and what follows the progress label (整改情况:); anything else before
    that label (巡察指出:…) restates the problem and is no measure."""
    progress = _PROGRESS_LABEL.search(v, start, end)
    if progress is None:
        plan = _PLAN_LABEL.match(v, *strip_span(v, start, end))
        return [(plan.end() if plan else start, end)]
    plan = _PLAN_LABEL.search(v, start, progress.start())
    return ([(plan.end(), progress.start())] if plan else []) + [(progress.end(), end)]


def body_measures(v: str, start: int, end: int, markers: list[Marker] | None = None) -> list[Span]:
    """Measures of a problem body: in each of its :func:`measure_regions`, the items of
    the given measure markers (None: of the first list family found there), else the
    whole region as one measure."""
    spans = []
    for s, e in measure_regions(v, start, end):
        if markers is None:
            items = list_items(v, s, e)
        else:
            items = item_spans(v, [mk for mk in markers if s <= mk.start < e], e)
        spans += items or nonempty(v, s, e)
    return spans


def _items_or_whole(v: str, start: int, end: int) -> list[Span]:
    return list_items(v, start, end) or nonempty(v, start, end)


def ledger_block(v: str, mk: Marker, stop: int, category: Span | None, start: int) -> ProblemBlock:
    """A ledger entry (``问题N:…。整改情况:…``, ``1.问题:…``) whose statement starts at
    ``start``: the title is the statement up to its first 。."""
    period = v.find("。", start, stop)
    h_end = period if period != -1 else heading_end(v, start, stop)
    body_start = h_end + 1 if period != -1 else h_end
    return ProblemBlock(
        mk.number,
        strip_span(v, start, h_end),
        category,
        strip_span(v, mk.start, stop),
        body_measures(v, body_start, stop),
        ledger=True,
    )
