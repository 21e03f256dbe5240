"""The workers write a briefing's graph as N-Quads text (kg.rdf.briefing_nquads): the bytes Oxigraph's own
serialiser writes for the same quads, so the store loads the same terms."""

from __future__ import annotations

import pyoxigraph as ox

from kg.extract import extract
from kg.rdf import Lit, briefing_nquads, entity_nquads, nquads, parse_nquads
from kg.read import read_briefing


def test_a_briefing_s_lines_are_oxigraph_s_own_serialisation() -> None:
    found = extract(read_briefing("seeds/000_921da15b2d4a4fd7.txt"))
    for lines in (briefing_nquads(found), entity_nquads(found)):
        text = "".join(lines).encode("utf-8")
        assert len(lines) > 20
        assert text == ox.serialize(parse_nquads(lines), format=ox.RdfFormat.N_QUADS)


def test_every_character_a_literal_may_hold_is_escaped_as_oxigraph_escapes_it() -> None:
    value = "".join(chr(c) for c in range(0x80)) + "\u0085\u2028é中"
    for suffix in ("", "@zh", "^^<http://www.w3.org/2001/XMLSchema#integer>"):
        lines = nquads(
            [("https://x/s", "https://x/p", Lit(value if not suffix.startswith("^") else "3", suffix))], "https://x/g"
        )
        quads = parse_nquads(lines)
        assert "".join(lines).encode("utf-8") == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert parse_nquads(nquads([("https://x/s", "https://x/p", Lit(value))], "https://x/g"))[0].object.value == value


def test_an_entity_s_lines_are_made_once_and_follow_its_value_not_its_key() -> None:
    from dataclasses import replace

    from kg.rdf import _described
    from kg.types import Entity, EntityKind

    found = extract(read_briefing("seeds/000_921da15b2d4a4fd7.txt"))
    country = next(e for e in found.entities if e.kind is EntityKind.COUNTRY)
    assert _described(country) is _described(replace(country))  # equal values: one cached tuple
    renamed = replace(country, label="Renamed Country")
    assert _described(renamed) != _described(country)
    assert any('"Renamed Country"' in line for line in _described(renamed))
    # The briefing's lines: every entity's own, in order, then its speakers and institution, as before.
    lines = entity_nquads(replace(found, entities=(renamed, *found.entities)))
    assert lines[: len(_described(renamed))] == list(_described(renamed))
    assert lines[len(_described(renamed)) :] == entity_nquads(found)
    outlet = Entity(EntityKind.OUTLET, "x-news", "X News", country="USA")
    assert [line.split(" ", 2)[1] for line in _described(outlet)] == [
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
        "<http://www.w3.org/2000/01/rdf-schema#label>",
        "<https://w3id.org/presskg/ontology#basedIn>",
        "<https://w3id.org/presskg/ontology#outletType>",
    ]


def test_turn_iris_made_once_per_briefing_are_turn_iri_s_and_strings_keep_their_replacement() -> None:
    from kg.iris import turn_iri
    from kg.rdf import _string, _TurnIris

    turns = _TurnIris("b1")
    for key in ("s2", "e3q", "e3a2", "e3a2"):
        assert turns[key] == turn_iri("b1", key)
    assert list(turns) == ["s2", "e3q", "e3a2"]
    assert _string("caf\udce9 ok").value == "caf\ufffd ok" and _string("plain").value == "plain"
