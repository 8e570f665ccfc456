"""Cells that a spreadsheet would run as formulas (OWASP "CSV injection").

Names and answers come from exports and are untrusted: text that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return can run as a formula when a person opens the file in
Excel or LibreOffice. Every file meant to be opened in a spreadsheet passes its text cells
through :func:`neutralise`, which puts an apostrophe in front of such text (OWASP's advice).
Numbers, and text that is a plain number such as ``-2.5``, are left as they are. Text that
already starts with an apostrophe gets one more, so :func:`restored_text` can undo the rule
exactly when the project reads its own files back.
"""

from __future__ import annotations

import re

import pandas as pd
from pandas.api.types import infer_dtype

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def neutral_text(value: object) -> object:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run.

    >>> neutral_text("=HYPERLINK(\\"http://x\\")"), neutral_text("-2,5"), neutral_text(-3), neutral_text("Olohuone")
    ('\\'=HYPERLINK("http://x")', '-2,5', -3, 'Olohuone')
    """
    if isinstance(value, str) and (value.startswith("'") or value.startswith(FORMULA_START)
                                   and not _PLAIN_NUMBER.match(value)):
        return "'" + value
    return value


def restored_text(value: object) -> object:
    """The text :func:`neutral_text` was given (for reading the project's own files back).

    >>> all(restored_text(neutral_text(t)) == t for t in ["=1+1", "'=1+1", "''", "-2", "Paja", "'"])
    True
    """
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas.

    >>> t = pd.DataFrame({"unit": ["@SUM(1)", "Paja"], "n": [12, -1]})
    >>> neutralise(t)["unit"].tolist(), neutralise(t)["n"].tolist()
    (["'@SUM(1)", 'Paja'], [12, -1])
    """
    return _map_text(frame, neutral_text)


#: The first characters of the only texts :func:`neutral_text` and :func:`restored_text` change.
CHANGED_START = ("'", *FORMULA_START)
#: The type pandas gives a column of texts made cell by cell (``Series.map``): its text type
#: ``str`` from pandas 3 on (then only the texts that may change are mapped), plain objects before.
MAPPED_TEXT = pd.Series(["x"], dtype=object).map(str).dtype


def _map_text(frame: pd.DataFrame, func) -> pd.DataFrame:
    out = frame.copy()
    by_text = isinstance(MAPPED_TEXT, pd.StringDtype)
    for column in out.columns:
        values = out[column]
        if (by_text and values.dtype == object and values.notna().any()
                and infer_dtype(values, skipna=True) == "string"):
            values = values.astype(MAPPED_TEXT)  # texts alone: typed as the cell-by-cell map would type them
        if by_text and values.dtype == MAPPED_TEXT and values.notna().any():
            # pandas' text column: ``func`` on the texts it may change, not on every cell (the same
            # values and the same column type: a rejected.csv of 600 000 rows took seconds)
            hit = values.str.startswith(CHANGED_START).to_numpy(dtype=bool)
            if hit.any():
                values = values.copy()
                values[hit] = values[hit].map(func)
            out[column] = values
        elif values.dtype == object or isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            out[column] = values.astype(object).map(func)
    out.columns = [func(c) for c in out.columns]
    return out


def restored(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`neutralise` for a table read back from a file it wrote."""
    return _map_text(frame, restored_text)
