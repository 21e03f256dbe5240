"""The reading stage's error codes, in one table: a stable code, what went wrong, and what to do.

Codes E1xx are ``InputError`` (the bytes cannot be read as a transcript); E2xx are ``ParseError``
(a readable document whose structure is not a briefing).

>>> err = input_error("E101", "a.txt")
>>> str(err)
'a.txt: empty file [E101] (check that the download or copy finished)'
>>> parse_error("E202", "b.txt", detail="'September 10'").code
'E202'
"""

from __future__ import annotations

from kg.errors import InputError, ParseError

#: code -> (message, hint). Messages may hold ``{detail}``; a code is never reused for another problem.
MESSAGES: dict[str, tuple[str, str]] = {
    "E100": ("no such file or directory", "check the path, or quote a glob so the shell does not expand it"),
    "E101": ("empty file", "check that the download or copy finished"),
    "E102": ("binary file, not a transcript{detail}", "give HTML pages or plain-text transcripts"),
    "E103": ("file too large: {detail}", "split the file, or raise the limit: kg build --max-mb N, or max_bytes="),
    "E104": ("cannot read: {detail}", "check the file's permissions and that it is a regular file"),
    "E105": ("cannot tell the text encoding{detail}", "convert the file to UTF-8 (e.g. iconv -f GBK -t UTF-8)"),
    "E106": ("no transcripts found{detail}", "point at .html or .txt transcripts, or name the files explicitly"),
    "E107": ("a symbolic link to {detail}, which does not exist", "fix the link or remove it"),
    "E201": ("no date in the title or heading{detail}", "add the date to the first line, e.g. 'on May 11, 2018'"),
    "E202": ("the date {detail} has no year", "pass --year YYYY (or year=) for this file"),
    "E203": ("not a briefing: {detail}", "skip this file, or check that it is a press-conference transcript"),
    "E204": ("truncated HTML page: {detail}", "download the page again"),
    "E205": ("no questions and no statements{detail}", "check that the file holds the transcript itself"),
    "E206": ("label with no text: {detail}", "add the question or answer after the label, or delete the label"),
    "E207": ("the date {detail} does not exist", "fix the date in the title"),
    "E208": ("cannot infer the year of {detail}", "pass --year YYYY (or year=) for this file"),
    "E209": ("not a transcript: {detail}", "leave the file out of the build: give transcripts of briefings only"),
    "E210": (
        "fits no institution profile: {detail}",
        "add a profile for its institution to ontology/profiles.ttl (and, for a new layout, a reader in "
        "kg/read/readers.py), or check that the file is a briefing transcript",
    ),
}


def _format(code: str, detail: str) -> tuple[str, str]:
    message, hint = MESSAGES[code]
    return message.format(detail=detail), hint


def input_error(code: str, path: str | None, *, detail: str = "") -> InputError:
    """An ``InputError`` with the table's message and hint for ``code``."""
    message, hint = _format(code, detail)
    return InputError(code, message, path=path, hint=hint)


def parse_error(code: str, path: str | None, *, detail: str = "") -> ParseError:
    """A ``ParseError`` with the table's message and hint for ``code``."""
    message, hint = _format(code, detail)
    return ParseError(code, message, path=path, hint=hint)
