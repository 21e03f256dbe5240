"""A build that writes no overview page does not import the page's modules (the networks, networkx: about half
a second of every `kg build` process, such as one that adds a briefing with `--no-export`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
import kg.api
report = kg.api.build([sys.argv[1]], out=sys.argv[2], exports=("turtle",), overview=False)
assert report.briefings == 2, report
loaded = sorted(m for m in ("networkx", "kg.network", "kg.export.html") if m in sys.modules)
print(",".join(loaded) or "none")
"""


def _last_line(script: str, *args: str) -> str:
    """The last line a Python process running ``script`` with ``args`` prints (this tree first on its path)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_a_build_without_the_overview_imports_no_network_modules(tmp_path: Path, seeds_dir: Path) -> None:
    assert _last_line(SCRIPT, str(seeds_dir), str(tmp_path / "out")) == "none"
    assert (tmp_path / "out" / "graph.ttl").exists()


CLI_SCRIPT = """
import atexit, sys
WATCHED = ("networkx", "kg.network", "kg.export.html", "kg.export.graph", "kg.export.report")
atexit.register(lambda: print(",".join(m for m in WATCHED if m in sys.modules) or "none"))
from kg.cli import main
main(["build", sys.argv[1], "--store", sys.argv[2], "--no-export"])
"""


def test_kg_build_in_a_new_process_imports_no_command_it_does_not_run(tmp_path: Path, seeds_dir: Path) -> None:
    """`kg build FILE --no-export` (adding one briefing) imports neither networkx nor the views, pages and report
    other commands use: their options' choices are read only when those commands run (kg.cli.LazyChoice)."""
    assert _last_line(CLI_SCRIPT, str(seeds_dir), str(tmp_path / "out")) == "none"
    assert (tmp_path / "out" / "store").is_symlink()


def test_the_lazy_choices_still_refuse_an_unknown_value_and_name_the_known_ones(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main
    from kg.export.html import SIZE_BY
    from kg.network import VIEWS

    runner = CliRunner()
    page = str(tmp_path / "v.html")
    unknown = runner.invoke(main, ["view", "no-such-view", "--out", page, "--store", str(tmp_path)])
    assert unknown.exit_code == 2 and all(name in unknown.output for name in VIEWS)
    bad_size = runner.invoke(main, ["view", "stance", "--out", page, "--size-by", "nope", "--store", str(tmp_path)])
    assert bad_size.exit_code == 2 and all(name in bad_size.output for name in SIZE_BY)
    assert "outlet-topic" in runner.invoke(main, ["export", "--help"]).output
