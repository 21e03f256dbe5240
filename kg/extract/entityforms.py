"""The forms the entity extractor searches for: every name, demonym, compound form, title and blocked phrase of
the entity lexicon, folded (lower case, every non-word character a space) and ranked, as the matcher's automaton
holds them (``kg.extract.entities``). Making them from the lexicon folds and ranks 2,200 names (tens of
milliseconds a process); they are kept in presskg's cache (``kg.cache``), named by the ontology's fingerprint,
pycountry's data and this module's and ``kg.gazetteer``'s source, and read back by later processes.

>>> fold("The U.S.-China talks")
'the u s  china talks'
"""

from __future__ import annotations

import dataclasses
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import gazetteer as gazetteer_module
from kg.cache import cache_name, read_cached, write_cached
from kg.gazetteer import EntityLexicon, iso_digest, ontology_fingerprint
from kg.types import EntityKind

_ROLE_RANK = {"block": 0, "entity": 1, "demonym": 2, "compound": 3, "title": 4}
_KIND_RANK = {
    EntityKind.PERSON: 0,
    EntityKind.OUTLET: 1,
    EntityKind.ORGANIZATION: 2,
    EntityKind.PLACE: 3,
    EntityKind.COUNTRY: 4,
}


@dataclass(frozen=True, slots=True)
class Form:
    """One searchable form: a name, demonym, title or blocked phrase, and how its case must match."""

    role: str
    kind: EntityKind | None
    key: str
    written: str  # the form, stripped of leading and trailing punctuation
    tail: str  # trailing punctuation of the form ("." of "U.S."), taken into the mention where the text has it
    exact: bool  # an acronym: every letter must match exactly
    capitals: tuple[int, ...]  # offsets whose letters must be capitals in the text
    name_offset: int = 0  # where the name starts in a titled form ("President Xi" names "Xi")


_ASCII_WORD_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + b" " * 128
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lower case, every non-word character a space; the result has the length of ``text``.

    >>> fold("The U.S.-China 'trade' talks, Côte d'Ivoire")
    'the u s  china  trade  talks  côte d ivoire'
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") lower to two; keep those as they are
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # bytes.translate is an order of magnitude faster than a regular expression over the text; the few
    # non-ASCII letters ("é", "ü") are put back afterwards
    folded = lowered.encode("ascii", "replace").translate(_ASCII_WORD_BYTES).decode("ascii")
    if lowered.isascii():
        return folded
    letters = [(m.start(), m.group()) for m in _NON_ASCII.finditer(lowered) if m.group().isalnum()]
    if not letters:
        return folded
    chars = list(folded)
    for index, letter in letters:
        chars[index] = letter
    return "".join(chars)


def _ascii_variant(form: str) -> str | None:
    folded = "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))
    return folded if folded != form and len(folded) == len(form) else None


def _make_form(
    role: str, kind: EntityKind | None, key: str, form: str, titles: frozenset[str] = frozenset()
) -> Form | None:
    match = re.search(r"\w(?:.*\w)?", form)
    if match is None:
        return None
    written = match.group(0)
    tail = form[match.end() :].strip()
    letters = [c for c in written if c.isalpha()]
    exact = bool(letters) and not any(c.islower() for c in letters)
    capitals = tuple(i for i, c in enumerate(written) if c.isupper())
    # a person's titled form ("Premier Li") is matched whole, but the mention is the name after the title,
    # so that a longer name starting there ("Li Keqiang") still wins; likewise leading lower-case words
    # ("the Gulf" names "Gulf", and "Gulf of Guinea" starting there wins)
    title = max((t for t in titles if written.startswith(t + " ")), key=len, default="")
    name_offset = len(title) + 1 if title else 0
    if not title and written[:1].islower():
        first_capital = re.search(r"(?<![\w'\u2019])[A-Z]", written)
        name_offset = first_capital.start() if first_capital else 0
    return Form(role, kind, key, written, tail, exact, capitals, name_offset)


def _forms(lexicon: EntityLexicon) -> Iterable[Form | None]:
    titles = lexicon.words("titles")
    for (kind, key), entity in lexicon.entities.items():
        for name in (entity.label, *entity.alt_labels):
            yield _make_form("entity", kind, key, name, titles if kind is EntityKind.PERSON else frozenset())
    for word, iso in lexicon.demonyms.items():
        yield _make_form("demonym", EntityKind.COUNTRY, iso, word)
    for word, iso in lexicon.compound_forms.items():
        yield _make_form("compound", EntityKind.COUNTRY, iso, word)
    # In a fixed order: "Mr" and "Mr." are one form (its tail apart), and the last one given is kept.
    for title in sorted(lexicon.words("titles")):
        yield _make_form("title", None, "", title)
    for phrase in sorted(lexicon.words("notEntities")):
        yield _make_form("block", None, "", phrase)


def searched_forms(directory: Path, lexicon: EntityLexicon) -> list[tuple[str, int, tuple[Form, ...]]]:
    """Each searched string (" folded form ") with its length and its forms, best first: read from the compiled
    form of the folder's lexicon (``kg.cache``) where an earlier process wrote one for the same ontology files,
    ISO 3166-1 data and code, else made from the lexicon (2,000 names folded and ranked) and written."""
    material = [ontology_fingerprint(directory), iso_digest()]
    name = cache_name("entity-forms", material, derived_by=(gazetteer_module, sys.modules[__name__]))
    found = _forms_from_plain(read_cached(name))
    if found is None:
        found = make_searched_forms(lexicon)
        write_cached(name, [(word, length, [_form_to_plain(f) for f in forms]) for word, length, forms in found])
    return found


def _form_to_plain(f: Form) -> tuple[Any, ...]:
    kind = None if f.kind is None else f.kind.value
    return (f.role, kind, f.key, f.written, f.tail, f.exact, f.capitals, f.name_offset)


def _forms_from_plain(plain: Any) -> list[tuple[str, int, tuple[Form, ...]]] | None:
    try:
        return [
            (word, length, tuple(Form(r, EntityKind(k) if k else None, *rest) for r, k, *rest in forms))
            for word, length, forms in plain
        ]
    except (TypeError, ValueError):
        return None


def make_searched_forms(lexicon: EntityLexicon) -> list[tuple[str, int, tuple[Form, ...]]]:
    grouped: dict[str, dict[tuple[str, str | None, str, str], Form]] = defaultdict(dict)
    for form in _forms(lexicon):
        if form is None:
            continue
        variants = [form]
        ascii_written = _ascii_variant(form.written)
        if ascii_written is not None:
            variants.append(dataclasses.replace(form, written=ascii_written))
        for variant in variants:
            identity = (variant.role, variant.kind, variant.key, variant.written)
            grouped[fold(variant.written)][identity] = variant
    out = []
    for folded, forms in grouped.items():
        ordered = sorted(
            forms.values(),
            key=lambda f: (_ROLE_RANK[f.role], _KIND_RANK.get(f.kind, 9) if f.kind else 9, f.key, f.written),
        )
        out.append((f" {folded} ", len(folded) + 2, tuple(ordered)))
    return out
