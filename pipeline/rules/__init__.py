"""Rule-based extractors: outline parts -> contract records.

The offline default backend, and the fallback for every part the LLM gets wrong.
"""
