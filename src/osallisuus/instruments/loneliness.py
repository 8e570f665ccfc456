"""THL loneliness question "Tunnetteko itsenne yksinäiseksi?" (domain brief).

Answers 1 en koskaan, 2 harvoin, 3 joskus, 4 melko usein, 5 jatkuvasti. THL's indicator
is the share answering "melko usein tai jatkuvasti" (codes 4-5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import LONELINESS
from ._items import flag, read_items

ITEMS = (LONELINESS,)
LONELY_CODES = (4, 5)


def score(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """``lonely``: True for "fairly often or continuously", False for 1-3, NA when missing.

    >>> score(pd.DataFrame({"loneliness": [1, 4, None]}))["lonely"].tolist()
    [False, True, <NA>]
    """
    items = read_items(frame, ITEMS)
    code = np.where(items.answered > 0, items.total, np.nan)  # the one item's valid code
    lonely = flag(np.isin(code, LONELY_CODES), np.isnan(code))
    return {"lonely": pd.Series(lonely, index=frame.index)}
