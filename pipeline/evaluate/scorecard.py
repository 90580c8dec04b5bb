"""Scorecard: a score report as a plain-text table for the terminal, and the check of
its F1 figures against a threshold."""

from __future__ import annotations

DOCUMENT_COLUMNS = (
    ("problems", "problems"),
    ("measures", "measures"),
    ("org_meas", "organization_measures"),
    ("metrics", "metrics"),
    ("documents", "documents"),
    ("status", "status"),
)


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
        lines.append(f"{doc_id:<{width}}" + "".join(f"{number(v):>10}" for v in cells))
    if report["unmatched_predictions"]:
        unmatched = ", ".join(report["unmatched_predictions"])
        lines += ["", f"predictions without gold (not scored): {unmatched}"]
    if report["gold_without_prediction"]:
        missing = ", ".join(report["gold_without_prediction"])
        lines += ["", f"gold notices without a prediction (scored as empty: was their input in the run?): {missing}"]
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
    return f"{name:<24}" + "".join(f"{number(v):>7}" for v in numbers) + f"  {counts}"


def _figure_value(figure: dict) -> float | None:
    return figure["f1"] if "f1" in figure else figure["accuracy"]


def number(value: float | None, missing: str = "-") -> str:
    """A score as the scorecard prints it: three decimals, ``missing`` when there is none."""
    return missing if value is None else f"{value:.3f}"
