"""Turn Chinese Party inspection rectification notices into schema-validated records.

The data flows through one folder per stage (README.md, "Layout", has the map):
ingest (bytes -> text) -> segment (text -> outline) -> rules | llm (outline -> records)
-> assemble (records + provenance -> Notice) -> run (many inputs) -> output (files);
evaluate and report read the output; the CLI sits on top.
"""

__version__ = "0.1.0"
