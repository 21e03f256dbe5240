"""presskg benchmark: build speed, memory, query latency (vs rdflib) and incremental adds. Prints figures; asserts
nothing about timing. See bench/README.md.

    python bench/run.py            # seeds, the 380-page corpus, a generated 5,000-briefing corpus
    python bench/run.py --quick    # the seeds only (what the test suite runs, so this script cannot rot)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # peer.py and report.py beside this file

import psutil  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from report import print_results  # noqa: E402

from kg.corpora import CORPORA, find_corpus  # noqa: E402
from kg.pipeline import DEFAULT_EXPORTS  # noqa: E402
from kg.queries import bind, named_queries  # noqa: E402
from kg.store import bind_parameters, open_embedded, run_query  # noqa: E402

SAMPLE = ROOT / "tests" / "data"  # a few pages of each corpus, committed: what --quick builds
PARAMS = {"outlet": "Reuters", "first": "CHN", "second": "USA"}  # first, second: compare-positions
YEAR = re.compile(rb"\b(19|20)\d\d\b")
LEAP_DAY = re.compile(rb"February 29(,\s*)((?:19|20)\d\d)")


@dataclass
class BuildFigures:
    """One build, measured in its own process."""

    name: str
    briefings: int
    sentences: int
    triples: int
    wall: float
    peak_rss_mb: float  # the build's whole process tree (main + workers), sampled every 50 ms
    main_rss_mb: float  # the main process alone (getrusage)
    workers: int
    stages: dict[str, float]
    work: dict[str, float]
    errors: int
    cpu: float = 0.0  # CPU seconds of the build's process and its (joined) workers
    exports: dict[str, float] = field(default_factory=dict)  # seconds per export, written after the build
    inputs: dict[str, int] = field(default_factory=dict)  # files given, per input folder
    refused: dict[str, int] = field(default_factory=dict)  # files refused with an error, per input folder
    refused_codes: dict[str, int] = field(default_factory=dict)  # the refusals' error codes (docs/errors.md)

    def rates(self) -> dict[str, float]:
        return {
            "briefings/s": self.briefings / self.wall,
            "sentences/s": self.sentences / self.wall,
            "triples/s": self.triples / self.wall,
        }


@dataclass
class QueryFigures:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    rows: int
    first_ms: float = 0.0  # the first call in the process: it opens the store (and loads the view index)
    rdflib_runs: int = 0
    rdflib_median_ms: float | None = None
    rdflib_capped: bool = False  # rdflib was stopped after --rdflib-max-s: its time (and the ratio) is a lower bound
    same_rows: bool | None = None

    @property
    def ratio(self) -> float | None:
        return None if self.rdflib_median_ms is None else self.rdflib_median_ms / max(self.median_ms, 1e-6)


@dataclass
class Results:
    machine: dict[str, object]
    builds: list[BuildFigures] = field(default_factory=list)
    queries: list[QueryFigures] = field(default_factory=list)
    query_store: str = ""
    rdflib_load_s: float | None = None
    rdflib_triples: int | None = None
    add_one: dict[str, float] = field(default_factory=dict)
    inputs: str = ""
    peer: dict[str, float] = field(default_factory=dict)  # the naive peer on the corpus (bench/peer.py)


# --- the generated corpus ------------------------------------------------------------------------------------------


def replay_corpus(corpus: Path, target: Path, size: int) -> list[Path]:
    """Write ``size`` briefings into ``target``: the corpus again and again, each replay ``k`` years earlier and
    under new file names (``r01-t1558711.html``), so each is a new briefing with its own key, date and sha256.

    Every year the page prints moves back by ``k`` (dates in the text too, consistently); a leap day that lands in
    a common year becomes February 28. Replays sort as blocks, so a page that prints no year still has dated
    neighbours of its own replay to infer the year from.
    """
    pages = sorted(corpus.glob("*.html"))
    if not pages:
        raise SystemExit(f"no corpus pages in {corpus}")
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    k = 0
    while len(written) < size:
        k += 1
        for page in pages:
            if len(written) >= size:
                break
            data = YEAR.sub(lambda m, k=k: str(int(m.group()) - k).encode(), page.read_bytes())
            data = LEAP_DAY.sub(_leap_day_fix, data)
            path = target / f"r{k:02d}-{page.name}"
            path.write_bytes(b"<!-- presskg benchmark replay %d -->\n" % k + data)
            written.append(path)
    return written


def _leap_day_fix(match: re.Match[bytes]) -> bytes:
    year = int(match.group(2))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return match.group(0) if leap else b"February 28" + match.group(1) + match.group(2)


# --- builds --------------------------------------------------------------------------------------------------------

BUILD_CHILD = """
import json, resource, sys, time
from kg.api import build
paths, out, exports, workers = json.loads(sys.argv[1])
started = time.perf_counter()
report = build(paths, out=out, exports=tuple(exports), overview=bool(exports), workers=workers)
cpu = sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({
    "cpu": cpu, "refused": [[str(e.path or ""), e.code] for e in report.errors],
    "wall": time.perf_counter() - started, "briefings": report.briefings, "sentences": report.sentences,
    "triples": report.triples, "stages": report.stages, "work": report.work, "workers": report.workers,
    "errors": len(report.errors), "main_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def run_build(
    name: str, paths: Sequence[Path], out: Path, *, exports: Sequence[str] = (), workers: int | None = None
) -> BuildFigures:
    """Build in a child process into an empty ``out``, sampling the memory of its whole process tree."""
    shutil.rmtree(out, ignore_errors=True)
    argument = json.dumps([[str(p) for p in paths], str(out), list(exports), workers])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    # Files, not pipes: the figures of a build that refuses thousands of files (each refusal listed) are more
    # than a pipe holds, and nothing would read the pipe before the child exits.
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen([sys.executable, "-c", BUILD_CHILD, argument], stdout=stdout, stderr=stderr, env=env)
        peak = _sample_tree_rss(process.pid, lambda: process.poll() is not None)
        process.wait()
        stdout.seek(0)
        stderr.seek(0)
        printed, complaints = stdout.read().decode(), stderr.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"build of {name} failed:\n{complaints[-3000:]}")
    data = json.loads(printed.strip().splitlines()[-1])
    return BuildFigures(
        name=name,
        briefings=data["briefings"],
        sentences=data["sentences"],
        triples=data["triples"],
        wall=data["wall"],
        peak_rss_mb=peak / 2**20,
        main_rss_mb=data["main_rss_kb"] / 1024,
        workers=data["workers"],
        stages=data["stages"],
        work=data["work"],
        errors=data["errors"],
        cpu=data["cpu"],
        inputs={p.name: _count_files(p) for p in paths},
        refused={p.name: sum(1 for r, _ in data["refused"] if _inside(r, p)) for p in paths},
        refused_codes=dict(Counter(code for _, code in data["refused"]).most_common()),
    )


