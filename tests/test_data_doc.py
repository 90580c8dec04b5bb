"""docs/DATA.md documents every column of every table and every kind of error line."""

from __future__ import annotations

import re

import pipeline.errors as errors
from pipeline.output import TABLES

from .conftest import ROOT

DOC = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")


def section(heading_start: str) -> str:
    """The text of the section whose ## heading starts with ``heading_start``."""
    match = re.search(rf"^## {re.escape(heading_start)}.*?(?=^## |\Z)", DOC, re.M | re.S)
    assert match, heading_start
    return match.group()


def documented(text: str) -> list[str]:
    """The names in the first column of the section's tables."""
    return re.findall(r"^\| `([^`]+)` \|", text, re.M)


def test_every_table_column_is_documented_in_order():
    for table, columns in TABLES.items():
        assert documented(section(table)) == columns, table


def test_every_error_kind_is_documented():
    kinds = {cls.kind for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.InputError)}
    kinds |= {errors.UsageError.kind, errors.InternalError.kind}
    assert kinds <= set(documented(section("errors")))
