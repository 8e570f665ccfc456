"""Nobody's answers can be worked out from what is published: each route an attacker used
against the earlier releases, on data built for it, first against the unprotected tables (the
route works) and then against what is published (the audit leaves at least the protection
levels); an independent attacker (tests/attacker.py) over a region of 36 units; and a hidden
unit elsewhere changes nothing that is published."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pandas as pd
import pytest

from osallisuus.statistics.disclosure import hidden_reason, pinned, protect
from osallisuus.statistics.tables import EXPORT_TABLES, published_tables, result_tables

from .attacker import Attacker

ITEMS = [f"esis_{i:02d}" for i in range(1, 11)]
LEVELS = {"esis_score": 10.0, "statement": 2.0}
MIN_N = 5


def _answer(rng, level: float, missing: float = 0.0) -> dict:
    items = np.clip(np.round(rng.normal(level, 1.0, 10)), 1, 5)
    answer = {item: (np.nan if rng.random() < missing else float(v)) for item, v in zip(ITEMS, items)}
    complete = not any(np.isnan(v) for v in answer.values())
    return {**answer, "esis_score": (sum(answer.values()) - 10) * 2.5 if complete else np.nan}


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    for item in ITEMS:
        frame[item] = frame[item].astype("Int8")
    return frame.assign(eurohis_score=np.nan, eurohis_good_qol=pd.NA, lonely=pd.NA, language="fi", service="palvelu")


def _person(rng, org, unit, code, rounds, level=3.5, missing=0.0, day=1) -> list[dict]:
    month = {"alku": 1, "väli": 4, "loppu": 7}
    return [{"organization": org, "unit": unit, "respondent": code, "round": r, "date": f"2025-{month[r]:02d}-{day:02d}",
             **_answer(rng, level + 0.2 * k, missing)} for k, r in enumerate(rounds)]


def _unit(rng, org, unit, patterns: dict[tuple, int], start=0) -> list[dict]:
    """People by the rounds they answered: {("alku", "loppu"): 12, ("loppu",): 1}."""
    rows, k = [], start
    for rounds, count in patterns.items():
        for _ in range(count):
            rows += _person(rng, org, unit, f"{unit}-{k}", rounds, level=rng.uniform(2.5, 4.5), day=1 + k % 27)
            k += 1
    return rows


def _leaks(frame: pd.DataFrame, tables: dict) -> list:
    return Attacker(frame, tables, MIN_N).read().narrowest(LEVELS)


def _raw(frame: pd.DataFrame) -> dict:
    """The tables at full precision, as the export carried them before the audit."""
    tables = result_tables(frame, names=EXPORT_TABLES)
    for table in tables.values():
        table["decimals"] = 12
    return tables


def _published(frame: pd.DataFrame) -> dict:
    return published_tables(frame, names=EXPORT_TABLES)[0]


# -- each route on data built for it --------------------------------------------------------
def test_level_minus_pairs_gives_one_persons_score_and_statements_no_more():
    """A round's mean over 13 and the same round's mean inside the change table over 12 pairs:
    13·mean − 12·mean_after was the 13th person's exact score (and, with the statement means and
    their change, every statement answer). Demo data: Sosiaalinen kuntoutus Heinola, 27,5."""
    rng = np.random.default_rng(1)
    frame = _frame(_unit(rng, "A", "paja", {("alku", "loppu"): 12, ("loppu",): 1}))
    late = frame[(frame["respondent"] == "paja-12")].iloc[0]
    before = _leaks(frame, _raw(frame))
    exact = [leak for leak in before if leak[0] == "esis_score" and leak[1] == 1]
    assert exact and exact[0][2] == pytest.approx(late["esis_score"]) == pytest.approx(exact[0][3])
    assert any(leak[0] == "esis_01" and leak[1] == 1 for leak in before)
    assert _leaks(frame, _published(frame)) == []


def test_round_mean_minus_pairs_and_types_leaves_the_protection_interval():
    """first_last pairs minus alku_loppu pairs (a person answering alku and väli only) and the
    repeated respondents' first mean minus the pairs' before mean gave one person's alku score."""
    rng = np.random.default_rng(2)
    frame = _frame(_unit(rng, "A", "paja", {("alku", "väli", "loppu"): 8, ("alku", "loppu"): 6, ("alku", "väli"): 1,
                                            ("alku",): 6}))
    assert any(leak[1] == 1 for leak in _leaks(frame, _raw(frame)))
    assert _leaks(frame, _published(frame)) == []


