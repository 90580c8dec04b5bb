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
8. Reposts on 100,000 made-up notices (10,000 with --quick), a tenth of them reposts of an
   earlier one: wall time and peak RSS of ``pipeline run`` with and without ``--no-reposts``,
   and the reposts found against those planted.
6. A dead endpoint: 50 notices against an endpoint that always answers 500, and one that
   always answers 429: requests sent and wall time, beside the rules alone.
7. Cost per 1,000 notices like the sample at the example prices (docs/prices.example.toml):
   from the ``--dry-run`` estimate (an upper bound, live and with ``--batch``), and from the
   tokens a real model spent on the sample (cassettes/llm-sample.json, re-asks included).

    python scripts/benchmark.py
    python scripts/benchmark.py --quick     # smaller batches, same figures
    python scripts/benchmark.py --jobs 4    # the pool figure with 4 processes
    python scripts/benchmark.py --rules     # the rules figures only
    python scripts/benchmark.py --reposts   # the reposts figure only
"""

from __future__ import annotations

import json
import random
import re
import resource
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

from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.provider_batch import dry_run
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
        summary = run_inputs(paths, out, Config(silent=True, force=True, jobs=jobs))
        rates.append(n / (time.perf_counter() - started))
        assert summary.documents == n and summary.failures == 0, summary.line()
    return max(rates), statistics.median(rates)


def _instructions(args: list[str]) -> int:
    """What valgrind's callgrind counts for one Python process."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, *args],
                          capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : ([0-9]+)", done.stderr).group(1))


