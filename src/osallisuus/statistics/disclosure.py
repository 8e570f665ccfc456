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

from collections.abc import Iterator, Sequence

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


def group_codes(frame: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    """Each row's group number, as ``frame.groupby(keys, observed=True, sort=True).ngroup()``
    numbers them (-1: a missing key, in no group). Where every key is a category, from the
    categories' codes (the groups in the order of the codes, as pandas sorts categories), without
    pandas recoding each key of every row.

    >>> t = pd.DataFrame({"a": pd.Categorical(["y", "x", None, "y"], categories=["y", "x"]),
    ...                   "b": pd.Categorical(["k", "k", "k", "j"])})
    >>> group_codes(t, ["a", "b"]).tolist(), t.groupby(["a", "b"], observed=True).ngroup().tolist()
    ([1, 2, -1, 0], [1.0, 2.0, nan, 0.0])
    """
    columns = [frame[k] for k in keys]
    if columns and all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        sizes = [len(c.cat.categories) + 1 for c in columns]
        if float(np.prod(sizes, dtype=float)) < 2**62:
            combined = np.zeros(len(frame), dtype=np.int64)
            missing = np.zeros(len(frame), dtype=bool)
            for c, size in zip(columns, sizes):
                code = c.cat.codes.to_numpy()
                missing |= code < 0
                combined = combined * size + code
            # numbered in the order of the combined codes: a hash of the rows and a sort of the groups alone
            if not missing.any():
                return pd.factorize(combined, sort=True)[0].astype(np.int64)
            out = np.full(len(frame), -1, dtype=np.int64)
            out[~missing] = pd.factorize(combined[~missing], sort=True)[0]
            return out
    codes = frame.groupby(list(keys), observed=True, sort=True).ngroup().to_numpy()
    return np.where(np.isnan(codes), -1, codes).astype(np.int64) if codes.dtype.kind == "f" else codes


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
    # counts per cell and group from group numbers (group_codes); a row with a missing key is in none
    cells = group_codes(frame, cell)
    known = cells >= 0
    sizes = np.bincount(cells[known], minlength=1)
    rows = frame.loc[known & (sizes[np.where(known, cells, 0)] >= min_n)]
    group = group_codes(rows, by)
    known = group >= 0
    if "respondent" in rows:  # distinct codes per group, and each answer without one
        who = rows["respondent"]
        person = who.cat.codes.to_numpy() if isinstance(who.dtype, pd.CategoricalDtype) else pd.factorize(who)[0]
    else:  # no codes: anonymous
        person = np.full(len(rows), -1)
    count = int(group.max()) + 1 if len(group) else 0
    span = max(int(person.max()) + 1, 1) if len(person) else 1
    coded = known & (person >= 0)
    distinct = pd.unique(group[coded].astype(np.int64) * span + person[coded])  # (group, person) pairs
    people = np.bincount(distinct // span, minlength=count) + np.bincount(group[known & (person < 0)], minlength=count)
    rows = rows.loc[known & (people[np.where(known, group, 0)] >= min_n if count else False)].copy()
    measures = [m for m in SUB_MEASURES if m in rows]
    cells = group_codes(rows, cell)
    for measure in measures:
        answered = np.bincount(cells, weights=rows[measure].notna().to_numpy(), minlength=1)
        few = answered[cells] < min_n
        if few.any():
            for column in SUB_MEASURES[measure]:
                if column in rows:
                    rows.loc[few, column] = None
    return rows


OWN_SIZE = "fewer_than_min_n"
PROTECTS_OTHER = "protects_another_group"
WHOLE_HIDDEN = "whole_breakdown_hidden"


def protect(counts: pd.Series, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """A breakdown of a published total, as published: counts of 1 ... ``min_n - 1`` hidden (NaN),
    and more shown counts hidden (smallest first) until the total minus the shown parts leaves
    every hidden small count free to be any of 1 ... ``min_n - 1`` (:func:`pinned`): "fewer than
    5" then tells a reader nothing more.

    >>> protect(pd.Series({"repeated": 30, "start_only": 12, "anonymous": 3})).tolist()
    [30.0, nan, nan]
    >>> protect(pd.Series({"repeated": 10, "start_only": 4, "anonymous": 4})).tolist()
    [nan, nan, nan]
    >>> protect(pd.Series({"01/25": 9, "02/25": 0, "03/25": 6})).tolist()
    [9.0, 0.0, 6.0]
    """
    out = counts.astype(float)
    return out.mask(_hidden(out.to_numpy(), min_n))


def protect_groups(table: pd.DataFrame, by: Sequence[str], column: str, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """:func:`protect` of each group's breakdown: ``column`` of ``table``'s rows grouped by ``by``
    (as ``groupby(by, observed=True)[column].transform(protect)``; rows without a group name: NaN)."""
    values = table[column].to_numpy(float)
    out = np.full(len(values), np.nan)
    for rows in table.groupby(list(by), observed=True).indices.values():
        part = values[rows]
        out[rows] = np.where(_hidden(part, min_n), np.nan, part)
    return pd.Series(out, index=table.index, name=column)


def _hidden(values: np.ndarray, min_n: int) -> np.ndarray:
    """Which counts of a breakdown :func:`protect` hides (arrays: pandas' indexing cost ten times the rule itself)."""
    small = (values > 0) & (values < min_n)
    hidden = small.copy()
    while small.any() and pinned(values[hidden], small[hidden], min_n):
        candidates = np.flatnonzero(~hidden & (values > 0))
        if candidates.size == 0:
            break
        hidden[candidates[np.argmin(values[candidates])]] = True  # the smallest, the first of equals
    return hidden


def pinned(hidden: pd.Series | np.ndarray, small: pd.Series | np.ndarray, min_n: int) -> bool:
    """Whether a reader who knows the total of the ``hidden`` counts (and that each ``small`` one
    is 1 ... ``min_n - 1``, each other one at least ``min_n``) can rule out a value of 1 ...
    ``min_n - 1`` for a small one: e.g. 8 hidden in two small cells makes both 4.

    >>> pinned(pd.Series([4, 4]), pd.Series([True, True]), 5)
    True
    >>> pinned(pd.Series([3, 2, 9]), pd.Series([True, True, False]), 5)
    False
    """
    total, k_small, k_other = hidden.sum(), int(small.sum()), int((~small).sum())
    if k_small == 0:
        return False
    # the others' bounds: small ones 1 ... min_n - 1, larger ones min_n ... total
    low = total - (k_small - 1) * (min_n - 1) if k_other == 0 else -np.inf
    high = total - (k_small - 1) - k_other * min_n
    return bool(low > 1 or high < min_n - 1)


def protect_table(counts: pd.DataFrame, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """A two-way breakdown whose row and column totals are both published (a unit's answers per
    month and round: the months' totals and the rounds' ``n_answered``), as published: the rule of
    :func:`protect` along every row and every column, and for the rows and columns together (no
    hidden small count may be narrowed below 1 ... ``min_n - 1`` by all the totals at once,
    :func:`pinned_cells`); where one is, the smallest shown count of its row or column is hidden too
    (where none is left, the published totals alone narrow it, and hiding more here cannot help).

    >>> t = pd.DataFrame({"alku": [9, 3], "loppu": [6, 8]}, index=["01", "02"])
    >>> protect_table(t).to_numpy().tolist()
    [[nan, nan], [nan, nan]]
    >>> protect_table(pd.DataFrame({"alku": [9, 0], "loppu": [6, 8]})).to_numpy().tolist()
    [[9.0, 6.0], [0.0, 8.0]]
    """
    totals = counts.astype(float)
    values = totals.to_numpy()
    out = np.where((values > 0) & (values < min_n), np.nan, values)
    free: set = set()
    while True:
        out = _protect_lines(values, out, min_n)
        out = _protect_lines(values.T, out.T, min_n).T
        shown = pd.DataFrame(out, index=totals.index, columns=totals.columns)
        pinned = next(pinned_cells(totals, shown, min_n, free), None)
        if pinned is None:
            return shown
        near = (totals.index == pinned[0])[:, None] | (totals.columns == pinned[1])[None, :]
        if not (near & (out > 0)).any():  # its row and column are hidden: a line they meet
            hidden = np.isnan(out) & (values > 0)
            near = hidden.any(axis=1)[:, None] | hidden.any(axis=0)[None, :]
        line = np.where(near & (out > 0), out, np.inf)
        if np.isinf(line).all():  # nothing left to hide: the published totals alone narrow it
            return shown
        out = out.copy()
        out.flat[np.argmin(line)] = np.nan  # the smallest shown count of those lines, the first in row order


def protect_row_totals(counts: pd.DataFrame, published: pd.DataFrame, min_n: int = DEFAULT_MIN_N) -> pd.Series:
    """The row totals (a unit's months' totals) of a table published by :func:`protect_table`, as
    published: a breakdown of the table's total (:func:`protect`), and none at all where the row and
    column totals would still narrow a hidden count (January 1 at alku and 8 at loppu, February 8
    at alku: February's 8 is alku's, and alku's 9 − 8 gives January's 1).

    >>> t = pd.DataFrame({"alku": [1, 8], "loppu": [8, 0]})
    >>> protect_row_totals(t, protect_table(t)).tolist()
    [nan, nan]
    """
    shown = protect(counts.sum(axis=1), min_n)
    if next(pinned_cells(counts, published, min_n), None) is not None:
        shown[:] = np.nan
    return shown


def _protect_lines(totals: np.ndarray, published: np.ndarray, min_n: int) -> np.ndarray:
    """:func:`protect`'s rule along each row, starting from the cells hidden already (arrays: a
    pandas row per step cost more than the rule)."""
    out = published.copy()
    for i, row in enumerate(totals):
        hidden = np.isnan(out[i])
        small = (row > 0) & (row < min_n)
        while hidden.any() and pinned(row[hidden], small[hidden], min_n):
            candidates = np.flatnonzero(~hidden & (row > 0))
            if candidates.size == 0:
                break
            hidden[candidates[np.argmin(row[candidates])]] = True
        out[i] = np.where(hidden, np.nan, row)
    return out


def pinned_cells(totals: pd.DataFrame, published: pd.DataFrame, min_n: int,
                 free: set | None = None) -> Iterator[tuple]:
    """The hidden small counts (row, column) that the row and column totals together narrow below
    1 ... ``min_n - 1`` (a total of at least ``min_n`` is taken as published; a smaller one is
    hidden wherever it would be). The reader is taken to know which hidden counts are small (1 ...
    ``min_n - 1``) and which larger (at least ``min_n``); its bounds are two linear programs per
    small count (exact here: row and column sums make the integer bounds those of the relaxation).
    ``free`` collects the counts found free; hiding more only widens the bounds, so they are not
    solved again.

    >>> t = pd.DataFrame({"alku": [9, 3], "loppu": [6, 8]})
    >>> list(pinned_cells(t, t.mask(t < 9), 5))
    [(1, 'alku')]
    """
    from .bounds import ranges

    hidden = published.isna().to_numpy() & (totals.to_numpy() > 0)
    values = totals.to_numpy()[hidden]
    small = values < min_n
    if not small.any():
        return
    rows, columns = np.nonzero(hidden)
    known_rows = totals.sum(axis=1).to_numpy() >= min_n  # a total under min_n is hidden itself
    known_columns = totals.sum(axis=0).to_numpy() >= min_n
    lines = ([rows == r for r in np.unique(rows) if known_rows[r]]
             + [columns == c for c in np.unique(columns) if known_columns[c]])
    if not lines:
        return
    equal = np.array(lines, dtype=float)
    sums = np.array([values[line].sum() for line in lines])
    free = set() if free is None else free
    cells = list(zip(totals.index.to_numpy(object)[rows], totals.columns.to_numpy(object)[columns]))
    targets = [np.array([k]) for k in np.flatnonzero(small) if cells[k] not in free]
    low, high = np.where(small, 1.0, float(min_n)), np.where(small, min_n - 1.0, np.inf)

    def wide(least: float, most: float) -> bool:
        """Free: the count may still be any of 1 ... ``min_n - 1``."""
        return least <= 1 + 1e-9 and most >= min_n - 1 - 1e-9

    # lazily: protect_table hides one more count at the first
    for (k,), (least, most), _ in ranges(equal, sums, sums, low, high, targets, wide):
        if not wide(least, most):
            yield cells[k]
        else:
            free.add(cells[k])


def hidden_reason(counts: pd.Series, published: pd.Series, min_n: int = DEFAULT_MIN_N,
                  groups: Sequence[pd.Series] | None = None) -> pd.Series:
    """Why each hidden count is hidden: :data:`OWN_SIZE` (1 ... ``min_n - 1``) or
    :data:`PROTECTS_OTHER` (hidden by :func:`protect` so that another small group cannot be
    worked out); "" for a shown count. A label must never call the second kind small. When every
    non-empty part of a breakdown (of each of ``groups``) is hidden, all get :data:`WHOLE_HIDDEN`:
    the labels then tell nothing (with 1 and 5 of 6 labelled, the 1 would follow).

    >>> n = pd.Series([30, 12, 3])
    >>> hidden_reason(n, protect(n)).tolist()
    ['', 'protects_another_group', 'fewer_than_min_n']
    >>> hidden_reason(pd.Series([1, 5]), protect(pd.Series([1, 5]))).tolist()
    ['whole_breakdown_hidden', 'whole_breakdown_hidden']
    """
    hidden = published.isna()
    bare = hidden | (published == 0)  # every part hidden but the empty ones
    whole = bare.groupby(groups).transform("all") if groups is not None else pd.Series(bare.all(), index=bare.index)
    reason = np.where(hidden, np.where(whole, WHOLE_HIDDEN, np.where(counts < min_n, OWN_SIZE, PROTECTS_OTHER)), "")
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
             sub_counts: dict[str, Sequence[str]] | None = None, hide_text: Sequence[str] = (),
             zero_shown: bool = False) -> pd.DataFrame:
    """Primary suppression of a result table: ``n`` and ``values`` blanked in rows with fewer
    than ``min_n`` (``suppressed``, with ``suppressed_reason``), text columns ``hide_text``
    emptied there too. Rows already hidden by :func:`protect` (``n`` missing and a
    ``suppressed_reason`` given) keep their reason.

    Totals above the finest group need no hiding here: they are computed from published parts
    only (:func:`published_rows`). ``sub_counts`` maps a narrower count to the values computed
    from it (e.g. ``n_scored`` -> the ESIS mean): those get the same rule on their own count.
    With ``zero_shown`` a count of 0 in a breakdown is shown (nobody is in it).

    >>> t = pd.DataFrame({"unit": ["", "x", "y"], "n": [12, 12, 3], "mean": [60.0, 60.0, 54.0]})
    >>> suppress(t, "n", ["mean"])["suppressed"].tolist()
    [False, False, True]
    """
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    out = table.copy()
    raw = pd.to_numeric(out[n], errors="coerce")
    counts = raw.fillna(0).to_numpy()
    hidden = (counts < min_n) & ~(zero_shown & (raw == 0).to_numpy())
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


# -- published precision ---------------------------------------------------------------------
#: Decimals every published value is rounded to (reports, figures and exports alike), by column;
#: ``(table, column)`` overrides a column name that means another scale in one table.
DECIMALS: dict[str | tuple[str, str], int] = {
    **dict.fromkeys(["esis_mean", "esis_sd", "esis_ci_low", "esis_ci_high", "esis_q1", "esis_median", "esis_q3",
                     "mean_before", "mean_after", "mean_diff", "ci_low", "ci_high", "esis_first_mean",
                     "rc_sd", "rc_threshold", "estimate", "df", "wilcoxon_v", "mann_whitney_w",
                     "sd_before", "sd_after", "sd_diff", "months_median"], 1),
    **dict.fromkeys(["eurohis_mean", "t", "d_z", "rank_biserial", "alpha", "alpha_ci_low", "alpha_ci_high",
                     "rc_alpha", "se", "d_z_ci_low", "d_z_ci_high", "d_av", "g_av"], 2),
    **dict.fromkeys(["good_qol_share", "lonely_share", "share_agree", "share_fully_agree", "share_improved",
                     "share_unchanged", "share_worsened", "share"], 3),
    **dict.fromkeys(["p_t", "p_wilcoxon", "p_holm", "p_welch", "p_mann_whitney", "p"], 4),
    ("items", "mean"): 2,
    ("change_items", "mean_diff"): 2,
    ("mixed_model", "ci_low"): 1,
    ("mixed_model", "ci_high"): 1,
}
#: The statistics the audit (:mod:`osallisuus.statistics.audit`) may show more coarsely or
#: withhold, per table: the family's name, its decimals (as published, when coarsened), the
#: columns rounded together (a CI's midpoint is the mean), and the companions withheld when the
#: family is coarsened (a t or p-value with the CI gives the mean back to more decimals).
FAMILIES: dict[str, tuple[str, tuple[int, int], list[str], list[str]]] = {
    "summary": ("esis", (1, 0), ["esis_mean", "esis_sd", "esis_ci_low", "esis_ci_high", "esis_q1", "esis_median",
                                 "esis_q3"], []),
    "change": ("esis", (1, 0), ["mean_before", "mean_after", "mean_diff", "ci_low", "ci_high"],
               ["t", "p_t", "wilcoxon_v", "p_wilcoxon", "d_z", "rank_biserial", "sd_before", "sd_after", "sd_diff",
                "d_z_ci_low", "d_z_ci_high", "d_av", "g_av"]),
    "respondent_types": ("esis", (1, 0), ["esis_first_mean"], []),
    "cross_sectional": ("esis", (1, 0), ["mean_before", "mean_after", "mean_diff", "ci_low", "ci_high"],
                        ["t", "p_welch", "mann_whitney_w", "p_mann_whitney"]),
    "items": ("statement", (2, 1), ["mean"], []),
    "change_items": ("statement", (2, 1), ["mean_diff"], ["p_wilcoxon", "p_holm"]),
    "trajectory": ("esis", (1, 0), ["esis_mean", "ci_low", "ci_high"], []),
    "yearly_change": ("esis", (1, 0), ["mean_before", "mean_after", "mean_diff", "ci_low", "ci_high"], ["d_z"]),
}
#: Which statistic the audit coarsens first when several make an answer too narrow: those
#: derived from subsets of a round (pairs, respondent types) before the levels of the rounds.
AUDIT_ORDER = ("yearly_change", "trajectory", "respondent_types", "change_items", "change", "cross_sectional", "items",
               "summary")
AUDIT_ROUNDED = "rounded"
AUDIT_WITHHELD = "withheld"


def decimals_of(table: str, column: str) -> int:
    """The decimals ``column`` of ``table`` is published with (:data:`DECIMALS`)."""
    return DECIMALS[(table, column)] if (table, column) in DECIMALS else DECIMALS[column]


def publish(tables: dict[str, pd.DataFrame], coarse: dict[tuple, int] | None = None,
            withheld: set[tuple] | None = None) -> dict[str, pd.DataFrame]:
    """The tables as published: every value rounded to :data:`DECIMALS`; families the audit
    coarsened (``coarse``: (table, row, family) -> decimals) rounded further with their companions
    withheld, and withheld families blanked. ``decimals`` gives each row's precision of its
    family and ``audit`` says what the audit did ("", :data:`AUDIT_ROUNDED`, :data:`AUDIT_WITHHELD`).

    >>> t = {"summary": pd.DataFrame({"esis_mean": [54.35484], "esis_sd": [20.1234]})}
    >>> publish(t, {("summary", 0, "esis"): 0})["summary"][["esis_mean", "esis_sd", "decimals", "audit"]].values.tolist()
    [[54.0, 20.0, 0, 'rounded']]
    """
    coarse, withheld = coarse or {}, withheld or set()
    out = {}
    for name, raw in tables.items():
        table = raw.copy()
        for column in table.columns:
            if (name, column) in DECIMALS or column in DECIMALS:
                table[column] = pd.to_numeric(table[column], errors="coerce").round(decimals_of(name, column))
        if name in FAMILIES:
            family, (fine, _), columns, companions = FAMILIES[name]
            columns = [c for c in columns if c in table]
            companions = [c for c in companions if c in table]
            table["decimals"] = fine
            table["audit"] = ""
            by_decimals: dict[int, list] = {}
            for (t, row, f), d in coarse.items():
                if t == name and f == family and row in table.index:
                    by_decimals.setdefault(d, []).append(row)
            for d, rows in by_decimals.items():  # one assignment per precision, not per row
                # from the value as computed: 0.054 is 0.1 to one decimal, not 0.05 rounded again (0.0)
                table.loc[rows, columns] = raw.loc[rows, columns].apply(pd.to_numeric, errors="coerce").astype(float).round(d)
                table.loc[rows, companions] = np.nan
                table.loc[rows, "decimals"] = d
                table.loc[rows, "audit"] = AUDIT_ROUNDED
            gone = [row for t, row, f in withheld if t == name and f == family and row in table.index]
            table.loc[gone, columns + companions] = np.nan
            table.loc[gone, "audit"] = AUDIT_WITHHELD
        out[name] = table
    return out
