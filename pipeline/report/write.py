"""Writing the report: a run's output folder -> an HTML review page.

The page opens with the corpus (charts of the whole run, :mod:`pipeline.report.corpus`),
then shows an index of the notices (and of the inputs that failed), then each
notice's source text with every extracted span highlighted, next to a table of its
records. Everything is in the file itself (styles, script, no network), so it works
opened from disk; runs of more than :data:`SINGLE_FILE_LIMIT` notices get a folder
with an index page and one page per notice instead.

The source text is not in the record: it is read again from ``provenance.source`` and
used only when its sha256 is the record's ``source_sha256``, so spans are never drawn
on the wrong text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pipeline.errors import DataError, PipelineError, UsageError
from pipeline.output import ERRORS, NOTICES, read_records
from pipeline.report.frame import page, page_head, page_tail
from pipeline.ingest import read_source
from pipeline.report.corpus import Facts, notice_facts, render_corpus
from pipeline.report.index import Row, error_row, notice_row, render_index
from pipeline.report.notice import render_notice

T = TypeVar("T")

# Up to this many notices go in one file; more get a folder, one page per notice.
SINGLE_FILE_LIMIT = 200


@dataclass(frozen=True)
class Written:
    """What :func:`write_report` wrote: the page to open, and what it holds."""

    path: Path
    notices: int
    failures: int


def write_report(out_dir: str | Path, html_path: str | Path | None = None, *,
                 root: str | Path = ".") -> Written:
    """Write the review page of a ``pipeline run`` output folder.

    ``notices.jsonl`` is read twice, line by line (once for the index, once for the
    notices), so memory does not grow with the run.

    Args:
        out_dir: the folder holding ``notices.jsonl`` and ``errors.jsonl``.
        html_path: the page to write; default ``OUT_DIR/report.html``. With more than
            :data:`SINGLE_FILE_LIMIT` notices, a folder of the same name without the
            suffix is written instead (``report/index.html``, ``report/notices/N.html``).
        root: the folder that relative source paths in provenance are read from
            (where ``pipeline run`` was started).

    Returns:
        The page to open and the numbers of notices and failed inputs.

    Raises:
        UsageError: ``notices.jsonl`` is missing, or the page cannot be written.
        DataError: a line of ``notices.jsonl`` or ``errors.jsonl`` is not UTF-8 or not a
            JSON object (with its line number).
    """
    out_dir = Path(out_dir)
    notices_path = out_dir / NOTICES
    rows, facts, failures = read_index(out_dir)
    path = Path(html_path) if html_path else out_dir / "report.html"
    title = f"Review: {out_dir.name or out_dir.resolve().name}"
    try:
        if len(rows) <= SINGLE_FILE_LIMIT:
            _write_single(path, title, rows, facts, failures, notices_path, root)
        else:
            path = _write_folder(path.with_suffix(""), title, rows, facts, failures, notices_path, root)
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror}", path=str(path)) from None
    return Written(path=path, notices=len(rows), failures=len(failures))


def _write_single(path: Path, title: str, rows: list[Row], facts: list[Facts], failures: list[Row],
                  notices_path: Path, root: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and moved into place: a record that stops the page midway leaves
    # the previous page, not half of a new one.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            links = [f"#n{n}" for n in range(1, len(rows) + 1)]
            out.write(page_head(title))
            out.write(render_corpus(facts, len(failures), links))
            out.write(render_index(rows, failures, links))
            out.writelines(each_record(notices_path, lambda n, notice: render_notice(
                notice, *source_text(notice, root), anchor=f"n{n}")))
            out.write(page_tail())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write_folder(folder: Path, title: str, rows: list[Row], facts: list[Facts], failures: list[Row],
                  notices_path: Path, root: str | Path) -> Path:
    (folder / "notices").mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    links = [f"notices/{n}.html" for n in range(1, len(rows) + 1)]
    index.write_text(page(title, render_corpus(facts, len(failures), links)
                          + render_index(rows, failures, links)), encoding="utf-8")
    back = '<p class="back"><a href="../index.html">← index</a></p>'

    def write(n: int, notice: dict) -> None:
        body = back + render_notice(notice, *source_text(notice, root), anchor=f"n{n}")
        html = page(notice.get("doc_id") or "?", body)
        (folder / "notices" / f"{n}.html").write_text(html, encoding="utf-8")
    for _ in each_record(notices_path, write):
        pass
    return index


def read_index(out_dir: Path) -> tuple[list[Row], list[Facts], list[Row]]:
    """What the index and the corpus show of an output folder: a row and the facts of
    every notice of its ``notices.jsonl``, in order, and a row per failed input.

    Raises:
        UsageError: there is no ``notices.jsonl`` in ``out_dir``.
        DataError: a line is broken or a record does not follow the contract.
    """
    notices_path = out_dir / NOTICES
    if not notices_path.is_file():
        raise UsageError("no notices.jsonl here: run `pipeline run INPUT --out DIR` first", path=str(out_dir))
    rows, facts = [], []
    for row, fact in each_record(notices_path, lambda _, notice: (notice_row(notice), notice_facts(notice))):
        rows.append(row)
        facts.append(fact)
    return rows, facts, list(each_record(out_dir / ERRORS, lambda _, error: error_row(error)))


def each_record(path: Path, make: Callable[[int, dict], T]) -> Iterator[T]:
    """``make(n, record)`` for the n-th record (from 1) of a JSON Lines file, one by one
    (none when the file is missing).

    Raises:
        DataError: a line is not a JSON object, or ``make`` meets a record whose fields
            are not of the contract's types (with the line number).
    """
    records = read_records(path) if path.is_file() else ()
    for n, (number, record) in enumerate(records, start=1):
        try:
            yield make(n, record)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataError(f"the record does not follow the contract ({type(exc).__name__}: {exc})",
                            path=str(path), line=number) from None


def source_text(notice: dict, root: str | Path = ".") -> tuple[str | None, str | None]:
    """Read a notice's source text again, if it is still the text the spans point into.

    Args:
        notice: a record from ``notices.jsonl``.
        root: the folder relative source paths are read from.

    Returns:
        ``(text, None)``, or ``(None, reason)`` when the text cannot be shown: no
        source named, standard input, a file that cannot be read, or one whose sha256
        is not the record's ``source_sha256``.
    """
    source = (notice.get("provenance") or {}).get("source")
    if not source:
        return None, "the record does not name its source file"
    if source == "-":
        return None, "the notice was read from standard input, which was not kept"
    try:
        # No size limit: the run may have been given a larger --max-bytes than the default.
        found = read_source(str(Path(root, source)), max_bytes=sys.maxsize)
    except PipelineError as error:
        if Path(source).is_absolute():
            return None, f"cannot read the source file {source}: {error.message}"
        # A relative path is relative to where the run was started, which --root names.
        return None, (f"cannot read the source file {source} from {Path(root).resolve()}: {error.message}; "
                      "pass --root with the folder the run was started in")
    if found.sha256 != notice.get("source_sha256"):
        return None, f"the source file {source} has changed since the run (its sha256 differs)"
    return found.text, None
