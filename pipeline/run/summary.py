"""The run's counts: each notice's (:class:`NoticeCounts`) and the run's, for its closing
summary line (:class:`RunSummary`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.assemble import LOW_COVERAGE
from pipeline.records import Notice
from pipeline.segment import CLOSE_CALL


class NoticeCounts(NamedTuple):
    """What the summary line counts of one notice."""

    problems: int
    measures: int
    organization_measures: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    requests: int
    fallbacks: tuple[str, ...]  # the reason of each section that fell back, before its colon
    low_coverage: bool
    close_call: bool

    @classmethod
    def of(cls, notice: Notice) -> NoticeCounts:
        """The counts of ``notice``."""
        prov = notice.provenance
        return cls(
            len(notice.problems), sum(len(p.measures) for p in notice.problems),
            len(notice.organization_measures), prov.tokens.prompt, prov.tokens.completion,
            prov.tokens.cached, sum(s.attempts for s in prov.sections),
            tuple(f.reason.split(":")[0] for f in prov.fallbacks),
            prov.coverage is not None and prov.coverage < LOW_COVERAGE,
            prov.outline_confidence is not None and prov.outline_confidence < CLOSE_CALL,
        )


@dataclass
class RunSummary:
    """What a run did, for the closing summary line."""

    backend: str = "rules"
    documents: int = 0
    reposts: int = 0  # of the documents, those naming an earlier notice in duplicate_of
    skipped: int = 0  # already in the output folder
    asked_again: int = 0  # records made again for the sections the endpoint failed on
    sections_asked_again: int = 0  # those sections, in the records made again
    renamed: int = 0  # doc_ids given a ~N suffix because another input had the same stem
    left_alone: Counter = field(default_factory=Counter)  # non-input files in folders, by suffix
    interrupted: bool = False
    problems: int = 0
    measures: int = 0  # problem measures, the rows of measures.csv with section "problem"
    organization_measures: int = 0  # the rows with section "organization"
    failures: int = 0
    seconds: float = 0.0
    failures_by_kind: Counter = field(default_factory=Counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0  # sent to the endpoint, retries included (a provider batch: its lines)
    retried: int = 0  # of the requests, those repeating one after 429, 5xx, a timeout or a dropped connection
    fallbacks: Counter = field(default_factory=Counter)  # by reason
    cached_tokens: int = 0  # prompt tokens the endpoint served from its prefix cache
    given_up: str | None = None  # why the endpoint was given up, when it was
    low_coverage: int = 0  # notices whose coverage is under LOW_COVERAGE
    close_calls: int = 0  # notices whose part roles were a close call (under CLOSE_CALL)
    cost: str | None = None  # the tokens' cost with its currency, when the model has a price
    cache_failure: str | None = None  # why the answer cache was turned off mid-run, if it was

    def add(self, counts: NoticeCounts) -> None:
        """Count one more notice written."""
        self.documents += 1
        self.problems += counts.problems
        self.measures += counts.measures
        self.organization_measures += counts.organization_measures
        self.prompt_tokens += counts.prompt_tokens
        self.completion_tokens += counts.completion_tokens
        self.cached_tokens += counts.cached_tokens
        self.requests += counts.requests
        self.fallbacks.update(counts.fallbacks)
        self.low_coverage += counts.low_coverage
        self.close_calls += counts.close_call

    def line(self) -> str:
        """The closing summary line (more lines when the endpoint or the cache failed)."""
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failures_by_kind.items()))
        skipped = f", {self.skipped} skipped as already done (--force redoes them)" if self.skipped else ""
        if self.asked_again:
            skipped += (f", {_count(self.asked_again, 'notice')} made again for the "
                        f"{_count(self.sections_asked_again, 'section')} the endpoint had failed on "
                        "(the rest kept)")
        if self.renamed:
            skipped += f", {self.renamed} renamed doc_id~N (file name already used)"
        if self.left_alone:
            suffixes = ", ".join(f"{k} {n}" for k, n in sorted(self.left_alone.items()))
            skipped += (f", {_count(sum(self.left_alone.values()), 'other file')} left alone "
                        f"(not a notice format: {suffixes})")
        # Named as in the tables: problems.csv rows, then measures.csv rows by section.
        reposts = f" ({_count(self.reposts, 'repost')} of an earlier notice)" if self.reposts else ""
        text = (
            f"{_count(self.documents, 'document')}{reposts}, {_count(self.problems, 'problem')}, "
            f"{_count(self.measures, 'problem measure')} + "
            f"{_count(self.organization_measures, 'organisation measure')}, "
            f"{self.failures} failed{f' ({kinds})' if kinds else ''}{skipped} in {self.seconds:.1f}s; "
            f"backend {self.backend}"
        )
        # The model's figures belong to "backend llm"; what to check comes after them.
        if self.backend == "llm":
            fell = ", ".join(f"{r} {n}" for r, n in sorted(self.fallbacks.items()))
            retried = f" ({self.retried} of them retries)" if self.retried else ""
            text += (f": {_count(self.requests, 'request')} sent{retried}, {self.prompt_tokens} prompt "
                     f"({self.cached_tokens} cached) + {self.completion_tokens} completion tokens, "
                     f"{sum(self.fallbacks.values())} sections on rules{f' ({fell})' if fell else ''}")
            if self.cost:
                text += f", cost {self.cost}"
        if self.low_coverage:
            text += (f"; {self.low_coverage} notice{'s' if self.low_coverage > 1 else ''} under "
                     f"{LOW_COVERAGE:.0%} coverage (see the warnings)")
        if self.close_calls:
            text += (f"; {_count(self.close_calls, 'notice')} whose part roles were a close call "
                     "(see the warnings)")
        if self.given_up:
            text += (f"\nThe LLM endpoint was given up ({self.given_up}); the rest ran on rules. "
                     "Once it is back, run the same command again: it asks only the sections "
                     "that fell back because of the endpoint and keeps the rest.")
        if self.cache_failure:
            text += (f"\nThe answer cache failed ({self.cache_failure}) and the run went on without it, "
                     "so some answers are not cached; check the disk and the cache folder (--cache-dir).")
        return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
