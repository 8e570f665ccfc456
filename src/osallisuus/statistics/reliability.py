"""Internal consistency: Cronbach's alpha with a Feldt 95 % CI, for ESIS per group and round,
and for any scale of one's own (items reversed where needed).

No BSD-licensed library offers alpha (pingouin's is GPL-3 and rounds its CI, see tooling.md),
so the textbook formula is used and tested against R ``psych::alpha`` (raw_alpha):

    alpha = k / (k - 1) * (1 - sum(item variances) / sum(item covariance matrix))

The covariances are either *pairwise* (each from the rows that answered both items; psych's
default) or *listwise* (complete rows only; the same when nothing is missing). Leemann et al.
2022 report alpha = 0.89 for ESIS (domain brief); ESIS tables use complete answers, as scores do.

Feldt (1965) interval from the F distribution (scipy), df1 = n - 1, df2 = (n - 1)(k - 1):
    [1 - (1 - alpha) F(1 - a/2), 1 - (1 - alpha) F(a/2)]
(with missing answers and pairwise covariances, n is the rows answering at least two items and
the interval is approximate).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS
from .disclosure import DEFAULT_MIN_N, suppress
from .groups import BY, answers, check_table, complete, group_arrays, group_levels

#: Published ESIS alpha (Leemann et al. 2022, n = 847): the default for reliable change.
PUBLISHED_ALPHA = 0.89
METHODS = ("pairwise", "listwise")
#: As R psych::alpha (its ``use = "pairwise"``).
DEFAULT_METHOD = "pairwise"


class Alpha(NamedTuple):
    alpha: float
    ci_low: float
    ci_high: float
    n: int  # rows used (see the module note)
    method: str


def cronbach_alpha(data: pd.DataFrame | np.ndarray, items: Sequence[str] | None = None, level: float = 0.95,
                   method: str = DEFAULT_METHOD, reverse: Sequence = (), scale: tuple[float, float] | None = None,
                   check: bool = True) -> Alpha:
    """Cronbach's alpha of a scale with its Feldt confidence interval.

    Parameters
    ----------
    data : DataFrame or ndarray
        One row per respondent, one column per item (n x k). Nullable integer columns
        (``osa.load``) work; missing answers are NA.
    items : list of str, optional
        The item columns of ``data`` that form the scale (default: every column).
    level : float
        Confidence level of the interval (default 0.95).
    method : {"pairwise", "listwise"}
        ``"pairwise"`` (default, as R ``psych::alpha``): each covariance from the rows that
        answered both items; ``"listwise"``: complete rows only.
    reverse : list
        Items (column names; positions for an array) scored the other way round, each recoded
        as ``min + max - x`` on the answer ``scale``.
    scale : (min, max), optional
        The answer scale for ``reverse``; without it the smallest and largest answer seen are
        used, as psych does.

    Returns
    -------
    Alpha
        A named tuple ``(alpha, ci_low, ci_high, n, method)``: ``n`` is the number of rows
        used (answering at least two items).

    Warns, as psych does, when an item correlates negatively with the first principal
    component (probably a forgotten reversal); ``check=False`` skips that check.

    Examples
    --------
    >>> import osallisuus as osa
    >>> frame = osa.example_data()
    >>> a = osa.cronbach_alpha(frame, items=[f"esis_{i:02d}" for i in range(1, 11)])
    >>> bool(0.8 < a.alpha < 0.95), a.method
    (True, 'pairwise')
    >>> a = cronbach_alpha(np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5], [2, 2, 3]]))
    >>> round(a.alpha, 3), a.n  # R psych::alpha: 0.9743590
    (0.974, 5)
    >>> osa.cronbach_alpha(frame, items=["esis_01", "esis_11"])
    Traceback (most recent call last):
    ValueError: items: no column 'esis_11' in the table (did you mean 'esis_10'?)

    The test suite checks it against R ``psych::alpha`` on psych's bfi data (pairwise
    0.726735, listwise 0.729277 with C4 and C5 reversed; tests/test_statistics.py).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    x = _as_float_frame(_items_of(data, items), reverse, scale)
    if check:
        _warn_negative(x)
    if method == "listwise":
        x = x.dropna()
    answered = x.notna().sum(axis=1)
    return _alpha(x.cov().to_numpy(), int((answered >= 2).sum()), x.shape[1], level, method)