def _count_files(path: Path) -> int:
    return sum(1 for f in path.rglob("*") if f.is_file() and f.name != "INDEX.tsv") if path.is_dir() else 1


def _inside(refused: str, path: Path) -> bool:
    return refused == str(path) or refused.startswith(str(path) + os.sep)


def _sample_tree_rss(pid: int, done: Callable[[], bool]) -> int:
    peak = 0
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return 0
    while not done():
        total = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            break
        peak = max(peak, total)
        time.sleep(0.05)
    return peak


def time_exports(out: Path) -> dict[str, float]:
    """Seconds to write the exports of a built store: the default formats and the overview page together, as a
    build writes them (one pass over the store, in two processes, the page in a third), then N-Quads alone, as
    ``kg export --format nq`` writes it."""
    from kg.export.rdfwrite import write_rdf
    from kg.pipeline import write_exports

    seconds = {}
    started = time.perf_counter()
    write_exports(out, DEFAULT_EXPORTS, overview=True)
    seconds[" + ".join([*DEFAULT_EXPORTS, "overview"])] = time.perf_counter() - started
    opened = open_embedded(out)
    started = time.perf_counter()
    write_rdf(opened.store, out / "graph.nq", "nq", reopen=opened.opener)
    seconds["nq"] = time.perf_counter() - started
    return seconds


# --- queries -------------------------------------------------------------------------------------------------------


SAMPLES = {
    # A value for each required parameter: strings as written, IRIs of a real node of the store.
    "outlet": "SELECT ?v WHERE { ?o rdfs:label ?v . ?e pk:askedBy ?o } LIMIT 1",
    "position": "SELECT ?v WHERE { ?v pk:evidence ?e } LIMIT 1",
    "unit": "SELECT ?v WHERE { ?v pk:question ?q } LIMIT 1",
}


