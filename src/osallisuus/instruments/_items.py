"""Shared helpers for item-based instruments (codes 1-5)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

VALID_CODES = (1, 2, 3, 4, 5)


@dataclass
class Items:
    """The items of an instrument, read column by column: per row, whether it holds a value that
    is not a code (``invalid``), the number of valid answers and their sum (exact: the codes are
    small integers)."""

    invalid: np.ndarray
    answered: np.ndarray
    total: np.ndarray

    def mean(self) -> np.ndarray:
        """Mean of the answered items of each row (NaN where nothing was answered)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.answered > 0, self.total / np.maximum(self.answered, 1), np.nan)


def read_items(frame: pd.DataFrame, items: tuple[str, ...]) -> Items:
    """A per-row flag of invalid values and each row's count and sum of valid answers.

    A value is valid when it is one of the codes 1-5. Invalid values (0, 6, 2.5 ...) are
    never scored: they are not counted and the row is flagged.
    """
    n = len(frame)
    invalid = np.zeros(n, dtype=bool)
    answered = np.zeros(n, dtype=np.int64)
    total = np.zeros(n)
    if any(c not in frame.columns for c in items):
        return Items(invalid, answered, total)
    # the Int8 columns' counts and sums in small integers, added in once at the end (exact either way)
    codes_answered = np.zeros(n, dtype=np.int16)
    codes_total = np.zeros(n, dtype=np.int16)
    for col in items:
        column = frame[col]
        if isinstance(column.dtype, pd.Int8Dtype):  # the store's answer codes: integers, read as they are
            missing = column.isna().to_numpy()
            data = column.to_numpy(dtype=np.int8, na_value=0)
            # one of the codes 1-5 (a missing row reads 0): as bytes, 1-5 less 1 are 0-4, anything else more
            valid = data.view(np.uint8) - np.uint8(VALID_CODES[0]) <= VALID_CODES[-1] - VALID_CODES[0]
            invalid |= ~(valid | missing)
            codes_answered += valid
            codes_total += np.where(valid, data, np.int8(0))
            continue
        x = _as_float(column)
        if not _is_number(column):  # text that is not a number is present but invalid
            invalid |= column.notna().to_numpy() & np.isnan(x)
        with np.errstate(invalid="ignore"):
            valid = (x >= VALID_CODES[0]) & (x <= VALID_CODES[-1]) & (x == np.floor(x))  # one of the codes
        invalid |= ~valid & ~np.isnan(x)
        answered += valid
        total += np.where(valid, x, 0.0)
    answered += codes_answered
    total += codes_total
    return Items(invalid, answered, total)


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
