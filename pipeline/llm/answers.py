"""What the model is asked to return for each kind of section, with grounding checks.

The models carry no spans and no numbering: those come from the text and the
segmenter. Each validator reads the section's :class:`Grounding` from :data:`GROUNDING`;
a failed check becomes a validation error that instructor sends back to the model (a
re-ask). Messages start with ``ungrounded:`` so a fallback can say why.

Why a context variable and not pydantic's validation context: instructor renders every
message as a Jinja template when it is given a context, and the messages hold the notice
text, which is untrusted and may contain ``{{`` or ``{%``.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from typing import Literal

from instructor import ResponseSchema
from pydantic import BaseModel, Field, PrivateAttr, model_validator

from pipeline.language.lexicon import UNITS
from pipeline.records import Inspection, StatKind, Status
from pipeline.segment import KINDS, role_tables
from pipeline.llm.grounding import Grounding, number_forms, squeeze

UNGROUNDED = "ungrounded"

# The answers asked for (ANSWERS) are instructor ResponseSchema models themselves: given a
# plain model, instructor builds a wrapper class for every request, and with it the JSON
# schema again (2 ms a request; at concurrency 32 the client fell 16% behind the endpoint).


# The section being validated; each section is asked in its own asyncio task, so
# concurrent sections never see each other's.
GROUNDING: ContextVar[Grounding] = ContextVar("grounding")


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(f"{UNGROUNDED}: {message}")


def _quoted(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


_UNITS = frozenset(UNITS)


def _check_unit(unit: str) -> None:
    # 年, 月 or 号 after a number make a date or a document number, never a figure.
    _require(squeeze(unit).split("(")[0].lstrip("万亿") in _UNITS,
             f"{unit!r} is not a unit of the contract (dates and years are no figures)")


class MetricAnswer(BaseModel):
    value: int | float
    unit: str = Field(min_length=1)
    indicator: str
    qualifier: str | None = None

    @model_validator(mode="after")
    def _a_measure_word(self) -> "MetricAnswer":
        _check_unit(self.unit)
        return self


class MeasureAnswer(BaseModel):
    text: str = Field(min_length=1)
    status: Status
    metrics: list[MetricAnswer] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)

    # Set by the validator. No default_factory: pydantic inspects the factory's signature
    # on every instance, which was a tenth of the client's time per request.
    _span: tuple[int, int] = PrivateAttr()
    _metric_spans: list[tuple[int, int]] = PrivateAttr()

    @model_validator(mode="after")
    def _grounded(self) -> "MeasureAnswer":
        g = GROUNDING.get()
        span = g.align_measure(self.text)
        _require(span is not None, f"measure text {_quoted(self.text)} is not in the section; copy it exactly")
        self._span = span
        self._metric_spans = []
        after = span[0]
        for metric in self.metrics:
            # The same figure may be written twice (2个 … 2个): take the next unused one,
            # in text order when the model kept it.
            free = [s for s in g.metric_spans(metric.value, metric.unit, span) if s not in self._metric_spans]
            _require(bool(free), f"metric {number_forms(metric.value)[0]}{metric.unit} is not written in the measure's text")
            found = next((s for s in free if s[0] >= after), free[0])
            self._metric_spans.append(found)
            after = found[1]
        titles = g.documents(span)
        for title in self.documents:
            _require(squeeze(title.strip("《》")) in titles,
                     f"document {_quoted(title)} is not written in 《》 in the measure's text")
        return self

    def record(self, ordinal: int, source: str) -> dict:
        """This measure as a :class:`pipeline.records.Measure` dict, spans from the text."""
        start, end = self._span
        return {
            "ordinal": ordinal,
            "text": source[start:end],
            "status": self.status,
            "metrics": [
                {**m.model_dump(), "span": s} for m, s in zip(self.metrics, self._metric_spans)
            ],
            "documents": [d.strip("《》") for d in self.documents],
            "span": self._span,
        }


class ProblemAnswer(ResponseSchema):
    title: str = Field(min_length=1)
    measures: list[MeasureAnswer]

    @model_validator(mode="after")
    def _grounded(self) -> "ProblemAnswer":
        _require(GROUNDING.get().locate(self.title) is not None,
                 f"title {_quoted(self.title)} is not in the section")
        return self


class OrganizationAnswer(ResponseSchema):
    measures: list[MeasureAnswer]


class StatAnswer(BaseModel):
    kind: StatKind
    value: int | float
    unit: str = Field(min_length=1)
    text: str = Field(min_length=1)

    _span: tuple[int, int] = PrivateAttr()
    _verbatim: bool = PrivateAttr()

    @model_validator(mode="after")
    def _grounded(self) -> "StatAnswer":
        g = GROUNDING.get()
        _check_unit(self.unit)
        _require(any(form in squeeze(self.text) for form in number_forms(self.value)),
                 f"value {self.value} is not written in {_quoted(self.text)}")
        span = g.locate(self.text)
        self._verbatim = span is not None
        if span is None:
            # A figure from a summary table is its column header and cell ("反馈问题（个） 24"):
            # grounded when each part is in the passages; the span is the part with the value.
            parts, spans, after = self.text.split(), [], 0
            for part in parts:
                # Each part after the one before, as a table row reads; else anywhere.
                found = g.locate(part, within=(after, len(g.outline.text))) or g.locate(part)
                spans.append(found)
                after = found[1] if found else after
            _require(len(parts) > 1 and all(spans), f"stat text {_quoted(self.text)} is not in the passages")
            span = next(s for part, s in zip(parts, spans)
                        if any(form in squeeze(part) for form in number_forms(self.value)))
        self._span = span
        return self

    def record(self, grounding: Grounding) -> dict:
        """This stat as a :class:`pipeline.records.Stat` dict; its span is the figure's."""
        start, end = self._span
        figure = grounding.metric_spans(self.value, self.unit, self._span)
        text = grounding.outline.text[start:end] if self._verbatim else self.text
        return {**self.model_dump(exclude={"text"}), "text": text, "span": figure[0] if figure else self._span}


