"""Charts are never cut: every text element of every figure the reports save (titles, axis
labels, tick labels, legends, notes) lies inside the figure's canvas, with the longest real
labels of the demo data in the wordiest language; and a 5-point change is visible."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from osallisuus.intake.codebook import load_codebooks  # noqa: E402
from osallisuus.reporting import figures  # noqa: E402
from osallisuus.schema import ESIS_ITEMS  # noqa: E402

UNITS = ["Kuntouttava työtoiminta Heinola (Järvimaan hyvinvointialue)", "Olohuone (Kohtaamispaikka ry)",
         "Nuorten paja (Kohtaamispaikka ry)", "Sosiaalinen kuntoutus, Lahden ryhmätoiminta (Järvimaan hyvinvointialue)",
         "Työpaja Orimattila (Järvimaan hyvinvointialue)", "Asumispalvelut Hollola (Järvimaan hyvinvointialue)"]


@pytest.fixture(autouse=True)
def _close_figures():
    """Each test's figures are closed after it (pyplot keeps them otherwise)."""
    yield
    matplotlib.pyplot.close("all")


SV_ROUNDS = {"alku": "startmätning", "väli": "mellanmätning", "loppu": "slutmätning"}
XLABEL = "Upplevelse av delaktighet (0–100), medelvärde och 95 % konfidensintervall"


def _summary() -> pd.DataFrame:
    rows = [{"organization": "O", "unit": u, "round": r, "esis_mean": 60 + i + k, "esis_ci_low": 50 + i,
             "esis_ci_high": 70 + i + k, "esis_q1": 50, "esis_median": 60, "esis_q3": 70}
            for i, u in enumerate(UNITS) for k, r in enumerate(SV_ROUNDS)]
    return pd.DataFrame(rows)


def _change() -> pd.DataFrame:
    return pd.DataFrame({"organization": "O", "unit": UNITS, "comparison": "first_last",
                         "mean_diff": np.linspace(-6, 6, len(UNITS)), "ci_low": np.linspace(-12, 0, len(UNITS)),
                         "ci_high": np.linspace(0, 12, len(UNITS)), "mean_before": 60.0,
                         "mean_after": np.linspace(55, 65, len(UNITS))})


def _items() -> pd.DataFrame:
    return pd.DataFrame({"item": ESIS_ITEMS, "share_agree": np.linspace(0.3, 0.9, 10),
                         "share_fully_agree": np.linspace(0.1, 0.4, 10)})


FIGURES = ("round_means", "quartiles", "agreement", "dumbbell", "monthly", "plot_means", "plot_change")


def _figures() -> dict[str, Callable[[], Figure]]:
    """How each figure the reports make is drawn, with Swedish words (the longest) and the
    demo's long names, by name: a test draws only its own figure."""
    s = _summary()
    first = s[s["unit"] == UNITS[0]]
    statements = [load_codebooks().item_text(i, "sv") for i in ESIS_ITEMS]
    months = pd.Series(np.arange(24, dtype=float), index=pd.period_range("2024-01", periods=24, freq="M"))

    def plot_means() -> Figure:
        fig, ax = figures.plt.subplots(figsize=(7.5, 0.8 + 0.5 * len(UNITS)))
        figures.plot_means(s, ax=ax, reference=75.2, labels=pd.Series(s["unit"], index=s.index), round_names=SV_ROUNDS,
                           reference_label="jämförelse", xlabel=XLABEL)
        return fig

    def plot_change() -> Figure:
        fig, ax = figures.plt.subplots(figsize=(7.5, 0.8 + 0.45 * len(UNITS)))
        figures.plot_change(_change(), ax=ax, xlabel="Förändring (första → sista), medelvärde och 95 % konfidensintervall")
        return fig

    return {
        "round_means": lambda: figures.round_means(first, list(SV_ROUNDS.values()), 75.2,
                                                   "jämförelse: FinSote 2019, vuxna (THL)", "medelvärde och 95 % "
                                                   "konfidensintervall", "Poäng (0–100)"),
        "quartiles": lambda: figures.quartiles(first, list(SV_ROUNDS.values()), "mittersta 50 %", "median", "Poäng (0–100)"),
        "agreement": lambda: figures.agreement(_items(), statements, "instämmer (4–5)", "instämmer helt (5)"),
        "dumbbell": lambda: figures.dumbbell(_change().head(3), ["första → sista (n = 31)", "start → mellan (n = 12)",
                                                                "start → slut (n = 22)"], "Före", "Efter", "Poäng (0–100)"),
        "monthly": lambda: figures.monthly(months, "×", "Svar"),
        "plot_means": plot_means,
        "plot_change": plot_change,
    }


def _figure(name: str) -> Figure:
    """The figure ``name``, drawn in the reports' style."""
    figures.style()
    return _figures()[name]()


def _finish(fig):
    """What the reports do before saving a figure."""
    finish = getattr(figures, "finish", None)
    if finish is not None:
        finish(fig)
    else:
        fig.tight_layout()


@pytest.mark.parametrize("name", FIGURES)
def test_every_text_of_every_figure_lies_inside_its_canvas(name, monkeypatch):
    fig = _figure(name)
    _finish(fig)
    drawn: list[Text] = []  # the texts the renderer actually draws (not ticks outside the view)
    draw = Text.draw

    def recording(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return draw(self, renderer)

    monkeypatch.setattr(Text, "draw", recording)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    canvas = fig.bbox
    outside = []
    for text in drawn:
        box = text.get_window_extent(renderer)
        if box.x0 < canvas.x0 - 1 or box.x1 > canvas.x1 + 1 or box.y0 < canvas.y0 - 1 or box.y1 > canvas.y1 + 1:
            outside.append(text.get_text())
    figures.plt.close("all")
    assert drawn and not outside, (name, outside)


@pytest.mark.parametrize("name", FIGURES)
def test_a_figure_drawn_once_is_the_picture_savefig_makes(name, monkeypatch):
    """render_png lays out and draws once, and the SVG saved after it (save_svg) keeps that layout:
    the same PNG bytes as ``savefig`` (which lays a constrained figure out twice) and the same SVG."""
    import io

    def both(fig, once: bool) -> tuple[bytes, bytes]:
        _finish(fig)
        svg = io.BytesIO()
        if once:
            png = figures.render_png(fig, dpi=110)
            figures.save_svg(fig, svg)
        else:
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=110)
            png = out.getvalue()
            fig.set_layout_engine("none")
            with figures.plt.rc_context(figures.svg_settings()):
                fig.savefig(svg, format="svg")
        figures.plt.close(fig)
        return png, svg.getvalue()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the SVG's date
    with figures.plt.rc_context({"svg.hashsalt": "test"}):  # SVG ids from a fixed salt, not random
        figures.style()
        assert both(_figure(name), once=True) == both(_figure(name), once=False)


def test_svg_text_is_text():
    """Slides can edit a figure's words: the SVG has them as <text>, not as glyph outlines."""
    import io

    fig = _figure(FIGURES[0])
    _finish(fig)
    figures.render_png(fig, dpi=110)
    svg = io.BytesIO()
    figures.save_svg(fig, svg)
    figures.plt.close(fig)
    words = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels() + ax.get_xticklabels() if t.get_text()]
    text = svg.getvalue().decode("utf-8")
    assert words and "<text" in text and "<use xlink:href=\"#DejaVu" not in text
    assert all(f">{w}</text>" in text for w in words if "\n" not in w and "$" not in w), words


def test_the_figure_list_names_every_figure():
    assert tuple(_figures()) == FIGURES
