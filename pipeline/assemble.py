"""Assemble: outline + rule records + provenance -> one :class:`Notice`."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from .dates import find_dates
from .errors import NotANotice
from .records import Notice, Provenance
from .rules import header
from .rules.problems import organization_measures, problems
from .rules.summary import summary
from .segment import Outline, segment

if TYPE_CHECKING:
    from .ingest import Source

# A notice names the inspection it answers; text without these words is something else.
_NOTICE_WORDS = re.compile(r"巡视|巡察")
_RECTIFICATION_WORDS = re.compile(r"整改")


def check_is_notice(v: str, path: str | None = None) -> None:
    """Refuse text that is not an inspection rectification notice.

    Args:
        v: the matching view of the text (:attr:`Outline.view`).
        path: the input, for the error message.

    Raises:
        NotANotice: when the text never mentions an inspection and its rectification.
    """
    if not (_NOTICE_WORDS.search(v) and _RECTIFICATION_WORDS.search(v)):
        raise NotANotice("not an inspection rectification notice (no 巡视/巡察 … 整改 in the text)", path=path)


def rules_notice(outline: Outline, doc_id: str, sha256: str, source: str | None = None) -> Notice:
    """Extract every field of the contract with the rule backend.

    Args:
        outline: the segmented text.
        doc_id: the record's id.
        sha256: hex digest of the source text.
        source: the input path, recorded in provenance.

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
        "provenance": Provenance(backend="rules", source=source, warnings=warnings),
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
    return notice_from_text(source.text, source.doc_id, path=source.path, sha256=source.sha256)


def notice_from_text(text: str, doc_id: str = "doc", *, path: str | None = None,
                     sha256: str | None = None) -> Notice:
    """Extract a notice from decoded text (also handy in tests and notebooks).

    Args:
        text: the notice text; every span in the record points into it.
        doc_id: the id to give the record.
        path: the input it came from, for error messages.
        sha256: the text's digest when the caller has it already.

    Returns:
        The notice record.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    outline = segment(text)
    check_is_notice(outline.view, path)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return rules_notice(outline, doc_id, digest, path)
