"""Evaluate: score predicted notices against gold labels ("Scoring" in docs/CONTRACT.md).

Takes a folder of ``*.gold.json`` files and a ``notices.jsonl`` of predictions; hands on
a score report (per document and micro-averaged, with the items behind each error) as a
terminal table, JSON, or a page drawn in the report's frame (``pipeline eval``).

- ``load``: reads gold files and predictions, checked for the shape the scorer reads;
- ``evalpage``: the report as one HTML page for annotators (F1 bars, misses with text);
- ``scoring``: the counts, P/R/F1 and accuracies, and the misses behind them;
- ``scorecard``: the report as a plain-text table, and the ``--min-f1`` check;
- ``pairing``: the one place where gold and predicted items are paired.
"""

from pipeline.evaluate.evalpage import write_eval_page
from pipeline.evaluate.load import load_gold, load_predictions
from pipeline.evaluate.pairing import metric_key
from pipeline.evaluate.scorecard import below_threshold, render_table
from pipeline.evaluate.scoring import score

__all__ = ["below_threshold", "load_gold", "load_predictions", "metric_key", "render_table", "score", "write_eval_page"]