def test_a_person_with_a_missing_statement_enters_no_statement_mean():
    """The statement means covered answers the score left out, so the sum of such a person's
    other nine answers followed from the statement means and the score mean. Now statements
    cover the scored answers, as the score does."""
    rng = np.random.default_rng(3)
    rows = _unit(rng, "A", "paja", {("alku",): 8})
    rows[0]["esis_05"], rows[0]["esis_score"] = np.nan, np.nan
    items = _published(_frame(rows))["items"]
    assert (items.loc[items["unit"] == "paja", "n"] == 7).all()


def test_reliable_change_rests_on_the_groups_own_start_scores():
    """rc_sd was the SD of every alku score in the store, hidden units and other organizations
    included: one hidden answer was a root of a quadratic. Now it is the group's own alku SD."""
    rng = np.random.default_rng(4)
    frame = _frame(_unit(rng, "A", "paja", {("alku", "loppu"): 10}) + _unit(rng, "B", "pieni", {("alku",): 1}))
    tables = _published(frame)
    change = tables["change"].set_index(["unit", "comparison"])
    summary = tables["summary"].set_index(["unit", "round"])
    assert change.loc[("paja", "first_last"), "rc_sd"] == summary.loc[("paja", "alku"), "esis_sd"]


@pytest.mark.slow
def test_no_breakdown_pins_a_hidden_count():
    """Every breakdown of 2 to 4 parts with totals 5 ... 30: after protect(), each hidden count
    of 1 ... 4 can still be any of 1 ... 4, given the total, the shown parts and the labels
    ("fewer than 5" or "hidden for another group", i.e. at least 5). The old rule left 117
    three-way breakdowns where a hidden count followed exactly."""
    checked = 0
    for parts, top in ((2, 16), (3, 16), (4, 8)):
        for counts in itertools.product(range(0, top), repeat=parts):
            if not 5 <= sum(counts) <= 30:
                continue
            series = pd.Series(counts, dtype=float)
            shown = protect(series, MIN_N)
            if (shown.isna() | (series == 0)).all():  # labelled alike: a reader learns only the total
                assert set(hidden_reason(series, shown, MIN_N)[shown.isna()]) == {"whole_breakdown_hidden"}
                continue
            hidden = series[shown.isna()]
            small = (hidden > 0) & (hidden < MIN_N)
            possible = _possible(hidden.sum(), small.to_numpy())
            for k in np.flatnonzero(small.to_numpy()):
                assert possible[k] >= set(range(1, MIN_N)), (counts, shown.tolist())
            checked += 1
    assert checked > 4_000


def _possible(total: float, small: np.ndarray) -> list[set]:
    """By enumeration: the values each hidden cell can take (small ones 1 ... 4, others ≥ 5)."""
    return _enumerated(int(total), tuple(map(bool, small)))


@functools.cache  # the breakdowns above repeat the same few totals and patterns thousands of times
def _enumerated(total: int, small: tuple[bool, ...]) -> list[set]:
    ranges = [range(1, MIN_N) if s else range(MIN_N, total + 1) for s in small]
    seen = [set() for _ in small]
    for values in itertools.product(*ranges):
        if sum(values) == total:
            for k, v in enumerate(values):
                seen[k].add(v)
    return seen


def test_pinned_matches_enumeration():
    for hidden in ([4, 4], [3, 2, 9], [1, 5], [2, 3], [1, 1, 7], [4, 4, 12]):
        h = pd.Series(hidden, dtype=float)
        small = (h < MIN_N).to_numpy()
        possible = _possible(h.sum(), small)
        free = all(possible[k] >= set(range(1, MIN_N)) for k in np.flatnonzero(small))
        assert pinned(h, pd.Series(small), MIN_N) == (not free), hidden


