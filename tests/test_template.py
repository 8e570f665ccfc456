"""The collection kit: a filled-in template ingests with no rejections, its drop-downs are the
codebook labels, and the questionnaire and checklist carry the same columns and labels."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from osallisuus.cli import main
from osallisuus.collect.fields import COLUMNS, LANGUAGES, fields
from osallisuus.collect.template import CODE_MAX_LENGTH, ENTRY_ROWS, write_template
from osallisuus.intake.codebook import CODEBOOK_DIR
from osallisuus.intake.ingest import ingest
from osallisuus.safe_text import CSP_META
from osallisuus.schema import ESIS_ITEMS, EUROHIS_ITEMS, LONELINESS, REQUIRED_COLUMNS

UNITS = ["Paja", "Olohuone", "Nuorten ryhmä"]
ORG = "Testi ry"


def _yaml(instrument: str, lang: str) -> dict:
    return yaml.safe_load((CODEBOOK_DIR / instrument / f"{lang}.yaml").read_text(encoding="utf-8"))


def _codebook_choices(column: str, lang: str) -> list[str]:
    """The labels a column should offer, read straight from the YAML files (not via the kit)."""
    if column in ESIS_ITEMS + EUROHIS_ITEMS + (LONELINESS,):
        instrument = "esis" if column in ESIS_ITEMS else "loneliness" if column == LONELINESS else "eurohis"
        doc = _yaml(instrument, lang)
        spec = doc["items"][column]
        scale = spec["scale"] if isinstance(spec, dict) else next(iter(doc["scales"]))
        return [doc["scales"][scale][code][0] for code in range(1, 6)] + [doc["missing"][0]]
    values = _yaml("rounds", lang)["rounds"] if column == "round" else _yaml("background", lang)["values"][column]
    if column == "language":
        return [next(x for x in labels if x.casefold() != code) for code, labels in values.items()]
    return [labels[0] for labels in values.values()]


def _dropdowns(ws) -> dict[str, list[str]]:
    """Header text -> the values its list validation offers (resolved through the lists sheet)."""
    wb = ws.parent
    headers = {cell.column_letter: cell.value for cell in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list":
            continue
        sheet, ref = dv.formula1.rsplit("!", 1)
        source = wb[sheet.strip("'")]
        values = [c.value for row in source[ref.replace("$", "")] for c in row]
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == ENTRY_ROWS + 1
            for col in range(rng.min_col, rng.max_col + 1):
                out[headers[ws.cell(row=1, column=col).column_letter]] = values
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dropdowns_equal_codebook_labels(tmp_path, lang):
    wb = load_workbook(write_template(tmp_path / "t.xlsx", lang, ORG, UNITS))
    ws = wb[wb.sheetnames[1]]
    lists = _dropdowns(ws)
    expected = {f.header: _codebook_choices(f.key, lang) for f in fields(lang) if f.choices}
    expected |= {f.header: [ORG] for f in fields(lang) if f.key == "organization"}
    expected |= {f.header: UNITS for f in fields(lang) if f.key == "unit"}
    assert lists == expected
    assert [c.value for c in ws[1]] == [f.header for f in fields(lang)]
    assert ws.freeze_panes == "B2"


def test_without_units_unit_and_organization_are_free_text(tmp_path):
    wb = load_workbook(write_template(tmp_path / "t.xlsx", "fi"))
    lists = _dropdowns(wb["Vastaukset"])
    assert "Yksikkö" not in lists and "Organisaatio" not in lists and "Mittauskerta" in lists


def _fill(ws, lang: str, n_rows: int) -> list[dict]:
    """Fill ``n_rows`` rows cycling through every allowed label; returns the expected codes."""
    cols = fields(lang)
    expected = []
    rounds = next(f for f in cols if f.key == "round")
    for r in range(n_rows):
        person, round_ = divmod(r, 3)
        row = {"organization": ORG, "unit": UNITS[person % len(UNITS)],
               "round": rounds.choices[round_], "respondent": f"T-{person:03d}" if person % 5 else None,
               "date": date(2025, 1 + round_ * 3, 1 + person % 28)}
        codes = {}
        for i, f in enumerate(cols):
            if f.choices:
                k = (r + i) % len(f.choices)
                if f.key == "round":
                    k = round_
                elif f.key in ESIS_ITEMS:  # complete answers, except "En osaa sanoa" in every 6th row
                    k = 5 if r % 6 == 5 and ESIS_ITEMS.index(f.key) == (r // 6) % 10 else (r + i) % 5
                elif f.status == "optional" and r % 7 == 6:
                    continue  # blank optional cells
                row[f.key] = f.choices[k]
                codes[f.key] = f.codes[k]
            elif f.key in ("service", "open_effect") and r % 2:
                row[f.key] = "Kuntouttava työtoiminta" if f.key == "service" else "Sain ystäviä, päivään tuli rytmi."
        for c, f in enumerate(cols, start=1):
            if row.get(f.key) is not None:
                ws.cell(row=r + 2, column=c, value=row[f.key])
        expected.append(codes)
    return expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filled_template_ingests_without_rejections(tmp_path, lang):
    path = write_template(tmp_path / f"lomake_{lang}.xlsx", lang, ORG, UNITS)
    wb = load_workbook(path)
    n_rows = 60  # every label of every list appears at several positions, with and without blanks
    expected = _fill(wb[wb.sheetnames[1]], lang, n_rows)
    wb.save(path)

    result = ingest([path], tmp_path / "data", today=date(2026, 1, 1))
    report = result.reports[0]
    assert (report.rows_read, report.rows_kept, report.rows_rejected, report.cells_rejected) == (n_rows, n_rows, 0, 0)
    assert result.rejected.empty and report.ignored_columns == []
    frame = result.responses.sort_values("source_row").reset_index(drop=True)
    for col in ESIS_ITEMS + EUROHIS_ITEMS + (LONELINESS,):
        got = [None if pd.isna(v) else int(v) for v in frame[col]]
        assert got == [e.get(col) for e in expected], col
    assert frame["round"].astype(str).tolist() == [["alku", "väli", "loppu"][r % 3] for r in range(n_rows)]
    assert set(frame["unit"]) == set(UNITS) and set(frame["organization"]) == {ORG}
    assert frame["language"].tolist() == [e.get("language") or lang for e in expected]
    for e, score in zip(expected, frame["esis_score"]):
        items = [e[c] for c in ESIS_ITEMS]
        if None in items:
            assert pd.isna(score)  # "En osaa sanoa" -> missing -> not scored by default
        else:
            assert score == (sum(items) - 10) * 2.5
    assert frame["esis_score"].notna().any() and frame["esis_score"].isna().any()
    assert frame["respondent"].isna().sum() == 3 * len(range(0, n_rows // 3, 5))  # blank code = anonymous


def test_every_label_is_used_by_the_fill():
    """The round-trip fill really offers each label of each list at least once."""
    from openpyxl import Workbook

    ws = Workbook().active
    for lang in LANGUAGES:
        expected = _fill(ws, lang, 60)
        for f in fields(lang):
            if f.choices and f.key != "round":
                assert {e.get(f.key, "blank") for e in expected} >= set(f.codes), (lang, f.key)


def test_sheets_texts_and_privacy_guidance(tmp_path):
    wb = load_workbook(write_template(tmp_path / "t.xlsx", "fi", ORG, UNITS))
    assert wb["Listat"].sheet_state == "hidden"
    instructions = " ".join(str(c.value) for c in wb["Ohjeet"]["A"])
    for phrase in ("En osaa sanoa", "kolmen kuukauden välein", "henkilötunnus", "puhelinnumero", ORG,
                   "Vastaajatunnus"):
        assert phrase in instructions
    codebook = {r[1].value: r for r in wb["Koodikirja"].iter_rows(min_row=2)}
    assert list(codebook) == list(COLUMNS)
    assert all(codebook[c][2].value == "pakollinen" for c in REQUIRED_COLUMNS)
    assert codebook["esis_01"][3].value == ("Täysin eri mieltä; Jokseenkin eri mieltä; Ei samaa eikä eri mieltä; "
                                           "Jokseenkin samaa mieltä; Täysin samaa mieltä; En osaa sanoa")
    answers = wb["Vastaukset"]
    code_rule = next(dv for dv in answers.data_validations.dataValidation if dv.type == "textLength"
                     and "A2:A" in str(dv.sqref))
    assert int(code_rule.formula2) == CODE_MAX_LENGTH < len("010190-123A")  # a henkilötunnus does not fit
    for dv in answers.data_validations.dataValidation:  # Excel refuses longer messages
        assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255 and len(dv.promptTitle or "") <= 32


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_translations_are_complete_and_marked_unofficial(tmp_path, lang):
    from osallisuus.collect.texts import TEXTS

    assert set(TEXTS[lang]) == set(TEXTS["fi"])
    for key, value in TEXTS[lang].items():
        assert value and value != TEXTS["fi"][key], key  # written in this language, no Finnish fallback
    wb = load_workbook(write_template(tmp_path / "t.xlsx", lang))
    first = wb[wb.sheetnames[0]]
    assert "THL" in str(first["A2"].value) and first["A2"].font.i


def test_cli_template_and_bad_settings(tmp_path, capsys):
    out = tmp_path / "kirjaus.xlsx"
    assert main(["template", "--lang", "sv", "--organization", ORG, "--units", "Paja, Olohuone", "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames[1] == "Svar" and str(out) in capsys.readouterr().out
    assert main(["template", "--lang", "de", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "fi, sv, en" in err and "Traceback" not in err
    assert main(["template", "--out", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert main(["template", "--units", "=HYPERLINK(1)", "--out", str(out)]) == 2
    assert "--units" in capsys.readouterr().err


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questionnaire_has_every_question_and_label_in_template_order(lang):
    import re
    from html import unescape

    from osallisuus.collect.questionnaire import build_questionnaire

    page = build_questionnaire(lang, ORG, UNITS)
    text = unescape(re.sub(r"<[^>]+>", "|", page))
    assert "://" not in page and "<script" not in page and "@page { size: A4" in page
    assert CSP_META in page  # nothing could run or load even if some text slipped through
    position = -1
    for f in fields(lang):  # staff fields, then questions, in the template's column order
        at = text.find(f.text, position + 1)
        assert at > position, (f.key, f.text)
        position = at
        labels = [f.choices[f.codes.index(lang)]] if f.key == "language" else f.choices or ()
        for label in labels:  # the form's own language is printed; every other list is ticked
            assert f"|{label}" in text, (f.key, label)
    boxes = sum(len(f.choices) for f in fields(lang) if f.choices and f.key != "language") + len(UNITS)
    assert page.count('class="box"') == boxes
    official = {"fi": True, "sv": False, "en": False}[lang]
    assert ("Unofficial" in text or "Inofficiell" in text) is not official
    if lang == "fi":  # THL's wording, exactly as in the codebook
        for item in ESIS_ITEMS:
            assert _yaml("esis", "fi")["items"][item] in text


def test_cli_questionnaire(tmp_path, capsys):
    out = tmp_path / "lomake.html"
    assert main(["questionnaire", "--lang", "en", "--out", str(out)]) == 0
    assert "<html lang=\"en\">" in out.read_text(encoding="utf-8")
    assert main(["questionnaire", "--lang", "ru", "--out", str(out)]) == 2
    assert "--lang" in capsys.readouterr().err


def _checklist_rows(md: str) -> list[list[str]]:
    rows = [line.strip("|").split(" | ") for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    return [[c.strip() for c in row] for row in rows[1:]]  # without the header row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_survey_made_from_checklist_ingests_without_edits(tmp_path, lang):
    """A Forms-like export whose questions and answers are the checklist's texts: 0 rejections."""
    from osallisuus.collect.checklist import OPTION_SEPARATOR, build_checklist

    rows = _checklist_rows(build_checklist(lang, ORG, UNITS))
    cols = fields(lang)
    assert [r[0] for r in rows] == [f.text for f in cols]
    n = 12
    export = {"ID": list(range(1, n + 1)), "Email": ["anonymous"] * n}
    for (question, options, *_), f in zip(rows, cols):
        choices = options.split(OPTION_SEPARATOR)
        if f.key == "date":
            export[question] = [f"{1 + i}.3.2025" for i in range(n)]
        elif f.key == "respondent":
            export[question] = [f"K{i:02d}" for i in range(n)]
        elif f.key in ("service", "open_effect"):
            export[question] = ["Työpaja"] * n
        else:
            export[question] = [choices[(i + len(export)) % len(choices)] for i in range(n)]
    path = tmp_path / f"forms_{lang}.xlsx"
    pd.DataFrame(export).to_excel(path, index=False)
    report = ingest([path], tmp_path / "data", today=date(2026, 1, 1)).reports[0]
    assert (report.rows_kept, report.rows_rejected, report.cells_rejected) == (n, 0, 0)
    assert report.ignored_columns == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_checklist_lists_every_label(lang):
    from osallisuus.collect.checklist import OPTION_SEPARATOR, build_checklist

    md = build_checklist(lang)
    rows = {r[0]: r[1].split(OPTION_SEPARATOR) for r in _checklist_rows(md)}
    for f in fields(lang):
        if f.choices:
            assert rows[f.text] == _codebook_choices(f.key, lang)
    assert main(["checklist", "--lang", lang, "--out", "/dev/null/x.pdf"]) == 2


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_printable_checklist_holds_the_same_rows_as_the_markdown(tmp_path, lang):
    from bs4 import BeautifulSoup

    from osallisuus.collect.checklist import build_checklist

    out = tmp_path / "tarkistuslista.html"
    assert main(["checklist", "--out", str(out), "--lang", lang, "--units", "<i>Olohuone</i>"]) == 0
    page = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    rows = [[td.text for td in tr.find_all("td")] for tr in page.find("tbody").find_all("tr")]
    assert rows == _checklist_rows(build_checklist(lang, units=["<i>Olohuone</i>"]))
    assert page.find("i") is None and "@page{size:A4" in page.find("style").text and page.find("script") is None
