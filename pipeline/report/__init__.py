"""Report: a run's output folder -> an HTML review page (``pipeline report``).

Takes ``notices.jsonl`` and ``errors.jsonl`` of a run, and the source files (read again,
used only when their sha256 is the record's); hands on one self-contained page, or a
folder of pages for a large run. The review server and the eval page draw in its frame.

- ``write``: reads the output folder and writes the page or the folder;
- ``corpus``: the picture of the whole run (counts, status shares, coverage);
- ``index``: one sortable, filterable row per notice and per failed input;
- ``notice``: one notice's source text with every record highlighted, beside its table;
- ``frame``: the frame every page shares (styles, script, Content-Security-Policy).
"""

from pipeline.report.corpus import Facts, render_corpus
from pipeline.report.index import Row, error_row, render_index
from pipeline.report.notice import render_notice
from pipeline.report.frame import page
from pipeline.report.write import read_index, source_text, write_report

__all__ = ["Facts", "Row", "page", "read_index", "render_corpus", "render_index",
           "render_notice", "source_text", "write_report"]