def sample_values(store: ox.Store) -> dict[str, str]:
    """A value for every required parameter of the named queries, taken from the store itself."""
    out = dict(PARAMS)
    for name, sparql in SAMPLES.items():
        if name not in out:
            rows = run_query(store, sparql).values()
            if rows and rows[0]["v"]:
                out[name] = str(rows[0]["v"])
    return out


def named_query_texts(store: ox.Store) -> dict[str, str]:
    """Each named query with its required parameters bound as RDF terms (optional ones left open, so the query
    covers the whole store), as one SPARQL text both engines run."""
    values = sample_values(store)
    out = {}
    for name, query in named_queries().items():
        given = {p.name: values[p.name] for p in query.params if not p.optional}
        out[name] = bind_parameters(query.sparql, bind(query, given))
    return out


def _timed(call: Callable[[], int], runs: int, budget: float = 20.0) -> tuple[float, list[float], int]:
    """The first call's milliseconds (it warms caches, so it is reported apart), then those of ``runs`` more calls,
    fewer (at least three) where they exceed ``budget`` s; and the row count."""
    started = time.perf_counter()
    rows = call()
    first = (time.perf_counter() - started) * 1000
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (len(times) < 3 or spent < budget):
        started = time.perf_counter()
        rows = call()
        times.append((time.perf_counter() - started) * 1000)
        spent += times[-1] / 1000
    return first, times, rows


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure_queries(out: Path, runs: int, results: Results) -> None:
    """Median and p95 of every named query on the built store, run as users run them (``kg.api.query``: the
    embedded store, or the view index for the queries it answers), required parameters taken from the store."""
    from kg.api import query

    values = sample_values(open_embedded(out).store)
    for name, named in named_queries().items():
        given = {p.name: values[p.name] for p in named.params if not p.optional}

        def run(name: str = name, given: dict[str, str] = given) -> int:
            return len(query(name=name, params=given, out=out).rows)

        first, times, rows = _timed(run, runs)
        figures = QueryFigures(name, len(times), statistics.median(times), _p95(times), rows, first_ms=first)
        results.queries.append(figures)


