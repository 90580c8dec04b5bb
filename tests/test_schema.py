"""schemas/notice.v1.json must be what the pydantic models generate today, and the models
refuse what the contract rules out."""

import copy
import json
import re
from functools import reduce

import pytest
from pydantic import ValidationError

from pipeline.assemble import notice_from_text
from pipeline.records import Notice
from pipeline.schema import SCHEMA_FILE, notice_schema

from .conftest import ROOT, SAMPLE


def test_committed_schema_is_up_to_date():
    committed = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert committed == notice_schema(), "regenerate with: pipeline schema > " + SCHEMA_FILE


def test_schema_names_every_contract_field():
    props = notice_schema()["properties"]
    for field in ("doc_id", "schema_version", "source_sha256", "title", "issuer", "published_on",
                  "inspection", "contact", "summary", "organization_measures", "problems",
                  "next_steps", "provenance"):
        assert field in props


def undescribed(schema: dict) -> list[str]:
    """Every property of the schema and of its $defs that has no description."""
    missing = []
    models = {"Notice": schema, **schema["$defs"]}
    for model, definition in models.items():
        for name, prop in definition.get("properties", {}).items():
            if not prop.get("description", "").strip():
                missing.append(f"{model}.{name}")
    return missing


def test_every_property_has_a_description():
    schema = notice_schema()
    assert len(schema["$defs"]) == 12
    assert undescribed(schema) == []


def test_a_property_without_a_description_is_found():
    schema = notice_schema()
    del schema["$defs"]["Metric"]["properties"]["unit"]["description"]
    assert undescribed(schema) == ["Metric.unit"]


@pytest.fixture(scope="module")
def record() -> dict:
    text = SAMPLE.read_text(encoding="utf-8")
    return notice_from_text(text, "sample").model_dump(mode="json")


def test_a_sample_record_is_valid(record):
    assert Notice.model_validate(record).problems[2].position == 3


@pytest.mark.parametrize("path, value, says", [
    (("problems", 0, "span"), [50, 10], "end comes before its start"),
    (("problems", 0, "measures", 0, "metrics", 0, "span"), [-1, 3], "greater than or equal to 0"),
    (("problems", 0, "index"), 0, "greater than or equal to 1"),
    (("problems", 0, "position"), 0, "greater than or equal to 1"),
    (("problems", 1, "position"), 1, "problem positions must be 1..14 in order"),
    (("problems", 0, "measures", 0, "ordinal"), 0, "greater than or equal to 1"),
    (("organization_measures", 0, "ordinal"), -2, "greater than or equal to 1"),
    (("inspection", "round"), 0, "counts from 1"),
    (("schema_version",), "2", "Input should be '1'"),
])
def test_the_models_refuse_what_the_contract_rules_out(record, path, value, says):
    broken = copy.deepcopy(record)
    *parents, last = path
    reduce(lambda node, key: node[key], parents, broken)[last] = value
    with pytest.raises(ValidationError, match=re.escape(says)):
        Notice.model_validate(broken)
