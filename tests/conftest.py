"""Shared paths: the bundled sample and the gold labels in ../shared."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "seeds" / "lianyungang-gxq-2024.txt"
GOLD_DIR = SHARED / "gold"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
