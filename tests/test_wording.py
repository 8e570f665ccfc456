"""Words with numbers: every sentence that holds a count reads right with 0, 1, 2 and 5 in
each language (CLDR plural forms through Babel), the catalogues are plain YAML, and the
phrases the coordinators' review replaced are gone."""

from __future__ import annotations

import re
import string
from importlib import resources

import pytest
import yaml

from osallisuus.texts import TEXTS, day, moment, month, number_range, text

#: Placeholders that hold a count (a whole number of people, forms, units, cells ...).
COUNTS = {"n", "started", "followed", "forms", "rejected_cells", "excluded", "auto", "stored", "max_missing",
          "shown", "orgs", "hidden", "n_first", "n_last", "n_answered", "n_people", "n_anon"}
#: A counted noun in the wrong number: singular after 2 or 5, plural (fi: partitive) after 1.
WRONG = {
    "fi": [r"(?<![\d,])1\s(yksikköä|lomaketta|solua|vastausta|vastaajaa|väittämää|organisaatiota)\b",
           r"(?<![\d,])[25]\s(yksikkö|lomake|solu|vastaus|vastaaja|väittämä|puuttuva)\b(?!\w)",
           r"\b1\s\w+\sei ole mukana, koska niissä", r"\bniillä 1\b", r"\bjotka vastasivat\b.*\b1 "],
    "sv": [r"(?<![\d,])1\s(enheter|blanketter|celler|påståenden|saknade)\b",
           r"(?<![\d,])[25]\s(enhet|blankett|cell|påstående|saknat)\b(?!\w)", r"\bde 1\b"],
    "en": [r"(?<![\d.])1\s(units|questionnaires|cells|answers|respondents|statements|organizations)\b",
           r"(?<![\d.])[025]\s(unit|questionnaire|cell|answer|respondent|statement|organization)\b(?!\w)",
           r"\b1 \w+ are\b", r"\b1 \w+ were\b"],
}


def _placeholders(entry) -> set[str]:
    texts = [v for k, v in entry.items() if k != "count"] if isinstance(entry, dict) else [entry]
    return {name for t in texts for _, name, _, _ in string.Formatter().parse(t) if name}


def test_catalogues_are_plain_yaml_with_the_same_keys_and_plural_forms():
    for language in ("fi", "sv", "en"):
        path = resources.files("osallisuus") / "locale" / f"{language}.yaml"
        assert yaml.safe_load(path.read_text(encoding="utf-8")) == TEXTS[language]
    for key, entry in TEXTS["fi"].items():
        for language in ("sv", "en"):
            other = TEXTS[language][key]
            if isinstance(other, dict):
                assert {"count", "one", "other"} <= set(other), (language, key)
            assert _placeholders(other) <= _placeholders(entry) | {"min_n"} | set(), (language, key)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_sentence_with_a_count_reads_right_with_0_1_2_and_5(language):
    checked = 0
    for key, entry in TEXTS[language].items():
        names = _placeholders(entry)
        counted = names & COUNTS
        if not counted or key.endswith("_format"):
            continue
        for value in (0, 1, 2, 5):
            values = {name: "x" for name in names}
            values.update({name: value for name in counted})
            values["min_n"] = 5
            sentence = text(language, key, **values)
            for pattern in WRONG[language]:
                assert not re.search(pattern, sentence, re.IGNORECASE), (key, value, pattern, sentence)
            checked += 1
    assert checked >= 4 * 15


def test_one_and_many_differ_where_the_language_says_so():
    assert text("fi", "units_left_out", n=1, min_n=5).count("1\u00a0yksikkö ei ole mukana, koska siinä") == 1
    assert "2\u00a0yksikköä ei ole mukana" in text("fi", "units_left_out", n=2, min_n=5)
    assert "1\u00a0enhet ingår inte eftersom den" in text("sv", "units_left_out", n=1, min_n=5)
    assert "1\u00a0unit is not included because it has" in text("en", "units_left_out", n=1, min_n=5)
    assert "5\u00a0units are not included" in text("en", "units_left_out", n=5, min_n=5)


def test_dates_months_and_ranges_are_written_the_language_way():
    import datetime as dt

    import pandas as pd

    assert day(dt.date(2026, 12, 1), "fi") == "1.12.2026"
    assert moment(dt.datetime(2026, 12, 1, 5, 36), "fi") == "1.12.2026 klo 5.36"
    assert month(pd.Period("2025-01", "M"), "fi") == "1/2025"
    assert number_range(53.34, 62.4, "fi") == "53,3–62,4"
    assert number_range(-8.1, -2.0, "sv") == "−8,1\u00a0–\u00a0−2,0"


#: Phrases replaced after the coordinators' review (issue 20), per language.
OLD = {
    "fi": ["Vertailuarvo (", "Samoilla vastaajilla (", "Luotettavasti parani", "suurempi on parempi",
           "95 %:n lv", "Raportti tehty", "(ESIS)", "show_open_answers", "rejected.csv", "muut on tarkistanut henkilöstö"],
    "sv": ["Viktigaste resultat", "Vid början var", "Tillförlitligt förbättrades", "Rapporten gjord", "Vem svarade",
           "förkastades", "högre är bättre", "show_open_answers", "rejected.csv"],
    "en": ["higher is better", "show_open_answers", "rejected.csv", "staff checked the rest", "Report made"],
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_replaced_phrases_are_gone(language):
    everything = yaml.safe_dump(TEXTS[language], allow_unicode=True, width=10_000)
    for phrase in OLD[language]:
        assert phrase not in everything, phrase
    assert TEXTS["sv"]["väli"] == "mellanmätning" and TEXTS["en"]["type"] != TEXTS["en"]["n"]
