"""Bad input, one case each: a clear message (file, row, column, what to do) and the right
exit code; valid rows of a partly bad file are kept and accounted for.

The ids of the ``CASES`` table are the list quoted in the issue's closing note."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from osallisuus.cli import main
from osallisuus.intake.store import Store
from tests.helpers import canonical_rows

GOOD = canonical_rows([[4] * 10, [5] * 10, [3] * 10])


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def truncated(path: Path) -> None:
    data = xlsx_bytes(GOOD)
    path.write_bytes(data[: len(data) // 2])


def other_sheet(path: Path) -> None:
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"Ohje": ["Vastaukset ovat toisella välilehdellä"]}).to_excel(xw, sheet_name="Ohje", index=False)
        GOOD.to_excel(xw, sheet_name="Vastaukset", index=False)


def merged_headers(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Osallisuuskysely 2025"
    ws.merge_cells("A1:F1")  # a merged title across the header
    ws.append([])
    ws.append(list(GOOD.columns) + ["Huomautus"])
    ws.merge_cells(start_row=3, start_column=len(GOOD.columns) + 1, end_row=3, end_column=len(GOOD.columns) + 2)
    for row in GOOD.itertuples(index=False):
        ws.append(list(row) + ["", ""])
    wb.save(path)


def duplicated_columns(path: Path) -> None:
    frame = GOOD.copy()
    frame.insert(3, "Yksikkö", "Toinen")
    frame.to_csv(path, index=False)


def blank_rows(path: Path) -> None:
    text = GOOD.to_csv(index=False).splitlines()
    path.write_text("\n".join(text[:2] + [",,,", ""] + text[2:]) + "\n", encoding="utf-8")


def encoding(enc: str):
    def write(path: Path) -> None:
        GOOD.assign(unit="Työpaja Äänekoski").to_csv(path, index=False, sep=";", encoding=enc)
    return write


def comma_decimals(path: Path) -> None:
    GOOD.assign(esis_01="4,0").to_csv(path, index=False, sep=";")


def out_of_range(path: Path) -> None:
    GOOD.assign(esis_02=[0, 6, 3]).to_csv(path, index=False)


def future_date(path: Path) -> None:
    GOOD.assign(date=["2025-03-01", "2099-01-01", "1.4.2025"]).to_csv(path, index=False)


def same_respondent_twice(path: Path) -> None:
    GOOD.assign(respondent="K-1", date=["2025-03-01", "2025-03-02", "2025-03-03"]).to_csv(path, index=False)


def too_many_fields(path: Path) -> None:
    lines = GOOD.to_csv(index=False).splitlines()
    lines[2] += ",ylimääräinen,kenttä"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_bytes(data: bytes):
    return lambda path: path.write_bytes(data)


def missing_columns(path: Path) -> None:
    GOOD.drop(columns=["round", "esis_04"]).to_csv(path, index=False)


def zero_based(path: Path) -> None:
    canonical_rows([[0, 1, 2, 3, 4, 2, 1, 0, 3, 2]] * 4).to_csv(path, index=False)


# id: (file name, writer, exit code, what the output must say, rows kept)
CASES = {
    "truncated xlsx": ("vienti.xlsx", truncated, 2, ["vienti.xlsx", "Excel", "Korjaus"], None),
    "corrupt xlsx": ("vienti.xlsx", write_bytes(b"PK\x03\x04garbage"), 2, ["vienti.xlsx", "Excel"], None),
    "empty file": ("vienti.csv", write_bytes(b""), 2, ["vienti.csv", "tyhjä", "Korjaus"], None),
    "not a table": ("muistio.txt", write_bytes("Kokous pidettiin tiistaina.\n".encode()), 2,
                    ["muistio.txt", "otsikkoriviä"], None),
    "unsupported type": ("vienti.pdf", write_bytes(b"%PDF-1.4"), 2, ["vienti.pdf", ".xlsx"], None),
    "data on another sheet": ("vienti.xlsx", other_sheet, 0, ["välilehti Vastaukset"], 3),
    "merged header cells": ("vienti.xlsx", merged_headers, 0, ["luettu 3 = hyväksytty 3"], 3),
    "duplicated column names": ("vienti.csv", duplicated_columns, 2, ["vienti.csv", "Yksikkö", "unit"], None),
    "blank rows": ("vienti.csv", blank_rows, 0, ["luettu 5 = hyväksytty 3 + hylätty 2"], 3),
    "UTF-8 without BOM": ("vienti.csv", encoding("utf-8"), 0, ["utf-8"], 3),
    "UTF-8 with BOM": ("vienti.csv", encoding("utf-8-sig"), 0, ["utf-8-sig"], 3),
    "Windows-1252": ("vienti.csv", encoding("cp1252"), 0, ["cp1252"], 3),
    "comma decimals": ("vienti.csv", comma_decimals, 0, ["hylättyjä soluja 0"], 3),
    "out-of-range codes": ("vienti.csv", out_of_range, 0, ["hylättyjä soluja 2", "zero_code", "out_of_range"], 3),
    "date in the future": ("vienti.csv", future_date, 0, ["future_date"], 3),
    "same respondent twice in a round": ("vienti.csv", same_respondent_twice, 0, ["repeated_round"], 1),
    "a line with extra fields": ("vienti.csv", too_many_fields, 0, ["malformed_row", "hyväksytty 2"], 2),
    "required columns missing": ("vienti.csv", missing_columns, 2, ["round", "esis_04", "Korjaus"], None),
    "codes 0-4 instead of 1-5": ("vienti.csv", zero_based, 2, ["0-4", "1-5"], None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input(case, tmp_path, capsys):
    name, write, code, says, kept = CASES[case]
    path = tmp_path / name
    write(path)
    data = tmp_path / "data"
    assert main(["ingest", str(path), "--data", str(data)]) == code
    captured = capsys.readouterr()
    output = captured.out + captured.err
    for text in says:
        assert text in output, (case, text, output)
    assert "Traceback" not in output
    if code == 2:
        assert not (data / "processed").exists()  # nothing written
    else:
        assert len(Store(data).read_responses()) == kept
        rejected = Store(data).read_rejected()
        assert ((rejected["row"] > 0) & (rejected["file"] == name)).all()


def test_rejections_name_row_and_column(tmp_path):
    path = tmp_path / "vienti.csv"
    out_of_range(path)
    main(["ingest", str(path), "--data", str(tmp_path / "d")])
    rejected = Store(tmp_path / "d").read_rejected().set_index("row")
    assert rejected.loc[2, "column"] == "esis_02" and rejected.loc[2, "value"] == "0"
    assert rejected.loc[3, "value"] == "6" and "1-5" in rejected.loc[3, "reason_fi"]


def test_a_malformed_last_line_is_still_accounted_for(tmp_path):
    path = tmp_path / "vienti.csv"
    lines = GOOD.to_csv(index=False).splitlines()
    lines[-1] += ",ylimääräinen"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    main(["ingest", str(path), "--data", str(tmp_path / "d")])
    (source,) = Store(tmp_path / "d").read_sources().itertuples()
    assert (source.rows_read, source.rows_kept, source.rows_rejected) == (3, 2, 1)
    rejected = Store(tmp_path / "d").read_rejected()
    assert rejected["reason"].tolist() == ["malformed_row"] and rejected["row"].tolist() == [4]
