"""schemas/notice.v1.json must be what the pydantic models generate today."""

import json

from pipeline.schema import SCHEMA_FILE, notice_schema

from .conftest import ROOT


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
