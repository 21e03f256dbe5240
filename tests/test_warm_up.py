"""A fresh build extracts the warm-up pages before it forks its worker pool (``kg.load.warm_up_extraction``), so that
the workers inherit every extractor loaded instead of each loading them in its first briefings (about 0.2 s of CPU a
worker, for 0.28 s once in the main process; bench/PROFILE.md, session 15)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg.pipeline

ROOT = Path(__file__).resolve().parent.parent

# In a new interpreter (this one has imported and loaded everything already): after the warm-up, extracting a page
# of each corpus imports no module and reads no ontology file.
AFTER_WARM_UP = """
import sys
from pathlib import Path
import kg.ontology
from kg.load import extract_briefing, warm_up_extraction
from kg.read import read_briefings

folders = [Path("tests/data", name) for name in ("fmprc-en", "fmprc-zh", "whitehouse-en")]
pages = [sorted(p for p in folder.iterdir() if p.suffix in (".html", ".md"))[0] for folder in folders]
briefings = read_briefings(pages, year=2021).briefings
assert len(briefings) == 3, briefings
warm_up_extraction()
before = set(sys.modules)
reads = []
read_folder = kg.ontology._read_folder
kg.ontology._read_folder = lambda folder: reads.append(folder) or read_folder(folder)
for briefing in briefings:
    extract_briefing(briefing, ("turtle", "trig", "jsonld"))
print(sorted(set(sys.modules) - before), reads)
"""


def test_after_the_warm_up_extraction_loads_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-c", AFTER_WARM_UP], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[] []"


class _Stop(Exception):
    pass


class _Compatible:
    briefings = ()

    def compatible(self, fingerprint: str, version: str) -> bool:
        return True


@pytest.mark.parametrize("incremental", [False, True])
def test_a_fresh_build_warms_up_before_its_pool(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, incremental: bool
) -> None:
    calls: list[str] = []

    def pool(size: int) -> None:
        calls.append(f"pool of {size}")
        raise _Stop

    monkeypatch.setattr(kg.pipeline, "warm_up_extraction", lambda: calls.append("warm-up"))
    monkeypatch.setattr(kg.pipeline, "_worker_pool", pool)
    monkeypatch.setattr(kg.pipeline, "_pool_size", lambda workers, jobs: 2)
    if incremental:  # a store with a manifest: which briefings it extracts is known only after reading
        monkeypatch.setattr(kg.pipeline, "_previous_manifest", lambda out: _Compatible())
    with pytest.raises(_Stop):
        kg.pipeline.build([seeds_dir], out=tmp_path / "out")
    assert calls == (["pool of 2"] if incremental else ["warm-up", "pool of 2"])
