"""Corrections: a reviewer's edits to one record, and the gold file they become.

The review server (:mod:`pipeline.review.server`) keeps no state: the page holds the record
being corrected (the *working record*: the gold fields with their spans) and sends it
back with each edit. Here every working record is validated through the contract's
models (:class:`GoldNotice`), edits are applied (:func:`apply`), and a gold file is
written in the format ``pipeline eval --gold`` reads: the record without ``span``,
``provenance`` and ``source_sha256`` (:func:`gold_of`). A gold file has no spans, so
when a notice is opened again they are found anew in its source text
(:func:`restore_spans`).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from pipeline.errors import UsageError
from pipeline.evaluate import metric_key
from pipeline.records import Measure, Metric, Notice, Problem, Span, Status
from pipeline.rules.measures import documents, metrics, status
from pipeline.rules.problems import problem_title
from pipeline.language.lexicon import PROBLEM
from pipeline.language.text import CN_NUM, cn_to_int, normalise, strip_span

# --- the working record ---------------------------------------------------------------
# The contract's models with every span optional (a gold file has none, and a span that
# cannot be found again stays empty) and without provenance or digest (the server adds
# them from notices.jsonl for the page).


class GoldMetric(Metric):
    span: Span | None = None


class GoldMeasure(Measure):
    metrics: list[GoldMetric] = Field(default_factory=list)
    span: Span | None = None


class GoldProblem(Problem):
    title: str = Field(min_length=1)
    measures: list[GoldMeasure] = Field(default_factory=list)
    span: Span | None = None


class GoldNotice(Notice):
    source_sha256: None = Field(None, exclude=True)
    organization_measures: list[GoldMeasure] = Field(default_factory=list)
    problems: list[GoldProblem] = Field(default_factory=list)
    provenance: None = Field(None, exclude=True)


def validated(record: object) -> dict:
    """A working record checked against the contract, as plain JSON data.

    Args:
        record: what the page sent.

    Returns:
        The record, with the contract's types (dates as ``YYYY-MM-DD``).

    Raises:
        UsageError: it does not follow the contract (the first error, with its place).
    """
    if isinstance(record, dict) and isinstance(record.get("problems"), list):
        # A problem's position is its place in the list, 1..N, whatever was deleted or added.
        for place, problem in enumerate(record["problems"], start=1):
            if isinstance(problem, dict):
                problem["position"] = place
    try:
        return GoldNotice.model_validate(record).model_dump(mode="json")
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        raise UsageError(f"the record does not follow the contract: {where}: {first['msg']}") from None


def gold_of(record: dict) -> dict:
    """The gold labels of a working record: the record without its spans, positions (the
    order of its problems says them) and repost mark, as hand-written gold files are."""
    if isinstance(record, dict):
        return {key: gold_of(value) for key, value in record.items()
                if key not in ("span", "position", "duplicate_of")}
    if isinstance(record, list):
        return [gold_of(value) for value in record]
    return record


# --- edits ------------------------------------------------------------------------------


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SetStatus(_Edit):
    op: Literal["status"]
    path: str
    status: Status


class SetTitle(_Edit):
    op: Literal["title"]
    path: str
    title: str


class SetCategory(_Edit):
    op: Literal["category"]
    path: str
    category: str | None


class Delete(_Edit):
    op: Literal["delete"]
    path: str


class AddFromSelection(_Edit):
    op: Literal["add_measure", "add_problem"]
    # Any pair of offsets: apply() says when it is no piece of the text.
    span: tuple[int, int]


Edit = Annotated[SetStatus | SetTitle | SetCategory | Delete | AddFromSelection, Field(discriminator="op")]
_EDIT = TypeAdapter(Edit)
# o2: organisation measure 2; p3: problem 3; p3m2: its measure 2 (the page's element ids).
_PATH = re.compile(r"(?:o(?P<org>\d+)|p(?P<problem>\d+)(?:m(?P<measure>\d+))?)")
# A list marker before a selected problem heading: （三） 3. 三、 第三
_MARKER = re.compile(rf"^(?:[（(](?P<a>[{CN_NUM}\d]{{1,3}})[）)]|(?P<b>[{CN_NUM}\d]{{1,3}})[、.．]|{PROBLEM}(?P<c>\d{{1,3}})[:：])\s*")


def parse_edit(edit: object) -> Edit:
    """An edit the page sent, checked.

    Raises:
        UsageError: it is not one of the edits below.
    """
    try:
        return _EDIT.validate_python(edit)
    except ValidationError as error:
        raise UsageError(f"not an edit: {error.errors()[0]['msg']}") from None


def apply(record: dict, edit: Edit, text: str | None) -> tuple[dict, str | None]:
    """Apply one edit to a working record.

    Edits: a measure's ``status``; a problem's ``title`` or ``category`` (empty: none);
    ``delete`` a problem or a measure (the measures after it are numbered again: an
    ordinal is a position); ``add_measure`` / ``add_problem`` from a selection of the
    source text. An added measure goes to the problem whose text holds the selection's
    start (the organisation's measures when none does), in text order; its status,
    metrics and documents are read from its text by the rules. An added problem takes
    the selected heading as its title (list marker and 关于…问题 wrapper dropped) and runs
    to the next problem.

    Args:
        record: a working record (from :func:`validated`); it is not changed.
        edit: the edit.
        text: the source text, needed to add from a selection.

    Returns:
        The new working record, and the path of the item to select afterwards (``None``
        after a delete).

    Raises:
        UsageError: the path names no item of the record, or the selection is not
            inside the text.
    """
    record = validated(record)  # a fresh copy
    if isinstance(edit, AddFromSelection):
        if text is None:
            raise UsageError("the source text is not available, so nothing can be added from it")
        start, end = strip_span(text, *edit.span) if 0 <= edit.span[0] < edit.span[1] <= len(text) else (0, 0)
        if start >= end:
            raise UsageError(f"the selection {list(edit.span)} is not a piece of the text")
        adder = _add_measure if edit.op == "add_measure" else _add_problem
        return adder(record, text, start, end)
    owner, key, position = _locate(record, edit.path)
    item = owner[key][position]
    if isinstance(edit, Delete):
        del owner[key][position]
        if key != "problems":
            _renumber(owner[key])
        return validated(record), None
    if isinstance(edit, SetStatus):
        if key == "problems":
            raise UsageError(f"{edit.path} is a problem: only a measure has a status")
        item["status"] = edit.status
    else:
        if key != "problems":
            raise UsageError(f"{edit.path} is a measure: only a problem has a title and a category")
        if isinstance(edit, SetTitle):
            if not edit.title.strip():
                raise UsageError("a problem's title cannot be empty")
            item["title"] = edit.title.strip()
        else:
            item["category"] = (edit.category or "").strip() or None
    return validated(record), edit.path


def _locate(record: dict, path: str) -> tuple[dict, str, int]:
    """The list holding the item ``path`` names, as (owner, field, position)."""
    m = _PATH.fullmatch(path)
    try:
        if m and m["org"]:
            return record, "organization_measures", _position(record["organization_measures"], m["org"])
        if m:
            problem = record["problems"][_position(record["problems"], m["problem"])]
            if not m["measure"]:
                return record, "problems", int(m["problem"]) - 1
            return problem, "measures", _position(problem["measures"], m["measure"])
    except IndexError:
        pass
    raise UsageError(f"no record item {path!r} in this notice")


def _position(items: list, number: str) -> int:
    position = int(number) - 1
    if not 0 <= position < len(items):
        raise IndexError(number)
    return position


def _renumber(measures: list[dict]) -> None:
    for ordinal, measure in enumerate(measures, start=1):
        measure["ordinal"] = ordinal


def _add_measure(record: dict, text: str, start: int, end: int) -> tuple[dict, str]:
    body = text[start:end]
    measure = {"ordinal": 0, "text": body, "status": status(body), "metrics": metrics(body, start),
               "documents": documents(body), "span": [start, end]}
    holder = _problem_at(record["problems"], start)
    if holder is None:
        owner, prefix = record, "o"
        measures = record["organization_measures"]
    else:
        owner, prefix = record["problems"][holder], f"p{holder + 1}m"
        measures = owner["measures"]
    at = sum(1 for m in measures if m.get("span") and m["span"][0] < start)
    measures.insert(at, measure)
    _renumber(measures)
    return validated(record), f"{prefix}{at + 1}"


def _add_problem(record: dict, text: str, start: int, end: int) -> tuple[dict, str]:
    heading = text[start:end]
    marker = _MARKER.match(heading)
    problems = record["problems"]
    at = sum(1 for p in problems if p.get("span") and p["span"][0] < start)
    if marker and cn_to_int(marker["a"] or marker["b"] or marker["c"]):
        index = cn_to_int(marker["a"] or marker["b"] or marker["c"])
    else:  # no number written: the next after the problem before it
        index = problems[at - 1]["index"] + 1 if at else 1
    later = [p["span"][0] for p in problems[at:] if p.get("span")]
    title = problem_title(heading[marker.end() if marker else 0:])
    if not title:
        raise UsageError("select the problem's heading: the selection has no title in it")
    problems.insert(at, {"index": index, "title": title, "category": None, "measures": [],
                         "span": [start, later[0] if later else len(text)]})
    return validated(record), f"p{at + 1}"


def _problem_at(problems: list[dict], position: int) -> int | None:
    """The problem whose span holds ``position``; of nested ones, the one starting last."""
    inside = [(p["span"][0], k) for k, p in enumerate(problems)
              if p.get("span") and p["span"][0] <= position < p["span"][1]]
    return max(inside)[1] if inside else None


# --- opening a notice again ---------------------------------------------------------------


def restore_spans(gold: dict, original: dict, text: str | None) -> dict:
    """The working record of a gold file: its spans found again in the source text.

    A measure is found by its text (from the end of the one before, else anywhere); its
    metrics by their value and unit among the rules' reading of that text. A problem
    takes the span of the original record's problem with the same title, else with the
    same index, else the extent of its measures. Summary figures take the span of an
    equal figure of the original record. What cannot be found has no span (the page
    lists it without a highlight).

    Args:
        gold: the gold labels (no spans).
        original: the record in ``notices.jsonl``.
        text: the source text, ``None`` when it cannot be shown.

    Returns:
        The working record.
    """
    record = validated(gold)
    if text is None:
        return record
    cursor = 0

    def place(measure: dict) -> None:
        nonlocal cursor
        at = text.find(measure["text"], cursor)
        if at < 0:
            at = text.find(measure["text"])
        if at < 0 or not measure["text"]:
            return
        cursor = at + len(measure["text"])
        measure["span"] = [at, cursor]
        found = {}
        for metric in metrics(measure["text"], at):
            found.setdefault(metric_key(metric), []).append(metric["span"])
        for metric in measure["metrics"]:
            spans = found.get(metric_key(metric))
            if spans:
                metric["span"] = list(spans.pop(0))

    for measure in record["organization_measures"]:
        place(measure)
    unused = list(original.get("problems") or [])
    for problem in record["problems"]:
        for measure in problem["measures"]:
            place(measure)
        source = (_take(unused, lambda p, t=normalise(problem["title"]): normalise(p.get("title") or "") == t)
                  or _take(unused, lambda p, i=problem["index"]: p.get("index") == i))
        spans = [m["span"] for m in problem["measures"] if m.get("span")]
        if source and source.get("span"):
            problem["span"] = list(source["span"])
        elif spans:
            problem["span"] = [min(s[0] for s in spans), max(s[1] for s in spans)]
    stats = [dict(s) for s in original.get("summary") or []]
    for stat in record["summary"]:
        same = _take(stats, lambda s, g=stat: all(s.get(k) == g[k] for k in ("kind", "value", "unit", "text")))
        stat["span"] = same.get("span") if same else None
    return record


def _take(items: list[dict], matches) -> dict | None:
    """Remove and return the first item that matches."""
    for k, item in enumerate(items):
        if matches(item):
            return items.pop(k)
    return None
