"""One configuration object, built from command-line flags (and, later, env vars)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .ingest import MAX_BYTES


class Config(BaseModel):
    """Settings of a run.

    Attributes:
        backend: ``rules`` extracts offline with the rule backend.
        max_bytes: inputs larger than this are refused with a clear error.
        silent: no progress bar and no summary line.
    """

    model_config = ConfigDict(frozen=True)

    backend: Literal["rules"] = "rules"
    max_bytes: int = Field(default=MAX_BYTES, gt=0)
    silent: bool = False
