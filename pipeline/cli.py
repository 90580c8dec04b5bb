"""Command-line interface: parses options and calls the library, nothing more."""

from __future__ import annotations

import errno
import json
import os
import sys
import traceback
from collections import Counter
from typing import get_args

import click
from pydantic import ValidationError

from pipeline import __version__
from pipeline.run import run_batch
from pipeline.config import STUB_MODEL, Config, Mode
from pipeline.errors import UsageError, as_pipeline_error
from pipeline.evaluate.evalpage import write_eval_page
from pipeline.evaluate.load import below_threshold, load_gold, load_predictions, render_table, score
from pipeline.ingest.source import expand_inputs
from pipeline.report.write import write_report
from pipeline.schema import notice_schema


class _Boundary(click.Group):
    """The one place where an error that stops a command becomes one line and exit code 2.

    Whatever a command raises (our errors, OSError, SQLite errors, bad bytes, a bug) is
    printed as ``Error: PATH: line N: message``; the traceback only with ``--debug``.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # stdout closed early (`| head`): click exits quietly
            _fail(exc, ctx)
        except Exception as exc:  # noqa: BLE001 - the boundary: no traceback by default
            _fail(exc, ctx)


def _fail(exc: Exception, ctx: click.Context) -> None:
    if ctx.find_root().params.get("debug"):
        traceback.print_exception(exc)
    click.echo(f"Error: {as_pipeline_error(exc)}", err=True)
    sys.exit(2)


def _options(*options):
    """A decorator that adds ``options`` to a command, in the order given (as sqlite-utils
    shares its options): each option is declared once, here, for every command using it."""
    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


# What a request asks and which inputs are read: the same for `run` and `batch export/import`.
_model_options = _options(
    click.option("--model", help=f"Model name [env PIPELINE_MODEL; default {Config().model}]. "
                                 f"{STUB_MODEL} is a fake model that answers every ask offline as the "
                                 "rules read the section (to try the LLM path, and for tests)."),
    click.option("--mode", type=click.Choice(list(get_args(Mode))),
                 help=f"How structured output is requested [env PIPELINE_MODE; default {Config().mode}]. "
                      "What works differs by server: llama-cpp-python, DeepSeek, DashScope, Moonshot "
                      "and Ollama take json; vLLM and llama.cpp's llama-server also json_schema; "
                      "llama.cpp's servers json_grammar (json with the schema as a grammar: a small "
                      "model can only answer in shape); OpenAI tools or json_schema (README: provider "
                      "recipes). An endpoint that "
                      "refuses the mode is given up after one request, naming the mode to try."),
    click.option("--max-bytes", type=click.IntRange(min=1), default=Config().max_bytes, show_default=True,
                 help="Refuse inputs larger than this."),
)
_silent_option = click.option("--silent", is_flag=True, help="No progress and no summary line on stderr.")
_out_option = click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
_root_option = click.option("--root", type=click.Path(exists=True, file_okay=False), default=".", show_default=True,
                            help="Folder that relative source paths are read from (where `pipeline run` ran).")


@click.group(cls=_Boundary)
@click.version_option(__version__, prog_name="pipeline")
@click.option("--debug", is_flag=True, help="Show the traceback of an error that stops a command.")
def cli(debug: bool) -> None:
    """Extract records from Chinese Party inspection rectification notices.

    Exit code 2 and one line on stderr when a command cannot run (bad usage, a file
    that cannot be read or written, a broken JSONL or gold file); --debug adds the
    traceback.

    \b
    Example:
        pipeline run seeds/ --out out/
        pipeline report out/
        pipeline run --help
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_out_option
@click.option("--backend", type=click.Choice(["rules", "llm", "auto"]), default="rules", show_default=True,
              help="rules runs offline with no API key; llm asks a model section by section, falling "
                   "back to rules per section; auto is llm when an endpoint is configured.")
