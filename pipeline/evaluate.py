"""Score predicted notices against gold labels ("Scoring" in spec/RECORDS.md).

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

import json
import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import EvaluationError
from pipeline.text import char_f1, normalise

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
CONTACT_FIELDS = ("phones", "emails", "addresses")
DOCUMENT_COLUMNS = (
    ("problems", "problems"),
    ("measures", "measures"),
    ("org_meas", "organization_measures"),
    ("metrics", "metrics"),
    ("documents", "documents"),
    ("status", "status"),
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
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: _Counts) -> _Counts:
        return _Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

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


def load_gold(directory: str | Path) -> dict[str, dict]:
    """Read every ``*.json`` file (``*.gold.json`` included) of a gold directory;
    ``*.roles.json`` files (a fixture's right role table, see :mod:`pipeline.segment`)
    are no gold.

    Args:
        directory: the directory holding one gold notice per file.

    Returns:
        The gold notices keyed by their ``doc_id``.

    Raises:
        EvaluationError: the directory is missing or holds no JSON file, or a file is
            unreadable, is not a JSON object, lacks ``doc_id`` or repeats one.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise EvaluationError("gold directory not found", path=str(directory))
    gold: dict[str, dict] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name.endswith(".roles.json"):
            continue
        record = _parse_record(_read(path), str(path))
        _add_record(gold, record, str(path))
    if not gold:
        raise EvaluationError("no *.json gold files", path=str(directory))
    return gold


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Read predicted notices from a JSON Lines file (``notices.jsonl``).

    Args:
        path: the file, or ``"-"`` for standard input. Blank lines are skipped.

    Returns:
        The predicted notices keyed by their ``doc_id``.

    Raises:
        EvaluationError: the file is unreadable, or a line is not a JSON object,
            lacks ``doc_id`` or repeats one.
    """
    if str(path) == "-":
        where, text = "<stdin>", sys.stdin.read()
    else:
        where, text = str(path), _read(Path(path))
    predictions: dict[str, dict] = {}
    # Split on "\n" only: str.splitlines would also break at U+2028 inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            _add_record(predictions, _parse_record(line, where, number), where)
    return predictions


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
        :func:`misses`). Predictions without gold are listed, not scored.

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
    }


def render_table(report: dict) -> str:
    """Lay out a report as a plain-text table for the terminal.

    Args:
        report: a report from :func:`score`.

    Returns:
        The micro-averaged figures (one row each: P, R, F1 or accuracy/mean, and the
        counts), then one line of main figures per document; numbers to 3 decimals,
        ``-`` where a figure does not apply or had nothing to judge.
    """
    documents = report["documents"]
    lines = [
        f"micro-averaged over {len(documents)} document(s)",
        f"{'figure':<24}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}  counts",
    ]
    lines += [_micro_row(name, figure) for name, figure in report["micro"]["fields"].items()]
    width = max([len("document"), *map(len, documents)])
    lines += ["", "per document (F1; status = accuracy)"]
    lines.append(f"{'document':<{width}}" + "".join(f"{h:>10}" for h, _ in DOCUMENT_COLUMNS))
    for doc_id, document in documents.items():
        cells = (_figure_value(document["fields"][name]) for _, name in DOCUMENT_COLUMNS)
        lines.append(f"{doc_id:<{width}}" + "".join(f"{_number(v):>10}" for v in cells))
    if report["unmatched_predictions"]:
        unmatched = ", ".join(report["unmatched_predictions"])
        lines += ["", f"predictions without gold (not scored): {unmatched}"]
    return "\n".join(lines)


def below_threshold(report: dict, min_f1: float) -> list[str]:
    """Name the micro-averaged P/R/F1 figures whose F1 is below a threshold.

    Args:
        report: a report from :func:`score`.
        min_f1: the lowest acceptable F1.

    Returns:
        The failing figure names in report order; empty when all pass. Accuracies
        and means are not checked.
    """
    return [
        name
        for name, figure in report["micro"]["fields"].items()
        if "f1" in figure and figure["f1"] < min_f1
    ]


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
    found = {name: {"false_positives": [], "false_negatives": []} for name in _PRF_NAMES}
    found.update({name: {"wrong": []} for name in _ACCURACY_NAMES})

    def miss(name: str, side: int, where: str, text: str, **extra) -> None:
        found[name][_MISS_LISTS[side]].append({"where": where, "text": text, **extra})

    def leftovers(name: str, where: str, paired: Paired, show: Callable[[object], tuple[str, dict]]) -> None:
        for side, items in enumerate((paired.gold_left, paired.pred_left)):
            for item in items:
                text, extra = show(item)
                miss(name, side, where, text, **extra)

    def whole_measure(name: str, side: int, where: str, measure: dict) -> None:
        # A measure without a partner: it and everything it holds are misses.
        miss(name, side, where, measure.get("text", ""))
        if name == "measures":  # metrics are scored on problem measures only
            for metric in _items(measure, "metrics"):
                miss("metrics", side, where, _metric_text(metric), indicator=metric.get("indicator"))
        for title in _items(measure, "documents"):
            miss("documents", side, where, title)

    pairing = pair_notice(gold, pred)
    for side, problems in enumerate((pairing.problems.gold_left, pairing.problems.pred_left)):
        for problem in problems:
            where = f"problem {problem.get('index')}"
            miss("problems", side, where, problem["title"])
            for measure in _items(problem, "measures"):
                whole_measure("measures", side, f"{where} › measure {measure.get('ordinal')}", measure)
    for name, prefix, paired in pairing.measure_lists:
        for side, measures in enumerate((paired.gold_left, paired.pred_left)):
            for measure in measures:
                whole_measure(name, side, f"{prefix}measure {measure.get('ordinal')}", measure)
    for mp in pairing.measure_pairs:
        g, p = mp.gold, mp.pred
        if mp.char_f1 < MIN_MEASURE_CHAR_F1:
            for side, measure in enumerate((g, p)):
                miss(mp.name, side, mp.where, measure["text"], char_f1=mp.char_f1)
        elif normalise(g["status"]) != normalise(p["status"]):
            found["status"]["wrong"].append(
                {"where": mp.where, "text": p["text"], "gold": g["status"], "pred": p["status"]}
            )
        if mp.metrics is not None:
            leftovers("metrics", mp.where, mp.metrics,
                      lambda metric: (_metric_text(metric), {"indicator": metric.get("indicator")}))
        leftovers("documents", mp.where, mp.documents, lambda title: (title, {}))
    for name, paired in pairing.contact.items():
        leftovers(f"contact.{name}", "contact", paired, lambda value: (value, {}))
    leftovers("summary", "summary", pairing.summary,
              lambda stat: (stat.get("text") or _metric_text(stat), {"kind": stat["kind"]}))

    inspections = (_section(gold, "inspection"), _section(pred, "inspection"))
    scalars = [(name, gold.get(name), pred.get(name)) for name in SCALAR_FIELDS]
    scalars += [(f"inspection.{name}", *(ins.get(name) for ins in inspections))
                for name in INSPECTION_FIELDS]
    for name, g, p in scalars:
        if _scalar(g, p).total and _scalar_text(g) != _scalar_text(p):
            found[name]["wrong"].append({"where": name, "text": "" if p is None else str(p),
                                         "gold": g, "pred": p})
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read file: {exc}", path=str(path)) from exc


def _parse_record(text: str, path: str, line: int | None = None) -> dict:
    where = f"line {line}: " if line is not None else ""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{where}invalid JSON: {exc}", path=path) from exc
    if not isinstance(record, dict):
        raise EvaluationError(f"{where}not a JSON object", path=path)
    if not isinstance(record.get("doc_id"), str) or not record["doc_id"]:
        raise EvaluationError(f"{where}missing doc_id", path=path)
    return record


def _add_record(records: dict[str, dict], record: dict, path: str) -> None:
    doc_id = record["doc_id"]
    if doc_id in records:
        raise EvaluationError(f"doc_id {doc_id!r} appears twice", path=path)
    records[doc_id] = record


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
    gold_inspection, pred_inspection = _section(gold, "inspection"), _section(pred, "inspection")
    for name in INSPECTION_FIELDS:
        figures[f"inspection.{name}"] = _scalar(
            gold_inspection.get(name), pred_inspection.get(name)
        )
    return figures


def _measure_figures(gold: dict, pred: dict, pairing: Pairing) -> dict:
    """Problems, measures, organisation measures, status, metrics and documents."""
    gold_measures = _all_items(_items(gold, "problems"), "measures")
    pred_measures = _all_items(_items(pred, "problems"), "measures")
    gold_org, pred_org = _items(gold, "organization_measures"), _items(pred, "organization_measures")
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


def _section(record: dict, name: str) -> dict:
    return record.get(name) or {}


def _items(record: dict, name: str) -> list:
    return record.get(name) or []


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


def _counts(matched: int, gold: list, pred: list) -> _Counts:
    return _Counts(tp=matched, fp=len(pred) - matched, fn=len(gold) - matched)


def _ordinal(measure: dict) -> int:
    return int(measure["ordinal"])


def _metric_key(metric: dict) -> tuple[float, str]:
    # float() so that 41 and 41.0 are the same value.
    return float(metric["value"]), normalise(metric["unit"])


def _all_items(records: list[dict], name: str) -> list:
    return [item for record in records for item in _items(record, name)]


def _metric_text(metric: dict) -> str:
    """A metric's (or stat's) value and unit as written: 41家, 66.8%."""
    value = float(metric["value"])
    return f"{int(value) if value.is_integer() else value}{metric['unit']}"


def _micro_row(name: str, figure: dict) -> str:
    if "f1" in figure:
        numbers = (figure["precision"], figure["recall"], figure["f1"], None)
        counts = f"tp={figure['tp']} fp={figure['fp']} fn={figure['fn']}"
    elif "accuracy" in figure:
        numbers = (None, None, None, figure["accuracy"])
        counts = f"{figure['correct']}/{figure['total']}"
    else:
        numbers = (None, None, None, figure["mean"])
        counts = f"mean of n={figure['n']}"
    return f"{name:<24}" + "".join(f"{_number(v):>7}" for v in numbers) + f"  {counts}"


def _figure_value(figure: dict) -> float | None:
    return figure["f1"] if "f1" in figure else figure["accuracy"]


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


# ---------------------------------------------------------------------------
# Pairing: the one place where gold and predicted items are paired, for the scores and
# for the misses alike.


@dataclass(frozen=True)
class Paired:
    """The items of one gold list and one predicted list, paired one-to-one."""

    pairs: list[tuple]  # (gold item, predicted item)
    gold_left: list  # gold items without a partner (false negatives)
    pred_left: list  # predicted items without a partner (false positives)

    @property
    def counts(self) -> _Counts:
        return _Counts(tp=len(self.pairs), fp=len(self.pred_left), fn=len(self.gold_left))


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
    problems = pair(_items(gold, "problems"), _items(pred, "problems"),
                    key=lambda problem: normalise(problem["title"]))
    lists = [("measures", f"problem {g.get('index')} › ", (g, p)) for g, p in problems.pairs]
    lists.append(("organization_measures", "organisation ", (gold, pred)))
    measure_lists, measure_pairs = [], []
    for name, prefix, owners in lists:
        field = "measures" if name == "measures" else "organization_measures"
        paired = pair(_items(owners[0], field), _items(owners[1], field), key=_ordinal)
        measure_lists.append((name, prefix, paired))
        for g, p in paired.pairs:
            metrics = (pair(_items(g, "metrics"), _items(p, "metrics"), key=_metric_key)
                       if name == "measures" else None)
            documents = pair(_items(g, "documents"), _items(p, "documents"), key=normalise)
            measure_pairs.append(MeasurePair(name, f"{prefix}measure {g['ordinal']}", g, p,
                                             char_f1(g["text"], p["text"]), metrics, documents))
    contacts = (_section(gold, "contact"), _section(pred, "contact"))
    return Pairing(
        problems=problems,
        measure_lists=measure_lists,
        measure_pairs=measure_pairs,
        contact={name: pair(_items(contacts[0], name), _items(contacts[1], name), key=normalise)
                 for name in CONTACT_FIELDS},
        summary=pair(_items(gold, "summary"), _items(pred, "summary"),
                     key=lambda stat: (normalise(stat["kind"]), float(stat["value"]))),
    )
