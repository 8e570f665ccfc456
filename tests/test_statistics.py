"""Statistics against reference values from R (tests/reference/reference.R -> r_results.csv)."""

from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests

from osallisuus.statistics.change import (
    cross_sectional,
    holm,
    item_change,
    mixed_model,
    paired_change,
    paired_stats,
    rc_threshold,
    respondent_types,
    wilcoxon_r,
)
from osallisuus.statistics.reliability import cronbach_alpha, reliability
from tests.helpers import examples

REF = Path(__file__).parent / "reference"
R = pd.read_csv(REF / "r_results.csv").set_index("name")["value"].to_dict()
SLEEP_1 = np.array([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0])
SLEEP_2 = np.array([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4])


def test_paired_t_matches_r_sleep_example():
    # published in R's ?t.test: t = -4.0621, df = 9, p = 0.002833, CI -2.4599 ... -0.7001
    out = paired_stats(before=SLEEP_2, after=SLEEP_1, rc_threshold=1.0)
    assert out["t"] == pytest.approx(-4.0621, abs=1e-4)
    assert out["t"] == pytest.approx(R["sleep_paired_t"], rel=1e-9)
    assert out["df"] == 9
    assert out["p_t"] == pytest.approx(0.002833, abs=1e-6)
    assert out["p_t"] == pytest.approx(R["sleep_paired_p"], rel=1e-8)
    assert out["ci_low"] == pytest.approx(R["sleep_paired_ci_low"], rel=1e-9)
    assert out["ci_high"] == pytest.approx(R["sleep_paired_ci_high"], rel=1e-9)
    assert out["ci_low"] == pytest.approx(-2.4599, abs=1e-4) and out["ci_high"] == pytest.approx(-0.7001, abs=1e-4)


def test_welch_matches_r_sleep_example():
    frame = pd.DataFrame({
        "organization": "A", "unit": "u", "round": ["alku"] * 10 + ["loppu"] * 10,
        "esis_score": np.r_[SLEEP_2, SLEEP_1],
    })
    row = cross_sectional(frame, by=("organization",), min_n=1).iloc[0]
    assert row["t"] == pytest.approx(-1.8608, abs=1e-4)
    assert row["t"] == pytest.approx(R["sleep_welch_t"], rel=1e-9)
    assert row["df"] == pytest.approx(17.776, abs=1e-3)
    assert row["df"] == pytest.approx(R["sleep_welch_df"], rel=1e-9)
    assert row["p_welch"] == pytest.approx(0.07939, abs=1e-5)
    assert row["p_welch"] == pytest.approx(R["sleep_welch_p"], rel=1e-8)
    assert row["ci_low"] == pytest.approx(R["sleep_welch_ci_low"], rel=1e-9)
    assert "vastaajakadon" in row["note"]


def test_wilcoxon_with_ties_and_zeros_matches_r():
    p = pd.read_csv(REF / "pairs_ties.csv")
    diff = (p["after"] - p["before"]).to_numpy()
    assert (diff == 0).any()  # the fixture really has zeros and ties
    v, pval, method = wilcoxon_r(diff)
    assert v == R["ties_v"] and pval == pytest.approx(R["ties_p"], rel=1e-9)
    assert method.startswith("normal")
    # scipy's default differs (statistic min(W+, W-), no continuity correction): the trap in tooling.md
    assert stats.wilcoxon(diff).pvalue != pytest.approx(R["ties_p"], rel=1e-6)


def test_wilcoxon_exact_matches_r():
    p = pd.read_csv(REF / "pairs_exact.csv")
    v, pval, method = wilcoxon_r((p["after"] - p["before"]).to_numpy())
    assert (v, method) == (R["exact_v"], "exact")
    assert pval == pytest.approx(R["exact_p"], rel=1e-12)