class SummaryAnswer(ResponseSchema):
    stats: list[StatAnswer]


class HeaderAnswer(ResponseSchema):
    title: str | None = None
    issuer: str | None = None
    published_on: dt.date | None = None
    inspection: Inspection = Field(default_factory=Inspection)

    @model_validator(mode="after")
    def _grounded(self) -> "HeaderAnswer":
        g = GROUNDING.get()
        ins = self.inspection
        for name, text in (("title", self.title), ("issuer", self.issuer),
                           ("group", ins.group), ("target", ins.target)):
            _require(text is None or g.locate(text) is not None, f"{name} {_quoted(text or '')} is not in the text")
        for name, date in (("published_on", self.published_on), ("start_on", ins.start_on),
                           ("end_on", ins.end_on), ("feedback_on", ins.feedback_on)):
            _require(date is None or date in g.dates, f"{name} {date} is not a date written in the text")
        _require(ins.round is None or ins.round in g.rounds,
                 f"round {ins.round} is not written in the text as 第N轮 (a group's number is no round)")
        return self


class OutlineAnswer(ResponseSchema):
    roles: list[Literal[KINDS]]

    @model_validator(mode="after")
    def _in_order(self) -> "OutlineAnswer":
        count = len(GROUNDING.get().outline.sections)
        _require(len(self.roles) == count, f"give one role for every part, [1] to [{count}], in order")
        _require(tuple(self.roles) in set(role_tables(count)),
                 "the roles are out of order: overview or organization parts come first, then problems "
                 "parts, then at most one next_steps part")
        return self


ANSWERS = {
    "outline": OutlineAnswer,
    "header": HeaderAnswer,
    "organization": OrganizationAnswer,
    "problem": ProblemAnswer,
    "summary": SummaryAnswer,
}
