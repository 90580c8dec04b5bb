"""Shared paths: the bundled sample and its gold labels, shipped side by side in seeds/."""

import os
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A test run started in the background by a shell without job control (`pytest &` in a
# script, nohup) inherits SIGINT ignored, as POSIX has it, and so would every process it
# starts: the Ctrl-C tests would see no interruption. Python's own handler is put back.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "lianyungang-gxq-2024.txt"
GOLD_DIR = ROOT / "seeds"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


# Property tests (hypothesis) stay bounded: PIPELINE_HYPOTHESIS=ci runs fewer examples with
# a fixed seed, =hunt runs many, for looking for crashes by hand.
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=_SLOW_IS_FINE)
settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, suppress_health_check=_SLOW_IS_FINE)
settings.register_profile("hunt", max_examples=1500, deadline=None, suppress_health_check=_SLOW_IS_FINE)
settings.load_profile(os.environ.get("PIPELINE_HYPOTHESIS", "dev"))
