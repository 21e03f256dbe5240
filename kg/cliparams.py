"""What the commands of ``kg`` (``kg.cli``, ``kg.cliviews``, ``kg.clieval``) share: their parameter types that are
more than click's own, the options several take (``--store``, ``--no-export``, the view filters), and how they
print a message or fail.

>>> choice = LazyChoice("kg.export.html", "SIZE_BY")
>>> choice.made is None, "weight" in choice.choice().choices
(True, True)
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from kg.errors import KGError
from kg.explain import one_line, printable
from kg.views.filter import FIELDS, ViewFilter

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


console = Console(stderr=True)


def fail(err: KGError) -> None:
    """Print ``err`` on one line of stderr and leave with status 2."""
    line("error:", "red", err, err=True)
    sys.exit(2)


def line(tag: str, colour: str, what: KGError | str, *, err: bool = False) -> None:
    """One line, never wrapped or read as markup: file names and transcript text may hold anything."""
    text = one_line(what) if isinstance(what, KGError) else printable(what)
    click.echo(f"{click.style(tag, fg=colour)} {text}", err=err)


DEFAULT_STORE = Path("output")
OLD_STORE_SPELLING = "--out"


def store_option(*, old_spelling: bool) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--store DIR``, the output folder that holds the store (and a build's exports), as every command names it.

    Six commands called it ``--out`` until 0.1, where three others' ``--out`` is the file they write: with
    ``old_spelling`` that ``--out`` is still read, hidden, with a warning, for one release.
    """
    folder = click.Path(file_okay=False, path_type=Path)
    help_text = "The output folder that holds the store (and the exports a build writes)."
    if not old_spelling:
        return click.option(
            "--store", "store_dir", type=folder, default=DEFAULT_STORE, show_default=True, help=help_text
        )

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def with_store(*args: Any, store_dir: Path | None, old_store_dir: Path | None, **kwargs: Any) -> None:
            if old_store_dir is not None:
                if store_dir is not None:
                    raise click.UsageError("give the store folder once, as --store (--out is its old spelling)")
                line("warning:", "yellow", f"{OLD_STORE_SPELLING} naming the store folder is now --store", err=True)
                store_dir = old_store_dir
            command(*args, store_dir=store_dir or DEFAULT_STORE, **kwargs)

        hidden = click.option(OLD_STORE_SPELLING, "old_store_dir", type=folder, hidden=True)
        shown = click.option("--store", "store_dir", type=folder, show_default=str(DEFAULT_STORE), help=help_text)
        return shown(hidden(with_store))

    return decorate


NO_EXPORT_OPTION = click.option(
    "--no-export", "no_export", is_flag=True, help="Update the store only: no graph.* exports, no overview."
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2020-03-24") from None


def filter_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every view, export and report takes: one per field of ``kg.views.filter.FIELDS`` (named as
    the query parameter), and the two graph cuts; they become one ``ViewFilter``."""
    options = [
        click.option(f"--{field.param}", field.attr, help=field.help)
        if field.type != "date"
        else click.option(f"--{field.param}", field.attr, callback=_date, metavar="DATE", help=field.help)
        for field in FIELDS
    ]
    options += [
        click.option(
            "--min-weight", type=click.IntRange(min=1), default=1, show_default=True, help="Drop lighter edges."
        ),
        click.option("--top", type=click.IntRange(min=1), help="Keep only the N heaviest nodes."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def view_filter(options: dict[str, Any], *, top: int | None = None) -> ViewFilter:
    """The ``ViewFilter`` of a command's ``filter_options`` (``top``: the command's own default cut)."""
    return ViewFilter(
        **{field.attr: options.get(field.attr) for field in FIELDS},
        min_weight=options.get("min_weight") or 1,
        top=options["top"] if options.get("top") is not None else top,
    )


VIEW_CHOICE = LazyChoice("kg.network", "VIEWS")
