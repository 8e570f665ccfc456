"""Exports as people really make them (issue 10): every answer read, nothing lost silently.

Each test writes a small file the way a survey tool, Excel or LibreOffice writes it.
"""

from __future__ import annotations

import pandas as pd

from osallisuus.intake.ingest import ingest
from osallisuus.intake.store import Store
from tests.helpers import canonical_rows


def _anonymous(rows: list[list[object]]) -> pd.DataFrame:
    return canonical_rows(rows).assign(respondent=None)


def test_identical_anonymous_answers_are_all_kept(tmp_path):
    path = tmp_path / "ryhmakerta.csv"  # a paper-form group session: everyone at the ceiling
    _anonymous([[5] * 10] * 7 + [[4] * 10] * 2).to_csv(path, index=False)
    result = ingest([path], tmp_path / "d")
    (report,) = result.reports
    assert (report.rows_read, report.rows_kept, report.rows_already_stored) == (9, 9, 0)
    assert len(result.responses) == 9 and result.rejected.empty


def test_a_forms_reexport_is_recognised_by_its_response_ids(tmp_path):
    def forms(path, ids):
        frame = _anonymous([[5] * 10] * len(ids)).drop(columns="date")
        frame.insert(0, "ID", ids)
        frame.insert(1, "Completion time", [f"11/{20 + i}/2025 02:05:00 PM" for i in ids])
        frame.to_csv(path, index=False)

    forms(tmp_path / "forms_marraskuu.csv", [1, 2, 3])
    ingest([tmp_path / "forms_marraskuu.csv"], tmp_path / "d")
    forms(tmp_path / "forms_joulukuu.csv", [1, 2, 3, 4, 5])  # repeats answers 1-3, adds 4 and 5
    result = ingest([tmp_path / "forms_joulukuu.csv"], tmp_path / "d")
    (report,) = result.reports
    assert (report.rows_read, report.rows_kept, report.rows_rejected, report.rows_already_stored) == (5, 2, 0, 3)
    assert len(result.responses) == 5
    stored = Store(tmp_path / "d").read_rejected()
    dropped = stored[stored["reason"] == "already_stored"]
    assert dropped["row"].tolist() == [2, 3, 4] and (dropped["file"] == "forms_joulukuu.csv").all()
    assert dropped["reason_fi"].str.contains("forms_marraskuu.csv").all()


def test_a_reexport_without_ids_is_kept_and_the_summary_says_why(tmp_path):
    rows = _anonymous([[5] * 10, [4] * 10])
    rows.to_csv(tmp_path / "kevat.csv", index=False)
    ingest([tmp_path / "kevat.csv"], tmp_path / "d")
    rows.to_csv(tmp_path / "kevat_uudelleen.csv", index=False)
    result = ingest([tmp_path / "kevat_uudelleen.csv"], tmp_path / "d")
    assert len(result.responses) == 4  # no evidence of identity: different people
    assert "2 riviä on samanlaisia kuin jo tallennetut" in result.summary()


FORMULA_NAMES = ['=HYPERLINK("http://example.org","klikkaa")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def _live_or_formula_like(text: str) -> bool:
    """Text a spreadsheet would run: starts with = + - @ and is not a plain number."""
    try:
        float(text.replace(",", "."))
        return False
    except ValueError:
        return text.startswith(("=", "+", "-", "@"))


def test_exports_and_store_files_hold_no_formula(tmp_path):
    import csv

    import openpyxl

    from osallisuus.reporting.export import export
    from osallisuus.statistics.tables import EXPORT_TABLES, result_tables

    frames = [canonical_rows([[4] * 10, [5] * 10, [3] * 10, [4] * 10, [2] * 10, [5] * 10], organization=org,
                             unit=unit).assign(respondent=lambda f, u=unit: u + f["respondent"])
              for org, unit in zip(FORMULA_NAMES, reversed(FORMULA_NAMES))]
    data = pd.concat(frames, ignore_index=True).astype({"esis_03": object})
    data.loc[0, "esis_03"] = "=1+1"  # an answer cell that is rejected and written to rejected.csv
    path = tmp_path / "=vienti.csv"
    data.to_csv(path, index=False)
    result = ingest([path], tmp_path / "d")
    assert len(result.responses) == len(data)
    tables = result_tables(result.responses, names=EXPORT_TABLES)
    csv_files = export(tables, tmp_path / "csv", "csv") + sorted((tmp_path / "d" / "processed").glob("*.csv"))
    cells = [cell for p in csv_files for row in csv.reader(p.open(encoding="utf-8")) for cell in row]
    assert "'=HYPERLINK(\"http://example.org\",\"klikkaa\")" in cells and "'=1+1" in cells
    assert not [c for c in cells if _live_or_formula_like(c)]
    (book,) = export(tables, tmp_path / "xlsx", "xlsx")
    workbook = openpyxl.load_workbook(book)
    values = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.value for c in values if c.data_type == "f"]
    assert not [c.value for c in values if c.data_type == "s" and _live_or_formula_like(c.value)]
    assert Store(tmp_path / "d").read_sources()["file"].tolist() == ["=vienti.csv"]  # read back as written


