"""Exports read as their makers meant (issue 19): each case fails on the code before it."""

from __future__ import annotations

import os

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.intake.clean import MISSING_MARKERS, clean_table
from osallisuus.intake.codebook import load_codebooks
from osallisuus.intake.ingest import ingest
from osallisuus.intake.store import Store
from osallisuus.schema import ESIS_ITEMS
from tests.helpers import as_table, canonical_rows, examples, identity

BOOKS = load_codebooks()

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


def test_missing_value_markers_in_codes_are_reported_not_turned_into_anonymity(tmp_path):
    path = tmp_path / "tietokanta.csv"
    codes = ["NA", "NULL", "nan", "N/A", "-", "K1"]
    rows = [[code, "Testi ry", "Paja", "alku", *[4] * 10] for code in codes]
    rows[-1][5] = "NA"  # an answer cell written the same way
    pd.DataFrame(rows, columns=["respondent", "organization", "unit", "round", *ITEMS]).to_csv(path, index=False)
    result = ingest([path], tmp_path / "d")
    assert len(result.responses) == 6 and result.responses["respondent"].isna().sum() == 5
    marked = result.rejected.set_index("value")
    assert sorted(result.rejected["reason"]) == ["missing_marker"] + ["respondent_marker"] * 5
    assert "nimettömänä" in marked.loc["NULL", "reason_fi"] and sorted(marked.loc["NA", "column"]) == ["esis_02", "respondent"]


@settings(max_examples=examples(60))
@given(st.sampled_from(sorted(MISSING_MARKERS)), st.sampled_from(["", " ", "  "]), st.booleans(),
       st.sampled_from(["respondent", "esis_03", "unit", "round", "date"]))
def test_a_missing_marker_anywhere_is_always_reported(marker, pad, upper, column):
    frame = canonical_rows([[4] * 10, [5] * 10]).astype(object)
    frame.loc[0, column] = pad + (marker.upper() if upper else marker) + pad
    result = clean_table(as_table(frame), BOOKS, identity)
    assert result.report.rows_read == result.report.rows_kept + result.report.rows_rejected
    reported = result.rejected[result.rejected["row"] == 2]
    assert len(reported) == 1 and reported["reason"].iloc[0] in {"missing_marker", "respondent_marker", "missing_required"}
    kept = result.frame[result.frame["source_row"] == 2]
    assert kept.empty or pd.isna(kept[column].iloc[0])


def _dated(path, headers: list[str], dates: list[str]) -> None:
    rows = [[f"K{i}", "Testi ry", "Paja", "alku", day, *[4] * 10] for i, day in enumerate(dates)]
    pd.DataFrame(rows, columns=[*headers, *ITEMS]).to_csv(path, index=False)


def test_uk_forms_dates_are_day_first_by_their_24_hour_times(tmp_path):
    path = tmp_path / "forms_uk.csv"
    _dated(path, ["respondent", "Organization", "Unit", "Round", "Completion time"],
           ["03/01/2025 14:05", "01/03/2025 09:10", "02/03/2025 16:45"])
    result = ingest([path], tmp_path / "d")
    days = result.responses.sort_values("source_row")["date"].dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2025-01-03", "2025-03-01", "2025-03-02"] and result.rejected.empty
    assert "24 tunnin" in result.summary()


def test_slash_dates_in_a_finnish_file_are_day_first(tmp_path):
    path = tmp_path / "kysely.csv"
    _dated(path, ["Vastaajatunnus", "Organisaatio", "Yksikkö", "Mittauskerta", "Päivämäärä"], ["01/03/2025", "02/03/2025"])
    result = ingest([path], tmp_path / "d")
    assert result.responses["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02"]


