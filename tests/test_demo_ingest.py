"""The demo data looks like real exports, and ingesting it accounts for every row."""

import pandas as pd

from osallisuus.intake.demo import FILES, TRUE_EFFECTS, UNITS, simulate
from osallisuus.intake.key import key_path
from osallisuus.intake.store import Store
from osallisuus.schema import ROUNDS


def test_demo_has_every_layout_and_format(demo_result):
    kinds = {(r.layout, r.format, r.encoding) for r in demo_result.reports}
    assert {k[0] for k in kinds} == {"webropol", "forms", "paper", "canonical"}
    assert ("webropol", "csv", "cp1252") in kinds  # the Finnish Excel CSV
    assert len(demo_result.reports) == len(FILES)


def test_demo_structure(demo_result):
    frame = demo_result.responses
    assert frame["organization"].nunique() >= 3 and frame["unit"].nunique() >= 7
    per_unit = frame.groupby("unit")["respondent"].nunique() + frame[frame["respondent"].isna()].groupby("unit").size().reindex(
        frame["unit"].unique(), fill_value=0)
    assert (per_unit < 5).sum() == 1  # exactly one small unit
    assert set(frame["round"].dropna()) == set(ROUNDS) - {"mittaus_5", "mittaus_6"}  # written in three languages
    assert {"fi", "sv", "en", "ar", "fa", "ckb", "ru", "uk"} <= set(frame["language"])
    assert frame["respondent"].isna().any()  # anonymous one-time answers
    for col in ("loneliness", "eurohis_01", "age_group", "gender", "service", "open_effect"):
        assert frame[col].notna().any(), col


def test_attrition_is_about_a_quarter_per_round():
    sim = simulate(2025)
    series = sim[sim["client"] == "new"].groupby("respondent")["round"].agg(set)
    started = sum("alku" in r for r in series)
    reached_vali = sum({"alku", "väli"} <= r for r in series)
    reached_loppu = sum({"alku", "väli", "loppu"} <= r for r in series)
    assert 0.65 < reached_vali / started < 0.85
    assert 0.65 < reached_loppu / reached_vali < 0.85
    assert set(sim["client"]) == {"new", "long", "once", "repeating"}


def test_row_accounting_holds_for_every_file(demo_result):
    rejected = demo_result.rejected
    stored = demo_result.responses.groupby("source_file").size()
    for report in demo_result.reports:
        assert report.rows_read == report.rows_kept + report.rows_rejected
        mine = rejected[rejected["file"] == report.file]
        assert (mine["level"] == "row").sum() == report.rows_rejected
        assert (mine["level"] == "cell").sum() == report.cells_rejected
        assert stored[report.file] == report.rows_kept


def test_messy_paper_cells_are_rejected_with_reasons_and_nothing_else(demo_result):
    rejected = demo_result.rejected
    assert set(rejected["file"]) == {FILES["paper"]}
    assert sorted(rejected["reason"]) == ["double_mark", "empty_row", "missing_code", "missing_code", "unknown_label"]
    assert set(rejected.loc[rejected["reason"] == "missing_code", "value"]) == {"9", "99"}
    assert (rejected["reason_fi"] != "").all() and (rejected["reason_en"] != "").all()


def test_demo_rows_match_the_simulation(demo_result):
    sim = simulate(2025)
    frame = demo_result.responses
    assert len(frame) == len(sim)
    by_unit = frame.groupby(["unit", "round"], observed=True).size()
    assert by_unit.equals(sim.groupby(["unit", "round"]).size().rename_axis(by_unit.index.names).astype(by_unit.dtype)
                          .reindex(by_unit.index))


def test_documented_effects_are_visible_in_raw_means(demo_result):
    frame = demo_result.responses
    means = frame.groupby(["unit", "round"], observed=True)["esis_score"].mean().unstack()
    for unit in UNITS:
        if unit.new_clients < 10:
            continue
        diff = means.loc[unit.unit, "loppu"] - means.loc[unit.unit, "alku"]
        assert abs(diff - TRUE_EFFECTS[unit.unit]) < 8, (unit.unit, diff)


def test_no_respondent_code_or_salt_or_forms_email_is_stored(demo_dir):
    store = Store(demo_dir)
    raw_codes = set(pd.read_csv(store.raw / FILES["canonical"])["respondent"].dropna())
    assert raw_codes
    salt = key_path(demo_dir).read_text().strip()
    for path in (store.responses_path, store.rejected_path):
        blob = path.read_bytes().decode("latin-1")
        assert salt not in blob
        assert not any(code in blob for code in raw_codes)
        assert "vastaaja1@example.org" not in blob
    stored = store.read_responses()["respondent"].dropna()
    assert stored.str.fullmatch(r"R[0-9a-f]{16}").all()
