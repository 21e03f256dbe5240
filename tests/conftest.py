"""Shared fixtures: the seeds, the committed sample pages, and the whole corpus where it exists."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from kg.corpora import CHINESE as CHINESE_CORPUS
from kg.corpora import WHITE_HOUSE, find_corpus

if TYPE_CHECKING:
    from kg.pipeline import BuildReport

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE = ROOT / "tests" / "data" / "fmprc-en"
SAMPLE_ZH = ROOT / "tests" / "data" / "fmprc-zh"


_CACHE = pytest.StashKey[tuple[str, str | None, bool]]()
_WORKER_CACHE = "presskg_cache"  # the key of the session's cache folder in an xdist worker's input
_GROUPS = pytest.StashKey[Path]()
_WORKER_GROUPS = "presskg_groups"  # the key of the folder where xdist workers write each test's group (xdist_groups.py)


def corpus_missing(reason: str) -> NoReturn:
    """Skip a test whose corpus is not beside this clone, saying which; under CI (``CI=true``), which always has
    ``../shared`` beside the clone, fail instead: a whole-corpus or retraining test that skips there checks nothing,
    and a model file that did not reproduce once reached ``main`` through such skips in helpers' worktrees."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, and CI always has ../shared/corpus beside the clone)", pytrace=False)
    pytest.skip(reason)


def seeds_and_pages(folder: Path, pages: int) -> Path:
    """``folder`` made and given the two seeds, the first ``pages`` pages of the committed sample and its INDEX.tsv
    (the pages' titles and addresses): sources of a test's own, which it may change or remove."""
    folder.mkdir()
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(SAMPLE.glob("*.html"))[:pages]]:
        shutil.copy(path, folder / path.name)
    shutil.copy(SAMPLE / "INDEX.tsv", folder / "INDEX.tsv")
    return folder


def first_difference(written: str, shipped: str) -> str:
    """Where a retrained model file first differs from the shipped one, in one line each: the message of a failed
    comparison of two model files (pytest's own diff of two texts of 1-2 MB runs for many minutes)."""
    for number, (new, old) in enumerate(zip(written.splitlines(), shipped.splitlines(), strict=False), 1):
        if new != old:
            return f"line {number} differs: retrained {new[:120]!r}, shipped {old[:120]!r}"
    return f"the files differ in length: {len(written)} against {len(shipped)} characters"


def load_script(relative: str, name: str) -> ModuleType:
    """A script of the repository that is no module of the package (``bench/run.py``, ``tools/*.py``), imported
    under ``name`` for its tests."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    """A cache folder of the session's own (``kg.cache``), for every test and the processes they start: tests never
    write in the home folder, and each session derives the ontology's files afresh. A test may set its own. Under
    pytest-xdist the workers share the folder of the session that started them (its files are written whole and
    renamed into place), which removes it at the end."""
    given = getattr(config, "workerinput", {}).get(_WORKER_CACHE)
    folder = given or tempfile.mkdtemp(prefix="presskg-test-cache-")
    config.stash[_CACHE] = (folder, os.environ.get("PRESSKG_CACHE"), given is None)
    os.environ["PRESSKG_CACHE"] = folder
    groups = getattr(config, "workerinput", {}).get(_WORKER_GROUPS)
    config.stash[_GROUPS] = Path(groups or tempfile.mkdtemp(prefix="presskg-test-groups-"))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """An xdist hook (called only where pytest-xdist runs the suite): a worker is given the session's cache folder."""
    node.workerinput[_WORKER_CACHE] = node.config.stash[_CACHE][0]
    node.workerinput[_WORKER_GROUPS] = str(node.config.stash[_GROUPS])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """An xdist hook: ``--dist loadgroup`` deals each group the workers wrote as one unit (tests/xdist_groups.py)."""
    if config.getoption("dist", "no") != "loadgroup":
        return None
    from xdist_groups import GroupScheduling

    return GroupScheduling(config, log, config.stash[_GROUPS])


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before, owned = config.stash[_CACHE]
    if before is None:
        os.environ.pop("PRESSKG_CACHE", None)
    else:
        os.environ["PRESSKG_CACHE"] = before
    if owned:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(config.stash[_GROUPS], ignore_errors=True)


