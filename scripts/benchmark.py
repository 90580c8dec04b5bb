"""Rules throughput and peak memory, end to end in one process.

Writes N copies of the sample notice to a temporary folder, runs the same batch the CLI
runs (ingest -> segment -> rules -> write) three times per size and prints the best and
median notices/s and the process's peak RSS after each size, so a reader can see
whether memory stays flat as the batch grows.

    python scripts/benchmark.py            # 200, 1000 and 2000 notices
    python scripts/benchmark.py 500 5000
"""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.config import Config
from pipeline.ingest import expand_inputs

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "lianyungang-gxq-2024.txt"


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(n: int, work: Path, repeats: int) -> tuple[float, float, float]:
    """Run the batch on n copies ``repeats`` times: best and median notices/s, peak RSS."""
    inputs = work / f"in-{n}"
    inputs.mkdir()
    data = SAMPLE.read_bytes()
    for i in range(n):
        (inputs / f"notice-{i:05d}.txt").write_bytes(data)
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        summary = run_batch(expand_inputs([str(inputs)]), work / f"out-{n}", Config(silent=True))
        rates.append(n / (time.perf_counter() - started))
        assert summary.documents == n and summary.failures == 0, summary.line()
    shutil.rmtree(inputs)
    return max(rates), statistics.median(rates), peak_rss_mb()


def main(sizes: list[int], repeats: int = 3) -> None:
    print(f"python {sys.version.split()[0]}, sample {SAMPLE.stat().st_size} bytes, one process, "
          f"{repeats} runs per size (this machine's timings vary run to run)")
    print(f"{'notices':>8} {'best/s':>8} {'median/s':>9} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            best, median, rss = bench(n, Path(tmp), repeats)
            print(f"{n:>8} {best:>8.0f} {median:>9.0f} {rss:>12.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 1000, 2000])
