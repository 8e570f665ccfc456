"""Shared helpers for item-based instruments (codes 1-5)."""

from __future__ import annotations

import numpy as np
import pandas as pd

VALID_CODES = (1, 2, 3, 4, 5)


def item_matrix(frame: pd.DataFrame, items: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Items as a float matrix with NaN for missing, and a per-row flag of invalid values.

    A value is valid when it is one of the codes 1-5. Invalid values (0, 6, 2.5 ...) are
    never scored: they are set to NaN and the row is flagged.
    """
    missing_cols = [c for c in items if c not in frame.columns]
    if missing_cols:
        return np.full((len(frame), len(items)), np.nan), np.zeros(len(frame), dtype=bool)
    values = frame.loc[:, list(items)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    present = frame.loc[:, list(items)].notna().to_numpy()
    valid = np.isin(values, VALID_CODES)
    invalid = (present & ~valid).any(axis=1)
    return np.where(valid, values, np.nan), invalid


def row_mean(values: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """Mean of the answered items of each row (NaN where nothing was answered)."""
    total = np.nansum(values, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered > 0, total / np.maximum(answered, 1), np.nan)