def test_published_values_carry_only_the_published_precision():
    """Figures draw from these tables, so an SVG coordinate is no more exact than a table."""
    rng = np.random.default_rng(5)
    frame = _frame(_unit(rng, "A", "paja", {("alku", "loppu"): 12, ("loppu",): 1}))
    for name, table in _published(frame).items():
        if "decimals" not in table:
            continue
        for column in ("esis_mean", "esis_ci_low", "mean_before", "mean_after", "mean_diff", "esis_first_mean", "mean"):
            if column in table:
                values = table[column].dropna() * 10.0 ** table.loc[table[column].notna(), "decimals"]
                assert np.allclose(values, np.round(values)), (name, column)


def test_every_table_has_a_row_for_every_group_and_totals_tell_the_truth():
    """A hidden unit has a suppressed row in every table; an organization's respondent-type
    total is shown only when every unit's part is shown (no "58 / 58 (100 %)" from missing parts)."""
    rng = np.random.default_rng(6)
    frame = _frame(_unit(rng, "A", "iso", {("alku", "loppu"): 20, ("alku",): 3})
                   + _unit(rng, "A", "toinen", {("alku", "loppu"): 9, ("alku",): 7})
                   + _unit(rng, "A", "pieni", {("alku",): 3}))
    tables = _published(frame)
    for name, table in tables.items():
        units = set(table["unit"])
        assert {"", "iso", "toinen", "pieni"} <= units, name
        assert table.loc[table["unit"] == "pieni", "suppressed"].all(), name
    types = tables["respondent_types"].set_index(["unit", "type"])
    assert np.isnan(types.loc[("iso", "start_only"), "n"])  # 3: hidden
    assert np.isnan(types.loc[("", "start_only"), "n"])  # so the total is hidden too, not 7
    assert types.loc[("", "start_only"), "suppressed_reason"] == "protects_another_group"


def test_one_answer_per_respondent_and_round_everywhere():
    rng = np.random.default_rng(7)
    rows = _unit(rng, "A", "paja", {("alku", "loppu"): 8})
    rows += _person(rng, "A", "paja", "paja-0", ["alku"], day=20)  # answered alku twice: the later counts
    frame = _frame(rows)
    tables = _published(frame)
    summary = tables["summary"].set_index(["unit", "round"])
    assert summary.loc[("paja", "alku"), "n_answered"] == 8
    later = frame[(frame["respondent"] == "paja-0") & (frame["round"] == "alku")].sort_values("date").iloc[-1]
    alku = frame[(frame["round"] == "alku")].drop_duplicates("respondent", keep="last")
    assert summary.loc[("paja", "alku"), "esis_mean"] == pytest.approx(alku["esis_score"].mean(), abs=0.05)
    assert later["esis_score"] in alku["esis_score"].tolist()


def test_an_organizations_model_does_not_link_a_person_across_units():
    from osallisuus import mixed_model

    rng = np.random.default_rng(8)
    rows = _unit(rng, "A", "x", {("alku", "väli", "loppu"): 8}) + _unit(rng, "A", "y", {("alku", "väli", "loppu"): 8})
    frame = _frame(rows)
    frame.loc[frame["unit"] == "y", "respondent"] = frame.loc[frame["unit"] == "y", "respondent"].str.replace("y-", "x-")
    model = mixed_model(frame)
    assert (model.loc[model["unit"] == "", "n_respondents"] == 16).all()  # the same code in x and y: two subjects


