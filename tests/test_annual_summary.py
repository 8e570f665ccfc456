"""The regional summary of one calendar year shows each organization's years side by side
(issue 21): the numbers of the rendered report checked against figures worked by hand from
the demo answers, with pandas and the textbook formulas only (no osallisuus statistics)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from osallisuus.intake.store import Store
from osallisuus.reporting.params import load_job, notebooks_dir
from osallisuus.reporting.runner import run_reports

YEAR = 2025
#: The order of the demo's rounds, written out (a respondent's first and latest answer follow it).
ORDER = ["alku", "väli", "loppu", "mittaus_4", "seuranta_6kk", "seuranta_12kk", "vuosimittaus"]


@pytest.fixture(scope="module")
def annual(demo_dir, tmp_path_factory) -> tuple[Path, Path]:
    """The demo's regional summary for ``YEAR``, in Finnish and Swedish."""
    out = tmp_path_factory.mktemp("annual")
    jobs = []
    for language in ("fi", "sv"):
        params = out / f"alue-{language}.yaml"
        params.write_text(yaml.safe_dump({"notebook": "regional_summary", "period_start": f"{YEAR}-01-01",
                                          "period_end": f"{YEAR}-12-31", "language": language}), encoding="utf-8")
        jobs.append(load_job(params, demo_dir, out, notebooks_dir()))
    outcomes = run_reports(jobs, workers=1, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    return out / "alue-fi.html", out / "alue-sv.html"


def _years_table(page: Path, title: str) -> pd.DataFrame:
    html = page.read_text(encoding="utf-8")
    part = html.split(f">{title}</h2>")[1]
    return pd.read_html(io.StringIO(part[: part.index("</table>") + 8]), flavor="lxml")[0].astype(str)


def _by_hand(frame: pd.DataFrame, organization: str, year: int) -> dict[str, float]:
    """One organization's year, every unit shown: respondents (codes once per unit, each
    anonymous answer once), alku mean and n, first → latest change (mean, 95 % t-interval,
    pairs within a unit) and continued = alku and a later answer / (those + alku only)."""
    rows = frame[(frame["organization"] == organization) & (frame["date"].dt.year == year)]
    rows = rows.assign(rank=rows["round"].astype(str).map(ORDER.index)).sort_values(["rank", "date"], kind="stable")
    coded = rows[rows["respondent"].notna()].drop_duplicates(["unit", "respondent", "round"], keep="last")
    respondents = coded.groupby("unit")["respondent"].nunique().sum() + rows["respondent"].isna().sum()
    start = coded[coded["round"] == "alku"]["esis_score"].dropna().tolist() + rows[
        rows["respondent"].isna() & (rows["round"] == "alku")]["esis_score"].dropna().tolist()
    scored = coded.dropna(subset=["esis_score"]).sort_values(["rank", "date"], kind="stable")
    people = scored.groupby(["unit", "respondent"])["esis_score"]
    diff = (people.last() - people.first())[people.size() >= 2].to_numpy()
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))  # R: t.test(diff)$conf.int
    rounds = coded.groupby(["unit", "respondent"])["round"].agg(set)
    started = rounds[rounds.map(lambda r: "alku" in r)]
    repeated = started.map(len).gt(1).sum()
    return {"respondents": respondents, "start_mean": np.mean(start), "start_n": len(start),
            "diff": diff.mean(), "low": diff.mean() - half, "high": diff.mean() + half, "pairs": len(diff),
            "continued": repeated / len(started)}


def _fi(x: float, decimals: int = 1) -> str:
    return f"{x:.{decimals}f}".replace(".", ",").replace("-", "−")


def test_regional_summary_shows_each_organizations_years_as_worked_by_hand(annual, demo_dir):
    table = _years_table(annual[0], "Vuodet rinnakkain")
    frame = Store(demo_dir).read_responses()
    polku = table[table["Organisaatio"] == "Polku ry"].set_index("Vuosi")
    assert list(polku.index) == ["2023", "2024", "2025"]  # the organization's years up to the summary's
    hand = _by_hand(frame, "Polku ry", 2024)  # 2024: all three units shown
    row = polku.loc["2024"].str.replace("\u00a0", " ")
    assert row["Yksiköitä"] == "3"
    assert row["Vastaajia"] == str(hand["respondents"])
    assert row["Taso alussa"] == f"{_fi(hand['start_mean'])} (n = {hand['start_n']})"
    assert row["Muutos ensimmäisestä viimeiseen"] == (
        f"+{_fi(hand['diff'])} ({_fi(hand['low'])}–{_fi(hand['high'])}; n = {hand['pairs']})")
    assert row["Jatkaneet"] == f"{round(100 * hand['continued'])} %"
    assert polku.loc["2023", "Taso alussa"] == "×"  # 2023: yearly clients only, no start round
    # no year or organization cell rests on fewer than min_n respondents
    for text in table["Vastaajia"].tolist() + table["Taso alussa"].str.extract(r"n\s=\s(\d+)")[0].dropna().tolist():
        assert text == "×" or int(text) >= 5
    # organizations with answers in one year only are left out (Silta: 2025 only)
    assert "Monikulttuurinen Silta ry" not in set(table["Organisaatio"])
    assert "Vertaile vuosia varoen" in annual[0].read_text(encoding="utf-8")


def test_the_swedish_summary_has_the_years_in_swedish(annual):
    table = _years_table(annual[1], "Åren sida vid sida")
    assert {"Organisation", "År"} <= set(table.columns)
    assert re.search(r"\d,\d \(n\s=\s\d+\)", " ".join(table.iloc[:, 4]))
