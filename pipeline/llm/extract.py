"""Sections -> records with the model, each section falling back to the rules on its own.

Segmentation stays rule-based, so spans are deterministic. The rules run first on the
whole notice: their records are the fallback for every section the model gets wrong,
and the yardstick for the cross-check warnings.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field

from pipeline.assemble import read_with_rules, with_coverage
from pipeline.errors import LLMError
from pipeline.ingest import Source
from pipeline.records import Notice
from pipeline.segment import Outline
from pipeline.llm.arbitrate import Arbiter
from pipeline.llm.client import AskOutcome, LLMClient
from pipeline.llm.grounding import Grounding, OutlineLines
from pipeline.llm.prompts import PROMPT_VERSION, ask_digest


def plan(outline: Outline) -> list[tuple[str, str, Grounding]]:
    """The sections to ask about: ``(name, kind, grounding)`` each.

    Names are ``header``, ``organization``, ``summary`` and ``problem N`` with N the
    problem's position in ``Notice.problems`` (from 1); the same names appear in
    ``provenance.fallbacks`` and ``provenance.sections``.
    """
    head = [outline.preamble]
    if outline.signer or outline.signed_on:
        marks = [s for s in (outline.signer, outline.signed_on) if s]
        head.append((min(s[0] for s in marks), max(s[1] for s in marks)))
    asks = [("header", "header", Grounding(outline, head))]
    org = next((s.body for s in outline.sections if s.kind == "organization"), None)
    if outline.organization:
        region = org or (outline.organization[0][0], outline.organization[-1][1])
        asks.append(("organization", "organization", Grounding(outline, [region], outline.organization)))
    asks += [(f"problem {i}", "problem", Grounding(outline, [block.span], block.measures))
             for i, block in enumerate(outline.problems, 1)]
    if outline.summary_regions:
        asks.append(("summary", "summary", Grounding(outline, outline.summary_regions)))
    return asks


def outline_ask(outline: Outline) -> tuple[str, str, OutlineLines] | None:
    """The ask for the roles of the notice's top-level parts, ``(name, kind, lines)``, when
    the rules' choice was a close call (:attr:`pipeline.segment.parts.PartRoles.close_calls`);
    None when the shape decided."""
    return ("outline", "outline", OutlineLines(outline)) if outline.part_roles.close_calls else None


@dataclass
class LaidOutNotice:
    """A notice laid out before its sections are asked about.

    Attributes:
        outline: the outline the sections follow (the rules' or the model's table).
        rules: the rules' record on that outline: the fallback and the yardstick.
        arbiter: what was arbitrated so far (the outline).
        asks, results: the asks made so far (the outline ask) and their outcomes.
    """

    outline: Outline
    rules: Notice
    arbiter: Arbiter
    asks: list = field(default_factory=list)
    results: list[AskOutcome] = field(default_factory=list)


async def lay_out(source: Source, client: LLMClient, keep: dict[str, str] | None = None) -> LaidOutNotice:
    """Segment a notice, extract it with the rules, and ask the model for its layout
    when the shape could not decide it.

    The outline ask is one small request (a line per part); the model's part roles are
    taken (:meth:`Arbiter.parts`), and the rules' record is made again on them.
    ``keep`` is as for :func:`llm_notice`.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    outline, rules = read_with_rules(source.text, source.doc_id, source.sha256, source.path)
    found = LaidOutNotice(outline, rules, Arbiter(outline))
    if (ask := outline_ask(outline)) is None:
        return found
    asked = await _ask(client, keep, *ask)
    found.asks.append(ask)
    found.results.append(asked)
    if asked.answer is not None:
        kinds = found.arbiter.parts(tuple(asked.answer.roles))
        if kinds != outline.part_roles.kinds:
            found.outline, found.rules = read_with_rules(source.text, source.doc_id, source.sha256,
                                                         source.path, kinds=kinds)
            found.arbiter.outline = found.outline
    return found


