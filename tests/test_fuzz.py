"""Fuzzing readers and cleaner (hypothesis): whatever comes in, the only failure is a clear
InputError, and row accounting always holds."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.errors import InputError
from osallisuus.intake.clean import clean_table
from osallisuus.intake.codebook import load_codebooks
from osallisuus.intake.readers import read_table
from osallisuus.schema import ESIS_ITEMS
from tests.helpers import as_table, examples, identity

BOOKS = load_codebooks()
HEADERS = ["respondent", "organization", "unit", "round", "date", "language", *ESIS_ITEMS, "loneliness",
           "Yksikkö", "Mittauskerta", "Sähköposti", "esis_01", "kommentti", ""]
VALUES = st.one_of(
    st.none(), st.integers(-3, 120), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["alku", "väli", "loppu", "2", "Paja", "Täysin samaa mieltä", "3/4", "9", "En osaa sanoa",
                     "1.3.2025", "2099-01-01", "31.2.2025", " ", "=SUM(A1)", "\ufeff", "ٍ", "Nein"]),
    st.text(max_size=12),
)
SETTINGS = settings(max_examples=examples(150))


@SETTINGS
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=20), st.data())
def test_cleaner_never_crashes_and_accounts_for_every_row(headers, data):
    rows = data.draw(st.lists(st.lists(VALUES, min_size=len(headers), max_size=len(headers)), max_size=12))
    frame = pd.DataFrame(rows, columns=range(len(headers)), dtype=object) if rows else \
        pd.DataFrame(columns=range(len(headers)), dtype=object)
    frame.columns = headers
    try:
        result = clean_table(as_table(frame), BOOKS, identity)
    except InputError as exc:
        assert exc.fi and exc.en
        return
    report = result.report
    assert report.rows_read == len(rows) == report.rows_kept + report.rows_rejected
    assert len(result.frame) == report.rows_kept
    assert (result.rejected["level"] == "row").sum() == report.rows_rejected
    assert result.frame[list(ESIS_ITEMS)].isin([1, 2, 3, 4, 5]).where(result.frame[list(ESIS_ITEMS)].notna(), True).all().all()


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".sav", ".txt"]))
def test_readers_only_raise_input_errors_on_random_bytes(blob, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(blob)
        try:
            read_table(path, BOOKS)
        except InputError as exc:
            assert "x" + suffix in exc.message()


@SETTINGS
@given(st.lists(st.lists(VALUES.map(lambda v: "" if v is None else str(v)), min_size=17, max_size=17), max_size=15),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_csv_files_round_trip_with_accounting(rows, delimiter, encoding):
    header = ["respondent", "organization", "unit", "round", "date", "language", *ESIS_ITEMS, "loneliness"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
        try:
            result = clean_table(read_table(path, BOOKS), BOOKS, identity)
        except InputError:
            return
        report = result.report
        assert report.rows_read == report.rows_kept + report.rows_rejected
        assert report.rows_read <= len(rows)  # trailing empty lines are not rows
