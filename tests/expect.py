"""The one harness for the fixture notices: what the extractor must produce for each.

Each ``tests/test_<folder>.py`` holds ``EXPECTED``, a dict from a file name in
``tests/fixtures/<folder>/`` to the record expected for it, and runs ``cases(folder, EXPECTED)``.
Every check is its own test case named ``<fixture>:<field>`` (``gbk-city.txt:p2.m1.metrics``:
problem 2 of the expected list, its measure 1), so a failure names the notice and the field.

An expected record is a dict with any of these keys; a key left out is not checked.

* ``title``, ``issuer``, ``published_on`` (ISO date), ``inspection`` (dict, dates ISO),
  ``contact`` (dict of lists, in order): compared exactly, one case per key.
* ``summary``: ``(kind, value, unit)`` figures, compared as a multiset.
* ``organization_measures``: a list of :class:`M`, or of plain strings where only the
  opening characters are stated (the ordinal is then the place in the list).
* ``problems``: a list of :class:`P` in text order, each with its list of :class:`M`.
* ``next_steps``: ``None`` (there is none), the whole text as a string (compared after
  stripping surrounding whitespace), or :class:`Text` (its opening and closing only).
* ``encoding``: the fixture's bytes are in this encoding (default UTF-8).
* ``hidden`` / ``own_lines`` (HTML pages): strings that must not be in the visible text,
  and lines that must stand on a line of their own in it.
* ``may_refuse``: not a notice -- raising ``NotANotice`` is right too (then nothing else is
  checked); an honest record must still satisfy the keys given.

A measure's text is checked by its opening characters (``start``, as many as written) and,
where given, its closing ones (``end``: the text, trailing punctuation and whitespace
stripped, must end with it -- this catches a measure that swallows the next heading, lead-in
or contact paragraph). Metrics are ``(value, unit, qualifier)`` tuples compared as a multiset,
like the evaluator does. Every fixture also gets a ``source`` case (id, schema version, hash,
decoding) and a ``spans`` case (every span slices its own text out of the source, inside its
parent, in order).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.assemble import build_notice
from pipeline.errors import NotANotice
from pipeline.ingest.source import source_from_bytes
from pipeline.language.text import normalise

FIXTURES = Path(__file__).parent / "fixtures"

R, C, I = "reported", "completed", "in_progress"  # a measure's status

# What ``end`` ignores at the close of a text.
TRAILING = "。；;，,.：: \t\r\n\u3000\xa0"


@dataclass(frozen=True)
class M:
    """An expected measure: ordinal, status, the first characters of its text, its
    ``(value, unit, qualifier)`` metrics, its document titles, the last characters of
    its text (optional)."""

    ordinal: int
    status: str
    start: str
    metrics: list = field(default_factory=list)
    docs: list = field(default_factory=list)
    end: str | None = None


@dataclass(frozen=True)
class P:
    """An expected problem: its own number, its title, its measures, its category."""

    index: int
    title: str
    measures: list
    category: str | None = None


@dataclass(frozen=True)
class Text:
    """A text known by its opening and (optionally) its closing characters."""

    start: str
    end: str | None = None


def cases(folder: str, expected: dict) -> list:
    """One test case per fixture and field, named ``<fixture>:<field>``; each case is a
    function of no arguments that asserts."""
    out = [pytest.param(functools.partial(_all_listed, folder, expected), id="all fixtures listed")]
    for name, exp in expected.items():
        for field_name, check in _checks(exp):
            run = functools.partial(_run, folder, name, exp, check)
            out.append(pytest.param(run, id=f"{name}:{field_name}"))
    return out


@functools.cache
def load(folder: str, name: str):
    """(ingested source, notice -- or the NotANotice raised), the way ``pipeline run``
    reads the file."""
    path = FIXTURES / folder / name
    source = source_from_bytes(path.read_bytes(), path=str(path), doc_id=path.stem)
    try:
        return source, build_notice(source)
    except NotANotice as refusal:
        return source, refusal


def same(got, want):
    """Assert equality, showing both values (this module's asserts are not rewritten)."""
    assert got == want, f"\nexpected {want!r}\n     got {got!r}"


def number(value) -> str:
    """A value as written: 12, 12.5 (never 12.0)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


def _run(folder: str, name: str, exp: dict, check):
    source, notice = load(folder, name)
    if isinstance(notice, NotANotice):
        if exp.get("may_refuse"):
            return
        pytest.fail(f"{name}: NotANotice: {notice}")
    check(exp, source.text, notice, source)


def _all_listed(folder: str, expected: dict):
    on_disk = sorted(p.name for p in (FIXTURES / folder).iterdir() if p.is_file())
    same(on_disk, sorted(expected))


def _checks(exp: dict) -> list:
    """(field, check) for the source, the spans and every field the expectation states."""
    out = [("source", _source)]
    out += [(key, _scalar(key)) for key in ("title", "issuer", "published_on") if key in exp]
    out += [(f"inspection.{key}", _inspection(key)) for key in exp.get("inspection", {})]
    out += [(f"contact.{key}", _contact(key)) for key in exp.get("contact", {})]
    if "summary" in exp:
        out.append(("summary", _summary))
    if "organization_measures" in exp:
        out += _measure_list_checks("organization_measures", None, exp["organization_measures"])
    if "problems" in exp:
        out.append(("problems", _problems))
        for place, p in enumerate(exp["problems"]):
            out += _measure_list_checks(f"p{place + 1}", place, p.measures)
    if "next_steps" in exp:
        out.append(("next_steps", _next_steps))
    out.append(("spans", _spans))
    if "hidden" in exp:
        out.append(("hidden", _hidden))
    if "own_lines" in exp:
        out.append(("own_lines", _own_lines))
    return out


def _measure_list_checks(tag: str, place: int | None, expected: list) -> list:
    get = functools.partial(_measures_of, place)
    out = [(tag if place is None else f"{tag}.measures", functools.partial(_measure_list, get))]
    for e in expected:
        if isinstance(e, M):
            out.append((f"{tag}.m{e.ordinal}.metrics", functools.partial(_metrics, get, e)))
            out.append((f"{tag}.m{e.ordinal}.documents", functools.partial(_documents, get, e)))
    return out


# ----------------------------------------------------------------------------------------
# Checks: each takes (expected record, source text, notice, ingested source) and asserts.


def _source(exp, text, notice, source):
    path = Path(source.path)
    same(notice.doc_id, path.stem)
    same(notice.schema_version, "1")
    same(notice.source_sha256, hashlib.sha256(text.encode("utf-8")).hexdigest())
    if source.format == "text":  # decoded as written: spans index into the file's own text
        assert text == path.read_bytes().decode(exp.get("encoding", "utf-8")), "decoded otherwise"


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _scalar(key):
    def check(exp, text, notice, source):
        same(_iso(getattr(notice, key)), exp[key])

    return check


def _inspection(key):
    def check(exp, text, notice, source):
        same(_iso(getattr(notice.inspection, key)), exp["inspection"][key])

    return check


def _contact(key):
    def check(exp, text, notice, source):
        same(list(getattr(notice.contact, key)), exp["contact"][key])

    return check


def _summary(exp, text, notice, source):
    got = [(s.kind, float(s.value), s.unit) for s in notice.summary]
    want = [(kind, float(value), unit) for kind, value, unit in exp["summary"]]
    same(sorted(got, key=repr), sorted(want, key=repr))


def _problems(exp, text, notice, source):
    got = [(p.index, p.title, p.category) for p in notice.problems]
    same(got, [(p.index, p.title, p.category) for p in exp["problems"]])


def _measures_of(place, exp, notice):
    """(expected, actual) measures: the organisation's (place None) or those of the
    problem at ``place`` in the expected list."""
    if place is None:
        return exp["organization_measures"], notice.organization_measures
    expected = exp["problems"][place]
    return expected.measures, _find_problem(notice, place, expected).measures


def _find_problem(notice, place: int, expected: P):
    """Matched like the scorer matches (normalised title, the same index first);
    else the problem at the same place."""
    titled = [p for p in notice.problems if normalise(p.title) == normalise(expected.title)]
    for p in titled:
        if p.index == expected.index:
            return p
    if titled:
        return titled[0]
    if place < len(notice.problems):
        return notice.problems[place]
    pytest.fail(f"no problem titled {expected.title!r}: {[p.title for p in notice.problems]}")


def _find_measure(measures, ordinal: int):
    for m in measures:
        if m.ordinal == ordinal:
            return m
    pytest.fail(f"no measure {ordinal}: ordinals {[m.ordinal for m in measures]}")


def _measure_list(get, exp, text, notice, source):
    """Ordinal, status, opening and closing of each measure, as the expectation at the
    same place states them."""
    expected, measures = get(exp, notice)
    want = [_expected_row(place, e) for place, e in enumerate(expected, 1)]
    got = [_actual_row(m, expected[i] if i < len(expected) else None) for i, m in enumerate(measures)]
    same(got, want)


def _expected_row(place: int, e) -> tuple:
    if isinstance(e, str):  # only the opening is stated; the ordinal is the place
        return (place, e)
    return (e.ordinal, e.status, e.start) + ((e.end,) if e.end else ())


def _actual_row(m, e) -> tuple:
    if isinstance(e, str):
        return (m.ordinal, m.text[: len(e)])
    if e is None:  # a measure nobody expected
        return (m.ordinal, m.status, m.text[:12])
    row = (m.ordinal, m.status, m.text[: len(e.start)])
    return row + ((_tail(m.text)[-len(e.end) :],) if e.end else ())


def _tail(text: str) -> str:
    return text.rstrip(TRAILING)


def _metrics(get, e: M, exp, text, notice, source):
    m = _find_measure(get(exp, notice)[1], e.ordinal)
    got = [(float(x.value), x.unit, x.qualifier) for x in m.metrics]
    want = [(float(value), unit, qualifier) for value, unit, qualifier in e.metrics]
    same(sorted(got, key=repr), sorted(want, key=repr))


def _documents(get, e: M, exp, text, notice, source):
    same(list(_find_measure(get(exp, notice)[1], e.ordinal).documents), e.docs)


def _next_steps(exp, text, notice, source):
    want, got = exp["next_steps"], notice.next_steps
    if want is None:
        same(got, None)
        return
    assert got is not None, "no next_steps"
    if isinstance(want, Text):
        assert got.startswith(want.start), f"starts {got[:40]!r}, expected {want.start!r}"
        if want.end:
            assert _tail(got).endswith(want.end), f"ends {_tail(got)[-40:]!r}, expected {want.end!r}"
    else:
        same(got.strip(), want.strip())
    # The closing appeal/contact paragraph and the signature are not part of it.
    assert "联系电话" not in got and "欢迎" not in got, f"contact paragraph in: {got[-60:]!r}"
    assert exp.get("issuer") is None or exp["issuer"] not in got, f"signature in: {got[-60:]!r}"


# A metric's span: the number as written (thousands separators allowed), 余/多, the unit.
_WRITTEN_METRIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)(余|多)?(.+)")


def _spans(exp, text, notice, source):
    """Every span slices its own text out of the source, inside its parent, in order."""
    measures = [(f"organisation measure {m.ordinal}", m) for m in notice.organization_measures]
    previous_end = 0
    for p in notice.problems:
        start, end = p.span
        assert 0 <= start < end <= len(text), f"problem {p.index}: span {p.span}"
        assert previous_end <= start, f"problem {p.index}: overlaps the problem before"
        assert p.title in text[start:end], f"problem {p.index}: title not in its block"
        last = start
        for m in p.measures:
            where = f"problem {p.index} measure {m.ordinal}"
            assert last <= m.span[0] and m.span[1] <= end, f"{where}: outside its problem or out of order"
            last = m.span[1]
            measures.append((where, m))
        previous_end = end
    stated = list(exp.get("organization_measures", []))
    stated += [m for p in exp.get("problems", []) for m in p.measures]
    assert measures or not stated, "no measures at all"
    for where, m in measures:
        start, end = m.span
        assert 0 <= start < end <= len(text), f"{where}: span {m.span}"
        assert text[start:end] == m.text, f"{where}: {text[start:end][:12]!r} != {m.text[:12]!r}"
        for x in m.metrics:
            written = unicodedata.normalize("NFKC", text[x.span[0] : x.span[1]])  # ６ -> 6
            assert start <= x.span[0] < x.span[1] <= end, f"{where}: metric {written} outside its measure"
            match = _WRITTEN_METRIC.fullmatch(written)
            assert match, f"{where}: metric span {written!r}"
            assert match[1].replace(",", "") == number(x.value) and match[3] == x.unit, f"{where}: {written!r}"
        for doc in m.documents:
            assert f"《{doc}》" in m.text, f"{where}: document {doc!r}"
    for s in notice.summary:
        if s.span is not None:
            assert number(s.value) in text[s.span[0] : s.span[1]], f"summary {s.kind} {s.value}"


def _hidden(exp, text, notice, source):
    same([s for s in exp["hidden"] if s in text], [])


def _own_lines(exp, text, notice, source):
    lines = {line.strip() for line in text.splitlines()}
    same([s for s in exp["own_lines"] if s not in lines], [])