# -- a region, attacked as a whole -----------------------------------------------------------
def _region(seed: int = 11, units: int = 36) -> pd.DataFrame:
    """36 units in 7 organizations: small rounds, dropouts, repeat answers, anonymous answers,
    a person in two units, units too small, missing statements."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        org, unit = f"Org {u % 7}", f"Yksikkö {u}"
        size = int(rng.choice([3, 4, 6, 8, 12, 18, 25, 40]))
        for k in range(size):
            rounds = [r for r, p in (("alku", 0.85), ("väli", 0.45), ("loppu", 0.55)) if rng.random() < p] or ["loppu"]
            rows += _person(rng, org, unit, f"{u}-{k}", rounds, level=rng.uniform(2.2, 4.6), missing=0.01, day=1 + k % 27)
            if rng.random() < 0.05:  # answered a round twice
                rows += _person(rng, org, unit, f"{u}-{k}", rounds[-1:], day=28)
            if rng.random() < 0.03:  # the same code in the next unit of the organization
                rows += _person(rng, org, f"Yksikkö {(u + 7) % units}", f"{u}-{k}", ["alku"], day=2)
        for _ in range(int(rng.integers(0, 5))):
            rows += [{**_person(rng, org, unit, None, [str(rng.choice(["alku", "loppu"]))])[0]}]
    return _frame(rows)


@pytest.fixture(scope="module")
def region():
    frame = _region()
    return frame, published_tables(frame, names=EXPORT_TABLES)


@pytest.mark.slow
def test_an_attacker_finds_nobody_in_a_region_of_36_units(region, tmp_path):
    """Everything the export publishes (the reports show the same rows), read back from CSV."""
    from osallisuus.reporting.export import export

    frame, (tables, _) = region
    export(tables, tmp_path, "csv")
    read = {name: pd.read_csv(tmp_path / f"{name}.csv", keep_default_na=False, na_values=[""]) for name in tables}
    before = _leaks(frame, _raw(frame))
    assert sum(1 for leak in before if leak[1] == 1) >= 5  # the unprotected tables gave people away
    assert _leaks(frame, read) == []


@pytest.mark.slow
def test_the_audit_keeps_most_of_what_is_published(region):
    """Unit-round ESIS means and change rows still shown (rounded or not) after the audit. The
    region is built to be hard (units of 3 ... 40, change rows of 5 pairs); at the time of
    writing: means 97 %, change rows 84.6 % (the demo: 100 % and 100 %)."""
    frame, (tables, decisions) = region
    raw = result_tables(frame, names=["summary", "change"])
    for name, column, floor in (("summary", "esis_mean", 0.95), ("change", "mean_diff", 0.80)):
        before = raw[name].loc[(raw[name]["unit"] != "") & raw[name][column].notna()]
        after = tables[name].loc[before.index, column]
        assert after.notna().mean() >= floor, (name, after.notna().mean())
    assert {d.action for d in decisions} <= {"rounded", "withheld"}


@pytest.mark.slow
def test_a_hidden_unit_elsewhere_changes_nothing_published(region):
    """One answer in a new unit of another organization: every published number but that unit's
    own (hidden) rows stays the same."""
    frame, (tables, _) = region
    rng = np.random.default_rng(12)
    more = pd.concat([frame, _frame(_person(rng, "Uusi ry", "Yksin", "u-1", ["alku"]))], ignore_index=True)
    again, _ = published_tables(more, names=EXPORT_TABLES)
    for name, table in tables.items():
        new = again[name][again[name]["organization"] != "Uusi ry"].reset_index(drop=True)
        pd.testing.assert_frame_equal(table.reset_index(drop=True), new, check_dtype=False, obj=name)
        assert again[name].loc[again[name]["organization"] == "Uusi ry", "suppressed"].all(), name


# -- a region above the organizations ---------------------------------------------------------
def test_a_region_total_does_not_give_back_what_an_organization_coarsened():
    """A's 13 loppu answers and 12 pairs: its statement means and their change are coarsened to
    protect the one person who answered only loppu. The region's change in each statement (A's
    pairs and B's 25) minus B's own change would give A's back to two decimals, and with it that
    person's answers (one exactly, when the region rows were audited apart from the
    organizations). The audit puts A's part of every region release into A's model, so the
    independent attacker reading the region rows finds nobody, and the region rows are shown."""
    from osallisuus.statistics.groups import REGION_BY, with_region

    rng = np.random.default_rng(3)
    frame = _frame(_unit(rng, "A", "paja", {("alku", "loppu"): 12, ("loppu",): 1})
                   + _unit(rng, "B", "talo", {("alku", "loppu"): 25}))
    tables, decisions = published_tables(with_region(frame), by=REGION_BY, names=EXPORT_TABLES)
    coarsened = {(d.table, tables[d.table].at[d.row, "organization"]) for d in decisions}
    assert ("change_items", "A") in coarsened  # the route: A's change in statements is coarsened
    region = tables["summary"].loc[tables["summary"]["organization"] == ""]
    assert region["esis_mean"].notna().all()
    assert _leaks(frame, tables) == []


def test_a_coarsened_value_is_rounded_from_the_value_as_computed():
    """0.0541 to one decimal is 0.1; rounding the published 0.05 again gave 0.0, an interval
    (−0.05 … 0.05) that does not hold the value and that the audit had not checked."""
    from osallisuus.statistics.disclosure import publish

    table = pd.DataFrame({"mean_diff": [0.0541]})
    assert publish({"change_items": table}, {("change_items", 0, "statement"): 1})["change_items"].at[0, "mean_diff"] == 0.1


def test_statistics_over_the_same_answers_are_found_as_the_same():
    """Releases are compared by their signed rows (sorted) only where count and sums agree: the
    same families as comparing every release's sorted rows."""
    import hashlib

    from osallisuus import example_data
    from osallisuus.statistics.audit import _same_statistics, releases
    from osallisuus.statistics.groups import REGION_BY, with_region
    from osallisuus.statistics.tables import AUDITED_TABLES, table_frame

    frame = table_frame(with_region(example_data()), REGION_BY)
    found = releases(frame, result_tables(frame, REGION_BY, names=AUDITED_TABLES), REGION_BY, 5)
    expected: dict[tuple, list[tuple]] = {}
    for r in found:
        signed = np.sort((r.rows.astype(np.int64) + 1) * np.sign(r.coef).astype(np.int64))
        expected.setdefault((r.measure, hashlib.sha256(signed.tobytes()).digest()), []).extend(r.families())
    reference: dict[tuple, list[tuple]] = {}
    for families in expected.values():
        for family in families:
            reference.setdefault(family, [])
            reference[family] += [f for f in families if f not in reference[family]]
    same = _same_statistics(found)
    assert list(same.items()) == list(reference.items())
    assert any(len(v) > 1 for v in same.values())


