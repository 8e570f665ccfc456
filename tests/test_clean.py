from datetime import date, datetime

import pandas as pd
import pytest

from osallisuus.errors import InputError
from osallisuus.intake.clean import clean_table, parse_date, parse_item
from osallisuus.intake.codebook import load_codebooks, normalize
from osallisuus.intake.ingest import IngestError, ingest
from osallisuus.intake.readers import read_table
from osallisuus.schema import ESIS_ITEMS
from tests.helpers import as_table, canonical_rows, identity

BOOKS = load_codebooks()
LABELS, MISSING = BOOKS.labels["esis_01"], BOOKS.missing["esis_01"]


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [
        (4, 4, None), (4.0, 4, None), ("4", 4, None), (" 3,0 ", 3, None), ("Täysin samaa mieltä", 5, None),
        ("  täysin SAMAA   mieltä ", 5, None), ("Полностью согласен", 5, None), ("بە تەواوی ڕازیم", 5, None),
        ("En osaa sanoa", None, None), ("", None, None), (9, None, "missing_code"), ("99", None, "missing_code"),
        (0, None, "zero_code"), (6, None, "out_of_range"), (2.5, None, "out_of_range"),
        ("3/4", None, "double_mark"), ("3 ja 4", None, "double_mark"), ("ehkä", None, "unknown_label"),
        (True, None, "out_of_range"), ("5 Täysin samaa mieltä", 5, None), ("(2) Jokseenkin eri mieltä", 2, None),
        ("2 Täysin samaa mieltä", None, "label_mismatch"), ("9 En osaa sanoa", None, None),
        ("4 ehkä", None, "unknown_label"),
    ],
)
def test_parse_item(raw, value, issue):
    cell = parse_item(raw, LABELS, MISSING)
    assert (cell.value, cell.issue) == (value, issue)


@pytest.mark.parametrize(
    ("raw", "expected", "issue"),
    [
        ("1.3.2025", date(2025, 3, 1), None), ("2025-03-01", date(2025, 3, 1), None),
        ("01.03.2025 10.15.00", date(2025, 3, 1), None), (datetime(2025, 3, 1, 9, 0), date(2025, 3, 1), None),
        ("2025-03-01T10:00:00", date(2025, 3, 1), None), ("32.1.2025", None, "bad_date"),
        ("maaliskuu", None, "bad_date"), ("1.3.2031", None, "future_date"),
        (45730.58, date(2025, 3, 14), None), ("45730,58", date(2025, 3, 14), None), (2025, None, "bad_date"),
        ("11/23/2025 02:05:00 PM", date(2025, 11, 23), None), ("13/1/2025", None, "bad_date"),
    ],
)
def test_parse_date(raw, expected, issue):
    cell = parse_date(raw, today=date(2026, 1, 1))
    assert cell.issue == issue
    assert (cell.value.date() if cell.value is not None else None) == expected


def test_labels_codes_and_languages_clean_to_the_same_codes():
    frame = canonical_rows([
        [5] * 10,
        ["Täysin samaa mieltä"] * 10,
        ["Helt av samma åsikt"] * 9 + ["5"],
        ["کاملاً موافقم"] * 10,
    ])
    result = clean_table(as_table(frame), BOOKS, identity)
    assert result.report.rows_kept == 4 and len(result.rejected) == 0
    assert (result.frame[list(ESIS_ITEMS)] == 5).all().all()
    assert result.frame["language"].tolist() == ["und", "fi", "sv", "fa"]


def test_rows_without_unit_or_with_unknown_round_are_rejected_with_reasons():
    frame = canonical_rows([[4] * 10] * 4)
    frame.loc[1, "unit"] = None
    frame.loc[2, "round"] = "kolmas"
    frame.loc[3, "round"] = "2"
    result = clean_table(as_table(frame), BOOKS, identity)
    assert result.report.rows_read == 4 and result.report.rows_kept == 2 and result.report.rows_rejected == 2
    rows = result.rejected.set_index("row")
    assert rows.loc[3, "reason"] == "missing_required" and rows.loc[3, "column"] == "unit"
    assert rows.loc[4, "reason"] == "unknown_round" and "kolmas" in rows.loc[4, "reason_fi"]
    assert result.frame["round"].tolist() == ["alku", "väli"]


def test_unknown_label_names_the_codebook_file_and_keeps_the_row():
    frame = canonical_rows([[4] * 9 + ["vähän sinnepäin"]])
    result = clean_table(as_table(frame), BOOKS, identity)
    assert result.report.rows_kept == 1
    (row,) = result.rejected.itertuples()
    assert row.column == "esis_10" and row.value == "vähän sinnepäin"
    assert "codebooks/esis/" in row.reason_fi and "codebooks/esis/" in row.reason_en
    assert pd.isna(result.frame.loc[0, "esis_10"])


