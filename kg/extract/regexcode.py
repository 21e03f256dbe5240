r"""Regular expressions compiled from the ``re`` engine's code where a file holds it, instead of from their text.

Compiling a pattern is parsing it (Python code in ``re._parser``) and translating the tree into the engine's code
(``re._compiler``); the engine itself (``_sre.compile``) takes the code in microseconds. The act lexicon's hundred
cues and fifty grammar patterns cost a new process 0.1-0.2 s to compile; their code, kept in the lexicon's
compiled form (``kg.cache``, keyed by the patterns' text and the Python version), makes that a few
milliseconds. This reads private parts of ``re`` (as ``kg.extract.positions.openings`` does): where they are not
what this module expects, ``code_of`` gives None and the pattern is compiled from its text, with the same result.

>>> code = code_of(parse(r"oppos(?:e|es)(?![\w])", 2), r"oppos(?:e|es)(?![\w])", 2)
>>> register({(code[0], 2): code})
>>> p = compiled(r"oppos(?:e|es)(?![\w])", 2)
>>> p.match("Opposes").group(), p.flags == re.compile(r"oppos(?:e|es)(?![\w])", 2).flags
('Opposes', True)
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from typing import Any

from kg.cache import cache_name, read_cached, write_cached

# The pattern, its flags as compiled, the engine's code, the number of groups less one, group name -> index and
# index -> group name: the arguments of ``_sre.compile``.
Code = tuple[str, int, list[int], int, dict[str, int], tuple[str | None, ...]]

_CODES: dict[tuple[str, int], Code] = {}


def parse(source: str, flags: int) -> Any:
    """The parse tree of a pattern (``re._parser``); ``re.error`` where it is invalid."""
    from re import _parser  # type: ignore[attr-defined]

    return _parser.parse(source, flags)


def code_of(tree: Any, source: str, flags: int) -> Code | None:
    """The engine's code of a parsed pattern, as ``re.compile`` makes it (``re._compiler.compile``), in plain
    values; None where the private API is not what this expects."""
    try:
        from re import _compiler  # type: ignore[attr-defined]

        code = [int(op) for op in _compiler._code(tree, flags)]
        groupindex = {str(k): int(v) for k, v in tree.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        found: Code = (
            source,
            int(flags | tree.state.flags),
            code,
            tree.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        _from_code(found)  # the engine checks the code: a surprise here means "compile from the text"
    except Exception:  # a private API: any surprise means "no code", never a wrong pattern
        return None
    return found


def _from_code(code: Code) -> re.Pattern[str]:
    import _sre

    pattern: re.Pattern[str] = _sre.compile(*code)
    return pattern


def register(codes: dict[tuple[str, int], Code]) -> None:
    """Make these patterns' code known to ``compiled`` for the rest of the process."""
    _CODES.update(codes)


def preload(prefix: str, patterns: Iterable[tuple[str, int]]) -> None:
    """Register the code of every pattern given: read from the file named by exactly these patterns (``kg.cache``)
    where an earlier process wrote one, else made from each pattern's text and written; ``re.error`` for an invalid
    pattern (nothing is written then)."""
    wanted = sorted({(source, int(flags)) for source, flags in patterns})
    name = cache_name(prefix, wanted, derived_by=(sys.modules[__name__],))
    stored: Any = read_cached(name)
    if not (isinstance(stored, list) and all(isinstance(item, tuple) and len(item) == 2 for item in stored)):
        stored = []
        for source, flags in wanted:
            if (code := code_of(parse(source, flags), source, flags)) is not None:
                stored.append((flags, code))
        write_cached(name, stored)
    register({(code[0], flags): code for flags, code in stored})


@functools.cache
def compiled(source: str, flags: int) -> re.Pattern[str]:
    """A pattern, compiled once per process: from its registered code where there is one, else from its text
    (``re``'s own cache holds 512 patterns, shared with all code)."""
    code = _CODES.get((source, flags))
    if code is not None:
        try:
            return _from_code(code)
        except Exception:  # code the engine refuses: the text compiles the same pattern
            pass
    return re.compile(source, flags)
