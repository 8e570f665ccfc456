"""Change of the same respondents between measurement rounds (domain brief, "Statistics
conventions"), and the comparisons around it.

* :func:`paired_change`: for each comparison (``first_last`` = each respondent's earliest and
  latest *scored* measurement; ``alku_väli``, ``alku_loppu``, ``väli_loppu``) the paired t-test
  (scipy ``ttest_rel``; CI of the mean difference), the Wilcoxon signed-rank test exactly as
  R's ``wilcox.test(paired = TRUE)`` does by default, Cohen's d_z, the matched-pairs
  rank-biserial r and the shares reliably improved / unchanged / worsened (Jacobson-Truax).
* :func:`item_change`: the same per statement, with Holm-adjusted p-values.
* :func:`respondent_types`: start-only, follow-up-only and repeated respondents.
* :func:`cross_sectional`: start vs follow-up answers as independent groups (Welch t,
  Mann-Whitney); it mixes change with attrition and says so.
* :func:`mixed_model`: a linear mixed model with a random intercept per respondent.

Differences are always after - before: positive = participation grew.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
from scipy import stats

from ..schema import CYCLE, ESIS_ITEMS, round_rank, rounds_in
from .disclosure import DEFAULT_MIN_N, PROTECTS_OTHER, group_codes, hidden_reason, protect_groups, published_rows, suppress
from .groups import BY, answers, check_table, complete, group_arrays, group_levels, keyed, levels, once, slices
from .reliability import PUBLISHED_ALPHA

COMPARISONS: dict[str, tuple[str, str] | None] = {
    "first_last": None,
    "alku_väli": ("alku", "väli"),
    "alku_loppu": ("alku", "loppu"),
    "väli_loppu": ("väli", "loppu"),
}
#: z for the two-sided 95 % reliable change criterion (Jacobson & Truax 1991).
RC_Z = 1.959963984540054
#: For theses (:func:`effect_sizes`): the SDs and effect sizes APA asks for.
EFFECT_VALUES = ["sd_before", "sd_after", "sd_diff", "d_z_ci_low", "d_z_ci_high", "d_av", "g_av"]
CHANGE_VALUES = [
    "mean_before", "mean_after", "mean_diff", "ci_low", "ci_high", "t", "df", "p_t", "wilcoxon_v",
    "p_wilcoxon", "d_z", "rank_biserial", "share_improved", "share_unchanged", "share_worsened",
    *EFFECT_VALUES,
]
#: Respondents by measurement pattern (:func:`respondent_types`).
TYPES = ("repeated", "start_only", "follow_up_only", "anonymous")
CROSS_NOTE = "poikkileikkaus: sekoittaa muutoksen ja vastaajakadon (cross-sectional: mixes change with attrition)"


# -- pairing ----------------------------------------------------------------------------
def measurements(frame: pd.DataFrame, score: str = "esis_score") -> pd.DataFrame:
    """Scored answers with a respondent code (:func:`~osallisuus.statistics.groups.answers`: one
    per respondent, unit and round), ordered by round and date, with ``_row`` naming the row of
    ``frame``. Compute once and pass to :func:`pairs` for several comparisons."""
    rows = answers(frame)
    rows = rows.loc[rows["respondent"].notna() & rows[score].notna()]
    rows = rows.assign(_order=round_rank(rows["round"]), _row=rows.index)
    return rows.sort_values(["_order", "date"], kind="stable", na_position="first")


def pairs(rows: pd.DataFrame, comparison: str, keys: Sequence[str], score: str = "esis_score",
          columns: Sequence[str] = (), person: np.ndarray | None = None) -> pd.DataFrame:
    """One row per respondent with ``before`` and ``after`` (and ``columns`` as ``col_before`` /
    ``col_after``) for a comparison, pairing within ``keys`` (the finest grouping, e.g.
    organization and unit: a respondent's answers in two units are never paired). ``first_last``
    pairs the first and the last round a respondent has a scored answer in. ``rows`` comes from
    :func:`measurements`; ``person``, when the caller has it, is ``group_codes(rows, [*keys, "respondent"])``."""
    if comparison not in COMPARISONS:
        raise ValueError(f"unknown comparison {comparison!r}; use one of {', '.join(COMPARISONS)}")
    group = [*keys, "respondent"]
    wanted = [score, *columns]
    rounds = COMPARISONS[comparison]
    # each person's rows by their group number (-1: a missing key or no respondent code, in no group)
    person = group_codes(rows, group) if person is None else person
    count = int(person.max()) + 1 if len(person) else 0
    if rounds is None:
        # those of people with two or more rows, the first and the last of each (what groupby's
        # transform("size"), head(1) and tail(1) select), in the order of the first
        known = person >= 0
        counted = np.zeros(len(person), dtype=bool)
        counted[known] = np.bincount(person[known])[person[known]] >= 2
        at = np.flatnonzero(counted)
        people = pd.Series(person[at])
        before = at[~people.duplicated(keep="first").to_numpy()]
        last = at[~people.duplicated(keep="last").to_numpy()]
    else:
        first = np.flatnonzero((rows["round"] == rounds[0]).to_numpy(bool))
        last = np.flatnonzero((rows["round"] == rounds[1]).to_numpy(bool))
        if (person[first] < 0).any() or (person[last] < 0).any() or pd.Series(person[first]).duplicated().any() \
                or pd.Series(person[last]).duplicated().any():  # keys a join on them would treat otherwise
            return _joined(rows.iloc[first].set_index(group)[wanted], rows.iloc[last].set_index(group)[wanted], score)
        before = first
    # the inner join of the befores and the afters on the person, in the order of the befores
    where = np.full(count, -1)
    where[person[last]] = last
    after = where[person[before]]
    before, after = before[after >= 0], after[after >= 0]
    one, other = rows.iloc[before].reset_index(drop=True), rows.iloc[after].reset_index(drop=True)
    return pd.DataFrame({**{c: one[c] for c in group}, **{_suffixed(c, score, "before"): one[c] for c in wanted},
                         **{_suffixed(c, score, "after"): other[c] for c in wanted}})


def _suffixed(column: str, score: str, side: str) -> str:
    return side if column == score else f"{column}_{side}"


def _joined(first: pd.DataFrame, last: pd.DataFrame, score: str) -> pd.DataFrame:
    """The pairs of ``first`` and ``last`` (indexed by the group and respondent) joined by pandas."""
    joined = first.merge(last, left_index=True, right_index=True, suffixes=("_before", "_after"))
    return joined.rename(columns={f"{score}_before": "before", f"{score}_after": "after"}).reset_index()


def shown_pairs(shown: pd.DataFrame, comparison: str, by: Sequence[str], columns: Sequence[str] = ()) -> pd.DataFrame:
    """:func:`pairs` of the :func:`measurements` of ``shown`` (published rows), made once per
    ``shown`` (:func:`~osallisuus.statistics.groups.once`): the change tables and the audit pair
    the same answers."""
    def measured() -> pd.DataFrame:  # the columns any pairing reads: a large store's others stay out
        read = [*by, "organization", "unit", "respondent", "round", "date", "esis_score", *ESIS_ITEMS, *columns]
        return measurements(shown[[c for c in shown if c in read]])

    def paired(columns: Sequence[str]) -> pd.DataFrame:
        rows = once(shown, ("measurements", tuple(by)), measured)
        if not all(c in rows for c in columns):
            return pairs(measurements(shown), comparison, by, columns=columns)
        person = once(shown, ("measured people", tuple(by)), lambda: group_codes(rows, [*by, "respondent"]))
        return pairs(rows, comparison, by, columns=columns, person=person)  # each comparison's of the same people

    if comparison == "first_last" and all(c in _ITEM_PAIRS for c in columns) and all(c in shown for c in ESIS_ITEMS):
        # the pairs item_change reads too, made once
        every = once(shown, ("pairs", comparison, tuple(by), _ITEM_PAIRS), lambda: paired(_ITEM_PAIRS))
        if tuple(columns) == _ITEM_PAIRS:
            return every
        return every[[*by, "respondent", "before", *[f"{c}_before" for c in columns], "after",
                      *[f"{c}_after" for c in columns]]]
    return once(shown, ("pairs", comparison, tuple(by), tuple(columns)), lambda: paired(columns))


#: The columns :func:`item_pair_groups` pairs: the first and last of each statement too.
_ITEM_PAIRS = ("_row", *ESIS_ITEMS)


# -- tests -------------------------------------------------------------------------------
@contextmanager
def _quiet() -> Iterator[None]:
    """Silence scipy's warnings about degenerate data (the result is NaN; tables show it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def wilcoxon_r(diff: np.ndarray, with_v: bool = True) -> tuple[float, float, str]:
    """Wilcoxon signed-rank test as R ``wilcox.test(paired = TRUE)`` computes it by default.

    Zero differences are dropped (R's rule). With fewer than 50 non-zero differences and no
    ties or zeros the p-value is exact; otherwise the normal approximation with continuity
    and tie correction. Returns V (= W+, the sum of ranks of positive differences; NaN with
    ``with_v=False``, which spares ranking the differences again), p and the method used.
    """
    d = np.asarray(diff, dtype=float)
    d = d[~np.isnan(d)]
    nonzero = d[d != 0]
    n = len(nonzero)
    if n == 0:
        return 0.0, np.nan, "no non-zero differences"
    exact = n < 50 and n == len(d) and len(np.unique(np.abs(nonzero))) == n
    fast = None if exact else signed_rank_normal(nonzero)
    if fast is not None:  # scipy's numbers, without ranking every difference
        return (fast[0] if with_v else np.nan), float(min(fast[1], 1.0)), "normal approximation, continuity correction"
    method = "exact" if exact else "approx"
    v = stats.rankdata(np.abs(nonzero))[nonzero > 0].sum() if with_v else np.nan  # W+, R's V
    p = stats.wilcoxon(nonzero, method=method, correction=True).pvalue
    return float(v), float(min(p, 1.0)), ("exact" if exact else "normal approximation, continuity correction")


def signed_rank_normal(nonzero: np.ndarray) -> tuple[float, float] | None:
    """W+ (R's V) and the two-sided p of ``stats.wilcoxon(nonzero, method="approx",
    correction=True)`` (no zeros in ``nonzero``), by scipy's own operations on the same numbers,
    but with the ranks of each distinct absolute difference from their counts (a hash of the
    values, no sort of all of them): the rank sums and the tie term are whole numbers or halves, so
    they are exact in any order while below 2⁵³ (else None: call scipy).

    >>> x = np.array([2.5, -5.0, 2.5, 7.5, -2.5, 5.0, 10.0, 2.5] * 10)
    >>> v, p = signed_rank_normal(x)
    >>> res = stats.wilcoxon(x, method="approx", correction=True)
    >>> bool(v == stats.rankdata(np.abs(x))[x > 0].sum()), bool(p == res.pvalue)
    (True, True)
    """
    from scipy import special

    n = len(nonzero)
    codes, values = pd.factorize(np.abs(nonzero))
    counts = np.bincount(codes, minlength=len(values))
    if n * (n + 1) / 2 >= 2**52 or np.sum(counts.astype(float) ** 3) >= 2**52:
        return None
    order = np.argsort(values, kind="stable")
    c = counts[order]
    rank = (np.cumsum(c) - c + 1) + (c - 1) / 2  # scipy's 'average' rank of each distinct value
    v = float(np.sum(rank * np.bincount(codes[nonzero > 0], minlength=len(values))[order]))
    ties = float(np.sum(c**3 - c))
    count = float(n)
    mn = count * (count + 1.0) * 0.25
    se = count * (count + 1.0) * (2.0 * count + 1.0)
    se = float(np.sqrt((se - ties / 2) / 24))
    z = (v - mn) / se
    z = z - float(np.sign(z)) * 0.5 / se
    return v, float(2 * special.ndtr(-abs(z)))


def effect_sizes(before: np.ndarray, after: np.ndarray, level: float = 0.95) -> dict:
    """SDs before, after and of the differences; d_z's CI; d_av and Hedges' g_av, as R's
    effectsize computes them (Lakens 2013):

    * d_z CI: the noncentral t interval of t = d_z·√n (df = n − 1) divided by √n
      (``effectsize::cohens_d(after, before, paired = TRUE)``);
    * d_av = mean difference / ((SD before + SD after) / 2);
    * g_av = d_av · J, J = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)), df = n − 1
      (``effectsize::repeated_measures_d(after, before, method = "av", adjust = TRUE)``).

    >>> e = effect_sizes([50, 55, 60, 62.5], [57.5, 55, 70, 65])
    >>> round(float(e["sd_diff"]), 3), round(float(e["d_av"]), 3)
    (4.564, 0.805)
    """
    from scipy.optimize import brentq
    from scipy.special import gammaln, nctdtr

    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    diff, n = after - before, len(before)
    out = dict.fromkeys(EFFECT_VALUES, np.nan)
    if n < 2:
        return out
    sds = before.std(ddof=1), after.std(ddof=1), diff.std(ddof=1)
    out.update(sd_before=sds[0], sd_after=sds[1], sd_diff=sds[2])
    df = n - 1
    if sds[0] + sds[1] > 0:
        out["d_av"] = diff.mean() / ((sds[0] + sds[1]) / 2)
        if df >= 2:
            out["g_av"] = out["d_av"] * np.exp(gammaln(df / 2) - np.log(np.sqrt(df / 2)) - gammaln((df - 1) / 2))
    if sds[2] > 0:
        t = diff.mean() / sds[2] * np.sqrt(n)
        width = 10 + 2 * abs(t)  # wider than the interval, also for few pairs

        def below(x: float) -> float:  # P(T <= t | ncp = x); scipy gives NaN deep in a tail, where it is 1 or 0
            p = nctdtr(df, x, t)  # what stats.nct.cdf(t, df, x) returns, without its argument handling per call
            return p if np.isfinite(p) else float(x < t)

        with _quiet():
            def ncp(q: float) -> float:
                return brentq(lambda x: below(x) - q, t - width, t + width, xtol=1e-12)

            tail = (1 - level) / 2
            out.update(d_z_ci_low=ncp(1 - tail) / np.sqrt(n), d_z_ci_high=ncp(tail) / np.sqrt(n))
    return out


def _paired_t(after: np.ndarray, before: np.ndarray, level: float = 0.95) -> tuple:
    """t, df, p and the CI of the mean difference of ``stats.ttest_rel(after, before)`` (float
    arrays without NaN, at least two pairs): scipy's own operations in its order (the mean and
    variance of the differences, ``special.stdtr`` and ``special.stdtrit``), the same numbers,
    without its argument handling per group (half a millisecond a call).

    >>> a, b = np.array([55.0, 60.0, 72.5, 50.0, 65.0]), np.array([50.0, 62.5, 60.0, 45.0, 57.5])
    >>> res = stats.ttest_rel(a, b)
    >>> _paired_t(a, b) == (res.statistic, res.df, res.pvalue, *res.confidence_interval(0.95))
    True
    """
    from scipy import special

    d = after - before
    n = d.shape[-1]
    mean = np.mean(d, axis=-1)
    with _quiet(), np.errstate(divide="ignore", invalid="ignore"):
        v = np.mean((d - mean) ** 2, axis=-1)  # scipy's second moment about the mean, then ddof = 1
        v *= n / (n - 1)
        se = np.sqrt(v / n)
        t = np.divide(mean - 0.0, se)
    df = np.int64(n - 1)
    p = 2 * special.stdtr(float(df), -np.abs(t))
    tail = (1 - level) / 2
    low, high = special.stdtrit(df, np.array([tail, 1 - tail]))
    return t, df, p, low * se + mean, high * se + mean


def paired_stats(before: np.ndarray, after: np.ndarray, rc_threshold: float) -> dict:
    """Paired statistics of one group (see module docstring)."""
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    diff = after - before
    n = len(diff)
    out = {"n_pairs": n, "mean_before": before.mean() if n else np.nan, "mean_after": after.mean() if n else np.nan,
           "mean_diff": diff.mean() if n else np.nan}
    if n >= 2 and diff.std(ddof=1) > 0:
        t, df, p, low, high = _paired_t(after, before)
        out.update(t=t, df=df, p_t=p, ci_low=low, ci_high=high, d_z=diff.mean() / diff.std(ddof=1))
    else:
        out.update(t=np.nan, df=n - 1 if n else np.nan, p_t=np.nan, ci_low=np.nan, ci_high=np.nan, d_z=np.nan)
    out.update(effect_sizes(before, after))
    v, p, method = wilcoxon_r(diff)
    m = int((diff[~np.isnan(diff)] != 0).sum())
    # matched-pairs rank-biserial r = (W+ - W-) / (W+ + W-), zeros dropped as in the test
    out.update(wilcoxon_v=v, p_wilcoxon=p, wilcoxon_method=method,
               rank_biserial=4 * v / (m * (m + 1)) - 1 if m else np.nan)
    if n and not np.isnan(rc_threshold):
        out.update(share_improved=np.mean(diff > rc_threshold), share_worsened=np.mean(diff < -rc_threshold))
        out["share_unchanged"] = 1 - out["share_improved"] - out["share_worsened"]
    return out


def alku_sds(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N) -> dict[tuple, float]:
    """Each group's own SD of its published alku scores (the ``summary`` table's alku
    ``esis_sd``), keyed by the group's ``by`` values ("" for a total): the SD behind reliable
    change. A group with no alku answers at all (long-term clients measured yearly) takes its
    first round's published SD instead; a group whose alku round is not published has none."""
    rows = answers(frame)
    out: dict[tuple, float] = {}
    tried: set[tuple] = set()
    arrays = rows["esis_score"].dtype == np.float64  # each group's scores as an array: the same Series made of it
    for rnd in rounds_in(rows["round"]):  # alku first, when there is one
        these = rows.loc[rows["round"] == rnd]
        if _all_tried(these, by, tried):  # a later round only for the groups no earlier one had
            continue
        if arrays:
            groups = ((key, pd.Series(a["esis_score"])) for key, a in
                      group_arrays(these, by, min_n=min_n, columns=("esis_score",), extra=()))
        else:
            groups = ((key, g["esis_score"]) for key, g in
                      group_levels(these, by, extra=(), min_n=min_n, columns=("esis_score",)))
        for key, group in groups:
            k = tuple(key[c] for c in by)
            if k in tried:
                continue
            tried.add(k)
            scores = group.dropna()
            if len(group) >= min_n and len(scores) >= max(min_n, 2):
                out[k] = float(scores.std(ddof=1))
    return out


def _all_tried(rows: pd.DataFrame, by: Sequence[str], tried: set[tuple]) -> bool:
    """Whether every group :func:`~osallisuus.statistics.groups.group_levels` could make of
    ``rows`` at any level of ``by`` (its keys, "" for the finer columns) is in ``tried``."""
    combos = rows[list(by)].drop_duplicates()
    for level in levels(by):
        for values in combos[level].dropna().drop_duplicates().itertuples(index=False):
            if tuple(keyed(level, by, tuple(values)).values()) not in tried:
                return False
    return True


def rc_threshold(sd: float, alpha: float = PUBLISHED_ALPHA) -> float:
    """Jacobson-Truax reliable change threshold 1.96 * SD * sqrt(2) * sqrt(1 - alpha)."""
    return RC_Z * sd * np.sqrt(2.0) * np.sqrt(1.0 - alpha)


def pair_groups(frame: pd.DataFrame, comparison: str, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                columns: Sequence[str] = (), shown: pd.DataFrame | None = None, arrays: Sequence[str] | None = None,
                ) -> Iterator[tuple[dict, pd.DataFrame | dict[str, np.ndarray]]]:
    """(keys, pairs) of a comparison for every level of ``by``: pairs are formed within the
    finest group over published cells only (a hidden round is in no pair), and a total pools
    the pairs of its published groups (at least ``min_n`` pairs). ``_row_before`` and
    ``_row_after`` name the two answers of each pair. ``shown`` is ``published_rows(frame, by,
    min_n)`` when the caller has it (:func:`~osallisuus.statistics.disclosure.published_rows`).
    With ``arrays``, each group's pairs are those columns as arrays (the same rows in the same
    order, no frame per group)."""
    shown = published_rows(frame, by, min_n) if shown is None else shown
    paired = shown_pairs(shown, comparison, by, columns=["_row", *columns])
    published = paired.groupby(list(by), observed=True)["before"].transform("size") >= min_n
    for keys in levels(by):
        source = paired if len(keys) == len(by) else paired[published]
        if arrays is not None:
            values = {c: source[c].to_numpy() for c in arrays}
            for key, at in slices(source, keys):
                yield keyed(keys, by, key), {c: v[at] for c, v in values.items()}
            continue
        for key, rows in source.groupby(keys, observed=True, sort=True):
            yield keyed(keys, by, key), rows


def paired_change(
    frame: pd.DataFrame,
    by: Sequence[str] = BY,
    comparisons: Sequence[str] = tuple(COMPARISONS),
    min_n: int = DEFAULT_MIN_N,
    rc_sd: float | None = None,
    rc_alpha: float = PUBLISHED_ALPHA,
    shown: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Paired change per group and comparison (the ``change`` table).

    Reliable change uses ``rc_sd`` (default: each group's own SD of its published alku scores,
    :func:`alku_sds`, so a group's result rests on its own data only) and ``rc_alpha``
    (default: 0.89, Leemann et al. 2022); both are reported in every row. ``shown``: the published
    rows of ``frame``, when the caller has them (:func:`pair_groups`).

    Returns
    -------
    DataFrame
        One row per group and comparison; differences are after − before. Columns: ``organization``,
        ``unit`` (the ``by`` columns; "" in a total row) ... and last ``suppressed`` (statistics hidden),
        ``suppressed_reason`` (``fewer_than_min_n``, ``protects_another_group``, ...), ``low_precision``
        (shown, fewer than 20 respondents).

        - ``comparison`` (``first_last``, ``alku_väli``, ``alku_loppu``, ``väli_loppu``)
        - ``n_pairs`` respondents with both measurements
        - ``mean_before``, ``mean_after``, ``mean_diff``; ``ci_low``, ``ci_high`` (95 % CI of the mean
          difference)
        - ``t``, ``df``, ``p_t`` (paired t-test)
        - ``wilcoxon_v`` (R's V), ``p_wilcoxon``, ``wilcoxon_method`` (exact or normal approximation)
        - ``d_z`` (mean difference / SD of differences), ``rank_biserial`` (matched-pairs r)
        - ``sd_before``, ``sd_after``, ``sd_diff`` (SDs of the pairs' scores and of their differences)
        - ``d_z_ci_low``, ``d_z_ci_high`` (95 % CI of d_z), ``d_av`` (mean difference / mean of the two
          SDs), ``g_av`` (Hedges' correction of d_av): :func:`effect_sizes`
        - ``share_improved``, ``share_unchanged``, ``share_worsened`` (reliable change)
        - ``rc_sd``, ``rc_alpha``, ``rc_threshold`` (the SD, alpha and threshold behind them)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.paired_change(osa.example_data(), comparisons=["alku_loppu"])
    >>> row = table[table["unit"] == "Nuorten paja"].iloc[0]
    >>> bool(row["n_pairs"] >= 5), bool(row["mean_diff"] < 0)  # the demo unit that declines
    (True, True)
    """
    check_table(frame, by)
    sds = alku_sds(frame, by, min_n) if rc_sd is None else {}
    shown = published_rows(frame, by, min_n) if shown is None else shown
    records = []
    for comparison in comparisons:
        for key, rows in pair_groups(frame, comparison, by, min_n, shown=shown, arrays=("before", "after")):
            sd = rc_sd if rc_sd is not None else sds.get(tuple(key[c] for c in by), np.nan)
            threshold = rc_threshold(sd, rc_alpha)
            records.append({**key, "comparison": comparison, **paired_stats(rows["before"], rows["after"], threshold),
                            "rc_sd": sd, "rc_alpha": rc_alpha, "rc_threshold": threshold})
    columns = [*by, "comparison", "n_pairs", *CHANGE_VALUES, "wilcoxon_method", "rc_sd", "rc_alpha", "rc_threshold"]
    table = complete(pd.DataFrame.from_records(records, columns=columns), frame, by, {"comparison": list(comparisons)})
    return suppress(table, "n_pairs", CHANGE_VALUES, min_n=min_n, hide_text=["wilcoxon_method"])


def item_pair_groups(frame: pd.DataFrame, comparison: str, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                     shown: pd.DataFrame | None = None, columns: Sequence[str] | None = None,
                     ) -> Iterator[tuple[dict, dict[str, dict[str, np.ndarray]]]]:
    """(keys, {statement: pairs answering it at both ends}) for every group at every level of
    ``by``; a total pools the groups where at least ``min_n`` pairs answered the statement.
    A statement's pairs are columns as arrays (no frame per group and statement): ``_row_before``,
    ``_row_after`` and the statement's ``<item>_before``, ``<item>_after``; ``columns`` picks some
    of them, ``diff`` among them being after − before of the statement (the readers that need only
    those select no more). ``shown`` as in :func:`pair_groups`."""
    shown = published_rows(frame, by, min_n) if shown is None else shown
    paired = shown_pairs(shown, comparison, by, columns=_ITEM_PAIRS)
    answered = pd.DataFrame({item: paired[[f"{item}_before", f"{item}_after"]].notna().all(axis=1)
                             for item in ESIS_ITEMS}, index=paired.index)
    published = answered.groupby([paired[c] for c in by], observed=True).transform("sum") >= min_n
    every = ("_row_before", "_row_after", "{item}_before", "{item}_after")
    names = {item: [c.format(item=item) for c in (every if columns is None else columns)] for item in ESIS_ITEMS}

    def array(column: str) -> np.ndarray:  # numbers, selected by position
        if column in ("_row_before", "_row_after"):
            return paired[column].to_numpy()
        if column.startswith("diff"):
            item = column.split(":")[1]
            return array(f"{item}_after") - array(f"{item}_before")
        return paired[column].to_numpy(float, na_value=np.nan)

    columns = {item: [f"diff:{item}" if c == "diff" else c for c in names[item]] for item in ESIS_ITEMS}
    arrays = {c: array(c) for c in dict.fromkeys(c for cs in columns.values() for c in cs)}
    for keys in levels(by):
        usable = (answered if len(keys) == len(by) else answered & published).to_numpy()
        for values, at in slices(paired, keys):
            mine = usable[at]  # one lookup per group, not per statement
            yield keyed(keys, by, values), {
                item: {name: arrays[c][at[mine[:, i]]] for name, c in zip(names[item], columns[item])}
                for i, item in enumerate(ESIS_ITEMS)}


def holm(p: np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values, as R's ``p.adjust(p, "holm")``: ``pmin(1, cummax((n - i + 1) *
    p[o]))[order back]``. (statsmodels' ``multipletests`` gives the same numbers but calls
    ``gc.collect()`` on every call: 1.5 s each with a large store in memory.)

    >>> holm(np.array([0.01, 0.04, 0.03, 0.005, 0.2])).round(3).tolist()
    [0.04, 0.09, 0.09, 0.025, 0.2]
    """
    order = np.argsort(p, kind="stable")
    adjusted = np.empty(len(p))
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate((len(p) - np.arange(len(p))) * p[order]))
    return adjusted


def item_change(frame: pd.DataFrame, by: Sequence[str] = BY, comparison: str = "first_last",
                min_n: int = DEFAULT_MIN_N, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-statement paired change (mean difference, Wilcoxon as R) with Holm-adjusted p
    over the 10 statements of each group; ``shown`` as in :func:`pair_groups`.

    Returns
    -------
    DataFrame
        One row per group and statement. Columns: ``organization``, ``unit`` (the ``by`` columns; "" in a
        total row) ... and last ``suppressed`` (statistics hidden), ``suppressed_reason``
        (``fewer_than_min_n``, ``protects_another_group``, ...), ``low_precision`` (shown, fewer than 20
        respondents).

        - ``comparison``, ``item``
        - ``n_pairs``, ``mean_diff`` (after − before, 1–5 scale)
        - ``p_wilcoxon``, ``p_holm`` (Holm over the 10 statements)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.item_change(osa.example_data())
    >>> bool((table["p_holm"].dropna() >= table["p_wilcoxon"].dropna()).all())
    True
    """
    check_table(frame, by)
    records = []
    for key, per_item in item_pair_groups(frame, comparison, by, min_n, shown=shown, columns=["diff"]):
        group = []
        for item, both in per_item.items():
            diff = both["diff"]
            _, p, _ = wilcoxon_r(diff, with_v=False)
            group.append({**key, "comparison": comparison, "item": item,
                          "n_pairs": len(diff), "mean_diff": diff.mean() if len(diff) else np.nan, "p_wilcoxon": p})
        ps = np.array([g["p_wilcoxon"] for g in group])
        ok = ~np.isnan(ps)
        adjusted = np.full(len(ps), np.nan)
        if ok.any():
            adjusted[ok] = holm(ps[ok])
        for g, p_holm in zip(group, adjusted):
            records.append({**g, "p_holm": p_holm})
    columns = [*by, "comparison", "item", "n_pairs", "mean_diff", "p_wilcoxon", "p_holm"]
    table = complete(pd.DataFrame.from_records(records, columns=columns), frame, by,
                     {"comparison": [comparison], "item": list(ESIS_ITEMS)})
    return suppress(table, "n_pairs", ["mean_diff", "p_wilcoxon", "p_holm"], min_n=min_n)


def first_answers(frame: pd.DataFrame, by: Sequence[str] = BY) -> pd.DataFrame:
    """Each respondent's first answer (earliest round, then date) in a group of ``by`` with the
    respondent's ``type`` (:data:`TYPES`), ``esis_first`` (its score, if scored) and ``_row``
    (its row in ``frame``); each anonymous answer is a respondent of its own."""
    frame = frame[[c for c in frame if c in (*by, "respondent", "round", "date", "esis_score")]]  # what is read
    coded = frame.loc[frame["respondent"].notna()]
    coded = coded.assign(_order=round_rank(coded["round"]), _row=coded.index)
    coded = coded.sort_values(["_order", "date"], kind="stable", na_position="first")
    # each person (group and respondent) by number (-1: a key missing, in no group), in the order
    # of their first answers, as coded.groupby([*by, "respondent"], observed=True, sort=False) lists them
    person = group_codes(coded, [*by, "respondent"])
    grouped = person >= 0
    first = np.flatnonzero(~pd.Series(person).duplicated().to_numpy() & grouped)
    count = int(person.max()) + 1 if len(person) else 0

    def any_of(answered: pd.Series) -> np.ndarray:  # per person of ``first``: any of its answers
        return (np.bincount(person[grouped], weights=answered.to_numpy(bool)[grouped], minlength=count) > 0)[person[first]]

    alku, follow = any_of(coded["round"] == "alku"), any_of(coded["round"] != "alku")
    kind = np.select([alku & follow, alku], ["repeated", "start_only"], "follow_up_only")
    firsts = coded.iloc[first].reset_index(drop=True)
    people = pd.DataFrame({**{c: firsts[c] for c in by}, "type": kind, "esis_first": firsts["esis_score"],
                           "_row": firsts["_row"]})
    anonymous = frame.loc[frame["respondent"].isna()]
    anonymous = pd.DataFrame({**{c: anonymous[c] for c in by}, "type": "anonymous", "esis_first": anonymous["esis_score"],
                              "_row": anonymous.index})
    return pd.concat([people, anonymous], ignore_index=True)


def shown_firsts(shown: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """:func:`first_answers` of ``shown`` (published rows), made once per ``shown``
    (:func:`~osallisuus.statistics.groups.once`): the respondent types and the audit read the same."""
    return once(shown, ("first_answers", tuple(by)), lambda: first_answers(shown, by))


def respondent_types(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                     shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Respondents by measurement pattern: ``start_only`` (alku only), ``follow_up_only`` (no
    alku), ``repeated`` (alku and a follow-up), ``anonymous`` (no code: each answer counted).
    ``esis_first_mean`` is the mean ESIS of each respondent's first answer (earliest round, then
    date); a respondent whose first answer has no score counts in ``n`` but not in ``n_scored``.
    Respondents are counted in published cells (:func:`~osallisuus.statistics.disclosure.published_rows`);
    every group has a row for every type (0 is shown), and a type that would pin a hidden count
    is hidden with the next smallest (:func:`~osallisuus.statistics.disclosure.protect`). A total
    is the sum of its groups' parts, shown only when every part is shown. ``shown``: the published
    rows of ``frame``, when the caller has them.

    Returns
    -------
    DataFrame
        One row per group and respondent type. Columns: ``organization``, ``unit`` (the ``by`` columns; ""
        in a total row) ... and last ``suppressed`` (statistics hidden), ``suppressed_reason``
        (``fewer_than_min_n``, ``protects_another_group``, ...), ``low_precision`` (shown, fewer than 20
        respondents).

        - ``type`` (``repeated``, ``start_only``, ``follow_up_only``, ``anonymous``)
        - ``n`` respondents, ``n_scored`` whose first answer has a score, ``esis_first_mean`` (mean of first
          answers)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.respondent_types(osa.example_data())
    >>> sorted(table["type"].unique())
    ['anonymous', 'follow_up_only', 'repeated', 'start_only']
    """
    check_table(frame, by)
    shown = published_rows(answers(frame), by, min_n) if shown is None else shown
    both = shown_firsts(shown, by)
    finest = both.groupby([*by, "type"], observed=True).agg(
        n=("type", "size"), n_scored=("esis_first", "count"), esis_first_mean=("esis_first", "mean"))
    grid = pd.MultiIndex.from_tuples([(*g, t) for g in shown[list(by)].drop_duplicates().itertuples(index=False)
                                      for t in TYPES], names=[*by, "type"])
    finest = finest.reindex(grid).fillna({"n": 0, "n_scored": 0}).reset_index()  # every type of a shown group
    # a breakdown of each group's respondents: no hidden rest of 1 ... min_n - 1 (disclosure.protect)
    published = protect_groups(finest, by, "n", min_n)
    finest["suppressed_reason"] = hidden_reason(finest["n"], published, min_n, groups=[finest[c] for c in by])
    finest["n"] = published
    finest.loc[finest["n"].isna() | (finest["n_scored"] < min_n), ["n_scored", "esis_first_mean"]] = np.nan
    records = finest.to_dict("records")
    for keys in levels(by)[:-1]:  # totals: sums of the parts, shown only when every part is shown
        parts = finest.assign(_sum=lambda f: f["esis_first_mean"] * f["n_scored"])
        for values, rows in parts.groupby([*keys, "type"], observed=True, sort=True):
            whole = rows["n"].notna().all()
            scored = rows["n_scored"].sum(min_count=1) if whole and rows["n_scored"].notna().all() else np.nan
            records.append({**keyed(keys, by, values[:-1]), "type": values[-1], "n": rows["n"].sum() if whole else np.nan,
                            "n_scored": scored, "esis_first_mean": rows["_sum"].sum(min_count=1) / scored,
                            "suppressed_reason": "" if whole else PROTECTS_OTHER})
    table = pd.DataFrame.from_records(records, columns=[*by, "type", "n", "n_scored", "esis_first_mean",
                                                        "suppressed_reason"])
    table = complete(table, frame, by, {"type": list(TYPES)})
    table = table.sort_values([*by, "type"], kind="stable").reset_index(drop=True)
    return suppress(table, "n", ["n_scored", "esis_first_mean"], min_n=min_n, sub_counts={"n_scored": ["esis_first_mean"]},
                    zero_shown=True)


def cross_sectional(frame: pd.DataFrame, by: Sequence[str] = BY, before: str = "alku", after: str = "loppu",
                    min_n: int = DEFAULT_MIN_N, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """All ``after`` answers against all ``before`` answers as independent groups: Welch t
    (scipy, CI of the difference) and Mann-Whitney as R's ``wilcox.test`` (exact below 50 per
    group without ties, else normal approximation with continuity correction), over the published
    rows (``shown``, when the caller has them).

    Returns
    -------
    DataFrame
        One row per group (not the same people: mixes change with attrition). Columns: ``organization``,
        ``unit`` (the ``by`` columns; "" in a total row) ... and last ``suppressed`` (statistics hidden),
        ``suppressed_reason`` (``fewer_than_min_n``, ``protects_another_group``, ...), ``low_precision``
        (shown, fewer than 20 respondents).

        - ``before``, ``after`` (the rounds), ``n_before``, ``n_after``, ``mean_before``, ``mean_after``,
          ``mean_diff``
        - ``ci_low``, ``ci_high``, ``t``, ``df``, ``p_welch`` (Welch t-test)
        - ``mann_whitney_w``, ``p_mann_whitney``
        - ``note`` (what the comparison mixes)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.cross_sectional(osa.example_data())
    >>> table["note"].iloc[0].startswith("poikkileikkaus")
    True
    """
    check_table(frame, by)
    records = []
    shown = published_rows(answers(frame), by, min_n) if shown is None else shown
    for key, rows in group_levels(shown, by, extra=(), min_n=min_n, shown=shown,  # published_rows of its own rows are those
                                  columns=("round", "esis_score")):
        x = rows.loc[rows["round"] == after, "esis_score"].dropna().to_numpy(float)
        y = rows.loc[rows["round"] == before, "esis_score"].dropna().to_numpy(float)
        rec = {**key, "before": before, "after": after, "n_before": len(y),
               "n_after": len(x), "mean_before": y.mean() if len(y) else np.nan,
               "mean_after": x.mean() if len(x) else np.nan, "note": CROSS_NOTE}
        if min(len(x), len(y)) >= max(min_n, 2):
            with _quiet():
                welch = stats.ttest_ind(x, y, equal_var=False)
                low, high = welch.confidence_interval(0.95)
            exact = len(x) < 50 and len(y) < 50 and len(np.unique(np.r_[x, y])) == len(x) + len(y)
            mw = stats.mannwhitneyu(x, y, alternative="two-sided", use_continuity=True,
                                    method="exact" if exact else "asymptotic")
            rec.update(mean_diff=x.mean() - y.mean(), ci_low=low, ci_high=high, t=welch.statistic, df=welch.df,
                       p_welch=welch.pvalue, mann_whitney_w=mw.statistic, p_mann_whitney=mw.pvalue)
        records.append(rec)
    values_cols = ["mean_before", "mean_after", "mean_diff", "ci_low", "ci_high", "t", "df", "p_welch",
                   "mann_whitney_w", "p_mann_whitney"]
    table = pd.DataFrame.from_records(records).reindex(
        columns=[*by, "before", "after", "n_before", "n_after", *values_cols, "note"])
    table = complete(table.assign(suppressed_reason=""), frame, by)
    table["note"] = CROSS_NOTE
    table[["before", "after"]] = before, after
    table["n_min"] = table[["n_before", "n_after"]].min(axis=1)
    out = suppress(table, "n_min", ["n_before", "n_after", *values_cols], min_n=min_n)
    return out.drop(columns="n_min")


def fixed_effects_cov(fit) -> np.ndarray:
    """Covariance of a random-intercept MixedLM's fixed effects as lme4 computes it,
    σ²(X′V⁻¹X)⁻¹ with the variance parameters held at their REML estimates, from statsmodels'
    own fit (statsmodels' ``bse`` comes from the full Hessian and differs by up to 5 %).
    V⁻¹ of a respondent with n answers is (I − c·11′)/σ², c = τ²/(σ² + nτ²)."""
    sigma2, tau2 = fit.scale, float(np.asarray(fit.cov_re)[0, 0])
    exog = fit.model.exog
    information = exog.T @ exog
    for group in fit.model.exog_li:
        sums = group.sum(axis=0)
        information -= tau2 / (sigma2 + len(group) * tau2) * np.outer(sums, sums)
    return sigma2 * np.linalg.inv(information)


def mixed_model(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                depth: int | None = None) -> pd.DataFrame:
    """ESIS ~ round with a random intercept per respondent (statsmodels MixedLM, REML) over the
    three-phase cycle (:data:`~osallisuus.schema.CYCLE`), for groups with answers in all three
    rounds (over all occasions: :func:`~osallisuus.statistics.occasions.occasion_model`). Every
    scored answer of the cycle is used, also incomplete follow-ups; anonymous answers count as
    respondents of their own. Rows: the väli and
    loppu effects relative to alku with lme4's standard errors (:func:`fixed_effects_cov`),
    95 % Wald CIs and Wald p-values, as R's ``confint(fit, method = "Wald")``.
    ``depth``: fit only the groups of the first ``depth`` levels of ``by`` (an organization's
    report shows its total only); the finer groups' rows keep their counts, without estimates.

    Returns
    -------
    DataFrame
        One row per group and model term. Columns: ``organization``, ``unit`` (the ``by`` columns; "" in a
        total row) ... and last ``suppressed`` (statistics hidden), ``suppressed_reason``
        (``fewer_than_min_n``, ``protects_another_group``, ...), ``low_precision`` (shown, fewer than 20
        respondents).

        - ``term`` (``väli``, ``loppu``: difference from alku)
        - ``n_respondents``, ``n_answers``
        - ``estimate``, ``se`` (as lme4), ``ci_low``, ``ci_high`` (95 % Wald), ``p``
        - ``converged`` (the fit converged)

    Examples
    --------
    >>> import osallisuus as osa
    >>> frame = osa.example_data()
    >>> table = osa.mixed_model(frame[frame["unit"] == "Työpaja Orimattila"], by=("unit",))
    >>> row = table.set_index("term").loc["loppu"]
    >>> bool(row["ci_low"] > 0), bool(row["converged"])
    (True, True)
    """
    check_table(frame, by)
    import statsmodels.formula.api as smf

    records = []
    scored = published_rows(answers(frame), by, min_n)
    scored = scored.loc[scored["esis_score"].notna() & scored["round"].isin(CYCLE)].copy()
    # a respondent within the finest group, as pairs are: answers in two units are two subjects
    scored["subject"] = scored[list(by)].astype(str).agg("\x1f".join, axis=1) + "\x1f" + scored["respondent"].astype(str)
    anonymous = scored["respondent"].isna()
    scored.loc[anonymous, "subject"] = [f"anon{i}" for i in range(int(anonymous.sum()))]
    scored["round"] = pd.Categorical(scored["round"].astype(str), categories=list(CYCLE))
    for key, rows in group_levels(scored, by, extra=(), min_n=min_n):
        n_subjects = rows["subject"].nunique()
        finer = depth is not None and any(key[c] != "" for c in by[depth:])
        if finer or rows["round"].nunique() < 3 or n_subjects < min_n:
            records += [{**key, "term": t, "n_respondents": n_subjects, "n_answers": len(rows)} for t in CYCLE[1:]]
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = smf.mixedlm("esis_score ~ C(round)", rows, groups=rows["subject"]).fit(reml=True)
        se = pd.Series(np.sqrt(np.diag(fixed_effects_cov(fit))), index=fit.fe_params.index)
        for term in CYCLE[1:]:
            name = f"C(round)[T.{term}]"
            estimate = fit.fe_params[name]
            records.append({**key, "term": term, "n_respondents": n_subjects, "n_answers": len(rows),
                            "estimate": estimate, "se": se[name], "ci_low": estimate - RC_Z * se[name],
                            "ci_high": estimate + RC_Z * se[name],
                            "p": 2 * stats.norm.sf(abs(estimate / se[name])), "converged": bool(fit.converged)
                            and not any("converge" in str(w.message).lower() for w in caught)})
    table = pd.DataFrame.from_records(records).reindex(
        columns=[*by, "term", "n_respondents", "n_answers", "estimate", "se", "ci_low", "ci_high", "p", "converged"])
    table = complete(table, frame, by, {"term": list(CYCLE[1:])})
    return suppress(table, "n_respondents", ["n_answers", "estimate", "se", "ci_low", "ci_high", "p"], min_n=min_n)
