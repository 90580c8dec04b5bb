"""Batch benchmarks, printed as one table (figures, never assertions).

1. Rules throughput: 3,000 copies of the sample, best and median of 3 runs, in one
   process and with ``--jobs N`` worker processes (N = 2 unless given), and the speed-up;
   and the instructions one sample notice costs (valgrind's callgrind, where installed):
   unlike the rate, the same on a busy machine, so two versions compare exactly.
2. LLM orchestration efficiency: a stub OpenAI-compatible server on 127.0.0.1 answers
   every request after a fixed delay; wall time / ideal (requests x delay / concurrency)
   at concurrency 1, 8 and 32.
3. Warm-cache rerun of an LLM batch of distinct notices (the blind-labelled sets) into a
   new folder: speed-up over the cold run, and HTTP requests made; and, for comparison,
   the rerun into the same folder, where resume skips every notice.
4. Peak RSS of ``pipeline run`` over 1,000 and over 10,000 notices, each its own process.
5. Output size: bytes the rules batch of (1) wrote (JSONL and CSV; SQLite is opt-in) / bytes
   of its input.
6. A dead endpoint: 50 notices against an endpoint that always answers 500, and one that
   always answers 429: requests sent and wall time, beside the rules alone.
7. Cost per 1,000 notices like the sample at the example prices (docs/prices.example.toml):
   from the ``--dry-run`` estimate (an upper bound, live and with ``--batch``), and from the
   tokens a real model spent on the sample (cassettes/llm-sample.json, re-asks included).

    python scripts/benchmark.py
    python scripts/benchmark.py --quick     # smaller batches, same figures
    python scripts/benchmark.py --jobs 4    # the pool figure with 4 processes
    python scripts/benchmark.py --rules     # the rules figures only
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.config import Config
from pipeline.estimate import dry_run
from pipeline.ingest import expand_inputs, read_source
from pipeline.llm.stub import RulesStub

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "seeds" / "lianyungang-gxq-2024.txt"
EXAMPLE_PRICES = ROOT / "docs" / "prices.example.toml"
RECORDED = ROOT / "cassettes" / "llm-sample.json"
HELDOUT = ROOT / "tests" / "fixtures"
DELAY = 0.2


def copies(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    data = SAMPLE.read_bytes()
    for i in range(n):
        (folder / f"notice-{i:05d}.txt").write_bytes(data)
    return expand_inputs([str(folder)])


def rules_throughput(paths: list[str], out: Path, jobs: int, repeats: int = 3) -> tuple[float, float]:
    n = len(paths)
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        summary = run_batch(paths, out, Config(silent=True, force=True, jobs=jobs))
        rates.append(n / (time.perf_counter() - started))
        assert summary.documents == n and summary.failures == 0, summary.line()
    return max(rates), statistics.median(rates)


def instructions_per_notice(n: int = 10) -> str:
    """Instructions the rules spend on one sample notice, counted by valgrind's callgrind:
    the same on a busy machine as on an idle one, so two versions compare exactly."""
    if not shutil.which("valgrind"):
        return "valgrind not installed"
    code = ("import sys; from pipeline.assemble import notice_from_text; t = open(sys.argv[1], encoding='utf-8').read()\n"
            "for _ in range(int(sys.argv[2])): notice_from_text(t)")
    counts = []
    for runs in (1, 1 + n):
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                               "-c", code, str(SAMPLE), str(runs)], capture_output=True, text=True, check=True)
        counts.append(int(re.search(r"Collected : ([0-9]+)", done.stderr).group(1)))
    return f"{(counts[1] - counts[0]) / n / 1e6:.2f}M instructions"


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir())


class DeadStub:
    """An endpoint that never answers right: every request gets ``status`` (a 429 with
    ``Retry-After: 1``)."""

    def __init__(self, status: int):
        self.status = status
        self.requests: list[dict] = []

    def answer(self, body: dict) -> tuple[int, dict]:
        self.requests.append(body)
        return self.status, {"error": {"message": f"always {self.status}"}}


def serve_stub(delay: float, paths: list[str]) -> None:
    """Serve the rules stub for ``paths`` on 127.0.0.1 (port printed on stdout), answering
    after ``delay``; with ``paths`` ``["dead", STATUS]``, an endpoint that always answers
    STATUS."""
    stub = DeadStub(int(paths[1])) if paths[:1] == ["dead"] else RulesStub([read_source(path) for path in paths])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: no new connection per request
        disable_nagle_algorithm = True  # else headers and body wait 40 ms for a delayed ACK

        def do_POST(self):  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            time.sleep(delay)
            with lock:
                status, answer = stub.answer(body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            if status == 429:
                self.send_header("retry-after", "1")
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - the request count, for the cache figure
            data = str(len(stub.requests)).encode()
            self.send_response(200)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256  # the default 5 resets connections beyond it

        def handle_error(self, request, client_address):
            pass  # a client stopped mid-request (Ctrl-C): nothing to report

    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_port, flush=True)
    server.serve_forever()


class StubServer:
    """The stub in its own process, as a real endpoint would be: its work does not
    compete with the batch for this process's interpreter lock."""

    def __init__(self, delay: float, paths: list[str]):
        self.process = subprocess.Popen([sys.executable, __file__, "--serve", str(delay), *paths],
                                        stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{self.process.stdout.readline().strip()}/v1"

    def requests(self) -> int:
        with urllib.request.urlopen(self.url) as response:
            return int(response.read())

    def close(self):
        self.process.terminate()
        self.process.wait()


def llm_run(server: StubServer, paths: list[str], out: Path, concurrency: int, cache: Path | None,
            done: bool = False):
    """One LLM batch against the stub: (wall seconds, HTTP requests the stub received)."""
    config = Config(backend="llm", base_url=server.url, model="stub", concurrency=concurrency,
                    cache_dir=cache, silent=True)
    before = server.requests()
    started = time.perf_counter()
    summary = run_batch(paths, out, config)
    wall = time.perf_counter() - started
    finished = summary.skipped if done else summary.documents
    assert finished == len(paths) and not summary.fallbacks, summary.line()
    return wall, server.requests() - before


def dead_endpoint(work: Path, status: int, n: int = 50) -> tuple[float, float, int, str]:
    """n notices against an endpoint that always answers ``status``, with the defaults
    (concurrency 8, breaker 8): (wall seconds, the rules-only seconds for the same inputs,
    requests the endpoint received, why the endpoint was given up)."""
    paths = copies(work / f"dead-{status}", n)
    started = time.perf_counter()
    run_batch(paths, work / f"dead-rules-{status}", Config(silent=True))
    rules = time.perf_counter() - started
    server = StubServer(0, ["dead", str(status)])
    try:
        config = Config(backend="llm", base_url=server.url, model="stub", cache_dir=None, silent=True)
        started = time.perf_counter()
        summary = run_batch(paths, work / f"dead-out-{status}", config)
        wall = time.perf_counter() - started
        assert summary.documents == n and summary.backend == "llm", summary.line()
        return wall, rules, server.requests(), summary.given_up or "not given up"
    finally:
        server.close()


def cost_per_thousand() -> tuple[str, str]:
    """The cost figure: (its name, what was measured)."""
    config = Config(prices=EXAMPLE_PRICES)  # nothing is sent: as --dry-run, no endpoint needed
    price = config.price()
    estimate = dry_run([str(SAMPLE)], config, echo=lambda line: None)
    batched = dry_run([str(SAMPLE)], config, echo=lambda line: None, batch=True)  # no outline ask
    live = price.cost(estimate.prompt, 0, estimate.completion) * 1000
    batch = price.cost(batched.prompt, 0, batched.completion, batch=True) * 1000
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    tokens = recorded["tokens"]
    spent = price.cost(tokens["prompt"], tokens["cached"], tokens["completion"]) * 1000
    return (f"cost per 1,000 notices like the sample, {config.model} example prices",
            f"{price.format(live)} live, {price.format(batch)} with --batch (--dry-run: {estimate.requests} "
            f"first asks, ~{estimate.prompt} prompt + at most {estimate.completion} completion tokens a notice); "
            f"{price.format(spent)} at what {recorded['model']} spent, re-asks included "
            f"({recorded['requests']} requests)")


def peak_rss_mb(work: Path, n: int) -> float:
    """Peak RSS of ``pipeline run`` over a folder of n copies of the sample, as a user runs
    it: its own process, which reads the folder itself.

    Read from /proc (VmHWM) as the command exits: a child's ru_maxrss would count the
    pages of this process that it held between fork and exec.
    """
    copies(work / f"rss-{n}", n)
    report = (
        "import atexit, re, runpy, sys;"
        "atexit.register(lambda: sys.stderr.write("
        "re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1] + '\\n'));"
        f"sys.argv = ['pipeline', 'run', {str(work / f'rss-{n}')!r}, '--out', {str(work / f'rss-out-{n}')!r}, '--silent'];"
        "runpy.run_module('pipeline.cli', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", report], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    shutil.rmtree(work / f"rss-{n}")
    shutil.rmtree(work / f"rss-out-{n}")
    return int(done.stderr.split()[-1]) / 1024


def main(quick: bool, jobs: int, rules_only: bool) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        n = 500 if quick else 3000
        paths = copies(work / "rules", n)
        best, median = rules_throughput(paths, work / "rules-out", 1)
        rows.append((f"rules throughput, {n} notices, --jobs 1", f"{best:.0f}/s best, {median:.0f}/s median",
                     ">= 300/s"))
        rows.append(("rules, one sample notice (callgrind)", instructions_per_notice(), "-"))
        pooled, pooled_median = rules_throughput(paths, work / "rules-out", jobs)
        rows.append((f"rules throughput, {n} notices, --jobs {jobs}",
                     f"{pooled:.0f}/s best, {pooled_median:.0f}/s median ({pooled / best:.2f}x)", ">= 1.8x at 2"))
        written, read = folder_bytes(work / "rules-out"), folder_bytes(work / "rules")
        rows.append((f"output size, {n} notices", f"{written / read:.2f}x the input "
                     f"({written / 1e6:.1f} MB / {read / 1e6:.1f} MB)", "<= 3x"))
        shutil.rmtree(work / "rules")
        few, many = (100, 1000) if quick else (1000, 10000)
        small, large = peak_rss_mb(work, few), peak_rss_mb(work, many)
        rows.append((f"peak RSS of pipeline run, {few} vs {many} notices",
                     f"{small:.1f} MB vs {large:.1f} MB ({large / small - 1:+.0%})", "within 10%"))
        if rules_only:
            return _table(rows)

        # Distinct notices for the cache figure: copies of one notice would answer each
        # other from the cache during the cold run.
        distinct = expand_inputs([str(p) for p in sorted(HELDOUT.glob("heldout*"))])
        server = StubServer(DELAY, [str(SAMPLE), *distinct])
        try:
            # One untimed notice first: imports, schema building and the first connection
            # are paid once per process, not per batch.
            llm_run(server, copies(work / "warm-up", 1), work / "out-warm-up", 1, None)
            for concurrency, docs in ((1, 2 if quick else 4), (8, 8 if quick else 16), (32, 16 if quick else 64)):
                paths = copies(work / f"llm-{concurrency}", docs)
                wall, calls = llm_run(server, paths, work / f"out-{concurrency}", concurrency, None)
                ideal = calls * DELAY / concurrency
                rows.append((f"LLM efficiency, concurrency {concurrency} ({calls} requests)",
                             f"{wall / ideal:.2f} ({wall:.1f}s / ideal {ideal:.1f}s)", "<= 1.15"))
            cold, cold_calls = llm_run(server, distinct, work / "out-cold", 8, work / "cache")
            warm, warm_calls = llm_run(server, distinct, work / "out-warm", 8, work / "cache")
            rows.append((f"warm-cache rerun, {len(distinct)} notices ({cold_calls} requests cold)",
                         f"{cold / warm:.0f}x faster ({cold:.1f}s -> {warm:.2f}s), {warm_calls} requests",
                         ">= 50x, 0 requests"))
            again, again_calls = llm_run(server, distinct, work / "out-cold", 8, work / "cache", done=True)
            rows.append(("rerun into the same folder (resume)",
                         f"{cold / again:.0f}x faster ({again:.2f}s), {again_calls} requests", "-"))
        finally:
            server.close()
        rows.append((*cost_per_thousand(), "-"))
        for status in (500, 429):
            wall, rules, calls, why = dead_endpoint(work, status)
            rows.append((f"50 notices, endpoint always {status}",
                         f"{calls} requests, {wall:.1f}s (rules alone {rules:.1f}s): {why}",
                         "<= 8 + 8 requests, within 10 s of rules"))
    _table(rows)


def _table(rows: list[tuple[str, str, str]]) -> None:
    print(f"python {sys.version.split()[0]}; stub delay {DELAY * 1000:.0f} ms")
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'measured':<48}  goal")
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:<48}  {goal}")


if __name__ == "__main__":
    if sys.argv[1:2] in (["-h"], ["--help"]):
        print(__doc__)
    elif sys.argv[1:2] == ["--serve"]:
        serve_stub(float(sys.argv[2]), sys.argv[3:])
    else:
        args = sys.argv[1:]
        main("--quick" in args, int(args[args.index("--jobs") + 1]) if "--jobs" in args else 2, "--rules" in args)
