"""The record contract ships in the repository (docs/CONTRACT.md) and says what the
models hold; nothing points to a file that a clone lacks."""

from __future__ import annotations

import re
import typing

import pytest

from pipeline import records

from .conftest import ROOT

DOC = (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
SHIPPED = ["README.md", "pyproject.toml", "docs", "pipeline", "prompts", "schemas", "scripts", "seeds", "tests"]


def section(model: str) -> str:
    match = re.search(rf"^##+ {model}\b[^\n]*\n(.*?)(?=^##|\Z)", DOC, re.M | re.S)
    assert match, model
    return match.group(1)


@pytest.mark.parametrize("model", ["Notice", "Inspection", "Contact", "Problem", "Measure", "Metric", "Stat"])
def test_every_field_of_the_model_is_a_row_of_its_section(model):
    rows = set(re.findall(r"^\| `([^`]+)`(?:, `([^`]+)`)? \|", section(model), re.M))
    documented = {name for row in rows for name in row if name}
    assert documented == set(getattr(records, model).model_fields)


def test_provenance_names_every_field_and_every_choice_is_listed():
    assert set(records.Provenance.model_fields) <= set(re.findall(r"`(\w+)`", section("Provenance")))
    for choices in (records.Status, records.Level, records.Kind, records.StatKind):
        for value in typing.get_args(choices):
            assert f"`{value}`" in DOC, value


def test_scoring_names_every_figure_eval_reports():
    from pipeline.evaluate.scoring import score

    figures = score({"d": {"doc_id": "d"}}, {})["micro"]["fields"]
    table = section("Scoring")
    for name in figures:
        assert re.search(rf"`{re.escape(name)}`|`{re.escape(name.split('.')[0])}\.\*`", table), name


def test_no_file_points_outside_the_clone():
    pointing = []
    for top in SHIPPED:
        for path in [ROOT / top] if (ROOT / top).is_file() else sorted((ROOT / top).rglob("*")):
            if not path.is_file() or path == ROOT / "tests" / "test_contract_doc.py":
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            if "RECORDS.md" in text or "../shared" in text or "/shared/" in text:
                pointing.append(str(path.relative_to(ROOT)))
    assert pointing == []
