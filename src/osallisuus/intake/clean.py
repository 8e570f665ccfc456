"""Cleaning: from a raw :class:`~osallisuus.intake.readers.Table` to canonical rows, with every
unusable row or cell accounted for.

Each column is mapped once per *distinct* value (exports repeat a handful of labels), so a
million rows clean in seconds. Unknown label text is never guessed: the cell is rejected and
the reason names the codebook file to extend. Row accounting: rows read = kept + rejected.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import partial

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import (
    CANONICAL_COLUMNS,
    CODED_COLUMNS,
    ESIS_ITEMS,
    ITEM_COLUMNS,
    REQUIRED_COLUMNS,
    RESPONSE_ID,
    SOURCE_SHEET,
    TEXT_COLUMNS,
)
from .codebook import Codebooks, normalize, normalize_arrow
from .pseudonym import arrow_form
from .readers import Table, arrow_categories

#: Codes people type for "no answer" on paper forms (domain brief, "Export formats").
MISSING_CODES = (9.0, 99.0)
#: Text that spreadsheets, statistics programs and databases write for "no value" (normalised).
#: In any column it is read as missing and reported as a rejected cell, never silently: a
#: respondent code "NA" is an anonymous answer only with a note saying so.
MISSING_MARKERS = frozenset({"na", "n/a", "n.a.", "null", "nan", "none", "-", "--", "#n/a", "puuttuu", "saknas"})
_DOUBLE_MARK = re.compile(r"^\d\s*(/|&|\+|;|ja|tai|and|or|och|eller)\s*\d$")
_NUMBERED = re.compile(r"^\(?(\d{1,2})\s*[.):=-]?\s+(\D.*)$")  # "5 Täysin samaa mieltä", "5 = ...", "(5) ..."
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ tT](\d{2}):(\d{2})(?::(\d{2}))?.*)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
#: Excel stores dates as days since 1899-12-30; a number in a date column is read as one when
#: it falls in 1950-01-01 ... 2099-12-31 (other numbers are not dates).
EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_SERIAL_RANGE = (18264, 73050)

#: reason code -> (Finnish, English); {value}, {column} and {files} are filled in.
REASONS: dict[str, tuple[str, str]] = {
    "empty_row": ("tyhjä rivi", "empty row"),
    "summary_row": (
        "yhteenvetorivi ('{value}' sarakkeessa {column}): ei vastaajan lomake",
        "a summary row ('{value}' in column {column}): not a respondent's form",
    ),
    "formula_without_value": (
        "solussa on kaava ilman laskettua arvoa: tulkittu puuttuvaksi; avaa tiedosto Excelissä, tallenna ja aja uudelleen",
        "the cell holds a formula without a computed value: treated as missing; open the file in Excel, save it and "
        "run again",
    ),
    "copy_sheet": (
        "välilehti on kopio aiemmasta välilehdestä (samat rivit): rivi on luettu sieltä",
        "the sheet copies an earlier sheet (the same rows): the row was read from there",
    ),
    "missing_required": (
        "pakollinen tieto puuttuu: {column}",
        "required value missing: {column}",
    ),
    "unknown_round": (
        ("mittauskertaa '{value}' ei tunneta (tunnetut: alku, väli, loppu, 4.–6. mittaus, 6 ja 12 kk seuranta, "
         "vuosimittaus ja koodikirjan sanat niille); jos sana tarkoittaa jotakin niistä, lisää se koodikirjaan {files}, "
         "esim. instrument: rounds, language: fi, rounds: loppu: ['{value}']"),
        ("unknown round '{value}' (known: alku, väli, loppu, 4th-6th measurement, 6- and 12-month follow-up, yearly "
         "measurement and the codebook's words for them); if it means one of them, add it to codebook {files}, e.g. "
         "instrument: rounds, language: en, rounds: loppu: ['{value}']"),
    ),
    "missing_code": (
        "puuttuvan tiedon koodi {value}: tulkittu puuttuvaksi",
        "missing-value code {value}: treated as missing",
    ),
    "missing_marker": (
        "merkintä '{value}' tarkoittaa puuttuvaa tietoa: tulkittu puuttuvaksi",
        "'{value}' marks a missing value: treated as missing",
    ),
    "respondent_marker": (
        "vastaajatunnus '{value}' tarkoittaa puuttuvaa tunnusta: vastaus tallennettu nimettömänä; jos tunnus on "
        "tiedossa, korjaa se tiedostoon ja aja ingest uudelleen",
        "respondent code '{value}' marks a missing code: the answer is stored as anonymous; if the code is known, "
        "correct it in the file and ingest it again",
    ),
    "double_mark": (
        "kaksi vastausta samassa kohdassa ('{value}'): tulkittu puuttuvaksi",
        "two answers marked ('{value}'): treated as missing",
    ),
    "label_mismatch": (
        ("vastauksen '{value}' koodi ja teksti eivät täsmää (teksti tarkoittaa koodia {meant}): tulkittu "
         "puuttuvaksi; tarkista koodaus"),
        ("the code and the text of answer '{value}' disagree (the text means code {meant}): treated as "
         "missing; check the coding"),
    ),
    "out_of_range": (
        "arvo '{value}' ei ole sallittu koodi (1-5)",
        "value '{value}' is not a valid code (1-5)",
    ),
    "zero_code": (
        "arvo 0 ei ole sallittu koodi (1-5)",
        "value 0 is not a valid code (1-5)",
    ),
    "unknown_label": (
        "tuntematon vastausteksti '{value}': sitä ei arvata; lisää se koodikirjaan {files}",
        "unknown answer text '{value}' is not guessed; add it to codebook {files}",
    ),
    "unknown_value": (
        "tuntematon arvo '{value}'; lisää se koodikirjaan {files}",
        "unknown value '{value}'; add it to codebook {files}",
    ),
    "malformed_row": (
        "rivillä on eri määrä kenttiä kuin otsikkorivillä: '{value}'",
        "the line has a different number of fields than the header: '{value}'",
    ),
    "repeated_round": (
        "sama vastaaja kahdesti mittauskerralla {value}: käytetään myöhempää vastausta ({column}); jos kyse on "
        "eri mittauskerrasta, korjaa mittauskerta",
        "the same respondent twice in round {value}: the later answer ({column}) is used; if this was another "
        "round, correct the round",
    ),
    "corrected": (
        "korjattu vastaus: sama vastaustunnus ja vastausaika myöhemmin muuttunein vastauksin ({column}); käytetään "
        "myöhempää (mittauskerta {value})",
        "a corrected answer: the same response id and time later with changed answers ({column}); the later one is "
        "used (round {value})",
    ),
    "already_stored": (
        "sama vastaus on jo tallennettu ({column}): sama vastaajatunnus tai vastaustunnus ja samat vastaukset",
        "the same answer is already stored ({column}): same respondent code or response id and the same answers",
    ),
    "bad_date": (
        "päivämäärää '{value}' ei voi tulkita (käytä muotoa 31.12.2025 tai 2025-12-31)",
        "cannot read date '{value}' (use 31.12.2025 or 2025-12-31)",
    ),
    "ambiguous_date": (
        "päivämäärän '{value}' voi lukea päivä tai kuukausi ensin, eikä tiedosto kerro kumpi: korjaa solu tai vie "
        "päivät muodossa 31.12.2025 tai 2025-12-31",
        "date '{value}' reads both day first and month first and the file does not say which: correct the cell or "
        "export dates as 31.12.2025 or 2025-12-31",
    ),
    "future_date": (
        "päivämäärä {value} on tulevaisuudessa",
        "date {value} is in the future",
    ),
}
REJECTED_COLUMNS = ["file", "sheet", "row", "column", "value", "level", "reason", "reason_fi", "reason_en"]


@dataclass
class FileReport:
    """What happened to one file: its layout and the row accounting."""

    file: str
    layout: str
    format: str
    language: str
    rows_read: int
    rows_kept: int
    rows_rejected: int
    cells_rejected: int
    rows_already_stored: int = 0
    rows_like_stored: int = 0  # kept rows identical to stored ones but without evidence of identity
    sheet: str | None = None
    encoding: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    kept_own_columns: list[str] = field(default_factory=list)  # given on the command line, but the file has them
    sheets: list[FileReport] = field(default_factory=list)  # per sheet, when a workbook has several
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why)
    notes: list[str] = field(default_factory=list)  # how the file was read, where evidence decided it

    def line(self) -> str:
        extra = f", välilehti {self.sheet}" if self.sheet else ""
        extra += f", {self.encoding}" if self.encoding else ""
        lines = [(
            f"{self.file} [{self.layout}, {self.format}{extra}, kieli {self.language}]: "
            f"luettu {self.rows_read} = hyväksytty {self.rows_kept} + hylätty {self.rows_rejected} "
            f"+ jo tallennettu {self.rows_already_stored} riviä; hylättyjä soluja {self.cells_rejected}"
        )]
        lines += [f"  välilehti {s.sheet}: luettu {s.rows_read} = hyväksytty {s.rows_kept} + hylätty "
                  f"{s.rows_rejected} (ennen vertailua tallennettuihin)" for s in self.sheets]
        lines += [f"  välilehti {name} ohitettu: {why}" for name, why in self.skipped_sheets]
        lines += [f"  {note}" for note in dict.fromkeys(self.notes)]
        return "\n".join(lines)


@dataclass
class Cleaned:
    frame: pd.DataFrame
    rejected: pd.DataFrame
    report: FileReport
    #: when the respondents' pseudonyms were made in Arrow: a function giving each kept row's
    #: number (-1: no code) and the pseudonyms the numbers point into (equal numbers, equal
    #: pseudonyms; the merge checks that no pseudonym is there twice before using the numbers)
    respondents: Callable[[], tuple[np.ndarray, object]] | None = None


@dataclass(frozen=True)
class Cell:
    """The outcome of reading one distinct raw value."""

    value: object = None
    issue: str | None = None
    language: str | None = None


EMPTY = Cell()


def _number(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, np.integer, np.floating)):
        return None if np.isnan(raw) else float(raw)
    if isinstance(raw, str) and _NUMBER.match(raw):
        return float(raw.replace(",", "."))
    return None


def parse_item(raw: object, labels: dict[str, tuple[int, str]], missing: dict[str, str]) -> Cell:
    """Read one answer: a code 1-5, a label from the codebook, or a known missing marker."""
    text = normalize(raw) if isinstance(raw, str) else None
    if text == "":
        return EMPTY
    if text is not None:
        if text in MISSING_MARKERS:
            return Cell(issue="missing_marker")
        if text in missing:
            return Cell(language=missing[text])
        if text in labels:
            code, lang = labels[text]
            return Cell(code, language=lang)
        if _DOUBLE_MARK.match(text):
            return Cell(issue="double_mark")
        if m := _NUMBERED.match(text):
            return _numbered(int(m.group(1)), m.group(2), labels, missing)
    x = _number(text if text is not None else raw)
    if x is None:
        return Cell(issue="unknown_label" if text is not None else "out_of_range")
    if x in MISSING_CODES:
        return Cell(issue="missing_code")
    if x == 0:
        return Cell(issue="zero_code")
    if x.is_integer() and 1 <= x <= 5:
        return Cell(int(x))
    return Cell(issue="out_of_range")


def _numbered(code: int, text: str, labels: dict[str, tuple[int, str]], missing: dict[str, str]) -> Cell:
    """A label with its code in front (Webropol, SPSS): kept when the two agree."""
    if text in missing:
        return Cell(language=missing[text])
    if text not in labels:
        return Cell(issue="unknown_label")
    meant, lang = labels[text]
    return Cell(code, language=lang) if meant == code else Cell(issue="label_mismatch")


def parse_coded(raw: object, table: dict[str, str]) -> Cell:
    """Read a round, gender, age group or language through its codebook value list."""
    x = _number(raw)
    text = normalize(str(int(x)) if x is not None and x.is_integer() else raw)
    if text == "":
        return EMPTY
    if text in MISSING_MARKERS:
        return Cell(issue="missing_marker")
    if text in table:
        return Cell(table[text])
    return Cell(issue="unknown_value")


def parse_text(raw: object) -> Cell:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = " ".join(unicodedata.normalize("NFC", str(raw)).split())
    if text.casefold() in MISSING_MARKERS:
        return Cell(issue="missing_marker")
    return Cell(text) if text else EMPTY


def parse_date(raw: object, today: date, order: str = "month") -> Cell:
    """ISO (2025-03-01) or Finnish (1.3.2025), optionally with a time; an Excel date cell or
    serial number (45730.58); d/m/yyyy or m/d/yyyy as :func:`slash_order` decided for the
    column (``order`` "day", "month" or "ambiguous": then a date that reads both ways, such as
    3/1/2025, is rejected as ``ambiguous_date``, never guessed).

    The value keeps the time of day (evidence of identity, see :func:`_evidence`); the stored
    ``date`` column holds the day only.
    """
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, date):
        value = datetime(raw.year, raw.month, raw.day)
    elif (serial := _number(raw)) is not None:
        if not EXCEL_SERIAL_RANGE[0] <= serial <= EXCEL_SERIAL_RANGE[1]:
            return Cell(issue="bad_date")
        value = EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))
    else:
        text = str(raw).strip()
        if not text:
            return EMPTY
        if text.casefold() in MISSING_MARKERS:
            return Cell(issue="missing_marker")
        if m := _DMY.match(text):
            d, mo, y, h, mi, sec = (int(g or 0) for g in m.groups())
        elif m := _ISO.match(text):
            y, mo, d, h, mi, sec = (int(g or 0) for g in m.groups())
        elif m := _SLASH.match(text):
            mo, d, y, h, mi, sec = (int(g or 0) for g in m.groups()[:6])
            if order == "ambiguous" and mo <= 12 and d <= 12 and mo != d:
                return Cell(issue="ambiguous_date")
            if order == "day" or order == "ambiguous" and mo > 12:
                mo, d = d, mo
            if m.group(7):
                h = h % 12 + (12 if m.group(7).lower() == "pm" else 0)
        else:
            return Cell(issue="bad_date")
        try:
            value = datetime(y, mo, d, h, mi, sec)
        except ValueError:
            return Cell(issue="bad_date")
    if value.date() > today:
        return Cell(issue="future_date")
    return Cell(pd.Timestamp(value))


#: Header languages whose exports write slash dates day first (Finnish and Swedish locales).
DAY_FIRST_LANGUAGES = ("fi", "sv")


def slash_order(values: list, header_language: str) -> tuple[str, str]:
    """How a column's d/m/yyyy or m/d/yyyy dates read, decided for the whole file from evidence,
    and the evidence in words: a first number above 12 (day first); a second number above 12 or
    AM/PM (month first, Microsoft Forms in US English); else the header language (fi, sv: day
    first) or a 24-hour time (13.00 or later without AM/PM: not US, day first). Without evidence,
    or with contradicting evidence, "ambiguous": dates that read both ways are rejected.

    >>> slash_order(["03/01/2025 14:05", "01/03/2025 09:10"], "en")[0], slash_order(["3/1/2025"], "en")[0]
    ('day', 'ambiguous')
    """
    parts = [m.groups() for v in values if isinstance(v, str) and (m := _SLASH.match(v.strip()))]
    if not parts:
        return "month", ""
    day_big = any(int(p[0]) > 12 for p in parts)
    month_big = any(int(p[1]) > 12 or p[6] for p in parts)
    if day_big and month_big:
        return "ambiguous", "sekä päivä että kuukausi ensin (both day-first and month-first dates)"
    if day_big:
        return "day", "päivä ensin: ensimmäinen luku yli 12 (day first: a first number above 12)"
    if month_big:
        return "month", "kuukausi ensin: toinen luku yli 12 tai AM/PM (month first: a second number above 12 or AM/PM)"
    if header_language in DAY_FIRST_LANGUAGES:
        return "day", f"päivä ensin: otsikot kielellä {header_language} (day first: {header_language} headers)"
    if any(p[3] and int(p[3]) > 12 for p in parts):
        return "day", "päivä ensin: 24 tunnin kellonajat (day first: 24-hour times, not US)"
    return "ambiguous", "ei tietoa, kumpi on ensin (no evidence of day or month first)"


@dataclass
class Mapped:
    """A column read once per distinct value: ``codes`` points each row at its value's entry in
    ``values``, ``issues`` and ``languages`` (one per distinct value, as a :class:`Cell` holds
    them, and a trailing empty one: ``-1`` = blank points there)."""

    codes: np.ndarray
    values: np.ndarray | None
    issues_: np.ndarray
    languages: np.ndarray
    #: text values made in Arrow (respondents' pseudonyms): ``text[text_at[i]]`` is distinct value
    #: i's (-1: missing); ``values`` is then None and :meth:`strings` takes from ``text``
    text: object = None
    text_at: np.ndarray | None = None

    @classmethod
    def of(cls, codes: np.ndarray, cells: list[Cell]) -> Mapped:
        """From one :class:`Cell` per distinct value (the trailing :data:`EMPTY` is added)."""
        cells = [*cells, EMPTY]
        return cls(codes, *(_objects([getattr(c, a) for c in cells]) for a in ("value", "issue", "language")))

    def answer_codes(self) -> pd.arrays.IntegerArray:
        """The values (answer codes 1-5) as a nullable Int8 column, made per distinct value."""
        missing = np.array([v is None for v in self.values], dtype=bool)
        values = np.array([0 if v is None else v for v in self.values], dtype="int8")
        data = values[self.codes]
        if not (values[~missing] == 0).any():  # codes are 1-5: a 0 marks the missing rows, one lookup
            return pd.arrays.IntegerArray(data, data == 0)
        return pd.arrays.IntegerArray(data, missing[self.codes])

    def strings(self) -> pd.arrays.ArrowStringArray:
        if self.text is None:
            return _take_strings(self.values.tolist(), self.codes)
        import pyarrow as pa

        index = self.text_at[self.codes]
        return pd.arrays.ArrowStringArray(self.text.take(pa.array(index, mask=index < 0)))

    def dates(self) -> np.ndarray:
        """The day of each row's value (times of day dropped)."""
        days = np.array([np.datetime64("NaT") if v is None else v for v in self.values], dtype="datetime64[ns]")
        return days.astype("datetime64[D]").astype("datetime64[ns]")[self.codes]

    def times(self) -> pd.arrays.ArrowStringArray:
        """Each row's date and time as ISO text where the value has a time of day, else missing."""
        stamps = [v.isoformat() if isinstance(v, pd.Timestamp) and v != v.normalize() else None for v in self.values]
        return _take_strings(stamps, self.codes)

    def present(self) -> np.ndarray:
        return (self.values != None)[self.codes]  # noqa: E711 (elementwise)

    def issue_rows(self) -> np.ndarray:
        issue = self.issues_ != None  # noqa: E711 (elementwise)
        if not issue.any():  # no distinct value has an issue (most columns): no row to look at
            return np.zeros(0, dtype=np.intp)
        return np.flatnonzero(issue[self.codes])

    def issues(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Each row's issue (None: none), or of ``rows`` only (a mask or positions)."""
        return self.issues_[self.codes if rows is None else self.codes[rows]]

    def language_codes(self, languages: list[str]) -> np.ndarray:
        """Index into ``languages`` per row (-1 = no label language)."""
        lookup = {lang: i for i, lang in enumerate(languages)}
        per_value = np.array([lookup.get(lang, -1) for lang in self.languages], dtype=np.int16)
        return per_value[self.codes]


def _objects(items: list) -> np.ndarray:
    """A 1-d object array of ``items`` as they are."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _take_strings(per_value: list, codes: np.ndarray) -> pd.arrays.ArrowStringArray:
    """A string column from one value per code (``-1`` picks the last, missing, entry); a column
    with one value in every row (a file's name, a column the file lacks) is repeated, not taken."""
    import pyarrow as pa

    index = np.where(codes < 0, len(per_value) - 1, codes)
    if len(index) and (index == index[0]).all():
        value = pa.scalar(per_value[index[0]], type=pa.large_string())
        return pd.arrays.ArrowStringArray(pa.repeat(value, len(index)))
    return pd.arrays.ArrowStringArray(pa.array(per_value, type=pa.large_string()).take(pa.array(index)))


def _uniques(values: pd.Series) -> tuple[np.ndarray, list]:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories.tolist()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes), uniques.tolist()


def map_column(values: pd.Series, parse: Callable[[object], Cell]) -> Mapped:
    """Apply ``parse`` once per distinct value of a column."""
    codes, uniques = _uniques(values)
    return Mapped.of(codes, [parse(u) for u in uniques])


#: How respondent codes are compared: case-folded, spaces and hyphens removed, so "AB 12" = "ab12"
#: and "LAH-017" = "LAH017" (and 1001.0 from Excel = "1001" from CSV). ``scoring.json`` records
#: it; when it changes, the next ingest reads every file it is given again.
RESPONDENT_RULE = "casefold; spaces and hyphens removed"
MERGES_LISTED = 10


def respondent_keys(normalized: list[str]) -> pd.Series:
    """:func:`normalize`-d respondent codes as compared (see :data:`RESPONDENT_RULE`).

    >>> respondent_keys(["ab 12", "lah-017"]).tolist()
    ['ab12', 'lah017']
    """
    import pyarrow as pa

    return pd.Series(_respondent_keys(pa.array(normalized, type=pa.string())).to_pylist(), dtype=object)


def _respondent_keys(normalized):
    """:func:`respondent_keys` as an Arrow string array, from one."""
    import pyarrow.compute as pc

    return pc.replace_substring(pc.replace_substring(normalized, " ", ""), "-", "")


def map_respondents(values: pd.Series, pseudonymize: Callable[[list[str]], list[str]],
                    arrow_uniques=None) -> tuple[Mapped, list[str]]:
    """Respondent codes compared by :data:`RESPONDENT_RULE`, then pseudonymised; blank codes stay
    missing (anonymous answers). Also the spellings merged into one code, e.g. "'AB 12' = 'ab12'".
    ``arrow_uniques``: the column's categories as the Arrow string array they were read as
    (:func:`~osallisuus.intake.readers.arrow_categories`), when there is one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if arrow_uniques is not None:  # a CSV column's distinct codes stay in Arrow: not listed and converted back
        codes, text = values.cat.codes.to_numpy(), arrow_uniques
    else:
        codes, uniques = _uniques(values)
        if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
            text = uniques  # text as read from a CSV file: nothing to convert
        else:
            text = [str(int(u)) if isinstance(u, float) and u.is_integer() else str(u) for u in uniques]
    normalized = normalize_arrow(text)  # each distinct code once, in Arrow until the pseudonyms are made
    keys = _respondent_keys(normalized)
    marker = pc.is_in(normalized, value_set=pa.array(sorted(MISSING_MARKERS), type=pa.string()))
    marker = marker.to_numpy(zero_copy_only=False)
    coded = ~marker & pc.not_equal(keys, "").to_numpy(zero_copy_only=False)
    issues = np.full(len(text) + 1, None, dtype=object)
    issues[np.flatnonzero(marker)] = "respondent_marker"
    languages = np.full(len(text) + 1, None, dtype=object)
    in_arrow = arrow_form(pseudonymize)
    if in_arrow is not None:  # the keyed hash: pseudonyms made and kept in Arrow, no Python string each
        text_at = np.full(len(text) + 1, -1, dtype=np.int64)
        text_at[np.flatnonzero(coded)] = np.arange(int(coded.sum()))
        mapped = Mapped(codes, None, issues, languages, text=in_arrow(keys.filter(pa.array(coded))), text_at=text_at)
    else:
        pseudonyms = np.full(len(text) + 1, None, dtype=object)
        pseudonyms[np.flatnonzero(coded)] = pseudonymize(keys.filter(pa.array(coded)).to_pylist())
        mapped = Mapped(codes, pseudonyms, issues, languages)
    if len(pc.unique(keys)) == len(keys):  # every spelling is its own code: nothing merged (the usual case)
        return mapped, []
    text = text.to_pylist() if arrow_uniques is not None else text
    spellings = pd.DataFrame({"key": pd.Series(keys.to_pylist(), dtype=object), "raw": [t.strip() for t in text]})
    twins = spellings[spellings.duplicated("key", keep=False) & (spellings["key"] != "")]
    merged = [" = ".join(f"'{r}'" for r in group) for _, group in twins.groupby("key", sort=False)["raw"]]
    return mapped, merged


def _header_map(table: Table, books: Codebooks) -> tuple[dict[str, int], list[str], str, str]:
    """Canonical column -> position, ignored headers, layout name and header language."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    languages: Counter[str] = Counter()
    for pos, header in enumerate(table.headers):
        match = books.match_header(header)
        if match is None:
            if str(header).strip():
                ignored.append(str(header))
            continue
        if match.language:
            languages[match.language] += 1
        if not match.column:
            continue
        if match.column in positions:
            first = table.headers[positions[match.column]]
            raise InputError(
                table.path,
                f"sarakkeet '{first}' ja '{header}' tarkoittavat samaa tietoa ({match.column}).",
                f"columns '{first}' and '{header}' both mean {match.column}.",
                "Poista toinen sarakkeista tai nimeä se uudelleen.", "Remove or rename one of them.",
            )
        positions[match.column] = pos
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise InputError(
            table.path,
            f"pakollisia sarakkeita puuttuu: {', '.join(missing)}.",
            f"required columns are missing: {', '.join(missing)}.",
            "Tiedostossa pitää olla organisaatio, yksikkö, mittauskerta ja kaikki 10 osallisuusväittämää "
            "(otsikkoina kysymysten tekstit tai README:n sarakenimet). Jos koko tiedosto on yhdeltä "
            "organisaatiolta, yksiköltä tai mittauskerralta, anna se komennolla: osallisuus ingest "
            "--organization NIMI --unit NIMI --round alku TIEDOSTO.",
            "A file needs organization, unit, round and all 10 ESIS statements; for a file from one "
            "organization, unit or round use --organization, --unit, --round.",
        )
    layout = "canonical" if all(c in table.headers for c in ("organization", "unit", "round")) else "webropol"
    for name, markers in books.layout_markers.items():
        if markers & {normalize(h) for h in table.headers}:
            layout = name
    language = languages.most_common(1)[0][0] if languages else "und"
    return positions, ignored, layout, language


def _guard_zero_based(table: Table, items: dict[str, Mapped]) -> None:
    """Refuse a file whose ESIS codes run 0-4 instead of 1-5 (domain brief: the 3X10D lesson).

    The pattern is: no 5 anywhere, and zeros in at least 3 cells making up 5 % of the codes.
    A stray 0 is only an out-of-range cell.
    """
    zeros = fives = coded = 0
    for col in ESIS_ITEMS:
        m = items[col]
        counts = np.bincount(m.codes + 1, minlength=len(m.values) + 1)[1:]
        for value, issue, count in zip(m.values, m.issues_, counts):
            zeros += count * (issue == "zero_code")
            fives += count * (value == 5)
            coded += count * (value is not None or issue == "zero_code")
    if zeros >= 3 and zeros >= 0.05 * coded and not fives:
        raise InputError(
            table.path,
            "osallisuusväittämien koodit näyttävät alkavan nollasta (0-4), kun niiden pitää olla 1-5.",
            "ESIS codes look 0-based (0-4); they must be 1-5.",
            "Lisää jokaiseen koodiin 1 (tai vie vastaukset tekstimuodossa) ja aja uudelleen.",
            "Add 1 to every code (or export labels) and run again.",
        )


_ANSWER_CODE = re.compile(r"^\s*[A-Za-z]\d{1,2}\s*$")  # LimeSurvey's answer codes A1, A2, ...


def _guard_answer_codes(table: Table, raw: dict[str, pd.Series], items: dict[str, Mapped]) -> None:
    """Refuse a file whose ESIS answers are survey-tool answer codes (LimeSurvey's A1 ... A5)
    that no codebook explains: their meaning is the survey's own and is never guessed."""
    codes = set()
    for col in ESIS_ITEMS:
        _, uniques = _uniques(raw[col])
        codes.update(u.strip() for u, issue in zip(uniques, items[col].issues_)
                     if issue == "unknown_label" and isinstance(u, str) and _ANSWER_CODE.match(u))
    if len(codes) >= 2:
        shown = ", ".join(sorted(codes)[:5])
        raise InputError(
            table.path,
            f"osallisuusväittämien vastaukset ovat kyselyohjelman vastauskoodeja ({shown}), joiden merkitystä ei arvata.",
            f"the ESIS answers are the survey tool's answer codes ({shown}); their meaning is not guessed.",
            "Vie vastaukset tekstinä (LimeSurvey: vastaukset täytenä tekstinä) tai kerro koodien merkitys "
            "tiedostossa DIR/codebooks/limesurvey.yaml: 'instrument: esis', 'language: fi' ja "
            "'scales: {agree: {1: [A1], 2: [A2], 3: [A3], 4: [A4], 5: [A5]}}' kyselysi vastausvaihtoehtojen mukaan.",
            "Export the answers as full text, or give the codes' meaning in DIR/codebooks/limesurvey.yaml "
            "(instrument: esis, language: fi, scales: {agree: {1: [A1], ..., 5: [A5]}} as your survey defines them).",
        )


def clean_file(tables: list[Table], skipped_sheets: list[tuple[str, str]], books: Codebooks,
               pseudonymize: Callable[[list[str]], list[str]], today: date | None = None,
               defaults: dict[str, str] | None = None) -> Cleaned:
    """Clean every table of one file (each sheet of a workbook) into one result, with the row
    accounting of each sheet and the sheets skipped."""
    parts = [clean_table(t, books, pseudonymize, today, defaults) for t in tables]
    if len(parts) == 1 and not skipped_sheets:
        return parts[0]
    reports = [p.report for p in parts]
    first = reports[0]
    report = replace(
        first, layout=", ".join(dict.fromkeys(r.layout for r in reports)), sheet=None,
        language=Counter(r.language for r in reports).most_common(1)[0][0],
        rows_read=sum(r.rows_read for r in reports), rows_kept=sum(r.rows_kept for r in reports),
        rows_rejected=sum(r.rows_rejected for r in reports), cells_rejected=sum(r.cells_rejected for r in reports),
        ignored_columns=list(dict.fromkeys(c for r in reports for c in r.ignored_columns)),
        kept_own_columns=list(dict.fromkeys(c for r in reports for c in r.kept_own_columns)),
        sheets=reports, skipped_sheets=skipped_sheets, notes=[n for r in reports for n in r.notes],
    )
    frame = pd.concat([p.frame for p in parts], ignore_index=True)
    return Cleaned(frame, pd.concat([p.rejected for p in parts], ignore_index=True), report)


def with_defaults(table: Table, books: Codebooks, defaults: dict[str, str]) -> tuple[Table, list[str]]:
    """``table`` with a constant column for each default (e.g. ``{"organization": "Oma ry"}``)
    the file lacks, and the defaults not used because the file has that column (never overridden)."""
    present = {m.column for h in table.headers if (m := books.match_header(h)) is not None}
    kept_own = [col for col in defaults if col in present]
    added = {col: value for col, value in defaults.items() if col not in present}
    if not added:
        return table, kept_own
    n, width = len(table.frame), len(table.headers)
    extra = pd.DataFrame({width + i: pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[value])
                          for i, value in enumerate(added.values())}, index=table.frame.index)
    frame = pd.concat([table.frame, extra], axis=1)
    return replace(table, headers=[*table.headers, *added], frame=frame), kept_own


