"""Turn Chinese Party inspection rectification notices into schema-validated records.

The data flows through one folder per stage (README.md, "Layout", has the map):
ingest (bytes -> text) -> segment (text -> outline) -> rules (outline -> records) ->
assemble (records + provenance -> the rules' Notice) -> llm (a model refines that Notice,
section by section) -> run (many inputs; provider_batch runs them as a provider's batch)
-> output (files); evaluate, report and review read the output; the CLI sits on top.
"""

__version__ = "0.1.0"
