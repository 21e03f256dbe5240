"""The whole Chinese corpus built into a store (``kg.build``: reading, extraction, RDF, the store), not only read:
every regular press conference of ``fmprc-zh`` is a dated Chinese briefing in the store, with its spokesperson and
as many exchanges as the page has question labels, counted independently (a regex over the raw HTML:
``test_read_zh.count_question_labels``, not the reader's parser); the pages of other kinds are built or refused
as the README says; every position's evidence is held at its offsets. About two minutes on two cores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from test_read_zh import ANSWER_TO_JOURNALIST, REGULAR, _index, count_question_labels

import kg

pytestmark = pytest.mark.corpus

BRIEFINGS = """PREFIX pk: <https://w3id.org/presskg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?sha ?date ?lang ?spokesperson (COUNT(DISTINCT ?exchange) AS ?exchanges) WHERE {
  GRAPH ?g {
    ?b a pk:Briefing ; prov:wasDerivedFrom ?source ; dcterms:language ?lang .
    ?source pk:sha256 ?sha .
    OPTIONAL { ?b dcterms:date ?date }
    OPTIONAL { ?b pk:spokesperson ?spokesperson }
    OPTIONAL { ?exchange a pk:Exchange ; pk:inBriefing ?b }
  }
} GROUP BY ?sha ?date ?lang ?spokesperson"""

UNANSWERED = """PREFIX pk: <https://w3id.org/presskg/ontology#>
SELECT (COUNT(DISTINCT ?exchange) AS ?n) WHERE { GRAPH ?g { ?exchange a pk:Exchange . FILTER NOT EXISTS {
  ?exchange pk:question ?q . ?q pk:text ?text } } }"""


def test_the_whole_chinese_corpus_builds(zh_corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = kg.build([zh_corpus_dir], out=out, exports=(), overview=False)
    rows = _index(zh_corpus_dir)
    assert report.briefings + len(report.errors) == len(rows)
    assert all(e.code == "E203" and "news item" in str(e) for e in report.errors), report.errors
    stored = {str(r["sha"]): r for r in kg.query(BRIEFINGS, out=out).values()}
    assert len(stored) == report.briefings
    checked = 0
    for row in rows:
        raw = (zh_corpus_dir / row["file"]).read_bytes()
        briefing = stored.get(hashlib.sha256(raw).hexdigest())
        if REGULAR not in row["title"] and ANSWER_TO_JOURNALIST not in row["title"]:
            continue
        assert briefing is not None, f"{row['file']} is not in the store"
        assert str(briefing["lang"]) == "zh", row["file"]
        assert int(str(briefing["exchanges"])) == count_question_labels(raw.decode("utf-8")), row["file"]
        if REGULAR in row["title"]:
            assert briefing["spokesperson"] is not None, row["file"]
            assert briefing["date"] is not None, row["file"]
            if row["date"]:
                assert dt.date.fromisoformat(str(briefing["date"])) == dt.date.fromisoformat(row["date"]), row["file"]
            checked += 1
    assert checked > 1400
    # every exchange keeps its question's text
    assert int(str(kg.query(UNANSWERED, out=out).values()[0]["n"])) == 0