def clean_table(
    table: Table,
    books: Codebooks,
    pseudonymize: Callable[[list[str]], list[str]],
    today: date | None = None,
    defaults: dict[str, str] | None = None,
) -> Cleaned:
    """Map a raw table to canonical rows; every row is kept or rejected with a reason.

    ``pseudonymize`` turns a list of normalised respondent codes into their pseudonyms;
    ``defaults`` fill columns the file lacks (see :func:`with_defaults`).
    """
    today = today or date.today() + timedelta(days=1)
    table, kept_own = with_defaults(table, books, defaults or {})
    positions, ignored, layout, header_lang = _header_map(table, books)
    n = len(table.frame)
    raw = {col: table.frame[pos] for col, pos in positions.items()}
    mapped: dict[str, Mapped] = {}
    notes: list[str] = []
    for col in ITEM_COLUMNS:
        if col in raw:
            labels, missing = books.labels.get(col, {}), books.missing.get(col, {})
            mapped[col] = map_column(raw[col], partial(parse_item, labels=labels, missing=missing))
    _guard_zero_based(table, mapped)
    _guard_answer_codes(table, raw, mapped)
    for col in CODED_COLUMNS:
        if col in raw:
            values = books.values.get(col, {})
            mapped[col] = map_column(raw[col], partial(parse_coded, table=values))
    for col in TEXT_COLUMNS:
        if col in raw:
            mapped[col] = map_column(raw[col], parse_text)
    if "date" in raw:
        order, evidence = slash_order(_uniques(raw["date"])[1], header_lang)
        mapped["date"] = map_column(raw["date"], lambda v: parse_date(v, today, order))
        notes.extend([f"päivämäärät (dates): {evidence}"] if evidence else [])
    if "respondent" in raw:
        mapped["respondent"], merged = map_respondents(raw["respondent"], pseudonymize,
                                                       arrow_categories(table, positions["respondent"]))
        if merged:
            more = f" (+{len(merged) - MERGES_LISTED})" if len(merged) > MERGES_LISTED else ""
            notes.append(f"vastaajatunnukset yhdistetty (respondent codes merged): {'; '.join(merged[:MERGES_LISTED])}{more}")
    if RESPONSE_ID in raw:
        mapped[RESPONSE_ID] = map_column(raw[RESPONSE_ID], parse_text)

    # row-level decisions, first applicable reason wins; `keep`: the rows without a reason so far
    row_reason = np.full(n, None, dtype=object)
    row_column = np.full(n, "", dtype=object)
    unmapped = [pos for pos in range(len(table.headers)) if pos not in positions.values()]
    empty = np.ones(n, dtype=bool)  # blank in every column read: looked for column by column until no row is left
    for m in mapped.values():
        empty &= m.codes < 0
        if not empty.any():
            break
    if unmapped and n:
        empty &= table.frame[unmapped].isna().all(axis=1).to_numpy()
    row_reason[empty] = "empty_row"
    keep = np.ones(n, dtype=bool)
    keep[empty] = False
    if table.copy_of:
        row_reason[keep] = "copy_sheet"
        keep[:] = False
        notes.append(f"välilehti {table.sheet} on kopio välilehdestä {table.copy_of}: sen rivit hylätty "
                     f"(sheet {table.sheet} copies sheet {table.copy_of}: its rows are rejected as copy_sheet)")
    summary, summary_column = _summary_rows(table, books, positions)
    summary &= keep
    row_reason[summary] = "summary_row"
    row_column[summary] = summary_column[summary]
    keep &= ~summary
    for col in ("organization", "unit", "round"):
        bad = keep & ~mapped[col].present()
        unknown = mapped[col].issues(bad) == "unknown_value"
        row_reason[bad] = np.where(unknown & (col == "round"), "unknown_round", "missing_required")
        row_column[bad] = col
        keep &= ~bad

    rejected = _rejections(table, books, raw, positions, mapped, keep, row_reason, row_column)
    frame = _assemble(mapped, table, keep, header_lang)
    frame[RESPONSE_ID] = _evidence(mapped, n, pseudonymize)[keep]
    report = FileReport(
        file=table.path.name, layout=layout, format=table.format, language=header_lang,
        rows_read=n + len(table.skipped), rows_kept=int(keep.sum()),
        rows_rejected=int((~keep).sum()) + len(table.skipped),
        cells_rejected=int((rejected["level"] == "cell").sum()), sheet=table.sheet,
        encoding=table.encoding, ignored_columns=ignored, kept_own_columns=kept_own, notes=notes,
    )
    return Cleaned(frame, rejected, report, _respondent_numbers(mapped.get("respondent"), keep))


