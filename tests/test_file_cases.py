"""Exports read as their makers meant (issue 19): each case fails on the code before it."""

from __future__ import annotations

import openpyxl
import pandas as pd

from osallisuus.intake.ingest import ingest
from osallisuus.schema import ESIS_ITEMS

ITEMS = list(ESIS_ITEMS)


def _rows(codes: list[str], answers: int = 4) -> list[list]:
    return [[code, *[answers] * 10] for code in codes]


def test_a_total_row_is_skipped_with_a_reason_when_the_command_line_fills_the_columns(tmp_path):
    path = tmp_path / "paperilomakkeet.csv"
    rows = _rows(["K1", "K2", "K3"]) + [["Yhteensä", *[12] * 10], ["Keskiarvo", *[4] * 10]]
    pd.DataFrame(rows, columns=["respondent", *ITEMS]).to_csv(path, index=False, sep=";")
    result = ingest([path], tmp_path / "d", defaults={"organization": "Testi ry", "unit": "Paja", "round": "alku"})
    assert len(result.responses) == 3
    summary = result.rejected[result.rejected["reason"] == "summary_row"]
    assert summary["row"].tolist() == [5, 6] and summary["level"].eq("row").all()
    assert "Yhteensä" in summary["reason_fi"].iloc[0] and "summary row" in summary["reason_en"].iloc[0]
    (report,) = result.reports
    assert report.rows_read == report.rows_kept + report.rows_rejected == 5


def test_a_workbook_with_a_summary_sheet_is_read_and_the_sheet_named(tmp_path):
    path = tmp_path / "webropol.xlsx"
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Vastaukset"
    data.append(["respondent", "unit", "round", *ITEMS])
    for code in ("A1", "A2"):
        data.append([code, "Paja", "alku", *[5] * 10])
    data.append(["Yhteenveto", "", "", *[5] * 10])
    summary = book.create_sheet("Yhteenveto")
    summary.append(["Kysymys", "unit", "round", *ITEMS])
    summary.append(["Keskiarvo", "Paja", "alku", *[5] * 10])
    book.save(path)
    result = ingest([path], tmp_path / "d", defaults={"organization": "Testi ry"})
    assert len(result.responses) == 2
    assert "välilehti Yhteenveto ohitettu: yhteenvetovälilehti" in result.summary()
    assert result.rejected["reason"].tolist() == ["summary_row"]
