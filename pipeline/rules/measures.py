"""Measure-level extraction: status, metrics and cited documents.

Everything here looks at one measure's text; cues and numbers inside 《》 and “” are
masked first (:func:`pipeline.language.text.mask_quotes`), as the contract requires.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from pipeline.language import lexicon
from pipeline.language.lexicon import (
    ALREADY, BEFORE, COMPLETE, CUMULATIVE, EXPECT, INTEND, OF, ORDINAL, PENDING, PLAN, PROBLEM, RATE, STRIVE, TASK,
    WILL, YEAR,
)
from pipeline.segment import Outline
from pipeline.language.text import CN_NUM, book_titles, cue_pattern, mask_quotes, view



def _any(words) -> str:
    """An alternation of lexicon words in the order written (the regex tries them so)."""
    return "|".join(words)


# --- status -------------------------------------------------------------------------

# In-progress cues, found with one cheap pattern; the ambiguous ones must then pass their
# meaning check below.
_IN_PROGRESS = re.compile(cue_pattern(lexicon.UNFINISHED_CUES + lexicon.PLAN_CUES))
_PLAN = re.compile(
    # 计划 ends as a noun after the name of what is planned (学习计划, 按照计划, 既定计划).
    f"(?<![{lexicon.NOT_PLAN_AFTER}]){PLAN}"
    r"(?=[0-9]|" + cue_pattern(lexicon.PLAN_TIMES + lexicon.PLAN_VERBS) + ")"
)
_CUE_MEANING = {
    # 将 means "will" after 即 (即将 = about to; not 立即将/随即将, which mark an object),
    # before a time, a preposition or an adverb (将于…, 将稳步推进…), and before a verb
    # unless a destination verb later in the clause (将全面从严治党工作纳入…) shows the
    # object reading (将 = 把).
    WILL: re.compile(
        f"(?<=(?<![{lexicon.NOT_ABOUT_TO}]){lexicon.ABOUT_TO}){WILL}"
        f"|(?<!{ALREADY}){WILL}(?=" + cue_pattern(lexicon.WILL_ADVERBS) + ")"
        f"|(?<![{lexicon.NOT_WILL_AFTER}]){WILL}"
        r"(?![^,。;]*?(?:" + cue_pattern(lexicon.OBJECT_DESTINATIONS) + "))"
        r"(?=" + cue_pattern(lexicon.WILL_VERBS) + ")"
    ),
    PLAN: _PLAN,
    lexicon.PLAN_AT: _PLAN,
    # 拟 as a verb of drafting (草拟, 拟定) or of a proposed appointee (拟提拔干部) plans nothing.
    INTEND: re.compile(
        f"(?<![{lexicon.NOT_INTEND_AFTER}]){INTEND}(?!" + _any(lexicon.NOT_INTEND_BEFORE) + ")"
    ),
    # 好于预计, 超出预计: the expectation, not a plan.
    EXPECT: re.compile(f"(?<![{lexicon.NOT_EXPECT_AFTER}]){EXPECT}"),
    # The idiom 力争上游 (strive to excel) plans nothing.
    STRIVE: re.compile(f"{STRIVE}(?!" + _any(lexicon.NOT_STRIVE_BEFORE) + ")"),
    PENDING: re.compile(f"(?<![{lexicon.NOT_PENDING_AFTER}]){PENDING}(?![{lexicon.NOT_PENDING_BEFORE}])"),
}
# "N of M done" (the same unit twice): 共8宗,已整改5宗 / 9个…已盘活6个 /
# 12个项目…已有9个项目完工.
_NEGATIONS = lexicon.NOT + lexicon.NOT_YET
_N_OF_M = re.compile(
    r"([0-9]+)(" + _any(lexicon.N_OF_M_UNITS) + r")[^。;]{0,24}?"
    f"(?:{ALREADY}{lexicon.ALREADY_SUFFIX}?(?:" + _any(lexicon.N_OF_M_DONE_VERBS) + ")"
    rf"[^0-9。;,{_NEGATIONS}]{{0,8}}?([0-9]+)\2"
    f"|{ALREADY}{lexicon.HAVE}" + rf"([0-9]+)\2[^。;,{_NEGATIONS}]{{0,8}}?(?:"
    + _any(lexicon.N_OF_M_FINISHED) + "))"
)
# 已完成/已整改 before a noun (对已整改问题…验收, 已完成的事项) describe, not report, unless
# a count follows (已整改问题厕所3.6万户); 完成 before a deadline noun (完成时限) or 率
# states nothing finished.
_RECTIFY = cue_pattern(lexicon.RECTIFICATION_WORDS)
_DESCRIBES = (
    f"(?!{OF}|{PROBLEM}" + r"(?![^,。;0-9]{0,6}[0-9])|" + _any(lexicon.DESCRIBED_NOUNS) + f"|{TASK}|{lexicon.NOT})"
)
_NOT_DESCRIBED = f"(?<!{lexicon.DESCRIBED_AFTER}{ALREADY})"
# Each alternative opens on its first character, the lookbehind after it: then the regex
# engine scans for those characters instead of trying every position (6x faster).
_COMPLETED_MEANING = {
    ALREADY + COMPLETE: ALREADY + _NOT_DESCRIBED + COMPLETE + _DESCRIBES,
    ALREADY + _RECTIFY: ALREADY + _NOT_DESCRIBED + f"(?:{_any(lexicon.RECTIFIED_HOW)})?" + _RECTIFY + _DESCRIBES,
    COMPLETE: f"{COMPLETE[0]}(?<!{ALREADY}{COMPLETE[0]}){COMPLETE[1:]}(?!"
    + cue_pattern(lexicon.DEADLINE_NOUNS) + f"|{RATE})",
}
_COMPLETED = re.compile("|".join(
    _COMPLETED_MEANING.get(cue) or cue_pattern((cue,), gap=r"[^,。;]{0,8}?")
    for cue in lexicon.COMPLETED_CUES
))
# 完成 as a demand or before a deadline (…前完成) does not state that anything was finished.
_NOT_DONE_CONTEXT = re.compile(
    "(?:" + cue_pattern(lexicon.DEMAND_WORDS) + f"|(?<![{lexicon.NOT_DEADLINE_BEFORE}]){BEFORE})" + r"[^,。;]{0,10}$"
)


def status(text: str) -> str:
    """Classify a measure as ``in_progress``, ``completed`` or ``reported``.

    Args:
        text: the measure's text.

    Returns:
        The status by the contract's cue rules, checked in that order.
    """
    return _status(mask_quotes(view(text)))


def _status(masked: str) -> str:
    for cue in _IN_PROGRESS.finditer(masked):
        meaning = _CUE_MEANING.get(cue.group())
        if meaning is None or meaning.match(masked, cue.start()):
            return "in_progress"
    # "N of M done" always says 已; the pattern is costly, so look for that first.
    if ALREADY in masked and any(int(m.group(3) or m.group(4)) < int(m.group(1)) for m in _N_OF_M.finditer(masked)):
        return "in_progress"
    for m in _COMPLETED.finditer(masked):
        if not _NOT_DONE_CONTEXT.search(masked, max(0, m.start() - 14), m.start()):
            return "completed"
    return "reported"


# --- metrics ------------------------------------------------------------------------

# Measure words; 万 and 亿 may stand before any of them (万元, 亿元, 3.8万条, 2万吨/天).
_UNITS = cue_pattern(tuple(lexicon.UNITS))
# [0-9][0-9]* (not [0-9]+) and the lookahead of what may follow the digits let the regex engine
# skip ahead instead of trying the whole unit list after every digit (2x faster).
_AFTER_DIGITS = "".join(sorted({word[0] for word in (*lexicon.UNITS, *lexicon.QUALIFIERS_AFTER, *lexicon.MAGNITUDES)}))
_NUMBER = re.compile(
    r"(?P<num>[0-9][0-9]*(?:,[0-9]{3})*)(?:\.(?P<frac>[0-9]+))?(?=[" + re.escape(_AFTER_DIGITS) + "])"
    # A unit may name its alternative in brackets: 台(套), 人(次); (一) after it is the next
    # list marker (已整改5宗(一)提高…), not part of the unit.
    r"(?P<approx>" + cue_pattern(lexicon.QUALIFIERS_AFTER) + r")?"
    f"(?P<unit>[{lexicon.MAGNITUDES}]?(?:" + _UNITS + rf")(?:\((?![{CN_NUM}]{{1,3}}\))[^)0-9]{{1,2}}\))?)"
    r"(?P<above>" + cue_pattern(lexicon.QUALIFIERS_AFTER_UNIT) + ")?"
)
# Latin letters before a number are fine (政务APP23个); 第 makes an ordinal.
_NOT_BEFORE_NUMBER = set("0123456789.-/〔[" + ORDINAL)
_HARD_BREAK = re.compile(r"[。;,:!?\n]")
_ANY_BREAK = re.compile(r"[。;,:!?\n、]")
_LEADING_NOISE = re.compile(
    rf"(?:\s|(?:19|20)[0-9]{{2}}(?:[—\-~{lexicon.CHANGE_TO[0]}](?:19|20)?[0-9]{{2,4}})?"
    f"(?:{_any(lexicon.YEAR_PERIODS)})(?:{_any(lexicon.YEAR_PARTS)})?"
    f"|{lexicon.UNTIL}" + r"[^,。;]{0,10}?" + f"(?:{_any(lexicon.UNTIL_ENDS)})"
    + r"|[0-9]{1,2}" + f"{lexicon.MONTH}(?:{_any(lexicon.MONTH_PARTS)})?"
    f"|{ORDINAL}[{lexicon.TERMS_NUMBERED}]{lexicon.TERM}|[{lexicon.TERMS_NAMED}]{lexicon.SEASON}?{lexicon.TERM}"
    f"|{lexicon.YEAR_WHOLE}|{lexicon.THIS_YEAR}(?:{lexicon.SINCE})?|{_any(lexicon.LEADING_WORDS)}"
    f"|(?:{_any(lexicon.PLAN_DATE_WORDS)})(?:{_any(lexicon.AT_TIME)})?" + r"(?:(?:19|20)[0-9]{2}" + YEAR + ")?"
    f"(?:{YEAR}?{lexicon.YEAR_END}|{lexicon.WITHIN_YEAR})?{BEFORE}?)+"
)
# A leading prepositional phrase (向各类企业发放… / 按照…部署开展…) is not part of what
# is counted: the indicator starts at the verb after it.
_PREPOSITION_LEAD = re.compile(f"(?:{_any(lexicon.PREPOSITIONS)})" + r"[^,。;]*" + f"(?={_any(lexicon.LEAD_VERBS)})")
# Context before the counted thing: a comparison base (较2022年) or a subject before 累计.
_CONTEXT_UNTIL = re.compile(
    f".*?{lexicon.COMPARED_TO}" + r"(?:19|20)[0-9]{2}" + f"{YEAR}(?:{lexicon.SAME_PERIOD})?|.*{CUMULATIVE}"
)
_TRAILING_NOISE = re.compile("(?:" + _any(
    f"(?<![{lexicon.NOT_BE_AFTER}]){word}" if word == lexicon.BE else word for word in lexicon.BOUND_WORDS
) + ")+$")
_TRAILING_LAST = {word[-1] for word in lexicon.BOUND_WORDS}
# What is left of a count (剩余3个问题正在整改) is named by 剩余 itself.
_REMAINDER = re.compile(cue_pattern(lexicon.REMAINDER_WORDS + (lexicon.STILL_HAVE,)))
_BEFORE_QUALIFIER = re.compile("(" + cue_pattern(lexicon.QUALIFIERS_BEFORE) + ")$")
# Where a noun after the unit stops: at the next verb or adverb. Words of one character
# stop it only right after the unit (在 inside 存在 must not cut the noun).
_VERBS = _any(
    f"{word}(?!{_any(lexicon.NOUN_STOP_EXCEPT[word])})" if word in lexicon.NOUN_STOP_EXCEPT else word
    for word in lexicon.NOUN_STOPS
)
# Verbs that also end noun phrases (处理能力, 用地处置, 办理事项, 专项检查) are left out.
_AFTER_STOP = re.compile(_VERBS + r"|[0-9]")
_AFTER_STOP_AT_START = re.compile(f"(?:{_any(lexicon.NOUN_STOPS_AT_START)})")
# A second figure of one clause that only says where the first went (由56人下降至41人)
# counts the same thing.
_CHANGE_ONLY = re.compile(
    f"(?:{_any(lexicon.CHANGE_VERBS)})?(?:{_any(lexicon.CHANGE_TO)})|{lexicon.CHANGE_FROM}"
)


def metrics(text: str, offset: int) -> list[dict]:
    """Quantities written with Arabic digits and a unit.

    Args:
        text: the measure's text.
        offset: where ``text`` starts in the source, for spans.

    Returns:
        The metrics in text order.
    """
    v = view(text)
    return _metrics(text, v, mask_quotes(v), offset)


def _metrics(text: str, v: str, masked: str, offset: int) -> list[dict]:
    found: list[dict] = []
    hard_breaks: list[int] | None = None
    prev_end = 0
    for m in _NUMBER.finditer(masked):
        if m.start() and masked[m.start() - 1] in _NOT_BEFORE_NUMBER:
            continue
        if hard_breaks is None:
            hard_breaks = [b.start() for b in _HARD_BREAK.finditer(v)]
        number = m.group("num").replace(",", "")
        value: int | float = float(f"{number}.{m.group('frac')}") if m.group("frac") else int(number)
        i = bisect.bisect_left(hard_breaks, m.start())
        # 、 separates metrics in a list (企业3家、中小企业17家) but also nouns within
        # one indicator (座谈会、观看…等活动), so it ends a clause only after a metric.
        clause_start = max(hard_breaks[i - 1] + 1 if i else 0,
                           prev_end + (v.startswith("、", prev_end) if prev_end else 0))
        before = text[clause_start:m.start()]
        indicator = _indicator(text, v, before, m)
        if found and clause_start == prev_end and _CHANGE_ONLY.fullmatch(indicator):
            indicator = found[-1]["indicator"]
        found.append(
            {
                "value": value,
                "unit": unicodedata.normalize("NFKC", text[m.start("unit"):m.end("unit")]),
                "indicator": indicator,
                "qualifier": _qualifier(text, v, clause_start, m),
                "span": (offset + m.start(), offset + m.end("unit")),
            }
        )
        prev_end = m.end()
    return found


def _qualifier(text: str, v: str, clause_start: int, m: re.Match) -> str | None:
    """The bound or approximation written with the number, as written (余 or 餘)."""
    near = _BEFORE_QUALIFIER.search(v, clause_start, m.start())
    for group in (near, m if m.group("approx") else None):
        if group is not None:
            span = group.span(1) if group is near else m.span("approx")
            return text[span[0]:span[1]]
    if m.group("above"):
        return text[m.start("above"):m.end("above")]
    if CUMULATIVE in v[clause_start:m.start()]:
        return CUMULATIVE
    return None


def _indicator(text: str, v: str, before: str, m: re.Match) -> str:
    """The shortest phrase naming what is counted: after the unit when a noun follows,
    else the clause before the number without its context words.

    Args:
        text, v: the measure's text and its matching view.
        before: the source text from the clause start to the number.
        m: the number's match.
    """
    start = m.start() - len(before)
    head, tail = _trim_context(v, start, m.start())
    phrase = text[head:tail].strip()
    next_break = _ANY_BREAK.search(v, m.end())
    stop = next_break.start() if next_break else len(v)
    if m.group("unit") not in lexicon.RATE_UNITS and not _REMAINDER.fullmatch(phrase):
        cut = _AFTER_STOP.search(v, m.end(), stop)
        after = text[m.end():cut.start() if cut else stop].strip()
        if after and not _AFTER_STOP_AT_START.match(v, m.end()):
            return after
    # Nothing before the number names it (2个项目已完工): the words after it do.
    return phrase or text[m.end():stop].strip()


def _trim_context(v: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` of the view to the indicator: drop context before it
    (time words, 已/共/其中, a prepositional phrase, a comparison base) and bound words
    after it (达, 约, 由…). Works on the view so full-width digits are seen too."""
    context = _CONTEXT_UNTIL.match(v, start, end)
    if context:
        start = context.end()
    lead = _LEADING_NOISE.match(v, start, end)
    if lead:
        start = lead.end()
    preposition = _PREPOSITION_LEAD.match(v, start, end)
    if preposition:
        start = preposition.end()
    # The end-anchored pattern is tried at every position: only run it when it can match.
    if end > start and v[end - 1] in _TRAILING_LAST:
        trailing = _TRAILING_NOISE.search(v, start, end)
        if trailing and trailing.start() > start:
            end = trailing.start()
    return start, end


def documents(text: str) -> list[str]:
    """Every title written in 《》 in the text, without the brackets, in order."""
    return [title for title, _, _ in book_titles(text) if title.strip()]


def measure(outline: Outline, span: tuple[int, int], ordinal: int) -> dict:
    """Build one measure record from its text span.

    Args:
        outline: the segmented notice (source text and its matching views).
        span: the measure's text span in the source.
        ordinal: its position in its list, from 1.

    Returns:
        A :class:`pipeline.records.Measure` as a dict, with status, metrics and documents.
    """
    start, end = span
    body = outline.text[start:end]
    masked = outline.masked[start:end]
    return {
        "ordinal": ordinal,
        "text": body,
        "status": _status(masked),
        "metrics": _metrics(body, outline.view[start:end], masked, start),
        "documents": documents(body),
        "span": span,
    }
