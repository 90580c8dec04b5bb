"""Command-line interface: parses options and calls the library, nothing more.

The ``pipeline`` command (entry point ``pipeline.cli:cli``) and the one place where an
error that stops a command becomes one line on stderr and exit code 2.

- ``options``: the options several commands share, declared once, and the config they make;
- ``commands``: ``run``, ``eval``, ``report``, ``review`` and ``schema``;
- ``batch``: the ``batch export`` / ``batch import`` group (the OpenAI Batch format as files).
"""

from __future__ import annotations

import errno
import sys
import traceback

import click

from pipeline import __version__
from pipeline.cli.batch import batch_group
from pipeline.cli.commands import eval_, report, review, run, schema
from pipeline.errors import as_pipeline_error


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


for _command in (run, batch_group, eval_, report, review, schema):
    cli.add_command(_command)
