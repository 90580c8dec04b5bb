"""The recorder: writes each input's outcome in input order, keeps the counts, and knows
which inputs the output folder already holds (skipped, or asked again where the endpoint
failed) and which doc_id each record is written under."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from pipeline.errors import ENDPOINT_REASONS, as_pipeline_error
from pipeline.ingest import Source
from pipeline.output import DoneKey, OutputWriter, serialise, with_duplicate_of
from pipeline.records import Notice
from pipeline.run.outcome import FinishedNotice
from pipeline.run.reposts import RepostIndex
from pipeline.run.summary import RunSummary


def _base_id(doc_id: str) -> str:
    return doc_id.split("~")[0]


def _endpoint_reason(reason: str) -> bool:
    return reason.split(":")[0] in ENDPOINT_REASONS


def _endpoint_failed(key: DoneKey) -> bool:
    return any(_endpoint_reason(reason) for _, reason in key.fallbacks)


class Recorder:
    """Writes each outcome as it arrives, keeps the counts, and knows what is done.

    Args:
        writer: the open output folder; ``writer.done`` lists the notices already there.
        summary: the counts to keep.
        on_done: called with each path when it is finished (progress bars).
        made_by: ``(backend, model, prompt_version)`` that this run's records carry.
        reposts: where reposts are looked for; None looks for none.
        prompts: this run's prompt digest of each kind of ask (``provenance.sections[].prompt``).
    """

    def __init__(self, writer: OutputWriter, summary: RunSummary,
                 on_done: Callable[[str], None] | None, made_by: tuple, reposts: RepostIndex | None,
                 prompts: dict[str, str]):
        self.writer = writer
        self.summary = summary
        self.on_done = on_done
        self.reposts = reposts
        # An input is done when a record of the same source (doc_id before any ~N rename,
        # sha256) made with the same model and prompts is in the folder (whatever its
        # backend: an LLM run's record names its model even when all fell back), and no
        # section of it fell back because the endpoint failed; each record excuses one input.
        # Same prompts means the same names and, for every section asked, the same text behind
        # them (a record made before digests were kept has none: its names decide).
        same = [k for k in writer.done if (k.model, k.prompt_version) == made_by[1:]
                and all(digest in (None, prompts.get(kind)) for kind, digest in k.prompts)]
        self.done = Counter((_base_id(k.doc_id), k.source_sha256) for k in same if not _endpoint_failed(k))
        self.unfinished = {(_base_id(k.doc_id), k.source_sha256): k for k in same if _endpoint_failed(k)}
        # An input redone (its file or the prompts changed) keeps its record's doc_id, so
        # that the new record replaces the old one.
        self.ids_by_source = {source: k.doc_id for k, source in writer.done.items()}
        self.seen_ids: Counter = Counter()
        # The input whose record has a doc_id unrenamed, named when another input is renamed.
        self.first_input: dict[str, str | None] = {}
        for key, source in writer.done.items():
            base, _, n = key.doc_id.partition("~")
            self.seen_ids[base] = max(self.seen_ids[base], int(n) if n.isdigit() else 1)
            if not n:
                self.first_input[base] = source

    def skip(self, source: Source) -> bool:
        """Whether ``source`` is already done; counts it as skipped if so."""
        key = (source.doc_id, source.sha256)
        if self.done[key] <= 0:
            return False
        self.done[key] -= 1
        self.summary.skipped += 1
        if self.on_done:
            self.on_done(source.path)
        return True

    def left_on_rules(self, source: Source) -> dict[str, str] | None:
        """For an input whose record has sections that fell back because the endpoint
        failed: the other fallbacks (the model's wrong answers), section -> reason, which
        are not asked again. None for any other input."""
        key = self.unfinished.pop((source.doc_id, source.sha256), None)
        if key is None:
            return None
        failed = [section for section, reason in key.fallbacks if _endpoint_reason(reason)]
        self.summary.asked_again += 1
        self.summary.sections_asked_again += len(failed)
        return {section: reason for section, reason in key.fallbacks if section not in failed}

    def finish(self, notice: Notice, source: Source) -> FinishedNotice:
        """``notice`` serialised for this run's writer, and signed when reposts are looked for."""
        return FinishedNotice.of(notice, self.writer.has_database, source if self.reposts is not None else None)

    def __call__(self, path: str, outcome: FinishedNotice | Exception) -> None:
        """Write one input's outcome: its finished notice, or its error."""
        if isinstance(outcome, FinishedNotice):
            finished = self._with_final_id(outcome)
            if self.reposts is not None:
                finished = self._as_repost(finished)
            self.writer.write_notice(finished.serialised)
            self.summary.add(finished.counts)
        else:
            error = as_pipeline_error(outcome)
            error.path = error.path or path
            self.writer.write_error(error)
            self.summary.failures += 1
            self.summary.failures_by_kind[error.kind] += 1
        if self.on_done:
            self.on_done(path)

    def _with_final_id(self, finished: FinishedNotice) -> FinishedNotice:
        """The notice under the doc_id it is written with: a redone input keeps its old
        record's id, so that the new record replaces it; a second input of one stem (a/x.txt,
        b/x.txt) is renamed ``x~2``."""
        doc_id = finished.serialised.doc_id
        old_id = self.ids_by_source.pop(finished.source, None)
        warning = None
        if old_id is not None and _base_id(old_id) == doc_id:
            new_id = old_id
        else:
            self.seen_ids[doc_id] += 1
            if self.seen_ids[doc_id] == 1:
                self.first_input[doc_id] = finished.source
                return finished
            new_id = f"{doc_id}~{self.seen_ids[doc_id]}"
            warning = (f"doc_id {doc_id!r} already used by {self.first_input.get(doc_id) or 'another input'}; "
                       f"renamed {new_id}")
            self.summary.renamed += 1
        if new_id == doc_id:
            return finished
        # Rare, so the record is read back from its line rather than kept beside it.
        notice = Notice.model_validate_json(finished.serialised.line)
        notice.doc_id = new_id
        if warning:
            notice.provenance.warnings.append(warning)
        return finished._replace(serialised=serialise(notice, sqlite=self.writer.has_database))

    def _as_repost(self, finished: FinishedNotice) -> FinishedNotice:
        """The notice with ``duplicate_of`` set when it repeats an earlier one."""
        found = self.reposts.check(finished.serialised.doc_id, finished.signature)
        if found is None:
            return finished
        self.summary.reposts += 1
        return finished._replace(serialised=with_duplicate_of(finished.serialised, found))
