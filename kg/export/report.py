"""The report: one self-contained HTML page of charts, each drawn from a named SPARQL query in ``kg/queries/``.

Beneath every chart the page prints the query's name, the ``kg query`` command that reruns it with the same
filters, its SPARQL, and the rows it returned: every number on the page is one of those rows. Charts are drawn
with matplotlib as SVG and embedded as ``data:`` images (an image cannot run a script); all text is escaped. This
module builds the sections (``build_report``); ``kg.export.report_page`` writes the page.

>>> sorted(SECTIONS)
['activity', 'compare', 'outlet-types', 'quoted', 'stance', 'stance-by-outlet-type', 'targets', 'topic-mix',
 'topics-by-spokesperson']
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import viewquery
from kg.profiles import load_profiles
from kg.views.filter import ViewFilter

Rows = list[dict[str, str | None]]

TOP_COUNTRIES = 4  # the most-targeted countries charted month by month
TOP_STANCE = 6  # the most-targeted countries whose stance index the first chart follows
TOP_OUTLETS = 15
QUOTED_PER_ACT = 10


@dataclass(frozen=True, slots=True)
class QueryRun:
    """One named query as run for the report: its name, the parameters bound, and the rows it returned."""

    name: str
    params: dict[str, str]
    rows: Rows

    def command(self) -> str:
        """The ``kg query`` command that reruns it."""
        args = "".join(f" --param {k}={_shell(v)}" for k, v in self.params.items())
        return f"kg query --name {self.name}{args} --format csv"


def _shell(value: str) -> str:
    import shlex

    return shlex.quote(value)


@dataclass(frozen=True, slots=True)
class Section:
    """One chart (an SVG, or None where there is nothing to draw) with the queries its numbers came from."""

    key: str
    title: str
    svg: bytes | None
    runs: tuple[QueryRun, ...]
    note: str = ""
    population: str = ""  # what the chart counts and the period it covers, printed above it
    lines: tuple[str, ...] = ()  # per line of the chart, the query rows that draw it


def run_named(store: ox.Store, name: str, filters: ViewFilter) -> QueryRun:
    """Run a report query with the filter's parameters, keeping what is needed to print and rerun it."""
    bindings = filters.bindings()
    rows = viewquery.run_named(store, name, bindings).lexical()
    return QueryRun(name, {k: str(v.value) for k, v in bindings.items()}, rows)


def _number(value: str | None) -> int:
    return int(value) if value else 0


def _label(row: dict[str, str | None], *names: str) -> str:
    for name in names:
        if row.get(name):
            return str(row[name])
    return "?"


# ---------------------------------------------------------------- charts


def month_range(months: Sequence[str]) -> list[str]:
    """Every month from the first to the last of ``months`` (``YYYY-MM``), so gaps show as gaps.

    >>> month_range(["2019-11", "2020-02"])
    ['2019-11', '2019-12', '2020-01', '2020-02']
    """
    if not months:
        return []
    year, month = map(int, min(months).split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= max(months):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def label_cells(ax: Any, counts: list[list[int]], shades: list[list[float]] | list[list[int]]) -> None:
    """Write each non-zero count in its heat-map cell, white on the darker half of the shades (what the cell's
    colour shows), black elsewhere."""
    peak = max((v for row in shades for v in row), default=0)
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            if value:
                colour = "white" if shades[i][j] > peak / 2 else "black"
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7, color=colour)


def _figure_svg(draw: Callable[[Any], None], *, width: float, height: float) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    # text from the graph (outlet names, topics) is shown as written: "$" must not start mathtext
    with plt.rc_context({"text.parse_math": False, "svg.hashsalt": "presskg", "font.size": 9}):
        fig = plt.figure(figsize=(width, height))
        try:
            draw(fig)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()