# Under pytest-xdist (``make test``: ``-n`` with ``--dist loadgroup``) each test file is one unit of work, as
# ``--dist loadfile`` makes it (a module's fixtures are made once, its tests run in their order), unless its tests
# name an ``xdist_group`` of their own: tests of several files that share a costly session fixture name the same
# group (CORPUS_BUILD), so one worker makes it once. The units that read a whole corpus (marked ``corpus``) are sent
# first, so that the longest do not start last while the other worker has nothing left to do. The workers mark the
# groups and write them down; the scheduler of tests/xdist_groups.py deals by them (pytest-xdist's own no longer
# sees a group under pytest 9.2: tests/test_suite_groups.py).
CORPUS_BUILD = "whole-english-corpus-build"


def _group(item: pytest.Item) -> str:
    mark = item.get_closest_marker("xdist_group")
    if mark is None:
        return item.nodeid.split("::", 1)[0]
    return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))


def _reads_a_whole_corpus(item: pytest.Item) -> bool:
    return item.get_closest_marker("corpus") is not None  # the mark of the tests that read or build a whole corpus


def _loadgroup(config: pytest.Config) -> bool:
    """``--dist loadgroup``, in the session that deals the tests or in one of its workers: pytest-xdist sets a
    worker's ``dist`` to ``no`` and tells it ``loadgroup`` instead (the workers collect; the scheduler groups their
    collection)."""
    return config.getoption("dist", "no") == "loadgroup" or bool(getattr(config.option, "loadgroup", False))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--dist loadgroup`` only: every test in a group (its file's where it names none), and the groups that
    read a whole corpus first, each group's tests in their collected order. First of the hooks: pytest-xdist's worker
    reads the groups in its own hook (it appends ``@group`` to each test's id, the id its scheduler groups by), and
    a group marked after it would be no group (each test of a file dealt on its own, module fixtures made twice)."""
    if not _loadgroup(config):
        return
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(_group(item)))
        groups.setdefault(_group(item), []).append(item)
    ordered = sorted(groups.values(), key=lambda group: not any(_reads_a_whole_corpus(i) for i in group))
    items[:] = [item for group in ordered for item in group]
    if hasattr(config, "workerinput"):  # an xdist worker: the scheduler deals by the groups it reads (xdist_groups.py)
        from xdist_groups import write_groups

        write_groups(config.stash[_GROUPS], {item.nodeid: _group(item) for item in items})


@pytest.fixture(scope="session")
def whitehouse_dir() -> Path:
    corpus = find_corpus(WHITE_HOUSE)
    if corpus is None:
        corpus_missing(
            "whole-corpus test: no White House corpus found; set PRESSKG_WH_CORPUS (or PRESSKG_CORPUS, with "
            "whitehouse-en beside it) or place shared/corpus/whitehouse-en beside the clone"
        )
    return corpus


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def zh_sample_dir() -> Path:
    return SAMPLE_ZH


@pytest.fixture(scope="session")
def zh_corpus_dir() -> Path:
    corpus = find_corpus(CHINESE_CORPUS)
    if corpus is None:
        corpus_missing(
            "whole-corpus test: no Chinese corpus found; place shared/corpus/fmprc-zh beside the clone "
            "(or beside $PRESSKG_CORPUS)"
        )
    return corpus


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    corpus = find_corpus()
    if corpus is None:
        corpus_missing(
            "whole-corpus test: no corpus found; set PRESSKG_CORPUS or place shared/corpus/fmprc-en beside the clone"
        )
    return corpus


@pytest.fixture(scope="session")
def corpus_build(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The whole English corpus built once for the session (its N-Triples export and overview page too): the store
    folder and the report. Tests that use it name the xdist group CORPUS_BUILD and never change the store."""
    import kg  # imported by the first test that needs it, after pytest_configure has named the cache folder

    out = tmp_path_factory.mktemp("corpus-build")
    return out, kg.build([corpus_dir], out=out, exports=("nt",))
