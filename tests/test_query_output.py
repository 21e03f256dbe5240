"""What `kg query` prints and what the API's ``values()`` gives: every format ends its last line; numbers and
booleans arrive as Python numbers and booleans, not as their text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.export.results import RESULT_FORMATS

QUERIES = {
    "select": ["--name", "exchanges-per-outlet"],
    "ask": ["ASK { ?b a pk:Briefing }"],
    "construct": ["CONSTRUCT { ?b a pk:Briefing } WHERE { ?b a pk:Briefing }"],
    "empty": ["SELECT ?x WHERE { ?x a pk:Nothing }"],
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("query-output")
    kg.build([seeds_dir], out=folder, exports=())
    return folder


@pytest.mark.parametrize("fmt", sorted(RESULT_FORMATS))
@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_every_format_ends_its_last_line(out: Path, kind: str, fmt: str) -> None:
    result = CliRunner().invoke(main, ["query", *QUERIES[kind], "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and len(result.stdout) > 1
    if fmt == "json" and kind != "construct":
        json.loads(result.stdout)


def test_values_are_python_values(out: Path) -> None:
    rows = kg.query(name="exchanges-per-outlet", out=out).values()
    assert rows and all(type(row["exchanges"]) is int for row in rows)
    assert sum(row["exchanges"] for row in rows) == 28  # type: ignore[misc]
    sparql = """SELECT ?date ?inferred (AVG(?n) AS ?mean) (COUNT(*) AS ?count) (SAMPLE(?b) AS ?briefing) WHERE {
                  ?b a pk:Briefing ; dcterms:date ?date . OPTIONAL { ?b pk:dateInferred ?flag }
                  BIND(COALESCE(?flag, false) AS ?inferred)
                  ?e pk:inBriefing ?b ; pk:ordinal ?n } GROUP BY ?date ?inferred ORDER BY ?date"""
    (row, *_) = kg.query(sparql, out=out).values()
    assert type(row["count"]) is int and type(row["mean"]) is float and row["inferred"] is False
    assert isinstance(row["date"], str) and str(row["briefing"]).startswith("https://w3id.org/presskg/id/briefing/")
    # the text is still there for whoever wants it
    (text, *_) = kg.query(sparql, out=out).lexical()
    assert text["count"] == str(row["count"]) and text["inferred"] == "false"
