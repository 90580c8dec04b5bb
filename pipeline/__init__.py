"""Turn Chinese Party inspection rectification notices into schema-validated records.

Data flows through one module per stage:
ingest (bytes -> text) -> segment (text -> outline) -> rules (outline -> records)
-> assemble (records + provenance -> Notice) -> batch (many inputs) -> write (files).
"""

__version__ = "0.1.0"