class _TimeUp(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (rdflib is pure Python, so the alarm's exception stops it)."""

    def ring(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def compare_rdflib(out: Path, runs: int, results: Results, *, max_s: float) -> None:
    """The same query texts over the same triples in rdflib's in-memory Graph. A query rdflib does not answer
    within ``max_s`` is stopped: its time is then a lower bound (and so is the ratio)."""
    _rdflib_timings(out, runs, results, max_s)
    gc.collect()  # millions of rdflib objects would otherwise slow down whatever this process does next


def _rdflib_timings(out: Path, runs: int, results: Results, max_s: float) -> None:
    import rdflib

    from kg.namespace import PREFIXES

    store = open_embedded(out).store
    texts = named_query_texts(store)
    graph = rdflib.Graph()
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".nt") as dump:
        # The same triples: every graph merged, as the union default graph the store queries.
        ox.serialize((q.triple for q in store), dump, ox.RdfFormat.N_TRIPLES)
        dump.flush()
        graph.parse(dump.name, format="nt")
    results.rdflib_load_s = time.perf_counter() - started
    results.rdflib_triples = len(graph)
    for figures in results.queries:
        text = texts[figures.name]

        def run(text: str = text) -> int:
            return len(list(graph.query(text, initNs=PREFIXES)))

        started = time.perf_counter()
        try:
            with _time_limit(max_s):
                rows = run()
        except _TimeUp:
            figures.rdflib_runs, figures.rdflib_median_ms, figures.rdflib_capped = 0, max_s * 1000, True
            continue
        first = (time.perf_counter() - started) * 1000
        if first > 5000:
            # One run of a slow query is figure enough (rdflib caches nothing between runs worth warming).
            figures.rdflib_runs, figures.rdflib_median_ms = 1, first
        else:
            _, times, rows = _timed(run, runs, 60.0)
            figures.rdflib_runs, figures.rdflib_median_ms = len(times), statistics.median(times)
        figures.same_rows = rows == figures.rows


# --- adding one briefing -------------------------------------------------------------------------------------------


def new_briefing(page: Path, target: Path, tag: str, shift: int) -> Path:
    """A briefing the store has not seen: ``page`` under a new name, its years moved back by ``shift``."""
    target.mkdir(parents=True, exist_ok=True)
    data = page.read_bytes()
    if shift:
        data = YEAR.sub(lambda m: str(int(m.group()) - shift).encode(), data)
        data = LEAP_DAY.sub(_leap_day_fix, data)
    path = target / f"{tag}-{page.name}"
    path.write_bytes(data)
    return path


# Adding one briefing to the uncompacted 5,000-briefing store took 0.19 to 0.79 s on copies of one store, with
# what RocksDB compacts when the store is opened for writing (bench/README.md, end of session 15): the API's figure
# is the median of this many adds, each a new briefing, the fastest and slowest beside it.
ADDS = 5


def measure_add_one(out: Path, page: Path, workdir: Path, results: Results) -> None:
    """Add new briefings to a built store, one build each: ``ADDS`` through the API (their median), then one
    through the CLI (a new process)."""
    from kg.api import build

    shift = 20 if page.suffix == ".html" else 0
    times, extracted = [], []
    for n in range(ADDS):
        added = new_briefing(page, workdir / "added", f"new{n + 1}", shift + n if shift else 0)
        started = time.perf_counter()
        report = build([added], out=out, exports=(), overview=False)
        times.append(time.perf_counter() - started)
        extracted.append(report.extracted)
    results.add_one["api (s)"] = statistics.median(times)
    results.add_one["api, fastest (s)"] = min(times)
    results.add_one["api, slowest (s)"] = max(times)
    results.add_one["api extracted"] = sum(extracted) / len(extracted)  # 1 where each add extracted its briefing
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg)] if kg.exists() else [sys.executable, "-c", "from kg.cli import main; main()"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    by_cli = new_briefing(page, workdir / "added", f"new{ADDS + 1}", shift + ADDS if shift else 0)
    started = time.perf_counter()
    subprocess.run(
        [*command, "build", str(by_cli), "--store", str(out), "--no-export"], check=True, env=env, capture_output=True
    )
    results.add_one["cli, new process (s)"] = time.perf_counter() - started


def compile_presskg() -> int:
    """Compile presskg's modules to bytecode, as ``make bench`` does (the Makefile's ``bytecode``) and as pip does
    for a wheel's at install, so that the new processes measured here (the CLI's add, the builds) read them
    instead of compiling the ~90 they import from source each time (an editable install is never compiled, and
    this environment sets PYTHONDONTWRITEBYTECODE; bench/PROFILE.md, session 15, add12). Returns how many
    modules there are; those whose bytecode is current are left as they are."""
    import compileall

    compileall.compile_dir(ROOT / "kg", quiet=1)
    return sum(1 for _ in (ROOT / "kg").rglob("*.py"))


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load": tuple(round(x, 2) for x in os.getloadavg()),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def measure_peer(corpus: Path, out: Path, runs: int, results: Results) -> None:
    """The naive peer (bench/peer.py) on ``corpus``: the median of ``runs`` runs, wall and CPU, in this process."""
    from peer import run_peer

    figures = [run_peer([corpus], out) for _ in range(max(runs, 1))]
    middle = sorted(figures, key=lambda f: f.seconds)[len(figures) // 2]
    results.peer = {
        "runs": len(figures),
        "wall": middle.seconds,
        "cpu": statistics.median(f.cpu_seconds for f in figures),
        **{k: float(getattr(middle, k)) for k in ("files", "briefings", "exchanges", "positions", "triples")},
    }


def main(argv: Sequence[str] | None = None) -> Results:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--quick", action="store_true", help="the seeds and the committed sample (tests/data) only, in seconds"
    )
    parser.add_argument("--size", type=int, default=5000, help="briefings in the generated corpus")
    parser.add_argument("--corpus", type=Path, help="the 380-page corpus (default: PRESSKG_CORPUS or shared/corpus)")
    parser.add_argument("--workers", type=int, help="extraction processes (default: one per core)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per named query")
    parser.add_argument("--peer-runs", type=int, default=3, help="runs of the naive peer (the median is reported)")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="timed runs per query in rdflib (0: skip)")
    parser.add_argument(
        "--rdflib-max-s", type=float, default=60.0, help="stop an rdflib query after this many seconds (a lower bound)"
    )
    parser.add_argument("--workdir", type=Path, help="keep generated data and stores here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--replay", type=int, metavar="N", help="only write N generated briefings to --workdir (to profile a build)"
    )
    args = parser.parse_args(argv)
    if args.replay:
        if args.workdir is None:
            parser.error("--replay needs --workdir")
        corpus = args.corpus or find_corpus()
        if corpus is None:
            raise SystemExit("no corpus found: set PRESSKG_CORPUS or pass --corpus")
        print(f"{len(replay_corpus(corpus, args.workdir, args.replay))} pages written to {args.workdir}")
        return Results(machine=machine())

    results = Results(machine={**machine(), "bytecode": f"{compile_presskg()} presskg modules, compiled at set-up"})
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="presskg-bench-"))

    def checkpoint(done: str) -> None:
        # Figures so far, so that a long run cut short still leaves what it measured.
        print(f"[bench] {done}", file=sys.stderr, flush=True)
        if args.json:
            args.json.write_text(json.dumps(asdict(results), indent=1, default=str), encoding="utf-8")

    try:
        seeds = ROOT / "seeds"
        seeds_out = workdir / "seeds-out"
        results.builds.append(run_build("seeds", [seeds], seeds_out, exports=DEFAULT_EXPORTS, workers=args.workers))
        checkpoint("seeds built")
        if args.quick:
            corpus, others = SAMPLE / CORPORA[0], [SAMPLE / name for name in CORPORA[1:]]
            results.inputs = "the seeds and the committed sample (tests/data)"
        else:
            found = args.corpus or find_corpus()
            if found is None:
                raise SystemExit("no corpus found: set PRESSKG_CORPUS or pass --corpus (or run --quick)")
            corpus, others = found, [found.parent / name for name in CORPORA[1:]]
            results.inputs = f"{corpus.parent}"
        measure_corpora(corpus, [p for p in others if p.is_dir()], workdir, args, results, checkpoint)
        if args.quick:
            results.query_store = "the seeds"
            measure_queries(seeds_out, min(args.runs, 5), results)
            compare_rdflib(seeds_out, min(args.rdflib_runs, 2), results, max_s=args.rdflib_max_s)
            measure_add_one(seeds_out, sorted(seeds.glob("*.txt"))[0], workdir, results)
        else:
            measure_generated(corpus, workdir, args, results, checkpoint)
        print_results(results)
        if args.json:
            args.json.write_text(json.dumps(asdict(results), indent=1, default=str), encoding="utf-8")
        return results
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def measure_corpora(
    corpus: Path,
    others: Sequence[Path],
    workdir: Path,
    args: argparse.Namespace,
    results: Results,
    checkpoint: Callable[[str], None],
) -> None:
    """The naive peer and presskg on the English corpus, then presskg on every corpus together, with exports."""
    measure_peer(corpus, workdir / "peer.nt", args.peer_runs, results)
    checkpoint("naive peer ran")
    results.builds.append(
        run_build("corpus", [corpus], workdir / "corpus-out", exports=DEFAULT_EXPORTS, workers=args.workers)
    )
    checkpoint("corpus built")
    results.builds.append(
        run_build("all corpora", [corpus, *others], workdir / "all-out", exports=DEFAULT_EXPORTS, workers=args.workers)
    )
    checkpoint("all corpora built")


def measure_generated(
    corpus: Path, workdir: Path, args: argparse.Namespace, results: Results, checkpoint: Callable[[str], None]
) -> None:
    """The generated corpus: its build (store only), its exports, the named queries, rdflib, adding one."""
    generated = replay_corpus(corpus, workdir / "generated", args.size)
    big_out = workdir / "generated-out"
    big = run_build(f"generated-{len(generated)}", [generated[0].parent], big_out, workers=args.workers)
    results.builds.append(big)
    checkpoint("generated corpus built")
    big.exports = time_exports(big_out)
    checkpoint("exports written")
    results.query_store = f"the {big.briefings}-briefing store"
    measure_queries(big_out, args.runs, results)
    checkpoint("queries measured")
    if args.rdflib_runs > 0:
        compare_rdflib(big_out, args.rdflib_runs, results, max_s=args.rdflib_max_s)
        checkpoint("rdflib compared")
    measure_add_one(big_out, sorted(corpus.glob("*.html"))[-1], workdir, results)
    checkpoint("one briefing added")


if __name__ == "__main__":
    main()
