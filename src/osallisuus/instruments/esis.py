"""THL Osallisuusindikaattori (ESIS, Experiences of Social Inclusion Scale).

Rules (domain brief, "THL Osallisuusindikaattori"; sources THL and Leemann et al. 2022):

* 10 positively worded statements ``esis_01`` ... ``esis_10``, answers coded 1-5, none
  reversed. "En osaa sanoa" and blank are missing.
* Score 0-100 = (mean of the items - 1) / 4 * 100, i.e. (sum - 10) * 2.5 for a complete
  answer. The linear reading is an **assumption** (THL only says "0-100").
* Missing items: by default only respondents who answered all 10 are scored
  (``DEFAULT_MAX_MISSING = 0``, an **assumption**); ``max_missing=k`` scores those with at
  most k missing items on the mean of the answered ones. Excluded respondents are counted.
* Group level only: THL does not recommend assessing individual clients with it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS
from ._items import read_items

ITEMS = ESIS_ITEMS
#: How many of the 10 items may be missing for a respondent still to be scored.
DEFAULT_MAX_MISSING = 0

#: Reasons a respondent is left unscored (values of ``esis_excluded``).
EXCLUDED_REASONS = {
    "no_answers": ("ei yhtään vastausta osallisuusväittämiin", "no ESIS item answered"),
    "missing_items": ("liian monta väittämää vastaamatta", "too many ESIS items missing"),
    "invalid_values": ("väittämässä virheellinen arvo", "an ESIS item holds an invalid value"),
}


def score(frame: pd.DataFrame, max_missing: int = DEFAULT_MAX_MISSING) -> dict[str, pd.Series]:
    """ESIS columns for a canonical table: ``esis_n_answered``, ``esis_score``, ``esis_excluded``.

    >>> df = pd.DataFrame({f"esis_{i:02d}": [5, 3] for i in range(1, 11)})
    >>> score(df)["esis_score"].tolist()
    [100.0, 50.0]
    """
    if not 0 <= max_missing < len(ITEMS):
        raise ValueError(f"max_missing must be between 0 and {len(ITEMS) - 1}, got {max_missing}")
    items = read_items(frame, ITEMS)
    invalid, answered, total = items.invalid, items.answered, items.total
    # (mean - 1) / 4 * 100 written as (sum - n) * 25 / n: exact multiples of 2.5 for full answers
    with np.errstate(invalid="ignore", divide="ignore"):
        points = (total - answered) * 25.0 / answered
    enough = answered >= len(ITEMS) - max_missing
    ok = enough & ~invalid
    reasons = ["invalid_values", "no_answers", "missing_items"]
    which = np.select([invalid, answered == 0, ~enough], [0, 1, 2], len(reasons))  # the last: none
    index = frame.index
    return {
        "esis_n_answered": pd.Series(answered, index=index, dtype="Int8"),
        "esis_score": pd.Series(np.where(ok, points, np.nan), index=index),
        "esis_excluded": pd.Series(_strings([*reasons, None], which), index=index),
    }


def _strings(per_value: list, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A ``string`` column of one value per code, made once per value rather than per row."""
    if pd.StringDtype().storage != "pyarrow":
        return pd.array(np.array(per_value, dtype=object)[codes], dtype="string")
    import pyarrow as pa

    return pd.arrays.ArrowStringArray(pa.array(per_value, type=pa.large_string()).take(pa.array(codes)))
