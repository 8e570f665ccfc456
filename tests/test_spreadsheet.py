"""Formula-like text made harmless for spreadsheets, and restored when read back: every cell as
:func:`neutral_text` alone would make it, whatever the column type."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.spreadsheet import neutral_text, neutralise, restored, restored_text
from tests.helpers import examples

TEXTS = st.sampled_from(["", "'", "''", "'=x", "=1+1", "+3", "-2", "-2,5", "-x", "@SUM(1)", "\tx", "\rx", "Paja",
                         "ä", " =a", "1e5", "+", "-"]) | st.text(max_size=4)
CELLS = st.lists(st.none() | st.just(float("nan")) | st.integers(-3, 3) | TEXTS, max_size=12)
TYPES = st.sampled_from([object, "str", "category", "string"])


def _cell_by_cell(frame: pd.DataFrame, func) -> pd.DataFrame:
    """The rule's definition: ``func`` on every cell of a text column (pandas infers the column's type)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            out[column] = out[column].astype(object).map(func)
    out.columns = [func(c) for c in out.columns]
    return out


@settings(max_examples=examples(300))
@given(st.lists(st.tuples(TYPES, CELLS), min_size=1, max_size=4), st.integers(0, 20))
def test_a_table_is_made_safe_and_restored_as_cell_by_cell(columns, size):
    n = min([size, *(len(cells) for _, cells in columns)])
    frame = pd.DataFrame({f"{i}{cells[0] if cells and cells[0] else ''}": pd.Series(cells[:n], dtype=kind)
                          for i, (kind, cells) in enumerate(columns)})
    for func, rule in ((neutralise, neutral_text), (restored, restored_text)):
        made, expected = func(frame), _cell_by_cell(frame, rule)
        pd.testing.assert_frame_equal(made, expected, check_exact=True)
        assert [repr(made[c].dtype) for c in made] == [repr(expected[c].dtype) for c in expected]
    assert restored(neutralise(frame)).equals(_cell_by_cell(_cell_by_cell(frame, neutral_text), restored_text))