def _respondent_numbers(mapped: Mapped | None, keep: np.ndarray) -> Callable[[], tuple[np.ndarray, object]] | None:
    """:attr:`Cleaned.respondents` of a respondent column whose pseudonyms are in Arrow (None
    otherwise): nothing is computed until the merge asks."""
    if mapped is None or mapped.text is None:
        return None
    return partial(_kept_numbers, mapped, keep)


def _kept_numbers(mapped: Mapped, keep: np.ndarray) -> tuple[np.ndarray, object]:
    numbers = mapped.text_at[mapped.codes]
    return numbers if keep.all() else numbers[keep], mapped.text


#: Where a total or mean row says so: the identifying columns and the first column of the file.
SUMMARY_COLUMNS = ("respondent", RESPONSE_ID, "organization", "unit", "round", "date", "service")


def _summary_rows(table: Table, books: Codebooks, positions: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Rows that say total, summary, mean or average (see :meth:`Codebooks.summary_mask`), even when
    the command line filled the missing columns, and the column that says so."""
    n = len(table.frame)
    found, column = np.zeros(n, dtype=bool), np.full(n, "", dtype=object)
    where = {pos: col for col, pos in positions.items() if col in SUMMARY_COLUMNS}
    where.setdefault(0, table.headers[0] if table.headers else "")
    for pos, name in where.items():
        arrow = arrow_categories(table, pos)  # a CSV column's distinct values, as Arrow read them
        codes, uniques = (table.frame[pos].cat.codes.to_numpy(), arrow) if arrow is not None else _uniques(table.frame[pos])
        per_value = np.append(books.summary_mask(uniques), False)
        hit = per_value[codes] & ~found
        found |= hit
        column[hit] = name
    return found, column


def _language(mapped: dict[str, Mapped], n: int, header_lang: str) -> pd.api.extensions.ExtensionArray:
    """Explicit language column, else the language of the first recognised label, else headers'."""
    explicit = mapped["language"].strings() if "language" in mapped else None
    if explicit is not None and not explicit.isna().any():
        return explicit  # every row says its language: no label needs to
    languages = sorted({lang for col in ITEM_COLUMNS if col in mapped for lang in mapped[col].languages} - {None})
    choices = np.array(languages + [header_lang], dtype=object)
    detected = np.full(n, len(languages), dtype=np.int16)
    for col in reversed([c for c in ITEM_COLUMNS if c in mapped and set(mapped[c].languages) - {None}]):
        idx = mapped[col].language_codes(languages)
        detected = np.where(idx >= 0, idx, detected)
    result = _take_strings(choices.tolist(), detected)
    if explicit is not None:
        result = pd.Series(explicit).fillna(pd.Series(result)).array
    return result


def _evidence(mapped: dict[str, Mapped], n: int,
              pseudonymize: Callable[[list[str]], list[str]]) -> pd.arrays.ArrowStringArray:
    """Per row, a salted hash of the export's response id and the time of answering (whichever
    the file has), or missing: the only evidence besides a respondent code that two rows are
    one answer. Identical answers without it are different people."""
    timed = "date" in mapped and any(isinstance(v, pd.Timestamp) and v != v.normalize() for v in mapped["date"].values)
    if RESPONSE_ID not in mapped and not timed:  # no response id and no time of day: no evidence, not looked for per row
        return _take_strings([None], np.zeros(n, dtype=int))
    parts = [pd.Series(mapped[RESPONSE_ID].strings())] if RESPONSE_ID in mapped else []
    if "date" in mapped:
        parts.append(pd.Series(mapped["date"].times()))
    present = np.logical_or.reduce([p.notna().to_numpy() for p in parts]) if parts else np.zeros(n, bool)
    if not present.any():
        return _take_strings([None], np.zeros(n, dtype=int))
    text = parts[0].fillna("")
    for part in parts[1:]:
        text = text + "|" + part.fillna("")
    codes, uniques = pd.factorize(text.where(present))
    return _take_strings(pseudonymize(list(uniques)) + [None], codes)


def _assemble(mapped: dict[str, Mapped], table: Table, keep: np.ndarray, header_lang: str) -> pd.DataFrame:
    n = len(keep)
    columns: dict[str, object] = {}
    for col in CANONICAL_COLUMNS:
        m = mapped.get(col)
        if col == "language":
            columns[col] = _language(mapped, n, header_lang)
        elif col in ITEM_COLUMNS:
            columns[col] = m.answer_codes() if m else pd.arrays.IntegerArray(np.zeros(n, "int8"), np.ones(n, bool))
        elif col == "date":
            columns[col] = m.dates() if m else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        else:
            columns[col] = m.strings() if m else _take_strings([None], np.zeros(n, dtype=int))
    columns["source_file"] = _take_strings([table.path.name], np.zeros(n, dtype=int))
    columns["source_row"] = table.rows.astype("int64")
    columns[SOURCE_SHEET] = _take_strings([table.sheet or ""], np.zeros(n, dtype=int))
    frame = pd.DataFrame(columns, copy=False)  # every column made here, none shared
    return frame if keep.all() else frame.loc[keep].reset_index(drop=True)


def _rejections(table, books, raw, positions, mapped, keep, row_reason, row_column) -> pd.DataFrame:
    parts = []
    if table.skipped:
        rows, details = zip(*table.skipped)
        parts.append(_reason_frame(table, books, np.array(rows), np.full(len(rows), "", dtype=object),
                                   list(details), np.full(len(rows), "malformed_row", dtype=object), "row"))
    drop_rows = np.flatnonzero(~keep)
    if len(drop_rows):
        cols = row_column[drop_rows]
        # a column not in raw is the file's first, unmapped column, where a summary row said so
        values = [_display(raw.get(c, table.frame[0]).iloc[i]) if c else "" for c, i in zip(cols, drop_rows)]
        parts.append(_reason_frame(table, books, table.rows[drop_rows], cols, values, row_reason[drop_rows], "row"))
    for col, m in mapped.items():
        where = m.issue_rows()
        where = where[keep[where]]
        if len(where):
            values = [_display(v) for v in raw[col].iloc[where]]
            parts.append(_reason_frame(table, books, table.rows[where], np.full(len(where), col, dtype=object),
                                       values, m.issues(where), "cell"))
    by_position = {pos: col for col, pos in positions.items()}
    formulas = [(i, by_position[c]) for i, c in table.formula_blanks if c in by_position and keep[i]]
    if formulas:
        rows, cols = zip(*formulas)
        parts.append(_reason_frame(table, books, table.rows[list(rows)], np.array(cols, dtype=object),
                                   [""] * len(rows), np.full(len(rows), "formula_without_value", dtype=object), "cell"))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def _display(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _reason_frame(table, books, rows, columns, values, reasons, level) -> pd.DataFrame:
    """Rejections with their file, row number (as shown in the file) and reasons in fi and en."""
    fi, en = [], []
    for col, value, reason in zip(columns, values, reasons):
        fmt = {"value": value, "column": col, "files": books.hint(col)}
        if reason == "label_mismatch":
            fmt["meant"] = books.labels[col][normalize(_NUMBERED.match(normalize(value)).group(2))][0]
        fi.append(REASONS[reason][0].format(**fmt))
        en.append(REASONS[reason][1].format(**fmt))
    return pd.DataFrame({
        "file": table.path.name, "sheet": table.sheet or "", "row": rows,
        "column": columns, "value": values, "level": level, "reason": reasons,
        "reason_fi": fi, "reason_en": en,
    })
