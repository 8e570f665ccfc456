"""Change over many occasions, on a three-year dataset worked by hand: seven long-term clients
measured yearly (March 2023, 2024, 2025; G not in 2025). Scores (0-100):

    person  2023  2024  2025
    A        50    55    60
    B        40    45    45
    C        60    60    70
    D        30    40    45
    E        70    65    75
    F        55    60    70
    G        45    50     -
"""

import numpy as np
import pandas as pd
import pytest

from osallisuus.instruments import score_all
from osallisuus.schema import ESIS_ITEMS
from osallisuus.statistics.change import paired_change
from osallisuus.statistics.occasions import occasion_model, trajectory, yearly_change
from osallisuus.statistics.tables import published_tables

SCORES = {"A": [50, 55, 60], "B": [40, 45, 45], "C": [60, 60, 70], "D": [30, 40, 45], "E": [70, 65, 75],
          "F": [55, 60, 70], "G": [45, 50]}
# t quantiles: R qt(0.975, 6) and qt(0.975, 5)
T6, T5 = 2.446911851144969, 2.570581835636314


def _answer(score: float) -> dict:
    """Statement answers whose ESIS score is ``score`` (sum − 10) · 2.5."""
    total = int(score / 2.5) + 10
    items = [total // 10 + (1 if k < total % 10 else 0) for k in range(10)]
    return dict(zip(ESIS_ITEMS, items))


def three_years(unit: str = "Asumispalvelu") -> pd.DataFrame:
    rows = []
    for person, scores in SCORES.items():
        for year, score in zip((2023, 2024, 2025), scores):
            rows.append({"organization": "Pitkä ry", "unit": unit, "respondent": person, "round": "vuosimittaus",
                         "date": pd.Timestamp(f"{year}-03-01"), "esis_score": float(score), **_answer(score)})
    return score_all(pd.DataFrame(rows))


def test_the_answers_give_the_scores_of_the_table():
    frame = three_years()
    assert ((frame[list(ESIS_ITEMS)].sum(axis=1) - 10) * 2.5 == frame["esis_score"]).all()


def test_trajectory_by_hand():
    t = trajectory(three_years()).set_index(["unit", "occasion"]).loc["Asumispalvelu"]
    assert t["n"].tolist() == [7, 7, 6]
    # occasion 1: mean 350 / 7 = 50; squares of deviations 1050, SD² = 175, SE = √(175 / 7) = 5
    assert t.loc[1, "esis_mean"] == pytest.approx(50.0)
    assert (t.loc[1, "ci_low"], t.loc[1, "ci_high"]) == pytest.approx((50 - T6 * 5, 50 + T6 * 5))
    # occasion 2: 375 / 7; occasion 3: 365 / 6, SD² = (Σx² − 6·mean²) / 5
    assert t.loc[2, "esis_mean"] == pytest.approx(375 / 7)
    mean3 = 365 / 6
    se3 = np.sqrt((sum(s[2] ** 2 for s in SCORES.values() if len(s) == 3) - 6 * mean3 ** 2) / 5 / 6)
    assert (t.loc[3, "ci_low"], t.loc[3, "ci_high"]) == pytest.approx((mean3 - T5 * se3, mean3 + T5 * se3))
    # months since the first answer: 366 and 731 days / 30.4375
    assert t["months_median"].tolist() == [0.0, 12.0, 24.0]


def test_first_to_latest_change_and_reliable_change_shares_by_hand():
    row = paired_change(three_years(), comparisons=["first_last"]).set_index("unit").loc["Asumispalvelu"]
    # latest − first: A 10, B 5, C 10, D 15, E 5, F 15, G 5 → 65 / 7
    assert row["n_pairs"] == 7 and row["mean_diff"] == pytest.approx(65 / 7)
    # no alku: the SD behind reliable change is the first round's (vuosimittaus, every year): 20 scores
    scores = [s for v in SCORES.values() for s in v]
    assert row["rc_sd"] == pytest.approx(np.std(scores, ddof=1))
    threshold = 1.959963984540054 * np.std(scores, ddof=1) * np.sqrt(2) * np.sqrt(1 - 0.89)
    assert 10 < threshold < 15  # 15-point rises (D, F) are reliable, 10 and 5 are not
    assert (row["share_improved"], row["share_worsened"]) == pytest.approx((2 / 7, 0.0))


def test_year_to_year_change_of_long_term_clients_by_hand():
    t = yearly_change(three_years()).set_index(["unit", "year"]).loc["Asumispalvelu"]
    assert t.index.tolist() == [2023, 2024]
    # 2023 → 2024: 5, 5, 0, 10, −5, 5, 5 → 25 / 7; 2024 → 2025 (G left): 5, 0, 10, 5, 10, 10 → 40 / 6
    assert t["n_pairs"].tolist() == [7, 6]
    assert t.loc[2023, "mean_diff"] == pytest.approx(25 / 7)
    assert t.loc[2024, "mean_diff"] == pytest.approx(40 / 6)
    assert (t.loc[2024, "mean_before"], t.loc[2024, "mean_after"]) == pytest.approx((325 / 6, 365 / 6))
    d = np.array([5, 5, 0, 10, -5, 5, 5])
    half = T6 * d.std(ddof=1) / np.sqrt(7)
    assert (t.loc[2023, "ci_low"], t.loc[2023, "ci_high"]) == pytest.approx((25 / 7 - half, 25 / 7 + half))


def test_mixed_model_over_occasions_equals_lme4():
    """R 4.2, lme4 (Debian r-cran-lme4), /tmp/r21/yearly.R in the notes:
    fit <- lmer(esis ~ years + (1 | id), data = d, REML = TRUE)   # years = 0, 1, 2
    fixef(fit)[2] = 5.0134102678; sqrt(diag(vcov(fit)))[2] = 0.8810007951
    confint(fit, method = "Wald", parm = "years") = 3.286680439 6.740140097"""
    row = occasion_model(three_years()).set_index("unit").loc["Asumispalvelu"]
    assert row["estimate"] == pytest.approx(5.0134102678, abs=1e-4)
    assert row["se"] == pytest.approx(0.8810007951, abs=1e-4)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((3.286680439, 6.740140097), abs=1e-4)
    assert row["n_respondents"] == 7 and row["n_answers"] == 20 and row["converged"]


def test_occasion_model_fitted_for_the_total_only_has_the_same_total():
    frame = pd.concat([three_years(), three_years("Toinen")], ignore_index=True)
    full, total = occasion_model(frame), occasion_model(frame, depth=1)
    assert full["estimate"].notna().all()
    pd.testing.assert_frame_equal(full[full["unit"] == ""], total[total["unit"] == ""], check_dtype=False,
                                  check_exact=True)  # converged: NaN below
    assert (full["n_respondents"] == total["n_respondents"]).all()
    assert total.loc[total["unit"] != "", "estimate"].isna().all()


def test_a_small_group_shows_no_occasion_numbers_and_totals_pool_only_shown_groups():
    frame = pd.concat([three_years(), three_years("Pieni").query("respondent in ['A', 'B', 'C']")], ignore_index=True)
    t = trajectory(frame)
    small = t[t["unit"] == "Pieni"]
    assert small["suppressed"].all() and small[["n", "esis_mean"]].isna().all().all()
    total = t[(t["unit"] == "") & (t["occasion"] == 1)].iloc[0]
    assert total["n"] == 7 and total["esis_mean"] == pytest.approx(50.0)  # Pieni's three are not in it
    y = yearly_change(frame)
    assert y.loc[y["unit"] == "Pieni", "mean_diff"].isna().all()
    assert occasion_model(frame).set_index("unit").loc["Pieni", ["estimate"]].isna().all()


def _findings(frame: pd.DataFrame, tables: dict) -> list:
    """The audit's attacker on ``tables`` as shown (each value ± half its last decimal)."""
    from osallisuus.statistics.audit import DEFAULT_LEVELS, attack, releases

    found = releases(frame, tables, ("organization", "unit"), 5)
    shown = []
    for r in found:
        values = [(tables[r.table].at[row, column], tables[r.table].at[row, "decimals"], w) for row, column, w in r.parts]
        shown.append(None if any(pd.isna(v) for v, _, _ in values) else
                     (r.offset + sum(w * v for v, _, w in values), sum(abs(w) * 0.5 * 10.0 ** -d for _, d, w in values)))
    return attack(frame, found, shown, 5, DEFAULT_LEVELS)


def test_occasion_tables_go_through_the_audit():
    """G left before 2025: 7 · (2024 mean of the trajectory's occasion 2) − 6 · (the 2024 → 2025
    pairs' mean before) is G's 2024 score. The audit sees the trajectory's and the yearly change's
    sets and leaves no sum of fewer than min_n answers narrower than the protection level."""
    from osallisuus.statistics.tables import result_tables

    frame = three_years()
    names = ["summary", "items", "change", "trajectory", "yearly_change"]
    raw = result_tables(frame, names=names)
    for table in raw.values():
        table["decimals"] = 12
    leaks = _findings(frame, raw)
    assert any(f.size == 1 and {r.table for r in f.releases} & {"trajectory", "yearly_change"} for f in leaks)
    tables, decisions = published_tables(frame, names=names)
    assert {d.table for d in decisions} & {"trajectory", "yearly_change"}
    assert _findings(frame, tables) == []
