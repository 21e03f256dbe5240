"""The suite's own noise: pytest's doctest collection probes every object a module of kg/ holds for mock
attributes (``_mock_name``); an object that warns on an unknown attribute (rdflib's ``DefinedNamespace`` with
``_fail``) filled the warnings summary with "Code: _mock_name is not defined in namespace ..."."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import warnings
from types import ModuleType

import pytest

import kg

PROBES = ("_mock_name", "_mock_methods", "pytest_mock_example_attribute_that_shouldnt_exist")


def modules() -> list[ModuleType]:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(kg.__path__, "kg.")]


def probe(module: ModuleType) -> list[str]:
    """What warned when the module's objects were asked for attributes they lack, as pytest asks."""
    heard: list[str] = []
    for name, value in vars(module).items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for attribute in PROBES:
                with contextlib.suppress(Exception):  # pytest's own probe swallows errors too
                    getattr(value, attribute, None)
        heard.extend(f"{module.__name__}.{name}: {w.message}" for w in caught)
    return heard


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.__name__)
def test_no_module_object_warns_when_probed(module: ModuleType) -> None:
    assert probe(module) == []


def test_the_probe_hears_a_warning_namespace() -> None:
    from rdflib.namespace import XSD

    fake = ModuleType("fake")
    fake.XSD = XSD  # type: ignore[attr-defined]
    assert any("_mock_name is not defined" in text for text in probe(fake))
