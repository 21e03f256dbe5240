"""``assemble_briefing``: the one place where a reader's findings become a ``Briefing``.

Every reader (the ministry's English pages in ``turns``, its Chinese pages in ``zh``, the White House transcripts
in ``whitehouse``) finds a title, a date, a spokesperson and the turns its own way; what they then do alike is
here: the key from the file name, the title or the file's name for it, the institution and profile, and the
notes on what is missing (no questions, no spokesperson, no title).

>>> from kg.profiles import profile
>>> from kg.types import Document, Layout, Source
>>> doc = Document(Source(path="a b.txt", name="a b.txt", sha256="00"), Layout.TEXT, None, ())
>>> b = assemble_briefing(doc, profile("whitehouse"), title="", date=None, date_inferred=False, spokesperson=None,
...                       statements=(), exchanges=(), notes=[], note_untitled=False)
>>> b.key, b.title, b.institution, b.warnings
('a-b', 'a b', 'The White House', ('no press secretary named in the title or the answers',))
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kg.profiles import Profile
from kg.read.codes import parse_error
from kg.types import Briefing, Document, Exchange, Speaker, Statement


def briefing_key(name: str) -> str:
    """A stable key from the file name's stem, safe inside IRIs.

    >>> briefing_key("000_921da15b2d4a4fd7.txt"), briefing_key("t1558711.html"), briefing_key("a b+c.txt")
    ('000_921da15b2d4a4fd7', 't1558711', 'a-b-c')
    """
    stem = Path(name).stem if "." in name else name
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "briefing"


def require_turns(
    statements: tuple[Statement, ...], exchanges: tuple[Exchange, ...], path: str, notes: list[str]
) -> None:
    """``ParseError`` E205 where a page holds neither questions nor statements; a note where it holds only
    statements (the ministry's readers: a White House transcript without questions is remarks, said by its
    title)."""
    if not exchanges:
        if not statements:
            raise parse_error("E205", path)
        notes.append("no questions: only statements")


def assemble_briefing(
    doc: Document,
    profile: Profile,
    *,
    title: str,
    date: dt.date | None,
    date_inferred: bool,
    spokesperson: str | None,
    statements: tuple[Statement, ...],
    exchanges: tuple[Exchange, ...],
    notes: list[str],
    note_untitled: bool = True,
    language: str = "en",
    speakers: tuple[Speaker, ...] = (),
) -> Briefing:
    """The briefing read under ``profile``; ``notes`` (the reader's warnings so far) gain a note where the
    spokesperson (by the profile's first spokesperson title) or, with ``note_untitled``, the title is missing."""
    warnings = list(notes)
    if spokesperson is None:
        warnings.append(f"no {profile.spokesperson_titles[0].lower()} named in the title or the answers")
    if note_untitled and not doc.title:
        warnings.append("no title: the file name stands in for it")
    return Briefing(
        key=briefing_key(doc.source.name),
        source=doc.source,
        layout=doc.layout,
        title=title or Path(doc.source.name).stem,
        date=date,
        date_inferred=date_inferred,
        spokesperson=spokesperson,
        institution=profile.institution,
        statements=statements,
        exchanges=exchanges,
        warnings=tuple(warnings),
        language=language,
        profile=profile.key,
        speakers=speakers,
    )
