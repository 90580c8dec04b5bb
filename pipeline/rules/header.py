"""Notice-level scalars: title, issuer, publication date, inspection, contact."""

from __future__ import annotations

import datetime as dt
import re

from ..records import Contact, Inspection
from ..segment import Outline
from ..text import cn_to_int
from ..dates import FULL_DATE, FoundDate, find_range

_TITLE = re.compile(r"(?:通报|情况|公告|公示|报告)$")
_TITLE_TOPIC = re.compile(r"巡视|巡察|整改")
_ISSUER_IN_TITLE = re.compile(r"^(.{2,40}?)关于")
_DATE_LINE = re.compile(r"\(?" + FULL_DATE + r"\)?")
_LABELLED_DATE = re.compile(r"(?:成文日期|发布日期|发布时间|印发日期|日期)\s*[:]\s*")

_ORG = r"(?:中央|省委|自治区党委|市委|州委|盟委|县委|区委|旗委|[\u4e00-\u9fff]{1,12}?(?:党委|党组|党工委))"
_GROUP = re.compile(
    _ORG + r"(?:第[一二三四五六七八九十\d]{1,3}轮)?(?:巡视|巡察)?"
    r"第[一二三四五六七八九十\d]{1,3}(?:[\u4e00-\u9fff]{0,4}?)(?:巡视|巡察)组"
    r"|" + _ORG + r"(?:专项|联动|机动|提级)?(?:巡视|巡察)组"
)
_LEVELS = (
    ("central", re.compile(r"^(?:中央|中共中央)")),
    ("provincial", re.compile(r"^(?:省委|自治区党委)")),
    ("city", re.compile(r"^(?:市委|州委|盟委)")),
    ("county", re.compile(r"^(?:县委|区委|旗委|县级市委)")),
    ("unit", re.compile(r"(?:党委|党组|党工委)")),
)
_DEPLOYED_BY = re.compile(r"根据(中央|中共中央|省委|自治区党委|市委|州委|盟委|县委|区委|旗委)")
_KIND = re.compile(r"(常规|专项|联动|机动|提级)(?:巡视|巡察)|(?:巡视|巡察)[“\"]?(回头看)")
_ROUND = re.compile(r"第([一二三四五六七八九十\d]{1,3})轮")
_TARGET = re.compile(
    r"(?:对|进驻)(?P<t>[^,。;:]{2,80}?)(?:\((?:以下简称|下称|简称)[^)]*\))?"
    r"(?:开展了?|进行了?|实施了?)[^,。;]{0,20}?(?:巡视|巡察|“回头看”)"
)
# 反馈 as the act of giving feedback (反馈了巡察意见, 反馈会), not 反馈问题 in a table.
_FEEDBACK = re.compile(r"反馈(?:了|巡[察视]|意见|会|(?=[。,]))")

_PHONE = re.compile(
    r"(?<![\d-])(?:\(0\d{2,3}\)\s?\d{7,8}|0\d{2,3}[-—]?\d{7,8}(?:[-—]\d{1,5})?|1[3-9]\d{9}|\d{7,8}|12388)(?![\d])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ADDRESS = re.compile(r"(?:通信地址|通讯地址|邮寄地址|联系地址|邮政信箱|来信请寄|地址)\s*[:]?\s*")
_ADDRESS_END = re.compile(r"[;。,\n]|\s{2,}|\(?邮(?:政)?编(?:码)?|联系电话|电话|电子邮箱|邮箱")
_POSTCODE = re.compile(r"[\s,(]*(?:邮(?:政)?编(?:码)?\s*[:]?\s*)?\d{6}\)?\s*$")


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
    """The publishing body: the signature's name, else the part of the title before 关于."""
    if outline.signer:
        return outline.text[slice(*outline.signer)]
    if title_text:
        m = _ISSUER_IN_TITLE.match(title_text)
        if m:
            return m.group(1)
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
    headings) the first 600 characters are used.
    """
    v = outline.view
    start, end = outline.preamble
    if end - start < 40:
        end = min(len(v), 600)
    head = v[start:end]
    group = _GROUP.search(head)
    group_text = outline.text[start + group.start():start + group.end()] if group else None
    kind = _KIND.search(head)
    round_ = _ROUND.search(head)
    target = _TARGET.search(head)
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
    """The date of the sentence that says feedback was given."""
    for m in _FEEDBACK.finditer(v, start, end):
        sentence_start = max(v.rfind("。", start, m.start()), start)
        before = [d for d in dates if sentence_start <= d.start < m.start()]
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
        raw = text[s + m.end():s + (stop.start() if stop else len(region))]
        raw = _POSTCODE.sub("", raw).strip()
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
    label = region.rfind("地址", 0, pos)
    return label != -1 and not re.search(r"[;。,\n]", region[label:pos])
