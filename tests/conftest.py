"""Shared paths: the bundled sample and its gold labels, shipped side by side in seeds/."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "lianyungang-gxq-2024.txt"
GOLD_DIR = ROOT / "seeds"
# The project's shared folder (the annotators' gold) sits beside a checkout; a plain clone
# has none, and the tests that compare against it skip.
SHARED_GOLD = ROOT.parent / "shared" / "gold"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
