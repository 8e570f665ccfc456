"""What the reports select and count, tested as plain functions (no kernel, no IPython)."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from osallisuus.reporting.selection import clear_changes, in_period, moved_apart, region_totals, unit_changes


def _change() -> pd.DataFrame:
    return pd.DataFrame({
        "organization": ["K", "K", "K", "J"], "unit": ["", "Olohuone", "Nuorten paja", "Paja"],
        "comparison": "first_last", "mean_diff": [0.0, 4.8, -5.8, 5.2], "ci_low": [-2.6, 1.8, -8.9, 2.3],
        "ci_high": [2.6, 7.9, -2.7, 8.0], "suppressed": [False, False, False, False]})


def test_selection_needs_no_ipython():
    code = "import sys, osallisuus.reporting.selection; assert 'IPython' not in sys.modules, 'IPython imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_organization_whose_units_move_apart_is_found():
    rows = unit_changes(_change(), "K")
    assert list(rows["unit"]) == ["Olohuone", "Nuorten paja"]  # the organization's own row and others' units left out
    up, down = moved_apart(rows)
    assert list(up["unit"]) == ["Olohuone"] and list(down["unit"]) == ["Nuorten paja"]
    hidden = rows.assign(suppressed=[False, True])
    assert all(part.empty for part in moved_apart(hidden))  # a hidden change is never named
    assert all(part.empty for part in moved_apart(rows, threshold=6.0))


def test_regional_clear_changes_and_region_total_use_shown_figures_only():
    shown, up, down = clear_changes(_change())
    assert list(up["unit"]) == ["Olohuone", "Paja"] and list(down["unit"]) == ["Nuorten paja"] and len(shown) == 3
    summary = pd.DataFrame({"organization": ["K", "J", "J"], "unit": ["", "", "Paja"], "round": ["alku"] * 3,
                            "n_answered": [88.0, float("nan"), 50.0]})
    assert region_totals(summary)["alku"] == 88.0  # a hidden organization total adds nothing, units are not added twice


def test_period_limits_leave_undated_answers_out_only_when_set():
    frame = pd.DataFrame({"date": pd.to_datetime(["2024-12-31", "2025-01-01", None])})
    assert len(in_period(frame, {"period_start": "", "period_end": ""})) == 3
    assert len(in_period(frame, {"period_start": "2025-01-01", "period_end": "2025-12-31"})) == 1
