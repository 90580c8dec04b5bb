"""Notice-level figures that describe the rectification as a whole (contract: Stat)."""

from __future__ import annotations

import re

from pipeline.language import lexicon
from pipeline.segment import Outline
from pipeline.language.text import cell_spans, cue_pattern

_N = r"([0-9]+(?:\.[0-9]+)?)"
_GAP = r"[^,。;:0-9]{0,8}?"
_DONE = cue_pattern(lexicon.DONE_WORDS)
_UNDONE = cue_pattern(lexicon.UNDONE_WORDS)
_ONGOING = cue_pattern(lexicon.IN_PROGRESS_WORDS)
_ONGOING_STATE = cue_pattern(lexicon.IN_PROGRESS_STATES)
_DISCIPLINE = cue_pattern(lexicon.DISCIPLINE_WORDS)
# Order matters: an earlier pattern claims its number first.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("completion_rate", re.compile(r"完成率" + _GAP + _N + r"(%)")),
    # 7个问题已全部整改完成 after the total was given: all of them are done.
    ("problems_completed", re.compile(_N + r"(个|项|条)问题已?全部(?:" + _DONE + r")(?![0-9])")),
    ("problems_total", re.compile(r"(?:反馈|指出|交办|移交)" + _GAP + r"(?:问题)?" + _N + r"(个|项|条|类)(?:具体)?问题?(?!方面)")),
    ("problems_total", re.compile(r"(?:反馈|指出|交办)(?:的|了)?问题共?" + _N + r"(个|项|条)")),
    ("problems_total", re.compile(r"方面[^,。;0-9]{0,4}" + _N + r"(个)(?:具体)?问题")),
    # "7个问题已完成整改4个": the 7 is the total.
    ("problems_total", re.compile(_N + r"(个|项|条)(?:具体)?问题中?,?(?=已?(?:完成|整改)[^,。;0-9]{0,4}[0-9])")),
    ("problems_total", re.compile(r"共(?:有|计)?" + _N + r"(个|项|条)(?:具体)?问题")),
    ("problems_in_progress", re.compile(
        r"(?:(?:" + _ONGOING + r")(?:推进)?(?:整改|推进|落实)中?|" + _ONGOING_STATE + r")(?:问题)?" + _N + r"(个|项|条)")),
    # 未完成N个, 基本完成N个 (before 完成整改N个 claims the number).
    ("problems_in_progress", re.compile(r"(?:" + _UNDONE + r")(?:整改)?(?:的)?(?:问题)?" + _N + r"(个|项|条)")),
    ("other", re.compile(r"(?:" + cue_pattern(lexicon.PARTLY_DONE_WORDS) + r")(?:整改)?(?:问题)?" + _N + r"(个|项|条)")),
    ("problems_in_progress", re.compile(
        _N + r"(个|项|条)(?:问题)?(?:" + _ONGOING + r"|需长期坚持)[^,。;0-9]{0,6}?(?:整改|推进|落实|坚持)")),
    # 2项需长期坚持: the long-term part of the work (PARTLY_DONE_WORDS), standing alone.
    ("other", re.compile(_N + r"(个|项|条)(?:问题|任务|措施)?(?:需|要)?(?:" + cue_pattern(lexicon.PARTLY_DONE_WORDS) + ")")),
    # 已完成整改15个,其余3个取得阶段性成效: the rest are not finished.
    ("problems_in_progress", re.compile(r"(?:" + cue_pattern(lexicon.REMAINDER_WORDS) + ")" + _N + r"(个|项|条)")),
    ("problems_completed", re.compile(r"(?:已)?(?:" + _DONE + r")(?:问题)?" + _N + r"(个|项|条)")),
    # "6个问题已完成整改4个": the 6 is the total, the 4 the completed ones.
    ("problems_completed", re.compile(_N + r"(个|项|条)(?:问题)?(?:已)?(?:全部)?(?:" + _DONE + r")(?![0-9])")),
    ("rules_established", re.compile(
        r"(?:(?:" + cue_pattern(lexicon.RULE_VERBS) + r")[^,。;0-9]{0,40}?制度|建章立制)" + _GAP + _N
        + r"(项|个|条|件|份|套)")),
    ("funds_recovered", re.compile(
        r"(?:" + cue_pattern(lexicon.FUNDS_VERBS) + r")[^,。;0-9]{0,12}?" + _N + r"(万元|亿元|元)")),
    ("people_disciplined", re.compile(r"(?:" + _DISCIPLINE + r")[^,。;0-9]{0,6}?" + _N + r"(人|名|人次)")),
    ("people_disciplined", re.compile(
        _N + r"(人|名)[^,。;0-9]{0,8}?(?:给予|受到|进行|予以|开展)[^,。;0-9]{0,8}?(?:" + _DISCIPLINE + ")")),
    ("people_disciplined", re.compile(r"(?:给予|予以)" + _N + r"(人|名)[^,。;0-9]{0,6}?(?:" + _DISCIPLINE + ")")),
    ("cases_filed", re.compile(r"立案(?:审查调查|审查)?[^,。;0-9]{0,8}?" + _N + r"(件|起|人)")),
    ("clues_transferred", re.compile(r"(?:移交|移送|转办)[^,。;0-9]{0,8}?线索" + _N + r"(件|条|个)")),
    # Meetings held to organise the work (召开专题会议N次) are an organisation measure's
    # figures, not the rectification's; the contract's 专题民主生活会 is the exception.
    ("other", re.compile(r"(?:" + cue_pattern(lexicon.OTHER_STAT_WORDS) + ")" + _GAP + _N + r"(次|场|项|条|个)")),
    ("other", re.compile(_N + r"(项|个|条)(?:整改)?(?:任务|措施)")),
]
# A row of figures right under a header row, both tab-separated.
_TABLE_VALUES = re.compile(r"(?m)(?<=\n)[0-9]+(?:\.[0-9]+)?[^\t\n0-9]{0,3}(?:\t[0-9]+(?:\.[0-9]+)?[^\t\n0-9]{0,3})+$")
_TABLE_KINDS = [(kind, re.compile(cue_pattern(words))) for kind, words in lexicon.STAT_TABLE_HEADERS.items()]
# "制定整改措施45条,已完成整改43条": completion counted in measures, not problems.
_TASKS = r"(?:措施|任务)"
_COUNTS_MEASURES = re.compile(_TASKS + r"[^问]*$")
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
