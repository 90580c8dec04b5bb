"""Notice-level figures that describe the rectification as a whole (contract: Stat)."""

from __future__ import annotations

import re

from pipeline.language import lexicon
from pipeline.language.lexicon import (
    ALL, ALREADY, AMONG, AREA, CASE_FILED, CLUE, IN_TOTAL, KEEP_UP, LONG_TERM, MEASURE, MUST, NEED, OF, PERFECTIVE,
    PROBLEM, PUSH_ON, RULES, RULES_SET_UP, SPECIFIC, TASK, UNDER_WAY,
)
from pipeline.segment import Outline
from pipeline.language.text import cell_spans, cue_pattern

_N = r"([0-9]+(?:\.[0-9]+)?)"
_GAP = r"[^,。;:0-9]{0,8}?"
_DONE = cue_pattern(lexicon.DONE_WORDS)
_UNDONE = cue_pattern(lexicon.UNDONE_WORDS)
_ONGOING = cue_pattern(lexicon.IN_PROGRESS_WORDS)
_ONGOING_STATE = cue_pattern(lexicon.IN_PROGRESS_STATES)
_DISCIPLINE = cue_pattern(lexicon.DISCIPLINE_WORDS)
_PARTLY_DONE = cue_pattern(lexicon.PARTLY_DONE_WORDS)
_RECTIFY = cue_pattern(lexicon.RECTIFICATION_WORDS)
_FEEDBACK = "|".join(lexicon.FEEDBACK_VERBS)
_WORK = "|".join(lexicon.WORK_VERBS)


def _units(counted: str) -> str:
    """The group capturing a figure's unit: the measure words ``counted`` is counted in."""
    return "(" + "|".join(lexicon.STAT_UNITS[counted]) + ")"


