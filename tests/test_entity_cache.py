"""The entity lexicon and the entity matcher's searched forms are made once per ontology, ISO 3166-1 data and code,
and read back from their compiled forms (``kg.gazetteer._lexicon_for``, ``kg.extract.entityforms.searched_forms``,
through ``kg.cache``): the same values as made, files remade when damaged, another file for another ontology, and
forms made in the same order whatever the process's string hashing."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import gazetteer
from kg.extract import entities, entityforms
from kg.ontology import ontology_dir
from kg.types import EntityKind

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRESSKG_CACHE", str(folder))
    gazetteer._lexicon_for.cache_clear()
    entities._matcher_for.cache_clear()
    yield folder
    gazetteer._lexicon_for.cache_clear()
    entities._matcher_for.cache_clear()


def _loaded(directory: Path) -> tuple[gazetteer.EntityLexicon, list[tuple[str, object]]]:
    gazetteer._lexicon_for.cache_clear()
    entities._matcher_for.cache_clear()
    lexicon = gazetteer.load_entity_lexicon(directory)
    return lexicon, sorted(entities._matcher_for(directory).automaton.items(), key=lambda item: item[0])


def _refuse(*args: object) -> None:
    raise AssertionError("made again, not read from its file")


def test_the_lexicon_and_forms_are_read_back_as_made(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ontology_dir().resolve()
    made_lexicon, made_forms = _loaded(folder)
    assert len(list(cache.glob("entity-lexicon-*.bin"))) == len(list(cache.glob("entity-forms-*.bin"))) == 1
    monkeypatch.setattr(gazetteer, "_make_lexicon", _refuse)
    monkeypatch.setattr(entityforms, "make_searched_forms", _refuse)
    lexicon, forms = _loaded(folder)
    assert lexicon == made_lexicon and list(lexicon.entities) == list(made_lexicon.entities)
    assert lexicon.entities[(EntityKind.COUNTRY, "KOR")].iso2 == "KR"  # pycountry's, read back without pycountry
    assert forms == made_forms and len(forms) > 1000


def test_damaged_files_are_made_again(cache: Path) -> None:
    folder = ontology_dir().resolve()
    made = _loaded(folder)
    for path in [*cache.glob("entity-lexicon-*.bin"), *cache.glob("entity-forms-*.bin")]:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    assert _loaded(folder) == made


def test_another_ontology_gets_other_files(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    _loaded(ontology_dir().resolve())
    with (folder / "places.ttl").open("a", encoding="utf-8") as ttl:
        ttl.write('\n<https://w3id.org/presskg/id/place/zembla> a <https://w3id.org/presskg/ontology#Place> ;\n'
                  '    <http://www.w3.org/2000/01/rdf-schema#label> "Zembla" .\n')  # fmt: skip
    lexicon, forms = _loaded(folder.resolve())
    assert (EntityKind.PLACE, "zembla") in lexicon.entities
    assert any(word == " zembla " for word, _ in forms)
    assert len(list(cache.glob("entity-lexicon-*.bin"))) == len(list(cache.glob("entity-forms-*.bin"))) == 2


def _forms_made_with_hash_seed(seed: str, cache: Path) -> str:
    script = (
        "from kg.extract import entityforms; from kg.gazetteer import load_entity_lexicon; "
        "print(repr(entityforms.make_searched_forms(load_entity_lexicon())))"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed, "PRESSKG_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    return hashlib.sha256(out.encode("utf-8")).hexdigest()


def test_forms_are_made_in_one_order_whatever_the_string_hashing(tmp_path: Path) -> None:
    # "Mr" and "Mr." are one form with or without its tail: the one kept must not depend on a set's order.
    assert _forms_made_with_hash_seed("1", tmp_path / "a") == _forms_made_with_hash_seed("2", tmp_path / "b")


def test_the_gazetteer_is_read_back_as_made(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.ontology import load_ontology

    onto = load_ontology()
    gazetteer.gazetteer.cache_clear()  # type: ignore[attr-defined]
    made = gazetteer.gazetteer(onto)
    (path,) = cache.glob("gazetteer-*.bin")
    gazetteer.gazetteer.cache_clear()  # type: ignore[attr-defined]
    monkeypatch.setattr(gazetteer, "_make_gazetteer", _refuse)
    read = gazetteer.gazetteer(onto)
    assert read == made and [list(table) for table in read.values()] == [list(table) for table in made.values()]
    assert read[EntityKind.OUTLET]["afp"].country == "FRA"
    monkeypatch.undo()
    monkeypatch.setenv("PRESSKG_CACHE", str(cache))
    path.write_bytes(b"damaged")
    gazetteer.gazetteer.cache_clear()  # type: ignore[attr-defined]
    assert gazetteer.gazetteer(onto) == made
    gazetteer.gazetteer.cache_clear()  # type: ignore[attr-defined]


def test_the_chinese_lexicon_is_read_back_as_made(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.extract.zh import lexicon as zh_lexicon

    zh_lexicon._lexicon_for.cache_clear()
    made = zh_lexicon.load_zh_lexicon()
    assert len(list(cache.glob("zh-lexicon-*.bin"))) == 1
    zh_lexicon._lexicon_for.cache_clear()
    monkeypatch.setattr(zh_lexicon, "_make_lexicon", _refuse)
    read = zh_lexicon.load_zh_lexicon()
    zh_lexicon._lexicon_for.cache_clear()
    assert read == made and list(read.names) == list(made.names)
    assert read.names["美国"] == (EntityKind.COUNTRY, "USA") and read.abbreviations["美"] == "USA"
