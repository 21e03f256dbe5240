"""The language a document is written in, from its script: Chinese where Han characters carry the text.

The ministry publishes each press conference in Chinese (the original) and in English (a translation). A
page is Chinese when most of its letters are Han characters; an English page quoting a Chinese name or
two stays English. Character classes come from zhon, not hand-written tables.

>>> detect_language("2021年12月9日外交部发言人汪文斌主持例行记者会", ("新华社记者：中方对此有何评论？",))
'zh'
>>> detect_language("Wang Wenbin's regular press conference", ("Q: What is 一带一路 in English?",))
'en'
>>> han_share("AB汉字")
0.5
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from zhon import hanzi

ENGLISH = "en"
CHINESE = "zh"
#: Share of letters that must be Han characters for a text to be Chinese. Chinese pages hold Latin
#: acronyms and numbers (NSG, G20, 2022); English pages hardly ever more than a few Han characters.
CHINESE_SHARE = 0.5
#: How much text is enough to tell: the title and the first paragraphs.
SAMPLE_CHARS = 4000

_HAN = re.compile(f"[{hanzi.characters}]")
_LATIN = string.ascii_letters
_NOT_LATIN = bytes(c for c in range(128) if chr(c) not in _LATIN)  # the ASCII bytes that are not Latin letters


def han_share(text: str) -> float:
    """Han characters as a share of the letters (Latin and Han) in ``text``; 0.0 where it has none.

    The Latin letters are counted as the bytes left of the text's ASCII once every other byte is deleted
    (``bytes.translate``), not matched one by one: on the 4,000 characters of an English page's sample a list of
    ~3,000 one-letter matches took most of the reading's language step (bench/PROFILE.md, session 11), and 52
    ``str.count`` passes, one per letter, ten times what one deletion costs (session 12).

    >>> han_share("Zhōu 周恩来 said"), han_share("…")
    (0.3, 0.0)
    """
    # Han characters are not ASCII: an ASCII text (most English pages' samples) has none, without a search.
    han = 0 if text.isascii() else len(_HAN.findall(text))
    letters = han + len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    return han / letters if letters else 0.0


def is_chinese(text: str) -> bool:
    """Whether ``text`` is written in Chinese (Han characters carry most of its letters).

    >>> is_chinese("新华社"), is_chinese("Xinhua"), is_chinese("G20峰会")
    (True, False, True)
    """
    return han_share(text) >= CHINESE_SHARE


def detect_language(title: str | None, paragraphs: Iterable[str]) -> str:
    """``"zh"`` for a document written in Chinese, else ``"en"``."""
    sample: list[str] = [title or ""]
    size = len(sample[0])
    for paragraph in paragraphs:
        if size >= SAMPLE_CHARS:
            break
        sample.append(paragraph)
        size += len(paragraph)
    return CHINESE if is_chinese(" ".join(sample)[:SAMPLE_CHARS]) else ENGLISH
