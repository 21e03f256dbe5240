"""Plain-text transcripts: paragraphs split by blank lines, or one per line where a file has no blank lines.

Inside a blank-line-separated block, a line that opens with a speaker label starts a new paragraph and
any other line continues the one before (hard-wrapped text).

>>> text_paragraphs("Title on May 11, 2018\\n\\nQ: Is it\\nso?\\nA: It is.\\n")
('Title on May 11, 2018', 'Q: Is it so?', 'A: It is.')
>>> text_paragraphs("Q: One?\\nA: Yes.\\nSecond line.")
('Q: One?', 'A: Yes.', 'Second line.')
>>> text_paragraphs("标题\\n\\n问：是吗？\\n答：是的。\\n第二段。\\n第三段的\\n后半。")
('标题', '问：是吗？', '答：是的。', '第二段。', '第三段的后半。')
"""

from __future__ import annotations

import re

_BLANK = re.compile(r"\n[ \t\u3000\u00a0]*\n")
# A line that opens with something shaped like a label: a capitalised word or quote, a few words, a colon;
# or, in Chinese, a few Han characters (an outlet in 《》 perhaps) and a colon with no sentence punctuation before it.
_LABEL_START = re.compile(
    r"""^\s*["\u201c'\u2018]?[A-Z][^:\uff1a\n]{0,60}[:\uff1a]\s"""
    r"|^\s*[\u300a\u201c]?[\u4e00-\u9fff][^\s\uff0c\u3002\uff1b\uff1a:\uff01\uff1f]{0,24}[:\uff1a]"
)

# Chinese is not hard-wrapped mid-sentence in practice: a line that ends a Chinese sentence ends its paragraph,
# and a line broken between two Han characters is joined without the space English needs.
_CHINESE_SENTENCE_END = re.compile(r"[\u3002\uff01\uff1f\uff1b][\u201d\u300d\uff09]?$")
_HAN_BREAK = re.compile(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]) (?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])")


def _join(lines: list[str]) -> str:
    return _HAN_BREAK.sub("", " ".join(lines))


def text_paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a plain-text transcript, whitespace-normalised, empty ones dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if _BLANK.search(text):
        paragraphs: list[str] = []
        for block in _BLANK.split(text):
            current: list[str] = []
            for line in block.split("\n"):
                if current and (_LABEL_START.match(line) or _CHINESE_SENTENCE_END.search(current[-1])):
                    paragraphs.append(_join(current))
                    current = []
                if line.strip():
                    current.append(line.strip())
            if current:
                paragraphs.append(_join(current))
    else:
        paragraphs = text.split("\n")
    return tuple(p for p in (" ".join(par.split()) for par in paragraphs) if p)
