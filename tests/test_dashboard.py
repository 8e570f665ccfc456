"""The dashboard in a real headless Chromium (selenium + Debian's chromedriver), opened from
file://: every filter changed, the numbers shown equal the export's for that selection, the CSV
download holds what is shown, no request leaves the file and the console has no errors."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from osallisuus.cli import main
from osallisuus.intake.store import Store
from tests.helpers import chrome

pytestmark = pytest.mark.skipif(shutil.which("chromedriver") is None or shutil.which("chromium") is None,
                                reason="needs chromium and chromium-driver (Debian; .ci/run installs them)")
YEAR = 2025


@pytest.fixture(scope="module")
def built(demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("dashboard")
    page = out / "näkymä.html"
    assert main(["dashboard", "--data", str(demo_dir), "--out", str(page), "--language", "fi"]) == 0
    assert main(["export", "--data", str(demo_dir), "--out", str(out / "export"), "--year", str(YEAR)]) == 0
    export = {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in (out / "export").glob("*.csv")}
    return page, export, out


@pytest.fixture(scope="module")
def browser(built):
    with chrome(downloads=built[2] / "downloads") as driver:
        yield driver


def _number(text: str) -> float | None:
    text = text.replace("\u2212", "-").replace("\u00a0", "").replace(",", ".").strip()
    try:
        return float(text)
    except ValueError:
        return None  # "alle 5", "–"


#: A table's body rows as the page shows them, read in one browser call (a call per cell took most of
#: this module's time): each row's data-group, data-key and its cells' text by data-column.
ROWS_SCRIPT = """return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr')).map(r => ({
  group: r.getAttribute('data-group'), key: r.getAttribute('data-key'),
  cells: Object.fromEntries(Array.from(r.querySelectorAll('td[data-column]')).map(
    td => [td.getAttribute('data-column'), td.textContent]))}));"""


def _rows(driver, view: str) -> list[dict]:
    return driver.execute_script(ROWS_SCRIPT, f"#{view}-table")


def _shown(driver, view: str, columns: list[str]) -> dict[int, dict[str, float | None]]:
    return {int(r["group"]): {c: _number(r["cells"][c]) for c in columns} for r in _rows(driver, view)}


def _choose(driver, key: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", f"filter-{key}")).select_by_value(value)
    time.sleep(0.3)


def _expected(table: pd.DataFrame, groups: dict, keys: set, columns: list[str], **where) -> dict:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column].astype(str) == str(value)]
    out = {}
    for gid, (org, unit) in groups.items():
        if (org, unit) not in keys:
            continue
        mine = rows[(rows["organization"].fillna("") == org) & (rows["unit"].fillna("") == unit)]
        if len(mine):
            out[gid] = {c: None if pd.isna(mine[c].iloc[0]) else float(mine[c].iloc[0]) for c in columns}
    return out


def _counts(driver, view: str) -> dict[tuple[int, str], float | None]:
    """A count table's cells by (group, key): pace by month|round, follow-ups by status."""
    return {(int(r["group"]), r["key"]): _number(r["cells"]["count"]) for r in _rows(driver, view)}


def _expected_counts(table: pd.DataFrame, by_key: dict, keys: set, key: list[str]) -> dict:
    rows = table[table["year"] == YEAR].fillna({"organization": "", "unit": "", "month": "", "round": ""})
    rows = rows[[(o, u) in keys for o, u in zip(rows["organization"], rows["unit"])]]
    return {(by_key[(o, u)], "|".join(str(r[c]) for c in key)): None if pd.isna(r["count"]) else float(r["count"])
            for o, u, r in zip(rows["organization"], rows["unit"], rows.to_dict("records"))}


