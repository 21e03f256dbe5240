"""One exception hierarchy. Every message names the thing at fault and says what to do next.

>>> err = InputError("E101", "empty file", path="a.txt", hint="check the download")
>>> str(err)
'a.txt: empty file [E101] (check the download)'
"""

from __future__ import annotations


class KGError(Exception):
    """Base of every error presskg raises on purpose.

    ``code`` is stable (users may grep logs for it); ``path`` names the file at fault, where there is one.
    """

    def __init__(self, code: str, message: str, *, path: str | None = None, hint: str | None = None) -> None:
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        what_next = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message} [{self.code}]{what_next}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive pickling by default; process pools need them to.
        return (_rebuild, (type(self), self.code, self.message, self.path, self.hint))


def _rebuild(cls: type[KGError], code: str, message: str, path: str | None, hint: str | None) -> KGError:
    return cls(code, message, path=path, hint=hint)


class InputError(KGError):
    """A path that cannot be read, or bytes that are not a transcript we can decode."""


class ParseError(KGError):
    """A readable document whose structure (date, turns, labels) cannot be recognised."""


class StoreError(KGError):
    """The embedded store or a remote endpoint failed, is busy or is out of reach."""


class QueryError(KGError):
    """A SPARQL query that is malformed, unknown by name, or missing a parameter."""


class ExportError(KGError):
    """An export format that is unknown or a file that cannot be written."""


class OntologyError(KGError):
    """A gazetteer, cue or ontology file in ``ontology/`` that is malformed."""
