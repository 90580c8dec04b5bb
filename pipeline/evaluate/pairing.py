"""Pairing: the one place where gold and predicted items are paired, for the scores and
for the misses alike (see :mod:`pipeline.evaluate.scoring`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from pipeline.language.text import char_f1, normalise

CONTACT_FIELDS = ("phones", "emails", "addresses")


@dataclass(frozen=True)
class Counts:
    """The true positives, false positives and false negatives of one P/R/F1 figure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def report(self) -> dict:
        if self.tp + self.fp + self.fn == 0:
            precision = recall = f1 = 1.0
        else:
            precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
            recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
            f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn)
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class Paired:
    """The items of one gold list and one predicted list, paired one-to-one."""

    pairs: list[tuple]  # (gold item, predicted item)
    gold_left: list  # gold items without a partner (false negatives)
    pred_left: list  # predicted items without a partner (false positives)

    @property
    def counts(self) -> Counts:
        return Counts(tp=len(self.pairs), fp=len(self.pred_left), fn=len(self.gold_left))


@dataclass(frozen=True)
class MeasurePair:
    """A gold measure and the predicted one paired with it by ordinal."""

    name: str  # the figure it counts in: "measures" or "organization_measures"
    where: str  # e.g. "problem 3 › measure 2", "organisation measure 1"
    gold: dict
    pred: dict
    char_f1: float  # of their texts; the pair is a correct measure from MIN_MEASURE_CHAR_F1 up
    metrics: Paired | None  # on (value, unit); None for organisation measures (not scored)
    documents: Paired


@dataclass(frozen=True)
class Pairing:
    """Every pairing the contract's Scoring makes in one notice."""

    problems: Paired  # on the normalised title
    measure_lists: list[tuple[str, str, Paired]]  # (figure, where prefix, measures on ordinal)
    measure_pairs: list[MeasurePair]  # each paired measure, problem ones first
    contact: dict[str, Paired]  # per contact field, on the normalised string
    summary: Paired  # on (kind, value)


def pair(gold: list, pred: list, key: Callable[[object], Hashable]) -> Paired:
    """Pair gold and predicted items with equal keys, one-to-one, in order of appearance.

    Args:
        gold: the gold items.
        pred: the predicted items.
        key: what must be equal for two items to pair.

    Returns:
        The pairs and the items of each side left without a partner, in their order.
    """
    waiting: dict[Hashable, list[int]] = {}
    for i, item in enumerate(pred):
        waiting.setdefault(key(item), []).append(i)
    pairs, gold_left, taken = [], [], set()
    for item in gold:
        candidates = waiting.get(key(item))
        if candidates:
            taken.add(candidates[0])
            pairs.append((item, pred[candidates.pop(0)]))
        else:
            gold_left.append(item)
    return Paired(pairs, gold_left, [item for i, item in enumerate(pred) if i not in taken])


def pair_notice(gold: dict, pred: dict) -> Pairing:
    """Pair everything the contract scores in one notice, through :func:`pair`.

    Problems pair by normalised title; inside each pair of problems, measures pair by
    ordinal, and inside each pair of measures, metrics by (value, unit) and documents by
    normalised title. Organisation measures pair by ordinal (with their documents),
    contacts by normalised string, summary figures by (kind, value).

    Args:
        gold: the gold notice.
        pred: the predicted notice (``{}`` when there is none).

    Returns:
        The :class:`Pairing`.
    """
    problems = pair(items_of(gold, "problems"), items_of(pred, "problems"),
                    key=lambda problem: normalise(problem["title"]))
    lists = [("measures", f"problem {g.get('index')} › ", (g, p)) for g, p in problems.pairs]
    lists.append(("organization_measures", "organisation ", (gold, pred)))
    measure_lists, measure_pairs = [], []
    for name, prefix, owners in lists:
        field = "measures" if name == "measures" else "organization_measures"
        paired = pair(items_of(owners[0], field), items_of(owners[1], field), key=_ordinal)
        measure_lists.append((name, prefix, paired))
        for g, p in paired.pairs:
            metrics = (pair(items_of(g, "metrics"), items_of(p, "metrics"), key=metric_key)
                       if name == "measures" else None)
            documents = pair(items_of(g, "documents"), items_of(p, "documents"), key=normalise)
            measure_pairs.append(MeasurePair(name, f"{prefix}measure {g['ordinal']}", g, p,
                                             char_f1(g["text"], p["text"]), metrics, documents))
    contacts = (section_of(gold, "contact"), section_of(pred, "contact"))
    return Pairing(
        problems=problems,
        measure_lists=measure_lists,
        measure_pairs=measure_pairs,
        contact={name: pair(items_of(contacts[0], name), items_of(contacts[1], name), key=normalise)
                 for name in CONTACT_FIELDS},
        summary=pair(items_of(gold, "summary"), items_of(pred, "summary"),
                     key=lambda stat: (normalise(stat["kind"]), float(stat["value"]))),
    )


def section_of(record: dict, name: str) -> dict:
    """The object field ``name`` of a record; ``{}`` when it is missing or null."""
    return record.get(name) or {}


def items_of(record: dict, name: str) -> list:
    """The list field ``name`` of a record; ``[]`` when it is missing or null."""
    return record.get(name) or []


def _ordinal(measure: dict) -> int:
    return int(measure["ordinal"])


def metric_key(metric: dict) -> tuple[float, str]:
    """What a metric is paired by: its value (41 and 41.0 alike) and its unit, normalised."""
    return float(metric["value"]), normalise(metric["unit"])