def test_dates_that_read_both_ways_without_evidence_are_rejected_not_guessed(tmp_path):
    path = tmp_path / "vienti.csv"
    _dated(path, ["respondent", "organization", "unit", "round", "date"], ["3/1/2025", "5/5/2025"])
    result = ingest([path], tmp_path / "d")
    (cell,) = result.rejected.itertuples()
    assert (cell.reason, cell.value, cell.level) == ("ambiguous_date", "3/1/2025", "cell")
    assert "31.12.2025" in cell.reason_fi
    assert sorted(result.responses["date"].dt.strftime("%Y-%m-%d").fillna("")) == ["", "2025-05-05"]


def test_round_words_people_use_are_read_and_unknown_ones_named_until_the_user_teaches_them(tmp_path):
    path = tmp_path / "kierrokset.csv"
    words = ["1. mittaus", "Loppukysely", "Uppföljning", "6 kk seuranta", "Jatkojakson alku"]
    rows = [[f"K{i}", "Testi ry", "Paja", word, *[4] * 10] for i, word in enumerate(words)]
    pd.DataFrame(rows, columns=["respondent", "organization", "unit", "round", *ITEMS]).to_csv(path, index=False)
    result = ingest([path], tmp_path / "d")
    assert sorted(result.responses["round"].astype(str)) == ["alku", "loppu", "seuranta_6kk", "seuranta_6kk"]
    unknown = result.rejected.set_index("value")
    assert set(unknown.index) == {"Jatkojakson alku"} and set(unknown["reason"]) == {"unknown_round"}
    assert "'Jatkojakson alku'" in unknown.loc["Jatkojakson alku", "reason_fi"]
    assert "DIR/codebooks/omat.yaml" in unknown.loc["Jatkojakson alku", "reason_fi"]
    assert "codebooks/rounds/" in unknown.loc["Jatkojakson alku", "reason_fi"]
    own = tmp_path / "d" / "codebooks"
    own.mkdir()
    # an own round after the shipped ones, and (as stores taught before the round codebook did)
    # a shipped word given the meaning the organization uses
    (own / "omat.yaml").write_text("instrument: rounds\nlanguage: fi\nrounds:\n  jatkojakso: [Jatkojakson alku]\n"
                                   "  loppu: [6 kk seuranta]\n", encoding="utf-8")
    again = ingest([path], tmp_path / "d")  # the same file is read again: the codebooks changed
    assert sorted(again.responses["round"].astype(str)) == ["alku", "jatkojakso", "loppu", "loppu", "seuranta_6kk"]
    assert again.rejected.empty
    assert list(again.responses["round"].cat.categories)[-1] == "jatkojakso"  # after the shipped rounds


def test_a_broken_own_codebook_stops_the_ingest_with_its_name(tmp_path, capsys):
    from osallisuus.cli import main

    path = tmp_path / "vienti.csv"
    canonical_rows([[4] * 10]).to_csv(path, index=False)
    (tmp_path / "d" / "codebooks").mkdir(parents=True)
    (tmp_path / "d" / "codebooks" / "omat.yaml").write_text("values: [", encoding="utf-8")
    assert main(["ingest", str(path), "--data", str(tmp_path / "d")]) == 2
    assert "omat.yaml" in capsys.readouterr().err


def test_a_backup_copy_sheet_does_not_store_anonymous_forms_twice(tmp_path):
    path = tmp_path / "lomakkeet.xlsx"
    book = openpyxl.Workbook()
    header = ["organization", "unit", "round", *ITEMS]
    answers = [["Testi ry", "Paja", "alku", *[4] * 10], ["Testi ry", "Paja", "alku", *[5] * 10],
               ["Testi ry", "Paja", "alku", *[4] * 10]]  # two anonymous people with the same answers
    for title, rows in (("Lomakkeet", answers), ("Lomakkeet (2)", answers[:2]), ("Kevät", answers[:1])):
        sheet = book.active if title == "Lomakkeet" else book.create_sheet(title)
        sheet.title = title
        sheet.append(header if title != "Kevät" else ["organization", "unit", "round", *ITEMS[::-1]])
        for row in rows:
            sheet.append(row)
    book.save(path)
    result = ingest([path], tmp_path / "d")
    assert len(result.responses) == 4  # the original three and the differently headed sheet's one
    assert result.rejected["reason"].tolist() == ["copy_sheet", "copy_sheet"]
    assert set(result.rejected["sheet"]) == {"Lomakkeet (2)"}
    assert "Lomakkeet (2) on kopio välilehdestä Lomakkeet" in result.summary()


