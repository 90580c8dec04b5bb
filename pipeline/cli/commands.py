"""The commands ``run``, ``eval``, ``report``, ``review`` and ``schema``: each parses its
options, calls the library and prints what it did."""

from __future__ import annotations

import json
import sys
from collections import Counter

import click

from pipeline.cli.options import load_config, model_options, out_option, root_option, silent_option
from pipeline.config import STUB_MODEL, Config
from pipeline.errors import UsageError
from pipeline.evaluate import below_threshold, load_gold, load_predictions, render_table, score, write_eval_page
from pipeline.ingest import expand_inputs
from pipeline.report import write_report
from pipeline.run import RunSummary, run_inputs
from pipeline.schema import notice_schema


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@out_option
@click.option("--backend", type=click.Choice(["rules", "llm", "auto"]), default="rules", show_default=True,
              help="rules runs offline with no API key; llm asks a model section by section, falling "
                   "back to rules per section; auto is llm when an endpoint is configured.")
@click.option("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                                 "[env OPENAI_BASE_URL; default OpenAI]. The key comes from OPENAI_API_KEY only.")
@model_options
@click.option("--concurrency", type=click.IntRange(min=1), help=f"Requests in flight at once [default {Config().concurrency}].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help=f"Seconds per request [default {Config().timeout:g}].")
@click.option("--max-retries", type=click.IntRange(min=0),
              help=f"Retries of a request on 429, 5xx, timeouts and connection errors [default {Config().max_retries}].")
@click.option("--breaker", type=click.IntRange(min=1),
              help=f"Failed requests in a row, across the run, after which the endpoint is given up "
                   f"and the rest runs on rules [default {Config().breaker}].")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Where LLM answers are cached [env PIPELINE_CACHE_DIR; default ~/.cache/notice-pipeline].")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the answer cache.")
@click.option("--force", is_flag=True,
              help="Redo every input and replace OUT's records (also those of another backend "
                   "or model) when the run ends; by default a rerun skips inputs whose records "
                   "OUT already holds.")
@click.option("--sqlite", type=click.Path(dir_okay=False),
              help="Also write the tables to this SQLite database, e.g. OUT/notices.sqlite (off by "
                   "default: notices.jsonl and the CSV files hold everything, and the database adds "
                   "about 1.4 times the input's size).")
@click.option("--jobs", "-j", type=click.IntRange(min=0),
              help="Processes that read, segment and run the rules (the output does not depend "
                   "on it; the LLM backend waits on the model instead) [default 1; 0: one per CPU].")
@click.option("--no-reposts", "reposts", flag_value=False, default=None,
              help="Do not look for reposts (near-duplicates of an earlier notice of the run or of "
                   "OUT); by default each one names the notice it repeats in duplicate_of.")
@click.option("--batch", "use_batch", is_flag=True,
              help="With --backend llm: send every section ask as one provider batch (OpenAI Batch "
                   "format: files and batches API), wait for it, then write the records. Cheaper on "
                   "providers with a batch discount; running the same command again resumes waiting.")
@click.option("--dry-run", is_flag=True,
              help="With --backend llm: send nothing; print each request with its estimated prompt tokens "
                   "and its completion cap, then the totals and, with --prices, the cost. Needs no key.")
@click.option("--prices", type=click.Path(dir_okay=False),
              help="Price table (TOML or JSON; per model: input, cached_input, output per million tokens, "
                   "batch_discount, currency) for --dry-run and the summary line [env PIPELINE_PRICES].")
@silent_option
def run(inputs: tuple[str, ...], out_dir: str, silent: bool, use_batch: bool, dry_run: bool, **options) -> None:
    """Extract notices from files, folders, globs or - (stdin) into OUT.

    Writes notices.jsonl (one notice per line), notices.csv, problems.csv,
    measures.csv, metrics.csv, stats.csv (UTF-8 with BOM, keyed by doc_id), the
    same tables in SQLite with --sqlite PATH, and errors.jsonl (one line per failed input).
    Running again into the same OUT skips what is done (same file, same text,
    same backend, model and prompts) and finishes the rest, also after a crash;
    a changed file's new record replaces its old one. OUT keeps one backend and
    model: another one is refused unless --force.

    Exit code 0 when every input succeeded, 1 when some failed (the others'
    records are still written), 2 when the run cannot start or write (usage,
    files, a busy or mismatched OUT), 130 when interrupted
    (every finished record is kept).

    \b
    Example:
        pipeline run seeds/ --out out/
        pipeline eval --gold seeds/ --pred out/notices.jsonl
        cat notice.txt | pipeline run - --out out/
        OPENAI_BASE_URL=http://127.0.0.1:8080/v1 pipeline run seeds/ --out out/ --backend llm --model qwen
        pipeline run seeds/ --out out-stub/ --backend llm --model stub --no-cache
    """
    if dry_run and options["backend"] != "llm":
        raise UsageError("--dry-run goes with --backend llm (the rules cost nothing)")
    # A dry run sends nothing, so it needs no endpoint.
    config = load_config(silent=silent, **options | ({"backend": "rules"} if dry_run else {}))
    price = config.price()  # a broken price table fails before any work
    left_alone: Counter = Counter()
    paths = expand_inputs(inputs, left_alone)
    if not paths:
        raise UsageError("no input files found (looked for .txt, .md, .html, .htm, .docx, .pdf)")
    if use_batch and not (config.uses_llm or dry_run):
        raise UsageError("--batch needs --backend llm and an endpoint (OPENAI_API_KEY or --base-url)")
    if use_batch and config.model == STUB_MODEL and not dry_run:
        raise UsageError(f"--batch needs a provider's batch API; --model {STUB_MODEL} answers live asks only")
    if dry_run:
        _dry_run(paths, config, use_batch)
    if use_batch:
        summary = _provider_batch(paths, out_dir, config)
    else:
        show_bar = not silent and sys.stderr.isatty() and len(paths) > 1
        with click.progressbar(length=len(paths), label="Extracting", file=sys.stderr,
                               hidden=not show_bar) as bar:
            summary = run_inputs(paths, out_dir, config, on_done=lambda _: bar.update(1))
    summary.left_alone = left_alone
    if price and summary.backend == "llm":
        summary.cost = price.format(price.cost(summary.prompt_tokens, summary.cached_tokens,
                                               summary.completion_tokens, batch=use_batch))
    _finish(summary, out_dir, silent)


def _finish(summary: RunSummary, out_dir: str, silent: bool) -> None:
    """Print the run's summary line and exit with its status."""
    if not silent:
        click.echo(summary.line(), err=True)
        if summary.failures:
            click.echo(f"Failures are listed in {out_dir}/errors.jsonl", err=True)
    if summary.interrupted:
        click.echo(f"Interrupted: the {summary.documents} finished notices are kept in {out_dir}; "
                   "run the same command again to finish the rest.", err=True)
        sys.exit(130)
    # The exit statuses of README.md ("Exit statuses"): given up outranks failed inputs,
    # since every record after it lacks what was asked for.
    sys.exit(3 if summary.given_up else 1 if summary.failures else 0)


def _dry_run(paths: list[str], config: Config, use_batch: bool) -> None:
    from pipeline.provider_batch import dry_run

    estimate = dry_run(paths, config, echo=click.echo, batch=use_batch)
    click.echo(estimate.line(config, batch=use_batch), err=True)
    sys.exit(0)


def _provider_batch(paths: list[str], out_dir: str, config: Config):
    from pipeline.provider_batch import run_provider_batch  # the rules path never pays for importing openai

    said = []

    def progress(batch) -> None:
        counts = batch.request_counts
        done = f", {counts.completed + counts.failed}/{counts.total} requests done" if counts else ""
        line = f"batch {batch.id}: {batch.status}{done}"
        if not said or said[-1] != line:  # a day-long batch is polled thousands of times
            said.append(line)
            click.echo(line, err=True)

    try:
        return run_provider_batch(paths, out_dir, config, on_poll=None if config.silent else progress)
    except KeyboardInterrupt:
        click.echo(f"Stopped waiting; {out_dir}/batch.json keeps the batch id: run the same command "
                   "again to go on waiting (nothing is sent twice).", err=True)
        sys.exit(130)


@click.command("eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of *.gold.json files.")
@click.option("--pred", required=True, help="notices.jsonl written by `pipeline run` (- for stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--min-f1", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when any micro-averaged F1 falls below this.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None,
              help="Also write a page: F1 bars, the per-document table, and each figure's "
                   "false positives and negatives with their text.")
def eval_(gold_dir: str, pred: str, as_json: bool, min_f1: float | None,
          html_path: str | None) -> None:
    """Score predicted notices against gold labels (per document and micro-averaged).

    \b
    Example:
        pipeline run seeds/ --out out/ --silent
        pipeline eval --gold seeds/ --pred out/notices.jsonl --min-f1 0.9
        pipeline eval --gold seeds/ --pred out/notices.jsonl --html out/eval.html
    """
    report = score(load_gold(gold_dir), load_predictions(pred))
    if html_path:
        write_eval_page(report, html_path)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else render_table(report))
    if min_f1 is not None:
        failing = below_threshold(report, min_f1)
        if failing:
            click.echo(f"Below --min-f1 {min_f1}: {', '.join(failing)}", err=True)
            sys.exit(1)


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None,
              help="The page to write.  [default: OUT_DIR/report.html]")
