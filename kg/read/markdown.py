"""Markdown transcripts with a front matter (the White House briefings): its fields, then the body's paragraphs.

The front matter is the YAML block between two ``---`` lines. Only flat ``key: value`` fields are read (plain,
single- or double-quoted scalars, folded over indented lines), which is all a transcript's front matter holds;
no YAML library is needed for that.

>>> fields, body = split_front_matter('---\\ndate: \\'2021-01-22\\'\\ntitle: "Press Briefing by Jen\\\\_Psaki\\\\\\n'
...     '  \\\\ and Brian Deese"\\n---\\n\\nMS. PSAKI:  Good\\nafternoon.\\n')
>>> fields["date"], fields["title"]
('2021-01-22', 'Press Briefing by Jen Psaki and Brian Deese')
>>> markdown_paragraphs(body)
('MS. PSAKI: Good afternoon.',)
"""

from __future__ import annotations

import re

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<head>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>.*)$")
_BLANK = re.compile(r"\n[ \t\u3000\u00a0]*\n")
#: Markdown's backslash escapes ("\[senior administration official\]").
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_YAML_ESCAPES = {"_": " ", "n": "\n", "t": " ", '"': '"', "\\": "\\", "/": "/", " ": " ", "N": " ", "0": ""}
_YAML_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|(.))", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, str], str] | None:
    """The front matter's fields and the body after it; None where the text opens with no front matter."""
    m = _FRONT.match(text.replace("\r\n", "\n"))
    if m is None:
        return None
    fields: dict[str, list[str]] = {}
    key = None
    for line in m.group("head").split("\n"):
        field = _FIELD.match(line)
        if field and not line[:1].isspace():
            key = field.group("key")
            fields[key] = [field.group("value")]
        elif key is not None:
            fields[key].append(line)
    body = text.replace("\r\n", "\n")[m.end() :]
    return {k: _scalar(v) for k, v in fields.items()}, body


def _scalar(lines: list[str]) -> str:
    """A YAML scalar folded over its lines: quotes and escapes resolved, line breaks made spaces."""
    first = lines[0].strip()
    if first.startswith('"'):
        raw = "\n".join(line if i == 0 else line.lstrip() for i, line in enumerate(lines)).strip()
        raw = raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:]
        raw = re.sub(r"\\\n", "", raw)  # an escaped line break joins the lines without a space
        raw = raw.replace("\n", " ")
        return " ".join(_YAML_ESCAPE.sub(_unescape, raw).replace("\u2060", "").split())
    joined = " ".join(line.strip() for line in lines).strip()
    if joined.startswith("'") and joined.endswith("'") and len(joined) > 1:
        joined = joined[1:-1].replace("''", "'")
    return joined


def _unescape(m: re.Match[str]) -> str:
    if m.group(1) or m.group(2):
        char = chr(int(m.group(1) or m.group(2), 16))
        return " " if char == "\u00a0" else char
    return _YAML_ESCAPES.get(m.group(3), m.group(3))


def markdown_paragraphs(body: str) -> tuple[str, ...]:
    """The body's paragraphs: blocks split by blank lines, hard-wrapped lines joined, escapes and runs of
    spaces undone, empty blocks dropped."""
    out = []
    for block in _BLANK.split(body):
        text = " ".join(_MD_ESCAPE.sub(r"\1", block).replace("\u00a0", " ").split())
        if text:
            out.append(text)
    return tuple(out)