def _forms(path, answers: dict[int, int]) -> None:
    """An anonymous Microsoft Forms export: response ids, completion times, one answer per id."""
    rows = [[i, f"11/{10 + i}/2025 02:05:00 PM", "Testi ry", "Paja", "alku", *[a] * 10] for i, a in answers.items()]
    pd.DataFrame(rows, columns=["ID", "Completion time", "organization", "unit", "round", *ITEMS]).to_csv(path, index=False)


def test_a_corrected_forms_reexport_replaces_the_answer_instead_of_doubling_it(tmp_path):
    _forms(tmp_path / "forms.csv", {1: 4, 2: 4, 3: 4, 4: 4, 5: 2})
    ingest([tmp_path / "forms.csv"], tmp_path / "d")
    _forms(tmp_path / "forms_korjattu.csv", {1: 4, 2: 4, 3: 4, 4: 4, 5: 5})  # answer 5 corrected
    result = ingest([tmp_path / "forms_korjattu.csv"], tmp_path / "d")
    assert len(result.responses) == 5 and sorted(result.responses["esis_01"].tolist()) == [4, 4, 4, 4, 5]
    stored = Store(tmp_path / "d").read_rejected()
    corrected = stored[stored["reason"] == "corrected"]
    assert corrected[["file", "row"]].values.tolist() == [["forms.csv", 6]]
    assert "forms_korjattu.csv rivi 6" in corrected["reason_fi"].iloc[0]


def _coded(path, answer: int) -> None:
    rows = [["K1", "Testi ry", "Paja", "alku", "2025-03-01", *[answer] * 10]]
    pd.DataFrame(rows, columns=["respondent", "organization", "unit", "round", "date", *ITEMS]).to_csv(path, index=False)


def test_a_correction_wins_by_a_later_run_not_by_its_file_name(tmp_path):
    _coded(tmp_path / "vienti.csv", 2)
    ingest([tmp_path / "vienti.csv"], tmp_path / "d")
    _coded(tmp_path / "a_korjattu.csv", 5)  # sorts before the original
    result = ingest([tmp_path / "a_korjattu.csv"], tmp_path / "d")
    assert result.responses["esis_01"].tolist() == [5]
    assert Store(tmp_path / "d").read_rejected()["file"].tolist() == ["vienti.csv"]


def test_in_one_run_the_file_saved_later_wins(tmp_path):
    _coded(tmp_path / "a_korjattu.csv", 5)
    _coded(tmp_path / "b_alkuperainen.csv", 2)
    os.utime(tmp_path / "b_alkuperainen.csv", (1_700_000_000, 1_700_000_000))  # saved before the correction
    os.utime(tmp_path / "a_korjattu.csv", (1_700_100_000, 1_700_100_000))
    result = ingest([tmp_path / "a_korjattu.csv", tmp_path / "b_alkuperainen.csv"], tmp_path / "d")
    assert result.responses["esis_01"].tolist() == [5]


def test_formula_cells_without_a_computed_value_are_rejected_as_cells(tmp_path):
    path = tmp_path / "laskettu.xlsx"  # written by a program: formulas are saved without their values
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["respondent", "organization", "unit", "round", *ITEMS])
    sheet.append(["K1", "Testi ry", "Paja", "alku", *[4] * 10])
    sheet.append(["K2", "Testi ry", "Paja", "alku", "=E2", *[5] * 9])
    book.save(path)
    result = ingest([path], tmp_path / "d")
    (cell,) = result.rejected.itertuples()
    assert (cell.reason, cell.column, cell.row, cell.level) == ("formula_without_value", "esis_01", 3, "cell")
    assert "kaava" in cell.reason_fi and len(result.responses) == 2


