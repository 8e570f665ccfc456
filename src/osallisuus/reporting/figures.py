"""Every figure, for the reports and for own analyses (matplotlib).

Figures draw only from the published tables (suppressed, audited and rounded:
:func:`osallisuus.statistics.tables.published_tables`), so a hidden group never reaches one and
no coordinate is more exact than the tables.
They take their words as arguments (the reports pass texts in the report's language);
``plot_means`` and ``plot_change`` are the public helpers with Finnish defaults.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..schema import rounds_in

PALETTE = ("#1f5f8b", "#e07b39", "#5b9e47", "#9b59b6")
#: Rounds are told apart by marker shape as well as colour (readable in grey print, for colour blindness).
MARKERS = ("o", "s", "^")


#: seaborn's ``set_theme(style="whitegrid", context="notebook")`` as matplotlib settings (what it
#: changes from matplotlib's defaults), so the reports need no seaborn.
WHITEGRID = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15", "axes.labelsize": 12.0,
    "axes.linewidth": 1.25, "axes.titlesize": 12.0, "grid.color": ".8", "grid.linewidth": 1.0,
    "legend.title_fontsize": 12.0, "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "text.color": ".15", "xtick.bottom": False, "xtick.color": ".15", "xtick.major.size": 6.0, "xtick.major.width": 1.25,
    "xtick.minor.size": 4.0, "xtick.minor.width": 1.0, "ytick.color": ".15", "ytick.left": False, "ytick.major.size": 6.0,
    "ytick.major.width": 1.25, "ytick.minor.size": 4.0, "ytick.minor.width": 1.0,
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
}


def style() -> None:
    """The reports' look: a white grid, the project palette, text readable at 100 % zoom."""
    plt.rcParams.update({**WHITEGRID, "axes.prop_cycle": plt.cycler(color=list(PALETTE)), "figure.dpi": 110,
                         "font.size": 11, "legend.fontsize": 10, "xtick.labelsize": 10, "ytick.labelsize": 10})


def localise(fig: plt.Figure, number: Callable[[float], str]) -> None:
    """Numeric tick labels written by ``number`` (e.g. with a decimal comma); category labels stay."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(FuncFormatter(lambda x, _pos: number(x)))


def finish(fig: plt.Figure) -> None:
    """Lay a figure out so that every label, legend and title lies inside it (constrained
    layout makes room for them; the reports call this before saving)."""
    fig.set_layout_engine("constrained", w_pad=0.06, h_pad=0.06)


def render_png(fig: plt.Figure, dpi: float) -> bytes:
    """The figure as PNG, laid out and drawn once; its layout then stays fixed, so that other
    formats saved afterwards show the same picture without laying it out again.

    ``savefig`` draws a constrained figure twice: once without rendering to lay it out, then
    to render it; here one draw does both. The PNG is the same (the same Agg draw and encoder).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.image import imsave

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # runs the layout engine, then renders
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # no engine at all: savefig would draw once more to lay out even "none"
    out = io.BytesIO()
    imsave(out, canvas.buffer_rgba(), format="png", dpi=dpi)
    return out.getvalue()


def svg_settings() -> dict:
    """How the reports' SVGs are written: text as ``<text>`` rather than glyph outlines (editable
    in slides, a quarter of the size, quicker to write), in the font the PNG was drawn in first
    (DejaVu Sans where Arial is missing), so that a viewer with that font shows the PNG's picture;
    one without it takes the next font of the list (lines of a two-line label then end unevenly)."""
    from matplotlib import font_manager

    used = font_manager.FontProperties(fname=font_manager.findfont(font_manager.FontProperties(
        family=["sans-serif"]))).get_name()
    return {"svg.fonttype": "none", "font.sans-serif": [used, *(f for f in plt.rcParams["font.sans-serif"] if f != used)]}


def save_svg(fig: plt.Figure, target) -> None:
    """The figure as SVG for slides (:func:`svg_settings`), after :func:`render_png`: in the
    layout it fixed, drawn once."""
    with plt.rc_context(svg_settings()):
        fig.savefig(target, format="svg")


#: Characters of legend text that fit on one row of a chart as wide as the reports' (≈ 7 in).
LEGEND_CHARACTERS = 60


def _legend_above(ax: plt.Axes, columns: int = 3) -> None:
    """The legend above the axes, where it covers neither data nor the axis label; as many
    entries on a row as fit the width (long words, as in Swedish, take two rows)."""
    labels = ax.get_legend_handles_labels()[1]
    while columns > 1 and sum(len(t) + 6 for t in labels[:columns]) > LEGEND_CHARACTERS:
        columns -= 1
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=columns, frameon=False)


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


