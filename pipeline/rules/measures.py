"""Measure-level extraction: status, metrics and cited documents.

Everything here looks at one measure's text; cues and numbers inside 《》 and “” are
masked first (:func:`pipeline.language.text.mask_quotes`), as the contract requires.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from pipeline.language import lexicon
from pipeline.segment import Outline
from pipeline.language.text import CN_NUM, book_titles, cue_pattern, mask_quotes, view

# --- status -------------------------------------------------------------------------

# In-progress cues, found with one cheap pattern; the ambiguous ones must then pass their
# meaning check below.
_IN_PROGRESS = re.compile(cue_pattern(lexicon.UNFINISHED_CUES + lexicon.PLAN_CUES))
_PLAN = re.compile(
    # 计划 ends as a noun after the name of what is planned (学习计划, 按照计划, 既定计划).
    r"(?<![习作动度技训项展产划按照依定])计划"
    r"(?=[0-9]|" + cue_pattern(lexicon.PLAN_TIMES + lexicon.PLAN_VERBS) + ")"
)
_CUE_MEANING = {
    # 将 means "will" after 即 (即将 = about to; not 立即将/随即将, which mark an object),
    # before a time, a preposition or an adverb (将于…, 将稳步推进…), and before a verb
    # unless a destination verb later in the clause (将全面从严治党工作纳入…) shows the
    # object reading (将 = 把).
    "将": re.compile(
        r"(?<=(?<![立随])即)将"
        r"|(?<!已)将(?=" + cue_pattern(lexicon.WILL_ADVERBS) + ")"
        r"|(?<![已并及要必终还均拟即])将"
        r"(?![^,。;]*?(?:" + cue_pattern(lexicon.OBJECT_DESTINATIONS) + "))"
        r"(?=" + cue_pattern(lexicon.WILL_VERBS) + ")"
    ),
    "计划": _PLAN,
    "计划于": _PLAN,
    # 拟 as a verb of drafting (草拟, 拟定) or of a proposed appointee (拟提拔干部) plans nothing.
    "拟": re.compile(r"(?<![草模虚比起])拟(?!定|订|稿|任|提拔|录用|聘|推荐|表彰|人选)"),
    # 好于预计, 超出预计: the expectation, not a plan.
    "预计": re.compile(r"(?<![于出过])预计"),
    # The idiom 力争上游 (strive to excel) plans nothing.
    "力争": re.compile(r"力争(?!上游)"),
    "待": re.compile(r"(?<![接对期招款看善优等])待(?![遇人客])"),
}
# "N of M done" (the same unit twice): 共8宗,已整改5宗 / 9个…已盘活6个 /
# 12个项目…已有9个项目完工.
_N_OF_M = re.compile(
    r"([0-9]+)(个|项|宗|件|家|条|户|处|起|所|名|人)[^。;]{0,24}?"
    r"(?:已经?(?:完成|整改|办结|化解|处置|整顿|销号|盘活|清理|清退|收回|追回|解决|验收|交付|拆除|退还)"
    r"[^0-9。;,不未]{0,8}?([0-9]+)\2"
    r"|已有([0-9]+)\2[^。;,不未]{0,8}?(?:完工|开工|完成|整改|办结|到位|销号|实现))"
)
# 已完成/已整改 before a noun (对已整改问题…验收, 已完成的事项) describe, not report, unless
# a count follows (已整改问题厕所3.6万户); 完成 before a deadline noun (完成时限) or 率
# states nothing finished.
_DESCRIBES = r"(?!的|问题(?![^,。;0-9]{0,6}[0-9])|事项|任务|不)"
# Each alternative opens on its first character, the lookbehind after it: then the regex
# engine scans for those characters instead of trying every position (6x faster).
_COMPLETED_MEANING = {
    "已完成": r"已(?<!对已)完成" + _DESCRIBES,
    "已整改": r"已(?<!对已)(?:经|逐一|逐项|基本)?整改" + _DESCRIBES,
    "完成": r"完(?<!已完)成(?!" + cue_pattern(lexicon.DEADLINE_NOUNS) + "|率)",
}
_COMPLETED = re.compile("|".join(
    _COMPLETED_MEANING.get(cue) or cue_pattern((cue,), gap=r"[^,。;]{0,8}?")
    for cue in lexicon.COMPLETED_CUES
))
# 完成 as a demand or before a deadline (…前完成) does not state that anything was finished.
_NOT_DONE_CONTEXT = re.compile(
    "(?:" + cue_pattern(lexicon.DEMAND_WORDS) + r"|(?<![目之此以提])前)[^,。;]{0,10}$"
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
    if "已" in masked and any(int(m.group(3) or m.group(4)) < int(m.group(1)) for m in _N_OF_M.finditer(masked)):
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
_AFTER_DIGITS = "".join(sorted({word[0] for word in (*lexicon.UNITS, *lexicon.QUALIFIERS_AFTER, "万", "亿")}))
_NUMBER = re.compile(
    r"(?P<num>[0-9][0-9]*(?:,[0-9]{3})*)(?:\.(?P<frac>[0-9]+))?(?=[" + re.escape(_AFTER_DIGITS) + "])"
    # A unit may name its alternative in brackets: 台(套), 人(次); (一) after it is the next
    # list marker (已整改5宗(一)提高…), not part of the unit.
    r"(?P<approx>" + cue_pattern(lexicon.QUALIFIERS_AFTER) + r")?"
    r"(?P<unit>[万亿]?(?:" + _UNITS + rf")(?:\((?![{CN_NUM}]{{1,3}}\))[^)0-9]{{1,2}}\))?)"
    r"(?P<above>" + cue_pattern(lexicon.QUALIFIERS_AFTER_UNIT) + ")?"
)
# Latin letters before a number are fine (政务APP23个); 第 makes an ordinal.
_NOT_BEFORE_NUMBER = set("0123456789.-/〔[第")
_HARD_BREAK = re.compile(r"[。;,:!?\n]")
_ANY_BREAK = re.compile(r"[。;,:!?\n、]")
_LEADING_NOISE = re.compile(
    r"(?:\s|(?:19|20)[0-9]{2}(?:[—\-~至](?:19|20)?[0-9]{2,4})?(?:学年|年)(?:度|以来|来|上半年|下半年|底|初)?"
    r"|截至[^,。;]{0,10}?(?:底|末|日)|[0-9]{1,2}月(?:份|底)?|第[一二三四]学期|[上下春秋]季?学期|年度|今年(?:以来)?|截至目前|目前|现已|近期|同时"
    r"|其中|已经|已|共计|共|并|还|全年|当年|涉及|(?:计划|力争|预计)(?:于|在)?(?:(?:19|20)[0-9]{2}年)?(?:年?底|年内)?前?)+"
)
# A leading prepositional phrase (向各类企业发放… / 按照…部署开展…) is not part of what
# is counted: the indicator starts at the verb after it.
_PREPOSITION_LEAD = re.compile(
    r"(?:向|对|按照|根据|以|通过|围绕|针对|结合|依托|由|在|与)[^,。;]*"
    r"(?=开展|发放|配备|组织|举办|召开|实施|印发|制定|引进|培训|查处|清理|排查|新增|新建|建成|收回|追回"
    r"|办理|受理|处置|化解|走访|发现|签约|推动|帮助|指导|督促|选派|选配|调整|招聘|提供|投入|下发|出台|修订|建立"
    r"|给予|发展|共建|派驻|成立|成交|进行)"
)
# Context before the counted thing: a comparison base (较2022年) or a subject before 累计.
_CONTEXT_UNTIL = re.compile(r".*?较(?:19|20)[0-9]{2}年(?:同期)?|.*累计")
_TRAILING_NOISE = re.compile(r"(?:达到|达|(?<![行作认成因])为|共计|共|计|约|超过|不超过|不超|近|累计|了|多达|以上|由)+$")
_TRAILING_LAST = set("到达为共计约过超近了上由")
# What is left of a count (剩余3个问题正在整改) is named by 剩余 itself.
_REMAINDER = re.compile(cue_pattern(lexicon.REMAINDER_WORDS + ("尚有",)))
_BEFORE_QUALIFIER = re.compile("(" + cue_pattern(lexicon.QUALIFIERS_BEFORE) + ")$")
# Where a noun after the unit stops: at the next verb or adverb. Words of one character
# stop it only right after the unit (在 inside 存在 must not cut the noun).
_VERBS = (
    "已|正在|进行|开展|获|按|积极|担任|构成|实现|完成|通过|参加|参与|签订|投入|纳入|得到|受到|均|全部|陆续|分别"
    "|累计|涉及|达到|制定|补充|完善|责令|逐一|重新|配备|设立|推行|建立|派驻|观看|撰写|讲授|给予|立案|提醒|移交"
    "|发展|共建|成立|参观|实行|落实|获得|下降|提升|提高|增加|减少|降低|上升|增长|清退|追缴|退还|收回|组织|举办"
    "|召开|印发|出台|修订|推进|推动|启动|开工|建成|交付|受理|化解|约谈|走访|解决|办结|公示|发放|拨付|兑现|补缴"
    "|缴纳|申报|认定|引进|招聘|选派|选配|调整|将|计划|尚|仍|并|及时|全面|统一|集中|依法|按照|由|未"
    "|待|因|督促|逐项|实施|分批|到(?!位|期)|精简|压减|压缩|缩短|缩减|予以|提前|更换"
)
# Verbs that also end noun phrases (处理能力, 用地处置, 办理事项, 专项检查) are left out.
_AFTER_STOP = re.compile(_VERBS + r"|[0-9]")
_AFTER_STOP_AT_START = re.compile(r"(?:在|为|于|到|达|占|被|的|共|和|及|与|对)")
# A second figure of one clause that only says where the first went (由56人下降至41人)
# counts the same thing.
_CHANGE_ONLY = re.compile(r"(?:下降|降低|减少|提升|提高|增加|增长|上升|压减|压缩|精简|缩短|缩减)?(?:至|到)|由")


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
    if "累计" in v[clause_start:m.start()]:
        return "累计"
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
    if m.group("unit") not in ("%", "‰", "个百分点") and not _REMAINDER.fullmatch(phrase):
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
