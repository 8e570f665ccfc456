"""Synthetic demo exports that look like the ones practitioners really have.

Everything is invented. Three organizations, eight units, answers in eight languages and
five layouts (domain brief, "Export formats"):

* ``webropol_jarvimaa_2025.xlsx``: Webropol-style wide Excel, two title rows above the header,
  matrix statements headed "Question - statement", Finnish label text;
* ``jarvimaa_tyopaja_2025.csv``: Finnish Excel CSV (semicolon, Windows-1252), numeric codes;
* ``forms_olohuone_sv.xlsx``: Microsoft-Forms-style Excel in Swedish (ID, Starttid, Sluttid,
  E-post, Namn ...), Swedish label text, e-mail addresses that ingest must drop;
* ``paperilomakkeet_nuorten_paja.xlsx``: paper forms typed by hand: codes and labels mixed,
  9 and 99 for missing, stray whitespace and case, a double mark "3/4", a note in a cell,
  a blank row;
* ``silta_kanoninen.csv``: the canonical long format (UTF-8), labels in en, ar, fa, ckb, ru, uk;
* ``polku_seurannat.csv``: an organization that measures again and again over 2024-2025
  (:data:`REPEATING_UNITS`), rounds written as people write them in three languages: a work
  activity unit with three-month cycles and 6 / 12 kk follow-ups ("1. mittaus", "Loppukysely",
  "6 kk seuranta"), a housing service measuring every six months ("Början", "2. mätning" ...),
  and a day centre whose long-term clients answer once a year ("Annual measurement").

Respondents answer alku / väli / loppu about three months apart; about a quarter is lost per
round. Long-term clients answer once a year (recorded as alku, then loppu a year later);
one-time respondents answer once, some anonymously. :data:`TRUE_EFFECTS` is the change in
ESIS points (alku -> loppu) built into each unit, so analyses can be checked against it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..schema import ESIS_ITEMS, EUROHIS_ITEMS, ROUNDS
from .codebook import load_codebooks


@dataclass(frozen=True)
class DemoUnit:
    organization: str
    unit: str
    service: str
    layout: str
    new_clients: int  # start the alku / väli / loppu series
    long_term: int  # answer once a year
    one_time: int  # answer once
    effect: float  # true change alku -> loppu, ESIS points
    baseline: float  # mean ESIS score at alku


UNITS: tuple[DemoUnit, ...] = (
    DemoUnit("Järvimaan hyvinvointialue", "Kuntouttava työtoiminta Lahti", "kuntouttava työtoiminta",
             "webropol", 44, 10, 10, 8.0, 58.0),
    DemoUnit("Järvimaan hyvinvointialue", "Sosiaalinen kuntoutus Heinola", "sosiaalinen kuntoutus",
             "webropol", 36, 8, 8, 6.0, 55.0),
    DemoUnit("Järvimaan hyvinvointialue", "Asumispalvelu Kärkölä", "asumispalvelu",
             "webropol", 30, 10, 5, 0.0, 60.0),
    DemoUnit("Järvimaan hyvinvointialue", "Työpaja Orimattila", "työpaja",
             "csv", 40, 0, 10, 10.0, 57.0),
    DemoUnit("Kohtaamispaikka ry", "Olohuone", "päivätoiminta", "forms", 34, 6, 10, 5.0, 62.0),
    DemoUnit("Kohtaamispaikka ry", "Nuorten paja", "työpaja", "paper", 30, 0, 8, -6.0, 64.0),
    DemoUnit("Monikulttuurinen Silta ry", "Kielikahvila", "kohtaamispaikka", "canonical", 40, 0, 12, 7.0, 60.0),
    DemoUnit("Monikulttuurinen Silta ry", "Perhekerho", "perhetoiminta", "canonical", 3, 0, 1, 5.0, 65.0),
)
#: True change in ESIS points from alku to loppu built into each unit (väli gets half).
TRUE_EFFECTS: dict[str, float] = {u.unit: u.effect for u in UNITS}


@dataclass(frozen=True)
class RepeatingUnit:
    """A unit that measures again and again: ``rounds`` with the months after the first answer
    and the word written for each, ``effect`` the true change per year (ESIS points)."""

    unit: str
    service: str
    people: int
    rounds: tuple[tuple[str, int, str], ...]  # (round, months after the first answer, word written)
    effect: float
    baseline: float


REPEATING_ORGANIZATION = "Polku ry"
REPEATING_UNITS: tuple[RepeatingUnit, ...] = (
    RepeatingUnit("Työtoiminta Polku", "kuntouttava työtoiminta", 90,
                  (("alku", 0, "1. mittaus"), ("väli", 3, "2. mittaus"), ("loppu", 6, "Loppukysely"),
                   ("seuranta_6kk", 12, "6 kk seuranta"), ("seuranta_12kk", 18, "12 kk seuranta")), 10.0, 56.0),
    RepeatingUnit("Asumispalvelu Polku", "asumispalvelu", 32,
                  (("alku", 0, "Början"), ("väli", 6, "2. mätning"), ("loppu", 12, "3. mätning"),
                   ("mittaus_4", 18, "4. mätning")), 4.0, 52.0),
    RepeatingUnit("Päivätoiminta Polku", "päivätoiminta", 24,
                  (("vuosimittaus", 0, "Annual measurement"), ("vuosimittaus", 12, "Annual measurement"),
                   ("vuosimittaus", 24, "Annual measurement")), 3.0, 60.0),
)

FILES = {
    "webropol": "webropol_jarvimaa_2025.xlsx",
    "csv": "jarvimaa_tyopaja_2025.csv",
    "forms": "forms_olohuone_sv.xlsx",
    "paper": "paperilomakkeet_nuorten_paja.xlsx",
    "canonical": "silta_kanoninen.csv",
    "repeating": "polku_seurannat.csv",
}
_ROUND_STEP = {"alku": 0.0, "väli": 0.5, "loppu": 1.0}
_MULTILINGUAL = ("en", "ar", "fa", "ckb", "ru", "uk")
_AGE = ("18-29", "30-44", "45-64", "65+")
_GENDER = ("female", "male", "other", "undisclosed")
_OPEN = (
    "Olen saanut uusia tuttavia ja rytmiä arkeen.",
    "Tunnen kuuluvani porukkaan.",
    "Ei ole vaikuttanut juurikaan.",
    "Ohjaaja Maija auttoi paljon, soittakaa minulle 040 123 4567.",
    "Voin vaikuttaa siihen mitä teemme.",
    "Jaksan paremmin, lisätietoja saa osoitteesta testi.henkilo@example.org",
    None,
)


def simulate(seed: int = 2025) -> pd.DataFrame:
    """The demo's answers as one canonical table of codes (before any export layout)."""
    rng = np.random.default_rng(seed)
    item_bias = rng.normal(0, 0.25, len(ESIS_ITEMS))
    rows: list[dict] = []
    serial = 0
    for unit in UNITS:
        base = 1 + 4 * unit.baseline / 100  # ESIS points -> item scale
        shift = unit.effect / 25  # one scale step = 25 points
        people = [("new", i) for i in range(unit.new_clients)] + [("long", i) for i in range(unit.long_term)]
        people += [("once", i) for i in range(unit.one_time)]
        for kind, _ in people:
            serial += 1
            theta = base + rng.normal(0, 0.55)
            start = date(2025, 1, 7) + timedelta(days=int(rng.integers(0, 150)))
            code = f"{unit.unit[:3].upper()}-{serial:04d}" if kind != "once" or rng.random() < 0.4 else None
            if kind == "new":
                rounds = ["alku"]
                if rng.random() < 0.75:
                    rounds.append("väli")
                if rng.random() < (0.75 if "väli" in rounds else 0.3):
                    rounds.append("loppu")
                dates = {r: start + timedelta(days=int(91 * _ROUND_STEP[r] * 2 + rng.integers(-10, 11)))
                         for r in rounds}
            elif kind == "long":
                rounds = ["alku", "loppu"]
                first = start - timedelta(days=365)
                dates = {"alku": first, "loppu": first + timedelta(days=365 + int(rng.integers(-20, 21)))}
            else:
                rounds, dates = ["alku"], {"alku": start}
            person = {
                "respondent": code, "age_group": _AGE[rng.integers(0, 4)],
                "gender": _GENDER[min(rng.integers(0, 10) // 4, 3)], "language": _language(unit, rng),
                "client": kind,
            }
            for r in rounds:
                level = theta + shift * _ROUND_STEP[r]
                items = np.clip(np.rint(level + item_bias + rng.normal(0, 0.55, 10)), 1, 5)
                items[rng.random(10) < 0.007] = np.nan
                lonely = np.clip(np.rint(6 - level + rng.normal(0, 0.9)), 1, 5)
                eurohis = np.clip(np.rint(level + 0.3 + rng.normal(0, 0.6, 8)), 1, 5)
                rows.append({
                    **person, "organization": unit.organization, "unit": unit.unit, "round": r,
                    "date": dates[r], "service": unit.service, "layout": unit.layout,
                    **dict(zip(ESIS_ITEMS, items)), "loneliness": lonely,
                    **dict(zip(EUROHIS_ITEMS, eurohis)),
                    "open_effect": _OPEN[rng.integers(0, len(_OPEN))] if r != "alku" else None,
                })
    rows += _repeating(rng, item_bias, serial)  # after the units above: their answers do not change
    return pd.DataFrame(rows)


def _repeating(rng: np.random.Generator, item_bias: np.ndarray, serial: int) -> list[dict]:
    """The answers of :data:`REPEATING_UNITS`: people start over 2024-2025 (long-term clients
    from 2023); each later measurement is answered with probability 0.8, ±2 weeks off schedule,
    and none after the end of 2025."""
    rows = []
    end = date(2025, 12, 31)
    for unit in REPEATING_UNITS:
        for _ in range(unit.people):
            serial += 1
            theta = 1 + 4 * unit.baseline / 100 + rng.normal(0, 0.55)
            first = date(2023 if unit.rounds[0][0] == "vuosimittaus" else 2024, 1, 15) + timedelta(
                days=int(rng.integers(0, 60 if unit.rounds[0][0] == "vuosimittaus" else 540)))
            person = {"respondent": f"POL-{serial:04d}", "age_group": _AGE[rng.integers(0, 4)],
                      "gender": _GENDER[min(rng.integers(0, 10) // 4, 3)], "language": "fi", "client": "repeating"}
            for k, (rnd, months, word) in enumerate(unit.rounds):
                when = first + timedelta(days=int(30.4375 * months + (rng.integers(-14, 15) if k else 0)))
                if when > end or (k and rng.random() < 0.2):
                    break
                level = theta + unit.effect / 25 * months / 12
                items = np.clip(np.rint(level + item_bias + rng.normal(0, 0.55, 10)), 1, 5)
                rows.append({
                    **person, "organization": REPEATING_ORGANIZATION, "unit": unit.unit, "round": rnd,
                    "round_written": word, "date": when, "service": unit.service, "layout": "repeating",
                    **dict(zip(ESIS_ITEMS, items)), "loneliness": np.clip(np.rint(6 - level + rng.normal(0, 0.9)), 1, 5),
                    **dict(zip(EUROHIS_ITEMS, np.clip(np.rint(level + 0.3 + rng.normal(0, 0.6, 8)), 1, 5))),
                    "open_effect": None,
                })
    return rows


def example_data(seed: int = 2025) -> pd.DataFrame:
    """The demo answers as a scored canonical table in memory, for trying the API.

    The respondent codes are the synthetic ones (no salt is involved).

    >>> frame = example_data()
    >>> len(frame), frame["unit"].nunique()
    (1138, 11)
    """
    from ..instruments import score_all
    from ..schema import CANONICAL_COLUMNS, ITEM_COLUMNS
    from .store import with_round_order

    sim = simulate(seed)
    frame = sim.reindex(columns=list(CANONICAL_COLUMNS)).assign(
        date=pd.to_datetime(sim["date"]), source_file="demo", source_row=np.arange(1, len(sim) + 1))
    frame = frame.astype({col: "Int8" for col in ITEM_COLUMNS})
    return with_round_order(score_all(frame))


def _language(unit: DemoUnit, rng: np.random.Generator) -> str:
    if unit.layout == "forms":
        return "sv"
    if unit.layout == "canonical":
        return _MULTILINGUAL[rng.integers(0, len(_MULTILINGUAL))]
    return "fi"


def write_demo(data_dir: str | Path = "data", seed: int = 2025) -> list[Path]:
    """Write the demo exports under ``DIR/raw`` and return their paths.

    >>> import tempfile
    >>> sorted(p.suffix for p in write_demo(tempfile.mkdtemp()))
    ['.csv', '.csv', '.csv', '.xlsx', '.xlsx', '.xlsx']
    """
    raw = Path(data_dir) / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    answers = simulate(seed)
    rng = np.random.default_rng(seed + 1)
    labels = _Labels()
    writers = {"webropol": _webropol, "csv": _finnish_csv, "forms": _forms, "paper": _paper,
               "canonical": _canonical, "repeating": _repeating_csv}
    paths = []
    for layout, writer in writers.items():
        part = answers[answers["layout"] == layout].sort_values("date", kind="stable").reset_index(drop=True)
        path = raw / FILES[layout]
        writer(part, path, labels, rng)
        paths.append(path)
    return paths


class _Labels:
    """Texts as written in the codebooks (the first of each list), for writing exports."""

    def __init__(self) -> None:
        self.written = load_codebooks().written

    def item(self, item: str, lang: str) -> str:
        return self.written[("item", item, lang)]

    def column(self, column: str, lang: str) -> str:
        return self.written[("column", column, lang)]

    def value(self, fld: str, lang: str, value: str) -> str:
        return self.written.get(("value", fld, lang, value), value)

    def answer(self, item: str, lang: str, code: float) -> str:
        if np.isnan(code):
            return self.written[("missing", item, lang)]
        return self.written[("answer", item, lang, int(code))]


def _label_frame(part: pd.DataFrame, lang: str, labels: _Labels, header_lang: str | None = None,
                 items=ESIS_ITEMS + ("loneliness",) + EUROHIS_ITEMS) -> dict[str, list]:
    """Item columns as label text, headed by the question text in ``header_lang``."""
    header_lang = header_lang or lang
    return {labels.item(item, header_lang): [labels.answer(item, lang, v) for v in part[item]] for item in items}


def _background(part: pd.DataFrame, lang: str, labels: _Labels, columns=("organization", "unit", "round",
                "respondent", "date", "age_group", "gender", "service")) -> dict[str, list]:
    out = {}
    for col in columns:
        values = part[col].tolist()
        if col in ("round", "age_group", "gender"):
            values = [labels.value(col, lang, v) for v in values]
        if col == "date":
            values = [d.strftime("%-d.%-m.%Y") for d in values]
        out[labels.column(col, lang)] = values
    return out


def _webropol(part: pd.DataFrame, path: Path, labels: _Labels, rng) -> None:
    question = "Miten hyvin seuraavat väittämät kuvaavat sinua?"
    data = _background(part, "fi", labels)
    for item in ESIS_ITEMS:
        header = f"{question} - {labels.item(item, 'fi')}"
        data[header] = [labels.answer(item, "fi", v) for v in part[item]]
    data.update(_label_frame(part, "fi", labels, items=("loneliness",) + EUROHIS_ITEMS))
    data[labels.column("open_effect", "fi")] = part["open_effect"].tolist()
    frame = pd.DataFrame(data)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        pd.DataFrame([["Osallisuuskysely 2025 - Järvimaan hyvinvointialue"], [f"Vastaajia: {len(frame)}"]]).to_excel(
            xw, sheet_name="Vastaukset", header=False, index=False)
        frame.to_excel(xw, sheet_name="Vastaukset", startrow=3, index=False)


def _finnish_csv(part: pd.DataFrame, path: Path, labels: _Labels, rng) -> None:
    data = _background(part, "fi", labels)
    for item in ESIS_ITEMS + ("loneliness",) + EUROHIS_ITEMS:
        data[labels.item(item, "fi")] = [None if np.isnan(v) else int(v) for v in part[item]]
    data[labels.column("open_effect", "fi")] = part["open_effect"].tolist()
    frame = pd.DataFrame(data)
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", quoting=csv.QUOTE_MINIMAL, decimal=",")


def _forms(part: pd.DataFrame, path: Path, labels: _Labels, rng) -> None:
    n = len(part)
    stamps = [datetime.combine(d, datetime.min.time()) + timedelta(hours=9, minutes=int(m))
              for d, m in zip(part["date"], rng.integers(0, 480, n))]
    data = {
        "ID": list(range(1, n + 1)),
        "Starttid": [s - timedelta(minutes=7) for s in stamps],
        "Sluttid": stamps,
        "E-post": [f"vastaaja{i}@example.org" if i % 3 else "anonymous" for i in range(n)],
        "Namn": [None] * n,
        "Senast ändrad": [None] * n,
    }
    data.update(_background(part, "sv", labels, ("organization", "unit", "round", "respondent",
                                                  "age_group", "gender", "service")))
    data.update(_label_frame(part, "sv", labels))
    data[labels.column("open_effect", "sv")] = part["open_effect"].tolist()
    pd.DataFrame(data).to_excel(path, sheet_name="Form1", index=False, engine="openpyxl")


def _paper(part: pd.DataFrame, path: Path, labels: _Labels, rng) -> None:
    data = {"Lomake nro": list(range(1, len(part) + 1))}
    data.update(_background(part, "fi", labels))
    item_cols = ESIS_ITEMS + ("loneliness",) + EUROHIS_ITEMS
    for k, item in enumerate(item_cols, start=1):
        header = f"{k}. {labels.item(item, 'fi')}" if item in ESIS_ITEMS else labels.item(item, "fi")
        data[header] = [None if np.isnan(v) else int(v) for v in part[item]]
    frame = pd.DataFrame(data).astype(object)
    # what typing paper forms by hand looks like
    cols = [c for c in frame.columns if c.endswith(tuple(labels.item(i, "fi") for i in ESIS_ITEMS))]
    frame.loc[2, cols[0]] = 9
    frame.loc[5, cols[3]] = 99
    frame.loc[7, cols[5]] = "3/4"
    frame.loc[9, cols[2]] = "en tiedä, kysyi ohjaajalta"
    frame.loc[11, cols[1]] = "  TÄYSIN samaa  mieltä "
    frame.loc[12, cols[4]] = "jokseenkin eri mieltä"
    frame.loc[13, labels.column("round", "fi")] = " Alku "
    blank = pd.DataFrame([[None] * frame.shape[1]], columns=frame.columns)
    frame = pd.concat([frame.iloc[:15], blank, frame.iloc[15:]], ignore_index=True)
    frame.to_excel(path, sheet_name="Lomakkeet", index=False, engine="openpyxl")


def _canonical(part: pd.DataFrame, path: Path, labels: _Labels, rng) -> None:
    out = part[["respondent", "organization", "unit", "round", "date", "language"]].copy()
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    for item in ESIS_ITEMS + ("loneliness",):
        out[item] = [labels.answer(item, lang, v) for lang, v in zip(part["language"], part[item])]
    for item in EUROHIS_ITEMS:
        out[item] = [None if np.isnan(v) else int(v) for v in part[item]]
    out = out.assign(age_group=part["age_group"], gender=part["gender"], service=part["service"],
                     open_effect=part["open_effect"])
    out.to_csv(path, index=False, encoding="utf-8")


def _repeating_csv(part: pd.DataFrame, path: Path, labels: _Labels, rng) -> None:
    """The canonical columns with codes, rounds as the services write them."""
    out = part[["respondent", "organization", "unit", "date", "language", "service"]].copy()
    out.insert(3, "round", part["round_written"])
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    for item in ESIS_ITEMS + ("loneliness",) + EUROHIS_ITEMS:
        out[item] = [None if np.isnan(v) else int(v) for v in part[item]]
    out.to_csv(path, index=False, encoding="utf-8")


__all__ = ["UNITS", "REPEATING_UNITS", "TRUE_EFFECTS", "FILES", "simulate", "write_demo", "example_data", "ROUNDS"]
