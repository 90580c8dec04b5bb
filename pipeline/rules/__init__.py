"""Rule-based extractors: outline parts -> contract records.

The offline default backend, and the fallback for every part the LLM gets wrong.

Extractors return plain dicts in the contract's shape; :mod:`pipeline.assemble`
validates the whole notice once, which pydantic-core does far faster than building
every nested model one by one (the rules' throughput depends on it).
"""
