"""Score predicted notices against gold labels ("Scoring" in docs/CONTRACT.md).

Gold files and predictions are read as plain dicts, so gold labels (which have no
``span``, ``provenance`` or ``source_sha256``) and full predictions are handled alike.

Every comparison is made on normalised text (:func:`normalise`). Items are matched
one-to-one as multisets: equal keys pair up in order of appearance (:func:`pair`).
:func:`pair_notice` makes every pairing of a notice, once; the scores and the misses
are both counted from it.

Denominators. Measures, metrics and documents are only *matched* inside matched
problems (and, for metrics and documents, inside measures paired by ``ordinal``), but
precision counts every predicted item of the notice and recall every gold item. So a
missed problem costs the recall of all its measures, metrics and documents, and an
invented problem costs their precision. ``metrics`` covers problem measures only, as
the contract says; ``documents`` pools problem measures and organisation measures.

Zero denominators. When gold and prediction are both empty for a P/R/F1 figure, all
three are 1.0 (and the zero counts add nothing to the micro average); otherwise an
empty side gives 0.0. An accuracy or mean over nothing (e.g. both ``round`` null) is
``None``: there was nothing to judge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import EvaluationError
from pipeline.evaluate.pairing import (
    CONTACT_FIELDS,
    Counts,
    Paired,
    Pairing,
    items_of,
    pair_notice,
    section_of,
)
from pipeline.language.text import char_f1, normalise

MIN_MEASURE_CHAR_F1 = 0.8
SCALAR_FIELDS = ("issuer", "published_on")
INSPECTION_FIELDS = (
    "level",
    "kind",
    "round",
    "group",
    "target",
    "start_on",
    "end_on",
    "feedback_on",
)
# The figures :func:`misses` lists items for, and the list each side's misses go to.
_PRF_NAMES = (
    "problems",
    "measures",
    "organization_measures",
    "metrics",
    "documents",
    *(f"contact.{name}" for name in CONTACT_FIELDS),
    "summary",
)
_ACCURACY_NAMES = (
    *SCALAR_FIELDS,
    *(f"inspection.{name}" for name in INSPECTION_FIELDS),
    "status",
)
_MISS_LISTS = ("false_negatives", "false_positives")  # index 0 = gold side, 1 = predicted


@dataclass(frozen=True)
class _Accuracy:
    correct: int = 0
    total: int = 0

    def __add__(self, other: _Accuracy) -> _Accuracy:
        return _Accuracy(self.correct + other.correct, self.total + other.total)

    def report(self) -> dict:
        accuracy = self.correct / self.total if self.total else None
        return {"accuracy": accuracy, "correct": self.correct, "total": self.total}


@dataclass(frozen=True)
class _Mean:
    total: float = 0.0
    n: int = 0

    def __add__(self, other: _Mean) -> _Mean:
        return _Mean(self.total + other.total, self.n + other.n)

    def report(self) -> dict:
        return {"mean": self.total / self.n if self.n else None, "n": self.n}


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Score predictions against gold, per document and micro-averaged.

    Args:
        gold: gold notices keyed by ``doc_id``.
        pred: predicted notices keyed by ``doc_id``. A gold document without a
            prediction is scored against an empty notice.

    Returns:
        ``{"documents": {doc_id: {"fields": ..., "misses": ...}}, "micro": {"fields": ...},
        "unmatched_predictions": [doc_id, ...]}``, where ``fields`` maps each figure
        name to ``{precision, recall, f1, tp, fp, fn}``, ``{accuracy, correct, total}``
        or ``{mean, n}``, and ``misses`` lists the items behind the counts (see
        :func:`misses`). Predictions without gold are listed, not scored; gold notices
        without a prediction are listed in ``gold_without_prediction`` and scored as empty.

    Raises:
        EvaluationError: a gold or predicted record lacks a field the scoring needs
            (e.g. a problem ``title`` or a metric ``value``).
    """
    per_document = {
        doc_id: _score_checked(doc_id, gold[doc_id], pred.get(doc_id, {}))
        for doc_id in sorted(gold)
    }
    # Two empty notices give every figure with zero counts: the start of the sums.
    micro = _score_document({}, {})
    for figures, _ in per_document.values():
        micro = {name: micro[name] + figures[name] for name in micro}
    return {
        "documents": {
            doc_id: {"fields": _report(figures), "misses": found}
            for doc_id, (figures, found) in per_document.items()
        },
        "micro": {"fields": _report(micro)},
        "unmatched_predictions": sorted(set(pred) - set(gold)),
        "gold_without_prediction": sorted(set(gold) - set(pred)),
    }


