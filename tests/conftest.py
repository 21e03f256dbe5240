"""Shared fixtures: the seeds, the committed sample pages, and the whole corpus where it exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE = ROOT / "tests" / "data" / "fmprc-en"


def find_corpus() -> Path | None:
    """The 380-page corpus: $PRESSKG_CORPUS, else a ``shared/corpus/fmprc-en`` beside any parent folder."""
    env = os.environ.get("PRESSKG_CORPUS")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in [ROOT, *ROOT.parents]:
        candidate = parent / "shared" / "corpus" / "fmprc-en"
        if candidate.is_dir():
            return candidate
    return None


def find_whitehouse_corpus() -> Path | None:
    """The White House transcripts: $PRESSKG_WH_CORPUS, else a ``shared/corpus/whitehouse-en`` beside any parent."""
    env = os.environ.get("PRESSKG_WH_CORPUS")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in [ROOT, *ROOT.parents]:
        candidate = parent / "shared" / "corpus" / "whitehouse-en"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def whitehouse_dir() -> Path:
    corpus = find_whitehouse_corpus()
    if corpus is None:
        pytest.skip(
            "whole-corpus test: no White House corpus found; set PRESSKG_WH_CORPUS or place "
            "shared/corpus/whitehouse-en beside the clone"
        )
    return corpus


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    corpus = find_corpus()
    if corpus is None:
        pytest.skip(
            "whole-corpus test: no corpus found; set PRESSKG_CORPUS or place shared/corpus/fmprc-en beside the clone"
        )
    return corpus
