"""The record contract (schema version 1) as pydantic models.

Field names, types and meanings follow ``spec/RECORDS.md``; fields beyond the contract
are only ever added, never renamed. ``schemas/notice.v1.json`` is generated from
:class:`Notice` (see ``pipeline.schema``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = tuple[int, int]
Status = Literal["completed", "in_progress", "reported"]
Level = Literal["central", "provincial", "city", "county", "unit"]
Kind = Literal["常规", "专项", "联动", "回头看", "机动", "提级"]
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


class Metric(_Record):
    value: int | float
    unit: str
    indicator: str
    qualifier: str | None = None
    span: Span


class Measure(_Record):
    ordinal: int
    text: str
    status: Status
    metrics: list[Metric] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    span: Span


class Problem(_Record):
    index: int
    title: str
    category: str | None = None
    measures: list[Measure] = Field(default_factory=list)
    span: Span


class Stat(_Record):
    kind: StatKind
    value: int | float
    unit: str
    text: str
    span: Span | None = None


class Inspection(_Record):
    level: Level | None = None
    kind: Kind | None = None
    round: int | None = None
    group: str | None = None
    target: str | None = None
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    feedback_on: dt.date | None = None


class Contact(_Record):
    phones: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    addresses: list[str] = Field(default_factory=list)


class Fallback(_Record):
    section: str
    reason: str


class SectionRun(_Record):
    """Added to the contract: how one section was produced (LLM backend only)."""

    section: str
    backend: Literal["rules", "llm"]
    attempts: int = 0  # requests made: 1 + re-asks; 0 when answered from the cache
    cached: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Tokens(_Record):
    prompt: int = 0
    completion: int = 0


class Provenance(_Record):
    backend: Literal["rules", "llm"]
    # Added to the contract: the input as given (``-`` for stdin), so a review page or a
    # rerun can find the text that the spans point into.
    source: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    fallbacks: list[Fallback] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # Added to the contract: the share (0..1, 3 decimals) of the body's characters that lie
    # in an extracted span (see pipeline.assemble.coverage); None when not measured.
    coverage: float | None = Field(default=None, ge=0, le=1)
    # Added to the contract: per-section paths and the tokens spent, re-asks included.
    sections: list[SectionRun] = Field(default_factory=list)
    tokens: Tokens = Field(default_factory=Tokens)


class Notice(_Record):
    doc_id: str
    schema_version: str = SCHEMA_VERSION
    source_sha256: str
    title: str | None = None
    issuer: str | None = None
    published_on: dt.date | None = None
    inspection: Inspection = Field(default_factory=Inspection)
    contact: Contact = Field(default_factory=Contact)
    summary: list[Stat] = Field(default_factory=list)
    organization_measures: list[Measure] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    next_steps: str | None = None
    provenance: Provenance