def test_every_filter_shows_the_exports_numbers(built, browser, demo_dir):
    page, export, out = built
    driver = browser
    driver.get(page.resolve().as_uri())
    time.sleep(2)
    data = json.loads(driver.find_element("id", "data").get_attribute("textContent"))
    groups = {g["group_id"]: (g["organization"], g["unit"]) for g in data["groups"]}
    by_key = {v: k for k, v in groups.items()}
    summary, change = export["summary"], export["change"]
    levels, diffs = ["n_answered", "esis_mean", "esis_ci_low", "esis_ci_high"], ["n_pairs", "mean_diff", "ci_low", "ci_high"]
    orgs = summary.loc[summary["level"] == "organization", "organization"].tolist()
    units = summary.loc[summary["level"] == "unit", ["organization", "unit"]].drop_duplicates()
    top = {("", "")} | {(o, "") for o in orgs}

    pace, follow_ups = export["pace"], export["follow_ups"]
    follow_ups = follow_ups[follow_ups["status"].isin(["due", "overdue"])]
    seen = {"pace": 0, "follow_ups": 0}

    def check(keys: set, round_: str = "alku", comparison: str = "first_last", focus: tuple = ("", "")) -> None:
        shown = _shown(driver, "levels", levels)
        assert shown == _expected(summary, groups, keys, levels, round=round_), keys
        assert _shown(driver, "change", diffs) == _expected(change, groups, keys, diffs, comparison=comparison), keys
        paced = _counts(driver, "pace")
        assert paced == _expected_counts(pace, by_key, {focus}, ["month", "round"]), focus
        followed = _counts(driver, "follow_ups")
        assert followed == _expected_counts(follow_ups, by_key, keys, ["status"]), keys
        seen["pace"] += sum(v is not None and v > 0 for v in paced.values())
        seen["follow_ups"] += sum(v is not None and v > 0 for v in followed.values())

    assert driver.find_element("id", "filter-year").get_attribute("value") == str(YEAR)
    check(top)
    _choose(driver, "round", "loppu")
    check(top, "loppu")
    _choose(driver, "comparison", "alku_loppu")
    check(top, "loppu", "alku_loppu")
    org = orgs[0]
    _choose(driver, "organization", str(data["groups"][by_key[(org, "")]]["organization_id"]))
    mine = {(org, "")} | {(org, u) for o, u in units.itertuples(index=False) if o == org}
    check(mine, "loppu", "alku_loppu", focus=(org, ""))
    unit = sorted(u for o, u in mine if u)[0]
    _choose(driver, "unit", str(by_key[(org, unit)]))
    check({(org, unit)}, "loppu", "alku_loppu", focus=(org, unit))
    _choose(driver, "organization", str(data["groups"][by_key[("Polku ry", "")]]["organization_id"]))
    _choose(driver, "unit", str(by_key[("Polku ry", "Työtoiminta Polku")]))  # three-monthly: shown months, due people
    check({("Polku ry", "Työtoiminta Polku")}, "loppu", "alku_loppu", focus=("Polku ry", "Työtoiminta Polku"))
    _choose(driver, "organization", str(data["groups"][by_key[("Kohtaamispaikka ry", "")]]["organization_id"]))
    _choose(driver, "unit", str(by_key[("Kohtaamispaikka ry", "Nuorten paja")]))  # a unit whose months are shown
    check({("Kohtaamispaikka ry", "Nuorten paja")}, "loppu", "alku_loppu", focus=("Kohtaamispaikka ry", "Nuorten paja"))
    assert seen["pace"] > 0 and seen["follow_ups"] > 0  # some counts were shown, not only hidden ones
    _choose(driver, "unit", "")
    _choose(driver, "organization", "")
    service = data["services"][0]
    _choose(driver, "service", str(service["service_id"]))
    served = {groups[g["group_id"]] for g in data["groups"] if g["service_id"] == service["service_id"]}
    check(served, "loppu", "alku_loppu")
    _choose(driver, "service", "")
    themes = export["themes"]
    region_themes = themes[(themes["level"] == "region") & (themes["theme"].fillna("") != "")
                           & themes["effect"].isin(["positive", "none", "negative", "unclear"])]
    shown_counts = [_number(td.get_attribute("textContent"))
                    for td in driver.find_elements("css selector", "#themes-table td[data-column=count]")]
    assert sorted(x for x in shown_counts if x is not None) == sorted(region_themes["count"].dropna().astype(float))
    driver.save_screenshot(str(out / "filters.png"))
    years = [o.get_attribute("value") for o in driver.find_elements("css selector", "#filter-year option")]
    answered = Store(demo_dir).read_responses()["date"].dropna().dt.year
    assert years == [str(y) for y in sorted(answered.unique())]  # every year with answers (the demo: 2023–2025)
    _choose(driver, "year", "2024")  # the 2024 demo answers are too few to show at the end round
    assert driver.find_element("id", "filter-year").get_attribute("value") == "2024"
    assert driver.find_elements("id", "levels-table")  # the views are drawn again for the year


