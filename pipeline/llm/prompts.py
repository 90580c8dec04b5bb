"""Prompts: versioned Jinja templates in ``prompts/``, loaded by name (``problem.v1``).

Every request is two messages: the shared contract (``contract.vN``) as the system
message, and the section's task with its text as the user message. The text comes last,
so every ask of one kind starts with the same bytes and endpoints that cache prompt
prefixes (OpenAI, DeepSeek, vLLM, llama.cpp) reuse them. The templates render the cue
lists of :mod:`pipeline.language.lexicon`, the same ones the rules apply. The versions' names go
into ``provenance.prompt_version``; each version's :func:`digest` hashes its rendered text
with the lexicon lists in it, and the cache key and each section of a record
(``provenance.sections[].prompt``) hold :func:`ask_digest`, so a prompt edited under the
same name is asked again, never answered from the cache or skipped on resume.
``prompts/VERSIONS.json`` keeps the digest of every version in the repo, and a test fails
when a template or a lexicon list it renders changed without a new version name.

The templates ship inside the package as ``pipeline.prompts`` (see pyproject.toml), so a
regular install finds them as an editable one does.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files

import jinja2

from pipeline.language import lexicon
from pipeline.errors import UsageError

CONTRACT = "contract.v2"
# The template each kind of ask uses.
SECTION_PROMPTS = {
    "outline": "outline.v2",
    "header": "header.v2",
    "organization": "organization.v1",
    "problem": "problem.v1",
    "summary": "summary.v2",
}
PROMPT_VERSION = " ".join([CONTRACT, *SECTION_PROMPTS.values()])
# A provider batch asks the sections of the rules' outline and never the outline itself
# (see pipeline.provider_batch), so its records name only the versions they were asked with.
BATCH_PROMPT_VERSION = " ".join([CONTRACT, *(v for k, v in SECTION_PROMPTS.items() if k != "outline")])
# What stands for the section's text when a version is hashed: the digest covers every
# byte of a prompt but the notice.
PLACEHOLDER = "<SECTION TEXT>"


@lru_cache(maxsize=None)
def _template(name: str) -> jinja2.Template:
    path = files("pipeline.prompts") / f"{name}.j2"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        raise UsageError(f"prompt {name!r} not found (looked for {path})") from None
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(source, globals={"lex": lexicon})


@lru_cache(maxsize=None)
def _contract() -> str:
    # The same for every ask: rendered once, not once an ask (half the Jinja work of each ask).
    return _template(CONTRACT).render()


@lru_cache(maxsize=None)
def digest(name: str) -> str:
    """The hash of one prompt version's rendered text (``contract.v2``, ``problem.v1``).

    Args:
        name: the version, as in :data:`SECTION_PROMPTS` or :data:`CONTRACT`.

    Returns:
        16 hex digits of the SHA-256 of the template rendered with :data:`PLACEHOLDER` as
        the section's text, so it changes with the template and with every lexicon list
        it renders.

    Raises:
        UsageError: the template file is missing.
    """
    text = _template(name).render(text=PLACEHOLDER)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ask_digest(kind: str) -> str:
    """The digest of everything but the section's text that an ask of ``kind`` sends:
    its template's :func:`digest`, and the contract's for every kind but ``outline``.
    Records keep it per section, so resume redoes a notice asked with other text."""
    names = [SECTION_PROMPTS[kind]] if kind == "outline" else [CONTRACT, SECTION_PROMPTS[kind]]
    return hashlib.sha256(" ".join(digest(name) for name in names).encode("ascii")).hexdigest()[:16]


def prompt_messages(kind: str, text: str) -> list[dict]:
    """The chat messages that ask about one section.

    Args:
        kind: ``outline``, ``header``, ``organization``, ``problem`` or ``summary``.
        text: the section's text, exactly as in the source (for ``outline``, the
            numbered marker lines).

    Returns:
        ``[{"role": "system", ...}, {"role": "user", ...}]``; the outline ask has
        the user message alone.

    Raises:
        UsageError: a template file is missing.
    """
    ask = {"role": "user", "content": _template(SECTION_PROMPTS[kind]).render(text=text)}
    # The outline ask names part roles only: the contract's field rules would be most of
    # its tokens and none of its question.
    return [ask] if kind == "outline" else [{"role": "system", "content": _contract()}, ask]
