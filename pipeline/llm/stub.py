"""A stand-in for an OpenAI-compatible endpoint that answers with the rules' records.

Not a model: it looks up each request's rendered prompt in a table built from the rule
backend's output, so its answers are valid and grounded. ``--model stub`` picks it like
any model (:data:`~pipeline.config.STUB_MODEL`): the client then sends each request to it
in-process, and the run shows it each notice before asking. Tests wrap it to inject
faults (429, 500, timeouts, wrong keys, ungrounded numbers); the benchmark serves it on
127.0.0.1 with a fixed delay to measure how well the run keeps requests in flight.
"""

from __future__ import annotations

import json

import httpx2

from pipeline.assemble import read_with_rules
from pipeline.ingest import Source
from pipeline.llm.extract import outline_ask, plan
from pipeline.llm.prompts import prompt_messages

# A measure as the model is asked for it: no ordinal, no spans.
_MEASURE_FIELDS = {"text": True, "status": True, "documents": True,
                   "metrics": {"__all__": {"value", "unit", "indicator", "qualifier"}}}


def _measures(measures: list) -> list[dict]:
    return [m.model_dump(include=_MEASURE_FIELDS) for m in measures]


def rules_answers(source: Source, kinds: tuple[str, ...] | None = None) -> dict[str, dict]:
    """The answer to every ask about ``source``, keyed by the user message that asks for it.

    Args:
        source: the notice.
        kinds: the part roles to read it with (the outline answer and the sections on
            them); None is the rules' own.

    Raises:
        NotANotice: the text is not a rectification notice (nothing would ask about it).
    """
    outline, notice = read_with_rules(source.text, source.doc_id, source.sha256, kinds=kinds)
    answers = {}
    asks = plan(outline)
    if ask := outline_ask(outline):
        asks.insert(0, ask)
    for name, kind, grounding in asks:
        if kind == "outline":
            answer = {"roles": list(kinds or outline.part_roles.kinds)}
        elif kind == "header":
            answer = {"title": notice.title, "issuer": notice.issuer,
                      "published_on": notice.published_on and notice.published_on.isoformat(),
                      "inspection": notice.inspection.model_dump(mode="json")}
        elif kind == "organization":
            answer = {"measures": _measures(notice.organization_measures)}
        elif kind == "summary":
            answer = {"stats": [s.model_dump(include={"kind", "value", "unit", "text"}) for s in notice.summary]}
        else:
            problem = notice.problems[int(name.split()[1]) - 1]
            answer = {"title": problem.title, "measures": _measures(problem.measures)}
        # Clients may trim the message's whitespace: match on the trimmed text.
        answers[prompt_messages(kind, grounding.text)[-1]["content"].strip()] = answer
    return answers


def completion(body: dict, answer: dict) -> dict:
    """A chat completion carrying ``answer`` the way the request's mode expects it."""
    arguments = json.dumps(answer, ensure_ascii=False)
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}]}
    else:
        message = {"role": "assistant", "content": arguments}
    prompt = sum(len(m.get("content") or "") for m in body["messages"])
    return {
        "id": "stub", "object": "chat.completion", "created": 0, "model": body["model"],
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        # Roughly one token per two characters: enough to check the accounting.
        "usage": {"prompt_tokens": prompt // 2, "completion_tokens": len(arguments) // 2,
                  "total_tokens": prompt // 2 + len(arguments) // 2},
    }


class RulesStub:
    """Answers chat-completion requests for the given sources; a callable for
    ``httpx2.MockTransport`` and for the benchmark's HTTP server.

    Args:
        sources: the notices the stub can answer about.
        kinds: for each source, the part roles to read it with (None: the rules' own).

    Attributes:
        requests: the JSON bodies received, in order.
    """

    def __init__(self, sources: list[Source], kinds: list[tuple[str, ...] | None] | None = None):
        self.answers = {}
        for source, table in zip(sources, kinds or [None] * len(sources)):
            self.learn(source, table)
        self.requests: list[dict] = []

    def learn(self, source: Source, kinds: tuple[str, ...] | None = None) -> None:
        """Answer the asks about ``source`` from now on (read with ``kinds``, as in
        :func:`rules_answers`)."""
        self.answers.update(rules_answers(source, kinds))

    def answer(self, body: dict) -> tuple[int, dict]:
        """``(status, JSON body)`` for one request body."""
        self.requests.append(body)
        asked = next((m["content"] for m in body["messages"] if m["role"] == "user"), "").strip()
        if asked not in self.answers:
            return 404, {"error": {"message": "the stub knows no such section"}}
        return 200, completion(body, self.answers[asked])

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        status, body = self.answer(json.loads(request.content))
        return httpx2.Response(status, json=body)
