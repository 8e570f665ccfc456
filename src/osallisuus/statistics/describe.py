"""Group description: counts, ESIS mean with its 95 % CI, per-statement agreement,
EUROHIS-8 and loneliness, per group and round (domain brief, "What published reports show").

Every function takes the canonical table (with scores) and returns a tidy DataFrame with one
row per group (and round). With the default ``by=("organization", "unit")`` there are rows for
each organization (``unit == ""``) and for each unit. Disclosure control is applied here,
once, through :func:`osallisuus.statistics.disclosure.suppress`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS
from .disclosure import DEFAULT_MIN_N, QUANTILES_MIN_N, suppress
from .groups import BY, answers, check_table, complete, group_arrays, group_codes, keyed, level_sources

SUMMARY_VALUES = [
    "n_scored", "n_excluded", "esis_mean", "esis_sd", "esis_ci_low", "esis_ci_high", "esis_q1",
    "esis_median", "esis_q3", "eurohis_n", "eurohis_mean", "good_qol_share", "loneliness_n", "lonely_share",
]


def mean_ci(values: pd.Series | np.ndarray, level: float = 0.95) -> tuple[float, float, float, float]:
    """Mean, SD and the t-based confidence interval of the mean, as statsmodels' ``DescrStatsW(x)``
    computes them (``mean``, ``std_mean * √n``, ``tconfint_mean``): its operations in its order,
    without building the object for every group.

    >>> from statsmodels.stats.weightstats import DescrStatsW
    >>> x = np.array([50.0, 62.5, 47.5, 80.0, 55.0])
    >>> d = DescrStatsW(x)
    >>> mean_ci(x) == (d.mean, d.std_mean * np.sqrt(5), *d.tconfint_mean(alpha=1 - 0.95))
    True
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) < 2:
        return (float(x.mean()) if len(x) else np.nan), np.nan, np.nan, np.nan
    weights = np.ones(x.shape[0])
    total = weights.sum(0)
    mean = np.dot(x.T, weights) / total
    std_mean = np.sqrt(np.dot(((x - mean) ** 2).T, weights) / total) / np.sqrt(total - 1)  # ddof 0, as DescrStatsW
    alpha = 1 - level
    tcrit = _t_quantile(1 - alpha / 2.0, total - 1)
    return float(mean), float(std_mean * np.sqrt(len(x))), float(mean - tcrit * std_mean), float(mean + tcrit * std_mean)


def _t_quantile(q: float, df: float) -> float:
    """``scipy.stats.t.ppf(q, df)``: for 0 < q < 1 and df > 0 its own computation
    (``scipy.special.stdtrit``, the same number), without the distribution's argument handling
    (a fifth of a millisecond a call, a group's every statistic); otherwise scipy's.

    >>> from scipy import stats
    >>> bool(_t_quantile(0.975, 9) == stats.t.ppf(0.975, 9)), bool(_t_quantile(1.0, 9) == stats.t.ppf(1.0, 9))
    (True, True)
    """
    if 0 < q < 1 and df > 0:
        from scipy import special

        return special.stdtrit(df, q)
    from scipy import stats  # here: keeps `import osallisuus` quick

    return stats.t.ppf(q, df)


#: The columns :func:`_summary_row` reads.
_SUMMARY_READS = ("esis_score", "eurohis_score", "eurohis_good_qol", "lonely")


