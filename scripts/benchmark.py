"""Rules throughput and peak memory, end to end in one process.

Writes N copies of the sample notice to a temporary folder, runs the same batch the CLI
runs (ingest -> segment -> rules -> write) and prints notices/s and peak RSS growth at
several batch sizes, so a reader can see whether memory stays flat.

    python scripts/benchmark.py            # 200, 1000 and 2000 notices
    python scripts/benchmark.py 500 5000
"""

from __future__ import annotations

import resource
import shutil
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


def bench(n: int, work: Path) -> tuple[float, float]:
    inputs = work / f"in-{n}"
    inputs.mkdir()
    data = SAMPLE.read_bytes()
    for i in range(n):
        (inputs / f"notice-{i:05d}.txt").write_bytes(data)
    started = time.perf_counter()
    summary = run_batch(expand_inputs([str(inputs)]), work / f"out-{n}", Config(silent=True))
    elapsed = time.perf_counter() - started
    assert summary.documents == n and summary.failures == 0, summary.line()
    shutil.rmtree(inputs)
    return n / elapsed, peak_rss_mb()


def main(sizes: list[int]) -> None:
    print(f"python {sys.version.split()[0]}, sample {SAMPLE.stat().st_size} bytes, one process")
    print(f"{'notices':>8} {'notices/s':>10} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            rate, rss = bench(n, Path(tmp))
            print(f"{n:>8} {rate:>10.0f} {rss:>12.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 1000, 2000])
