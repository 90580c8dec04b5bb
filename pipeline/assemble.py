"""Assemble: a source's text -> the rules' :class:`Notice`, with provenance and coverage.

:func:`read_with_rules` is the one place a text is segmented, checked to be a notice and
read by the rules; every path starts from it (the rules path through :func:`build_notice`,
the LLM backend, the provider batch and the stub model). :func:`with_coverage` measures
how much of the text a record read, for the rules' record and the model's alike.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from pipeline.language import lexicon
from pipeline.language.dates import find_dates
from pipeline.errors import NotANotice
from pipeline.records import Notice, Provenance
from pipeline.rules import header
from pipeline.rules.problems import organization_measures, problems
from pipeline.rules.summary import summary
from pipeline.segment import Outline, segment
from pipeline.language.text import cue_pattern

if TYPE_CHECKING:
    from pipeline.ingest import Source

_INSPECTION_WORDS = re.compile(cue_pattern(lexicon.INSPECTION_WORDS))
_RECTIFICATION_WORDS = re.compile(cue_pattern(lexicon.RECTIFICATION_WORDS))
# A record covering less of its notice's body than this is warned about.
LOW_COVERAGE = 0.6
_NO_PROBLEMS = "no problems found:"  # how the warning opens
_CLOSE_CALL = "outline: close call on"  # how a close-call warning opens


def check_is_notice(v: str, path: str | None = None) -> None:
    """Refuse text that is not an inspection rectification notice.

    Args:
        v: the matching view of the text (:attr:`Outline.view`).
        path: the input, for the error message.

    Raises:
        NotANotice: when the text never mentions an inspection and its rectification.
    """
    if not (_INSPECTION_WORDS.search(v) and _RECTIFICATION_WORDS.search(v)):
        raise NotANotice("not an inspection rectification notice (no 巡视/巡察 … 整改 in the text)", path=path)


def rules_notice(outline: Outline, doc_id: str, sha256: str, source: str | None = None) -> Notice:
    """Extract every field of the contract with the rule backend.

    Args:
        outline: the segmented text.
        doc_id: the record's id.
        sha256: hex digest of the source text.
        source: the input path, recorded in provenance.

    Returns:
        The :class:`Notice`, ``provenance.backend == "rules"``, with its coverage
        (:func:`with_coverage`).
    """
    dates = find_dates(outline.view)
    title = header.title(outline)
    warnings = []
    found = problems(outline)
    if not found:
        warnings.append(f"{_NO_PROBLEMS} the text has no recognisable problem headings")
    warnings += close_calls(outline)
    notice = Notice.model_validate({
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
        "provenance": Provenance(backend="rules", source=source, warnings=warnings,
                                 outline_confidence=outline.part_roles.confidence),
    })
    return with_coverage(outline, notice)


def close_calls(outline: Outline) -> list[str]:
    """A warning for each top-level part whose role was a close call
    (:attr:`pipeline.segment.parts.PartRoles.close_calls`): the runner-up table reads it otherwise.

    Args:
        outline: the segmented text.

    Returns:
        ``outline: close call on part 2 “…”: problems or organization (confidence 0.62)``
        lines; none when the choice is sure.
    """
    chosen = outline.part_roles
    found = []
    for n in chosen.close_calls:
        heading = outline.text[slice(*outline.sections[n].heading)].strip()
        found.append(f"{_CLOSE_CALL} part {n + 1} “{heading[:30]}”: {chosen.kinds[n]} or "
                     f"{chosen.runner_up[n]} (confidence {chosen.confidence:.2f}); check what was read from it")
    return found


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
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return read_with_rules(text, doc_id, digest, path)[1]


def read_with_rules(text: str, doc_id: str, sha256: str, path: str | None = None, *,
                    kinds: tuple[str, ...] | None = None) -> tuple[Outline, Notice]:
    """Segment a text, refuse it unless it is a notice, and extract it with the rules: the
    first steps of every path (rules, live LLM, provider batch, the stub model).

    Args:
        text: the notice text; every span in the record points into it.
        doc_id: the id to give the record.
        sha256: hex digest of the text.
        path: the input it came from, for error messages and provenance.
        kinds: the roles of the top-level parts, when chosen already (by the model's
            outline answer); None lets the outline decide.

    Returns:
        The outline and the rules' record made on it.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    outline = segment(text, kinds=kinds)
    check_is_notice(outline.view, path)
    return outline, rules_notice(outline, doc_id, sha256, path)