@root_option
@silent_option
def report(out_dir: str, html_path: str | None, root: str, silent: bool) -> None:
    """Write an HTML review page of the notices in OUT_DIR (from `pipeline run`).

    First the corpus (problems and measures per notice, status shares, summary
    totals, coverage and outline confidence with the weakest notices first; each
    bar lists the notices behind it), then an index of the notices and failed
    inputs (sortable, filtered by status and backend), then each notice's source
    text with every problem, measure, metric and document highlighted, beside a
    table of its records. The source files are
    read again; a notice whose file is gone or has changed is shown without text.
    More than 200 notices make a folder (report/index.html and one
    page per notice) instead of one file.

    \b
    Example:
        pipeline run seeds/ --out out/ --silent
        pipeline report out/
        pipeline report out/ --html /tmp/review.html
    """
    written = write_report(out_dir, html_path, root=root)
    if not silent:
        click.echo(f"Wrote {written.path} ({written.notices} notices, {written.failures} failed inputs)",
               err=True)


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False),
              help="Folder the gold files are saved in (DIR/<doc_id>.gold.json; made if missing).")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1.  [default: a free one]")
@root_option
def review(out_dir: str, gold_dir: str, port: int, root: str) -> None:
    """Correct the records of OUT_DIR in the review page and save them as gold.

    Serves the review pages on 127.0.0.1 (only) with editing controls: change
    a measure's status, fix a problem's title or category, delete a false
    problem or measure, add a missed one by selecting its text, save the
    record as gold (DIR/<doc_id>.gold.json, the format `pipeline eval --gold
    DIR` reads). A notice with a gold file opens with its corrections. The
    page lists its keyboard shortcuts. Ctrl+C stops the server.

    \b
    Example:
        pipeline run notices/ --out out/ --silent
        pipeline review out/ --gold gold/
        pipeline eval --gold gold/ --pred out/notices.jsonl
    """
    from pipeline.review import Review, make_server

    reviewing = Review(out_dir, gold_dir, root)
    server = make_server(reviewing, port)
    host, bound = server.server_address[:2]
    click.echo(f"Reviewing {len(reviewing.rows)} notices at http://{host}:{bound}/ "
               f"(gold files go to {gold_dir}; Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command()
def schema() -> None:
    """Print the JSON Schema of one line of notices.jsonl.

    \b
    Example:
        pipeline schema > schemas/notice.v1.json
    """
    click.echo(json.dumps(notice_schema(), ensure_ascii=False, indent=2))

