"""The export as a data model (Power BI, spreadsheets): facts with a level, dimensions that
join, counts as whole numbers, one column order, one language per cell, a generated data
dictionary, and region rows audited with the organizations and units below them."""

from __future__ import annotations

import pandas as pd
import pytest

from osallisuus import cli
from osallisuus.cli import main
from osallisuus.reporting.model import FACTS, FLAG_COLUMNS, KEY_COLUMNS, build, is_count
from osallisuus.statistics.groups import LEVELS, REGION_BY, with_region
from osallisuus.statistics.tables import EXPORT_TABLES, published_tables

from .test_audit import MIN_N, _leaks, _region

JOINS = {"organization_id": "organizations", "group_id": "groups", "round": "rounds", "comparison": "comparisons",
         "item": "statements", "theme": "themes_dim"}


@pytest.fixture(scope="module")
def exported(demo_dir, tmp_path_factory):
    """``osallisuus export --language en`` in each format; the three runs write one model (the
    command's, made once here: it does not depend on the format)."""
    made, make = [], cli._model

    def once(args, years):
        if not made:
            made.append(make(args, years))
        return made[0]

    out = tmp_path_factory.mktemp("model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "_model", once)
        for fmt in ("csv", "parquet", "xlsx"):
            assert main(["export", "--data", str(demo_dir), "--out", str(out / fmt), "--format", fmt,
                         "--language", "en"]) == 0
    csv = {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in (out / "csv").glob("*.csv")}
    parquet = {p.stem: pd.read_parquet(p) for p in (out / "parquet").glob("*.parquet")}
    return out, csv, parquet


def test_every_fact_joins_every_dimension_without_loss(exported):
    _, _, model = exported
    facts = [name for name in FACTS if name in model]
    assert {"summary", "items", "change", "themes"} <= set(facts)
    for name in facts:
        fact = model[name]
        for key, dimension in JOINS.items():
            if key not in fact:
                continue
            rows = fact[fact[key].fillna("") != ""] if key in ("theme", "round") else fact  # "": all of them
            joined = rows.merge(model[dimension], on=key, how="left", indicator=True, validate="many_to_one",
                                suffixes=("", "_dim"))
            assert len(joined) == len(rows) and (joined["_merge"] == "both").all(), (name, key)
    groups = model["groups"].merge(model["services"], on="service_id", how="left", indicator=True)
    assert (groups.loc[groups["level"] == "unit", "_merge"] == "both").all()


def test_summing_one_level_never_double_counts(exported):
    """One row per group and key; the units' counts add up to their organization's, the
    organizations' to the region's: a sum over one level is the total, over all rows it is not."""
    _, _, model = exported
    for name in FACTS:
        if name not in model:
            continue
        keys = [c for c in model[name] if c in ("group_id", "month", "round", "comparison", "item", "type", "theme",
                                                "effect", "status")]
        assert not model[name].duplicated(keys).any(), name
        assert set(model[name]["level"]) <= set(LEVELS)
    s = model["summary"]
    for round_, rows in s.groupby("round"):
        units, orgs = rows[rows["level"] == "unit"], rows[rows["level"] == "organization"]
        region = rows.loc[rows["level"] == "region", "n_answered"]
        if region.isna().all():  # a round no unit shows (e.g. a follow-up few have reached): nothing to add up
            assert orgs["n_answered"].isna().all() and units["n_answered"].isna().all(), round_
            continue
        assert int(region.iloc[0]) == int(orgs["n_answered"].sum()) == int(units["n_answered"].sum()), round_
        per_org = units.groupby("organization_id")["n_answered"].sum()
        assert (orgs.set_index("organization_id")["n_answered"] == per_org.reindex(orgs["organization_id"])).all()
    for name, keys in (("pace", ["month", "round"]), ("follow_ups", ["status"])):
        table = model[name]
        for key, rows in table.groupby(keys):  # a shown total is its parts' sum; a hidden part hides it
            units = rows[rows["level"] == "unit"]
            for level in ("organization", "region"):
                for _, total in rows[rows["level"] == level].iterrows():
                    parts = units if level == "region" else units[units["organization_id"] == total["organization_id"]]
                    if pd.isna(total["count"]):
                        assert parts["count"].isna().any(), (name, key, level)
                    else:
                        assert total["count"] == parts["count"].sum() and parts["count"].notna().all(), (name, key)


def test_counts_are_whole_numbers_and_columns_follow_one_order(exported):
    out, csv, parquet = exported
    for name in FACTS:
        if name not in parquet:
            continue
        table = parquet[name]
        assert list(table.columns[:5]) == KEY_COLUMNS, name
        flags = [c for c in FLAG_COLUMNS if c in table]
        assert list(table.columns[-len(flags):]) == flags, name
        text = pd.read_csv(out / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        for column in [c for c in table if is_count(c)]:
            assert pd.api.types.is_integer_dtype(table[column]), (name, column)
            assert text[column].str.fullmatch(r"\d*").all(), (name, column)  # "211", never "211.0"
    assert "note" not in csv["cross_sectional"]  # it mixed two languages in one cell


def test_every_column_has_a_meaning_type_and_unit_in_every_language(exported):
    out, csv, _ = exported
    words = csv["dictionary"]
    for name, table in csv.items():
        if name == "dictionary":
            continue
        listed = words.loc[words["table"] == name, "column"].tolist()
        assert listed == list(table.columns), name
    for lang in ("fi", "sv", "en"):
        assert words[f"meaning_{lang}"].str.len().min() > 3 and words[f"unit_{lang}"].notna().all()
    readme = (out / "csv" / "README.md").read_text(encoding="utf-8")
    assert "Data version" in readme and "Smallest group shown (respondents): 5" in readme
    assert all(f"`{c}`" in readme for c in words["column"])
    statements = csv["statements"]
    assert statements["text_fi"].str.startswith("Tunnen").iloc[0] and statements["text_sv"].iloc[0].startswith("Jag")


@pytest.fixture(scope="module")
def region_tables():
    frame = _region()
    tables, _ = published_tables(with_region(frame), by=REGION_BY, min_n=MIN_N, names=EXPORT_TABLES)
    return frame, {name: table.drop(columns="region") for name, table in tables.items()}


@pytest.mark.slow
def test_an_attacker_finds_nobody_with_the_region_rows_published(region_tables):
    """The 36-unit region of test_audit, now with region totals: the independent attacker
    (tests/attacker.py) reads region, organization and unit rows together."""
    frame, tables = region_tables
    assert (tables["summary"]["organization"] == "").sum() == 3  # a region row per round
    assert _leaks(frame, tables) == []


@pytest.mark.slow
def test_region_rows_are_sums_of_shown_parts(region_tables):
    _, tables = region_tables
    s = tables["summary"]
    for round_, rows in s.groupby("round"):
        region = rows.loc[rows["organization"] == "", "n_answered"].iloc[0]
        units = rows.loc[(rows["unit"] != "") & ~rows["suppressed"], "n_answered"]
        assert region == units.sum(), round_


def test_the_workbook_opens_ready_to_read(exported):
    """Read back with openpyxl: a read-me sheet first, one Excel table per sheet over all its
    rows, frozen header, number formats (counts whole, means as published), integer cells,
    every sheet fitted to the page width."""
    from openpyxl import load_workbook

    out, csv, _ = exported
    book = load_workbook(out / "xlsx" / "osallisuus_tulokset.xlsx")
    assert book.sheetnames[0] == "Read me" and book.sheetnames[-1] == "dictionary"
    readme = [c.value for c in book["Read me"]["A"] if c.value]
    assert "Smallest group shown (respondents)" in readme and "Data version (the store's committed version)" in readme
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage, name
        (table,) = sheet.tables.values()
        assert table.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}", name
        assert sheet.max_row == len(csv[name]) + 1, name
    summary = book["summary"]
    header = [c.value for c in summary[1]]
    n, mean, share = (header.index(c) + 1 for c in ("n_answered", "esis_mean", "lonely_share"))
    first = summary.cell(2, n)
    assert isinstance(first.value, int) and first.number_format == "0"
    assert summary.cell(2, mean).number_format == "0.0" and summary.cell(2, share).number_format == "0.0%"
    assert summary.column_dimensions["D"].width >= len("Järvimaan hyvinvointialue")


def test_a_named_region_says_its_name_on_its_rows():
    """``--region NAME``: the region's fact rows and its group say the name; keys and levels stay."""
    tables = {"summary": pd.DataFrame({"organization": ["", "A", "A"], "unit": ["", "", "x"], "round": "alku",
                                       "n_answered": [7, 7, 7]})}
    frame = pd.DataFrame({"organization": ["A"], "unit": ["x"]})
    named, plain = build(tables, frame, region="Päijät-Häme"), build(tables, frame)
    for table in ("summary", "groups", "organizations"):
        region = named[table]["level"] == "region"
        assert named[table].loc[region, "organization"].tolist() == ["Päijät-Häme"], table
        assert named[table].loc[~region].equals(plain[table].loc[~region]), table
    assert plain["summary"].loc[plain["summary"]["level"] == "region", "organization"].tolist() == [""]
    assert named["summary"]["group_id"].tolist() == plain["summary"]["group_id"].tolist()