@pytest.mark.parametrize("seed", range(40))
def test_a_group_is_left_unsolved_only_where_its_true_range_is_as_wide(seed):
    """``ranges`` skips the linear programs of a group whose sums at earlier solutions (points
    that satisfy every published number) already span what ``wide`` asks: solved anyway, its
    range is at least as wide, and every group it does solve gets the same range as before."""
    from osallisuus.statistics.bounds import ranges

    rng = np.random.default_rng(seed)
    rows, atoms = int(rng.integers(2, 8)), int(rng.integers(3, 12))
    matrix = (rng.random((rows, atoms)) < 0.5).astype(float)
    truth = rng.uniform(0, 100, atoms) * rng.integers(1, 4, atoms)
    sizes = rng.integers(1, 4, atoms).astype(float)
    half = rng.choice([0.0, 0.5, 5.0], rows)
    groups = [np.sort(rng.choice(atoms, int(rng.integers(1, 3)), replace=False)) for _ in range(30)]
    width = float(rng.choice([5.0, 20.0, 60.0]))
    args = (matrix, matrix @ truth - half, matrix @ truth + half, 0 * sizes, 100 * sizes, groups)
    solved = [(lo, hi) for _, (lo, hi), _ in ranges(*args)]
    skipped = 0
    for (low, high), (_, (lo, hi), _) in zip(solved, ranges(*args, lambda a, b: b - a >= width)):
        if (lo, hi) != pytest.approx((low, high), abs=1e-6):  # not solved: an inner range
            skipped += 1
            assert low <= lo + 1e-6 and hi <= high + 1e-6 and hi - lo >= width and high - low >= width
    assert skipped < len(groups)