def test_numbered_answer_labels_are_scored_when_code_and_label_agree(tmp_path):
    path = tmp_path / "webropol_numerot.csv"
    rows = [["5 Täysin samaa mieltä"] * 10, ["4. Jokseenkin samaa mieltä"] * 10, ["1 = Täysin eri mieltä"] * 10,
            ["2 Täysin samaa mieltä"] + ["3 Ei samaa eikä eri mieltä"] * 9]
    canonical_rows(rows).to_csv(path, index=False, sep=";")
    result = ingest([path], tmp_path / "d")
    assert result.responses.sort_values("source_row")["esis_05"].fillna(0).tolist() == [5, 4, 1, 3]
    assert result.responses["esis_score"].notna().sum() == 3  # the fourth has one rejected item
    (bad,) = result.rejected.itertuples()
    assert (bad.reason, bad.column, bad.value) == ("label_mismatch", "esis_01", "2 Täysin samaa mieltä")
    assert "2" in bad.reason_en and "5" in bad.reason_en


def test_spss_codes_are_used_and_value_labels_check_their_direction(tmp_path):
    import pyreadstat

    from osallisuus.schema import ESIS_ITEMS

    frame = canonical_rows([[5] * 10, [4] * 10, [1] * 10]).drop(columns="date")
    frame[list(ESIS_ITEMS)] = frame[list(ESIS_ITEMS)].astype(float)
    scale = {1.0: "Täysin eri mieltä", 2.0: "Jokseenkin eri mieltä", 3.0: "Ei samaa eikä eri mieltä",
             4.0: "Jokseenkin samaa mieltä", 5.0: "5 Täysin samaa mieltä"}
    labels = {item: scale for item in ESIS_ITEMS}
    labels["esis_02"] = {code: scale[6 - code] for code in scale}  # coded the other way round
    path = tmp_path / "opinnayte.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels)
    result = ingest([path], tmp_path / "d")
    assert result.responses.sort_values("source_row")["esis_01"].fillna(0).tolist() == [5, 4, 1]
    assert result.responses["esis_02"].isna().all()
    assert set(result.rejected["reason"]) == {"label_mismatch"} and set(result.rejected["column"]) == {"esis_02"}
    assert len(result.rejected) == 3 and (result.responses["esis_score"].isna()).all()


def test_excel_serial_dates_and_forms_english_times_are_read(tmp_path):
    frame = canonical_rows([[4] * 10] * 4).assign(respondent=None)
    frame["date"] = ["45730.58", "11/3/2025 02:05:00 PM", "3/14/2025 12:30:00 AM", "45731"]
    frame.to_csv(tmp_path / "forms_en.csv", index=False)
    excel = canonical_rows([[4] * 10] * 2).assign(respondent=None, date=[45730.61, 45731.0])
    excel.to_excel(tmp_path / "sarjaluvut.xlsx", index=False)  # numbers, not date cells
    result = ingest([tmp_path / "forms_en.csv", tmp_path / "sarjaluvut.xlsx"], tmp_path / "d")
    assert result.rejected.empty
    dates = result.responses.sort_values(["source_file", "source_row"])["date"].dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2025-03-14", "2025-11-03", "2025-03-14", "2025-03-15", "2025-03-14", "2025-03-15"]


def test_slash_dates_are_day_first_when_the_column_shows_it(tmp_path):
    frame = canonical_rows([[4] * 10] * 2).assign(respondent=None, date=["23/11/2025 14:05", "3/11/2025"])
    frame.to_csv(tmp_path / "forms_gb.csv", index=False)
    result = ingest([tmp_path / "forms_gb.csv"], tmp_path / "d")
    assert sorted(result.responses["date"].dt.strftime("%Y-%m-%d")) == ["2025-11-03", "2025-11-23"]


