"""A scripted fake model: an OpenAI-compatible endpoint (an ``httpx2.MockTransport``
handler) that answers each ask from a script, section by section.

A script entry is ``(kind, phrase) -> replies``: the first ask of that kind whose text
contains the phrase gets ``replies[0]``, a re-ask ``replies[1]`` and so on (the last one
repeats). A reply is an answer dict, a raw string (sent as the model's text, for
answers that are no JSON), or an ``httpx2.Response`` (an HTTP error). Asks the script
does not name are answered as the rules read that section (:class:`RulesStub`), so a
test changes only what it is about.
"""

from __future__ import annotations

import json

import httpx2

from pipeline.ingest.source import Source
from pipeline.llm.prompts import SECTION_PROMPTS, prompt_messages
from pipeline.llm.stub import RulesStub, completion

# Each kind's task starts its user message with its own first line.
_KINDS = {prompt_messages(kind, "")[-1]["content"].splitlines()[0]: kind for kind in SECTION_PROMPTS}


def kind_of(body: dict) -> tuple[str, str]:
    """``(kind, user message)`` of a chat-completion request body."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return _KINDS[user.splitlines()[0]], user


class ScriptedModel:
    """Answers from a script, else like the rules.

    Args:
        source: the notice asked about.
        script: ``{(kind, phrase): [reply, …]}``.
        kinds: the part roles the unscripted answers read the notice with.

    Attributes:
        requests: ``(kind, body)`` of every request, in order.
    """

    def __init__(self, source: Source, script: dict, kinds: tuple[str, ...] | None = None):
        self.script = script
        self.echo = RulesStub([source], [kinds])
        self.asked: dict = {}
        self.requests: list[tuple[str, dict]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        kind, user = kind_of(body)
        self.requests.append((kind, body))
        entry = next(((k, phrase) for k, phrase in self.script if k == kind and phrase in user), None)
        if entry is None:
            status, answer = self.echo.answer(body)
            return httpx2.Response(status, json=answer)
        # A re-ask repeats the first user message and adds the error: count per entry.
        n = self.asked[entry] = self.asked.get(entry, -1) + 1
        replies = self.script[entry]
        reply = replies[min(n, len(replies) - 1)]
        if isinstance(reply, httpx2.Response):
            return reply
        answer = completion(body, {})
        text = reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)
        message = answer["choices"][0]["message"]
        if message.get("tool_calls"):
            message["tool_calls"][0]["function"]["arguments"] = text
        else:
            message["content"] = text
        return httpx2.Response(200, json=answer)
