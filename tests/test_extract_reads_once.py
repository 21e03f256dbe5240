"""Extracting a briefing reads no file of ``ontology/`` once the process has read it: ``load_ontology`` reads and
fingerprints every file at each call (to see edits), so a call per answer turn made positions' CPU 2.3 times
(session 11's end benchmark, ``actors.target_actors``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.ontology
from kg.extract import extract
from kg.read import read_briefings


def test_a_second_extraction_reads_no_ontology_file(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    briefings = read_briefings(sorted(seeds_dir.glob("*"))).briefings
    assert briefings
    for briefing in briefings:
        extract(briefing)  # every lexicon, gazetteer and word list read here, once per process
    reads: list[Path] = []
    read_folder = kg.ontology._read_folder

    def counted(folder: Path) -> tuple[tuple[Path, bytes], ...]:
        reads.append(folder)
        return read_folder(folder)

    monkeypatch.setattr(kg.ontology, "_read_folder", counted)
    for briefing in briefings:
        extract(briefing)
    assert reads == []
