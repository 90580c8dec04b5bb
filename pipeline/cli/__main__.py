"""``python -m pipeline.cli``: the ``pipeline`` command without its script."""

from pipeline.cli import cli

cli()
