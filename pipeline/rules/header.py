"""Notice-level scalars: title, issuer, publication date, inspection, contact."""

from __future__ import annotations

import datetime as dt
import os
import re

from pipeline.language import lexicon
from pipeline.language.lexicon import (
    ABOUT, ACCORDING_TO, ADDRESS, FEEDBACK, GROUP, LOOK_BACK, ORDINAL, PERFECTIVE, ROUND, TITLE_ENDINGS,
)
from pipeline.language.dates import FULL_DATE, FoundDate, find_range
from pipeline.records import Contact, Inspection
from pipeline.segment import Outline
from pipeline.language.text import CN_NUM, cn_to_int, cue_pattern

_TITLE = re.compile("(?:" + "|".join(TITLE_ENDINGS) + ")$")
_TITLE_TOPIC = re.compile(cue_pattern(lexicon.INSPECTION_WORDS + lexicon.RECTIFICATION_WORDS))
_ISSUER_IN_TITLE = re.compile(r"^(.{2,40}?)" + ABOUT)
_DATE_LINE = re.compile(r"\(?" + FULL_DATE + r"\)?")
_LABELLED_DATE = re.compile("(?:" + cue_pattern(lexicon.DATE_LABELS) + r")\s*[:]\s*")
# 发布机构: 某某县人民政府 — the value runs to the end of its cell or line.
_LABELLED_ISSUER = [re.compile(re.escape(label) + r"\s*[:]\s*([^\s:]{2,40})") for label in lexicon.ISSUER_LABELS]

_INSPECTION = "(?:" + cue_pattern(lexicon.INSPECTION_WORDS) + ")"
# The bodies that send inspectors, by level; any organisation's own committee is "unit".
_BODIES = {level: cue_pattern(names) for level, names in lexicon.LEVEL_BODIES.items() if level != "unit"}
_UNIT_BODY = cue_pattern(lexicon.LEVEL_BODIES["unit"])
_ORG = "(?:" + "|".join(_BODIES.values()) + r"|[\u4e00-\u9fff]{1,12}?(?:" + _UNIT_BODY + "))"
_ORDINAL = rf"{ORDINAL}[{CN_NUM}0-9]{{1,3}}"
_GROUP = re.compile(
    _ORG + rf"(?:{_ORDINAL}{ROUND})?{_INSPECTION}?"
    rf"{_ORDINAL}(?:[\u4e00-\u9fff]{{0,4}}?){_INSPECTION}{GROUP}"
    r"|" + _ORG + "(?:" + "|".join(lexicon.GROUP_KINDS) + ")?" + _INSPECTION + GROUP
)
_LEVELS = [(level, re.compile(f"^(?:{names})")) for level, names in _BODIES.items()]
_LEVELS.append(("unit", re.compile(_UNIT_BODY)))
_DEPLOYED_BY = re.compile(ACCORDING_TO + "(" + "|".join(_BODIES.values()) + ")")
# 回头看 is written after the word (巡察“回头看”), the other kinds before it (常规巡察).
_KIND = re.compile(
    "(" + cue_pattern(tuple(k for k in lexicon.INSPECTION_KINDS if k != LOOK_BACK)) + ")" + _INSPECTION
    + "|" + _INSPECTION + rf"[“\"]?({LOOK_BACK})"
)
# 第N轮 that names an inspection (十五届县委第四轮巡察, 第二轮第一批巡视), not 第二轮土地承包.
_ROUND = re.compile(rf"{ORDINAL}([{CN_NUM}0-9]{{1,3}}){ROUND}[^,。;0-9]{{0,6}}?{_INSPECTION}")
_TARGET = re.compile(
    "(?:" + "|".join(lexicon.TARGET_BEFORE) + r")(?P<t>[^,。;:]{2,80}?)"
    r"(?:\((?:" + "|".join(lexicon.SHORT_NAME_WORDS) + r")[^)]*\))?"
    "(?:" + "|".join(verb + PERFECTIVE + "?" for verb in lexicon.CARRY_OUT) + r")[^,。;]{0,20}?"
    "(?:" + "|".join(lexicon.INSPECTION_WORDS) + f"|“{LOOK_BACK}”)"
)
_MANY_TARGETS = re.compile(
    rf"(?:[0-9]+|[{CN_NUM}]+)(?:{'|'.join(lexicon.TARGET_COUNT_UNITS)})[^,。;]{{0,8}}?"
    "(?:" + cue_pattern(lexicon.INSPECTED_BODIES) + ")"
)
# 反馈 as the act of giving feedback (反馈了巡察意见, 反馈会), not 反馈问题 in a table.
# 巡[察视]: either inspection word (反馈巡察意见).
_EITHER_INSPECTION = "{}[{}]".format(
    os.path.commonprefix(lexicon.INSPECTION_WORDS), "".join(sorted(word[-1] for word in lexicon.INSPECTION_WORDS))
)
_FEEDBACK = re.compile(
    f"{FEEDBACK}(?:{PERFECTIVE}|{_EITHER_INSPECTION}|" + "|".join(lexicon.FEEDBACK_GIVEN) + "|(?=[。,]))"
)

