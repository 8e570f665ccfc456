"""The independent attacker (tests/attacker.py) against the tables issue 21 added: the occasion
trajectory, first → latest change over any rounds, long-term clients' year-to-year change, each
year's publication side by side (the annual report's years) and the pace counts (answers per
month and round, follow-ups due). Each route works on what the audit has not protected, and
finds nobody in what is published."""

from __future__ import annotations

import pandas as pd
import pytest

from osallisuus.intake.store import Store
from osallisuus.statistics import follow_up
from osallisuus.statistics.disclosure import protect, published_rows
from osallisuus.statistics.groups import answers
from osallisuus.statistics.tables import EXPORT_TABLES, published_tables, result_tables

from .attacker import Attacker, pinned_counts
from .test_occasions import three_years

LEVELS = {"esis_score": 10.0, "statement": 2.0}
NAMES = ["summary", "items", "change", "respondent_types", "trajectory", "yearly_change"]
NEW = ("trajectory", "yearly_change")


def test_the_attacker_finds_g_in_the_raw_occasion_tables_and_nobody_in_the_published_ones():
    """G answered in 2023 and 2024 only: the trajectory's second occasion (seven people) and the
    2024 → 2025 pairs (six) differ by G's 2024 answer."""
    frame = three_years()
    raw = result_tables(frame, names=NAMES)
    for table in raw.values():
        table["decimals"] = 12
    found = Attacker(frame, raw).read().narrowest(LEVELS)
    assert any(size == 1 for _, size, _, _ in found)
    tables, _ = published_tables(frame, names=NAMES)
    assert Attacker(frame, tables).read().narrowest(LEVELS) == []


@pytest.fixture(scope="module")
def demo(demo_dir) -> pd.DataFrame:
    return Store(demo_dir).read_responses()


@pytest.fixture(scope="module")
def publication(demo) -> dict[str, pd.DataFrame]:
    """The whole demo's publication (every export table), made once (not named ``published``:
    conftest marks tests using a fixture of that name e2e)."""
    return published_tables(demo, names=EXPORT_TABLES)[0]


def test_the_attacker_reads_the_demos_new_rounds_and_finds_nobody(demo, publication):
    """The whole demo published (rounds up to the yearly measurement, trajectories of the
    repeating units, Päivätoiminta's yearly pairs): the attacker rebuilds every set it reads."""
    attacker = Attacker(demo, publication).read()
    assert {"trajectory", "yearly_change"} <= set(publication) and publication["trajectory"]["esis_mean"].notna().any()
    assert attacker.narrowest(LEVELS) == []


@pytest.fixture(scope="module")
def years(demo) -> dict[int, tuple[pd.DataFrame, dict[str, pd.DataFrame]]]:
    """Each calendar year's answers and that year's publication (every export table), made once."""
    out = {}
    for year in sorted(demo["date"].dropna().dt.year.unique()):
        frame = answers(demo.loc[demo["date"].dt.year == year])
        out[year] = frame, published_tables(frame, names=EXPORT_TABLES)[0]
    return out


@pytest.fixture(scope="module")
def readers(years) -> dict[int, Attacker]:
    """An attacker per calendar year who has read that year's whole publication, made once."""
    return {year: Attacker(frame, tables).read() for year, (frame, tables) in years.items()}


@pytest.mark.slow
def test_the_years_side_by_side_and_the_new_tables_give_away_nothing_more(years, readers):
    """The annual report shows each year as that year's own tables publish it: the attacker reads
    2023, 2024 and 2025 together, with and without the occasion tables, and finds nothing that
    the years' other tables, each year alone, do not already give."""
    alone = [Attacker(frame, {k: t for k, t in tables.items() if k not in NEW}).read() for frame, tables in years.values()]
    each = [finding for attacker in alone for finding in attacker.narrowest(LEVELS)]
    together = Attacker.together(list(readers.values())).narrowest(LEVELS)
    assert len(alone) == 3 and sorted(together) == sorted(each)


@pytest.mark.slow
def test_the_demos_2025_publication_gives_nobody_away(readers):
    """The audit once left Nuorten paja's 3 loppu answers of 7-9/2025 narrowed to 185-190 (a coarse
    value rounded from the rounded one; fixed in the audit): the independent attacker finds nothing."""
    assert readers[2025].narrowest(LEVELS) == []


@pytest.fixture(scope="module")
def rows(demo) -> pd.DataFrame:
    """The demo's answers in published cells (what the pace tables count)."""
    return published_rows(answers(demo), min_n=5)


