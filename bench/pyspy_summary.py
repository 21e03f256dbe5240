"""Where a build's time goes, from a py-spy profile: samples per process and per stage, the top functions.

Record with py-spy's raw (collapsed-stack) format, following the workers (``pip install -e '.[bench]'``):

    py-spy record --subprocesses --rate 50 --format raw --output corpus.txt -- .venv/bin/kg build CORPUS --out OUT
    python bench/pyspy_summary.py corpus.txt

Each sample is charged to the stage of its deepest frame that a rule of ``STAGES`` names (so the store iteration
inside an export counts as the export; a regex inside a topic cue as topics). py-spy samples a process while it
runs Python or native code, not while it sleeps in a wait, so samples count CPU time; at a fixed rate they
convert to seconds (``--rate``).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# (pattern on a frame "function (file:line)", stage): the first that matches the deepest matching frame wins.
STAGES: tuple[tuple[str, str], ...] = (
    (r"kg/export/html|kg/network|write_overview", "export: overview page"),
    (r"kg/export/", "export: RDF files"),
    (r"kg/views/totals", "commit: view totals"),
    (r"kg/viewindex|kg/viewquery|kg/views/", "view index"),
    (r"kg/align", "store: alignment"),
    (r"^bulk_load \(kg/load\.py", "store: bulk load (Oxigraph, RocksDB)"),
    (r"^compact \(kg/compaction\.py", "store: compaction (RocksDB)"),
    (r"kg/rdf\.py", "rdf: quads (to_rdf)"),
    (r"^extract_briefing \(kg/(pipeline|load)\.py", "rdf: serialise (ox.serialize)"),
    (r"kg/extract/entities|kg/extract/entity", "extract: entities"),
    (r"kg/extract/topics", "extract: topics"),
    (r"kg/extract/positions", "extract: positions"),
    (r"kg/extract/", "extract: other"),
    (r"kg/read/", "read"),
    (r"kg/gazetteer|kg/namespace", "ontology and gazetteers"),
    (r"load_extracted|kg/store\.py|write_generation|kg/commit|update_store", "store: load, compact, commit"),
    (r"kg/manifest", "manifest"),
    (r"multiprocessing/(connection|reduction|queues|pool)", "IPC: pipes (send, receive, wait)"),
    (r"importlib", "imports"),
)
_RULES = [(re.compile(pattern), stage) for pattern, stage in STAGES]
_PROCESS = re.compile(r"^process (\d+):")


@dataclass(frozen=True, slots=True)
class Profile:
    """Samples per process, per (process, stage) and per (process, leaf function)."""

    processes: Counter[str]
    stages: dict[str, Counter[str]]
    functions: dict[str, Counter[str]]
    roles: dict[str, str]  # pid -> "main", "worker" (extracts briefings) or "helper" (exports, overview, queries)


def stage_of(frames: Sequence[str]) -> str:
    """The stage of one sample's stack (root first).

    >>> stage_of(["extract_briefing (kg/pipeline.py:131)", "_matches (kg/extract/positions.py:80)"])
    'extract: positions'
    >>> stage_of(["build (kg/cli.py:118)", "extract_briefing (kg/pipeline.py:138)"])
    'rdf: serialise (ox.serialize)'
    """
    for frame in reversed(frames):
        for pattern, stage in _RULES:
            if pattern.search(frame):
                return stage
    return "other"


def read_profile(path: Path) -> Profile:
    """Parse py-spy's raw output (``frame;frame;... count``, each process's frames after its ``process N:``)."""
    processes: Counter[str] = Counter()
    stages: dict[str, Counter[str]] = defaultdict(Counter)
    functions: dict[str, Counter[str]] = defaultdict(Counter)
    extracts: set[str] = set()
    main = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        owners = [i for i, f in enumerate(frames) if _PROCESS.match(f)]
        if not owners:
            continue
        match = _PROCESS.match(frames[owners[0]])
        main = main or (match.group(1) if match else "")
        own = _PROCESS.match(frames[owners[-1]])
        pid = own.group(1) if own else "?"
        body = frames[owners[-1] + 1 :]
        n = int(count)
        processes[pid] += n
        stages[pid][stage_of(body)] += n
        functions[pid][re.sub(r":\d+\)$", ")", body[-1]) if body else "?"] += n
        if any(f.startswith("extract_briefing ") for f in body):
            extracts.add(pid)
    roles = {pid: "main" if pid == main else "worker" if pid in extracts else "helper" for pid in processes}
    return Profile(processes, dict(stages), dict(functions), roles)


def summary(profile: Profile, *, rate: float, top: int = 12) -> str:
    """The profile as text: CPU seconds per role and stage, and each role's top functions by own time."""
    lines: list[str] = []
    total = sum(profile.processes.values()) or 1
    for role in ("main", "worker", "helper"):
        pids = [p for p, r in profile.roles.items() if r == role]
        if not pids:
            continue
        samples = sum(profile.processes[p] for p in pids)
        lines.append(
            f"{role} ({len(pids)} process{'es' if len(pids) > 1 else ''}): {samples / rate:.1f} s CPU, "
            f"{samples / total:.0%} of all samples"
        )
        stages: Counter[str] = sum((profile.stages[p] for p in pids), Counter())
        for stage, n in stages.most_common():
            lines.append(f"    {stage:<34}{n / rate:>8.1f} s {n / samples:>5.0%}")
        functions: Counter[str] = sum((profile.functions[p] for p in pids), Counter())
        lines.append("  top functions (own time):")
        for function, n in functions.most_common(top):
            lines.append(f"    {n / samples:>5.1%}  {function}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile", type=Path, help="py-spy record --format raw output")
    parser.add_argument("--rate", type=float, default=50.0, help="the sampling rate it was recorded at (per s)")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    print(summary(read_profile(args.profile), rate=args.rate, top=args.top))


if __name__ == "__main__":
    main()
