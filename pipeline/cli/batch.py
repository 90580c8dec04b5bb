"""``pipeline batch export`` and ``pipeline batch import``: a run's section asks as a file in
the OpenAI Batch format, and the records from the answers to it."""

from __future__ import annotations

import sys

import click

from pipeline.cli.options import load_config, model_options, out_option, silent_option
from pipeline.ingest import expand_inputs


@click.group("batch")
def batch_group() -> None:
    """Section asks as a file in the OpenAI Batch format, for engines without a batch API
    (vLLM's run-batch) or for sending it yourself.

    \b
    Example:
        pipeline batch export notices/ --out requests.jsonl --model qwen --mode json
        pipeline batch import notices/ --results results.jsonl --out out/ --model qwen --mode json
    """


@batch_group.command("export")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False), help="The requests file (JSONL).")
@model_options
@silent_option
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
    from pipeline.provider_batch import read_sources, write_requests

    # Export and import ask no endpoint, so none is needed: only model and mode matter.
    config = load_config(no_cache=True, **options)
    paths = expand_inputs(inputs)
    with open(out_file, "w", encoding="utf-8") as f:
        count = write_requests(read_sources(paths, config), config, f,
                               on_error=lambda error: click.echo(f"skipped {error}", err=True))
    if not silent:
        click.echo(f"Wrote {count} requests for {len(paths)} inputs to {out_file}", err=True)


@batch_group.command("import")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--results", "results_files", required=True, multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Output (and error) files of the batch, JSONL; repeat for several.")
@out_option
@model_options
@silent_option
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
    from pipeline.provider_batch import read_results, write_answered

    config = load_config(no_cache=True, **options)
    results: dict = {}
    for name in results_files:
        with open(name, encoding="utf-8") as f:
            read_results(f, results)
    summary = write_answered(expand_inputs(inputs), out_dir, config, results)
    if not silent:
        click.echo(summary.line(), err=True)
    sys.exit(1 if summary.failures else 0)