async def llm_notice(source: Source, client: LLMClient, keep: dict[str, str] | None = None) -> Notice:
    """Extract one notice with the model: its layout first, then section by section.

    Args:
        source: the decoded input.
        client: the model client (shared by the whole run).
        keep: sections not to ask, left on the rules with the given fallback reason
            (section -> reason): on a rerun, those the model answered wrongly before.

    Returns:
        The notice; ``provenance`` lists each section's path, every fallback with its
        reason, arbitrations, cross-check warnings and tokens. ``backend`` is ``llm``
        when at least one section's answer was used.

    Raises:
        NotANotice: the text is not a rectification notice.
    """
    found = await lay_out(source, client, keep)
    sections = plan(found.outline)
    results = await asyncio.gather(*(_ask(client, keep, name, kind, g) for name, kind, g in sections))
    return merge(found.rules, found.outline, found.asks + sections, found.results + results,
                 client.config.model, found.arbiter)


async def _ask(client: LLMClient, keep: dict[str, str] | None, name: str, kind: str, grounding) -> AskOutcome:
    if keep and name in keep:
        return AskOutcome(None, LLMError(keep[name], section=name, reason=keep[name].split(":")[0]))
    return await client.ask(kind, name, grounding)


def merge(rules: Notice, outline: Outline, asks, results: list[AskOutcome], model: str,
          arbiter: Arbiter | None = None, prompt_version: str = PROMPT_VERSION) -> Notice:
    """Put the model's answers in place of the rules' records, section by section, as
    far as :class:`~pipeline.llm.arbitrate.Arbiter` allows, and measure coverage again.
    ``prompt_version`` names the prompts the notice could have been asked with."""
    data = rules.model_dump()
    text = outline.text
    prov = data["provenance"]
    prov.update(model=model, prompt_version=prompt_version)
    arbiter = arbiter or Arbiter(outline)
    used = 0
    for (name, kind, grounding), asked in zip(asks, results):
        prov["sections"].append({
            "section": name, "backend": "rules" if asked.answer is None else "llm",
            "attempts": asked.attempts, "cached": asked.cached,
            "prompt_tokens": asked.prompt_tokens, "completion_tokens": asked.completion_tokens,
            "cached_tokens": asked.cached_tokens, "prompt": ask_digest(kind)})
        prov["tokens"]["prompt"] += asked.prompt_tokens
        prov["tokens"]["completion"] += asked.completion_tokens
        prov["tokens"]["cached"] += asked.cached_tokens
        if asked.answer is None:
            prov["fallbacks"].append({"section": name, "reason": asked.failure.message})
            continue
        used += 1
        answer = asked.answer
        if kind == "outline":
            continue  # already applied: the outline the sections were asked on
        if kind == "header":
            arbiter.header(data, answer)
        elif kind == "summary":
            data["summary"] = arbiter.summary(data["summary"], [s.record(grounding) for s in answer.stats])
        else:
            answers = [m.record(i, text) for i, m in enumerate(answer.measures, 1)]
            if kind == "organization":
                measures = arbiter.measures(name, data["organization_measures"], answers)
                prov["warnings"] += disagreements(name, measures, data["organization_measures"])
                data["organization_measures"] = measures
            else:
                position = int(name.split()[1]) - 1
                problem, block = data["problems"][position], outline.problems[position]
                measures = arbiter.measures(name, problem["measures"], answers)
                prov["warnings"] += disagreements(name, measures, problem["measures"])
                problem.update(title=arbiter.title(name, block, problem["title"], answer.title), measures=measures)
    prov["warnings"] += arbiter.warnings
    prov["arbitrations"] += arbiter.arbitrations
    prov["backend"] = "llm" if used else "rules"
    return with_coverage(outline, Notice.model_validate(data))


def disagreements(section: str, llm: list[dict], rules: list[dict]) -> list[str]:
    """Where the model and the rules read a section differently, as warnings."""
    found = []
    if len(llm) != len(rules):
        found.append(f"{section}: llm gives {len(llm)} measures, rules {len(rules)}")
    values = [Counter((x["value"], x["unit"]) for m in side for x in m["metrics"]) for side in (llm, rules)]
    if values[0] != values[1]:
        only = [", ".join(f"{v:g}{u}" for v, u in sorted((a - b).elements())) or "-"
                for a, b in ((values[0], values[1]), (values[1], values[0]))]
        found.append(f"{section}: metrics only the llm gives: {only[0]}; only the rules: {only[1]}")
    for a, b in zip(llm, rules):
        if a["status"] != b["status"]:
            found.append(f"{section} measure {a['ordinal']}: status llm {a['status']}, rules {b['status']}")
    return found
