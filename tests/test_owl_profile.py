"""ontology/presskg.ttl is in the OWL 2 DL profile, as the OWL API (the library Protege uses) checks it.

The checker is tests/owl/OwlProfileCheck.java, compiled here against Debian's libowlapi-java (`make test`
installs it with tools/ensure-deb). Where Java or the OWL API is missing the tests skip, except under CI, where
they must run. Broken copies of the ontology show that the check can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "presskg.ttl"
CHECKER = Path(__file__).resolve().parent / "owl" / "OwlProfileCheck.java"
OWLAPI_PACKAGE = "libowlapi-java"
# Each installs a logger binding; with more than one on the class path SLF4J refuses to start.
SLF4J_BINDINGS = ("slf4j-jcl", "slf4j-jdk14", "slf4j-log4j12", "slf4j-simple", "slf4j-migrator", "jcl-over-slf4j")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI installs it (make test runs tools/ensure-deb)")
    pytest.skip(f"{reason} (make test installs it)")


def _package_jars(package: str) -> list[str]:
    listed = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True, check=False).stdout
    return [line for line in listed.splitlines() if line.startswith("/usr/share/java/") and line.endswith(".jar")]


def owlapi_classpath() -> str:
    """The OWL API's jars and those of the packages it depends on, as Debian installs them (unversioned names)."""
    if shutil.which("dpkg-query") is None or not _package_jars(OWLAPI_PACKAGE):
        _unavailable(f"the OWL API ({OWLAPI_PACKAGE}) is not installed")
    depends = subprocess.run(
        ["dpkg-query", "-W", "-f=${Depends}", OWLAPI_PACKAGE], capture_output=True, text=True, check=True
    ).stdout
    packages = [OWLAPI_PACKAGE] + [item.split("(")[0].split("|")[0].strip() for item in depends.split(",")]
    jars = {
        jar
        for package in packages
        for jar in _package_jars(package)
        if not Path(jar).stem.startswith(SLF4J_BINDINGS) and not Path(jar).stem[-1].isdigit()
    }
    return ":".join(sorted(jars))


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs the compiled checker on a file."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        _unavailable("no Java compiler (javac)")
    classpath = owlapi_classpath()
    classes = tmp_path_factory.mktemp("owl")
    subprocess.run(["javac", "-d", str(classes), "-cp", classpath, str(CHECKER)], check=True)
    return ["java", "-cp", f"{classpath}:{classes}", "OwlProfileCheck"]


def check(command: list[str], path: Path) -> tuple[int, list[str]]:
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stdout.splitlines()


def test_the_ontology_is_owl2_dl(checker: list[str]) -> None:
    status, violations = check(checker, ONTOLOGY)
    assert (status, violations) == (0, [])


BROKEN = {
    # name: (text replaced, its replacement, the violation expected)
    "undeclared-class": ("schema:Event a owl:Class .\n", "", "Use of undeclared class: <https://schema.org/Event>"),
    "undeclared-annotation-property": (
        "skos:prefLabel a owl:AnnotationProperty .\n",
        "",
        "undeclared annotation property: <http://www.w3.org/2004/02/skos/core#prefLabel>",
    ),
    "rdf-value-annotation": (
        "pk:Acts a skos:ConceptScheme ;",
        "pk:Acts rdf:value 1 .\npk:Acts a skos:ConceptScheme ;",
        "reserved vocabulary for annotation property IRI: rdf:value",
    ),
    "new-undeclared-class": (
        "pk:Act a owl:Class ;",
        "pk:Act a owl:Class ; rdfs:subClassOf schema:Thing ;",
        "Use of undeclared class: <https://schema.org/Thing>",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_check_fails_on_a_broken_copy(checker: list[str], tmp_path: Path, name: str) -> None:
    old, new, violation = BROKEN[name]
    original = ONTOLOGY.read_text(encoding="utf-8")
    assert old in original, "the text to break is gone: update this test with the ontology"
    path = tmp_path / "presskg.ttl"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    status, violations = check(checker, path)
    assert status == 1 and any(violation in line for line in violations), violations


def test_a_file_that_is_not_turtle_is_reported(checker: list[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(ONTOLOGY.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    status, lines = check(checker, path)
    assert status == 2 and lines[0].startswith("cannot load")
