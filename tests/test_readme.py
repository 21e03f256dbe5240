"""The README's code blocks, run as written: every ``python`` block, and the shell blocks of the usage and the
worked example (their commands line by line, the example's printed table compared with what kg prints).

They run in a scratch folder holding ``seeds/`` and ``tests/``, after ``kg build seeds/`` (what ``make build``
does), so ``output/`` is the store the README's readers have. Commands that need what a test cannot have are
listed in SKIP with the reason; everything else runs.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.serve import ServeOptions, start_server

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```$", README, re.M | re.S)]
README_ENDPOINT = "http://127.0.0.1:7879"

# Shell commands not run here, and why.
SKIP = {
    "make build": "creates .venv: the suite runs inside it; kg build seeds/ stands for the build it does",
    "make test": "runs this suite",
    "kg build seeds/ ../shared/corpus/fmprc-en": "builds the whole corpus (a minute); bench/ times it",
    "kg build new-briefing.html": "names a file the reader brings",
    "kg remove t1780283": "names briefings of the corpus, not of the seeds",
    "kg serve": "serves until stopped; tests/test_serve.py starts it",
    "kg push": "needs a writable SPARQL store; tests/test_remote.py runs it against one",
    "kg query --endpoint": "needs a running endpoint; the Python block below queries kg serve",
    "kg query --file my.rq": "names a file the reader brings",
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "tests", folder / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    kg.build(["seeds/"], out=folder / "output")
    return folder


def _python_blocks() -> list[str]:
    return [code for lang, code in BLOCKS if lang == "python"]


def test_the_readme_has_the_blocks_this_test_runs() -> None:
    assert len(_python_blocks()) >= 3
    assert any("open_store" in code for code in _python_blocks())


@pytest.mark.parametrize("number", range(len(_python_blocks())))
def test_python_block_runs(scratch: Path, number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    code = _python_blocks()[number]
    monkeypatch.chdir(scratch)
    with start_server(ServeOptions(out=scratch / "output", port=0)) as running:
        tree = ast.parse(code.replace(README_ENDPOINT, running.url))
        last = tree.body[-1]
        namespace: dict[str, object] = {"__name__": "readme"}
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Compare):
            # a block ending in a comparison states a fact: it must hold
            exec(compile(ast.Module(tree.body[:-1], []), "README.md", "exec"), namespace)
            assert eval(compile(ast.Expression(last.value), "README.md", "eval"), namespace) is True
        else:
            exec(compile(tree, "README.md", "exec"), namespace)


def _commands(code: str) -> list[str]:
    """The block's commands: comments dropped, a quoted argument spread over lines joined into one."""
    commands, pending = [], ""
    for line in code.splitlines():
        text = re.sub(r"\s+#\s.*$", "", line).strip() if "'" not in line or pending else line.strip()
        if not pending and "'" in text and text.count("'") % 2 == 0:
            text = re.sub(r"\s+#\s.*$", "", text)
        pending = f"{pending} {text}".strip() if pending else text
        if pending.count("'") % 2 == 0 and pending:
            commands.append(pending)
            pending = ""
    return commands


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "120"}
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_shell_blocks_run(scratch: Path) -> None:
    ran, skipped = 0, set()
    for lang, code in BLOCKS:
        if lang != "sh":
            continue
        for command in _commands(code):
            reasons = [prefix for prefix in SKIP if command.startswith(prefix)]
            if reasons:
                skipped.update(reasons)
                continue
            done = _run(command, scratch)
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
            ran += 1
    assert skipped == set(SKIP), "a skip that matches no command of the README is stale"
    assert ran >= 11


def test_the_worked_example_prints_what_the_readme_shows(scratch: Path) -> None:
    at = next(i for i, (lang, code) in enumerate(BLOCKS) if lang == "sh" and "oppose" in code)
    (command,) = _commands(BLOCKS[at][1])
    shown = BLOCKS[at + 1][1]
    done = _run(command, scratch)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == shown.strip()
    csv = next(code for lang, code in BLOCKS if code.startswith("label,exchanges"))
    printed = _run("kg query --name exchanges-per-outlet --format csv", scratch).stdout.splitlines()
    assert [
        re.sub(r"^(outlet|https?://[^,]*),", "", line) for line in printed[: len(csv.splitlines())]
    ] == csv.splitlines()