def _colours(names: Sequence[str]) -> dict[str, Any]:
    import matplotlib

    # two qualitative maps of 20 colours each: enough for the 13 acts and the 30 topics without repeats
    palette = [matplotlib.colormaps[m](i) for m in ("tab20", "tab20b") for i in range(20)]
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def _stance_section(store: ox.Store, filters: ViewFilter) -> Section:
    ranked = run_named(store, "report-most-targeted-countries", filters)
    monthly = run_named(store, "report-stance-index-by-month", filters)
    top = [row["target"] for row in ranked.rows[:TOP_STANCE]]
    labels = {row["target"]: _label(row, "label", "target") for row in ranked.rows}
    mean: dict[str | None, dict[str, float]] = defaultdict(dict)
    counted: dict[str | None, int] = defaultdict(int)
    for row in monthly.rows:
        if row["target"] in top and _number(row["positions"]):
            mean[row["target"]][_label(row, "month")] = float(row["stance"] or 0) / _number(row["positions"])
            counted[row["target"]] += _number(row["positions"])
    months = month_range(sorted({m for target in top for m in mean[target]}))
    svg = None
    if top and months:
        colours = _colours([labels[t] for t in top])

        def draw(fig: Any) -> None:
            ax = fig.subplots()
            for target in top:  # a month without positions toward the country is a gap in its line, not a slope
                values = [mean[target].get(m, float("nan")) for m in months]
                ax.plot(range(len(months)), values, marker="o", markersize=3, linewidth=1.2,
                        color=colours[labels[target]], label=labels[target])  # fmt: skip
            ax.axhline(0, color="#999", linewidth=0.8)
            ax.set_ylim(-10.5, 10.5)
            step = max(1, len(months) // 24)
            ax.set_xticks(range(0, len(months), step), labels=months[::step], rotation=90)
            ax.set_ylabel("mean Goldstein weight of the positions\n(-10 conflictual, +10 cooperative)")
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
            ax.spines[["top", "right"]].set_visible(False)

        svg = _figure_svg(draw, width=10, height=4.2)
    lines = tuple(
        f"{labels[t]} ({counted[t]:,} positions): the rows of report-stance-index-by-month whose target is {t}"
        for t in top
    )
    return Section(
        "stance",
        f"The stance index toward the {len(top)} most-discussed countries, by month",
        svg,
        (monthly, ranked),
        "Each line is the mean Goldstein weight (ontology/cameo.ttl) of the positions taken toward one country in "
        "a month: the query's stance divided by its positions.",
        f"Counts the {sum(counted.values()):,} positions toward these {len(top)} countries whose act has a CAMEO "
        f"code (of {sum(_number(r['positions']) for r in ranked.rows):,} toward any country), "
        f"{_period(months)}, at dated briefings; the countries are those most positions target.",
        lines,
    )


def _targets_section(store: ox.Store, filters: ViewFilter) -> Section:
    ranked = run_named(store, "report-most-targeted-countries", filters)
    monthly = run_named(store, "report-positions-by-month", filters)
    top = [row["target"] for row in ranked.rows[:TOP_COUNTRIES]]
    labels = {row["target"]: _label(row, "label", "target") for row in ranked.rows}
    table: dict[str | None, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in monthly.rows:
        if row["target"] in top:
            table[row["target"]][_label(row, "month")][_label(row, "actNotation", "act")] = _number(row["positions"])
    months = month_range(sorted({m for target in top for m in table[target]}))
    acts = sorted({a for target in top for per in table[target].values() for a in per})
    svg = None
    if top and months:
        panels = [(f"toward {labels[target]}", table[target]) for target in top]
        svg = _figure_svg(lambda fig: _stacked_acts(fig, panels, months, acts), width=10, height=1.9 * len(top) + 1.2)
    return Section(
        "targets",
        f"Positions over time toward the {len(top)} most-targeted countries, by month and act",
        svg,
        (ranked, monthly),
        "Bars stack the positions taken toward each country in each month, one colour per act.",
        f"Counts the {sum(_number(r['positions']) for r in ranked.rows if r['target'] in top):,} positions toward "
        f"these {len(top)} countries (of {sum(_number(r['positions']) for r in ranked.rows):,} toward any country), "
        f"{_period(sorted({_label(r, 'month') for r in monthly.rows}))}, at dated briefings.",
    )


def _stacked_acts(
    fig: Any, panels: Sequence[tuple[str, Mapping[str, Mapping[str, int]]]], months: Sequence[str], acts: Sequence[str]
) -> None:
    """One panel per (title, positions per month and act), one above the other on the months' axis: each month's
    positions stacked by act, one colour per act, with one legend above them all."""
    colours = _colours(acts)
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (title, counts) in zip(axes, panels, strict=True):
        bottom = [0] * len(months)
        for act in acts:
            values = [counts.get(m, {}).get(act, 0) for m in months]
            ax.bar(months, values, bottom=bottom, color=colours[act], label=act, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_title(title, loc="left", fontsize=10)
        ax.set_ylabel("positions")
        ax.spines[["top", "right"]].set_visible(False)
    axes[-1].tick_params(axis="x", labelrotation=90)
    axes[0].legend(ncols=min(len(acts), 7), fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.18))


def _period(months: Sequence[str]) -> str:
    """The months a chart covers, as a reader says it.

    >>> _period(["2020-03", "2020-01"]), _period([])
    ('2020-01 to 2020-03', 'no dated briefing')
    """
    return f"{min(months)} to {max(months)}" if months else "no dated briefing"


def _dates(rows: Rows) -> str:
    """The dates the rows' ``first`` and ``last`` span."""
    firsts = [str(r["first"]) for r in rows if r.get("first")]
    lasts = [str(r["last"]) for r in rows if r.get("last")]
    return f"{min(firsts)} to {max(lasts)}" if firsts and lasts else "no dated briefing"


def outlet_population(coverage: QueryRun) -> str:
    """What the outlet charts count, from report-exchanges-by-month: how many exchanges name an outlet, of how
    many, and the months that have any.

    >>> run = QueryRun("report-exchanges-by-month", {}, [
    ...     {"month": "2020-01", "asker": "unnamed", "exchanges": "30"},
    ...     {"month": "2020-04", "asker": "named", "exchanges": "5"},
    ...     {"month": "2020-04", "asker": "unnamed", "exchanges": "1"}])
    >>> print(outlet_population(run))  # doctest: +NORMALIZE_WHITESPACE
    Counts the 5 of 36 dated exchanges whose question names the outlet that asked, 2020-04 to 2020-04
    (the exchanges of 2020-01 to 2020-04 name none before 2020-04).
    """
    named = [r for r in coverage.rows if r.get("asker") == "named"]
    total = sum(_number(r["exchanges"]) for r in coverage.rows)
    count = sum(_number(r["exchanges"]) for r in named)
    months = [_label(r, "month") for r in named]
    every = [_label(r, "month") for r in coverage.rows]
    text = (
        f"Counts the {count:,} of {total:,} dated exchanges whose question names the outlet that asked, "
        f"{_period(months)}"
    )
    if months and min(every) < min(months):
        text += f" (the exchanges of {_period(every)} name none before {min(months)})"
    return text + "."


def _activity_section(store: ox.Store, filters: ViewFilter) -> Section:
    run = run_named(store, "report-outlet-activity", filters)
    coverage = run_named(store, "report-exchanges-by-month", filters)
    rows = run.rows[:TOP_OUTLETS]
    svg = None
    if rows:

        def draw(fig: Any) -> None:
            ax = fig.subplots()
            names = [_label(r, "outletLabel", "outletNode") for r in rows][::-1]
            values = [_number(r["exchanges"]) for r in rows][::-1]
            ax.barh(names, values, color="#4e79a7")
            for y, v in enumerate(values):
                ax.text(v, y, f" {v}", va="center", fontsize=8)
            ax.set_xlabel("exchanges")
            ax.spines[["top", "right"]].set_visible(False)

        svg = _figure_svg(draw, width=8, height=0.32 * len(rows) + 1)
    return Section(
        "activity",
        f"The {len(rows)} most active outlets",
        svg,
        (run, coverage),
        "Exchanges each outlet opened.",
        outlet_population(coverage),
    )


def _topic_mix_section(store: ox.Store, filters: ViewFilter) -> Section:
    activity = run_named(store, "report-outlet-activity", filters)
    mix = run_named(store, "report-topic-mix-per-outlet", filters)
    coverage = run_named(store, "report-exchanges-by-month", filters)
    outlets = [r["outletNode"] for r in activity.rows[:TOP_OUTLETS]]
    names = {r["outletNode"]: _label(r, "outletLabel", "outletNode") for r in activity.rows}
    counts: dict[str | None, dict[str, int]] = defaultdict(dict)
    for row in mix.rows:
        counts[row["outletNode"]][_label(row, "topicNotation", "topicNode")] = _number(row["exchanges"])
    topics = sorted({t for o in outlets for t in counts[o]})
    svg = None
    if outlets and topics:
        colours = _colours(topics)

        def draw(fig: Any) -> None:
            ax = fig.subplots()
            ys = [names[o] for o in outlets][::-1]
            left = [0] * len(ys)
            for topic in topics:
                values = [counts[o].get(topic, 0) for o in outlets][::-1]
                ax.barh(ys, values, left=left, color=colours[topic], label=topic)
                left = [a + b for a, b in zip(left, values, strict=True)]
            ax.set_xlabel("exchanges about the topic (an exchange may count for several topics)")
            ax.legend(fontsize=7, ncols=2, loc="upper left", bbox_to_anchor=(1.01, 1))
            ax.spines[["top", "right"]].set_visible(False)

        svg = _figure_svg(draw, width=10, height=0.34 * len(outlets) + 1.4)
    return Section(
        "topic-mix",
        "The topic mix of the most active outlets",
        svg,
        (activity, mix, coverage),
        "Each bar stacks one outlet's exchanges by topic.",
        outlet_population(coverage),
    )


def _topics_by_spokesperson_section(store: ox.Store, filters: ViewFilter) -> Section:
    run = run_named(store, "report-topics-by-spokesperson", filters)
    speakers = sorted({_label(r, "speakerName", "speaker") for r in run.rows})
    topics = sorted({_label(r, "topicNotation", "topicNode") for r in run.rows})
    grid = {(_label(r, "speakerName", "speaker"), _label(r, "topicNotation", "topicNode")): _number(r["units"])
            for r in run.rows}  # fmt: skip
    svg = None
    if speakers and topics:

        def draw(fig: Any) -> None:
            ax = fig.subplots()
            matrix = [[grid.get((s, t), 0) for t in topics] for s in speakers]
            image = ax.imshow(matrix, cmap="Blues", aspect="auto")
            ax.set_xticks(range(len(topics)), labels=topics, rotation=90)
            ax.set_yticks(range(len(speakers)), labels=speakers)
            label_cells(ax, matrix, matrix)
            fig.colorbar(image, ax=ax, label="exchanges and statements", shrink=0.8)

        svg = _figure_svg(draw, width=max(6, 0.36 * len(topics) + 3), height=0.5 * len(speakers) + 2.2)
    return Section(
        "topics-by-spokesperson",
        "Topics by spokesperson",
        svg,
        (run,),
        "Exchanges and statements at each spokesperson's briefings, by topic.",
        f"Counts the exchanges and statements with a topic at the briefings of {len(speakers)} spokespersons, "
        f"{_dates(run.rows)}; one about two topics counts for both.",
    )


def _quoted_section(store: ox.Store, filters: ViewFilter) -> Section:
    run = run_named(store, "report-quoted-statements", filters)
    return Section(
        "quoted",
        f"The {QUOTED_PER_ACT} statements quoted most often, per act",
        None,
        (run,),
        "Evidence sentences that state a position, grouped by their exact wording and ranked by the number of "
        "briefings that say them; the link opens the latest exchange (or statement) that says it.",
    )


def _comparison_section(store: ox.Store, filters: ViewFilter) -> Section:
    # The first two profiles' states (China's ministry, the White House): how each speaks of the other.
    first, second = (p.state for p in load_profiles()[:2])
    bindings: dict[str, ox.Literal] = {"first": ox.Literal(first), "second": ox.Literal(second)}
    bindings |= {k: v for k, v in filters.bindings().items() if k in ("from", "to")}
    rows = viewquery.run_named(store, "compare-positions", bindings).lexical()
    run = QueryRun("compare-positions", {k: str(v.value) for k, v in bindings.items()}, rows)
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[(_label(row, "holder"), _label(row, "month"))][_label(row, "act")] = _number(row["positions"])
    months = sorted({month for _, month in table})
    acts = sorted({act for per in table.values() for act in per})
    svg = None
    if months:
        panels = [
            (f"{holder} toward {target}", {m: table.get((holder, m), {}) for m in months})
            for holder, target in ((first, second), (second, first))
        ]
        svg = _figure_svg(lambda fig: _stacked_acts(fig, panels, months, acts), width=10, height=5)
    return Section(
        "compare",
        f"{first} and {second} toward each other, month by month",
        svg,
        (run,),
        "Only the months in which both governments' briefings state positions; bars stack the positions each "
        "takes toward the other, one colour per act.",
    )


def _by_outlet_type(name: str) -> Callable[[ox.Store, ViewFilter], Section]:
    """A section of kg.export.report_outlets (which builds on this module), imported when first drawn."""

    def make(store: ox.Store, filters: ViewFilter) -> Section:
        from kg.export import report_outlets

        section: Section = getattr(report_outlets, name)(store, filters)
        return section

    return make


SECTIONS: dict[str, Callable[[ox.Store, ViewFilter], Section]] = {
    "stance": _stance_section,
    "targets": _targets_section,
    "compare": _comparison_section,
    "topic-mix": _topic_mix_section,
    "activity": _activity_section,
    "outlet-types": _by_outlet_type("topics_by_outlet_type_section"),
    "stance-by-outlet-type": _by_outlet_type("stance_by_outlet_type_section"),
    "topics-by-spokesperson": _topics_by_spokesperson_section,
    "quoted": _quoted_section,
}


def build_report(store: ox.Store, filters: ViewFilter | None = None) -> list[Section]:
    """Every section of the report, with its chart and the query runs behind it.

    >>> [s.key for s in build_report(ox.Store())]
    ['stance', 'targets', 'compare', 'topic-mix', 'activity', 'outlet-types', 'stance-by-outlet-type',
     'topics-by-spokesperson', 'quoted']
    """
    chosen = filters or ViewFilter()
    return [make(store, chosen) for make in SECTIONS.values()]


def is_empty(sections: Sequence[Section]) -> bool:
    """Whether no query of the report returned a row: the filters selected nothing.

    >>> is_empty(build_report(ox.Store()))
    True
    """
    return not any(run.rows for section in sections for run in section.runs)
