"""Review: correct a run's records in the review page and keep them as gold.

Takes a run's output folder (``notices.jsonl``, ``errors.jsonl``) and the source files;
hands on one gold file per reviewed notice (``DIR/<doc_id>.gold.json``), in the format
``pipeline eval --gold DIR`` reads. A notice with a gold file opens with it.

- ``server``: the HTTP server on the loopback interface, and what it refuses;
- ``session``: the run under review (:class:`Review`): pages, edits, gold files;
- ``editor``: the editor in the page: toolbar, script, style and keys;
- ``corrections``: a reviewer's edits applied to a record, checked by the contract's
  models, and the gold file it becomes.
"""

from pipeline.review.server import make_server
from pipeline.review.session import Review

__all__ = ["Review", "make_server"]
