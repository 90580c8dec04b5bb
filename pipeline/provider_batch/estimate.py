"""``--dry-run``: the requests a run would send, their tokens and cost, without sending any.

Tokens are estimated from the rendered request (messages plus the schema the mode
adds): a CJK character counts as one token, other text as one per four characters,
which is close for the tokenizers of GPT-4o, Qwen and DeepSeek on these notices.
Completion tokens are each ask's ``max_tokens`` (:func:`~pipeline.llm.client.answer_budget`),
an upper bound: answers usually stop well before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.provider_batch.requests import read_sources, requests_for

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# What the chat format adds around each message (role, separators).
_PER_MESSAGE = 4


def estimate_tokens(text: str) -> int:
    """Tokens of ``text``, estimated: CJK characters one each, other text four characters each."""
    cjk = len(_CJK.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


def prompt_tokens(body: dict) -> int:
    """Estimated prompt tokens of one chat-completion request body."""
    schema = {key: body[key] for key in ("tools", "response_format") if key in body}
    return (sum(estimate_tokens(m["content"]) + _PER_MESSAGE for m in body["messages"])
            + (estimate_tokens(json.dumps(schema, ensure_ascii=False)) if schema else 0))


@dataclass
class Estimate:
    """What a run would ask: counts, estimated tokens and, given a price, the cost."""

    notices: int = 0
    failures: int = 0
    requests: int = 0
    prompt: int = 0
    completion: int = 0  # an upper bound: the sum of max_tokens

    def line(self, config: Config, batch: bool = False) -> str:
        """The closing summary: tokens, and the cost when the model has a price."""
        text = (f"dry run, nothing sent: {self.notices} notice{'s' if self.notices != 1 else ''} "
                f"({self.failures} not asked about), "
                f"{self.requests} requests, ~{self.prompt} prompt + at most {self.completion} completion tokens")
        price = config.price()
        if price is None:
            return text + f"; no price for {config.model} (set one with --prices)"
        cost = price.cost(self.prompt, 0, self.completion, batch=batch)
        mode = ", batch discount applied" if batch and price.batch_discount else ""
        return text + f"; at most {price.format(cost)} for {config.model} (no prefix cache assumed{mode})"


def dry_run(paths: Iterable[str], config: Config, echo: Callable[[str], None], batch: bool = False) -> Estimate:
    """Plan every request of a run and estimate it, sending nothing.

    Args:
        paths: the inputs.
        config: model, mode and limits, as for the real run.
        echo: called with one line per request (``custom_id``, prompt and completion
            tokens) and one per input that would not be asked about.
        batch: a provider batch, which asks no outline (see :mod:`pipeline.provider_batch`).

    Returns:
        The totals.
    """
    estimate = Estimate()
    for source in read_sources(paths, config):
        try:
            if isinstance(source, PipelineError):
                raise source
            lines = requests_for(source, config, with_outline=not batch)
        except PipelineError as error:
            estimate.failures += 1
            echo(f"not asked: {error}")
            continue
        estimate.notices += 1
        for line in lines:
            prompt, completion = prompt_tokens(line["body"]), line["body"]["max_tokens"]
            estimate.requests += 1
            estimate.prompt += prompt
            estimate.completion += completion
            echo(f"{line['custom_id']}\tprompt ~{prompt}\tcompletion <= {completion}")
    return estimate
