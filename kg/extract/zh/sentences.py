"""Sentence spans over a Chinese turn's text: a sentence ends at 。！？； (or their half-width forms, or an
ellipsis), with any closing quotes and brackets after them, or at a newline.

The punctuation classes are zhon's (``zhon.hanzi.stops``), not a table of our own.

>>> text = "中方坚决反对。我们敦促美方“停止错误做法”！\\n这是第二段；对吗？"
>>> [text[a:b] for a, b in split_sentences(text)]
['中方坚决反对。', '我们敦促美方“停止错误做法”！', '这是第二段；', '对吗？']
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhon import hanzi

from kg.extract.sentences import Span, append_span

STOPS = hanzi.stops + "\uff1b;!?\u2026"  # zhon's stops, the full-width semicolon, ASCII ones, the ellipsis
# closing quotes and brackets, full-width and ASCII
CLOSERS = "\u201d\u2019\u300d\u300f\uff09\u300b\u3011\u3015\u3009\"')]"
# ``[STOPS]+[CLOSERS]*|\s*\n\s*``, opening with the class of a boundary's first character so that the engine skips
# to it (half the time of trying both alternatives at every character); the character taken chooses the branch.
_STOPS, _CLOSERS = re.escape(STOPS), re.escape(CLOSERS)
BOUNDARY = re.compile(f"[{_STOPS}\\s](?:(?<=[{_STOPS}])[{_STOPS}]*[{_CLOSERS}]*|(?<=\\n)\\s*|(?<=\\s)\\s*\\n\\s*)")


def split_sentences(text: str) -> tuple[Span, ...]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order, whitespace trimmed.

    >>> split_sentences("")
    ()
    """
    return _split(text)


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[Span, ...]:
    # Topics and positions split the same turn; the cache makes the second time free.
    spans: list[Span] = []
    start = 0
    for m in BOUNDARY.finditer(text):
        append_span(text, start, m.end(), spans)
        start = m.end()
    append_span(text, start, len(text), spans)
    return tuple(spans)
