"""Command-line interface: parses options and calls the library, nothing more."""

from __future__ import annotations

import json
import sys

import click

from . import __version__
from .batch import run_batch
from .config import Config
from .errors import PipelineError, UsageError
from .evaluate import below_threshold, load_gold, load_predictions, render_table, score
from .ingest import expand_inputs
from .schema import notice_schema


def _fail(error: PipelineError, code: int) -> None:
    click.echo(f"Error: {error}", err=True)
    sys.exit(code)


@click.group()
@click.version_option(__version__, prog_name="pipeline")
def cli() -> None:
    """Extract records from Chinese Party inspection rectification notices."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--backend", type=click.Choice(["rules"]), default="rules", show_default=True,
              help="Extraction backend; rules runs offline with no API key.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Config().max_bytes, show_default=True,
              help="Refuse inputs larger than this.")
@click.option("--silent", is_flag=True, help="No progress bar and no summary line.")
def run(inputs: tuple[str, ...], out_dir: str, backend: str, max_bytes: int, silent: bool) -> None:
    """Extract notices from files, folders, globs or - (stdin) into OUT.

    Writes notices.jsonl (one notice per line), notices.csv, problems.csv,
    measures.csv, metrics.csv, stats.csv (UTF-8 with BOM, keyed by doc_id) and
    errors.jsonl (one line per failed input).

    Exit code 0 when every input succeeded, 1 when some failed (the others'
    records are still written), 2 on a usage error.

    \b
    Example:
        pipeline run seeds/ --out out/
        pipeline eval --gold ../shared/gold --pred out/notices.jsonl
        cat notice.txt | pipeline run - --out out/
    """
    config = Config(backend=backend, max_bytes=max_bytes, silent=silent)
    try:
        paths = expand_inputs(inputs)
        if not paths:
            raise UsageError("no input files found (looked for .txt, .md, .html, .htm)")
    except PipelineError as error:
        _fail(error, 2)
    show_bar = not silent and sys.stderr.isatty() and len(paths) > 1
    try:
        with click.progressbar(length=len(paths), label="Extracting", file=sys.stderr,
                               hidden=not show_bar) as bar:
            summary = run_batch(paths, out_dir, config, on_done=lambda _: bar.update(1))
    except PipelineError as error:
        _fail(error, 2)
    if not silent:
        click.echo(summary.line(), err=True)
        if summary.failures:
            click.echo(f"Failures are listed in {out_dir}/errors.jsonl", err=True)
    sys.exit(1 if summary.failures else 0)


@cli.command("eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of *.gold.json files.")
@click.option("--pred", required=True, help="notices.jsonl written by `pipeline run` (- for stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--min-f1", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when any micro-averaged F1 falls below this.")
def eval_(gold_dir: str, pred: str, as_json: bool, min_f1: float | None) -> None:
    """Score predicted notices against gold labels (per document and micro-averaged).

    \b
    Example:
        pipeline run seeds/ --out out/ --silent
        pipeline eval --gold ../shared/gold --pred out/notices.jsonl --min-f1 0.9
    """
    try:
        report = score(load_gold(gold_dir), load_predictions(pred))
    except PipelineError as error:
        _fail(error, 2)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else render_table(report))
    if min_f1 is not None:
        failing = below_threshold(report, min_f1)
        if failing:
            click.echo(f"Below --min-f1 {min_f1}: {', '.join(failing)}", err=True)
            sys.exit(1)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of one line of notices.jsonl.

    \b
    Example:
        pipeline schema > schemas/notice.v1.json
    """
    click.echo(json.dumps(notice_schema(), ensure_ascii=False, indent=2))