#: Longest name on a chart's axis (characters); longer ones are shortened with "…".
LABEL_WIDTH = 48
#: A name on a chart's axis takes at most two lines of this many characters, so the labels
#: leave most of the width to the data.
LINE_WIDTH = 30


def row_labels(names: Sequence[str]) -> list[str]:
    r"""Names from the data as labels of a chart's rows: :func:`chart_labels` on two lines.

    >>> row_labels(["Kuntouttava työtoiminta Heinola (Järvimaan hyvinvointialue)"])
    ['Kuntouttava työtoiminta Heinola\n(Järvimaan hyvinvointialue)']
    """
    return [_two_lines(label) for label in chart_labels(names, 2 * LINE_WIDTH)]


def _two_lines(label: str) -> str:
    """Two lines of about :data:`LINE_WIDTH` characters (a few more where that keeps the
    whole name), else the second line shortened with "…"."""
    for width in range(LINE_WIDTH, LINE_WIDTH + 6):
        lines = textwrap.wrap(label, width)
        if len(lines) <= 2:
            return "\n".join(lines)
    lines = textwrap.wrap(label, LINE_WIDTH)
    return f"{lines[0]}\n{lines[1][:LINE_WIDTH - 1].rstrip()}…"


def chart_labels(names: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Names from the data as chart labels: never read as math (``$`` is escaped), and
    shortened with "…" to ``width`` characters, keeping different names different (the end
    is kept too when two shortened names would be the same, else they are numbered).

    >>> chart_labels(["$x^2$", "Kuntouttava työtoiminta Lahti", "Kuntouttava työtoiminta Heinola"], width=20)
    ['\\\\$x^2\\\\$', 'Kuntoutta…inta Lahti', 'Kuntoutta…ta Heinola']
    """
    names = [" ".join(str(n).split()) for n in names]
    distinct = list(dict.fromkeys(names))

    def cut(name: str, keep_end: bool) -> str:
        if len(name) <= width:
            return name
        head = (width - 1) // 2 if keep_end else width - 1
        return f"{name[:head].rstrip()}…{name[len(name) - (width - 1 - head):].lstrip() if keep_end else ''}"

    first = {n: cut(n, False) for n in distinct}
    clashes = Counter(first.values())
    labels = {n: cut(n, True) if clashes[first[n]] > 1 else first[n] for n in distinct}
    used: Counter[str] = Counter()
    for n in distinct:  # still the same: numbered
        used[labels[n]] += 1
        if used[labels[n]] > 1:
            labels[n] = f"{labels[n][:width - 6]}… ({used[labels[n]]})"
    return [labels[n].replace("$", r"\$") for n in names]


def _errorbars(ax: plt.Axes, means: pd.Series, low: pd.Series, high: pd.Series, where: np.ndarray,
               horizontal: bool, **style) -> None:
    """Means with CI bars at positions ``where`` (on y when ``horizontal``)."""
    error = [means - low, high - means]
    style = {"marker": "o", **style}
    if horizontal:
        ax.errorbar(means, where, xerr=error, linestyle="none", **style)
    else:
        ax.errorbar(where, means, yerr=error, linestyle="none", **style)


def _rows_of_bars(ax: plt.Axes, labels: Sequence[str], xlabel: str, fontsize: int | None = None) -> None:
    """A horizontal chart's finish: one labelled row each, first on top, 0–100 scale, legend above."""
    ax.set_yticks(np.arange(len(labels)), list(labels), fontsize=fontsize)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    _legend_above(ax, 2)


def round_means(rows: pd.DataFrame, round_labels: Sequence[str], reference: float, reference_label: str,
                mean_label: str, score_label: str) -> plt.Figure:
    """A group's ESIS mean and 95 % CI per round, with the reference line."""
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    x = np.arange(len(rows))
    _errorbars(ax, rows["esis_mean"], rows["esis_ci_low"], rows["esis_ci_high"], x, False, capsize=6,
               color=PALETTE[0], label=mean_label)
    ax.axhline(reference, ls="--", color="grey", label=reference_label)
    many = len(x) > 4  # longer round names side by side would overlap
    ax.set_xticks(x, list(round_labels), rotation=30 if many else 0, ha="right" if many else "center")
    ax.set_ylim(0, 100)
    ax.set_ylabel(score_label)
    _legend_above(ax, 2)
    return fig


def quartiles(rows: pd.DataFrame, round_labels: Sequence[str], iqr_label: str, median_label: str,
              score_label: str) -> plt.Figure:
    """Quartiles per round (no whiskers: a minimum or maximum is one respondent's score)."""
    fig, ax = plt.subplots(figsize=(6.5, 0.9 + 0.5 * len(rows)))
    y = np.arange(len(rows))
    ax.barh(y, rows["esis_q3"] - rows["esis_q1"], left=rows["esis_q1"], height=0.5, color=PALETTE[0], alpha=0.35,
            label=iqr_label)
    ax.scatter(rows["esis_median"], y, marker="|", s=400, color=PALETTE[0], label=median_label)
    _rows_of_bars(ax, round_labels, score_label)
    return fig


def agreement(rows: pd.DataFrame, statements: Sequence[str], agree_label: str, fully_label: str) -> plt.Figure:
    """Share agreeing (4–5) and fully agreeing (5) per statement."""
    fig, ax = plt.subplots(figsize=(9, 7))
    y = np.arange(len(rows))
    ax.barh(y, rows["share_agree"] * 100, color=PALETTE[0], label=agree_label)
    ax.barh(y, rows["share_fully_agree"] * 100, color=PALETTE[1], hatch="//", edgecolor="white", label=fully_label)
    _rows_of_bars(ax, [wrap(s, 44) for s in statements], "%", fontsize=10)
    return fig


def dumbbell(rows: pd.DataFrame, labels: Sequence[str], before_label: str, after_label: str,
             score_label: str, changes: Sequence[str] = ()) -> plt.Figure:
    """Mean before and after for the same respondents, one arrow per comparison, each labelled
    with its change (``changes``, as the report writes them). The axis spans the means with a
    margin rather than 0–100, so that a 5-point change is plainly visible."""
    fig, ax = plt.subplots(figsize=(6.5, 0.9 + 0.6 * len(rows)))
    y = np.arange(len(rows))
    for before, after, row in zip(rows["mean_before"], rows["mean_after"], y):
        ax.annotate("", xy=(after, row), xytext=(before, row),
                    arrowprops={"arrowstyle": "-|>", "color": "grey", "lw": 2, "shrinkA": 6, "shrinkB": 6})
    ax.scatter(rows["mean_before"], y, color=PALETTE[1], marker=MARKERS[1], s=60, zorder=3, label=before_label)
    ax.scatter(rows["mean_after"], y, color=PALETTE[0], marker=MARKERS[0], s=60, zorder=3, label=after_label)
    for before, after, row, change in zip(rows["mean_before"], rows["mean_after"], y, changes):
        ax.annotate(change, xy=(max(before, after), row), xytext=(10, 0), textcoords="offset points", va="center",
                    fontsize=10)
    _rows_of_bars(ax, labels, score_label)
    values = pd.concat([rows["mean_before"], rows["mean_after"]])
    ax.set_xlim(max(0, 10 * np.floor(values.min() / 10) - 10), min(100, 10 * np.ceil(values.max() / 10) + 10))
    return fig


def monthly(counts: pd.Series, hidden_mark: str, answers_label: str, month_labels: Sequence[str] | None = None
            ) -> plt.Figure:
    """Answers per month; months hidden by disclosure control (NaN) are marked, not drawn.
    ``month_labels``: the months as the report's language writes them (default "1/2025")."""
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(7, 2.8))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.bar(range(len(counts)), counts.fillna(0), color=PALETTE[0])
    for i, hidden in enumerate(counts.isna()):
        if hidden:
            ax.text(i, 0.5, hidden_mark, ha="center", va="bottom", fontsize=8, color="grey")
    labels = month_labels or [f"{p.month}/{p.year}" for p in counts.index]
    ax.set_xticks(range(len(counts)), labels, rotation=90, fontsize=8)
    ax.set_ylabel(answers_label)
    return fig


