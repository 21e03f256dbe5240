"""``parse_briefing``: a ``Document`` read under the profile of its layout, or refused with a reason.

Each institution profile (``ontology/profiles.ttl``) claims layouts; ``READERS`` maps a profile to the
function that reads its transcripts. A file that is no transcript at all (a list of paths, a log) is refused
with E209. A transcript that the profile of its layout cannot read is refused with E210, naming the speaker
labels and the title it found, so that a user can tell which profile to add: questions that nobody answers,
each asked under a label that names no known outlet (another institution's officials, read as askers).

>>> sorted(READERS)
['fmprc', 'whitehouse']
>>> from kg.read import read_document
>>> parse_briefing(read_document("seeds/000_921da15b2d4a4fd7.txt")).profile
'fmprc'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from types import MappingProxyType

from kg.profiles import Profile, profile_for_layout
from kg.read import whitehouse
from kg.read.codes import parse_error
from kg.read.parse import parse_by_language
from kg.types import Briefing, Document

Reader = Callable[..., Briefing]

#: Profile key -> the function that reads its transcripts.
READERS: Mapping[str, Reader] = MappingProxyType(
    {"fmprc": parse_by_language, "whitehouse": whitehouse.parse_whitehouse}
)

#: A line that is a file path ("press-briefings/2021-01/2021-01-20-....md", "C:\\data\\a.txt").
_PATH = re.compile(r"^(?:[\w.~-]*[/\\])+[\w.~ -]*\.?\w*$|^[\w.~-]+\.(?:md|html?|txt|json|csv|tsv|log|xml|py)$")
#: A line that is a log record ("2021-01-20 10:31:02 INFO ...", "[12:00:01] ...", "ERROR: ...").
_LOG = re.compile(
    r"^\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d|^\[?\d\d:\d\d:\d\d\b|^(?:DEBUG|INFO|WARN(?:ING)?|ERROR|CRITICAL)\b"
)
#: Share of lines that, being paths or log records, make a file no transcript.
NOT_TRANSCRIPT_SHARE = 0.6
_LABEL = re.compile(r"^([^:\uff1a.?!,;]{1,40}?)\s*[:\uff1a]\s")


def parse_briefing(doc: Document, *, year: int | None = None) -> Briefing:
    """The briefing a document holds, read by its profile's reader; ``ParseError`` E209 or E210 where it
    is no transcript or fits no profile."""
    _refuse_non_transcript(doc)
    profile = profile_for_layout(doc.layout.value)
    if profile is None or profile.key not in READERS:
        raise parse_error("E210", doc.source.path, detail=_found(doc, f"no profile reads the {doc.layout} layout"))
    briefing = READERS[profile.key](doc, year=year)
    _refuse_misfit(doc, briefing, profile)
    return briefing


def _refuse_non_transcript(doc: Document) -> None:
    lines = [line for line in ((doc.title or ""), *doc.paragraphs) if line.strip()]
    odd = sum(1 for line in lines if _PATH.match(line.strip()) or _LOG.match(line.strip()))
    if lines and odd >= 3 and odd >= NOT_TRANSCRIPT_SHARE * len(lines):
        kind = "log records" if sum(1 for line in lines if _LOG.match(line.strip())) > odd / 2 else "file paths"
        raise parse_error("E209", doc.source.path, detail=f"{odd} of its {len(lines)} lines are {kind}")


def _refuse_misfit(doc: Document, briefing: Briefing, profile: Profile) -> None:
    # Questions that nobody answers, every one asked under a label the outlet gazetteer does not know either:
    # the labels are another institution's speakers ("SECRETARY GRANHOLM:" read as an outlet), not reporters.
    exchanges = briefing.exchanges
    if exchanges and all(e.answer is None and e.outlet is not None and not e.outlet.known for e in exchanges):
        raise parse_error("E210", doc.source.path, detail=_found(doc, f"no answer the {profile.key} profile knows"))


def _found(doc: Document, why: str) -> str:
    """What the document holds that a profile would have to recognise: its commonest speaker labels, its title."""
    labels = Counter(m.group(1).strip() for p in doc.paragraphs if (m := _LABEL.match(p)))
    shown = ", ".join(f"{label}:" for label, _ in labels.most_common(5)) or "none"
    return f"{why}; speaker labels found: {shown}; title: {(doc.title or '')[:80]!r}"