def test_ingest_organization_unit_and_round_fill_only_missing_columns(tmp_path, capsys):
    from osallisuus.cli import main

    own = tmp_path / "oma_lomake.csv"  # a form one organization made for itself
    canonical_rows([[4] * 10, [5] * 10]).drop(columns=["organization", "round"]).to_csv(own, index=False)
    data = str(tmp_path / "d")
    assert main(["ingest", str(own), "--data", data]) == 2
    assert "--organization" in capsys.readouterr().err
    other = tmp_path / "toinen.csv"
    canonical_rows([[3] * 10]).to_csv(other, index=False)
    assert main(["ingest", str(own), str(other), "--data", data, "--organization", "Oma ry", "--unit", "Muu",
                 "--round", "väli"]) == 0
    out = capsys.readouterr().out
    frame = Store(data).read_responses().sort_values("source_file")
    assert frame["organization"].tolist() == ["Oma ry", "Oma ry", "Testi ry"]
    assert frame["unit"].tolist() == ["Paja"] * 3 and frame["round"].tolist() == ["väli", "väli", "alku"]
    assert "toinen.csv: tiedoston omaa saraketta ei korvattu: organization, unit, round" in out
    assert "oma_lomake.csv: tiedoston omaa saraketta ei korvattu: unit" in out
    assert main(["ingest", str(own), "--data", data, "--organization", "Oma ry", "--round", "kesä"]) == 2


def test_every_sheet_of_a_workbook_is_read_and_skipped_sheets_are_listed(tmp_path):
    path = tmp_path / "yksikot.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"Ohje": ["Jokainen yksikkö omalla välilehdellä"]}).to_excel(xw, sheet_name="Ohje", index=False)
        _anonymous([[5] * 10] * 3).assign(unit="Paja").to_excel(xw, sheet_name="Paja", index=False)
        rows = _anonymous([[4] * 10, ["ehkä"] + [4] * 9]).assign(unit="Kahvila")
        rows.to_excel(xw, sheet_name="Kahvila", index=False)
        rows.iloc[:0].to_excel(xw, sheet_name="Tyhjä", index=False)
    result = ingest([path], tmp_path / "d")
    (report,) = result.reports
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (5, 5, 0)
    assert result.responses.groupby("unit").size().to_dict() == {"Kahvila": 2, "Paja": 3}
    (cell,) = result.rejected.itertuples()
    assert (cell.sheet, cell.row, cell.reason) == ("Kahvila", 3, "unknown_label")
    summary = result.summary()
    assert "välilehti Paja: luettu 3 = hyväksytty 3 + hylätty 0" in summary
    assert "välilehti Kahvila: luettu 2 = hyväksytty 2 + hylätty 0" in summary
    assert "välilehti Ohje ohitettu" in summary


def test_two_row_webropol_headers_are_read(tmp_path):
    import openpyxl

    from osallisuus.intake.codebook import load_codebooks
    from osallisuus.schema import ESIS_ITEMS

    books = load_codebooks()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Organisaatio", "Yksikkö", "Mittauskerta", "Miten samaa mieltä olet seuraavien väittämien kanssa?"])
    ws.append([None, None, None, *(books.item_text(item, "fi") for item in ESIS_ITEMS)])
    for answers in ([5] * 10, [4] * 10):
        ws.append(["Testi ry", "Paja", "alku", *answers])
    wb.save(tmp_path / "webropol_kaksirivinen.xlsx")
    result = ingest([tmp_path / "webropol_kaksirivinen.xlsx"], tmp_path / "d")
    assert result.reports[0].rows_kept == 2 and result.responses["esis_score"].notna().all()


def test_a_libreoffice_resave_padded_with_commas_is_read(tmp_path):
    rows = canonical_rows([[4] * 10, [5] * 10, [3] * 10]).assign(unit=["Paja", "Paja, Lahti", "Paja"])
    lines = rows.to_csv(sep=";", index=False).splitlines()
    # opened with "," as the separator, "Paja, Lahti" became two cells; saved, shorter rows are padded
    padded = [line if "," in line else line + "," for line in lines]
    path = tmp_path / "libreoffice.csv"
    path.write_text("\n".join(padded) + "\n", encoding="utf-8")
    result = ingest([path], tmp_path / "d")
    assert result.reports[0].rows_kept == 3 and result.rejected.empty
    assert sorted(result.responses["unit"]) == ["Paja", "Paja", "Paja, Lahti"]


def test_utf16_unicode_text_exports_are_read(tmp_path):
    path = tmp_path / "unicode_teksti.txt"  # Excel: "Unicode text" = tab-separated UTF-16 LE with BOM
    canonical_rows([[4] * 10, [5] * 10]).assign(unit="Työpaja Äänekoski").to_csv(
        path, sep="\t", index=False, encoding="utf-16")
    assert path.read_bytes()[:2] == b"\xff\xfe"
    result = ingest([path], tmp_path / "d")
    assert result.reports[0].rows_kept == 2 and set(result.responses["unit"]) == {"Työpaja Äänekoski"}