def _summary_row(rows: dict[str, np.ndarray]) -> dict:
    """One group's summary from its rows' columns (:func:`~osallisuus.statistics.groups.group_arrays`),
    computed as pandas computes them on the group's frame: the same numbers."""
    esis, eurohis = rows["esis_score"], rows["eurohis_score"]
    scores = esis[~np.isnan(esis)]
    mean, sd, low, high = mean_ci(scores)
    q1, median, q3 = np.percentile(scores, [25.0, 50.0, 75.0]).tolist() if len(scores) else [np.nan] * 3
    qol, lonely = (rows[c][~np.isnan(rows[c])] for c in ("eurohis_good_qol", "lonely"))
    given = ~np.isnan(eurohis)
    with np.errstate(invalid="ignore"):  # pandas' mean: NaN as 0 in the sum, over the count
        eurohis_mean = np.where(given, eurohis, 0.0).sum() / float(given.sum())
    return {
        "n_answered": len(esis), "n_scored": len(scores), "n_excluded": len(esis) - len(scores),
        "esis_mean": mean, "esis_sd": sd, "esis_ci_low": low, "esis_ci_high": high,
        "esis_q1": q1, "esis_median": median, "esis_q3": q3,
        "eurohis_n": len(qol), "eurohis_mean": eurohis_mean,
        "good_qol_share": qol.mean() if len(qol) else np.nan,
        "loneliness_n": len(lonely), "lonely_share": lonely.mean() if len(lonely) else np.nan,
    }


def _tidy(records: list[dict]) -> pd.DataFrame:
    """Records as a table, ``round`` as plain text (alku / väli / loppu) for export."""
    frame = pd.DataFrame.from_records(records)
    if "round" in frame.columns:
        frame["round"] = frame["round"].astype(str)
    return frame


