"""Results in: a batch's output and error lines, read back into notices.

A batch cannot re-ask: an answer that fails validation or grounding, and every line that
failed, expired or is missing, falls back to the rules for its section, with the reason
in ``provenance.fallbacks``. Answers that pass go into the answer cache under the live
path's key, so a live rerun (``--force``) asks only what fell back, and may re-ask.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.run import RunSummary, run_inputs
from pipeline.config import Config
from pipeline.errors import LLMError, UsageError
from pipeline.ingest import Source
from pipeline.records import Notice
from pipeline.llm.answers import ANSWERS, GROUNDING
from pipeline.llm.cache import AnswerCache
from pipeline.llm.client import AskOutcome, rejection
from pipeline.llm.extract import merge
from pipeline.llm.prompts import BATCH_PROMPT_VERSION
from pipeline.provider_batch.requests import SectionRequest, section_requests

# Why a section without a result line falls back, when the batch completed.
MISSING = "batch missing: no result line for this section"


@dataclass
class Result:
    """One line of an output or error file: the completion, or why there is none."""

    completion: dict | None
    failure: str | None = None


def read_results(lines: Iterable[str], into: dict[str, Result] | None = None) -> dict[str, Result]:
    """Map the lines of output and error files by ``custom_id``.

    Args:
        lines: JSONL lines (blank lines are ignored).
        into: results read already (of the other file); a success is never replaced by an error.

    Returns:
        ``custom_id`` -> :class:`Result`.

    Raises:
        UsageError: a line is not JSON or has no ``custom_id``.
    """
    results = into if into is not None else {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            key = data["custom_id"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise UsageError(f"line {number} of the results is not a batch result line") from None
        response, error = data.get("response") or {}, data.get("error")
        if error:
            result = Result(None, f"batch error: {error.get('code') or 'error'}: {error.get('message', '')}"[:200])
        elif response.get("status_code") != 200:
            message = ((response.get("body") or {}).get("error") or {}).get("message", "")
            result = Result(None, f"batch error: HTTP {response.get('status_code')} {message}"[:200].rstrip())
        else:
            result = Result(response["body"])
        if key not in results or results[key].completion is None:
            results[key] = result
    return results


def _answer_text(completion: dict, mode: str) -> str:
    message = completion["choices"][0]["message"]
    if mode == "tools":
        return message["tool_calls"][0]["function"]["arguments"]
    text = message.get("content") or ""
    if mode == "md_json" and "```" in text:
        # The answer sits in a fenced block, with or without a language tag.
        text = text.split("```")[1].removeprefix("json")
    return text


def _asked(ask: SectionRequest, result: Result | None, mode: str, missing: str) -> AskOutcome:
    # Every ask was one line of the requests file: one attempt, answered or not.
    if result is None:
        return AskOutcome(None, LLMError(missing, section=ask.name, reason="batch missing"), attempts=1)
    if result.completion is None:
        return AskOutcome(None, LLMError(result.failure, section=ask.name, reason="batch error"), attempts=1)
    usage = result.completion.get("usage") or {}
    tokens = (usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0,
              ((usage.get("prompt_tokens_details") or {}).get("cached_tokens") or 0), 1)
    try:
        if result.completion["choices"][0].get("finish_reason") == "length":
            raise LLMError("invalid: the answer was cut off at max_tokens", reason="invalid")
        text = _answer_text(result.completion, mode)
        GROUNDING.set(ask.grounding)
        return AskOutcome(ANSWERS[ask.kind].model_validate_json(text), None, *tokens)
    except ValidationError as exc:
        return AskOutcome(None, rejection(exc, ask.name), *tokens)
    except LLMError as error:
        error.section = ask.name
        return AskOutcome(None, error, *tokens)
    except (KeyError, IndexError, TypeError):
        return AskOutcome(None, LLMError("invalid: the completion holds no answer", section=ask.name,
                                    reason="invalid"), *tokens)


def answered_notice(source: Source, config: Config, results: dict[str, Result],
                    missing: str = MISSING,
                    cache: AnswerCache | None = None) -> Notice:
    """A notice from the batch's answers, each section falling back to rules on its own.

    Args:
        source: the decoded input (the same text the requests were made from).
        config: model, mode and limits, as when the requests were made.
        results: from :func:`read_results`.
        missing: the fallback reason for a section with no result line (an expired
            batch says so).
        cache: where each answer that passed validation and grounding is kept, under the
            live path's key for the same ask.

    Returns:
        The same record the live path makes from the same answers (without re-asks).

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    outline, rules, asks = section_requests(source, config)
    asked = [_asked(a, results.get(a.custom_id), config.mode, missing) for a in asks]
    for ask, outcome in zip(asks, asked):
        if cache and outcome.answer is not None:
            cache.put(ask.key, outcome.answer.model_dump_json())
    return merge(rules, outline, [(a.name, a.kind, a.grounding) for a in asks], asked, config.model,
                 prompt_version=BATCH_PROMPT_VERSION)


def write_answered(paths: Iterable[str], out_dir: str | Path, config: Config, results: dict[str, Result],
                   missing: str = MISSING,
                   on_done: Callable[[str], None] | None = None) -> RunSummary:
    """Write the records of ``paths`` from a batch's results, as :func:`run_inputs` does.

    Every answer that passes the checks also goes into the answer cache (unless
    ``config.cache_dir`` is None), so that a live rerun with ``--force`` sends only the
    asks that fell back, with the re-asks a batch cannot make.

    Args:
        paths: the inputs the requests were made from.
        out_dir: the output folder.
        config: model, mode and limits, as when the requests were made.
        results: from :func:`read_results`.
        missing: the fallback reason for a section with no result line.
        on_done: called with each path when its record is written.

    Returns:
        The run's counts.
    """
    cache = AnswerCache(config.cache_dir) if config.cache_dir else None
    try:
        return run_inputs(paths, out_dir, config, on_done=on_done,
                         make_notice=lambda source: answered_notice(source, config, results, missing, cache))
    finally:
        if cache:
            cache.close()
