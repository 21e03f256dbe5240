"""Errors as users see them: one printable line that says what to do next, and the table of every code.

An error prints as ``PATH: message [CODE] (what to do)``. Where the code that raised it gave no hint, the
kind of error supplies one, so no printed error leaves the user without a next step. Characters that would
break the line or fool the terminal (newlines, escape sequences, bidirectional overrides, say in a file's
name) are shown escaped.

The table of codes is read from the source itself, so it cannot drift from what the package raises:
``python -m kg.explain > docs/errors.md`` writes it, and a test checks that the committed file is current.

>>> from kg.errors import StoreError
>>> one_line(StoreError("E306", "the store failed: disk\\nfull"))
"the store failed: disk\\\\nfull [E306] (check the output folder's permissions and free space, then build again)"
>>> one_line(InputError("E101", "empty file", path="a\\x1b[31m.txt", hint="check it"))
'a\\\\x1b[31m.txt: empty file [E101] (check it)'
"""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ExportError, InputError, KGError, OntologyError, ParseError, QueryError, StoreError
from kg.read.codes import MESSAGES

#: What to do next, by kind of error, for the errors raised without a hint of their own.
DEFAULT_HINTS: dict[type[KGError], str] = {
    InputError: "check the file, or leave it out of the build",
    ParseError: "check that the file is a press-briefing transcript",
    StoreError: "check the output folder's permissions and free space, then build again",
    QueryError: "check the query; `kg queries` lists the named ones and their parameters",
    ExportError: "check the format name and that the target folder is writable",
    OntologyError: "fix the named file in ontology/ (a gazetteer, cue or scheme)",
}
#: The two helpers of the reading stage that raise errors from the table in kg/read/codes.py.
TABLE_HELPERS: dict[str, type[KGError]] = {"input_error": InputError, "parse_error": ParseError}
ERROR_CLASSES: dict[str, type[KGError]] = {
    cls.__name__: cls for cls in (InputError, ParseError, StoreError, QueryError, ExportError, OntologyError)
}
#: The first digit of a code says the kind of error.
CODE_RANGES: dict[str, type[KGError]] = {
    "1": InputError,
    "2": ParseError,
    "3": StoreError,
    "4": QueryError,
    "5": OntologyError,
    "6": ExportError,
}
CODE = re.compile(r"^E\d{3}$")
PACKAGE = Path(__file__).resolve().parent
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def hint_of(err: KGError) -> str:
    """The error's own hint, or its kind's."""
    if err.hint:
        return err.hint
    kind = next((cls for cls in type(err).__mro__ if cls in DEFAULT_HINTS), None)
    return DEFAULT_HINTS[kind] if kind is not None else "see docs/errors.md"


def printable(text: str) -> str:
    """``text`` on one line: control, line-separator and bidirectional-override characters escaped.

    >>> printable("a\\nb\\u202ec")
    'a\\\\nb\\\\u202ec'
    """
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
        return ch.encode("unicode_escape").decode("ascii")
    return ch


