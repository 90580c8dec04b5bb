"""Output: finished notices -> an output folder, and that folder read back.

Takes each finished :class:`~pipeline.records.Notice` (or the bytes :func:`serialise` made of
it in a worker process) and each failed input's error; hands on the folder: notices.jsonl
(the source of truth), a CSV file per table, errors.jsonl and, when asked for, a SQLite
database. Evaluate and report read the folder back through :func:`read_records`.

- ``write``: :class:`OutputWriter`, the folder's life: lock, staging, writing, closing.
- ``resume``: what a folder already holds (:class:`DoneKey`), read back on resume.
- ``tables``: the CSV files and the SQLite database the rows go into.
- ``rows``: a notice's rows in every table (:data:`TABLES`) and its stored bytes.
- ``folder``: the folder's file names and lock.
- ``jsonl``: the one parser of a JSON Lines line, and the reader built on it.
"""

from pipeline.output.folder import ERRORS, LOCK, NOTICES, STAGING
from pipeline.output.jsonl import parse_line, read_records
from pipeline.output.resume import DoneKey, rebuild_tables
from pipeline.output.rows import KEYS, TABLES, Serialised, serialise, table_rows, with_duplicate_of
from pipeline.output.write import OutputWriter

__all__ = [
    "ERRORS", "KEYS", "LOCK", "NOTICES", "STAGING", "TABLES", "DoneKey", "OutputWriter", "Serialised",
    "parse_line", "read_records", "rebuild_tables", "serialise", "table_rows", "with_duplicate_of",
]
