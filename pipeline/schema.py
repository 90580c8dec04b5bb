"""The JSON Schema of the output record, for users working in R, Stata or JS."""

from __future__ import annotations

from pipeline.records import SCHEMA_VERSION, Notice

SCHEMA_FILE = f"schemas/notice.v{SCHEMA_VERSION}.json"


def notice_schema() -> dict:
    """JSON Schema (draft 2020-12) of one line of ``notices.jsonl``."""
    schema = Notice.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"notice.v{SCHEMA_VERSION}.json"
    return schema