def one_line(err: KGError) -> str:
    """How the CLI prints ``err``: one line, naming the file where there is one, with what to do next."""
    where = f"{err.path}: " if err.path else ""
    return printable(f"{where}{err.message} [{err.code}] ({hint_of(err)})")


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One code as the source raises it: its kind, message and hint (``{...}`` where filled in at run time)."""

    code: str
    kind: str
    message: str
    hint: str | None
    sites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Site:
    code: str
    kind: str
    message: str
    hint: str | None
    where: str


def error_codes(package: Path = PACKAGE) -> dict[str, list[ErrorCode]]:
    """Every code raised in ``package``, each with one entry per distinct (kind, message, hint) it is raised with.

    A code raised with two meanings has two entries, which ``check_codes`` reports; a call whose code is not a
    literal is reported under the key ``"?"``.

    >>> codes = error_codes()
    >>> [(c.kind, c.message) for c in codes["E101"]]
    [('InputError', 'empty file')]
    """
    sites: list[_Site] = []
    for path in sorted(package.rglob("*.py")):
        if path == package / "read" / "codes.py":  # the table itself: its codes are added from MESSAGES below
            continue
        where = path.relative_to(package.parent).as_posix()
        sites.extend(_sites(ast.parse(path.read_text(encoding="utf-8")), where))
    for code, (message, hint) in MESSAGES.items():  # documented in the table even where nothing raises it yet
        if not any(s.code == code for s in sites):
            kind = "ParseError" if code.startswith("E2") else "InputError"
            sites.append(_Site(code, kind, message.replace("{detail}", "{...}"), hint, "kg/read/codes.py"))
    grouped: dict[str, dict[tuple[str, str, str | None], list[str]]] = {}
    for site in sites:
        grouped.setdefault(site.code, {}).setdefault((site.kind, site.message, site.hint), []).append(site.where)
    return {
        code: [ErrorCode(code, kind, message, hint, tuple(where)) for (kind, message, hint), where in meanings.items()]
        for code, meanings in sorted(grouped.items())
    }


def _sites(tree: ast.AST, where: str) -> list[_Site]:
    out: list[_Site] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        name = node.func.id
        if name not in ERROR_CLASSES and name not in TABLE_HELPERS:
            continue
        first = node.args[0] if node.args else None
        code = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "?"
        site = f"{where}:{node.lineno}"
        if name in TABLE_HELPERS:
            message, hint = MESSAGES.get(code, ("(not in kg/read/codes.py)", None))
            out.append(_Site(code, TABLE_HELPERS[name].__name__, message.replace("{detail}", "{...}"), hint, site))
            continue
        message_node = node.args[1] if len(node.args) > 1 else None
        hint_node = next((k.value for k in node.keywords if k.arg == "hint"), None)
        out.append(_Site(code, name, _render(message_node) or "", _render(hint_node), site))
    return out


def _render(node: ast.expr | None) -> str | None:
    """A message as written in the source, with ``{...}`` for what is filled in at run time."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{...}" for v in node.values)
    return "{...}"


def check_codes(codes: dict[str, list[ErrorCode]]) -> list[str]:
    """Problems with the codes: not a literal, malformed, used for two meanings, or in the wrong range.

    >>> check_codes(error_codes())
    []
    """
    problems: list[str] = []
    for code, meanings in codes.items():
        sites = ", ".join(s for m in meanings for s in m.sites)
        if not CODE.match(code):
            problems.append(f"{sites}: the error code {code!r} is not a literal of the form E123")
            continue
        if len(meanings) > 1:
            problems.append(f"{code} is raised with {len(meanings)} different messages or kinds: {sites}")
        expected = CODE_RANGES.get(code[1])
        for meaning in meanings:
            if expected is None or meaning.kind != expected.__name__:
                problems.append(f"{code} is a {meaning.kind} but E{code[1]}xx codes are for {expected}: {sites}")
    return problems


def errors_markdown(codes: dict[str, list[ErrorCode]] | None = None) -> str:
    """The table of every error code, as committed in ``docs/errors.md``."""
    codes = error_codes() if codes is None else codes
    lines = [
        "# Error codes",
        "",
        "Every error presskg raises on purpose prints as one line: `PATH: message [CODE] (what to do)`.",
        "A code is stable and never reused for another problem; `{...}` stands for what is filled in at run time.",
        "Where the code that raises an error gives no hint, the kind of error gives one (marked *by kind*).",
        "",
        "Generated from the source by `python -m kg.explain > docs/errors.md`; `tests/test_errors_doc.py` checks",
        "that this file is current, that every code is unique and in its kind's range.",
        "",
        "| kind | codes |",
        "|---|---|",
        *(f"| {cls.__name__} | E{digit}xx |" for digit, cls in CODE_RANGES.items()),
        "",
        "| code | kind | message | what to do | raised in |",
        "|---|---|---|---|---|",
    ]
    for code, meanings in codes.items():
        for m in meanings:
            what_next = m.hint if m.hint else f"*by kind:* {DEFAULT_HINTS[ERROR_CLASSES[m.kind]]}"
            where = ", ".join(sorted({s.rsplit(":", 1)[0] for s in m.sites}))
            cells = (code, m.kind, _cell(m.message), _cell(what_next), where)
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(errors_markdown(), end="")
