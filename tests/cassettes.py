"""How LLM exchanges are recorded and replayed (vcrpy), shared by tests and
``scripts/record-cassettes``.

Cassettes match on method, path and body, so the same question replays the same answer
and re-asks (whose bodies carry the previous error) replay in order. Every header that
can identify or authorise anyone is dropped before a cassette is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import vcr

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
SECRET_HEADERS = [
    "authorization", "api-key", "x-api-key", "cookie", "set-cookie", "openai-organization",
    "openai-project", "x-request-id", "request-id", "cf-ray", "x-stainless-arch", "x-stainless-os",
]
# What a leaked credential looks like in a cassette file.
SECRET_PATTERNS = re.compile(
    r"(?i)bearer\s+\S+|\bsk-[A-Za-z0-9_-]{8,}|\b(?:" + "|".join(map(re.escape, SECRET_HEADERS[:7])) + r")\s*:"
)


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def recorder(record_mode: str = "none") -> vcr.VCR:
    """A vcrpy configuration: ``none`` replays only (CI), ``all`` records afresh."""
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        filter_headers=SECRET_HEADERS,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


# The recorded model and how it was asked; replaying needs the same settings, since
# they shape every request body (max_tokens, re-asks, response_format).
RECORDED_MODEL = "qwen2.5-coder-0.5b-instruct"
RECORDED_URL = "http://127.0.0.1:8080/v1"


def recording_config(base_url: str = RECORDED_URL, model: str = RECORDED_MODEL, mode: str = "json"):
    """The settings cassettes are recorded and replayed with: one request at a time, no
    answer cache, and one re-ask (a 0.5B model on one CPU thread takes minutes an answer)."""
    from pipeline.config import Config

    return Config(backend="llm", base_url=base_url, model=model, mode=mode, cache_dir=None,
                  concurrency=1, timeout=900, max_retries=1, max_reasks=1)


def secrets_in(path: Path) -> list[str]:
    """Every secret-looking string in a cassette file."""
    return SECRET_PATTERNS.findall(path.read_text(encoding="utf-8"))
