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

import errno
import os
from pathlib import Path

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
    "E108": ("a loop of symbolic links", "make one of the links point to a file, or remove it"),
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
    "E212": ("the date {detail} has a year outside 1900-2099", "fix the year in the title"),
    "E213": ("web page too costly to read: {detail}", "check that it is a saved briefing page, not generated markup"),
    "E214": ("reading it took longer than {detail}", "check that it is a briefing transcript; split it if it is"),
    "E230": (
        "reading it needed more memory than its budget of {detail}",
        "check that it is a briefing transcript; split it if it is (the budget grows with the file's size)",
    ),
    "E231": (
        "its reader process died: {detail}",
        "check that it is a briefing transcript; split it if it is, or report the file with the message",
    ),
}


def _format(code: str, detail: str) -> tuple[str, str]:
    message, hint = MESSAGES[code]
    return message.format(detail=detail), hint


def input_error(code: str, path: str | None, *, detail: str = "") -> InputError:
    """An ``InputError`` with the table's message and hint for ``code``."""
    message, hint = _format(code, detail)
    return InputError(code, message, path=path, hint=hint)


def link_error(path: Path, name: str) -> InputError:
    """The error for a symbolic link that leads nowhere: to a missing file (E107) or round a loop (E108)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return input_error("E108", name)
    return input_error("E107", name, detail=repr(os.readlink(path)))


def parse_error(code: str, path: str | None, *, detail: str = "") -> ParseError:
    """A ``ParseError`` with the table's message and hint for ``code``."""
    message, hint = _format(code, detail)
    return ParseError(code, message, path=path, hint=hint)