_PHONE = re.compile(
    r"(?<![0-9-])(?:\(0[0-9]{2,3}\)\s?[0-9]{7,8}|0[0-9]{2,3}[-—]?[0-9]{7,8}(?:[-—][0-9]{1,5})?|1[3-9][0-9]{9}|[0-9]{7,8}|12388)(?![0-9])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ADDRESS = re.compile("(?:" + cue_pattern(lexicon.CONTACT_LABELS["addresses"]) + r")\s*[:]?\s*")
# 邮(政)编(码) from the lexicon: its bracketed characters are optional.
_POSTCODE_LABEL = lexicon.POSTCODE_LABEL.replace("(", "(?:").replace(")", ")?")
_ADDRESS_END = re.compile(
    r"[;。,\n]|\s{2,}|\(?" + _POSTCODE_LABEL + "|"
    + cue_pattern(lexicon.CONTACT_LABELS["phones"] + lexicon.CONTACT_LABELS["emails"])
)
_POSTCODE = re.compile(r"[\s,(]*(?:" + _POSTCODE_LABEL + r"\s*[:]?\s*)?[0-9]{6}\)?\s*$")


def title(outline: Outline) -> str | None:
    """The notice's own title line: a short line near the top naming the topic."""
    v = outline.view
    for line_start, line in _first_lines(v, outline.preamble[1], 6):
        stripped = line.strip()
        if 6 <= len(stripped) <= 80 and _TITLE.search(stripped) and _TITLE_TOPIC.search(stripped):
            offset = line_start + line.index(stripped)
            return outline.text[offset:offset + len(stripped)]
    return None


def _first_lines(v: str, end: int, n: int):
    """The first ``n`` lines; in a one-line notice, the run of text before the first space."""
    if "\n" not in v[:end]:
        first = re.match(r"\s*\S+", v[:end])
        if first:
            yield 0, first.group()
        return
    start = 0
    for _ in range(n):
        stop = v.find("\n", start, end)
        stop = end if stop == -1 else stop
        yield start, v[start:stop]
        if stop >= end:
            return
        start = stop + 1


def issuer(outline: Outline, title_text: str | None) -> str | None:
    """The publishing body: the signature's name, else the part of the title before 关于,
    else the value of a disclosure page's label (发布机构: …, in lexicon order).

    The title comes before the label because a page's 发布机构 is often a short form or
    the site that posted the notice (半塔镇 for the village committee's own notice).

    Args:
        outline: the segmented notice.
        title_text: the notice's title line, if found.

    Returns:
        The issuer as written, or None.
    """
    if outline.signer:
        return outline.text[slice(*outline.signer)]
    if title_text:
        m = _ISSUER_IN_TITLE.match(title_text)
        if m:
            return m.group(1)
    for rx in _LABELLED_ISSUER:
        m = rx.search(outline.view)
        if m:
            return outline.text[m.start(1):m.end(1)]
    return None


def published_on(outline: Outline, dates: list[FoundDate]) -> dt.date | None:
    """The signature's date, else a labelled page date (发布日期: …), else a date
    standing alone on a line near the title, as in （2024年3月15日）."""
    if outline.signed_on:
        signed = next((d for d in dates if d.start == outline.signed_on[0] and d.has_year), None)
        if signed:
            return signed.value
    for m in _LABELLED_DATE.finditer(outline.view):
        match = next((d for d in dates if d.start == m.end() and d.has_year), None)
        if match:
            return match.value
    for line_start, line in _first_lines(outline.view, outline.preamble[1], 4):
        if _DATE_LINE.fullmatch(line.strip()):
            return next(d.value for d in dates if d.start >= line_start and d.has_year)
    return None


def inspection(outline: Outline, dates: list[FoundDate]) -> Inspection:
    """Who inspected whom, when: read from the title and the preamble.

    The preamble is where notices state the inspection; when it is empty (no section
    headings) the first 600 characters are used. The round may be named later (十五届县委
    第四轮巡察 in the organisation part).

    Args:
        outline: the segmented notice.
        dates: every date found in it.

    Returns:
        The :class:`pipeline.records.Inspection`.
    """
    v = outline.view
    start, end = outline.preamble
    if end - start < 40:
        end = min(len(v), 600)
    head = v[start:end]
    group = _GROUP.search(head)
    group_text = outline.text[start + group.start():start + group.end()] if group else None
    kind = _KIND.search(head)
    round_ = _ROUND.search(head) or _ROUND.search(v)
    # A round over many units (对12个单位开展了常规巡察) has no one target.
    target = next((m for m in _TARGET.finditer(head) if not _MANY_TARGETS.search(m.group("t"))), None)
    on_site = find_range(v, dates, start, end)
    return Inspection(
        level=_level(head, group_text),
        kind=(kind.group(1) or kind.group(2)) if kind else None,
        round=cn_to_int(round_.group(1)) if round_ else None,
        group=group_text,
        target=outline.text[start + target.start("t"):start + target.end("t")] if target else None,
        start_on=on_site[0].value if on_site else None,
        end_on=on_site[1].value if on_site else None,
        feedback_on=_feedback_date(v, dates, start, end),
    )


def _level(head: str, group: str | None) -> str | None:
    deployed = _DEPLOYED_BY.search(head)
    for candidate in (group, deployed.group(1) if deployed else None):
        if candidate:
            for level, rx in _LEVELS:
                if rx.search(candidate):
                    return level
    return None


def _feedback_date(v: str, dates: list[FoundDate], start: int, end: int) -> dt.date | None:
    """The date of the sentence that says feedback was given; a page's labelled date
    (成文日期: …) above a title that says 反馈意见 is not that date."""
    labelled = {m.end() for m in _LABELLED_DATE.finditer(v, start, end)}
    for m in _FEEDBACK.finditer(v, start, end):
        sentence_start = max(v.rfind("。", start, m.start()), start)
        before = [d for d in dates if sentence_start <= d.start < m.start() and d.start not in labelled]
        if before:
            return before[-1].value
    return None


def contact(outline: Outline) -> Contact:
    """Phones, emails and addresses of the closing paragraph."""
    if outline.closing is None:
        return Contact()
    s, e = outline.closing
    v = outline.view
    text = outline.text
    region = v[s:e]
    addresses = []
    for m in _ADDRESS.finditer(region):
        stop = _ADDRESS_END.search(region, m.end())
        start, end = s + m.end(), s + (stop.start() if stop else len(region))
        # Matched on the view, so a postcode in full-width digits is cut off as well.
        postcode = _POSTCODE.search(v, start, end)
        raw = text[start:postcode.start() if postcode else end].strip()
        if raw:
            addresses.append(raw)
    emails = [text[s + m.start():s + m.end()] for m in _EMAIL.finditer(region)]
    scrubbed = _EMAIL.sub(lambda m: " " * len(m.group()), region)
    phones = [text[s + m.start():s + m.end()] for m in _PHONE.finditer(scrubbed)
              if not _inside_address(m.start(), region)]
    return Contact(phones=list(dict.fromkeys(phones)), emails=list(dict.fromkeys(emails)),
                   addresses=list(dict.fromkeys(addresses)))


def _inside_address(pos: int, region: str) -> bool:
    # A postcode or house number after an address label is no phone.
    label = region.rfind(ADDRESS, 0, pos)
    return label != -1 and not re.search(r"[;。,\n]", region[label:pos])
