"""The options several commands share, each declared once, and the config they make."""

from __future__ import annotations

import os
from typing import get_args

import click
from pydantic import ValidationError

from pipeline.config import STUB_MODEL, Config, Mode
from pipeline.errors import UsageError


def options(*declared):
    """A decorator that adds ``declared`` options to a command, in the order given (as
    sqlite-utils shares its options): each option is declared once, here, for every command
    using it."""
    def decorate(command):
        for option in reversed(declared):
            command = option(command)
        return command
    return decorate


# What a request asks and which inputs are read: the same for `run` and `batch export/import`.
model_options = options(
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
silent_option = click.option("--silent", is_flag=True, help="No progress and no summary line on stderr.")
out_option = click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
root_option = click.option("--root", type=click.Path(exists=True, file_okay=False), default=".", show_default=True,
                           help="Folder that relative source paths are read from (where `pipeline run` ran).")


def load_config(**flags) -> Config:
    """The config of a command: its flags over the environment over the defaults.

    Args:
        flags: the command's options, as :meth:`Config.load` takes them.

    Raises:
        UsageError: a flag or variable holds a value the config refuses (its first reason).
    """
    try:
        return Config.load(os.environ, **flags)
    except ValidationError as error:
        raise UsageError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None
