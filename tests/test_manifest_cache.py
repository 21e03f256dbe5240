"""The manifest's per-build costs on a large store: its lines are written without an encoder per entry, those of
entries read from the file are reused as they were, and a process that wrote a generation's manifest reads it back
without parsing it, while a file changed on disk is read again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg import manifest as manifest_module
from kg.errors import StoreError
from kg.manifest import (
    COUNTS,
    Entries,
    Manifest,
    ManifestEntry,
    _as_dict,
    _json_line,
    format_manifest,
    parse_manifest,
    read_manifest,
    write_manifest,
)

ENTRIES = (
    ManifestEntry("a1", "/corpus/a1.html", "aa", (("statements", 1), ("quads", 30)), ("afp", "reuters")),
    ManifestEntry("b2", "/corpus/b\u00e9\u4e2d.txt", "bb", (("exchanges", 4),)),
    ManifestEntry("c3", '/odd "quoted"\\path\n.txt', "cc"),
    ManifestEntry("d4", "/corpus/caf\udce9.txt", "dd"),  # a file name that is not UTF-8
)
MANIFEST = Manifest("fp", "0.1.0", ENTRIES)


def _written_one_dump_per_line(manifest: Manifest) -> str:
    """The text as format_manifest wrote it before (one json.dumps per entry), with the head's totals."""
    totals = {"counts": dict(manifest.totals().counts), "outlets": dict(manifest.totals().outlets)}
    head = json.dumps({"format": 1, "fingerprint": manifest.fingerprint, "presskg": manifest.version, "totals": totals})
    lines = ",\n".join(_json_line(_as_dict(e)) for e in manifest.briefings)
    return head[:-1] + ', "briefings": [\n' + lines + "\n]}\n"


def test_the_text_is_what_a_json_dump_per_entry_wrote_and_reads_back() -> None:
    manifest_module._LINES.clear()
    text = format_manifest(MANIFEST)
    assert text == _written_one_dump_per_line(MANIFEST)
    assert parse_manifest(text) == MANIFEST
    text.encode("utf-8")  # the surrogate path is escaped


def test_lines_read_are_reused_and_new_entries_encoded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    manifest_module._LINES.clear()
    parsed = parse_manifest(format_manifest(MANIFEST))
    encoded: list[str] = []
    real = manifest_module._entry_line
    monkeypatch.setattr(manifest_module, "_entry_line", lambda e: encoded.append(e.key) or real(e))
    added = parsed.updated([ManifestEntry("e5", "/corpus/e5.html", "ee")])
    assert parse_manifest(format_manifest(added)) == added
    assert encoded == ["e5"]


def test_a_manifest_written_is_read_back_without_parsing_until_the_file_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generation = out / "store.gen" / ".." / "store.gen" / "1-1"  # spelt otherwise than the store link resolves
    generation.mkdir(parents=True)
    (out / "store").symlink_to(os.path.relpath(generation.resolve(), out))
    path = write_manifest(generation, MANIFEST)
    assert read_manifest(out) is MANIFEST  # what this process wrote, not parsed again
    other = Manifest("fp2", "0.1.0", ENTRIES[:1])
    path.write_text(format_manifest(other), encoding="utf-8")  # changed by another process
    assert read_manifest(out) == other


def _store_of(size: int) -> Manifest:
    entries = [
        ManifestEntry(f"k{i:05d}", f"/corpus/p{i}.html", f"{i:064x}", tuple((n, i % 7) for n in COUNTS), (f"o{i % 5}",))
        for i in range(size)
    ]
    return Manifest("fp", "0.1.0", tuple(entries))


def test_an_add_makes_only_the_entries_it_touches_and_writes_what_a_whole_parse_writes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Adding a briefing to a manifest read from its file makes no entry of the others from its line (one was made
    per entry, 25 ms on 5,000): the plan asks for the keys read, the update splices lines and totals in by key."""
    whole = _store_of(300)
    text = format_manifest(whole)
    made: list[str] = []
    real = manifest_module._entry_of
    monkeypatch.setattr(manifest_module, "_entry_of", lambda data: made.append(data["key"]) or real(data))
    parsed = parse_manifest(text)
    assert isinstance(parsed.briefings, Entries) and len(parsed.briefings) == 300
    new = ManifestEntry("k00150x", "/corpus/new.html", "ee", tuple((n, 1) for n in COUNTS), ("o9",))
    replaced = ManifestEntry("k00007", "/corpus/p7b.html", "ff", (("quads", 2),), ())
    assert set(parsed.entries_of(["k00150x", "k00007"])) == {"k00007"}
    after = parsed.updated([new, replaced], removed=["k00299"])
    written = format_manifest(after)
    assert made == ["k00007", "k00299"]  # the replaced and the removed entry, for their counts; nothing else
    # The same bytes as the update of the same manifest made whole, and the totals of its entries added up.
    assert written == format_manifest(whole.updated([new, replaced], removed=["k00299"]))
    again = parse_manifest(written)
    assert again.totals() == manifest_module._totals_of(list(again.briefings))
    assert again == Manifest(
        "fp",
        "0.1.0",
        tuple(sorted([*whole.briefings[:7], replaced, *whole.briefings[8:299], new], key=lambda e: e.key)),
    )


def test_a_manifest_that_states_no_totals_is_read_and_its_totals_added_up() -> None:
    text = format_manifest(_store_of(20))
    head, rest = text.split("\n", 1)
    older = json.dumps({k: v for k, v in json.loads(head + "]}").items() if k not in ("totals", "briefings")})
    parsed = parse_manifest(older[:-1] + ', "briefings": [\n' + rest)
    assert parsed.totals() == _store_of(20).totals() and parsed.totals().count("quads") == sum(i % 7 for i in range(20))


def test_a_damaged_entry_is_a_coded_error_when_it_is_made() -> None:
    text = format_manifest(_store_of(3)).replace('"sha256": "', '"sha": "', 1)
    parsed = parse_manifest(text)
    with pytest.raises(StoreError) as caught:
        list(parsed.briefings)
    assert caught.value.code == "E334" and "--full" in str(caught.value.hint)


def test_many_changes_are_merged_as_a_few_are_spliced() -> None:
    whole = _store_of(120)
    parsed = parse_manifest(format_manifest(whole))
    new = [
        ManifestEntry(f"k{i:05d}{'x' if i % 2 else ''}", f"/n/{i}", "ab", (("quads", i),), ("o1",)) for i in range(90)
    ]
    gone = [f"k{i:05d}" for i in range(100, 120)]
    assert len(new) + len(gone) > manifest_module.SPLICED
    many = parsed.updated(new, removed=gone)
    few = parsed
    for entry in new:
        few = few.updated([entry])
    few = few.updated([], removed=gone)
    assert format_manifest(many) == format_manifest(few) == format_manifest(whole.updated(new, removed=gone))
    assert many.totals() == few.totals() == manifest_module._totals_of(list(many.briefings))
