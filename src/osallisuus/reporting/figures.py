"""Figures for own analyses and theses (matplotlib/seaborn). They draw from the suppressed
result tables, so a hidden group never reaches a figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..schema import ROUNDS

COLORS = ("#1f5f8b", "#e07b39", "#5b9e47")


def plot_means(summary: pd.DataFrame, ax: plt.Axes | None = None, reference: float | None = None) -> plt.Axes:
    """ESIS means with 95 % CIs per unit and round from :func:`osallisuus.summary`.

    >>> import osallisuus as osa
    >>> ax = osa.plot_means(osa.summary(osa.example_data()), reference=75.2)
    >>> ax.get_xlabel()
    'Osallisuuden kokemus (0–100), keskiarvo ja 95 %:n luottamusväli'
    """
    rows = summary[(summary["unit"] != "") & summary["esis_mean"].notna()]
    labels = list(dict.fromkeys(rows["unit"]))
    ax = ax or plt.subplots(figsize=(7, 0.8 + 0.45 * len(labels)))[1]
    for k, rnd in enumerate(ROUNDS):
        part = rows[rows["round"] == rnd]
        y = np.array([labels.index(u) for u in part["unit"]]) + (k - 1) * 0.22
        ax.errorbar(part["esis_mean"], y, xerr=[part["esis_mean"] - part["esis_ci_low"],
                                                 part["esis_ci_high"] - part["esis_mean"]],
                    fmt="o", capsize=3, color=COLORS[k], label=rnd)
    if reference is not None:
        ax.axvline(reference, ls="--", color="grey", label="vertailu")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Osallisuuden kokemus (0–100), keskiarvo ja 95 %:n luottamusväli")
    ax.legend(fontsize=8)
    return ax


def plot_change(change: pd.DataFrame, comparison: str = "first_last", ax: plt.Axes | None = None) -> plt.Axes:
    """Mean change with its 95 % CI per unit from :func:`osallisuus.paired_change`.

    >>> import osallisuus as osa
    >>> ax = osa.plot_change(osa.paired_change(osa.example_data()), "alku_loppu")
    >>> len(ax.get_yticklabels()) >= 7
    True
    """
    rows = change[(change["comparison"] == comparison) & (change["unit"] != "") & ~change["suppressed"]]
    ax = ax or plt.subplots(figsize=(7, 0.8 + 0.4 * len(rows)))[1]
    y = np.arange(len(rows))
    ax.errorbar(rows["mean_diff"], y, xerr=[rows["mean_diff"] - rows["ci_low"], rows["ci_high"] - rows["mean_diff"]],
                fmt="o", capsize=4, color=COLORS[0])
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(y, rows["unit"])
    ax.invert_yaxis()
    ax.set_xlabel(f"Muutos ({comparison}), pisteitä, 95 %:n luottamusväli")
    return ax