def misses(gold: dict, pred: dict) -> dict:
    """List the items behind one document's error counts, for an annotator to look at.

    The pairing is the one :func:`score` counts with, so each list is exactly as long
    as its count: ``false_positives`` has ``fp`` items, ``false_negatives`` ``fn``,
    ``wrong`` ``total - correct``.

    Args:
        gold: the gold notice.
        pred: the predicted notice (``{}`` when there is none).

    Returns:
        For each P/R/F1 figure, ``{"false_positives": [...], "false_negatives": [...]}``
        (predicted items without a gold match, gold items without a predicted one);
        for each accuracy figure, ``{"wrong": [...]}``. Every item has ``where`` (e.g.
        ``problem 3 › measure 2``) and ``text``; metrics add ``indicator``, a measure
        paired by ordinal whose text differs adds ``char_f1``, and wrong items add
        ``gold`` and ``pred``.
    """
    pairing = pair_notice(gold, pred)
    found = _Misses()
    found.unpaired(pairing)
    found.paired(pairing)
    found.scalars(gold, pred)
    return found.lists


class _Misses:
    """The lists :func:`misses` returns, filled figure by figure."""

    def __init__(self) -> None:
        self.lists = {name: {"false_positives": [], "false_negatives": []} for name in _PRF_NAMES}
        self.lists.update({name: {"wrong": []} for name in _ACCURACY_NAMES})

    def miss(self, name: str, side: int, where: str, text: str, **extra) -> None:
        """A gold (side 0) or predicted (side 1) item of figure ``name`` without a partner."""
        self.lists[name][_MISS_LISTS[side]].append({"where": where, "text": text, **extra})

    def leftovers(self, name: str, where: str, paired: Paired, show: Callable[[object], tuple[str, dict]]) -> None:
        """Every item ``paired`` left without a partner; ``show`` gives its text and extras."""
        for side, items in enumerate((paired.gold_left, paired.pred_left)):
            for item in items:
                text, extra = show(item)
                self.miss(name, side, where, text, **extra)

    def whole_measure(self, name: str, side: int, where: str, measure: dict) -> None:
        """A measure without a partner: it and everything it holds are misses."""
        self.miss(name, side, where, measure.get("text", ""))
        if name == "measures":  # metrics are scored on problem measures only
            for metric in items_of(measure, "metrics"):
                self.miss("metrics", side, where, _metric_text(metric), indicator=metric.get("indicator"))
        for title in items_of(measure, "documents"):
            self.miss("documents", side, where, title)

    def unpaired(self, pairing: Pairing) -> None:
        """The problems and measures without a partner, with all they hold."""
        for side, problems in enumerate((pairing.problems.gold_left, pairing.problems.pred_left)):
            for problem in problems:
                where = f"problem {problem.get('index')}"
                self.miss("problems", side, where, problem["title"])
                for measure in items_of(problem, "measures"):
                    self.whole_measure("measures", side, f"{where} › measure {measure.get('ordinal')}", measure)
        for name, prefix, paired in pairing.measure_lists:
            for side, measures in enumerate((paired.gold_left, paired.pred_left)):
                for measure in measures:
                    self.whole_measure(name, side, f"{prefix}measure {measure.get('ordinal')}", measure)

    def paired(self, pairing: Pairing) -> None:
        """What differs inside paired measures (text, status, metrics, documents), and the
        contact values and summary figures without a partner."""
        for mp in pairing.measure_pairs:
            g, p = mp.gold, mp.pred
            if mp.char_f1 < MIN_MEASURE_CHAR_F1:
                for side, measure in enumerate((g, p)):
                    self.miss(mp.name, side, mp.where, measure["text"], char_f1=mp.char_f1)
            elif normalise(g["status"]) != normalise(p["status"]):
                self.lists["status"]["wrong"].append(
                    {"where": mp.where, "text": p["text"], "gold": g["status"], "pred": p["status"]}
                )
            if mp.metrics is not None:
                self.leftovers("metrics", mp.where, mp.metrics,
                               lambda metric: (_metric_text(metric), {"indicator": metric.get("indicator")}))
            self.leftovers("documents", mp.where, mp.documents, lambda title: (title, {}))
        for name, paired in pairing.contact.items():
            self.leftovers(f"contact.{name}", "contact", paired, lambda value: (value, {}))
        self.leftovers("summary", "summary", pairing.summary,
                       lambda stat: (stat.get("text") or _metric_text(stat), {"kind": stat["kind"]}))

    def scalars(self, gold: dict, pred: dict) -> None:
        """The header fields (issuer, dates, inspection) that differ."""
        inspections = (section_of(gold, "inspection"), section_of(pred, "inspection"))
        scalars = [(name, gold.get(name), pred.get(name)) for name in SCALAR_FIELDS]
        scalars += [(f"inspection.{name}", *(ins.get(name) for ins in inspections))
                    for name in INSPECTION_FIELDS]
        for name, g, p in scalars:
            if _scalar(g, p).total and _scalar_text(g) != _scalar_text(p):
                self.lists[name]["wrong"].append({"where": name, "text": "" if p is None else str(p),
                                                  "gold": g, "pred": p})