@pytest.fixture(scope="module")
def paces(rows) -> dict[tuple, tuple[pd.DataFrame, pd.DataFrame]]:
    """Every unit's months and rounds as a report of the whole demo reads them (its batch's
    :func:`follow_up.unit_paces`), made once."""
    return follow_up.unit_paces(rows, ["organization", "unit"], 5)


def _pace(rows: pd.DataFrame, summary: pd.DataFrame, by_round) -> list:
    """Every unit's answers per month and round as published by ``by_round`` (from a unit's rows,
    its months, min_n and its (organization, unit)), read with the month's forms (the pace figure)
    and each round's answers (the published summary) as totals."""
    found = []
    for (org, unit), mine in rows.groupby(["organization", "unit"]):
        dated = mine["date"].dropna()
        span = pd.period_range(dated.min().to_period("M"), dated.max().to_period("M"), freq="M")
        table = by_round(mine, span, 5, (org, unit))
        forms = table.pop(follow_up.ALL_ROUNDS) if follow_up.ALL_ROUNDS in table else protect(
            dated.dt.to_period("M").value_counts().reindex(list(span), fill_value=0), 5)  # the old rule's
        true = pd.crosstab(dated.dt.to_period("M"), mine.loc[dated.index, "round"].astype(str)).reindex(
            index=list(span), columns=table.columns, fill_value=0)
        margins = [([(m, r) for r in table.columns], forms[m]) for m in span if not pd.isna(forms[m])]
        if mine["date"].notna().all():
            answered = summary[(summary["organization"] == org) & (summary["unit"] == unit)].set_index("round")["n_answered"]
            margins += [([(m, r) for m in span], answered[r]) for r in table.columns if not pd.isna(answered.get(r))]
        found += [(unit, *cell) for cell in pinned_counts(table, true, margins)]
    return found


def test_answers_per_month_and_round_give_nobody_away(rows, publication, paces):
    """Each month's breakdown protected on its own (the first rule) let a round's total over the
    period give a hidden count away; protected both ways, nothing is left to work out."""
    def by_month_only(mine, span, min_n, _):
        table = pd.crosstab(mine["date"].dropna().dt.to_period("M"), mine["round"].astype(str))
        return table.reindex(index=list(span), fill_value=0).apply(lambda month: protect(month, min_n), axis=1)

    def as_reported(mine, span, min_n, unit):
        """A unit's months as its report shows them: the rows of its batch-wide table (``unit_paces``)."""
        return paces[unit][1].loc[[str(p) for p in span]].set_axis(list(span), axis=0)

    assert ("Työpaja Orimattila", pd.Period("2025-06", "M"), "alku", 1) in _pace(rows, publication["summary"], by_month_only)
    assert _pace(rows, publication["summary"], as_reported) == []


def test_a_reports_months_are_its_units_tables_over_its_own_months(rows, paces):
    """A report reads its units' months from the batch's table (every unit over the batch's
    months, :func:`follow_up.unit_paces`); each is what the unit's table over its own months
    alone publishes: a month without answers is a row of zeros that changes no decision."""
    fewer = 0
    for key, part in rows.groupby(["organization", "unit"]):
        dated = part["date"].dropna()
        months = [str(p) for p in pd.period_range(dated.min().to_period("M"), dated.max().to_period("M"), freq="M")]
        alone = follow_up.unit_pace(part, months + ([follow_up.UNDATED] if part["date"].isna().any() else []), 5)[1]
        fewer += len(months) < len(paces[key][1]) - 1
        pd.testing.assert_frame_equal(paces[key][1].loc[months], alone.loc[months])
    assert fewer  # some unit's own months are fewer than the batch's


def test_follow_up_counts_give_nobody_away(demo, rows):
    """A unit's people by follow-up status, read with the number of its people (published as
    its respondents): no hidden status count can be worked out."""
    as_of = demo["date"].max()
    for (_, unit), mine in rows.groupby(["organization", "unit"]):
        true = follow_up.follow_up_status(mine, 3, as_of).value_counts().reindex(list(follow_up.STATUSES), fill_value=0)
        shown = follow_up.follow_ups(mine, 3, as_of, 5)
        table, counts = shown.to_frame("n").T, true.to_frame("n").T
        assert pinned_counts(table, counts, [([("n", s) for s in follow_up.STATUSES], true.sum())]) == [], unit