def test_the_csv_download_holds_what_is_shown(built, browser):
    page, export, out = built
    driver = browser
    driver.get(page.resolve().as_uri())
    time.sleep(2)
    driver.find_element("id", "levels-csv").click()
    path = out / "downloads" / "levels.csv"
    for _ in range(50):
        if path.exists():
            break
        time.sleep(0.1)
    table = pd.read_csv(path, encoding="utf-8-sig")
    shown = _shown(driver, "levels", ["n_answered", "esis_mean"])
    assert len(table) == len(shown)
    assert table["esis_mean"].tolist() == [v["esis_mean"] for v in shown.values()]


def test_no_request_leaves_the_file_and_the_console_is_clean(built, browser):
    page, _, _ = built
    driver = browser
    driver.get_log("performance")
    driver.get(page.resolve().as_uri())
    time.sleep(2)
    for key in ("round", "comparison"):
        from selenium.webdriver.support.ui import Select

        select = Select(driver.find_element("id", f"filter-{key}"))
        for option in [o.get_attribute("value") for o in select.options]:
            _choose(driver, key, option)
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    assert requests and all(u.split(":", 1)[0] in ("file", "data", "blob") for u in requests), requests
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_it_embeds_only_the_exports_published_rows(built):
    """Every embedded fact row is a row of the export (same values), with fewer columns."""
    page, export, _ = built
    text = page.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="data">') + len('<script type="application/json" id="data">')
    data = json.loads(text[start:text.index("</script>", start)].replace("<\\/", "</"))
    groups = {g["group_id"]: (g["organization"], g["unit"]) for g in data["groups"]}
    embedded = pd.DataFrame([r for r in data["summary"] if r["year"] == YEAR])
    embedded[["organization", "unit"]] = [groups[g] for g in embedded["group_id"]]
    keys = ["organization", "unit", "round"]
    merged = embedded.merge(export["summary"].fillna({"organization": "", "unit": ""}), on=keys, suffixes=("", "_x"),
                            validate="one_to_one")
    assert len(merged) == len(embedded) == len(export["summary"])
    for column in ("n_answered", "esis_mean", "esis_ci_low"):
        pd.testing.assert_series_equal(merged[column].astype(float), merged[column + "_x"].astype(float),
                                       check_names=False)
    for name in ("pace", "follow_ups"):  # counts as the export has them (follow-ups: due and overdue only; pace
        records = data[name] if name == "follow_ups" else [  # without its zeros: the page makes them again)
            dict(zip(data[name]["columns"], values)) for values in data[name]["rows"]]
        rows = pd.DataFrame([r for r in records if r["year"] == YEAR])
        rows[["organization", "unit"]] = [groups[g] for g in rows["group_id"]]
        keys = ["organization", "unit", "month", "round"] if name == "pace" else ["organization", "unit", "status"]
        merged = rows.merge(export[name].fillna({"organization": "", "unit": "", "month": "", "round": ""}), on=keys,
                            suffixes=("", "_x"), validate="one_to_one")
        assert len(merged) == len(rows) > 0
        pd.testing.assert_series_equal(merged["count"].astype(float), merged["count_x"].astype(float), check_names=False)
    assert set(data) >= {"summary", "change", "themes", "pace", "follow_ups"} and "responses" not in data
    assert Path(page).stat().st_size < 2 * 2**20  # small enough to send by e-mail
