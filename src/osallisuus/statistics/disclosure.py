"""Disclosure control, in one place (domain brief, "Statistics conventions").

* **Primary suppression**: every count and statistic of a group with fewer than ``min_n``
  respondents (default 5) is blanked and the row is marked ``suppressed``.
* **Complementary suppression**: a parent total (e.g. the organization's row) is hidden when
  the hidden children under it (its units) add up to 1 ... ``min_n - 1`` respondents, since
  the parent minus the shown children would reveal them. Hiding the parent rather than a
  sibling unit keeps every large unit's own report intact (reports are published per unit).
* ``low_precision`` marks shown rows with fewer than 20 respondents.

Rows with an empty child key (``unit == ""``) are the parent totals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..settings import default

DEFAULT_MIN_N: int = default("min_n")
LOW_PRECISION_N = 20


def suppress(
    table: pd.DataFrame,
    n: str,
    values: Sequence[str],
    parent: Sequence[str] = ("organization", "round"),
    child: str = "unit",
    min_n: int = DEFAULT_MIN_N,
    sub_counts: dict[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Blank ``n`` and ``values`` of small groups and of parents that would reveal them.

    ``sub_counts`` maps a narrower count to the values computed from it (e.g. ``n_scored`` ->
    the ESIS mean): those values get the same treatment on their own count.

    >>> t = pd.DataFrame({"organization": ["A"] * 3, "round": ["alku"] * 3,
    ...                   "unit": ["", "x", "y"], "n": [12, 9, 3], "mean": [60.0, 62.0, 54.0]})
    >>> suppress(t, "n", ["mean"])["suppressed"].tolist()
    [True, False, True]
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    out = table.copy()
    hidden = _hidden(out, n, parent, child, min_n)
    out["suppressed"] = hidden
    counts = pd.to_numeric(out[n], errors="coerce").fillna(0).to_numpy()
    _blank(out, hidden, [n, *values])
    for sub_n, sub_values in (sub_counts or {}).items():
        _blank(out, _hidden(out, sub_n, parent, child, min_n), [sub_n, *sub_values])
    out["low_precision"] = ~hidden & (counts < LOW_PRECISION_N)
    return out


def _hidden(table: pd.DataFrame, n: str, parent: Sequence[str], child: str, min_n: int) -> np.ndarray:
    """Primary (n < min_n) and complementary (parent revealing hidden children) suppression."""
    counts = pd.to_numeric(table[n], errors="coerce").fillna(0).to_numpy()
    hidden = counts < min_n
    if child in table.columns and len(table):
        is_child = table[child].fillna("").astype(str).to_numpy() != ""
        small = pd.Series(np.where(is_child & hidden, counts, 0), index=table.index)
        total = small.groupby([table[k] for k in parent], dropna=False, observed=True).transform("sum").to_numpy()
        hidden |= ~is_child & (total > 0) & (total < min_n)
    return hidden


def _blank(table: pd.DataFrame, rows: np.ndarray, columns: list[str]) -> None:
    table[columns] = table[columns].astype("float64")
    table.loc[rows, columns] = np.nan


def too_small(n_respondents: int, n_answers: int, min_n: int = DEFAULT_MIN_N) -> bool:
    """A group is reported only with at least ``min_n`` respondents and answers."""
    return n_respondents < min_n or n_answers < min_n


def shown_count(n: int, min_n: int = DEFAULT_MIN_N) -> float:
    """A single count as published: 0 and counts of at least ``min_n`` as they are, else hidden (NaN)."""
    return float(n) if n == 0 or n >= min_n else np.nan


def hide_small(counts: pd.Series, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Counts per category (e.g. month) with those from 1 to ``min_n - 1`` hidden (NaN)."""
    return counts.where((counts == 0) | (counts >= min_n))


def collapse_small(counts: pd.Series, min_n: int, other: str) -> pd.Series:
    """Categories with fewer than ``min_n`` go into ``other``; while ``other`` itself is below
    ``min_n`` the next smallest category joins it, so no small count can be read or derived.

    >>> collapse_small(pd.Series({"fi": 40, "sv": 7, "en": 3}), 5, "muut").to_dict()
    {'fi': 40, 'muut': 10}
    """
    counts = counts.sort_values(ascending=False)
    shown, hidden = counts[counts >= min_n], counts[counts < min_n]
    while 0 < hidden.sum() < min_n and len(shown):
        hidden = pd.concat([hidden, shown.iloc[-1:]])
        shown = shown.iloc[:-1]
    if hidden.sum() == 0:
        return shown
    return pd.concat([shown, pd.Series({other: int(hidden.sum())})])