def coverage(outline: Outline, notice: Notice) -> float:
    """The share of the body that lies inside an extracted span.

    The body is :attr:`Outline.body`: from the end of the opening (the first part
    heading, else the first problem, else the end of the first paragraph) to the contact
    lines or the signature. Extracted spans are the problem blocks (heading and measures)
    and their category headings, the organisation measures, the next-steps text and each summary figure's phrase
    (``Stat.text`` where it holds the figure, else the figure). Characters are counted
    without blanks (and without Markdown markup), so layout does not count. Part headings
    and unmarked lead paragraphs are not extracted: a right record of a common notice
    stays above 0.9, while one that missed a part falls well below.

    Args:
        outline: the segmented text.
        notice: the record made from it (its spans point into ``outline.text``).

    Returns:
        The share, 0..1 rounded to 3 decimals; 1.0 for a notice without a body.
    """
    start, end = outline.body
    total = _filled(outline.view, [(start, end)])
    if not total:
        return 1.0
    spans = [p.span for p in notice.problems] + [m.span for m in notice.organization_measures]
    spans += [block.category for block in outline.problems if block.category]
    spans += [_stat_span(outline.text, s.text, s.span) for s in notice.summary if s.span]
    if outline.next_steps:
        spans.append(outline.next_steps)
    inside = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
    return round(_filled(outline.view, inside) / total, 3)


_BLANKS = (" ", "\n", "\t", "\r", "\u3000", "\xa0")  # what the matching view may hold between words
_SPEAKS_OF_PROBLEMS = re.compile(
    f"(?!{cue_pattern(lexicon.NOT_PART_HEADING_WORDS)})(?:{cue_pattern(lexicon.PROBLEM_WORDS)})")
_COVERAGE_WARNINGS = ("low coverage:", "no problem found in the part headed")  # how they open


def _filled(v: str, spans: list[tuple[int, int]]) -> int:
    """How many non-blank characters of ``v`` lie in the union of ``spans``."""
    count, reach = 0, 0
    for a, b in sorted(spans):
        a = max(a, reach)
        if a < b:
            # str.count runs in C; a regex over every span costs more than the rules' pass.
            count += b - a - sum(v.count(blank, a, b) for blank in _BLANKS)
            reach = b
    return count


def _stat_span(text: str, phrase: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span of a figure's phrase around its number (the figure alone if not found)."""
    at = text.find(phrase, max(0, span[1] - len(phrase)), span[0] + len(phrase))
    return (at, at + len(phrase)) if at != -1 else span


def coverage_warnings(outline: Outline, notice: Notice, share: float) -> list[str]:
    """Warnings that the record may have missed part of the text.

    Args:
        outline: the segmented text.
        notice: the record made from it.
        share: its :func:`coverage`.

    Returns:
        One warning when the coverage is under :data:`LOW_COVERAGE`, and one for each part
        whose heading speaks of problems (问题, 反馈意见) but holds none of the problems.
    """
    found = []
    if share < LOW_COVERAGE:
        found.append(f"{_COVERAGE_WARNINGS[0]} only {share:.0%} of the body lies in extracted records; "
                     "a part of the notice was probably not read")
    for section in outline.sections:
        heading = outline.text[slice(*section.heading)].strip()
        held = any(section.span[0] <= p.span[0] < section.span[1] for p in notice.problems)
        if _SPEAKS_OF_PROBLEMS.search(outline.view, *section.heading) and not held:
            found.append(f"{_COVERAGE_WARNINGS[1]} “{heading}”")
    return found


def with_coverage(outline: Outline, notice: Notice) -> Notice:
    """The notice with ``provenance.coverage`` set and its coverage warnings added.

    The coverage warnings of an earlier call are replaced, so a record whose problems or
    measures changed (an LLM answer put in place of the rules') can be measured again.

    Args:
        outline: the segmented text.
        notice: the record made from it.

    Returns:
        A copy of ``notice``.
    """
    share = coverage(outline, notice)
    kept = [w for w in notice.provenance.warnings if not w.startswith(_COVERAGE_WARNINGS)]
    provenance = notice.provenance.model_copy(update={
        "coverage": share,
        "warnings": kept + coverage_warnings(outline, notice, share),
    })
    return notice.model_copy(update={"provenance": provenance})