def plot_means(summary: pd.DataFrame, ax: plt.Axes | None = None, reference: float | None = None,
               labels: pd.Series | None = None, round_names: dict[str, str] | None = None,
               xlabel: str | None = None, reference_label: str | None = None, language: str = "fi") -> plt.Axes:
    """ESIS means with 95 % CIs per unit and round from :func:`osallisuus.summary`.

    Parameters
    ----------
    summary : DataFrame
        The ``summary`` table (``osa.summary(frame)``); its unit rows are drawn.
    reference : float, optional
        A reference mean drawn as a dashed line (``osa.references()`` lists the published ones).
    language : {"fi", "sv", "en"}
        The language of the axis label, the round names and the reference label; ``xlabel``,
        ``round_names`` and ``reference_label`` replace them.

    Returns
    -------
    matplotlib.axes.Axes

    >>> import osallisuus as osa
    >>> ax = osa.plot_means(osa.summary(osa.example_data()), reference=75.2, language="en")
    >>> " ".join(ax.get_xlabel().split()), [t.get_text() for t in ax.get_legend().get_texts()][:5]
    ('Score (0–100), mean and 95% confidence interval', ['reference', 'start', 'interim', 'end', '6-month follow-up'])
    """
    t = _words(language)
    rows = summary[(summary["unit"] != "") & summary["esis_mean"].notna()]
    names = labels.loc[rows.index] if labels is not None else rows["unit"]
    order = list(dict.fromkeys(names))
    ax = ax or plt.subplots(figsize=(7.5, 0.8 + 0.45 * len(order)))[1]
    shown = rounds_in(rows["round"], list(round_names or ()))  # own rounds in the order of ``round_names``
    round_names = round_names or {r: t(r) for r in shown}
    for k, rnd in enumerate(shown):
        part = rows["round"] == rnd
        y = np.array([order.index(v) for v in names[part]]) + (k - (len(shown) - 1) / 2) * 0.66 / len(shown)
        _errorbars(ax, rows.loc[part, "esis_mean"], rows.loc[part, "esis_ci_low"], rows.loc[part, "esis_ci_high"], y,
                   True, capsize=3, color=PALETTE[k % len(PALETTE)], marker=MARKERS[k % len(MARKERS)],
                   label=round_names.get(rnd, rnd))
    if reference is not None:
        ax.axvline(reference, ls="--", color="grey", label=reference_label or t("reference"))
    ax.set_yticks(range(len(order)), row_labels(order), fontsize=10)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(wrap(xlabel or f"{t('score')}, {t('mean_ci')}", 45))
    _legend_above(ax, 4)
    return ax