@click.option("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                                 "[env OPENAI_BASE_URL; default OpenAI]. The key comes from OPENAI_API_KEY only.")
@_model_options
@click.option("--concurrency", type=click.IntRange(min=1), help=f"Requests in flight at once [default {Config().concurrency}].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help=f"Seconds per request [default {Config().timeout:g}].")
@click.option("--max-retries", type=click.IntRange(min=0),
              help=f"Retries of a request on 429, 5xx, timeouts and connection errors [default {Config().max_retries}].")
@click.option("--breaker", type=click.IntRange(min=1),
              help=f"Failed requests in a row, across the batch, after which the endpoint is given up "
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
@_silent_option
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
    try:
        if dry_run:
            if options["backend"] != "llm":
                raise UsageError("--dry-run goes with --backend llm (the rules cost nothing)")
            options["backend"] = "rules"  # nothing is sent, so no endpoint is needed
        config = Config.load(os.environ, silent=silent, **options)
    except ValidationError as error:
        raise UsageError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None
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
    show_bar = not silent and sys.stderr.isatty() and len(paths) > 1
    if use_batch:
        summary = _provider_batch(paths, out_dir, config)
    else:
        with click.progressbar(length=len(paths), label="Extracting", file=sys.stderr,
                               hidden=not show_bar) as bar:
            summary = run_batch(paths, out_dir, config, on_done=lambda _: bar.update(1))
    summary.left_alone = left_alone
    if price and summary.backend == "llm":
        summary.cost = price.format(price.cost(summary.prompt_tokens, summary.cached_tokens,
                                               summary.completion_tokens, batch=use_batch))
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
    from pipeline.provider_batch.estimate import dry_run

    estimate = dry_run(paths, config, echo=click.echo, batch=use_batch)
    click.echo(estimate.line(config, batch=use_batch), err=True)
    sys.exit(0)


def _provider_batch(paths: list[str], out_dir: str, config: Config):
    from pipeline.provider_batch.batch import run_provider_batch  # the rules path never pays for importing openai

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


@cli.group()
def batch() -> None:
    """Section asks as a file in the OpenAI Batch format, for engines without a batch API
    (vLLM's run-batch) or for sending it yourself.

    \b
    Example:
        pipeline batch export notices/ --out requests.jsonl --model qwen --mode json
        pipeline batch import notices/ --results results.jsonl --out out/ --model qwen --mode json
    """


def _batch_config(options: dict) -> Config:
    try:
        # Export and import ask no endpoint, so none is needed: only model and mode matter.
        return Config.load(os.environ, no_cache=True, **options)
    except ValidationError as error:
        raise UsageError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None


@batch.command("export")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False), help="The requests file (JSONL).")
@_model_options
@_silent_option
def batch_export(inputs: tuple[str, ...], out_file: str, silent: bool, **options) -> None:
    """Write one request line per section ask of every notice in INPUTS.

    Each line is {"custom_id", "method", "url", "body"}; custom_id is
    doc_id:section:hash. Import the answers with `pipeline batch import`,
    giving the same inputs, --model and --mode.

    \b
    Example:
        pipeline batch export notices/ --out requests.jsonl --model qwen --mode json
        vllm run-batch -i requests.jsonl -o results.jsonl --model qwen
        pipeline batch import notices/ --results results.jsonl --out out/ --model qwen --mode json
    """
    from pipeline.provider_batch.batch import read_sources, write_requests

    config = _batch_config(options)
    paths = expand_inputs(inputs)
    with open(out_file, "w", encoding="utf-8") as f:
        count = write_requests(read_sources(paths, config), config, f,
                               on_error=lambda error: click.echo(f"skipped {error}", err=True))
    if not silent:
        click.echo(f"Wrote {count} requests for {len(paths)} inputs to {out_file}", err=True)


@batch.command("import")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--results", "results_files", required=True, multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Output (and error) files of the batch, JSONL; repeat for several.")
@_out_option
@_model_options
@_silent_option
def batch_import(inputs: tuple[str, ...], results_files: tuple[str, ...], out_dir: str, silent: bool,
                 **options) -> None:
    """Write the records of INPUTS from a batch's results, as `pipeline run` does.

    Sections whose line is missing, failed, or whose answer fails the checks
    fall back to the rules (provenance.fallbacks says why). Give the inputs,
    --model and --mode that the requests were exported with.

    \b
    Example:
        pipeline batch export notices/ --out requests.jsonl --model qwen --mode json
        vllm run-batch -i requests.jsonl -o results.jsonl --model qwen
        pipeline batch import notices/ --results results.jsonl --out out/ --model qwen --mode json
    """
    from pipeline.provider_batch.batch import read_results, write_answered

    config = _batch_config(options)
    results: dict = {}
    for name in results_files:
        with open(name, encoding="utf-8") as f:
            read_results(f, results)
    summary = write_answered(expand_inputs(inputs), out_dir, config, results)
    if not silent:
        click.echo(summary.line(), err=True)
    sys.exit(1 if summary.failures else 0)


@cli.command("eval")
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


@cli.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None,
              help="The page to write.  [default: OUT_DIR/report.html]")
@_root_option
@_silent_option
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


@cli.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False),
              help="Folder the gold files are saved in (DIR/<doc_id>.gold.json; made if missing).")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1.  [default: a free one]")
@_root_option
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
    from pipeline.review.server import Review, make_server

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


@cli.command()
def schema() -> None:
    """Print the JSON Schema of one line of notices.jsonl.

    \b
    Example:
        pipeline schema > schemas/notice.v1.json
    """
    click.echo(json.dumps(notice_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    cli()
