"""Shared fixtures: the seeds, the committed sample pages, and the whole corpus where it exists."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kg.corpora import CHINESE as CHINESE_CORPUS
from kg.corpora import WHITE_HOUSE, find_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE = ROOT / "tests" / "data" / "fmprc-en"
SAMPLE_ZH = ROOT / "tests" / "data" / "fmprc-zh"


_CACHE = pytest.StashKey[tuple[str, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    """A cache folder of the session's own (``kg.cache``), for every test and the processes they start: tests never
    write in the home folder, and each session derives the ontology's files afresh. A test may set its own."""
    folder = tempfile.mkdtemp(prefix="presskg-test-cache-")
    config.stash[_CACHE] = (folder, os.environ.get("PRESSKG_CACHE"))
    os.environ["PRESSKG_CACHE"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash[_CACHE]
    if before is None:
        os.environ.pop("PRESSKG_CACHE", None)
    else:
        os.environ["PRESSKG_CACHE"] = before
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def whitehouse_dir() -> Path:
    corpus = find_corpus(WHITE_HOUSE)
    if corpus is None:
        pytest.skip(
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
        pytest.skip(
            "whole-corpus test: no Chinese corpus found; place shared/corpus/fmprc-zh beside the clone "
            "(or beside $PRESSKG_CORPUS)"
        )
    return corpus


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    corpus = find_corpus()
    if corpus is None:
        pytest.skip(
            "whole-corpus test: no corpus found; set PRESSKG_CORPUS or place shared/corpus/fmprc-en beside the clone"
        )
    return corpus
