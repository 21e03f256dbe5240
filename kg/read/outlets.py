"""Outlets: a question's label, as written, resolved through the outlet gazetteer (``ontology/outlets.ttl``).

>>> resolve_outlet("Agence France-Presse").key == resolve_outlet("AFP").key == "afp"
True
>>> resolve_outlet('"Global Times" reporter')
OutletRef(name='Global Times', key='global-times', known=True)
>>> resolve_outlet("Reporter from the Press Trust of India").key
'pti'
>>> resolve_outlet("  Aussie   Satellite TV reporter ")
OutletRef(name='Aussie Satellite TV', key='aussie-satellite-tv', known=False)
"""

from __future__ import annotations

import re
from functools import cache

from kg.gazetteer import load_gazetteer
from kg.namespace import slug
from kg.read.cues import fold, load_cues
from kg.types import EntityKind, OutletRef

_HAN = re.compile(r"[\u3400-\u9fff]")
_DOUBLE_QUOTES = '"\u201c\u201d„«»「」『』'
_SINGLE_QUOTES = "'\u2018\u2019`"


@cache
def _reporter_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_cues()
    word = cues.alternation("reporter-word")
    prep = cues.alternation("reporter-preposition")
    # "Reporter from the Press Trust of India" -> "Press Trust of India"
    before = re.compile(rf"^(?:the\s+|a\s+|an\s+)?(?:{word})\s+(?:{prep})\s+(?:the\s+)?", re.IGNORECASE)
    # "NHK reporter", "Xinhua News Agency correspondent" -> the outlet
    after = re.compile(rf"\s+(?:{word})$", re.IGNORECASE)
    return before, after


def clean_outlet_name(written: str) -> str:
    """The outlet's name as written, minus "reporter", quotes and stray spaces.

    >>> clean_outlet_name('\u201cMacao Monthly\u201d  reporter')
    'Macao Monthly'
    >>> clean_outlet_name("Phoenix TV ")
    'Phoenix TV'
    """
    name = "".join(ch for ch in written if ch not in _DOUBLE_QUOTES)
    name = " ".join(name.split()).strip(" :\uff1a,;" + _SINGLE_QUOTES)
    before, after = _reporter_patterns()
    name = after.sub("", before.sub("", name)).strip(" :\uff1a,;" + _SINGLE_QUOTES)
    return name


def _loose(text: str) -> str:
    """A looser lookup key: no punctuation, no leading article, folded case."""
    folded = fold(re.sub(r"[^\w\s]", " ", text.replace("\u2019", "").replace("'", "")))
    return folded.removeprefix("the ")


@cache
def _index() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for key, entity in sorted(load_gazetteer(EntityKind.OUTLET).items()):
        for name in (entity.label, *entity.alt_labels):
            exact.setdefault(fold(name), key)
            loose.setdefault(_loose(name), key)
    return exact, loose


def resolve_outlet(name_as_written: str) -> OutletRef:
    """The outlet a question's label names: the gazetteer's entry where known, else one named as written."""
    name = clean_outlet_name(name_as_written)
    exact, loose = _index()
    key = exact.get(fold(name)) or loose.get(_loose(name))
    if key is not None:
        return OutletRef(name=name, key=key, known=True)
    return OutletRef(name=name, key=unknown_key(name), known=False)


def unknown_key(name: str) -> str:
    """The key of an outlet the gazetteer does not know: a slug of its name; for a name in Chinese, the name
    itself with punctuation made hyphens (IRIs may hold Chinese; a slug of it would be empty).

    >>> unknown_key("Aussie Satellite TV"), unknown_key("澳亚卫视"), unknown_key("巴西·环球报")
    ('aussie-satellite-tv', '澳亚卫视', '巴西-环球报')
    """
    if _HAN.search(name):
        return re.sub(r"[^\w]+", "-", name.casefold()).strip("-_") or "unknown"
    return slug(name, join_apostrophes=True) or "unknown"
