"""The record contract (schema version 1) as pydantic models.

Field names, types and meanings follow ``docs/CONTRACT.md``; fields beyond the contract
are only ever added, never renamed. ``schemas/notice.v1.json`` is generated from
:class:`Notice` (see ``pipeline.schema``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from pipeline.language.lexicon import INSPECTION_KINDS

SCHEMA_VERSION = "1"


def _ordered(span: tuple[int, int]) -> tuple[int, int]:
    if span[1] < span[0]:
        raise ValueError(f"a span's end comes before its start: {list(span)}")
    return span


def _at_least_one(number: int | None) -> int | None:
    if number is not None and number < 1:
        raise ValueError(f"counts from 1, not {number}")
    return number


_Offset = Annotated[int, Field(ge=0)]
Span = Annotated[tuple[_Offset, _Offset], AfterValidator(_ordered)]
# Positions, ordinals and numbers as written count from 1.
Position = Annotated[int, Field(ge=1)]
Status = Literal["completed", "in_progress", "reported"]
Level = Literal["central", "provincial", "city", "county", "unit"]
Kind = Literal[INSPECTION_KINDS]
StatKind = Literal[
    "problems_total",
    "problems_completed",
    "problems_in_progress",
    "completion_rate",
    "rules_established",
    "funds_recovered",
    "people_disciplined",
    "cases_filed",
    "clues_transferred",
    "other",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Every field carries a description, so that schemas/notice.v1.json explains itself to
# people reading it from R, Stata or JS (docs/DATA.md says the same about the tables).
_SPAN = "[start, end) character offsets into the source text (see source_sha256)"


class Metric(_Record):
    value: int | float = Field(description="the number as written (41, 66.8, 3000)")
    unit: str = Field(description="the unit or measure word as written (家, %, 万元, 吨/天)")
    indicator: str = Field(
        description="the shortest phrase of the text naming what is counted (新增“四上”企业)")
    qualifier: str | None = Field(
        None, description="a bound or approximation written with the number "
                          "(超过 近 约 余 多 以上 不超 累计), else null")
    span: Span = Field(description=f"number and unit: {_SPAN}")


class Measure(_Record):
    ordinal: Position = Field(description="position within its list, from 1, in text order")
    text: str = Field(description="the measure's whole text, without its ordinal marker (一是, (一))")
    status: Status = Field(
        description="in_progress when some part is not finished or planned, else completed "
                    "when the text states it finished, else reported")
    metrics: list[Metric] = Field(default_factory=list,
                                  description="quantities with Arabic digits and a unit stated in the measure")
    documents: list[str] = Field(default_factory=list,
                                 description="every title written in 《》 in the measure, without the brackets")
    span: Span = Field(description=f"the measure's text: {_SPAN}")


class Problem(_Record):
    index: Position = Field(description="the problem's own number in the text; its position from 1 "
                                   "when the text numbers none")
    # Added to the contract: index restarts under each category, so it is no key.
    position: Position = Field(description="the problem's place in the notice, 1..N in text order: "
                                            "its key (index is the number as written and may repeat)")
    title: str = Field(description="the problem's name without the wrapper "
                                   "(关于“X”问题的整改 → X)")
    category: str | None = Field(
        None, description="heading of the group the problem sits under, without its numbering; "
                          "null when problems are not grouped")
    measures: list[Measure] = Field(default_factory=list,
                                    description="the rectification measures reported for it, in order")
    span: Span = Field(description=f"the whole problem block: {_SPAN}")


class Stat(_Record):
    kind: StatKind = Field(description="what the notice-level figure counts (other when no kind fits)")
    value: int | float = Field(description="the number as written")
    unit: str = Field(description="the unit as written (个, %, 万元, 人)")
    text: str = Field(description="the phrase the figure came from")
    span: Span | None = Field(
        None, description=f"the phrase: {_SPAN} (always set here; the contract allows null)")


class Inspection(_Record):
    level: Level | None = Field(
        None, description="who sent the inspectors: central (中央), provincial (省委), city (市委), "
                          "county (县委/区委), unit (an organisation's own Party committee)")
    kind: Kind | None = Field(None, description="the kind of inspection named in the text")
    # Checked by a validator rather than Field(ge=1): the LLM's header answer uses this
    # model, and its JSON schema (the recorded requests) stays as it is.
    round: Annotated[int | None, AfterValidator(_at_least_one)] = Field(None, description="第N轮 → N")
    group: str | None = Field(None, description="the inspecting group as named (市委第一联动巡察组)")
    target: str | None = Field(
        None, description="the inspected organisation's full name as first written, "
                          "without (以下简称…)")
    start_on: dt.date | None = Field(None, description="first day of the on-site period (YYYY-MM-DD)")
    end_on: dt.date | None = Field(None, description="last day of the on-site period (YYYY-MM-DD)")
    feedback_on: dt.date | None = Field(None, description="when the inspection's feedback was given")


class Contact(_Record):
    phones: list[str] = Field(default_factory=list, description="phone numbers as written (0518-81883333)")
    emails: list[str] = Field(default_factory=list, description="e-mail addresses")
    addresses: list[str] = Field(
        default_factory=list,
        description="postal addresses after a label (通信地址, 邮政信箱, 来信请寄), "
                    "without the label or postcode")


class Fallback(_Record):
    section: str = Field(description="the section whose LLM answer was not used "
                                     "(header, organization, problem 3, summary)")
    reason: str = Field(description="why the rules' records were used instead")


class Arbitration(_Record):
    """Added to the contract: a field where the model's grounded answer differed from a
    reading the rules are sure of, and the rules' value was kept."""

    section: str = Field(description="the section (header, organization, problem N measure M, summary)")
    field: str = Field(description="the field arbitrated (title, inspection.round, status, metrics …)")
    rules: str = Field(description="the rules' value, which the record keeps")
    llm: str = Field(description="the model's different, grounded answer")
    reason: str = Field(description="why the rules' reading is sure")


