"""EUROHIS-QOL 8 (THL wording in FinSote; domain brief, "Neighbouring instruments").

8 items coded 1-5, higher = better, none reversed; score = mean of the items (1-5).
THL's indicator "good quality of life" = mean >= 4. Only complete answers are scored
(an **assumption**, as for ESIS).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import EUROHIS_ITEMS
from ._items import flag, read_items

ITEMS = EUROHIS_ITEMS
GOOD_QOL_THRESHOLD = 4.0


def score(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """``eurohis_score`` (mean 1-5, complete answers only) and ``eurohis_good_qol`` (>= 4).

    >>> df = pd.DataFrame({f"eurohis_{i:02d}": [4, 3] for i in range(1, 9)})
    >>> score(df)["eurohis_good_qol"].tolist()
    [True, False]
    """
    items = read_items(frame, ITEMS)
    mean = np.where((items.answered == len(ITEMS)) & ~items.invalid, items.mean(), np.nan)
    with np.errstate(invalid="ignore"):
        good = flag(mean >= GOOD_QOL_THRESHOLD, np.isnan(mean))
    return {
        "eurohis_score": pd.Series(mean, index=frame.index),
        "eurohis_good_qol": pd.Series(good, index=frame.index),
    }