def test_effect_sizes_and_ci_on_tied_data_match_r():
    p = pd.read_csv(REF / "pairs_ties.csv")
    out = paired_stats(p["before"], p["after"], rc_threshold=10.0)
    assert out["t"] == pytest.approx(R["ties_t"], rel=1e-9)
    assert out["ci_low"] == pytest.approx(R["ties_ci_low"], rel=1e-9)
    assert out["d_z"] == pytest.approx(R["ties_dz"], rel=1e-9)
    m = int(((p["after"] - p["before"]) != 0).sum())
    assert out["rank_biserial"] == pytest.approx((2 * R["ties_v"] - m * (m + 1) / 2) / (m * (m + 1) / 2))
    assert out["share_improved"] + out["share_unchanged"] + out["share_worsened"] == pytest.approx(1.0)


def test_mann_whitney_matches_r():
    p = pd.read_csv(REF / "pairs_ties.csv")
    frame = pd.DataFrame({"organization": "A", "unit": "u", "round": ["alku"] * 30 + ["loppu"] * 30,
                          "esis_score": np.r_[p["before"], p["after"]]})
    row = cross_sectional(frame, by=("organization",), min_n=1).iloc[0]
    assert row["mann_whitney_w"] == R["mw_w"]
    assert row["p_mann_whitney"] == pytest.approx(R["mw_p"], rel=1e-9)


def test_cronbach_alpha_and_feldt_ci_match_r_psych():
    items = pd.read_csv(REF / "items.csv")
    alpha, low, high, n, method = cronbach_alpha(items)
    assert (n, method) == (len(items), "pairwise") and not items.isna().any().any()
    assert cronbach_alpha(items, method="listwise").alpha == pytest.approx(alpha, rel=1e-12)
    assert alpha == pytest.approx(R["alpha"], rel=1e-9)
    assert low == pytest.approx(R["alpha_feldt_low"], rel=1e-9)
    assert high == pytest.approx(R["alpha_feldt_high"], rel=1e-9)


def test_alpha_of_a_students_own_scale_matches_r_psych_on_bfi():
    bfi = pd.read_csv(REF / "bfi_conscientiousness.csv", dtype="Int8")  # nullable, as osa.load returns
    pairwise = cronbach_alpha(bfi, reverse=["C4", "C5"], scale=(1, 6))
    listwise = cronbach_alpha(bfi, method="listwise", reverse=["C4", "C5"], scale=(1, 6))
    assert pairwise.alpha == pytest.approx(R["bfi_alpha_pairwise"], rel=1e-9)
    assert listwise.alpha == pytest.approx(R["bfi_alpha_listwise"], rel=1e-9)
    assert (pairwise.n, listwise.n) == (2800, int(R["bfi_n_complete"]))
    with pytest.warns(UserWarning, match=r"\(C4, C5\).*reversed"):
        forgotten = cronbach_alpha(bfi)
    assert forgotten.alpha < 0


def test_reliability_works_on_any_item_columns():
    bfi = pd.read_csv(REF / "bfi_conscientiousness.csv", dtype="Int8")
    frame = bfi.assign(organization="Yliopisto", unit=np.where(np.arange(len(bfi)) % 2, "A", "B"), round="alku")
    table = reliability(frame, items=["C1", "C2", "C3", "C4", "C5"], reverse=["C4", "C5"], scale=(1, 6))
    whole = table[table["unit"] == ""].iloc[0]
    assert whole["alpha"] == pytest.approx(R["bfi_alpha_listwise"], rel=1e-9) and whole["n"] == R["bfi_n_complete"]
    assert len(table) == 3


def test_holm_matches_r():
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), "holm")  (tests/reference/reference.R)
    adjusted = holm(np.array([0.01, 0.04, 0.03, 0.005, 0.2]))
    assert adjusted == pytest.approx([R[f"holm_{i}"] for i in range(1, 6)])


