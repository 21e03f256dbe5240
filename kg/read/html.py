"""Saved web pages: the article's title and paragraphs, read with a real HTML parser (selectolax/lexbor).

Only the article body counts. Navigation, scripts, styles, the "Related News" list and image captions
sit outside it or are dropped; ``<br>`` breaks and block elements end paragraphs.

>>> page = '''<html><head><title>T</title><script>var x = 1;</script></head><body>
... <div class="nav"><a href="/">Home</a></div>
... <div class="content"><p>Q: Is it <b>so</b>?<br><br>A: It is.</p><p>&nbsp;</p></div>
... <ul id="related"><li>Related News</li></ul></body></html>'''
>>> html_article(page)
HtmlArticle(title='T', paragraphs=('Q: Is it so?', 'A: It is.'), url=None, complete=True, found=True, published=None)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from kg.read.sources import web_address

#: Where the article body is, most specific first: the ministry's layout, then generic HTML5 and CMS ones.
ARTICLE_SELECTORS: tuple[str, ...] = (
    "div.content",
    "#News_Body_Txt_A",
    "div.TRS_Editor",
    "article",
    "main",
    "div.article",
    "div#content",
    "div.main-content",
)
#: Where the article's own title is, before falling back to the page's <title>.
TITLE_SELECTORS: tuple[str, ...] = ("h2.title", "h1.title", "div.content_mod h2", "article h1", "h1")
#: Never part of the text.
DROPPED = "script, style, noscript, template, iframe, object, embed, svg, form, select, button, figcaption, .caption"
#: Also dropped when no article container is found and the whole body is read.
DROPPED_OUTSIDE_ARTICLE = "nav, header, footer, aside, ul, ol, table, [class*=nav], [class*=menu], [class*=footer]"
#: Elements that end a paragraph.
BLOCKS = "p, div, li, dd, dt, h1, h2, h3, h4, h5, h6, tr, td, th, blockquote, pre, section, article, table, ul, ol, hr"

#: The budget of one page, checked before it is parsed: the parser's time grows with the square of the nesting
#: depth (100,000 levels: minutes) and its memory with the elements (a 19 MB page: 1.1 GB). The ministry's pages
#: nest under 40 levels and hold a few thousand elements.
MAX_DEPTH = 2_000
MAX_ELEMENTS = 400_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)")
# Elements that hold nothing, or that the parser closes when the next one opens: they add no depth.
_NO_DEPTH = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dd",
        "dt",
        "tr",
        "td",
        "th",
        "option",
    ]
)

_BREAK = "\u2029"  # PARAGRAPH SEPARATOR: never in the pages' own text, so it marks block ends safely
_CANONICAL = ("link[rel=canonical]", 'meta[property="og:url"]', 'meta[name="Url"]')
#: Where a page says when it was published (the ministry's newer site in a meta tag, its older one in a span).
_PUBLISHED = ('meta[name="PubDate"]', 'meta[property="article:published_time"]', "#News_Body_Time", "p.time")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b")
_CENTERED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    title: str | None
    paragraphs: tuple[str, ...]
    url: str | None  # the page's own canonical URL, where it names one
    complete: bool  # False where the page stops before its closing tags (a truncated download)
    found: bool  # False where no article container was found and the whole body was read
    published: dt.date | None = None  # the publication date the page states, where it states one


def looks_like_html(text: str) -> bool:
    """True for a web page rather than plain text.

    >>> looks_like_html("<!DOCTYPE html><html>"), looks_like_html("Q: <b>bold</b>?")
    (True, False)
    """
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body", "<meta", "<!--")) and (
        "<html" in head or "<body" in head or "<head" in head or "<p" in text[:65536].lower()
    )


def over_budget(text: str) -> str | None:
    """What makes a page too costly to parse (too deep, too many elements), or None: counted from its tags,
    in one pass, before the parser sees it.

    >>> over_budget("<div>" * 3000), over_budget("<p>x" * 3000) is None
    ('nested 2,001 levels deep or more, the limit is 2,000', True)
    """
    if text.count("<") <= min(MAX_DEPTH, MAX_ELEMENTS):
        return None  # every tag starts with "<": so few cannot nest or count past either limit
    depth = elements = 0
    for match in _TAG.finditer(text):
        elements += 1
        if elements > MAX_ELEMENTS:
            return f"more than {MAX_ELEMENTS:,} elements"
        if match.group(2).lower() in _NO_DEPTH:
            continue
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        if depth > MAX_DEPTH:
            return f"nested {depth:,} levels deep or more, the limit is {MAX_DEPTH:,}"
    return None


def html_article(text: str) -> HtmlArticle:
    """The article of a saved page: its title, its paragraphs in order, and whether the page is whole."""
    tree = LexborHTMLParser(text)
    complete = _is_complete(text)
    title = _title(tree)
    url = _canonical_url(tree)
    published = _published(tree)
    for node in tree.css(DROPPED):
        node.decompose()
    container = None
    for selector in ARTICLE_SELECTORS:
        container = tree.css_first(selector)
        if container is not None and container.text(strip=True):
            break
        container = None
    found = container is not None
    if container is None:
        container = tree.body
        if container is None:
            return HtmlArticle(title, (), url, complete, found=False, published=published)
        for node in container.css(DROPPED_OUTSIDE_ARTICLE):
            node.decompose()
    for node in container.css("p, div"):
        # A centred block holding an image is a photo and its caption, not speech. The style first: searching
        # every block's subtree for an image costs the square of the nesting.
        if (
            _CENTERED.search(
                (node.attributes.get("style") or "") + " text-align:" + (node.attributes.get("align") or "")
            )
            and node.css_first("img") is not None
        ):
            node.decompose()
    for br in container.css("br"):
        br.replace_with(_BREAK)
    for block in container.css(BLOCKS):
        block.insert_before(_BREAK)
        block.insert_after(_BREAK)
    raw = container.text(deep=True)
    paragraphs = tuple(p for p in (" ".join(chunk.split()) for chunk in raw.split(_BREAK)) if p)
    if title is not None and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return HtmlArticle(title, paragraphs, url, complete, found, published)


def _is_complete(text: str) -> bool:
    tail = text[-4096:].lower()
    return "</html>" in tail or "</body>" in tail


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in (*TITLE_SELECTORS, "title"):
        node = tree.css_first(selector)
        if node is not None:
            title = " ".join(node.text().split())
            if title:
                return title
    return None


def _canonical_url(tree: LexborHTMLParser) -> str | None:
    for selector in _CANONICAL:
        node = tree.css_first(selector)
        if node is not None:
            value = web_address(node.attributes.get("href") or node.attributes.get("content"))
            if value is not None:
                return value
    return None


def _published(tree: LexborHTMLParser) -> dt.date | None:
    for selector in _PUBLISHED:
        node = tree.css_first(selector)
        if node is None:
            continue
        m = _ISO_DATE.search(node.attributes.get("content") or node.text())
        if m is not None:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None