def _report(figures: dict) -> dict:
    return {name: figure.report() for name, figure in figures.items()}


def _score_checked(doc_id: str, gold: dict, pred: dict) -> tuple[dict, dict]:
    try:
        return _score_document(gold, pred), misses(gold, pred)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        message = f"record does not follow the contract: {exc!r}"
        raise EvaluationError(message, path=doc_id) from exc


def _score_document(gold: dict, pred: dict) -> dict:
    figures = _scalar_figures(gold, pred)
    pairing = pair_notice(gold, pred)
    figures.update(_measure_figures(gold, pred, pairing))
    for name, paired in pairing.contact.items():
        figures[f"contact.{name}"] = paired.counts
    figures["summary"] = pairing.summary.counts
    return figures


def _scalar_figures(gold: dict, pred: dict) -> dict:
    figures = {name: _scalar(gold.get(name), pred.get(name)) for name in SCALAR_FIELDS}
    gold_inspection, pred_inspection = section_of(gold, "inspection"), section_of(pred, "inspection")
    for name in INSPECTION_FIELDS:
        figures[f"inspection.{name}"] = _scalar(
            gold_inspection.get(name), pred_inspection.get(name)
        )
    return figures


def _measure_figures(gold: dict, pred: dict, pairing: Pairing) -> dict:
    """Problems, measures, organisation measures, status, metrics and documents."""
    gold_measures = _all_items(items_of(gold, "problems"), "measures")
    pred_measures = _all_items(items_of(pred, "problems"), "measures")
    gold_org, pred_org = items_of(gold, "organization_measures"), items_of(pred, "organization_measures")
    good = [mp for mp in pairing.measure_pairs if mp.char_f1 >= MIN_MEASURE_CHAR_F1]
    good_problem_measures = sum(mp.name == "measures" for mp in good)
    metric_pairs = [pair for mp in pairing.measure_pairs if mp.metrics for pair in mp.metrics.pairs]
    return {
        "problems": pairing.problems.counts,
        "measures": _counts(good_problem_measures, gold_measures, pred_measures),
        "organization_measures": _counts(len(good) - good_problem_measures, gold_org, pred_org),
        "status": _Accuracy(
            correct=sum(normalise(mp.gold["status"]) == normalise(mp.pred["status"]) for mp in good),
            total=len(good),
        ),
        "metrics": _counts(
            len(metric_pairs),
            _all_items(gold_measures, "metrics"),
            _all_items(pred_measures, "metrics"),
        ),
        "metrics.indicator": _Mean(
            sum(char_f1(g["indicator"], p["indicator"]) for g, p in metric_pairs),
            len(metric_pairs),
        ),
        "documents": _counts(
            sum(len(mp.documents.pairs) for mp in pairing.measure_pairs),
            _all_items(gold_measures + gold_org, "documents"),
            _all_items(pred_measures + pred_org, "documents"),
        ),
    }


def _scalar(gold, pred) -> _Accuracy:
    gold, pred = _scalar_text(gold), _scalar_text(pred)
    if gold is None and pred is None:
        return _Accuracy()
    return _Accuracy(correct=int(gold == pred), total=1)


def _scalar_text(value) -> str | None:
    # Numbers (round) and dates compare as their text, so 3 and "3" are equal.
    if value is None:
        return None
    return normalise(str(value)) or None


def _counts(matched: int, gold: list, pred: list) -> Counts:
    return Counts(tp=matched, fp=len(pred) - matched, fn=len(gold) - matched)


def _all_items(records: list[dict], name: str) -> list:
    return [item for record in records for item in items_of(record, name)]


def _metric_text(metric: dict) -> str:
    """A metric's (or stat's) value and unit as written: 41家, 66.8%."""
    value = float(metric["value"])
    return f"{int(value) if value.is_integer() else value}{metric['unit']}"
