"""Cells that a spreadsheet would run as formulas (OWASP "CSV injection").

Names and answers come from exports and are untrusted: text that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return can run as a formula when a person opens the file in
Excel or LibreOffice. Every file meant to be opened in a spreadsheet passes its text cells
through :func:`neutralise`, which puts an apostrophe in front of such text (OWASP's advice).
Numbers, and text that is a plain number such as ``-2.5``, are left as they are.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def neutral_text(value: object) -> object:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run.

    >>> neutral_text("=HYPERLINK(\\"http://x\\")"), neutral_text("-2,5"), neutral_text(-3), neutral_text("Olohuone")
    ('\\'=HYPERLINK("http://x")', '-2,5', -3, 'Olohuone')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas.

    >>> t = pd.DataFrame({"unit": ["@SUM(1)", "Paja"], "n": [12, -1]})
    >>> neutralise(t)["unit"].tolist(), neutralise(t)["n"].tolist()
    (["'@SUM(1)", 'Paja'], [12, -1])
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            out[column] = values.astype(object).map(neutral_text)
    out.columns = [neutral_text(c) for c in out.columns]
    return out
