"""Whole languages: every text exists in fi, sv and en, a report in one language holds no words
of another, numbers are written the language's way, and images carry an alt text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from osallisuus.intake.store import Store
from osallisuus.reporting.params import in_languages, load_job, notebooks_dir, write_params
from osallisuus.reporting.runner import run_reports
from osallisuus.texts import TEXTS

UNIT = "järvimaan-hyvinvointialue__työpaja-orimattila"
#: Words that only a text of that language uses (names in the demo data contain none of them).
MARKERS = {
    "fi": ["vastaaja", "mittauskerta", "keskiarvo", "luottamusväli", "muutos", " ja ", "ei "],
    "sv": ["svarande", "mätning", "medelvärde", "konfidensintervall", "förändring", " och ", "inte "],
    "en": ["respondent", "round", "mean", "confidence interval", "change", " and ", " the "],
}


def test_every_language_has_every_text_and_none_is_borrowed():
    keys = {lang: set(texts) for lang, texts in TEXTS.items()}
    assert keys["fi"] == keys["sv"] == keys["en"]
    for key in keys["fi"]:
        values = {lang: str(TEXTS[lang][key]) for lang in TEXTS}  # a plural mapping as a whole
        if len(values["fi"]) > 25:  # a long text equal to another language's is a fallback
            assert len(set(values.values())) == 3, key


@pytest.fixture(scope="module")
def pages(demo_dir, tmp_path_factory):
    params, out = tmp_path_factory.mktemp("params"), tmp_path_factory.mktemp("languages")
    write_params(demo_dir, params)
    job = load_job(params / f"{UNIT}.yaml", demo_dir, out, notebooks_dir(), Store(demo_dir).read_responses())
    outcomes = run_reports(in_languages(job, ["fi", "sv", "en"], out), workers=2, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    return {o.details["language"]: (out / o.html.name).read_text(encoding="utf-8") for o in outcomes}


def _text(page: str) -> str:
    return " " + " ".join(BeautifulSoup(page, "html.parser").get_text(" ").split()).lower() + " "


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_report_holds_no_words_of_another_language(pages, language):
    text = _text(pages[language])
    assert all(word in text for word in MARKERS[language][:4]), language
    for other, words in MARKERS.items():
        if other != language:
            found = [w for w in words if w in text]
            assert not found, (language, other, found)


def test_numbers_and_images_follow_the_language(pages):
    fi, en = (re.sub(r"\d{1,2}\.\d{1,2}\.\d{4}", "", _text(pages[x])) for x in ("fi", "en"))  # dates aside
    fi = re.sub(r"ohjelmaversioilla .*?; aineistoversio", "", fi, flags=re.I)  # package versions are not decimals
    assert re.search(r"\d,\d", fi) and not re.search(r"\d\.\d", fi)  # decimal comma, no decimal point
    assert re.search(r"\d\.\d", en)
    assert "0,000" not in fi and "0.000" not in en  # p-values as "< 0,001"
    for page in pages.values():
        images = BeautifulSoup(page, "html.parser").find_all("img")
        assert images and all(len(img.get("alt", "")) > 20 for img in images)
        assert "No description has been provided" not in page
    assert 'lang="sv"' in pages["sv"]
