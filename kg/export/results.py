"""Query results as text: a terminal table, CSV, TSV and SPARQL 1.1 JSON, by format name.

>>> import pyoxigraph as ox
>>> from kg.store import QueryResult
>>> r = QueryResult(variables=("n",), rows=((ox.Literal("3", datatype=ox.NamedNode(XSD_INTEGER)),),))
>>> print(format_result(r, "csv").strip())
n
3
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespace import XSD
from kg.store import QueryResult, Term

XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"


def _lexical(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


def _csv(result: QueryResult, delimiter: str = ",") -> str:
    if result.boolean is not None:
        return _boolean(result.boolean)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows([_lexical(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    # SPARQL 1.1 TSV: terms in their Turtle/N-Triples form, so IRIs and literals stay distinguishable.
    if result.boolean is not None:
        return _boolean(result.boolean)
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def _boolean(value: bool) -> str:
    # SPARQL 1.1 CSV and TSV define no boolean form; a bare true/false, as Oxigraph and Jena write it.
    return "true\n" if value else "false\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows
    ]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, indent=2) + "\n"


def _table(result: QueryResult) -> str:
    from rich.console import Console
    from rich.table import Table

    if result.boolean is not None:
        return "yes\n" if result.boolean else "no\n"
    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*(_short(_lexical(t)) for t in row))
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(table)
    console.print(f"{len(result.rows)} row(s)")
    text = console.export_text()
    return text if text.endswith("\n") else text + "\n"


def _short(text: str, width: int = 90) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


# Control characters other than tab and newline: in text from transcripts they are noise at best, and on a terminal
# ESC and the C1 controls can move the cursor, set the window title or hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_terminal(text: str) -> str:
    r"""``text`` with control characters shown as ``\xNN`` escapes instead of acted on by a terminal.

    >>> for_terminal("Beijing\x1b]0;pwned\x07 ok\tfine\n")
    'Beijing\\x1b]0;pwned\\x07 ok\tfine\n'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


RESULT_FORMATS: dict[str, Callable[[QueryResult], str]] = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result in one of ``RESULT_FORMATS``, ending with a newline.

    >>> all(format_result(QueryResult(("n",), ()), fmt).endswith("\\n") for fmt in RESULT_FORMATS)
    True
    """
    try:
        render = RESULT_FORMATS[fmt]
    except KeyError:
        raise QueryError(
            "E408", f"unknown result format {fmt!r}", hint=f"use one of: {', '.join(RESULT_FORMATS)}"
        ) from None
    if result.triples:
        text = bytes(ox.serialize(result.triples, format=ox.RdfFormat.TURTLE) or b"").decode()
    else:
        text = render(result)
    # every format ends its last line, so a shell prompt or a `cat` of two results starts on a new line
    return text if text.endswith("\n") else text + "\n"
