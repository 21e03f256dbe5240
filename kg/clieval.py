"""The commands of ``kg`` that measure the extractor: ``eval`` (scores against gold annotations) and ``precision``
(a sample of positions to judge by hand, and its score). ``kg.cli`` adds them to its group."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kg.cliparams import console, fail, line
from kg.errors import KGError


@click.command("eval")
@click.option(
    "--gold",
    "gold",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold annotations (JSONL, shared/spec/annotation.md); may be given several times.",
)
@click.option(
    "--other",
    "other",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A second reader's annotation of the gold's pages, scored instead of the extractor (PATHS unused): "
    "how far two readers agree.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.argument("paths", nargs=-1)
def evaluate(gold: tuple[str, ...], other: tuple[str, ...], as_json: bool, paths: tuple[str, ...]) -> None:
    """Score extraction of PATHS (default: seeds/) against gold annotations."""
    import json

    from kg.agreement import agreement
    from kg.evaluate import evaluate as run_evaluation

    try:
        result = agreement(gold, other) if other else run_evaluation(gold, paths or ("seeds/",))
    except KGError as err:
        fail(err)
        return
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    title = "kg eval: a second reader against the gold" if other else "kg eval"
    table = Table("measure", "precision", "recall", "F1", title=title)
    table.add_row("exchanges found", "", f"{result.found_exchanges}/{result.gold_exchanges}", "")
    table.add_row("outlet accuracy", "", "", f"{result.outlet_accuracy:.3f}")
    for name, score in result.scores.items():
        table.add_row(name.replace("_", " "), f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}")
    Console().print(table)
    where = "in the second reader's files" if other else "among the paths"
    for name in result.missing_documents:
        console.print(f"[yellow]not found {where}:[/yellow] {name}", highlight=False)


@click.group("precision")
def precision() -> None:
    """Sampled precision of positions on pages no gold covers (tests/gold/README.md)."""


@precision.command("sample")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The JSONL file to write.")
@click.option("--size", default=100, show_default=True, help="How many positions to draw.")
@click.option("--seed", default=12, show_default=True, help="The random seed (the same seed draws the same sample).")
def precision_sample(corpus: str, out: str, size: int, seed: int) -> None:
    """Draw SIZE positions at random from CORPUS's pages outside every gold, development and test set."""
    from kg.precision import sample_positions, write_sample

    count = write_sample(sample_positions(Path(corpus), size, seed), Path(out))
    click.echo(
        f"wrote {count} positions to {out}: fill act_correct, target_correct and note, then `kg precision score`"
    )


@precision.command("score")
@click.argument("judged", type=click.Path(exists=True, dir_okay=False))
def precision_score(judged: str) -> None:
    """Act and (act, target) precision of a judged sample."""
    from kg.precision import read_judged, score_judged

    rows, invalid = read_judged(Path(judged))
    if invalid:
        lines = ", ".join(map(str, invalid[:10])) + (" ..." if len(invalid) > 10 else "")
        line("error:", "red", f"{judged}: lines {lines} are not JSON objects judged with true, false or null", err=True)
        click.echo("fix those lines (null: not judged) and score again", err=True)
        sys.exit(2)
    result = score_judged(rows)
    click.echo(f"lines {result.lines}")
    click.echo(f"act precision {result.act_precision:.3f} ({result.acts_correct}/{result.judged_acts} judged)")
    click.echo(
        f"act-target precision {result.pair_precision:.3f} ({result.pairs_correct}/{result.judged_pairs} judged)"
    )