STATEMENTS = ["Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä.", "Saan myönteistä palautetta tekemisistäni.",
              "Kuulun itselleni tärkeään ryhmään tai yhteisöön.", "Olen tarpeellinen muille ihmisille.",
              "Pystyn vaikuttamaan oman elämäni kulkuun.", "Tunnen, että elämälläni on tarkoitus.",
              "Pystyn tavoittelemaan minulle tärkeitä asioita.", "Saan itse apua silloin, kun sitä todella tarvitsen.",
              "Koen, että minuun luotetaan.", "Pystyn vaikuttamaan joihinkin elinympäristöni asioihin."]


def test_google_forms_grid_headers_are_read(tmp_path):
    path = tmp_path / "google.csv"
    grid = [f"Kuinka samaa mieltä olet? [{text}]" for text in STATEMENTS]
    rows = [["2025/03/01 10:00:00", "Testi ry", "Paja", "alku", *["Jokseenkin samaa mieltä"] * 10]]
    pd.DataFrame(rows, columns=["Aikaleima", "Organisaatio", "Yksikkö", "Mittauskerta", *grid]).to_csv(path, index=False)
    result = ingest([path], tmp_path / "d")
    assert result.responses["esis_score"].tolist() == [75.0]


def test_surveymonkey_two_header_rows_are_read(tmp_path):
    path = tmp_path / "surveymonkey.csv"
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "Organisaatio", "Yksikkö", "Mittauskerta",
           "Kuinka samaa mieltä olet seuraavista väittämistä?", *[""] * 9]
    second = ["", "", "", "", "Response", "Response", "Response", *STATEMENTS]
    rows = [[str(114000 + i), "4321", "03/01/2025 09:00:00 AM", f"03/0{i}/2025 09:10:00 AM", "Testi ry", "Paja",
             "väli", *["Täysin samaa mieltä"] * 10] for i in (1, 2)]
    pd.DataFrame([top, second, *rows]).to_csv(path, index=False, header=False)
    result = ingest([path], tmp_path / "d")
    assert len(result.responses) == 2 and result.responses["round"].astype(str).tolist() == ["väli", "väli"]
    assert result.responses["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02"]
    assert result.responses["esis_score"].tolist() == [100.0, 100.0] and result.reports[0].layout == "surveymonkey"


def test_limesurvey_answer_codes_are_refused_until_their_meaning_is_given(tmp_path, capsys):
    from osallisuus.cli import main

    path = tmp_path / "limesurvey.csv"
    grid = [f"ESIS [{text}]" for text in STATEMENTS]
    rows = [[f"K{i}", "Testi ry", "Paja", "alku", *[f"A{a}"] * 10] for i, a in enumerate([1, 4, 5])]
    pd.DataFrame(rows, columns=["respondent", "organization", "unit", "round", *grid]).to_csv(path, index=False)
    assert main(["ingest", str(path), "--data", str(tmp_path / "d")]) == 2
    assert "A1, A4, A5" in capsys.readouterr().err
    (tmp_path / "d" / "codebooks").mkdir(parents=True)
    (tmp_path / "d" / "codebooks" / "limesurvey.yaml").write_text(
        "instrument: esis\nlanguage: fi\nscales:\n  agree: {1: [A1], 2: [A2], 3: [A3], 4: [A4], 5: [A5]}\n", encoding="utf-8")
    result = ingest([path], tmp_path / "d")
    assert sorted(result.responses["esis_score"]) == [0.0, 75.0, 100.0]


