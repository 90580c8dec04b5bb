"""The tail of a notice: the closing contact paragraph and the signature, cut off its end.

What the body ends at, and the issuer's name and the date of a signature, are read from the
last few hundred characters; the outline (:mod:`pipeline.segment.outline`) hands them on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.language import lexicon
from pipeline.language.dates import FULL_DATE
from pipeline.language.text import Span, mask_quotes, strip_span

_CLOSING_CUES = re.compile(
    rf"{lexicon.WELCOME}[^。]{{0,40}}?(?:{'|'.join(lexicon.WELCOMED)})"
    rf"|{lexicon.IF_ANY}(?:{'|'.join(lexicon.IF_ANY_AFTER)})[^。]{{0,20}}(?:{'|'.join(lexicon.VIEWS)})"
    rf"|{lexicon.CONTACT}(?:{'|'.join(lexicon.CONTACT_BY)})[:\s]|{'|'.join(lexicon.CLOSING_LABELS)}"
)
_DATE_AT_END = re.compile(FULL_DATE)
# What may follow the signature: page numbers of a copied PDF (— 3 —) and the credits
# lines of a web or WeChat article (来源: / 编辑: …).
_TRAILING_CHROME = re.compile(
    r"(?:\n[ \t]*(?:[—-]+[ \t]*[0-9]{1,3}[ \t]*[—-]+"
    rf"|(?:{'|'.join(lexicon.CREDIT_LABELS)})[:][^\n]*)[ \t]*)+\s*$"
)
_SIGNATURE_NAME = re.compile(r"[^0-9\s。:;,]{2,40}")


@dataclass(frozen=True)
class Tail:
    """Where the body ends and what follows it.

    Attributes:
        end: the end of the body (the start of the contact lines or the signature).
        closing: the contact paragraph(s), None when there are none.
        signer: the signature's name line (the issuer), None without a signature.
        signed_on: the signature's date, None without a signature.
    """

    end: int
    closing: Span | None
    signer: Span | None
    signed_on: Span | None


def find_tail(v: str) -> Tail:
    """Find the closing contact paragraph and the signature at the end of the text.

    Args:
        v: the matching view of the text (:func:`pipeline.segment.markers.blank_markup`).

    Returns:
        The :class:`Tail`; its spans are None when the text has no such part.
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
    # A label quoted in the body (《通讯地址》 as a title) opens no contact paragraph. Only
    # the window is masked: masking the whole text cost 2.8% of a notice's instructions.
    cue = _CLOSING_CUES.search(mask_quotes(v[search_from:end]))
    closing = None
    if cue:
        at = search_from + cue.start()
        sentence = max(v.rfind(c, search_from, at) for c in "。\n")
        start = sentence + 1 if sentence >= search_from else at
        closing = strip_span(v, start, end)
        end = start
    return Tail(end, closing, signer, signed_on)