_PROBLEMS = _N + _units("problems")
# Order matters: an earlier pattern claims its number first.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("completion_rate", re.compile(cue_pattern(lexicon.COMPLETION_RATE_WORDS) + _GAP + _N + r"(%)")),
    # 7个问题已全部整改完成 after the total was given: all of them are done.
    ("problems_completed", re.compile(_PROBLEMS + f"{PROBLEM}{ALREADY}?{ALL}(?:{_DONE})(?![0-9])")),
    ("problems_total", re.compile(
        "(?:" + "|".join(lexicon.FEEDBACK_VERBS + lexicon.CLUE_VERBS[:1]) + ")" + _GAP + f"(?:{PROBLEM})?"
        + _N + _units("problems_fed_back") + f"(?:{SPECIFIC})?{PROBLEM}?(?!{AREA})")),
    ("problems_total", re.compile(f"(?:{_FEEDBACK})(?:{OF}|{PERFECTIVE})?{PROBLEM}{IN_TOTAL}?" + _PROBLEMS)),
    ("problems_total", re.compile(
        AREA + "[^,。;0-9]{0,4}" + _N + _units("problems_in_areas") + f"(?:{SPECIFIC})?{PROBLEM}")),
    # "7个问题已完成整改4个": the 7 is the total.
    ("problems_total", re.compile(
        _PROBLEMS + f"(?:{SPECIFIC})?{PROBLEM}{AMONG}?,?(?={ALREADY}?(?:{'|'.join(lexicon.DONE_STEMS)})"
        + "[^,。;0-9]{0,4}[0-9])")),
    ("problems_total", re.compile(
        f"{IN_TOTAL}(?:{'|'.join(lexicon.IN_TOTAL_AFTER)})?" + _PROBLEMS + f"(?:{SPECIFIC})?{PROBLEM}")),
    ("problems_in_progress", re.compile(
        f"(?:(?:{_ONGOING})(?:{PUSH_ON})?(?:{_WORK}){UNDER_WAY}?|{_ONGOING_STATE})(?:{PROBLEM})?" + _PROBLEMS)),
    # 未完成N个, 基本完成N个 (before 完成整改N个 claims the number).
    ("problems_in_progress", re.compile(f"(?:{_UNDONE})(?:{_RECTIFY})?(?:{OF})?(?:{PROBLEM})?" + _PROBLEMS)),
    ("other", re.compile(f"(?:{_PARTLY_DONE})(?:{_RECTIFY})?(?:{PROBLEM})?" + _PROBLEMS)),
    ("problems_in_progress", re.compile(
        _PROBLEMS + f"(?:{PROBLEM})?(?:{_ONGOING}|{NEED}{LONG_TERM})" + "[^,。;0-9]{0,6}?"
        + f"(?:{_WORK}|{KEEP_UP})")),
    # 2项需长期坚持: the long-term part of the work (PARTLY_DONE_WORDS), standing alone.
    ("other", re.compile(_PROBLEMS + f"(?:{PROBLEM}|{TASK}|{MEASURE})?(?:{NEED}|{MUST})?(?:{_PARTLY_DONE})")),
    # 已完成整改15个,其余3个取得阶段性成效: the rest are not finished.
    ("problems_in_progress", re.compile(r"(?:" + cue_pattern(lexicon.REMAINDER_WORDS) + ")" + _PROBLEMS)),
    ("problems_completed", re.compile(f"(?:{ALREADY})?(?:{_DONE})(?:{PROBLEM})?" + _PROBLEMS)),
    # "6个问题已完成整改4个": the 6 is the total, the 4 the completed ones.
    ("problems_completed", re.compile(_PROBLEMS + f"(?:{PROBLEM})?(?:{ALREADY})?(?:{ALL})?(?:{_DONE})(?![0-9])")),
    ("rules_established", re.compile(
        r"(?:(?:" + cue_pattern(lexicon.RULE_VERBS) + r")[^,。;0-9]{0,40}?" + f"{RULES}|{RULES_SET_UP})" + _GAP + _N
        + _units("rules_established"))),
    ("funds_recovered", re.compile(
        r"(?:" + cue_pattern(lexicon.FUNDS_VERBS) + r")[^,。;0-9]{0,12}?" + _N + _units("funds_recovered"))),
    ("people_disciplined", re.compile(
        r"(?:" + _DISCIPLINE + r")[^,。;0-9]{0,6}?" + _N + _units("people_disciplined"))),
    ("people_disciplined", re.compile(
        _N + _units("people") + r"[^,。;0-9]{0,8}?(?:" + "|".join(lexicon.SANCTION_VERBS) + r")[^,。;0-9]{0,8}?(?:"
        + _DISCIPLINE + ")")),
    ("people_disciplined", re.compile(
        "(?:" + "|".join(lexicon.GIVE_VERBS) + ")" + _N + _units("people") + r"[^,。;0-9]{0,6}?(?:" + _DISCIPLINE
        + ")")),
    ("cases_filed", re.compile(
        f"{CASE_FILED}(?:{'|'.join(lexicon.CASE_REVIEWS)})?" + r"[^,。;0-9]{0,8}?" + _N + _units("cases_filed"))),
    ("clues_transferred", re.compile(
        "(?:" + "|".join(lexicon.CLUE_VERBS) + r")[^,。;0-9]{0,8}?" + CLUE + _N + _units("clues_transferred"))),
    # Meetings held to organise the work (召开专题会议N次) are an organisation measure's
    # figures, not the rectification's; the contract's 专题民主生活会 is the exception.
    ("other", re.compile(r"(?:" + cue_pattern(lexicon.OTHER_STAT_WORDS) + ")" + _GAP + _N + _units("other"))),
    ("other", re.compile(_N + _units("tasks") + f"(?:{_RECTIFY})?(?:{TASK}|{MEASURE})")),
]
# A row of figures right under a header row, both tab-separated.
_TABLE_VALUES = re.compile(r"(?m)(?<=\n)[0-9]+(?:\.[0-9]+)?[^\t\n0-9]{0,3}(?:\t[0-9]+(?:\.[0-9]+)?[^\t\n0-9]{0,3})+$")
_TABLE_KINDS = [(kind, re.compile(cue_pattern(words))) for kind, words in lexicon.STAT_TABLE_HEADERS.items()]
# "制定整改措施45条,已完成整改43条": completion counted in measures, not problems (no 问
# of 问题 after the measures).
_TASKS = f"(?:{MEASURE}|{TASK})"
_COUNTS_MEASURES = re.compile(_TASKS + f"[^{PROBLEM[0]}]*$")
_PROBLEM_KINDS = ("problems_completed", "problems_in_progress")
_COUNTS_TASKS = re.compile(_TASKS)


