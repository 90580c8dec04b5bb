"""Assemble: outline + rule records + provenance -> one :class:`Notice`."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from .errors import NotANotice
from .records import Notice, Provenance
from .rules import header
from .dates import find_dates
from .rules.problems import organization_measures, problems
from .rules.summary import summary
from .segment import Outline, segment
from .text import view

if TYPE_CHECKING:
    from .ingest import Source

# A notice names the inspection it answers; text without these words is something else.
_NOTICE_WORDS = re.compile(r"巡视|巡察")
_RECTIFICATION_WORDS = re.compile(r"整改")


def check_is_notice(text: str, path: str | None = None) -> None:
    """Refuse text that is not an inspection rectification notice.

    Raises:
        NotANotice: when the text never mentions an inspection and its rectification.
    """
    v = view(text)
    if not (_NOTICE_WORDS.search(v) and _RECTIFICATION_WORDS.search(v)):
        raise NotANotice("not an inspection rectification notice (no 巡视/巡察 … 整改 in the text)", path=path)


def rules_notice(outline: Outline, doc_id: str, sha256: str) -> Notice:
    """Extract every field of the contract with the rule backend.

    Args:
        outline: the segmented text.
        doc_id: the record's id.
        sha256: hex digest of the source text.

    Returns:
        The :class:`Notice`, ``provenance.backend == "rules"``.
    """
    dates = find_dates(outline.view)
    title = header.title(outline)
    warnings = []
    found = problems(outline)
    if not found:
        warnings.append("no problems found: the text has no recognisable problem headings")
    return Notice.model_validate({
        "doc_id": doc_id,
        "source_sha256": sha256,
        "title": title,
        "issuer": header.issuer(outline, title),
        "published_on": header.published_on(outline, dates),
        "inspection": header.inspection(outline, dates),
        "contact": header.contact(outline),
        "summary": summary(outline),
        "organization_measures": organization_measures(outline),
        "problems": found,
        "next_steps": outline.text[slice(*outline.next_steps)] if outline.next_steps else None,
        "provenance": Provenance(backend="rules", warnings=warnings),
    })


def build_notice(source: Source) -> Notice:
    """Turn one ingested source into a Notice with the rules backend.

    Args:
        source: the decoded input.

    Returns:
        The notice record.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    check_is_notice(source.text, source.path)
    return rules_notice(segment(source.text), source.doc_id, source.sha256)


def notice_from_text(text: str, doc_id: str = "doc") -> Notice:
    """Convenience for tests and notebooks: extract a notice from a string.

    Args:
        text: the notice text (already decoded).
        doc_id: the id to give the record.

    Returns:
        The notice record.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    check_is_notice(text)
    return rules_notice(segment(text), doc_id, hashlib.sha256(text.encode("utf-8")).hexdigest())
