"""Adversarial disclosure test: make every report and the export of a dataset built to break
disclosure control, collect every published count, and try to work out a group of 1 ... 4 by
subtracting published numbers from each other (across tables and across reports)."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.cli import main
from osallisuus.reporting.sections import Report

MIN_N = 5
ITEMS = [f"esis_{i:02d}" for i in range(1, 11)]
ROUND_NAMES = {"alku": "alku", "väli": "väli", "loppu": "loppu"}


def _people(org, unit, n, rounds, rng, *, start=0, lang="fi", service="palvelu", anonymous=0, months=(1, 4, 7)):
    """n coded respondents answering ``rounds`` (a round -> how many of them answer it), plus
    ``anonymous`` one-time answers at alku."""
    rows = []
    for k, (rnd, count) in enumerate(rounds.items()):
        for i in range(count):
            rows.append({"respondent": f"{org[:2]}-{start + i}", "round": rnd, "month": months[k]})
    rows += [{"respondent": "", "round": "alku", "month": months[0]} for _ in range(anonymous)]
    frame = pd.DataFrame(rows).assign(organization=org, unit=unit, service=service)
    frame["language"] = lang if isinstance(lang, str) else rng.choice(list(lang), size=len(frame), p=list(lang.values()))
    frame["date"] = [f"2025-{m:02d}-{rng.integers(1, 28):02d}" for m in frame.pop("month")]
    for item in ITEMS:
        frame[item] = rng.integers(1, 6, size=len(frame))
    return frame


def _dataset(rng) -> pd.DataFrame:
    parts = [
        # A: a large unit, a unit whose loppu round is small, a unit too small, anonymous answers in all
        _people("Aalto ry", "A iso", 30, {"alku": 30, "väli": 20, "loppu": 18}, rng, anonymous=7,
                lang={"fi": 0.8, "sv": 0.1, "en": 0.1}),
        _people("Aalto ry", "A keski", 9, {"alku": 9, "loppu": 3}, rng, start=100, anonymous=3, service="paja"),
        _people("Aalto ry", "A pieni", 3, {"alku": 3, "loppu": 2}, rng, start=200, anonymous=1),
        # B: one unit only, large: must never be hidden whole
        _people("Betania", "B ainoa", 52, {"alku": 52, "väli": 35, "loppu": 30}, rng, months=(2, 5, 8)),
        # C: two mid-sized units, one respondent in both, small language groups, a small month
        _people("Cedari", "C yksi", 12, {"alku": 12, "loppu": 8}, rng, lang={"fi": 0.75, "ru": 0.25}, months=(3, 6, 9)),
        _people("Cedari", "C kaksi", 7, {"alku": 6, "väli": 2, "loppu": 5}, rng, start=0, months=(3, 10, 11)),
    ]
    frame = pd.concat(parts, ignore_index=True)
    frame.loc[frame.index[:4], "date"] = ""  # undated answers are part of the totals too
    return frame


def _tables(page: str) -> list[pd.DataFrame]:
    soup = BeautifulSoup(page, "html.parser")
    out = []
    for table in soup.find_all("table"):
        rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
        if len(rows) > 1:
            out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def _number(text: str) -> float | None:
    return float(text) if re.fullmatch(r"\d+", text or "") else None


def _collect_report(page: str) -> dict[str, dict[str, float]]:
    """The counts a reader sees in one report, by kind and key."""
    text = BeautifulSoup(page, "html.parser").get_text(" ", strip=True)
    found: dict[str, dict[str, float]] = defaultdict(dict)
    if m := re.search(r"Lomakkeita (\d+), vastaajia (\d+) \(nimettömiä vastauksia ([^)]*)\)", text):
        found["total"]["forms"], found["total"]["people"] = float(m[1]), float(m[2])
        if (n := _number(m[3])) is not None:
            found["types"]["anonymous"] = n
    for label, kind in (("Vastauskieli", "language"), ("Palvelu", "service")):
        if m := re.search(label + r" \(vastaajia\): ([^.]*?)(?: Palvelu| Osallisuuden|$)", text):
            for name, n in re.findall(r"([\w –-]+?) (\d+)(?:,|$)", m[1]):
                found[kind][name.strip()] = float(n)
    for table in _tables(page):
        if "Mittauskerta" in table and "Vastauksia" in table:
            for r in table.itertuples(index=False):
                if (n := _number(r[1])) is not None:
                    found["rounds"][r[0]] = n
        if "Vastaajaryhmä" in table:
            for r in table.itertuples(index=False):
                if (n := _number(r[1])) is not None:
                    found["types"][r[0]] = n
        if "Vertailu" in table and "Vastaajia" in table:
            for r in table.itertuples(index=False):
                if (n := _number(r[1])) is not None:
                    found["pairs"][r[0]] = n
    return found


def _small(x: float) -> bool:
    return 0 < round(x) < MIN_N


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("attack")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    frame = _dataset(np.random.default_rng(11))
    frame.to_csv(raw / "kysely.csv", index=False)
    assert main(["build", "--data", str(root / "data"), "--params-dir", str(root / "params"),
                 "--reports", str(root / "reports"), "--quiet"]) == 0
    assert main(["export", "--data", str(root / "data"), "--out", str(root / "export")]) == 0
    reports = {}
    for params in sorted((root / "params").glob("*.yaml")):
        settings = yaml.safe_load(params.read_text(encoding="utf-8"))
        if settings.pop("notebook") != "unit_report":
            continue
        page = (root / "reports" / f"{params.stem}.html").read_text(encoding="utf-8")
        counts = _collect_report(page)
        report = Report.load(str(root / "data"), **settings)
        months = report.monthly_counts() if not report.too_small() else pd.Series(dtype=float)
        counts["months"] = {str(k): v for k, v in months.items() if not pd.isna(v)}
        reports[(settings["organization"], settings["unit"])] = counts
    exports = {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in (root / "export").glob("*.csv")}
    return frame, reports, exports


def test_every_published_count_is_zero_or_at_least_min_n(published):
    _, reports, exports = published
    for scope, counts in reports.items():
        for kind, values in counts.items():
            assert not [k for k, v in values.items() if _small(v)], (scope, kind, values)
    for name, table in exports.items():
        if "suppressed" not in table:  # dimensions and the data dictionary
            continue
        shown = table[~table["suppressed"].astype(bool)]
        for column in ("n_answered", "n", "n_pairs", "n_before", "n_after", "n_respondents", "count"):
            if column in shown:
                assert not shown[column].dropna().map(_small).any(), (name, column)


def test_no_total_minus_its_published_parts_reveals_a_small_group(published):
    """Within each report: the totals against every breakdown a reader can add up."""
    _, reports, _ = published
    for scope, c in reports.items():
        if "total" not in c:
            continue
        forms, people = c["total"]["forms"], c["total"]["people"]
        for kind, total in (("rounds", forms), ("months", forms), ("types", people), ("language", people),
                            ("service", people)):
            if c.get(kind):
                assert not _small(total - sum(c[kind].values())), (scope, kind, total, c[kind])


def test_no_organization_figure_minus_its_units_reveals_a_small_group(published):
    """Across reports: an organization's count minus any set of its units' counts for the same key."""
    _, reports, _ = published
    for (org, unit), parent in reports.items():
        if unit:
            continue
        units = [c for (o, u), c in reports.items() if o == org and u]
        for kind, values in parent.items():
            for key, total in values.items():
                parts = [c.get(kind, {}).get(key) for c in units]
                shown = [p for p in parts if p is not None]
                for k in range(1, len(shown) + 1):
                    for subset in itertools.combinations(shown, k):
                        assert not _small(total - sum(subset)), (org, kind, key, total, subset)


def test_the_exported_pace_shows_the_reports_months(published):
    """A unit's months' totals in the export's pace fact are the ones its report's pace chart shows
    (one table, :func:`~osallisuus.statistics.follow_up.unit_pace`)."""
    _, reports, exports = published
    pace = exports["pace"].fillna({"organization": "", "unit": "", "month": "", "round": ""})
    totals = pace[(pace["round"] == "") & (pace["unit"] != "") & (pace["month"] != "") & (pace["count"] > 0)]
    checked = 0
    for (org, unit), counts in reports.items():
        if not unit or "months" not in counts:
            continue
        mine = totals[(totals["organization"] == org) & (totals["unit"] == unit)]
        report = {k: v for k, v in counts["months"].items() if v > 0 and k != "undated"}
        shown = dict(zip(mine["month"], mine["count"].astype(float)))
        assert shown == report, (org, unit)
        checked += 1
    assert checked


def test_exported_totals_are_sums_of_their_shown_parts(published):
    _, _, exports = published
    keys = {"summary": (["round"], "n_answered"), "change": (["comparison"], "n_pairs"),
            "respondent_types": (["type"], "n")}
    for name, (extra, n) in keys.items():
        table = exports[name]
        shown = table[~table["suppressed"].astype(bool)]
        for (org, *key), rows in shown.groupby(["organization", *extra]):
            total = rows.loc[rows["unit"].isna() | (rows["unit"] == ""), n]
            parts = rows.loc[rows["unit"].notna() & (rows["unit"] != ""), n]
            if len(total):
                assert not _small(total.iloc[0] - parts.sum()), (name, org, key)


def test_a_large_organization_with_one_unit_is_never_hidden(published):
    _, reports, exports = published
    summary = exports["summary"]
    b = summary[summary["organization"] == "Betania"]
    assert not b["suppressed"].astype(bool).any()
    assert reports[("Betania", "")]["total"]["people"] == 52
    assert "alle 5" not in str(reports[("Betania", "")])


def test_a_hidden_round_enters_no_change_statistic():
    """A round with 1 ... 4 answers is hidden, so no pair, model or comparison may use it
    (otherwise first -> last over 5 pairs gives away the one hidden answer)."""
    from osallisuus import mixed_model, paired_change

    rows = [{"respondent": f"r{i}", "round": "alku", "esis_score": 35.0 + i} for i in range(5)]
    rows += [{"respondent": "r0", "round": "väli", "esis_score": 100.0}]
    rows += [{"respondent": f"r{i}", "round": "loppu", "esis_score": 60.0 + i} for i in range(1, 5)]
    frame = pd.DataFrame(rows).assign(organization="A", unit="u", date=pd.NaT)
    change = paired_change(frame, by=("unit",)).set_index("comparison")
    assert not (change["n_pairs"].fillna(0) > 0).any()  # väli (1) and loppu (4) are both hidden
    assert mixed_model(frame, by=("unit",))["estimate"].isna().all()


def test_quartiles_of_a_few_people_are_not_published():
    from osallisuus import summary

    few = pd.DataFrame({"organization": "A", "unit": "u", "round": "alku", "respondent": [f"r{i}" for i in range(5)],
                        "esis_score": [10.0, 42.5, 57.5, 70.0, 97.5], "eurohis_score": np.nan,
                        "eurohis_good_qol": pd.NA, "lonely": pd.NA})
    row = summary(few, by=("unit",)).iloc[0]
    assert row["esis_mean"] == 55.5 and np.isnan(row["esis_q1"]) and np.isnan(row["esis_median"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), st.sampled_from(["p", "q"]),
                          st.sampled_from([0, 1, 2, 3, 4, 5, 6, 9, 12, 30])), min_size=1, max_size=30),
       st.integers(2, 8), st.booleans())
def test_each_group_s_breakdown_is_protected_as_one(rows, min_n, two_keys):
    """``protect_groups`` (the theme table's and the respondent types' breakdowns) publishes what
    :func:`protect` of each group's counts does."""
    from osallisuus.statistics.disclosure import protect, protect_groups

    table = pd.DataFrame(rows, columns=["a", "b", "n"], index=np.arange(len(rows))[::-1] + 100)
    by = ["a", "b"] if two_keys else ["a"]
    expected = table.groupby(by, observed=True)["n"].transform(lambda counts: protect(counts, min_n))
    pd.testing.assert_series_equal(protect_groups(table, by, "n", min_n), expected)


def test_hidden_parts_never_pin_down_a_small_count():
    """A count labelled "fewer than 5" next to one "hidden for another group" must not be
    exactly the hidden total minus 5 (all hidden parts of 1 and 5 with a total of 6 would say 1)."""
    from osallisuus.statistics.disclosure import hidden_reason, protect

    counts = pd.Series({"repeated": 30, "start_only": 5, "follow_up_only": 6, "anonymous": 1})
    shown = protect(counts)
    reasons = hidden_reason(counts, shown)
    hidden = counts[shown.isna()]
    others = (reasons == "protects_another_group").sum()
    assert hidden.sum() - MIN_N * others > 1 + (reasons == "fewer_than_min_n").sum() - 1