def test_respondent_codes_written_differently_are_one_person_and_the_merges_listed(tmp_path):
    alku, loppu = tmp_path / "alku.csv", tmp_path / "loppu.csv"
    for path, rnd, codes in ((alku, "alku", ["AB 12", "LAH-017", "X-1"]), (loppu, "loppu", ["ab12", "LAH017", "x1"])):
        rows = [[code, "Testi ry", "Paja", rnd, *[4 if rnd == "alku" else 5] * 10] for code in codes]
        pd.DataFrame(rows, columns=["respondent", "organization", "unit", "round", *ITEMS]).to_csv(path, index=False)
    result = ingest([alku, loppu], tmp_path / "d")
    assert result.responses["respondent"].nunique() == 3  # three people, each with alku and loppu
    both = tmp_path / "samassa.csv"
    rows = [[code, "Testi ry", "Paja", "väli", *[answer] * 10] for code, answer in [("AB 12", 3), ("ab-12", 2), ("K9", 3)]]
    pd.DataFrame(rows, columns=["respondent", "organization", "unit", "round", *ITEMS]).to_csv(both, index=False)
    again = ingest([both], tmp_path / "d")
    assert "vastaajatunnukset yhdistetty (respondent codes merged): 'AB 12' = 'ab-12'" in again.summary()
    assert again.rejected["reason"].tolist() == ["repeated_round"]  # one person twice in one round


@settings(max_examples=examples(80))
@given(st.text(alphabet="abcXYZ019", min_size=1, max_size=6), st.lists(st.sampled_from([" ", "-", "  "]), max_size=3),
       st.booleans())
def test_spacing_hyphens_and_case_never_split_a_code(code, noise, upper):
    from osallisuus.intake.clean import map_respondents

    written = code
    for i, mark in enumerate(noise):  # put the marks inside the code
        at = min(len(written), i + 1)
        written = written[:at] + mark + written[at:]
    written = written.upper() if upper else written
    mapped, _ = map_respondents(pd.Series([code, written], dtype=object), lambda codes: [f"R{c}" for c in codes])
    first, second = mapped.values[mapped.codes]
    assert first == second


def test_a_changed_code_rule_names_the_stored_files_read_with_the_earlier_one(tmp_path, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("osallisuus.intake.ingest")
    for name in ("a.csv", "b.csv"):
        canonical_rows([[4] * 10]).assign(respondent=name).to_csv(tmp_path / name, index=False)
    ingest([tmp_path / "a.csv", tmp_path / "b.csv"], tmp_path / "d")
    monkeypatch.setattr(ingest_module, "RESPONDENT_RULE", "a later rule")
    result = ingest([tmp_path / "b.csv"], tmp_path / "d")  # read again although its content is stored
    assert result.reports and "luettu aiemmilla säännöillä: a.csv" in result.summary()
    assert ingest([tmp_path / "b.csv"], tmp_path / "d").unchanged == ["b.csv"]



def test_a_line_break_inside_an_open_answer_stays_in_its_row(tmp_path):
    """A quoted value with a line break is one value (a Webropol export's open answers), also
    where the reader's blocks (1 MiB) meet; a file without quotes is read in parallel blocks."""
    from osallisuus.intake.readers import read_table

    answers = [f"Hyvä ryhmä {i}.\nKiitos ohjaajille!" if i % 2 else f"Parempi\r\nolo {i}" for i in range(30_000)]
    frame = canonical_rows([[4] * 10] * len(answers), open_effect=None).assign(open_effect=answers)
    frame.to_csv(tmp_path / "avoimet.csv", index=False, sep=";")
    table = read_table(tmp_path / "avoimet.csv", BOOKS)
    assert (tmp_path / "avoimet.csv").stat().st_size > 2 << 20 and not table.skipped
    assert table.frame[table.headers.index("open_effect")].tolist() == answers
    assert table.rows[-1] == len(answers) + 1  # rows as a spreadsheet shows them (a value with a break is one cell)
    frame.assign(open_effect="Hyvä ryhmä").to_csv(tmp_path / "ilman.csv", index=False)
    assert read_table(tmp_path / "ilman.csv", BOOKS).frame.shape[0] == len(answers)