def instructions_per_notice(work: Path, n: int = 10) -> list[tuple[str, str, str]]:
    """Instructions one sample notice costs, counted by valgrind's callgrind: the same on
    a busy machine as on an idle one, so two versions compare exactly. The rules alone
    (``notice_from_text``), and a whole ``pipeline run`` with and without ``--no-reposts``
    (copies of the sample are all reposts of the first: the look-up's worst case); each
    the difference between 1 and ``1 + n`` notices, over ``n``."""
    if not shutil.which("valgrind"):
        return [("instructions a notice (callgrind)", "valgrind not installed", "-")]
    code = ("import sys; from pipeline.assemble import notice_from_text; t = open(sys.argv[1], encoding='utf-8').read()\n"
            "for _ in range(int(sys.argv[2])): notice_from_text(t)")
    rules = [_instructions(["-c", code, str(SAMPLE), str(runs)]) for runs in (1, 1 + n)]
    rows = [("rules, one sample notice (callgrind)", f"{(rules[1] - rules[0]) / n / 1e6:.2f}M instructions", "-")]
    for flags in ([], ["--no-reposts"]):
        counts = []
        for runs in (1, 1 + n):
            folder, out = work / f"inst-{runs}", work / f"inst-out-{runs}{''.join(flags)}"
            copies(folder, runs)
            counts.append(_instructions(["-m", "pipeline.cli", "run", str(folder), "--out", str(out), "--silent",
                                         *flags]))
        rows.append((" ".join(["pipeline run", *flags]) + ", a sample notice (callgrind)",
                     f"{(counts[1] - counts[0]) / n / 1e6:.2f}M instructions", "-"))
    return rows


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
    summary = run_inputs(paths, out, config)
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
    run_inputs(paths, work / f"dead-rules-{status}", Config(silent=True))
    rules = time.perf_counter() - started
    server = StubServer(0, ["dead", str(status)])
    try:
        config = Config(backend="llm", base_url=server.url, model="stub", cache_dir=None, silent=True)
        started = time.perf_counter()
        summary = run_inputs(paths, work / f"dead-out-{status}", config)
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
    it: its own process, which reads the folder itself."""
    copies(work / f"rss-{n}", n)
    peak = measured_run([str(work / f"rss-{n}"), "--out", str(work / f"rss-out-{n}")])[2]
    shutil.rmtree(work / f"rss-{n}")
    shutil.rmtree(work / f"rss-out-{n}")
    return peak


def measured_run(args: list[str]) -> tuple[float, float, float]:
    """``pipeline run ARGS --silent`` in its own process: (wall seconds, CPU seconds, peak
    RSS in MB). On a machine shared with other work the CPU seconds are the steadier figure.

    The peak is read from /proc (VmHWM) as the command exits: a child's ru_maxrss would
    count the pages of this process that it held between fork and exec.
    """
    report = (
        "import atexit, re, runpy, sys;"
        "atexit.register(lambda: sys.stderr.write("
        "re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1] + '\\n'));"
        f"sys.argv = ['pipeline', 'run', *{args!r}, '--silent'];"
        "runpy.run_module('pipeline.cli', run_name='__main__')"
    )
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", report], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - started, cpu, int(done.stderr.split()[-1]) / 1024


# Made-up notices for the reposts figure: one frame, the unit, dates, figures and the
# problems and measures drawn anew for each, so that notices share their boilerplate
# sentences as a real corpus does, and little else.
_PLACES = "东西南北中上下前后新老青白红金银石沙河湖山林泉桥湾港"
_OFFICES = ["水务局", "交通运输局", "农业农村局", "市场监管局", "卫生健康委", "教育局", "民政局", "住建局",
            "自然资源局", "文广旅局", "财政局", "人社局", "应急管理局", "统计局", "审计局", "商务局"]
_TOPICS = ["项目资金管理", "安全生产监管", "基层党建工作", "干部队伍建设", "作风建设", "政策落实",
           "风险防控", "民生服务保障", "国有资产管理", "意识形态工作", "制度执行", "审批服务"]
_FLAWS = ["不够规范", "存在短板", "不够有力", "有差距", "不到位", "存在薄弱环节"]
_MEASURES = [
    "开展{t}专项检查，梳理问题{a}个，已整改{b}个。", "修订《{u}{t}管理办法》等制度{a}项，明确责任分工。",
    "组织{u}干部专题培训{a}期，参训人员{c}人次。", "追回违规资金{d}万元，已上缴{u}财政专户。",
    "约谈责任单位{a}家，督促其在{b}日内完成整改。", "建立{t}月度调度机制，已召开调度会{a}次、通报{b}期。",
    "完成{t}整改任务{b}项，剩余{a}项正在推进。", "对{a}名责任人进行提醒谈话，对{b}名责任人诫勉。",
]


def _notice(rng: random.Random, n: int) -> list[str]:
    """The lines of one made-up notice."""
    unit = f"{rng.choice(_PLACES)}{rng.choice(_PLACES)}县{rng.choice(_OFFICES)}"
    month, day, round_ = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 9)
    lines = [f"中共{unit}党组关于县委第{round_}轮巡察整改进展情况的通报", "",
             f"根据县委统一部署，县委第{rng.randint(1, 6)}巡察组于{2020 + n % 5}年{month}月{day}日起对{unit}党组"
             f"开展了常规巡察，并反馈了巡察意见。按照有关要求，现将巡察整改进展情况予以公布。",
             "一、整改工作组织情况",
             f"党组把巡察整改作为重大政治任务，召开专题会议{rng.randint(2, 9)}次研究部署。成立整改工作领导小组，逐项明确责任。",
             "二、整改落实情况"]
    for index, topic in enumerate(rng.sample(_TOPICS, 4), 1):
        lines.append(f"{index}.关于“{topic}{rng.choice(_FLAWS)}”问题的整改。")
        measures = rng.sample(_MEASURES, 3)
        lines.append("".join(f"{'一二三'[i]}是" + m.format(t=topic, u=unit, a=rng.randint(2, 99), b=rng.randint(1, 60),
                                                          c=rng.randint(50, 900), d=rng.randint(3, 999))
                             for i, m in enumerate(measures)))
    lines += ["三、下一步工作打算", "下一步，将持续巩固整改成果，建立健全长效机制。",
              "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-" + f"{rng.randint(1000000, 9999999)}。",
              f"中共{unit}党组", f"{2020 + n % 5}年{month}月{day + 1}日"]
    return lines


def _repost(rng: random.Random, lines: list[str]) -> list[str]:
    """An exact copy of a notice, one with a portal's header, or one with two measures'
    sentences edited, in turn."""
    kind = rng.randrange(3)
    if kind == 1:
        return ["某某县纪委监委网站 > 巡察公开", f"发布时间：2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", *lines[2:-2]]
    if kind == 2:
        lines = list(lines)
        for at in (7, 9):
            lines[at] = lines[at].replace("。", "，现已全部完成。", 1)
    return lines


def synthetic_corpus(folder: Path, n: int) -> int:
    """Write n made-up notices into ``folder``, a tenth of them reposts of an earlier one.

    Returns:
        The number of reposts planted.
    """
    rng = random.Random(20)
    folder.mkdir(parents=True)
    written: list[list[str]] = []
    planted = 0
    for i in range(n):
        if written and rng.random() < 0.1:
            lines = _repost(rng, rng.choice(written))
            planted += 1
        else:
            lines = _notice(rng, i)
            written.append(lines)
        (folder / f"n{i:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return planted


def reposts_figure(work: Path, n: int) -> tuple[str, str]:
    """The reposts figure: (its name, what was measured)."""
    planted = synthetic_corpus(work / "made-up", n)
    runs = {}
    for name, flags in (("without", ["--no-reposts"]), ("with", [])):
        out = work / f"made-up-{name}"
        runs[name] = measured_run([str(work / "made-up"), "--out", str(out), *flags])
        found = sum(b'"duplicate_of":{' in line for line in (out / "notices.jsonl").open("rb"))
        index = out / ".reposts.sqlite"
        size = index.stat().st_size if index.exists() else 0
        shutil.rmtree(out)
    (plain, plain_cpu, plain_rss), (wall, cpu, rss) = runs["without"], runs["with"]
    shutil.rmtree(work / "made-up")
    return (f"reposts, {n} made-up notices ({planted} planted)",
            f"with: {wall:.0f} s ({cpu:.0f} s CPU), {rss:.0f} MB peak RSS; without: {plain:.0f} s "
            f"({plain_cpu:.0f} s CPU), {plain_rss:.0f} MB; CPU {cpu / plain_cpu - 1:+.1%}, RSS "
            f"{rss - plain_rss:+.1f} MB; {found} found; index {size / 1e6:.0f} MB")


def main(quick: bool, jobs: int, rules_only: bool, reposts_only: bool) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        reposts = 10_000 if quick else 100_000
        if reposts_only:
            return _table([(*reposts_figure(work, reposts), "-")])
        n = 500 if quick else 3000
        paths = copies(work / "rules", n)
        best, median = rules_throughput(paths, work / "rules-out", 1)
        rows.append((f"rules throughput, {n} notices, --jobs 1", f"{best:.0f}/s best, {median:.0f}/s median",
                     ">= 300/s"))
        rows += instructions_per_notice(work)
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
        rows.append((*reposts_figure(work, reposts), "-"))
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
        main("--quick" in args, int(args[args.index("--jobs") + 1]) if "--jobs" in args else 2, "--rules" in args,
             "--reposts" in args)
