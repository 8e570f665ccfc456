"""Internal consistency of ESIS: Cronbach's alpha with a Feldt 95 % CI, per group and round.

Computed on complete answers (all 10 items). Leemann et al. 2022 report alpha = 0.89 for ESIS
(domain brief). No BSD-licensed library offers alpha (pingouin's is GPL-3 and rounds its CI,
see tooling.md), so the textbook formula is used and tested against R ``psych::alpha``:

    alpha = k / (k - 1) * (1 - sum(item variances) / variance(sum score))

Feldt (1965) interval from the F distribution (scipy), df1 = n - 1, df2 = (n - 1)(k - 1):
    [1 - (1 - alpha) F(1 - a/2), 1 - (1 - alpha) F(a/2)].
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS
from .disclosure import DEFAULT_MIN_N, suppress
from .groups import BY, group_levels

#: Published ESIS alpha (Leemann et al. 2022, n = 847): the default for reliable change.
PUBLISHED_ALPHA = 0.89


def cronbach_alpha(items: pd.DataFrame | np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Alpha and its Feldt confidence interval for complete rows of an (n x k) item matrix.

    >>> a, low, high = cronbach_alpha(np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5], [2, 2, 3]]))
    >>> round(a, 3)  # R psych::alpha: 0.9743590
    0.974
    """
    from scipy import stats  # here: keeps `import osallisuus` quick

    x = np.asarray(items, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    n, k = x.shape
    total_var = x.sum(axis=1).var(ddof=1) if n > 1 else 0.0
    if n < 2 or k < 2 or total_var == 0:
        return np.nan, np.nan, np.nan
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total_var)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2)
    high = 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(alpha), float(low), float(high)


def reliability(frame: pd.DataFrame, by: Sequence[str] = BY, min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """Alpha with 95 % CI per group and round (columns: ..., round, n, alpha, alpha_ci_low, alpha_ci_high).

    >>> import osallisuus as osa
    >>> table = osa.reliability(osa.example_data())
    >>> row = table[(table["unit"] == "Kielikahvila") & (table["round"] == "alku")].iloc[0]
    >>> bool(row["alpha_ci_low"] < row["alpha"] < row["alpha_ci_high"])
    True
    """
    records = []
    for key, rows in group_levels(frame, by, min_n=min_n):
        complete = rows[list(ESIS_ITEMS)].dropna().astype(float)
        alpha, low, high = cronbach_alpha(complete.to_numpy())
        records.append({**key, "n": len(complete), "alpha": alpha, "alpha_ci_low": low, "alpha_ci_high": high})
    columns = [*by, "round", "n", "alpha", "alpha_ci_low", "alpha_ci_high"]
    table = pd.DataFrame.from_records(records, columns=columns).astype({"round": str})
    return suppress(table, "n", columns[-3:], min_n=min_n)
