"""Questionnaires: one module each, with its items and scoring rule."""

from __future__ import annotations

import pandas as pd

from ..schema import ESIS_ITEMS, EUROHIS_ITEMS, LONELINESS
from . import esis, eurohis, loneliness
from .gas import gas_t_score

ITEMS_BY_INSTRUMENT: dict[str, tuple[str, ...]] = {
    "esis": ESIS_ITEMS,
    "eurohis": EUROHIS_ITEMS,
    "loneliness": (LONELINESS,),
}


def score_all(frame: pd.DataFrame, esis_max_missing: int = esis.DEFAULT_MAX_MISSING) -> pd.DataFrame:
    """Add every instrument's score columns to a canonical table (returns a new frame).

    >>> frame = pd.DataFrame({f"esis_{i:02d}": [5, 4, None] for i in range(1, 11)})
    >>> score_all(frame)["esis_score"].tolist()
    [100.0, 75.0, nan]
    >>> score_all(frame, esis_max_missing=9)["esis_excluded"].tolist()
    [<NA>, <NA>, 'no_answers']
    """
    return frame.assign(
        **esis.score(frame, max_missing=esis_max_missing),
        **eurohis.score(frame),
        **loneliness.score(frame),
    )


__all__ = ["ITEMS_BY_INSTRUMENT", "score_all", "gas_t_score", "esis", "eurohis", "loneliness"]
