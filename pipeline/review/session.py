"""The run under review: its records, their pages with the editor, the edits the page
sends, and the gold files they are saved as."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from pipeline.review.corrections import apply, gold_of, parse_edit, restore_spans, validated
from pipeline.review.editor import EDITOR_CSS, EDITOR_SCRIPT, script_json, toolbar
from pipeline.errors import DataError, UsageError
from pipeline.output import NOTICES, parse_line
from pipeline.report import (
    Facts, Row, page, read_index, render_corpus, render_index, render_notice, source_text,
)


@dataclass
class Review:
    """The records of a run, and where their gold files go.

    Args:
        out_dir: the run's output folder (``notices.jsonl``, ``errors.jsonl``).
        gold_dir: where gold files are written (made if missing).
        root: the folder relative source paths are read from.

    Raises:
        UsageError: there is no ``notices.jsonl``, or the gold folder cannot be made.
        DataError: a line of ``notices.jsonl`` is broken.
    """

    out_dir: Path
    gold_dir: Path
    root: Path = Path(".")
    rows: list[Row] = field(init=False)
    facts: list[Facts] = field(init=False)
    failures: list[Row] = field(init=False)
    _offsets: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.out_dir, self.gold_dir, self.root = Path(self.out_dir), Path(self.gold_dir), Path(self.root)
        self.rows, self.facts, self.failures = read_index(self.out_dir)
        try:
            self.gold_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot make the gold folder: {exc.strerror}", path=str(self.gold_dir)) from None
        # Where each record's line starts, so a page reads one line, not the whole file.
        self._offsets, at = [], 0
        with open(self.out_dir / NOTICES, "rb") as lines:
            for raw in lines:
                if raw.strip():
                    self._offsets.append(at)
                at += len(raw)

    def record(self, n: int) -> dict:
        """The n-th record (from 1) of ``notices.jsonl``.

        Raises:
            LookupError: there is no n-th record.
            DataError: the file changed since the server started.
        """
        if not 1 <= n <= len(self._offsets):
            raise LookupError(n)
        path = self.out_dir / NOTICES
        with open(path, "rb") as lines:
            lines.seek(self._offsets[n - 1])
            raw = lines.readline()
        try:
            record = parse_line(raw, str(path), n)
        except DataError:
            record = None
        if record is None or record.get("doc_id") != self.rows[n - 1].doc_id:
            raise DataError(f"{NOTICES} changed since the review server started: restart it", path=str(path))
        return record

    def gold_path(self, doc_id: str) -> Path:
        """Where the gold file of ``doc_id`` goes.

        Raises:
            UsageError: the doc_id would put it outside the gold folder.
        """
        folder = self.gold_dir.resolve()
        path = (folder / f"{doc_id}.gold.json").resolve()
        if path.parent != folder or "/" in doc_id or "\\" in doc_id:
            raise UsageError(f"doc_id {doc_id!r} cannot name a file in the gold folder")
        return path

    def reviewed(self) -> set[str]:
        """The doc_ids that have a gold file."""
        return {path.name.removesuffix(".gold.json") for path in self.gold_dir.glob("*.gold.json")}

    def opened(self, n: int) -> tuple[dict, dict, str | None, str | None]:
        """The n-th notice as the editor opens it.

        Returns:
            ``(original, working, text, reason)``: the record of the run, the working
            record (from its gold file when there is one), the source text (``None``
            with the reason when it cannot be shown).

        Raises:
            DataError: its gold file is not valid JSON.
        """
        original = self.record(n)
        text, reason = source_text(original, self.root)
        path = self.gold_path(original["doc_id"])
        if path.is_file():
            try:
                gold = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise DataError(f"not a gold file: {exc}", path=str(path)) from None
            return original, restore_spans(gold, original, text), text, reason
        working = {k: v for k, v in original.items() if k not in ("provenance", "source_sha256")}
        return original, validated(working), text, reason

    def index_page(self) -> str:
        links = [f"/notice/{n}" for n in range(1, len(self.rows) + 1)]
        intro = (f'<p class="back">Corrections are saved as gold files in {escape(str(self.gold_dir))} '
                 "(<code>pipeline eval --gold</code> reads them). Open a notice to correct it.</p>")
        return page(f"Review: {self.out_dir.name}", intro + render_corpus(self.facts, len(self.failures), links)
                    + render_index(self.rows, self.failures, links, reviewed=self.reviewed()))

    def notice_page(self, n: int) -> str:
        original, working, text, reason = self.opened(n)
        doc_id = original["doc_id"]
        saved = "reviewed: gold saved" if self.gold_path(doc_id).is_file() else "not reviewed yet"
        body = (f"<style>{EDITOR_CSS}</style>{toolbar(n, len(self.rows), saved)}"
                f"{self._section(n, original, working, text, reason)}"
                f'<script type="application/json" id="record">{script_json(working)}</script>')
        return page(f"Review: {doc_id}", body, EDITOR_SCRIPT)

    def edit(self, n: int, body: dict) -> dict:
        """Apply an edit the page sent (``{"record", "edit"}``; ``edit`` null redraws).

        Returns:
            ``{"record", "html", "select"}``: the new working record, the notice's section,
            the item to select.

        Raises:
            UsageError: the record or the edit is not valid.
        """
        original = self.record(n)
        text, reason = source_text(original, self.root)
        record = self._posted_record(body, original)
        answer = {}
        if body.get("edit") is not None:
            record, answer["select"] = apply(record, parse_edit(body["edit"]), text)
        answer.update(record=record, html=self._section(n, original, record, text, reason))
        return answer

    def save(self, n: int, body: dict) -> Path:
        """Write the posted record's gold file (``{"record"}``).

        Returns:
            The gold file written.

        Raises:
            UsageError: the record is not valid, or the file cannot be written.
        """
        original = self.record(n)
        record = self._posted_record(body, original)
        path = self.gold_path(original["doc_id"])
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_text(json.dumps(gold_of(record), ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
            os.replace(partial, path)
        except OSError as exc:
            raise UsageError(f"cannot write the gold file: {exc.strerror}", path=str(path)) from None
        finally:
            partial.unlink(missing_ok=True)
        return path

    def _posted_record(self, body: dict, original: dict) -> dict:
        record = validated(body.get("record"))
        if record["doc_id"] != original["doc_id"]:
            raise UsageError(f"the record is {record['doc_id']!r}, not this page's {original['doc_id']!r}")
        return record

    def _section(self, n: int, original: dict, working: dict, text: str | None, reason: str | None) -> str:
        # The header (backend, coverage, fallbacks) is the run's: taken from the original.
        shown = {**working, "source_sha256": original.get("source_sha256"),
                 "provenance": original.get("provenance")}
        return render_notice(shown, text, reason, anchor=f"n{n}")