def plot_change(change: pd.DataFrame, comparison: str = "first_last", ax: plt.Axes | None = None,
                labels: pd.Series | None = None, xlabel: str | None = None, language: str = "fi") -> plt.Axes:
    """Mean change with its 95 % CI per unit from :func:`osallisuus.paired_change`.

    Parameters
    ----------
    change : DataFrame
        The ``change`` table (``osa.paired_change(frame)``); its unit rows are drawn.
    comparison : {"first_last", "alku_väli", "alku_loppu", "väli_loppu"}
        Which pairs of measurements.
    language : {"fi", "sv", "en"}
        The language of the axis label (``xlabel`` replaces it).

    Returns
    -------
    matplotlib.axes.Axes

    >>> import osallisuus as osa
    >>> ax = osa.plot_change(osa.paired_change(osa.example_data()), "alku_loppu")
    >>> len(ax.get_yticklabels()) >= 7, " ".join(ax.get_xlabel().split())
    (True, 'Muutos (alku → loppu), keskiarvo ja 95 %:n luottamusväli')
    """
    from ..statistics.change import COMPARISONS

    if comparison not in COMPARISONS:
        raise ValueError(f"comparison: unknown {comparison!r}; use one of {', '.join(COMPARISONS)}")
    t = _words(language)
    rows = change[(change["comparison"] == comparison) & (change["unit"] != "") & change["mean_diff"].notna()]
    names = labels.loc[rows.index] if labels is not None else rows["unit"]
    ax = ax or plt.subplots(figsize=(7.5, 0.8 + 0.4 * len(rows)))[1]
    y = np.arange(len(rows))
    _errorbars(ax, rows["mean_diff"], rows["ci_low"], rows["ci_high"], y, True, capsize=4, color=PALETTE[0])
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(y, row_labels(list(names)), fontsize=10)
    ax.invert_yaxis()
    ax.set_xlabel(wrap(xlabel or f"{t('diff')} ({t(comparison)}), {t('mean_ci')}", 45))
    return ax


def _words(language: str) -> Callable[[str], str]:
    """The report texts of ``language`` (fi, sv, en) for axis labels, naming a wrong language."""
    from ..texts import LANGUAGES, text

    if language not in LANGUAGES:
        raise ValueError(f"language: unknown {language!r}; use one of {', '.join(LANGUAGES)}")
    return lambda key: text(language, key)