class SectionRun(_Record):
    """Added to the contract: how one section was produced (LLM backend only)."""

    section: str = Field(description="the section asked about (header, organization, problem N, summary)")
    backend: Literal["rules", "llm"] = Field(description="whose records the notice holds for this section")
    attempts: int = Field(0, description="requests made: 1 + re-asks; 0 when answered from the cache")
    cached: bool = Field(False, description="whether the answer came from the on-disk answer cache")
    prompt_tokens: int = Field(0, description="prompt tokens spent on this section, re-asks included")
    completion_tokens: int = Field(0, description="completion tokens spent on this section, re-asks included")
    cached_tokens: int = Field(0, description="of the prompt tokens, those the endpoint served from its "
                                              "prompt-prefix cache (0 where it does not say)")
    prompt: str | None = Field(None, description=(
        "digest of the prompt text the section is asked with (its versions' digests in "
        "prompts/VERSIONS.json): resume redoes a notice whose prompt changed under the same version name; "
        "null in records made before it was kept"))


class Tokens(_Record):
    prompt: int = Field(0, description="prompt tokens of every section, summed")
    completion: int = Field(0, description="completion tokens of every section, summed")
    cached: int = Field(0, description="cached prompt tokens of every section, summed")


class Provenance(_Record):
    backend: Literal["rules", "llm"] = Field(
        description="llm when at least one section's model answer was used, else rules")
    # Added to the contract: the input as given (``-`` for stdin), so a review page or a
    # rerun can find the text that the spans point into.
    source: str | None = Field(None, description="the input's path as given (- for stdin)")
    model: str | None = Field(None, description="the model asked (LLM backend), else null")
    prompt_version: str | None = Field(None, description="version of the prompts (LLM backend), else null")
    fallbacks: list[Fallback] = Field(
        default_factory=list,
        description="every section where the LLM's answer was not used and the rules' was")
    warnings: list[str] = Field(default_factory=list,
                                description="what a reader should check (renamed doc_id, "
                                            "model and rules disagreeing, no problems found)")
    # Added to the contract: the share (0..1, 3 decimals) of the body's characters that lie
    # in an extracted span (see pipeline.assemble.coverage); None when not measured.
    coverage: float | None = Field(default=None, ge=0, le=1, description=(
        "share (0..1) of the body's characters, between the opening and the contact lines, that lie in an "
        "extracted span; under 0.6 the record also carries a warning"))
    # Added to the contract: how sure the reading of the top-level parts is (see
    # pipeline.segment.parts); None in records made before it was measured.
    outline_confidence: float | None = Field(default=None, ge=0, le=1, description=(
        "how sure (0..1, 3 decimals) the reading of the notice's top-level parts (organisation, problems, "
        "next steps) is: the chosen role table's share of the weight of every candidate table; 1 when the "
        "notice has no parts; under 0.8 the record also carries a warning naming the close call"))
    # Added to the contract: per-section paths and the tokens spent, re-asks included.
    sections: list[SectionRun] = Field(default_factory=list,
                                       description="per section, which path produced it (LLM backend)")
    tokens: Tokens = Field(default_factory=Tokens, description="tokens spent on this notice")
    arbitrations: list[Arbitration] = Field(
        default_factory=list,
        description="fields where the model's grounded answer differed from a reading the rules are sure of, "
                    "and the rules' value was kept (LLM backend)")


