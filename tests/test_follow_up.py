"""Pace for supervisors: whose next measurement is due or overdue in a unit measuring every
three months, counts only, under the disclosure rules."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.statistics.disclosure import pinned_cells, protect, protect_table
from osallisuus.statistics.follow_up import (
    follow_up_status,
    follow_up_table,
    follow_ups,
    pace_table,
    sum_shown,
    unit_pace,
)

from .helpers import examples

AS_OF = pd.Timestamp("2025-12-31")


def _people(spec: dict[str, list[tuple[str, str]]]) -> pd.DataFrame:
    return pd.DataFrame([{"organization": "Polku ry", "unit": "Työtoiminta", "respondent": person, "round": r,
                          "date": pd.Timestamp(d)} for person, answers in spec.items() for r, d in answers])


def _unit() -> pd.DataFrame:
    """A unit measuring every three months: months since each person's latest answer on 31.12.2025."""
    spec = {}
    for k in range(6):  # väli in late September: 3.x months → due
        spec[f"due{k}"] = [("alku", "2025-06-20"), ("väli", f"2025-09-{20 + k}")]
    for k in range(5):  # alku in August: 4.x months → overdue (over a month late)
        spec[f"late{k}"] = [("alku", f"2025-08-{10 + k}")]
    for k in range(7):  # alku in November → not yet
        spec[f"new{k}"] = [("alku", f"2025-11-{10 + k}")]
    for k in range(5):  # alku in spring, nothing since: over 6 months → lapsed
        spec[f"gone{k}"] = [("alku", f"2025-03-{10 + k}")]
    for k in range(8):  # the 12-month follow-up ends the sequence
        spec[f"done{k}"] = [("alku", "2024-06-01"), ("loppu", "2024-12-01"), ("seuranta_12kk", "2025-12-01")]
    return _people(spec)


def test_due_and_overdue_follow_ups_of_a_unit_measuring_every_three_months():
    rows = _unit()
    status = follow_up_status(rows, 3, AS_OF)
    people = rows.loc[status.index, "respondent"].str.rstrip("0123456789")
    assert pd.crosstab(people, status).to_dict("index") == {
        "done": {"due": 0, "ended": 8, "lapsed": 0, "overdue": 0, "waiting": 0},
        "due": {"due": 6, "ended": 0, "lapsed": 0, "overdue": 0, "waiting": 0},
        "gone": {"due": 0, "ended": 0, "lapsed": 5, "overdue": 0, "waiting": 0},
        "late": {"due": 0, "ended": 0, "lapsed": 0, "overdue": 5, "waiting": 0},
        "new": {"due": 0, "ended": 0, "lapsed": 0, "overdue": 0, "waiting": 7}}
    assert follow_ups(rows, 3, AS_OF).to_dict() == {"waiting": 7, "due": 6, "overdue": 5, "lapsed": 5, "ended": 8}


def test_a_six_month_interval_and_a_yearly_round_wait_longer():
    rows = _unit()
    assert follow_ups(rows, 6, AS_OF).to_dict() == {"waiting": 18, "due": 0, "overdue": 5, "lapsed": 0, "ended": 8}
    yearly = _people({"y": [("vuosimittaus", "2025-03-01")], "z": [("vuosimittaus", "2024-12-10")]})
    assert follow_up_status(yearly, 3, AS_OF).tolist() == ["due", "waiting"]


def test_loppu_ends_the_sequence_only_where_the_unit_records_nothing_after_it():
    cycle = _people({"a": [("alku", "2025-01-10"), ("loppu", "2025-07-10")]})
    assert follow_up_status(cycle, 3, AS_OF).tolist() == ["ended"]
    on = _people({"a": [("alku", "2025-01-10"), ("loppu", "2025-07-10")], "b": [("seuranta_6kk", "2025-12-01")]})
    assert follow_up_status(on, 3, AS_OF).tolist() == ["overdue", "waiting"]  # 5.7 months after loppu


def test_small_counts_are_hidden_with_a_second_one_and_totals_need_every_part():
    rows = _unit()
    rows = rows[~rows["respondent"].str.startswith(("late1", "late2", "late3"))]  # 2 overdue left
    shown = follow_ups(rows, 3, AS_OF)
    assert np.isnan(shown["overdue"]) and shown.isna().sum() >= 2  # the rest would pin the 2
    assert shown["ended"] == 8
    total = sum_shown([shown, follow_ups(_unit(), 3, AS_OF)])
    assert total["ended"] == 16 and total.isna().sum() == shown.isna().sum()
    months = unit_pace(_unit(), ["2025-09", "2025-10", "2025-11"])[1]
    assert months.loc["2025-09", "väli"] == 6 and months.loc["2025-11", "alku"] == 7