def test_missing_required_columns_end_with_a_clear_error():
    frame = canonical_rows([[4] * 10]).drop(columns=["unit", "esis_07"])
    with pytest.raises(InputError) as err:
        clean_table(as_table(frame), BOOKS, identity)
    assert "unit" in err.value.fi and "esis_07" in err.value.fi and "test.csv" in err.value.message()


def test_two_columns_meaning_the_same_are_refused():
    frame = canonical_rows([[4] * 10])
    frame.insert(5, "Yksikkö", "Toinen")
    with pytest.raises(InputError, match="unit"):
        clean_table(as_table(frame), BOOKS, identity)


def test_zero_based_codes_are_refused():
    frame = canonical_rows([[0, 1, 2, 3, 4, 2, 3, 1, 0, 4]] * 3)
    with pytest.raises(InputError, match="0-4"):
        clean_table(as_table(frame), BOOKS, identity)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ","])
def test_csv_encodings_and_separators_read_alike(tmp_path, encoding, sep):
    frame = canonical_rows([["Täysin samaa mieltä"] * 5 + ["3,0" if sep == ";" else "3"] * 5] * 3)
    frame["unit"] = "Työpaja Äänekoski"
    path = tmp_path / "vienti.csv"
    frame.to_csv(path, sep=sep, index=False, encoding=encoding)
    result = clean_table(read_table(path, BOOKS), BOOKS, identity)
    assert result.report.rows_kept == 3
    assert result.frame["unit"].unique().tolist() == ["Työpaja Äänekoski"]
    assert result.frame["esis_01"].tolist() == [5, 5, 5] and result.frame["esis_10"].tolist() == [3, 3, 3]


def test_excel_header_below_title_rows_and_on_a_later_sheet(tmp_path):
    frame = canonical_rows([[4] * 10] * 2)
    path = tmp_path / "vienti.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame([["Ohjeet: älä muokkaa"]]).to_excel(xw, sheet_name="Ohje", header=False, index=False)
        pd.DataFrame([["Osallisuuskysely"], [None]]).to_excel(xw, sheet_name="Data", header=False, index=False)
        frame.to_excel(xw, sheet_name="Data", startrow=3, index=False)
    table = read_table(path, BOOKS)
    assert table.sheet == "Data" and table.preamble == 3
    assert table.rows.tolist() == [5, 6]  # Excel row numbers as a person sees them


@pytest.mark.parametrize(
    ("content", "match"),
    [(b"", "tyhj"), (b"\x00\x01binary\x00", "CSV"), ("nimi;ikä\nMaija;40\n".encode(), "otsikkoriv")],
)
def test_unusable_files_are_input_errors(tmp_path, content, match):
    path = tmp_path / "huono.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=match):
        read_table(path, BOOKS)


def test_corrupt_xlsx_is_an_input_error(tmp_path):
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match="Excel"):
        read_table(path, BOOKS)


def test_spss_sav_keeps_user_missing_codes_visible(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = canonical_rows([[4] * 10, [9] + [3] * 9]).drop(columns=["date"])
    for item in ESIS_ITEMS:
        frame[item] = frame[item].astype(float)
    path = tmp_path / "opiskelija.sav"
    pyreadstat.write_sav(frame, str(path), missing_ranges={"esis_01": [9]})
    result = clean_table(read_table(path, BOOKS), BOOKS, identity)
    assert result.report.rows_kept == 2
    assert result.rejected["reason"].tolist() == ["missing_code"]  # 9 was seen, not silently NaN


def test_a_bad_file_stops_the_ingest_and_writes_nothing(tmp_path):
    good = tmp_path / "hyva.csv"
    canonical_rows([[4] * 10]).to_csv(good, index=False)
    bad = tmp_path / "huono.csv"
    bad.write_text("a;b\n1;2\n")
    with pytest.raises(IngestError) as err:
        ingest([good, bad], tmp_path / "data")
    assert "huono.csv" in str(err.value)
    assert not (tmp_path / "data" / "processed").exists()


def test_reingesting_a_file_replaces_its_rows(tmp_path):
    path = tmp_path / "vienti.csv"
    canonical_rows([[4] * 10] * 3).to_csv(path, index=False)
    ingest([path], tmp_path / "data")
    canonical_rows([[5] * 10] * 2).to_csv(path, index=False)
    result = ingest([path], tmp_path / "data")
    assert len(result.responses) == 2 and result.responses["esis_score"].tolist() == [100.0, 100.0]


def test_unit_spelling_variants_become_one_unit(tmp_path):
    frame = canonical_rows([[4] * 10] * 3)
    frame["unit"] = ["Työpaja Lahti", "työpaja  lahti", "Työpaja Lahti"]
    path = tmp_path / "v.csv"
    frame.to_csv(path, index=False)
    result = ingest([path], tmp_path / "data")
    assert result.responses["unit"].unique().tolist() == ["Työpaja Lahti"]


def test_normalize_is_idempotent_on_codebook_labels():
    for labels in BOOKS.labels.values():
        assert all(normalize(label) == label for label in labels)