@settings(max_examples=examples(200))
@given(st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_holm_equals_statsmodels(p):
    with mock.patch("gc.collect"):  # multipletests collects garbage on every call: 0.5 s in a full test run
        expected = multipletests(p, method="holm")[1]
    assert holm(np.array(p)) == pytest.approx(expected, abs=1e-12)


def _holm_by_hand(p: np.ndarray) -> np.ndarray:
    """Holm's step-down over the m tested statements (NaN: not tested): sort, multiply the i-th
    smallest by (m - i), running maximum, cap at 1."""
    out = np.full_like(p, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    order = tested[np.argsort(p[tested])]
    out[order] = np.minimum(1, np.maximum.accumulate(p[order] * (len(order) - np.arange(len(order)))))
    return out


def test_item_change_adjusts_its_own_p_values_with_holm():
    rng = np.random.default_rng(7)
    n = 30
    before = rng.integers(1, 6, size=(n, 10))
    after = np.clip(before + rng.integers(-1, 3, size=(n, 10)) * (np.arange(10) % 3 != 0), 1, 5)
    items = [f"esis_{i:02d}" for i in range(1, 11)]
    rows = [pd.DataFrame(b, columns=items).assign(round=r, respondent=[f"p{i}" for i in range(n)])
            for b, r in ((before, "alku"), (after, "loppu"))]
    frame = pd.concat(rows).assign(organization="A", unit="u", date=pd.NaT)
    frame["esis_score"] = (frame[items].mean(axis=1) - 1) * 25
    table = item_change(frame, by=("unit",))
    p = table["p_wilcoxon"].to_numpy()
    assert (p < 0.05).sum() >= 3 and (p > 0.2).sum() >= 2  # a mix, so Holm and Bonferroni differ
    assert table["p_holm"].to_numpy() == pytest.approx(_holm_by_hand(p), rel=1e-12, nan_ok=True)
    bonferroni = np.minimum(1, p * (~np.isnan(p)).sum())
    assert not np.allclose(table["p_holm"], bonferroni, equal_nan=True)


def test_mixed_model_matches_lme4():
    long = pd.read_csv(REF / "long.csv")
    frame = long.rename(columns={"id": "respondent", "score": "esis_score"}).assign(organization="A", unit="u")
    table = mixed_model(frame, by=("organization",), min_n=5).set_index("term")
    assert table.loc["väli", "estimate"] == pytest.approx(R["lmm_vali"], abs=1e-4)
    assert table.loc["loppu", "estimate"] == pytest.approx(R["lmm_loppu"], abs=1e-4)
    # lme4's SEs (variance parameters held fixed) and Wald CIs: confint(m, method = "Wald")
    for term, name in (("väli", "vali"), ("loppu", "loppu")):
        assert table.loc[term, "se"] == pytest.approx(R[f"lmm_{name}_se"], abs=1e-4)
        assert table.loc[term, "ci_low"] == pytest.approx(R[f"lmm_{name}_ci_low"], abs=1e-4)
        assert table.loc[term, "ci_high"] == pytest.approx(R[f"lmm_{name}_ci_high"], abs=1e-4)
    assert table["converged"].all()


def test_mixed_model_fitted_for_the_total_only_has_the_same_total_and_every_count():
    """``depth=1`` (an organization's report): the total's fit as before, the units' rows counted only."""
    long = pd.read_csv(REF / "long.csv")
    frame = long.rename(columns={"id": "respondent", "score": "esis_score"}).assign(organization="A")
    frame["unit"] = np.where(frame["respondent"].str[1:].astype(int) % 2, "u", "v")
    full, total = mixed_model(frame), mixed_model(frame, depth=1)
    assert full["estimate"].notna().sum() > 2  # the units are fitted too
    pd.testing.assert_frame_equal(full[full["unit"] == ""], total[total["unit"] == ""], check_dtype=False,
                                  check_exact=True)  # converged: NaN below
    columns = ["organization", "unit", "term", "n_respondents", "n_answers", "suppressed", "suppressed_reason"]
    pd.testing.assert_frame_equal(full[columns], total[columns])
    assert total.loc[total["unit"] != "", "estimate"].isna().all()


def test_reliable_change_threshold_hand_computed():
    # 1.96 * SD * sqrt(2) * sqrt(1 - alpha): SD 16, alpha 0.89 -> 1.96 * 16 * 1.41421 * 0.33166
    assert rc_threshold(16.0, 0.89) == pytest.approx(1.959964 * 16 * np.sqrt(2) * np.sqrt(0.11), rel=1e-6)
    assert rc_threshold(16.0, 0.89) == pytest.approx(14.7089, abs=1e-3)


def _answers(rows: list[tuple]) -> pd.DataFrame:
    """Canonical-like rows: (respondent, unit, round, date, score)."""
    frame = pd.DataFrame(rows, columns=["respondent", "unit", "round", "date", "esis_score"])
    return frame.assign(organization="A", date=pd.to_datetime(frame["date"]))


def test_pairs_are_formed_within_a_unit_and_the_latest_answer_of_a_round_is_used():
    rows = [("p1", "x", "alku", "2025-01-01", 50.0), ("p1", "y", "loppu", "2025-06-01", 80.0),  # two units
            ("p2", "x", "alku", "2025-01-01", 40.0), ("p2", "x", "alku", "2025-01-20", 45.0),  # twice at alku
            ("p2", "x", "loppu", "2025-06-01", 60.0)]
    table = paired_change(_answers(rows), comparisons=["first_last"], min_n=1)
    org = table[table["unit"] == ""].iloc[0]
    assert org["n_pairs"] == 1  # p1's answers in x and y are not a pair
    unit_x = paired_change(_answers(rows), by=("unit",), comparisons=["first_last"], min_n=1)
    assert unit_x.set_index("unit").loc["x", "n_pairs"] == 1
    from osallisuus.statistics.change import measurements, pairs

    (pair,) = pairs(measurements(_answers(rows)), "first_last", ["organization", "unit"]).itertuples()
    assert (pair.before, pair.after) == (45.0, 60.0)  # the later alku answer (as ingest keeps)


def test_first_answer_mean_is_the_earliest_round_scored_or_not():
    rows = [("p1", "x", "loppu", "2025-01-01", 70.0), ("p1", "x", "alku", "2025-03-01", 50.0),  # alku dated later
            ("p2", "x", "alku", "2025-01-01", None), ("p2", "x", "loppu", "2025-06-01", 90.0),  # first unscored
            ("p3", "x", "alku", "2025-01-01", 30.0)]
    table = respondent_types(_answers(rows), by=("unit",), min_n=1).set_index("type")
    assert table.loc["repeated", "n"] == 2 and table.loc["repeated", "n_scored"] == 1
    assert table.loc["repeated", "esis_first_mean"] == 50.0  # p1's alku; p2's first answer has no score
    assert table.loc["start_only", "esis_first_mean"] == 30.0


def test_effect_sizes_for_a_thesis_match_r_effectsize_formulas():
    """Checked in R 4.2 (base R, effectsize's own formulas; effectsize itself is not installed here):
    before <- c(50, 55, 60, 62.5, 70, 47.5, 80, 65); after <- c(57.5, 55, 70, 65, 72.5, 52.5, 77.5, 75)
    d <- after - before; n <- length(d); df <- n - 1; dz <- mean(d) / sd(d); t <- dz * sqrt(n)
    ncp <- function(q) uniroot(function(x) pt(t, df, ncp = x) - q, c(-50, 50), tol = 1e-12)$root
    c(ncp(0.975), ncp(0.025)) / sqrt(n)                         # effectsize::cohens_d(paired = TRUE) CI
    dav <- mean(d) / ((sd(before) + sd(after)) / 2)
    dav * exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))  # repeated_measures_d(method = "av")
    """
    from osallisuus.statistics.change import effect_sizes, paired_stats

    before = [50, 55, 60, 62.5, 70, 47.5, 80, 65]
    after = [57.5, 55, 70, 65, 72.5, 52.5, 77.5, 75]
    e = effect_sizes(before, after)
    r = {"sd_before": 10.6904496765, "sd_after": 9.6130491669, "sd_diff": 4.5806269066, "d_z_ci_low": 0.0843368699,
         "d_z_ci_high": 1.7822636770, "d_av": 0.4309602038, "g_av": 0.3827801061}
    for name, value in r.items():
        assert e[name] == pytest.approx(value, abs=2e-9), name
    row = paired_stats(np.array(before), np.array(after), np.nan)
    assert row["d_z"] == pytest.approx(0.9551094401, abs=1e-9) and row["d_z_ci_low"] < row["d_z"] < row["d_z_ci_high"]
    assert all(np.isnan(v) for v in effect_sizes([50], [60]).values())
    # few pairs, heavy tails (scipy's nct.cdf is NaN deep in them): R, d <- c(1, 2, 13), as above with df = 2
    few = effect_sizes([0, 0, 0], [1, 2, 13])
    assert (few["d_z_ci_low"], few["d_z_ci_high"]) == pytest.approx((-0.60253546, 2.08815558), abs=1e-7)


def test_d_z_interval_reads_scipy_nct_cdf_itself():
    """effect_sizes calls scipy.special.nctdtr, the function stats.nct.cdf evaluates, to spare
    the distribution's argument handling in every step of the root search: the same bits as the
    search over stats.nct.cdf, also where both are NaN deep in a tail (taken as 0 or 1 there)."""
    from scipy import stats
    from scipy.optimize import brentq

    from osallisuus.statistics.change import effect_sizes

    def interval(t: float, df: int) -> list[float]:  # main's search, over stats.nct.cdf
        def below(x: float) -> float:
            p = stats.nct.cdf(t, df, x)
            return p if np.isfinite(p) else float(x < t)

        width, tail = 10 + 2 * abs(t), (1 - 0.95) / 2
        with np.errstate(all="ignore"):
            return [brentq(lambda x, q=q: below(x) - q, t - width, t + width, xtol=1e-12) for q in (1 - tail, tail)]

    rng = np.random.default_rng(3)
    for n in (3, 4, 8, 30, 200, 5000):
        before = 2.5 * rng.integers(0, 41, n)
        after = np.clip(before + 2.5 * rng.integers(-6, 9, n), 0, 100)
        diff = after - before
        e = effect_sizes(before, after)
        ends = [x / np.sqrt(n) for x in interval(diff.mean() / diff.std(ddof=1) * np.sqrt(n), n - 1)]
        assert [e["d_z_ci_low"], e["d_z_ci_high"]] == ends, n


def test_effect_sizes_are_published_like_the_rest_of_the_change_table(example_publication):
    from osallisuus.statistics.disclosure import DECIMALS

    table = example_publication["change"]  # osa.published_tables(osa.example_data())
    hidden = table["suppressed"]
    assert table.loc[hidden, ["sd_diff", "d_av", "g_av", "d_z_ci_low"]].isna().all().all()
    shown = table.loc[~hidden & table["sd_diff"].notna()]
    assert len(shown) and (shown["g_av"].abs() <= shown["d_av"].abs()).all()
    assert {DECIMALS[c] for c in ("sd_before", "sd_after", "sd_diff")} == {1}


def test_signed_rank_normal_is_scipys_wilcoxon_to_the_last_bit():
    """The grouped ranks (change.signed_rank_normal) give scipy's W+ and normal-approximation p
    exactly, on the answers' grids and on continuous differences, small and large."""
    from osallisuus.statistics.change import signed_rank_normal, wilcoxon_r

    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 49, 50, 51, 300, 4000, 120_000):
        for x in (2.5 * rng.integers(-40, 41, n), rng.integers(-4, 5, n).astype(float), rng.normal(0.2, 1, n)):
            x = x[x != 0]
            if not len(x):
                continue
            v, p = signed_rank_normal(x)
            assert v == stats.rankdata(np.abs(x))[x > 0].sum(), n
            assert p == stats.wilcoxon(x, method="approx", correction=True).pvalue, n
            if len(x) >= 50:  # wilcoxon_r's own result, through the approximation
                assert wilcoxon_r(x)[:2] == (v, min(p, 1.0))


def test_listwise_alpha_is_cronbach_alpha_of_the_complete_rows_to_the_last_bit():
    """reliability's array path (listwise_alpha: np.cov of the complete rows) equals
    cronbach_alpha's pandas path on the same answers."""
    from osallisuus.statistics.reliability import listwise_alpha

    rng = np.random.default_rng(6)
    for n in (0, 1, 2, 5, 40, 3000):
        x = rng.integers(1, 6, (n, 10)).astype(float)
        x[rng.random((n, 10)) < 0.05] = np.nan
        frame = pd.DataFrame(x, columns=[f"esis_{i:02d}" for i in range(1, 11)]).astype("Int64")
        expected = cronbach_alpha(frame, method="listwise", check=False)
        got = listwise_alpha(x.T)
        assert got.n == expected.n and got.method == expected.method
        np.testing.assert_array_equal(got[:3], expected[:3])