def test_a_unit_table_leaves_no_small_count_narrowed_by_its_month_and_round_totals():
    """The counterexample of row-only protection: the round's total (alku 12, published as the
    round's n) minus the shown 9 would give the hidden 3; hidden in a row and a column together, the
    totals still leave every hidden small count free to be 1 ... 4."""
    counts = pd.DataFrame({"alku": [9, 3, 6], "loppu": [6, 8, 7]}, index=["2025-01", "2025-02", "2025-03"])
    by_rows = counts.apply(lambda month: protect(month, 5), axis=1)  # the row rule alone
    assert by_rows.loc["2025-01", "alku"] == 9 and list(pinned_cells(counts, by_rows, 5)) == [("2025-02", "alku")]
    published = protect_table(counts, 5)
    assert published.isna().sum().sum() >= 3 and list(pinned_cells(counts, published, 5)) == []


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=2, max_size=6))
def test_no_published_month_and_round_table_pins_a_small_count(rows):
    counts = pd.DataFrame(rows, columns=["alku", "väli", "loppu"])
    published = protect_table(counts, 5)
    shown = published.notna()
    assert ((published == counts) | ~shown).all().all()
    assert not ((counts > 0) & (counts < 5) & shown).any().any()
    for row, column in pinned_cells(counts, published, 5):  # only where the totals alone narrow it
        assert not (published.loc[row] > 0).any() and not (published[column] > 0).any()


def test_pace_and_follow_up_tables_add_up_units_only_where_every_part_is_shown():
    one = _unit()
    two = _unit().assign(unit="Paja", respondent=lambda t: "p" + t["respondent"])
    two = two[~two["respondent"].str.startswith(("plate1", "plate2", "plate3"))]  # 2 overdue: hidden
    frame = pd.concat([one, two], ignore_index=True).assign(region="")
    by = ["region", "organization", "unit"]
    pace = pace_table(frame, by, 5)
    assert set(pace.columns) >= {"month", "round", "count", "suppressed", "suppressed_reason"}
    cell = pace[pace["organization"] != ""].set_index(["unit", "month", "round"])["count"]
    assert cell[("Työtoiminta", "2025-11", "alku")] == 7
    assert np.isnan(cell[("Paja", "2025-08", "")])  # the month's total is 2
    assert cell[("Työtoiminta", "2025-11", "")] == 7
    # Paja's months with only alku (8, 5, 6, 7) and alku's 28 would give August's 2: no month total shown
    assert pace.loc[(pace["unit"] == "Paja") & (pace["round"] == ""), "count"].isna().all()
    assert np.isnan(cell[("", "2025-11", "")])
    assert np.isnan(cell[("Paja", "2025-08", "alku")])  # 2
    assert np.isnan(cell[("Paja", "2025-11", "alku")])  # alku's n (28) minus the shown months would give the 2
    assert np.isnan(cell[("", "2025-11", "alku")])  # so the organization's total is hidden too
    assert cell[("", "2025-12", "seuranta_12kk")] == 16 == 2 * cell[("Paja", "2025-12", "seuranta_12kk")]
    units = pace[pace["unit"] != ""]
    for (month, rnd), part in units.groupby(["month", "round"]):
        total = pace[(pace["unit"] == "") & (pace["organization"] != "") & (pace["month"] == month) & (pace["round"] == rnd)]
        assert total["count"].isna().item() == part["count"].isna().any()
    follow = follow_up_table(frame, by, 3, AS_OF, 5).set_index(["organization", "unit", "status"])["count"]
    assert follow[("Polku ry", "Työtoiminta", "due")] == 6 and np.isnan(follow[("Polku ry", "Paja", "overdue")])
    assert np.isnan(follow[("Polku ry", "Paja", "due")])  # hidden too: the rest would pin the 2
    assert np.isnan(follow[("Polku ry", "", "due")]) and np.isnan(follow[("", "", "overdue")])
    assert follow[("Polku ry", "", "ended")] == 16 == follow[("", "", "ended")]


def test_months_totals_are_withheld_where_with_the_rounds_totals_they_give_a_hidden_count():
    """January: 1 at alku, 8 at loppu; February: 8 at alku. Every cell but February's loppu (0) can
    be hidden, yet February's total 8 is all alku, and alku's 9 − 8 gives January's 1: so no
    month's total of the unit is shown."""
    when = ["2025-01-10"] * 9 + ["2025-02-10"] * 8
    rounds = ["alku"] + ["loppu"] * 8 + ["alku"] * 8
    frame = pd.DataFrame({"region": "", "organization": "A", "unit": "x", "respondent": [f"r{i}" for i in range(17)],
                          "round": rounds, "date": pd.to_datetime(when)})
    pace = pace_table(frame, ["region", "organization", "unit"], 5)
    unit = pace[pace["unit"] == "x"].set_index(["month", "round"])["count"]
    assert unit.loc[[("2025-01", ""), ("2025-02", "")]].isna().all()
    assert unit[("2025-01", "alku")] != 1 and np.isnan(unit[("2025-01", "alku")])


def test_the_follow_up_table_counts_each_unit_as_its_own_follow_up_status():
    """The table finds every unit's latest answers at once: the same counts as each unit alone."""
    from osallisuus import example_data
    from osallisuus.statistics.disclosure import published_rows
    from osallisuus.statistics.follow_up import STATUSES

    frame = example_data()
    frame["round"] = frame["round"].astype(str)
    frame.loc[frame.index[::7], "round"] = "seuranta_12kk"  # a sequence ended, and a unit measuring on
    table = follow_up_table(frame, ["organization", "unit"], 3, AS_OF, min_n=1)
    units = table.loc[table["unit"] != ""].set_index(["organization", "unit", "status"])["count"]
    rows = published_rows(frame, ["organization", "unit"], 1)
    for (org, unit), part in rows.groupby(["organization", "unit"]):
        counts = follow_up_status(part, 3, AS_OF).value_counts().reindex(list(STATUSES), fill_value=0)
        assert units.loc[(org, unit)].tolist() == counts.astype(float).tolist(), (org, unit)
