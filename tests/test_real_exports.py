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
