"""Arbitration: a model's grounded answer against the rules' reading of the same text.

Grounding proves that a model copied its words from the section, not that it read them
right: a 0.5B model quoted the signature line as the title and gave 2024-04-3 as the
date, both grounded. So, field by field, the rules' value stands where the rules found it
through an unambiguous pattern (:data:`RULES_SURE`), and the model's answer is taken only
where the rules found nothing or are unsure. Documents are always read from the 《》 in
the measure's text, so they never differ. Every time the two differ and the rules'
value is kept, the record says so: an entry in ``provenance.arbitrations`` and a warning.
"""

from __future__ import annotations

from pipeline.rules.measures import measure
from pipeline.rules.problems import problem_title
from pipeline.segment import PLAUSIBLE, Outline, ProblemBlock
from pipeline.llm.grounding import squeeze

# When the rules' value of a field is sure. Not listed: the field is the model's.
RULES_SURE = {
    "title": "found as the notice's title line",
    "issuer": "found on the signature line or in the title",
    "published_on": "found as the signature's or a labelled date",
    "inspection.level": "found from who deployed the inspection",
    "inspection.kind": "named in the text (常规, 专项, 联动 …)",
    "inspection.round": "found in a 第N轮 phrase",
    "inspection.group": "found as a named 巡视组/巡察组",
    "inspection.target": "found after 对…开展巡视/巡察",
    "inspection.start_on": "found as the on-site period",
    "inspection.end_on": "found as the on-site period",
    "inspection.feedback_on": "found at the act of feedback (反馈了…意见)",
    "problem title": "a 关于…问题 heading or a ledger statement",
    "measures": "two or more numbered or labelled items",
    "status": "a status cue of the contract",
    "metrics": "numbers with a unit of the contract",
    "summary": "figures found by the summary patterns",
}


class Arbiter:
    """Takes the model's answers field by field and keeps notes on what it kept instead.

    Args:
        outline: the segmented notice.

    Attributes:
        arbitrations: ``provenance.arbitrations`` entries, one per field kept.
        warnings: a line for each of them, and for an outline taken from the model.
    """

    def __init__(self, outline: Outline):
        self.outline = outline
        self.arbitrations: list[dict] = []
        self.warnings: list[str] = []

    def _kept(self, section: str, name: str, rules, llm, reason: str | None = None) -> None:
        reason = reason or RULES_SURE[name]
        self.arbitrations.append({"section": section, "field": name, "rules": _show(rules),
                                  "llm": _show(llm), "reason": reason})
        self.warnings.append(f"{section}: kept the rules' {name} {_show(rules)} over the llm's {_show(llm)} ({reason})")

    def parts(self, llm: tuple[str, ...]) -> tuple[str, ...]:
        """The part roles to build the outline from. The model is asked only on a close
        call, so its table is taken, unless the shape makes it implausible (its weight
        under :data:`pipeline.segment.parts.PLAUSIBLE` of the chosen table's); a warning says which
        parts it changed, or why the rules' stayed."""
        chosen = self.outline.part_roles
        mine = chosen.kinds
        changes = ", ".join(f"part {n} {a} -> {b}" for n, (a, b) in enumerate(zip(mine, llm), 1) if a != b)
        if changes and chosen.weight(llm) < PLAUSIBLE:
            self._kept("outline", "part roles", ", ".join(mine), ", ".join(llm),
                       f"the shape gives that table {chosen.weight(llm):.1%} of the chosen one's weight")
            return mine
        if changes:
            self.warnings.append(f"outline: took the llm's part roles over the rules' close call "
                                 f"(confidence {chosen.confidence:.2f}): {changes}")
        return llm

    def pick(self, section: str, name: str, rules, llm, sure: bool):
        """The value to use: the rules' when sure (noting a disagreement), else the model's."""
        if not sure:
            return llm
        if llm != rules:
            self._kept(section, name, rules, llm)
        return rules

    def header(self, data: dict, answer) -> None:
        """Title, issuer, date and inspection fields, each by :data:`RULES_SURE`.

        A title is the notice's own first lines: one the model found in the signature
        (grounded there, and no title) is not taken even where the rules found none.
        """
        title = answer.title
        if title is not None and data["title"] is None and squeeze(title) not in squeeze(
                self.outline.text[slice(*self.outline.preamble)]):
            self._kept("header", "title", None, title, "a title stands in the opening lines, not in the signature")
            title = None
        data["title"] = self.pick("header", "title", data["title"], title, data["title"] is not None)
        for name in ("issuer", "published_on"):
            data[name] = self.pick("header", name, data[name], getattr(answer, name), data[name] is not None)
        inspection = answer.inspection.model_dump()
        for key, llm in inspection.items():
            rules = data["inspection"][key]
            data["inspection"][key] = self.pick("header", f"inspection.{key}", rules, llm, rules is not None)

    def summary(self, rules: list[dict], llm: list[dict]) -> list[dict]:
        """Notice-level figures: the rules' when they found any, else the model's."""
        found, said = (sorted(f"{s['kind']} {s['value']:g}{s['unit']}" for s in side) for side in (rules, llm))
        if not found:
            return llm
        if found != said:
            self._kept("summary", "summary", ", ".join(found), ", ".join(said))
        return rules

    def title(self, section: str, block: ProblemBlock, rules: str, llm: str) -> str:
        """A problem's title: the rules' when its heading has the 关于…问题 wrapper or is
        a ledger statement; a heading the rules could only cut is the model's to read."""
        heading = self.outline.text[slice(*block.heading)]
        return self.pick(section, "problem title", rules, llm, block.ledger or problem_title(heading) != heading.strip())

    def measures(self, section: str, rules: list[dict], answers: list[dict]) -> list[dict]:
        """The measures of a section.

        Args:
            section: its name in provenance.
            rules: the rules' measure records there.
            answers: the model's measures as record dicts (grounded spans).

        Returns:
            Measure record dicts: the rules' items when there are two or more (with the
            model's status and metrics where the rules found none), else the model's.
        """
        if len(rules) >= 2 or not answers:
            if answers and len(answers) != len(rules):
                self._kept(section, "measures", f"{len(rules)} items", f"{len(answers)} measures")
            return [self._measure(section, {**m}, _overlapping(m["span"], answers)) for m in rules]
        return [self._measure(section, measure(self.outline, tuple(a["span"]), i), a)
                for i, a in enumerate(answers, 1)]

    def _measure(self, section: str, rules: dict, llm: dict | None) -> dict:
        if llm is None:
            return rules
        where = f"{section} measure {rules['ordinal']}"
        # "reported" is what the rules say when they found no cue at all.
        rules["status"] = self.pick(where, "status", rules["status"], llm["status"], rules["status"] != "reported")
        found = [_figure(m) for m in rules["metrics"]]
        said = [_figure(m) for m in llm["metrics"]]
        if not found:
            rules["metrics"] = llm["metrics"]
        elif sorted(found) != sorted(said):
            self._kept(where, "metrics", ", ".join(found), ", ".join(said))
        return rules


def _overlapping(span: tuple[int, int], answers: list[dict]) -> dict | None:
    """The model's measure that covers most of ``span`` (at least half of it)."""
    def shared(answer: dict) -> int:
        return max(0, min(span[1], answer["span"][1]) - max(span[0], answer["span"][0]))
    best = max(answers, key=shared, default=None)
    return best if best is not None and 2 * shared(best) >= span[1] - span[0] else None


def _figure(metric: dict) -> str:
    return f"{metric['value']:g}{metric['unit']}"


def _show(value) -> str:
    return "null" if value is None else str(value)
