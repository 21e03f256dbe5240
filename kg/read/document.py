"""``read_document``: a file's bytes, decoded, its layout recognised, its title and paragraphs found.

>>> doc = read_document("seeds/001_c898893308e39e3b.txt")
>>> doc.layout, doc.title
(<Layout.SEED: 'seed'>, "Foreign Ministry Spokesperson Wang Wenbin's regular press conference on September 14, 2020")
>>> doc.paragraphs[0][:30]
'Xinhua News Agency reporter: H'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from kg.read.codes import parse_error
from kg.read.cues import load_cues
from kg.read.dates import find_date
from kg.read.decode import MAX_BYTES, decode_bytes, read_bytes
from kg.read.html import html_article, looks_like_html
from kg.read.language import detect_language
from kg.read.markdown import markdown_paragraphs, split_front_matter
from kg.read.sources import index_url, web_address
from kg.read.text import text_paragraphs
from kg.types import Document, Layout, Source


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one file into a ``Document``; ``InputError`` where it cannot be read, ``ParseError`` (E204)
    where a web page is cut short."""
    file = Path(path)
    data = read_bytes(file, max_bytes=max_bytes)
    text = decode_bytes(data, str(path))
    source_url = index_url(file)
    if looks_like_html(text):
        article = html_article(text)
        if not article.complete:
            last = article.paragraphs[-1][-60:] if article.paragraphs else ""
            raise parse_error("E204", str(path), detail=f"it ends without </html>, after {last!r}")
        return Document(
            source=_source(path, file, data, source_url or article.url),
            layout=Layout.HTML,
            title=article.title,
            paragraphs=article.paragraphs,
            language=detect_language(article.title, article.paragraphs),
            published=article.published,
        )
    front = split_front_matter(text)
    if front is not None:
        fields, body = front
        return Document(
            source=_source(path, file, data, source_url or web_address(fields.get("source_url"))),
            layout=Layout.MARKDOWN,
            title=fields.get("title") or None,
            paragraphs=markdown_paragraphs(body),
            date=_iso_date(fields.get("date")),
        )
    paragraphs = text_paragraphs(text)
    title = None
    if paragraphs and _is_title(paragraphs[0]):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return Document(
        source=_source(path, file, data, source_url),
        layout=Layout.SEED if _has_reporter_labels(paragraphs) else Layout.TEXT,
        title=title,
        paragraphs=paragraphs,
        language=detect_language(title, paragraphs),
    )


def _iso_date(value: str | None) -> dt.date | None:
    """A front matter's ``date: '2021-01-22'``; None where it is absent or no date."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _source(given: str | Path, file: Path, data: bytes, url: str | None) -> Source:
    return Source(path=str(given), name=file.name, sha256=hashlib.sha256(data).hexdigest(), url=url)


def _is_title(paragraph: str) -> bool:
    """A first line that is no speaker's turn and names a briefing or a date."""
    head = paragraph[:80]
    if re.search(r"[:\uff1a]", head) and not re.search(r"\d:\d", head):
        return False
    words = load_cues().alternation("briefing-title")
    return find_date(paragraph) is not None or re.search(rf"\b(?:{words})\b", paragraph, re.IGNORECASE) is not None


def _has_reporter_labels(paragraphs: tuple[str, ...]) -> bool:
    """The seeds' layout names the asker "X reporter:" or "Reporter from X:"; text copies of pages do not."""
    cues = load_cues()
    words, prepositions = cues.alternation("reporter-word"), cues.alternation("reporter-preposition")
    pattern = re.compile(
        rf"^(?:[^:\uff1a\s][^:\uff1a]{{0,60}}\s(?:{words})|(?:{words})\s+(?:{prepositions})\s[^:\uff1a]{{1,60}})\s*[:\uff1a]",
        re.IGNORECASE,
    )
    return any(pattern.match(p) for p in paragraphs)
