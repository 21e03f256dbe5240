"""Error codes: each unique to one problem and kind, each documented in docs/errors.md, each printed on one line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError, KGError, OntologyError, ParseError, QueryError, StoreError
from kg.explain import DEFAULT_HINTS, check_codes, error_codes, errors_markdown, one_line
from kg.read.codes import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"


def test_every_code_is_unique_and_in_its_kinds_range() -> None:
    assert check_codes(error_codes()) == []


def test_docs_errors_md_is_current() -> None:
    # Regenerate with: python -m kg.explain > docs/errors.md
    assert DOC.read_text(encoding="utf-8") == errors_markdown(), "docs/errors.md is stale: python -m kg.explain"


def test_every_raised_code_is_in_the_docs_table() -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    documented = {line.split("|")[1].strip() for line in lines if line.startswith("| E")}
    raised = set(error_codes())
    assert raised <= documented
    assert set(MESSAGES) <= documented


def test_the_check_catches_a_reused_code(tmp_path: Path) -> None:
    # A test that could not fail would prove nothing: a package that reuses a code, misfiles one, or hides one.
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text(
        "def f(x):\n"
        "    raise StoreError('E399', 'the disk is full')\n"
        "def g(x):\n"
        "    raise StoreError('E399', 'the lock is held')\n"
        "def h(x):\n"
        "    raise QueryError('E398', 'bad query')\n"
        "def i(code):\n"
        "    raise QueryError(code, 'unknowable')\n",
        encoding="utf-8",
    )
    problems = check_codes(error_codes(package))
    assert any("E399" in p and "2 different" in p for p in problems)
    assert any("E398" in p and "QueryError" in p for p in problems)
    assert any("'?'" in p and "a.py:8" in p for p in problems)


def test_every_error_site_names_a_literal_code() -> None:
    # The scan in kg.explain must see every raise: no error class is called with a computed code (except the
    # reading stage's two table helpers, which take the code they are given).
    names = {"InputError", "ParseError", "StoreError", "QueryError", "ExportError", "OntologyError"}
    for path in (ROOT / "kg").rglob("*.py"):
        if path.name == "codes.py" and path.parent.name == "read":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant), f"{path}:{node.lineno}"


@pytest.mark.parametrize(
    "error",
    [
        InputError("E101", "empty file", path="in/a\nb.txt", hint="check it"),
        ParseError("E203", "not a briefing: \x1b[2J\u202egnp.exe", path="page.html"),
        StoreError("E306", "the store failed: line one\r\nline two"),
        QueryError("E401", "invalid SPARQL: error at 1:1\u2028more"),
        OntologyError("E533", "act x: invalid pattern: missing )", path="ontology/acts.ttl"),
    ],
)
def test_printed_errors_are_one_line_with_what_to_do(error: KGError) -> None:
    line = one_line(error)
    assert line.isprintable(), line
    assert f"[{error.code}]" in line
    assert line.endswith(")") and (error.hint or DEFAULT_HINTS[type(error)]) in line
    if error.path:
        assert line.startswith(error.path.replace("\n", "\\n"))


def test_cli_errors_are_one_line_name_the_file_and_say_what_to_do(tmp_path: Path) -> None:
    runner = CliRunner()
    none = tmp_path / "none"
    latin = tmp_path / "latin.rq"
    latin.write_bytes("SELECT * WHERE { ?s ?p 'caf\u00e9' }".encode("latin-1"))
    cases = [
        (["query", "--name", "no-such-query", "--store", str(none)], "E404", None),
        (["stats", "--store", str(none)], "E301", str(none)),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(none)], "E301", str(none)),
        (["query", "--file", str(tmp_path / "missing.rq"), "--store", str(none)], "E410", "missing.rq"),
        (["query", "--file", str(latin), "--store", str(none)], "E413", "latin.rq"),
        (["export", "--format", "rdfxml", "--store", str(none)], "E600", None),
        (["build", str(tmp_path / "gone\n\x1b[2Jdir"), "--strict", "--store", str(none)], "E100", "gone\\n\\x1b[2Jdir"),
    ]
    for args, code, names in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, (args, result.stderr)
        line = lines[0]
        assert line.startswith("error: ") and f"[{code}] (" in line and line.endswith(")"), line
        assert line.isprintable(), line
        if names:
            assert names in line, line
