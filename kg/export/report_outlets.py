"""The report's charts by outlet type (``pk:outletType``, ontology/outlet-types.ttl): who asks about what, and
the stance index toward the most-discussed countries in answers to each type's questions.

Each is drawn from named queries only (``report-topics-by-outlet-type``, ``report-stance-index-by-outlet-type``,
``report-most-targeted-countries``, ``report-exchanges-by-month``), whose rows the page prints beneath it.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.export.report import (
    TOP_STANCE,
    Section,
    _figure_svg,
    _label,
    _number,
    _period,
    label_cells,
    outlet_population,
    run_named,
)
from kg.views.filter import ViewFilter

# A colour per outlet type (by the last segment of its IRI), the same on every report; a type added to
# ontology/outlet-types.ttl later is drawn in one of the spare colours.
TYPE_COLOURS = {"state-media": "#d62728", "wire-service": "#2ca02c", "newspaper": "#ff7f0e",
                "broadcaster": "#1f77b4", "magazine-online": "#17becf", "unlisted": "#7f7f7f"}  # fmt: skip
SPARE_COLOURS = ("#9467bd", "#8c564b", "#e377c2", "#bcbd22")


def topics_by_outlet_type_section(store: ox.Store, filters: ViewFilter) -> Section:
    """A grid of outlet types by topic: each cell the exchanges of the type about the topic, shaded by the share
    of the type's topic links it holds (types differ in size: the shade compares their mixes)."""
    run = run_named(store, "report-topics-by-outlet-type", filters)
    coverage = run_named(store, "report-exchanges-by-month", filters)
    types = sorted({_label(r, "outletTypeLabel", "outletType") for r in run.rows})
    topics = sorted({_label(r, "topicNotation", "topicNode") for r in run.rows})
    grid = {
        (_label(r, "outletTypeLabel", "outletType"), _label(r, "topicNotation", "topicNode")): _number(r["exchanges"])
        for r in run.rows
    }
    svg = None
    if types and topics:

        def draw(fig: Any) -> None:
            ax = fig.subplots()
            counts = [[grid.get((k, t), 0) for t in topics] for k in types]
            shares = [[v / (sum(row) or 1) for v in row] for row in counts]
            image = ax.imshow(shares, cmap="Oranges", aspect="auto", vmin=0)
            ax.set_xticks(range(len(topics)), labels=topics, rotation=90)
            rows = [f"{k} ({sum(row):,})" for k, row in zip(types, counts, strict=True)]
            ax.set_yticks(range(len(types)), labels=rows)
            label_cells(ax, counts, shares)
            fig.colorbar(image, ax=ax, label="share of the type's topic links", shrink=0.8)

        svg = _figure_svg(draw, width=max(6, 0.36 * len(topics) + 3.5), height=0.5 * len(types) + 2.2)
    return Section(
        "outlet-types",
        "Who asks about what: topics by outlet type",
        svg,
        (run, coverage),
        "Each row is one type of outlet (state media, wire service, newspaper, broadcaster, magazine or online "
        "outlet; 'not in the gazetteer' for outlets ontology/outlets.ttl does not list), each cell the exchanges "
        "its outlets asked about the topic; the number beside the type sums its row (an exchange about two topics "
        "counts for both). The shade is the cell's share of its row, so rows of different sizes compare.",
        outlet_population(coverage),
    )


def stance_by_outlet_type_section(store: ox.Store, filters: ViewFilter) -> Section:
    """Per most-discussed country, one bar per outlet type: the mean Goldstein weight of the positions taken
    toward it in answers to that type's questions, over the whole period."""
    run = run_named(store, "report-stance-index-by-outlet-type", filters)
    labels = {row["target"]: _label(row, "label", "target") for row in run.rows}
    discussed: dict[str | None, int] = defaultdict(int)
    for row in run.rows:
        discussed[row["target"]] += _number(row["positions"])
    top = sorted(discussed, key=lambda t: (-discussed[t], labels[t]))[:TOP_STANCE]
    totals: dict[tuple[str | None, str | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in run.rows:
        if row["target"] in top:
            total = totals[(row["outletType"], row["target"])]
            total[0] += float(row["stance"] or 0)
            total[1] += _number(row["positions"])
    type_labels = {row["outletType"]: _label(row, "outletTypeLabel", "outletType") for row in run.rows}
    types = sorted({kind for kind, _ in totals}, key=lambda t: type_labels[t])
    months = sorted({_label(r, "month") for r in run.rows if r["target"] in top})
    svg = None
    if top and types:
        spare = iter(SPARE_COLOURS * len(types))
        colours = {type_labels[t]: TYPE_COLOURS.get(str(t).rsplit("/", 1)[-1]) or next(spare) for t in types}

        def draw(fig: Any) -> None:
            ax = fig.subplots()
            width = 0.8 / len(types)
            for i, kind in enumerate(types):
                xs, means, counts = [], [], []
                for j, target in enumerate(top):
                    stance, positions = totals.get((kind, target), (0.0, 0.0))
                    if positions:
                        xs.append(j - 0.4 + width * (i + 0.5))
                        means.append(stance / positions)
                        counts.append(int(positions))
                ax.bar(xs, means, width=width * 0.95, color=colours[type_labels[kind]], label=type_labels[kind])
                for x, mean, n in zip(xs, means, counts, strict=True):
                    ax.text(x, mean, str(n), ha="center", va="bottom" if mean >= 0 else "top", fontsize=6)
            ax.axhline(0, color="#999", linewidth=0.8)
            ax.set_ylim(-10.5, 10.5)
            ax.set_xticks(range(len(top)), labels=[textwrap.fill(labels[t], 18) for t in top])
            ax.set_ylabel("mean Goldstein weight of the positions\n(-10 conflictual, +10 cooperative)")
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="asked by")
            ax.spines[["top", "right"]].set_visible(False)

        svg = _figure_svg(draw, width=10, height=4.2)
    counted = sum(int(n) for _, n in totals.values())
    lines = tuple(
        f"{type_labels[t]} ({sum(int(totals[(t, c)][1]) for c in top if (t, c) in totals):,} positions): the rows of "
        f"report-stance-index-by-outlet-type whose outletType is {t}"
        for t in types
    )
    return Section(
        "stance-by-outlet-type",
        f"The stance index toward the {len(top)} countries most discussed with named outlets, by who asked",
        svg,
        (run,),
        "Each bar is the mean Goldstein weight (ontology/cameo.ttl) of the positions taken toward the country in "
        "answers to questions from one type of outlet: the query's stance summed over the months, divided by its "
        "positions; the number on the bar is how many positions it averages.",
        f"Counts the {counted:,} positions toward these {len(top)} countries whose act has a CAMEO code, stated in "
        f"answers to questions that name their outlet, {_period(months)}, at dated briefings; the countries are "
        "the ones these answers take most positions toward.",
        lines,
    )
