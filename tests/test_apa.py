"""osa.apa_table: a change table as a thesis prints it, in Finnish and English, to xlsx, HTML, docx."""

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import osallisuus as osa


@pytest.fixture(scope="module")
def change():
    return osa.paired_change(osa.example_data(), comparisons=["alku_loppu"])


def test_finnish_change_table_with_apa_p_values_and_hidden_groups_noted(change, tmp_path):
    table = osa.apa_table(change, tmp_path / "muutos.xlsx", language="fi", title="Taulukko 1")
    assert [c.replace("\xa0", " ") for c in table.columns] == [  # no-break spaces in the table
        "Ryhmä", "n", "Alussa M (SD)", "Lopussa M (SD)", "Muutos [95 %:n LV]", "t (df)", "p",
                                   "d_z [95 %:n LV]", "g_av"]
    assert "Perhekerho" not in set(table["Ryhmä"])  # hidden (fewer than 5) rows are left out ...
    cells = pd.read_excel(tmp_path / "muutos.xlsx", header=None, dtype=str).fillna("")
    assert cells.iloc[0, 0] == "Taulukko 1" and "jätettiin pois" in cells.iloc[-1, 0]  # ... and the note says so
    p_values = {p.replace("\xa0", " ") for p in table["p"]}
    assert "0,000" not in p_values and "< 0,001" in p_values
    row = change[change["unit"] == "Työpaja Orimattila"].iloc[0]
    shown = table.loc[row.name]
    assert shown["Alussa M (SD)"] == f"{row['mean_before']:.1f} ({row['sd_before']:.1f})".replace(".", ",")
    assert shown["g_av"] == f"{row['g_av']:.2f}".replace(".", ",").replace("-", "−")


def test_english_html_has_no_leading_zeros_where_apa_drops_them(change, tmp_path):
    alpha = osa.apa_table(osa.reliability(osa.example_data()), tmp_path / "alpha.html", language="en")
    assert all(cell.startswith(".") for cell in alpha["α [95% CI]"])
    table = osa.apa_table(change, tmp_path / "change.html", language="en")
    assert all(p.startswith((".", "< .")) for p in table["p"])
    page = BeautifulSoup((tmp_path / "change.html").read_text(encoding="utf-8"), "html.parser")
    assert [th.text for th in page.find_all("th")][:3] == ["Group", "n", "Before M (SD)"]


def test_docx_when_python_docx_is_there(change, tmp_path):
    docx = pytest.importorskip("docx")
    osa.apa_table(change, tmp_path / "muutos.docx", language="fi", title="Taulukko 1")
    document = docx.Document(tmp_path / "muutos.docx")
    assert document.tables[0].rows[0].cells[0].text == "Ryhmä"


def test_wrong_language_or_file_type_is_named(change, tmp_path):
    with pytest.raises(ValueError, match=r"language: unknown 'se'; use one of fi, sv, en"):
        osa.apa_table(change, language="se")
    with pytest.raises(ValueError, match=r"out: unknown file type '.pdf'; use one of .xlsx, .html, .docx"):
        osa.apa_table(change, tmp_path / "t.pdf")
