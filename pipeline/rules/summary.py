"""Notice-level figures that describe the rectification as a whole (contract: Stat)."""

from __future__ import annotations

import re

from ..segment import Outline
from ..text import cell_spans

_N = r"(\d+(?:\.\d+)?)"
_GAP = r"[^,。;:\d]{0,8}?"
# Order matters: an earlier pattern claims its number first.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("completion_rate", re.compile(r"完成率" + _GAP + _N + r"(%)")),
    ("problems_total", re.compile(r"(?:反馈|指出|交办|移交)" + _GAP + r"(?:问题)?" + _N + r"(个|项|条|类)(?:具体)?问题?(?!方面)")),
    ("problems_total", re.compile(r"(?:反馈|指出|交办)(?:的|了)?问题" + _N + r"(个|项|条)")),
    ("problems_total", re.compile(r"方面[^,。;\d]{0,4}" + _N + r"(个)(?:具体)?问题")),
    # "7个问题已完成整改4个": the 7 is the total.
    ("problems_total", re.compile(_N + r"(个|项|条)(?:具体)?问题中?,?(?=已?(?:完成|整改)[^,。;\d]{0,4}\d)")),
    ("problems_in_progress", re.compile(
        r"(?:(?:正在|仍在|持续)(?:推进)?(?:整改|推进|落实)中?|推进中)(?:问题)?" + _N + r"(个|项|条)")),
    # 基本完成N个 is neither done nor open: a figure of its own.
    ("other", re.compile(r"(?:基本完成|阶段性完成|长期坚持)(?:整改)?(?:问题)?" + _N + r"(个|项|条)")),
    ("problems_in_progress", re.compile(
        _N + r"(个|项|条)(?:问题)?(?:正在|仍在|持续|需长期坚持)[^,。;\d]{0,6}?(?:整改|推进|落实|坚持)")),
    # 已完成整改15个,其余3个取得阶段性成效: the rest are not finished.
    ("problems_in_progress", re.compile(r"(?:其余|剩余|余下|另有)" + _N + r"(个|项|条)")),
    ("problems_completed", re.compile(
        r"(?:已)?(?:完成整改|整改完成|整改到位|整改完毕|已整改|办结|销号|已完成)(?:问题)?" + _N + r"(个|项|条)")),
    # "6个问题已完成整改4个": the 6 is the total, the 4 the completed ones.
    ("problems_completed", re.compile(
        _N + r"(个|项|条)(?:问题)?(?:已)?(?:完成整改|整改完成|整改到位|整改完毕|已整改)(?!\d)")),
    ("rules_established", re.compile(
        r"(?:(?:制定|建立|完善|修订|出台|健全|制修订|新建)[^,。;\d]{0,40}?制度|建章立制)" + _GAP + _N
        + r"(项|个|条|件|份|套)")),
    ("funds_recovered", re.compile(r"(?:追缴|挽回|收回|追回|退缴|返还|清收|追偿|退还)[^,。;\d]{0,12}?" + _N + r"(万元|亿元|元)")),
    ("people_disciplined", re.compile(
        r"(?:处分|组织处理|诫勉(?:谈话)?|问责|批评教育|提醒谈话|责令(?:书面)?检查|交由纪委调查|通报批评|处理)"
        r"[^,。;\d]{0,6}?" + _N + r"(人|名|人次)")),
    ("people_disciplined", re.compile(
        _N + r"(人|名)[^,。;\d]{0,8}?(?:给予|受到|进行|予以)[^,。;\d]{0,8}?(?:处分|组织处理|诫勉|问责|批评教育|提醒谈话|责令检查)")),
    ("cases_filed", re.compile(r"立案(?:审查调查|审查)?[^,。;\d]{0,8}?" + _N + r"(件|起|人)")),
    ("clues_transferred", re.compile(r"(?:移交|移送|转办)[^,。;\d]{0,8}?线索" + _N + r"(件|条|个)")),
    # Meetings held to organise the work (召开专题会议N次) are an organisation measure's
    # figures, not the rectification's; the contract's 专题民主生活会 is the exception.
    ("other", re.compile(r"(?:专题民主生活会|整改措施|整改任务)" + _GAP + _N + r"(次|场|项|条)")),
]
# A row of figures right under a header row, both tab-separated.
_TABLE_VALUES = re.compile(r"(?m)(?<=\n)\d+(?:\.\d+)?[^\t\n\d]{0,3}(?:\t\d+(?:\.\d+)?[^\t\n\d]{0,3})+$")
_TABLE_KINDS = [
    ("completion_rate", re.compile(r"完成率")),
    ("problems_in_progress", re.compile(r"正在|推进中")),
    ("problems_completed", re.compile(r"已完成|完成整改|已整改|办结")),
    ("problems_total", re.compile(r"问题")),
    ("rules_established", re.compile(r"制度")),
    ("funds_recovered", re.compile(r"资金|金额")),
    ("people_disciplined", re.compile(r"处分|问责|处理|诫勉")),
    ("cases_filed", re.compile(r"立案")),
    ("clues_transferred", re.compile(r"线索")),
]
# "制定整改措施45条,已完成整改43条": completion counted in measures, not problems.
_COUNTS_MEASURES = re.compile(r"(?:措施|任务)[^问]*$")
_PROBLEM_KINDS = ("problems_completed", "problems_in_progress")


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
    # A notice has one total and one rate; repeating them (反馈的6个问题…6个问题已完成整改4个)
    # states no new figure.
    seen, kept = set(), []
    for _, stat in sorted(stats, key=lambda pair: pair[0]):
        key = (stat["kind"], stat["value"])
        if stat["kind"] in ("problems_total", "completion_rate") and key in seen:
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
            number = re.match(r"\d+(?:\.\d+)?", value).group()
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