def summary(outline: Outline) -> list[dict]:
    """Find the notice-level figures in the parts about the rectification as a whole.

    Args:
        outline: the segmented notice; only ``outline.summary_regions`` are read,
            so a single measure's figures are never taken for notice totals.

    Returns:
        :class:`pipeline.records.Stat` dicts in text order.
    """
    stats: list[tuple[int, dict]] = []
    for start, end in outline.summary_regions:
        region = outline.masked[start:end]
        claimed: list[tuple[int, int]] = []
        for kind, rx in _PATTERNS:
            for m in rx.finditer(region):
                num = m.span(1)
                if any(a < num[1] and num[0] < b for a, b in claimed):
                    continue
                claimed.append(num)
                number = m.group(1)
                sentence_start = max(region.rfind(c, 0, m.start()) for c in "。;,") + 1
                clause_start = max(region.rfind(c, 0, m.start()) for c in "。;") + 1
                if kind in _PROBLEM_KINDS and _COUNTS_MEASURES.search(region, clause_start, num[0]):
                    kind = "other"
                stats.append((start + m.start(), {
                    "kind": kind,
                    "value": float(number) if "." in number else int(number),
                    "unit": m.group(2),
                    "text": outline.text[start + sentence_start:start + m.end()].strip(),
                    "span": (start + m.start(1), start + m.end(2)),
                }))
        stats += _table_stats(outline, start, end)
    # A notice has one total and one rate, and counts its tasks once; repeating them
    # (反馈的6个问题…6个问题已完成整改4个; 整改任务52项…52项整改任务) states no new figure.
    seen, kept = set(), []
    for _, stat in sorted(stats, key=lambda pair: pair[0]):
        key = (stat["kind"], stat["value"], _COUNTS_TASKS.search(stat["text"]) is not None)
        if (stat["kind"] in ("problems_total", "completion_rate") or key[2]) and key in seen:
            continue
        seen.add(key)
        kept.append(stat)
    return kept


def _table_stats(outline: Outline, start: int, end: int) -> list[tuple[int, dict]]:
    """Figures in a small table (HTML tables arrive as tab-separated lines): a header row
    naming each figure (反馈问题（个） | 已完成整改（个） | 整改完成率) over a row of numbers."""
    v, text, found = outline.view, outline.text, []
    for row in _TABLE_VALUES.finditer(v, start, end):
        header_start = v.rfind("\n", start, row.start() - 1) + 1
        headers = cell_spans(v, header_start, row.start() - 1)
        values = cell_spans(v, row.start(), row.end())
        if len(headers) != len(values):
            continue
        for (h_start, h_end), (at, stop) in zip(headers, values):
            header, value = v[h_start:h_end], v[at:stop]
            kind = next((k for k, rx in _TABLE_KINDS if rx.search(header)), None)
            number = re.match(r"[0-9]+(?:\.[0-9]+)?", value).group()
            unit = value[len(number):].strip() or _header_unit(header, kind)
            if kind and unit:
                found.append((at, {
                    "kind": kind,
                    "value": float(number) if "." in number else int(number),
                    "unit": unit,
                    "text": f"{text[h_start:h_end]} {text[at:stop]}",
                    "span": (at, stop),
                }))
    return found


def _header_unit(header: str, kind: str | None) -> str | None:
    bracketed = re.search(r"\(([^)]{1,3})\)", header)
    return bracketed.group(1) if bracketed else "%" if kind == "completion_rate" else None
