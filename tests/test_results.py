"""Result tables on the demo data: effects recovered, small groups hidden, no codes leak."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from osallisuus.cli import main
from osallisuus.intake.demo import TRUE_EFFECTS
from osallisuus.intake.store import Store
from osallisuus.reporting.export import export
from osallisuus.schema import ROUNDS
from osallisuus.statistics.describe import items, summary
from osallisuus.statistics.disclosure import suppress
from osallisuus.statistics.tables import EXPORT_TABLES, result_tables

SMALL = "Perhekerho"
NUMERIC_KEYS = {"bin_low", "bin_high", "occasion", "year"}


@pytest.fixture(scope="module")
def frame(demo_dir):
    return Store(demo_dir).read_responses()


@pytest.fixture(scope="module")
def tables(frame):
    return result_tables(frame)


def test_documented_effects_are_recovered(tables):
    change = tables["change"]
    rows = change[(change["comparison"] == "alku_loppu") & (change["unit"] != "")].set_index("unit")
    for unit, effect in TRUE_EFFECTS.items():
        if unit == SMALL:  # too small: no pair is formed from hidden rounds, so no row at all
            assert unit not in rows.index or rows.loc[unit, "suppressed"]
            continue
        row = rows.loc[unit]
        assert abs(row["mean_diff"] - effect) < 4.5, unit
        if effect > 0:
            assert row["ci_low"] > 0, unit
        elif effect < 0:
            assert row["ci_high"] < 0, unit
        else:
            assert row["ci_low"] < 0 < row["ci_high"], unit


def test_the_small_unit_shows_no_numbers_anywhere(tables):
    for name, table in tables.items():
        mine = table[table["unit"] == SMALL]
        assert mine["suppressed"].all(), name
        numbers = mine.drop(columns=["suppressed", "low_precision"]).select_dtypes("number")
        numbers = numbers.drop(columns=[c for c in numbers if c in NUMERIC_KEYS or c.startswith("rc_")])
        assert numbers.isna().all().all(), name


def _group_sizes(frame: pd.DataFrame) -> pd.Series:
    """Answers per organization, unit and round computed straight from the data."""
    return frame.groupby(["organization", "unit", "round"], observed=True).size()


def test_no_exported_statistic_of_a_group_below_min_n(frame, tables, tmp_path):
    sizes = _group_sizes(frame)
    summary_table = tables["summary"]
    shown = summary_table[~summary_table["suppressed"]]
    for row in shown.itertuples():
        if row.unit:
            assert sizes[(row.organization, row.unit, row.round)] >= 5
        else:  # a total is the sum of its shown parts: subtracting them reveals nothing
            kids = shown[(shown["organization"] == row.organization) & (shown["unit"] != "")
                         & (shown["round"] == row.round)]
            assert row.n_answered == kids["n_answered"].sum()
            assert row.n_scored == kids["n_scored"].sum()
    for name, table in tables.items():
        shown = table[~table["suppressed"]]
        n_cols = [c for c in ("n_answered", "n", "n_pairs", "n_respondents", "n_before", "n_after") if c in table]
        assert n_cols, name
        counts = shown[n_cols]
        if name == "respondent_types":  # a type nobody is in is shown as 0
            counts = counts.mask(counts == 0, 5)
        assert (counts >= 5).all().all(), name


def test_exports_hold_no_respondent_code(frame, tables, tmp_path, demo_dir):
    codes = set(frame["respondent"].dropna())
    raw_codes = set(pd.read_csv(Store(demo_dir).raw / "silta_kanoninen.csv")["respondent"].dropna())
    for fmt in ("csv", "xlsx", "parquet"):
        for path in export(tables, tmp_path / fmt, fmt):
            blob = path.read_bytes()
            if fmt == "csv":
                text = blob.decode("utf-8")
                assert not any(code in text for code in codes | raw_codes)
            else:
                frames = (pd.read_excel(path, sheet_name=None, engine="calamine") if fmt == "xlsx"
                          else {path.stem: pd.read_parquet(path)})
                for table in frames.values():
                    cells = set(table.astype(str).to_numpy().ravel())
                    assert not cells & (codes | raw_codes)
    assert "respondent" not in {c for t in tables.values() for c in t.columns}


def test_export_command_writes_every_table(demo_dir, tmp_path):
    assert main(["export", "--data", str(demo_dir), "--out", str(tmp_path), "--format", "csv"]) == 0
    facts = {*EXPORT_TABLES, "themes", "pace", "follow_ups"}
    dimensions = {"organizations", "groups", "services", "rounds", "comparisons", "statements", "references", "themes_dim"}
    assert {p.stem for p in tmp_path.glob("*.csv")} == facts | dimensions | {"dictionary"}  # the demo has open answers
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert Store(demo_dir).version() in readme and f"pandas {pd.__version__}" in readme  # data and package versions
    summary_csv = pd.read_csv(tmp_path / "summary.csv", keep_default_na=False)
    assert set(summary_csv["round"]) == set(ROUNDS) - {"mittaus_5", "mittaus_6"}
    assert {"organization", "unit", "round", "n_answered", "n_scored", "n_excluded", "esis_mean", "esis_sd",
            "esis_ci_low", "esis_ci_high", "esis_median", "suppressed", "low_precision"} <= set(summary_csv.columns)
    assert (summary_csv["unit"] == "").any()  # organization rows
    assert set(summary_csv["level"]) == {"region", "organization", "unit"}


def test_summary_mean_and_ci_by_hand():
    scores = [50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    frame = pd.DataFrame({"organization": "A", "unit": "u", "round": "alku", "esis_score": scores,
                          "eurohis_score": np.nan, "eurohis_good_qol": pd.array([pd.NA] * 6, dtype="boolean"),
                          "lonely": pd.array([True, False, False, False, True, False], dtype="boolean")})
    row = summary(frame, min_n=5).iloc[-1]
    low, high = stats.t.interval(0.95, 5, loc=75, scale=np.std(scores, ddof=1) / np.sqrt(6))
    assert row["esis_mean"] == 75.0 and np.isnan(row["esis_median"])  # quartiles only from 20 scores
    assert row["esis_sd"] == pytest.approx(np.std(scores, ddof=1))
    assert (row["esis_ci_low"], row["esis_ci_high"]) == pytest.approx((low, high))
    assert row["lonely_share"] == pytest.approx(2 / 6)
    assert np.isnan(row["eurohis_mean"]) and row["low_precision"]


def test_item_shares_by_hand():
    answers = [5, 4, 4, 3, 2, 5, 1]
    frame = pd.DataFrame({"organization": "A", "unit": "u", "round": "alku",
                          **{f"esis_{i:02d}": answers for i in range(1, 11)},
                          "esis_score": [100, 75, 75, 50, 25, 100, None]})  # the last one is not scored
    row = items(frame).query("unit == 'u' and item == 'esis_01'").iloc[0]
    # statements cover the scored answers, as the ESIS score does
    assert (row["n"], row["share_agree"], row["share_fully_agree"]) == (6, pytest.approx(4 / 6), pytest.approx(2 / 6))


def test_suppression_hides_small_rows_and_sub_counts():
    t = pd.DataFrame({"organization": ["A"] * 3, "round": "alku", "unit": ["x", "y", "z"],
                      "n": [20, 7, 3], "n_scored": [20, 4, 3], "mean": [61.0, 58.0, 55.0]})
    out = suppress(t, "n", ["n_scored"], sub_counts={"n_scored": ["mean"]})
    assert out["suppressed"].tolist() == [False, False, True]
    assert np.isnan(out.loc[1, "mean"]) and np.isnan(out.loc[1, "n_scored"])  # y: only 4 scored
    assert out.loc[0, "mean"] == 61.0 and out["low_precision"].tolist() == [False, True, False]


def test_totals_are_computed_from_published_parts_only():
    rows = pd.DataFrame({"organization": "A", "unit": ["x"] * 12 + ["y"] * 6 + ["z"] * 3, "round": "alku",
                         "respondent": [f"r{i}" for i in range(21)], "date": pd.NaT,
                         **{f"esis_{i:02d}": 4 for i in range(1, 11)}})
    rows.loc[rows["unit"] == "y", "esis_01"] = None  # y: only... nobody scored at max_missing 0
    scored = rows.assign(esis_score=lambda f: f[[f"esis_{i:02d}" for i in range(1, 11)]].mean(axis=1, skipna=False)
                         .sub(1).mul(25), eurohis_good_qol=None, eurohis_score=None, lonely=None)
    table = summary(scored).set_index("unit")
    assert table.loc["", "n_answered"] == 18  # z (3) is in no total
    assert table.loc["", "n_scored"] == 12  # y's answers are shown, its ESIS is not (0 scored)
    assert np.isnan(table.loc["z", "n_answered"])


def test_a_unit_report_shows_the_numbers_the_export_publishes(demo_dir, frame):
    """One audit for every publication: the unit report's rows are the export's rows, to the
    decimal, and reliable change rests on the unit's own published alku SD."""
    from osallisuus.reporting.sections import Report
    from osallisuus.statistics.groups import REGION_BY, with_region
    from osallisuus.statistics.tables import published_tables

    unit = "Työpaja Orimattila"
    report = Report.load(str(demo_dir), organization="Järvimaan hyvinvointialue", unit=unit)
    published, _ = published_tables(with_region(frame), by=REGION_BY)  # the export's one audit, region rows too
    published = {name: table.drop(columns="region") for name, table in published.items()}
    for name in ("summary", "change", "respondent_types", "items"):
        mine = report._rows(name).reset_index(drop=True)
        export = published[name][published[name]["unit"] == unit].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, export, check_dtype=False)
    summary = published["summary"].set_index(["unit", "round"])
    change = published["change"].set_index(["unit", "comparison"])
    assert change.loc[(unit, "first_last"), "rc_sd"] == summary.loc[(unit, "alku"), "esis_sd"]


