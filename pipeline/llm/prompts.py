"""Prompts: versioned Jinja templates in ``prompts/``, loaded by name (``problem.v1``).

Every request is two messages: the shared contract (``contract.vN``) as the system
message, and the section's task with its text as the user message. The versions of both go
into ``provenance.prompt_version`` and into the cache key, so editing a prompt means a new
file name and never a silently different answer from the cache.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..errors import UsageError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
CONTRACT = "contract.v1"
# The template each kind of section is asked with.
SECTION_PROMPTS = {
    "header": "header.v1",
    "organization": "organization.v1",
    "problem": "problem.v1",
    "summary": "summary.v1",
}
PROMPT_VERSION = " ".join([CONTRACT, *SECTION_PROMPTS.values()])


@lru_cache(maxsize=None)
def _template(name: str) -> jinja2.Template:
    path = PROMPTS_DIR / f"{name}.j2"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        raise UsageError(f"prompt {name!r} not found (looked for {path})") from None
    return jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True).from_string(source)


def render(kind: str, text: str) -> list[dict]:
    """The chat messages that ask about one section.

    Args:
        kind: ``header``, ``organization``, ``problem`` or ``summary``.
        text: the section's text, exactly as in the source.

    Returns:
        ``[{"role": "system", ...}, {"role": "user", ...}]``.

    Raises:
        UsageError: a template file is missing.
    """
    return [
        {"role": "system", "content": _template(CONTRACT).render()},
        {"role": "user", "content": _template(SECTION_PROMPTS[kind]).render(text=text)},
    ]