def summary(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
            shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per group and round: counts, ESIS mean/SD/95 % CI/quartiles, EUROHIS-8, loneliness.

    The suppression count is ``n_answered``; ESIS statistics additionally need ``n_scored >=
    min_n``, EUROHIS and loneliness shares their own n. ``shown``: the published rows of
    ``frame`` (:func:`~osallisuus.statistics.groups.group_levels`), when the caller has them.

    Returns
    -------
    DataFrame
        One row per group and round. Columns: ``organization``, ``unit`` (the ``by`` columns; "" in a total
        row) ... and last ``suppressed`` (statistics hidden), ``suppressed_reason`` (``fewer_than_min_n``,
        ``protects_another_group``, ...), ``low_precision`` (shown, fewer than 20 respondents).

        - ``round``
        - ``n_answered`` forms, ``n_scored`` with an ESIS score, ``n_excluded`` without one
        - ``esis_mean``, ``esis_sd``, ``esis_ci_low``, ``esis_ci_high`` (95 % t-interval) of the 0–100 score
        - ``esis_q1``, ``esis_median``, ``esis_q3`` (from 20 scores up)
        - ``eurohis_n``, ``eurohis_mean`` (1–5), ``good_qol_share`` (mean ≥ 4)
        - ``loneliness_n``, ``lonely_share`` (lonely quite often or all the time)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.summary(osa.example_data())
    >>> row = table[(table["unit"] == "Työpaja Orimattila") & (table["round"] == "alku")].iloc[0]
    >>> bool(row["esis_ci_low"] < row["esis_mean"] < row["esis_ci_high"]), bool(row["n_scored"] <= row["n_answered"])
    (True, True)
    >>> bool(table.loc[table["unit"] == "Perhekerho", "suppressed"].all())
    True
    """
    check_table(frame, by)
    groups = group_arrays(answers(frame), by, min_n=min_n, shown=shown, columns=_SUMMARY_READS)
    records = [{**key, **_summary_row(rows)} for key, rows in groups]
    if not records:
        return pd.DataFrame(columns=[*by, "round", "n_answered", *SUMMARY_VALUES, "suppressed", "low_precision"])
    table = suppress(complete(_tidy(records), frame, by, within=["round"]), "n_answered", SUMMARY_VALUES, min_n=min_n,
                     sub_counts=_SUB_COUNTS)
    few = ~(table["n_scored"] >= QUANTILES_MIN_N)  # a few people's scores could be solved from them
    table.loc[few, ["esis_q1", "esis_median", "esis_q3"]] = np.nan
    return table


_SUB_COUNTS = {
    "n_scored": ["n_excluded"] + [c for c in SUMMARY_VALUES if c.startswith("esis_")],
    "eurohis_n": ["eurohis_mean", "good_qol_share"],
    "loneliness_n": ["lonely_share"],
}


def items(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
          shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per ESIS statement: n, mean, share agreeing (4-5) and fully agreeing (5), per group and
    round, over the scored answers (the same answers as the ESIS score); ``shown`` as in :func:`summary`.

    Returns
    -------
    DataFrame
        One row per group, round and statement. Columns: ``organization``, ``unit`` (the ``by`` columns; ""
        in a total row) ... and last ``suppressed`` (statistics hidden), ``suppressed_reason``
        (``fewer_than_min_n``, ``protects_another_group``, ...), ``low_precision`` (shown, fewer than 20
        respondents).

        - ``round``, ``item`` (``esis_01`` … ``esis_10``)
        - ``n`` answers, ``mean`` (1–5)
        - ``share_agree`` (4–5), ``share_fully_agree`` (5)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.items(osa.example_data())
    >>> sorted(table["item"].unique())[:2], float(table["share_agree"].max()) <= 1
    (['esis_01', 'esis_02'], True)
    """
    check_table(frame, by)
    records = []
    for keys, values, groups in _item_sums(answers(frame), by, min_n, shown):
        n, total, agree, fully = (values[:, i::4] for i in range(4))  # the scored answers, statement by statement
        with np.errstate(invalid="ignore", divide="ignore"):
            mean, agree, fully = total / n, agree / n, fully / n
        for g, key in enumerate(groups):
            key = {**keyed(keys, by, key[:len(keys)]), "round": key[-1]}
            records.extend({**key, "item": item, "n": int(n[g, i]), "mean": mean[g, i], "share_agree": agree[g, i],
                            "share_fully_agree": fully[g, i]} for i, item in enumerate(ESIS_ITEMS))
    if not records:
        return pd.DataFrame(columns=[*by, "round", "item", "n", "mean", "share_agree", "share_fully_agree"])
    table = complete(_tidy(records), frame, by, within=["round"], extra={"item": list(ESIS_ITEMS)})
    return suppress(table, "n", ["mean", "share_agree", "share_fully_agree"], min_n=min_n)


def _item_sums(frame: pd.DataFrame, by: Sequence[str], min_n: int, shown: pd.DataFrame | None
               ) -> Iterator[tuple[list[str], np.ndarray, list[tuple]]]:
    """The groups of :func:`~osallisuus.statistics.groups.group_levels` (by level and round), in
    its order, with per statement over the scored answers: how many answered, the sum of the
    answers, how many agreed (4–5) and fully agreed (5), in one grouped pass per level. The answers
    are whole numbers, so every sum is exact: the same as summing each group's rows."""
    for keys, source in level_sources(frame, by, min_n, shown):
        codes = group_codes(source, [*keys, "round"])  # ngroup's numbers; -1: a missing key
        known = np.flatnonzero(codes >= 0)
        # each group's first row, in the groups' order (np.unique(codes[known], return_index=True)[1], by a hash)
        first = np.flatnonzero(~pd.Series(codes[known]).duplicated().to_numpy())
        first = first[np.argsort(codes[known][first])]
        groups = [tuple(k) for k in source[[*keys, "round"]].iloc[known[first]].to_numpy(dtype=object)]
        scored = (codes >= 0) & source["esis_score"].notna().to_numpy()  # only scored answers count
        codes, count = codes[scored], len(groups)
        values = np.empty((count, 4 * len(ESIS_ITEMS)))
        for i, item in enumerate(ESIS_ITEMS):  # a statement at a time: a few arrays of a level's rows, not 40
            x = source[item].to_numpy(float, na_value=np.nan)[scored]
            answered = ~np.isnan(x)
            values[:, 4 * i] = np.bincount(codes, weights=answered, minlength=count)
            values[:, 4 * i + 1] = np.bincount(codes[answered], weights=x[answered], minlength=count)
            values[:, 4 * i + 2] = np.bincount(codes, weights=x >= 4, minlength=count)
            values[:, 4 * i + 3] = np.bincount(codes, weights=x == 5, minlength=count)
        yield keys, values, groups