class DuplicateOf(_Record):
    """Added to the contract: the earlier notice that this one repeats (see pipeline.run.reposts)."""

    doc_id: str = Field(description="doc_id of the notice repeated: the first seen of the copies, "
                                    "in input order or already in the output folder")
    similarity: float = Field(ge=0, le=1, description="Jaccard similarity (0..1, 3 decimals) of the two "
                                                      "notices' sentence sets; reposts have 0.7 or more")


class Notice(_Record):
    doc_id: str = Field(description="stable id: the input file's stem; name~N when another "
                                    "input had the same stem")
    schema_version: Literal["1"] = Field(SCHEMA_VERSION, description="version of this record contract")
    source_sha256: str = Field(
        description="sha256 of the source text in UTF-8 (the decoded file; for HTML the visible "
                    "text; for .docx and PDF the extracted text): every span points into it")
    title: str | None = Field(None, description="the notice's own title line, when it has one")
    issuer: str | None = Field(None, description="the body that publishes the notice (中共某某县委)")
    published_on: dt.date | None = Field(
        None, description="the signature's date; else a labelled page date (发布日期 …)")
    inspection: Inspection = Field(default_factory=Inspection,
                                   description="the inspection this notice answers")
    contact: Contact = Field(default_factory=Contact,
                             description="how the public can reach the issuer")
    summary: list[Stat] = Field(default_factory=list,
                                description="notice-level figures about the rectification as a whole")
    organization_measures: list[Measure] = Field(
        default_factory=list,
        description="measures of the section 整改工作组织情况 (how rectification was organised)")
    problems: list[Problem] = Field(default_factory=list,
                                    description="each fed-back problem and what was done, in text order")
    next_steps: str | None = Field(
        None, description="section 下一步…打算/工作安排, whole text without its heading")
    provenance: Provenance = Field(description="how this record was produced")
    # Added to the contract: reposts of one notice (another site, header or a few edited
    # sentences) name the first copy, so that totals can count it once.
    duplicate_of: DuplicateOf | None = Field(
        None, description="the notice this one is a repost of, with their similarity; null for an original")

    @model_validator(mode="after")
    def _positions_count_from_one(self) -> Notice:
        # Positions are the tables' keys: a gap or a repeat would join rows to the wrong problem.
        positions = [p.position for p in self.problems]
        if positions != list(range(1, len(positions) + 1)):
            raise ValueError(f"problem positions must be 1..{len(positions)} in order, not {positions}")
        return self
