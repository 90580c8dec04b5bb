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
