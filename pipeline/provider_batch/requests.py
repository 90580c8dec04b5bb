"""Requests out: a notice's section asks as lines of the OpenAI Batch format.

Each line is ``{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}``; the
body is the one instructor sends on the live path for the configured ``--mode``, so an
answer means the same here. Sections follow the rules' outline: a batch cannot wait for
the outline's answer before it asks the sections.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from instructor.processing.response import handle_response_model

from pipeline.assemble import read_with_rules
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.ingest import Source, read_source
from pipeline.records import Notice
from pipeline.segment import Outline
from pipeline.llm.answers import ANSWERS
from pipeline.llm.client import MODES, answer_budget, ask_key, constrained
from pipeline.llm.extract import outline_ask, plan
from pipeline.llm.grounding import Grounding
from pipeline.llm.prompts import prompt_messages

ENDPOINT = "/v1/chat/completions"


def _request(kind: str, text: str, config: Config) -> tuple[dict, str]:
    """The chat-completion body the live path sends for one ask (model, messages, sampling,
    and the mode's ``response_format`` or tools), and its answer-cache key."""
    messages, max_tokens = prompt_messages(kind, text), answer_budget(kind, text, config.max_tokens)
    _, body = handle_response_model(
        ANSWERS[kind], mode=MODES[config.mode], model=config.model, messages=messages,
        temperature=config.temperature, max_tokens=max_tokens)
    if grammar := constrained(kind, config.mode, text):
        body["response_format"] = grammar
    return body, ask_key(config, kind, messages, max_tokens)


def custom_id(doc_id: str, section: str, body: dict) -> str:
    """``doc_id:section:hash``, the hash over the whole body (prompt, model, mode, limits),
    so an answer is only ever mapped back to the exact request it answers."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{doc_id}:{section.replace(' ', '-')}:{digest[:16]}"


@dataclass
class SectionRequest:
    """One section ask as a line of the requests file, and what reads its answer back.

    Attributes:
        name, kind, grounding: the ask, as :func:`pipeline.llm.extract.plan` lays it out.
        custom_id: the line's id (:func:`custom_id`), by which its result comes back.
        body: the chat-completion body.
        key: the answer cache's key of the same ask on the live path.
    """

    name: str
    kind: str
    grounding: Grounding
    custom_id: str
    body: dict
    key: str


def section_requests(source: Source, config: Config,
                     with_outline: bool = False) -> tuple[Outline, Notice, list[SectionRequest]]:
    """The outline of a notice, the rules' record on it, and the requests for its sections.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    outline, rules = read_with_rules(source.text, source.doc_id, source.sha256, source.path)
    asks = []
    # A batch cannot wait for the outline's answer before it asks the sections, so it asks
    # the sections of the rules' outline; the live path asks the outline first.
    first = [ask] if with_outline and (ask := outline_ask(outline)) else []
    for name, kind, grounding in [*first, *plan(outline)]:
        body, key = _request(kind, grounding.text, config)
        asks.append(SectionRequest(name, kind, grounding, custom_id(source.doc_id, name, body), body, key))
    return outline, rules, asks


def requests_for(source: Source, config: Config, with_outline: bool = False) -> list[dict]:
    """The request lines for one notice, one per section ask.

    Args:
        source: the notice.
        config: model, mode and limits.
        with_outline: put the live path's outline ask first (for estimates of a live run).

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    return [{"custom_id": a.custom_id, "method": "POST", "url": ENDPOINT, "body": a.body}
            for a in section_requests(source, config, with_outline)[2]]


def write_requests(sources: Iterable[Source | PipelineError], config: Config, out: IO[str],
                   on_error: Callable[[PipelineError], None]) -> int:
    """Write the requests file for many notices.

    Args:
        sources: the decoded inputs (a read error in their place is passed to ``on_error``).
        config: model, mode and limits.
        out: the JSONL file to write.
        on_error: called with each input that cannot be asked about (not a notice …).

    Returns:
        The number of lines written; a request two inputs share (same name and text) is
        written once.
    """
    written: set[str] = set()
    for source in sources:
        try:
            if isinstance(source, PipelineError):
                raise source
            lines = requests_for(source, config)
        except PipelineError as error:
            on_error(error)
            continue
        for line in lines:
            if line["custom_id"] not in written:
                written.add(line["custom_id"])
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(written)


def read_sources(paths: Iterable[str], config: Config) -> Iterable[Source | PipelineError]:
    """Each input decoded, or the error that reading it raised (in its place)."""
    for path in paths:
        try:
            yield read_source(path, max_bytes=config.max_bytes)
        except PipelineError as error:
            yield error
