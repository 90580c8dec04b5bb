"""Run: many inputs -> their notices, written to an output folder as each is finished.

Takes input paths (``-`` for standard input) and the run's :class:`~pipeline.config.Config`;
makes each notice with the rules (in this process or ``--jobs N`` workers) or the LLM
backend, and hands each one, serialised, to :class:`~pipeline.output.OutputWriter`; returns
the counts for the summary line (:class:`RunSummary`).

- ``inputs``: :func:`run_inputs`, the loop over the inputs, rules or LLM.
- ``pool``: the rules path over worker processes.
- ``recorder``: writes each outcome in order; what is already done, renames, reposts.
- ``outcome``: one input read, and its finished notice serialised, counted and signed.
- ``summary``: the counts of each notice and of the run, and the summary line.
- ``reposts``: finds a notice that repeats an earlier one.
"""

from pipeline.run.inputs import run_inputs
from pipeline.run.summary import RunSummary

__all__ = ["RunSummary", "run_inputs"]
