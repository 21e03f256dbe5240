"""The manifest's per-build costs on a large store: its lines are written without an encoder per entry, those of
entries read from the file are reused as they were, and a process that wrote a generation's manifest reads it back
without parsing it, while a file changed on disk is read again."""

from __future__ import annotations

import os
from pathlib import Path

from kg import manifest as manifest_module
from kg.manifest import (
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
    """The text as format_manifest wrote it before (one json.dumps per entry)."""
    text = format_manifest(Manifest(manifest.fingerprint, manifest.version, ()))
    head = text.split(', "briefings"')[0]
    lines = ",\n".join(_json_line(_as_dict(e)) for e in manifest.briefings)
    return head + ', "briefings": [\n' + lines + "\n]}\n"


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
