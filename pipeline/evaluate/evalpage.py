"""Eval page: a score report -> one self-contained HTML page for annotators.

It shows each micro-averaged figure as a bar, the per-document table, and for each
figure the items behind its errors (``misses`` in :func:`pipeline.evaluate.scoring.score`):
what was predicted but is not in gold, what is in gold but was not predicted, and the
wrong values of accuracy figures, each with its text.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.evaluate.scorecard import DOCUMENT_COLUMNS, number
from pipeline.report import page

# What a page cell shows for a figure that nothing could count.
_NONE = "–"
_SIDES = (
    ("false_positives", "false positives: predicted, not in gold"),
    ("false_negatives", "false negatives: in gold, not predicted"),
)


def write_eval_page(report: dict, path: str | Path) -> None:
    """Write :func:`render_eval_page` of a report to a file.

    Args:
        report: a report from :func:`pipeline.evaluate.scoring.score`.
        path: the page to write; its folder is created when missing.

    Raises:
        UsageError: the file cannot be written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_eval_page(report), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the page: {exc.strerror}", path=str(path)) from None


def render_eval_page(report: dict) -> str:
    """Lay out a score report as a page.

    Args:
        report: a report from :func:`pipeline.evaluate.scoring.score`.

    Returns:
        The whole HTML page.
    """
    documents = report["documents"]
    body = [
        f"<h1>Evaluation of {len(documents)} document(s)</h1>",
        "<h2>Micro-averaged figures</h2>",
        _bars(report["micro"]["fields"]),
        "<h2>Per document</h2>",
        _document_table(documents),
        "<h2>What to look at</h2>",
        "<p>For each figure, the items that were counted wrong, per document.</p>",
    ]
    body += [_field_misses(name, documents) for name in report["micro"]["fields"]]
    if report["unmatched_predictions"]:
        unmatched = ", ".join(report["unmatched_predictions"])
        body.append(f"<p>Predictions without gold (not scored): {escape(unmatched)}</p>")
    if report["gold_without_prediction"]:
        missing = ", ".join(report["gold_without_prediction"])
        body.append(f"<p>Gold notices without a prediction (scored as empty): {escape(missing)}</p>")
    return page("Evaluation", "\n".join(body))


def _bars(fields: dict) -> str:
    rows = []
    for name, figure in fields.items():
        if "f1" in figure:
            value, kind = figure["f1"], "f1"
            detail = (f"P {number(figure['precision'], _NONE)} · R {number(figure['recall'], _NONE)} · "
                      f"tp {figure['tp']} fp {figure['fp']} fn {figure['fn']}")
        elif "accuracy" in figure:
            value, kind = figure["accuracy"], "acc"
            detail = f"accuracy, {figure['correct']} of {figure['total']}"
        else:
            value, kind = figure["mean"], "mean"
            detail = f"mean of {figure['n']}"
        bar = f'<span class="{kind}" style="width:{100 * value:.1f}%"></span>' if value is not None else ""
        rows.append(f'<tr><td>{escape(name)}</td><td class="bar">{bar}</td>'
                    f'<td class="num">{number(value, _NONE)}</td><td>{escape(detail)}</td></tr>')
    return ('<table class="figures bars"><thead><tr><th>figure</th><th>F1 / accuracy / mean</th>'
            f'<th></th><th>counts</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _document_table(documents: dict) -> str:
    head = "".join(f'<th data-type="num">{escape(h)}</th>' for h, _ in DOCUMENT_COLUMNS)
    rows = []
    for doc_id, document in documents.items():
        cells = []
        for _, name in DOCUMENT_COLUMNS:
            figure = document["fields"][name]
            value = figure["f1"] if "f1" in figure else figure["accuracy"]
            cells.append(f'<td class="num"{_shade(value)}>{number(value, _NONE)}</td>')
        rows.append(f"<tr><td>{escape(doc_id)}</td>{''.join(cells)}</tr>")
    return (f'<table class="figures sortable"><thead><tr><th data-type="text">document</th>{head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            "<p>F1 per figure; status is an accuracy. Click a heading to sort.</p>")


def _field_misses(name: str, documents: dict) -> str:
    """One figure's misses, document by document; empty when there are none."""
    parts = []
    totals = {}
    for doc_id, document in documents.items():
        found = document["misses"].get(name)
        if not found or not any(found.values()):
            continue
        for side, items in found.items():
            totals[side] = totals.get(side, 0) + len(items)
        counts = ", ".join(f"{side.replace('_', ' ')} {len(items)}" for side, items in found.items())
        if "wrong" in found:
            inner = _wrong_table(found["wrong"], with_text=name == "status")
        else:
            inner = '<div class="misses">' + "".join(
                f"<div><h4>{escape(heading)}</h4>{_item_list(found[side])}</div>"
                for side, heading in _SIDES
            ) + "</div>"
        parts.append(f"<details open><summary>{escape(doc_id)}: {escape(counts)}</summary>{inner}</details>")
    if not parts:
        return ""
    total = ", ".join(f"{side.replace('_', ' ')} {n}" for side, n in totals.items())
    return f'<section class="field" id="miss-{escape(name)}"><h3>{escape(name)} — {escape(total)}</h3>' \
           f"{''.join(parts)}</section>"


def _item_list(items: list[dict]) -> str:
    if not items:
        return "<p>none</p>"
    lines = []
    for item in items:
        extra = []
        if item.get("indicator"):
            extra.append(f"indicator {item['indicator']}")
        if item.get("kind"):
            extra.append(item["kind"])
        if "char_f1" in item:
            extra.append(f"paired by ordinal, text char-F1 {item['char_f1']:.2f}")
        extra_html = f' <span class="where">({escape("; ".join(extra))})</span>' if extra else ""
        lines.append(f'<li><span class="where">{escape(item["where"])}</span> '
                     f"{escape(item['text'])}{extra_html}</li>")
    return f"<ol>{''.join(lines)}</ol>"


def _wrong_table(items: list[dict], with_text: bool) -> str:
    """Gold against predicted values; ``with_text`` adds the measure text (for status)."""
    rows = "".join(
        f"<tr><td>{escape(item['where'])}</td><td>{escape(_text(item['gold']))}</td>"
        f"<td>{escape(_text(item['pred']))}</td>"
        + (f"<td>{escape(item['text'])}</td>" if with_text else "") + "</tr>"
        for item in items
    )
    text_head = "<th>text</th>" if with_text else ""
    return ('<table class="figures"><thead><tr><th>where</th><th>gold</th><th>predicted</th>'
            f"{text_head}</tr></thead><tbody>{rows}</tbody></table>")


def _shade(value: float | None) -> str:
    """A background from red (0) to green (1) for a figure's cell."""
    if value is None:
        return ""
    return f' style="background:hsl({120 * value:.0f},70%,88%)"'


def _text(value) -> str:
    return _NONE if value is None else str(value)