def _alpha(cov: np.ndarray, n: int, k: int, level: float, method: str) -> Alpha:
    """Alpha and its Feldt interval from the items' covariance matrix (:func:`cronbach_alpha`)."""
    total = cov.sum()
    if n < 2 or k < 2 or not np.isfinite(total) or total == 0:
        return Alpha(np.nan, np.nan, np.nan, n, method)
    alpha = k / (k - 1) * (1 - np.trace(cov) / total)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * _f_quantile(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * _f_quantile(tail, df1, df2)
    return Alpha(float(alpha), float(low), float(high), n, method)


def _f_quantile(q: float, dfn: float, dfd: float) -> float:
    """``scipy.stats.f.ppf(q, dfn, dfd)``: for 0 < q < 1 and positive degrees of freedom its own
    computation (``scipy.special.fdtri``, the same number), without the distribution's argument
    handling (a fifth of a millisecond a call, two per group); otherwise scipy's.

    >>> from scipy import stats
    >>> bool(_f_quantile(0.975, 9, 81) == stats.f.ppf(0.975, 9, 81)), bool(_f_quantile(0.0, 9, 81) == stats.f.ppf(0.0, 9, 81))
    (True, True)
    """
    if 0 < q < 1 and dfn > 0 and dfd > 0:
        from scipy import special

        return special.fdtri(dfn, dfd, q)
    from scipy import stats  # here: keeps `import osallisuus` quick

    return stats.f.ppf(q, dfn, dfd)


def listwise_alpha(items: np.ndarray, level: float = 0.95) -> Alpha:
    """:func:`cronbach_alpha` with ``method="listwise"`` of an items × rows array (NaN: missing),
    by the same operations: the covariances are ``np.cov`` of the complete rows, as pandas'
    ``DataFrame.cov`` computes them without missing values (the same array, the same bits).

    >>> x = np.array([[1, 2, 2, np.nan], [2, 3, 3, 1], [3, 3, 4, 2], [4, 5, 5, 5], [2, 2, 3, 2], [1, 1, 2, 1]])
    >>> listwise_alpha(x.T) == cronbach_alpha(x, method="listwise")
    True
    """
    complete = ~np.isnan(items).any(axis=0)
    x = np.ascontiguousarray(items[:, complete], dtype=float)
    k = x.shape[0]
    return _alpha(np.cov(x, ddof=1), int(complete.sum()) if k >= 2 else 0, k, level, "listwise")


def _items_of(data: pd.DataFrame | np.ndarray, items: Sequence[str] | None) -> pd.DataFrame | np.ndarray:
    """The ``items`` columns of ``data`` (all without ``items``), naming any unknown one."""
    if items is None:
        return data
    if isinstance(items, str):
        raise ValueError(f"items must be a list of column names, e.g. items=[{items!r}], not a string")
    frame = pd.DataFrame(data)
    for item in items:
        if item not in frame.columns:
            import difflib

            close = difflib.get_close_matches(str(item), [str(c) for c in frame.columns], n=1)
            raise ValueError(f"items: no column {item!r} in the table" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return frame[list(items)]


def _as_float_frame(items: pd.DataFrame | np.ndarray, reverse: Sequence, scale: tuple[float, float] | None,
                    copy: bool = True) -> pd.DataFrame:
    """Items as floats (NA -> NaN), the ``reverse`` items recoded as min + max - x; ``copy=False``
    keeps the converted array as it is laid out (for correlations, whose bits do not depend on it)."""
    frame = pd.DataFrame(items)
    x = pd.DataFrame(frame.to_numpy(dtype=float, na_value=np.nan), columns=frame.columns, copy=copy)
    unknown = [item for item in reverse if item not in x.columns]
    if unknown:
        raise ValueError(f"reverse names items that are not in the table: {unknown}")
    if len(reverse):
        low, high = scale if scale is not None else (np.nanmin(x.to_numpy()), np.nanmax(x.to_numpy()))
        x[list(reverse)] = low + high - x[list(reverse)]
    return x


def _warn_negative(x: pd.DataFrame) -> None:
    """psych::alpha's check: items loading negatively on the first principal component."""
    corr = x.corr().to_numpy()
    if x.shape[1] < 2 or not np.isfinite(corr).all():
        return
    loadings = np.linalg.eigh(corr)[1][:, -1]
    loadings = loadings * (1 if loadings.sum() >= 0 else -1)
    negative = [str(c) for c, v in zip(x.columns, loadings) if v < 0]
    if negative:
        warnings.warn(f"Some items ({', '.join(negative)}) were negatively correlated with the first principal "
                      "component and probably should be reversed: use reverse=[...] (and scale=(min, max)).",
                      stacklevel=3)


def reliability(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N,
                items: Sequence[str] = ESIS_ITEMS, method: str = "listwise", reverse: Sequence[str] = (),
                scale: tuple[float, float] | None = None, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Alpha with 95 % CI per group and round (columns: ..., round, n, alpha, alpha_ci_low, alpha_ci_high).

    ``items`` are any item columns (default ESIS); ``method`` defaults to ``"listwise"`` here
    (complete answers, as ESIS scores use); ``reverse`` and ``scale`` as in
    :func:`cronbach_alpha`. A negatively loading item is warned about once, for the whole table.
    ``shown``: the published rows of ``frame`` (:func:`~osallisuus.statistics.groups.group_levels`),
    when the caller has them.

    Returns
    -------
    DataFrame
        One row per group and round. Columns: ``organization``, ``unit`` (the ``by`` columns; "" in a total
        row) ... and last ``suppressed`` (statistics hidden), ``suppressed_reason`` (``fewer_than_min_n``,
        ``protects_another_group``, ...), ``low_precision`` (shown, fewer than 20 respondents).

        - ``round``
        - ``n`` rows used (complete answers by default)
        - ``alpha`` (Cronbach), ``alpha_ci_low``, ``alpha_ci_high`` (Feldt)

    Examples
    --------
    >>> import osallisuus as osa
    >>> table = osa.reliability(osa.example_data())
    >>> row = table[(table["unit"] == "Kielikahvila") & (table["round"] == "alku")].iloc[0]
    >>> bool(row["alpha_ci_low"] < row["alpha"] < row["alpha_ci_high"])
    True
    """
    check_table(frame, by, scores=())
    _items_of(frame.head(0), items)  # names an unknown item
    _warn_negative(_as_float_frame(frame[list(items)], reverse, scale, copy=False))
    records = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "listwise" and not len(reverse):  # each group's items as arrays, no frame per group
            for key, arrays in group_arrays(answers(frame), by, min_n=min_n, shown=shown, columns=items):
                a = listwise_alpha(np.vstack([arrays[c] for c in items]))
                records.append({**key, "n": a.n, "alpha": a.alpha, "alpha_ci_low": a.ci_low, "alpha_ci_high": a.ci_high})
        else:
            for key, rows in group_levels(answers(frame), by, min_n=min_n, shown=shown, columns=items):
                a = cronbach_alpha(rows[list(items)], method=method, reverse=reverse, scale=scale, check=False)
                records.append({**key, "n": a.n, "alpha": a.alpha, "alpha_ci_low": a.ci_low,
                                "alpha_ci_high": a.ci_high})
    columns = [*by, "round", "n", "alpha", "alpha_ci_low", "alpha_ci_high"]
    table = complete(pd.DataFrame.from_records(records, columns=columns).astype({"round": str}), frame, by,
                     within=["round"])
    return suppress(table, "n", columns[-3:], min_n=min_n)
