"""Command-line parameter types of ``kg`` (``kg.cli``) that are more than click's own.

>>> choice = LazyChoice("kg.export.html", "SIZE_BY")
>>> choice.made is None, "weight" in choice.choice().choices
(True, True)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # generic from click 8.2 on; pyproject allows 8.1
    _ParamType = click.ParamType[Any, Any]
else:
    _ParamType = click.ParamType


class LazyChoice(_ParamType):
    """A choice among the names a module defines (``names``, a mapping or sequence of ``module``), imported when a
    command is parsed or its help shown, not when ``kg`` starts: the network views and the pages import networkx (a
    quarter second), which a build needs not. Everything is the ``click.Choice`` of those names, made at first use.
    """

    name = "choice"

    def __init__(self, module: str, names: str) -> None:
        self.where = (module, names)
        self.made: click.Choice[str] | None = None

    def choice(self) -> click.Choice[str]:
        if self.made is None:
            module, names = self.where
            self.made = click.Choice(sorted(getattr(importlib.import_module(module), names)))
        return self.made

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return self.choice().get_metavar(param, ctx)

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str | None:
        return self.choice().get_missing_message(param, ctx)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return self.choice().convert(value, param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        return self.choice().shell_complete(ctx, param, incomplete)

    def to_info_dict(self) -> Any:
        return self.choice().to_info_dict()
