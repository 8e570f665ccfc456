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
    n = len(frame)
    if any(c not in frame.columns for c in items):
        return np.full((n, len(items)), np.nan), np.zeros(n, dtype=bool)
    values = np.empty((n, len(items)))
    invalid = np.zeros(n, dtype=bool)
    for j, col in enumerate(items):
        column = frame[col]
        values[:, j] = _as_float(column)
        if not _is_number(column):  # text that is not a number is present but invalid
            invalid |= column.notna().to_numpy() & np.isnan(values[:, j])
    valid = np.isin(values, VALID_CODES)
    invalid |= (~np.isnan(values) & ~valid).any(axis=1)
    values[~valid] = np.nan
    return values, invalid


def row_mean(values: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """Mean of the answered items of each row (NaN where nothing was answered)."""
    total = np.nansum(values, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered > 0, total / np.maximum(answered, 1), np.nan)


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _as_float(column: pd.Series) -> np.ndarray:
    """Numbers as floats (NaN for missing); anything that is not a number becomes NaN."""
    if _is_number(column):
        return column.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def flag(values: np.ndarray, missing: np.ndarray) -> pd.arrays.BooleanArray:
    """A nullable boolean column from a bool array and its missing mask."""
    return pd.arrays.BooleanArray(np.asarray(values, dtype=bool) & ~missing, missing)
