"""Disclosure control, in one place, for everything published: reports, the index, figures and
exports (domain brief, "Statistics conventions").

The model: **every total is a sum of published parts.**

* A *cell* is a unit's answers in one round. A cell with fewer than ``min_n`` answers is not
  published, and a unit with fewer than ``min_n`` respondents in its published cells is not
  published at all (primary suppression).
* Organization and regional figures are computed only from published cells
  (:func:`published_rows`), and their counts are sums of the units' published counts (a person
  who answered in two units counts in each). So an organization's figure minus its units'
  figures never reveals anything: what is hidden at the unit level is in no total.
* Within a published cell, a sub-measure (the ESIS score, each statement, EUROHIS-8,
  loneliness) enters totals only where at least ``min_n`` answered it; otherwise its values
  are left out of the totals as well.
* A breakdown of a published total (respondent types and anonymous answers, months, language,
  service) never leaves a hidden rest of 1 ... ``min_n - 1``: small categories fold into
  "muut" (:func:`collapse_small`), or, where categories cannot be merged (types, months), the
  next smallest is hidden as well (:func:`protect`).
* Shares (percentages) are protected at the level of the group's n, the usual practice for
  survey percentages: a share is shown when the group it is computed over is shown. Counts of
  answers to single questions within a shown group (how many answered a statement) follow the
  same rule: they tell how many skipped a question, not who.
* Quartiles are shown only with at least 20 scores (:data:`QUANTILES_MIN_N`): with a mean, an
  SD and the quartiles of five people, their scores can be solved.
* ``low_precision`` marks shown rows with fewer than 20 respondents.

Rows with an empty unit (``unit == ""``) are organization totals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS, EUROHIS_ITEMS
from ..settings import default

DEFAULT_MIN_N: int = default("min_n")
LOW_PRECISION_N = 20
QUANTILES_MIN_N = 20
#: Sub-measures of a cell: the columns left out of totals when fewer than min_n answered.
SUB_MEASURES: dict[str, list[str]] = {
    "esis_score": ["esis_score"],
    "eurohis_score": ["eurohis_score", "eurohis_good_qol"],
    "lonely": ["lonely", "loneliness"],
    **{item: [item] for item in ESIS_ITEMS + EUROHIS_ITEMS},
}


def respondents(rows: pd.DataFrame) -> int:
    """People in ``rows``: each respondent code once, each anonymous answer once."""
    return int(rows["respondent"].nunique() + rows["respondent"].isna().sum())


def published_rows(frame: pd.DataFrame, by: Sequence[str] = ("organization", "unit"),
                   min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """The rows every total above the finest group (``by``) is computed from: rows in published
    cells (a group's answers in one round, at least ``min_n``) of published groups (at least
    ``min_n`` respondents in those cells), with each sub-measure blanked in cells where fewer
    than ``min_n`` answered it.

    >>> t = pd.DataFrame({"organization": "A", "unit": ["x"] * 6 + ["y"] * 3, "round": "alku",
    ...                   "respondent": [f"r{i}" for i in range(9)], "esis_score": 50.0})
    >>> published_rows(t)["unit"].unique().tolist()
    ['x']
    """
    by = list(by)
    if frame.empty:
        return frame
    cell = [*by, "round"]
    answers = frame.groupby(cell, observed=True)["round"].transform("size")
    rows = frame.loc[answers >= min_n]
    who = rows["respondent"] if "respondent" in rows else pd.Series(pd.NA, index=rows.index)  # no codes: anonymous
    groups = [rows[c] for c in by]
    people = who.groupby(groups, observed=True).transform("nunique") + who.isna().groupby(groups, observed=True).transform("sum")
    rows = rows.loc[people >= min_n].copy()
    measures = [m for m in SUB_MEASURES if m in rows]
    answered = rows[measures].notna().groupby([rows[c] for c in cell], observed=True).transform("sum")
    for measure in measures:
        few = (answered[measure] < min_n).to_numpy()
        if few.any():
            for column in SUB_MEASURES[measure]:
                if column in rows:
                    rows.loc[few, column] = None
    return rows


OWN_SIZE = "fewer_than_min_n"
PROTECTS_OTHER = "protects_another_group"


def protect(counts: pd.Series, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """A breakdown of a published total, as published: counts of 1 ... ``min_n - 1`` hidden (NaN),
    and while the hidden ones add up to 1 ... ``min_n - 1``, the smallest shown one is hidden
    too, so the total minus the shown parts never reveals a small group.

    >>> protect(pd.Series({"repeated": 30, "start_only": 12, "anonymous": 3})).tolist()
    [30.0, nan, nan]
    >>> protect(pd.Series({"repeated": 30, "start_only": 5, "follow_up_only": 6, "anonymous": 1})).tolist()
    [30.0, nan, nan, nan]
    >>> protect(pd.Series({"01/25": 9, "02/25": 0, "03/25": 6})).tolist()
    [9.0, 0.0, 6.0]
    """
    out = counts.astype(float).copy()
    small = (out > 0) & (out < min_n)
    hidden = small.copy()
    while 0 < out[hidden].sum() < _needed(int(small.sum()), int((hidden & ~small).sum()), min_n):
        candidates = out[~hidden & (out > 0)]
        if candidates.empty:
            break
        hidden[candidates.idxmin()] = True
    return out.mask(hidden)


def _needed(n_small: int, n_other: int, min_n: int) -> int:
    """The least hidden total that leaves no hidden count exactly known.

    Small cells alone need only reach ``min_n``. A larger cell hidden for another group is
    labelled so, which tells a reader it is at least ``min_n``; the total must then leave the
    small cells together more than one possible sum (``min_n`` per larger cell, plus one more
    than the number of small cells): e.g. 1 and 5 hidden with a total of 6 would give the 1
    away, so the next cell is hidden as well.
    """
    return max(min_n, min_n * n_other + n_small + 1) if n_other else min_n


def hidden_reason(counts: pd.Series, published: pd.Series, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """Why each hidden count is hidden: :data:`OWN_SIZE` (1 ... ``min_n - 1``) or
    :data:`PROTECTS_OTHER` (hidden by :func:`protect` so that another small group cannot be
    worked out); "" for a shown count. A label must never call the second kind small.

    >>> n = pd.Series([30, 12, 3])
    >>> hidden_reason(n, protect(n)).tolist()
    ['', 'protects_another_group', 'fewer_than_min_n']
    """
    reason = np.where(published.isna(), np.where(counts < min_n, OWN_SIZE, PROTECTS_OTHER), "")
    return pd.Series(reason, index=counts.index)


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


def sum_of_units(rows: pd.DataFrame, per_unit, by: Sequence[str] = ("organization", "unit")) -> pd.Series:
    """A breakdown of a scope (a unit, an organization, the region) as the sum of its units'
    published breakdowns ``per_unit(rows_of_one_unit)``; hidden parts add nothing.

    >>> t = pd.DataFrame({"organization": "A", "unit": ["x"] * 7 + ["y"] * 6, "respondent": None,
    ...                   "language": ["fi"] * 7 + ["fi"] * 3 + ["sv"] * 3})
    >>> sum_of_units(t, lambda r: collapse_small(r["language"].value_counts(), 5, "muut")).to_dict()
    {'fi': 7.0, 'muut': 6.0}
    """
    parts = [per_unit(part) for _, part in rows.groupby(list(by), observed=True)]
    if not parts:
        return pd.Series(dtype=float)
    table = pd.concat(parts, axis=1)
    return table.sum(axis=1, min_count=1).dropna()


def suppress(table: pd.DataFrame, n: str, values: Sequence[str], min_n: int = DEFAULT_MIN_N,
             sub_counts: dict[str, Sequence[str]] | None = None, hide_text: Sequence[str] = ()) -> pd.DataFrame:
    """Primary suppression of a result table: ``n`` and ``values`` blanked in rows with fewer
    than ``min_n`` (``suppressed``, with ``suppressed_reason``), text columns ``hide_text``
    emptied there too. Rows already hidden by :func:`protect` (``n`` missing and a
    ``suppressed_reason`` given) keep their reason.

    Totals above the finest group need no hiding here: they are computed from published parts
    only (:func:`published_rows`). ``sub_counts`` maps a narrower count to the values computed
    from it (e.g. ``n_scored`` -> the ESIS mean): those get the same rule on their own count.

    >>> t = pd.DataFrame({"unit": ["", "x", "y"], "n": [12, 12, 3], "mean": [60.0, 60.0, 54.0]})
    >>> suppress(t, "n", ["mean"])["suppressed"].tolist()
    [False, False, True]
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    out = table.copy()
    counts = pd.to_numeric(out[n], errors="coerce").fillna(0).to_numpy()
    hidden = counts < min_n
    out["suppressed"] = hidden
    given = out["suppressed_reason"].fillna("") if "suppressed_reason" in out else pd.Series("", index=out.index)
    out["suppressed_reason"] = np.where(hidden, given.where(given != "", OWN_SIZE), "")
    _blank(out, hidden, [n, *values])
    for column in hide_text:
        out[column] = out[column].astype(object).where(~hidden, "")
    for sub_n, sub_values in (sub_counts or {}).items():
        sub = pd.to_numeric(out[sub_n], errors="coerce").fillna(0).to_numpy() < min_n
        _blank(out, sub, [sub_n, *sub_values])
    out["low_precision"] = ~hidden & (counts < LOW_PRECISION_N)
    return out


def _blank(table: pd.DataFrame, rows: np.ndarray, columns: list[str]) -> None:
    table[columns] = table[columns].astype("float64")
    table.loc[rows, columns] = np.nan
