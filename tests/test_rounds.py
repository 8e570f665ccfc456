"""The round model: words people write for rounds in three languages, the order of rounds, a
yearly round once per year, months since the first answer, and stores made with alku / väli /
loppu giving the same numbers as before the round codebook."""

from pathlib import Path

import pandas as pd
import pytest

import osallisuus as osa
from osallisuus.intake.clean import parse_coded
from osallisuus.intake.codebook import load_codebooks
from osallisuus.intake.ingest import ROUNDS_MIGRATED
from osallisuus.schema import ESIS_ITEMS, ROUNDS, months_since_first, round_rank, rounds_in
from osallisuus.statistics.tables import published_tables

MISSING = {"nan": "", "NaN": "", "None": "", "<NA>": ""}
REFERENCE = Path(__file__).parent / "reference" / "demo_published_before_rounds.csv"

WORDS = {
    # Finnish
    "1. mittaus": "alku", "Alkukysely": "alku", "Loppukysely": "loppu", "2. mittaus": "väli",
    "3. MITTAUS": "loppu", "4. mittaus": "mittaus_4", "6 kk seuranta": "seuranta_6kk",
    "12 kk seuranta": "seuranta_12kk", "Vuosimittaus": "vuosimittaus", "Seuranta": "seuranta_6kk",
    # Swedish
    "Början": "alku", "Start": "alku", "Slutmätning": "loppu", "Mellanmätning": "väli",
    "Uppföljning": "seuranta_6kk", "Uppföljning 12 mån": "seuranta_12kk", "Årlig mätning": "vuosimittaus",
    "4. mätning": "mittaus_4",
    # English
    "Baseline": "alku", "Interim": "väli", "Final survey": "loppu", "6-month follow-up": "seuranta_6kk",
    "12-month follow-up": "seuranta_12kk", "Annual measurement": "vuosimittaus", "5th measurement": "mittaus_5",
    # codes people type
    "1": "alku", 2: "väli", 3.0: "loppu",
}


@pytest.mark.parametrize("word", list(WORDS))
def test_round_words_in_three_languages_map_to_their_rounds(word):
    assert parse_coded(word, load_codebooks().values["round"]).value == WORDS[word]


def test_every_shipped_round_has_words_in_fi_sv_and_en_and_a_report_name():
    from osallisuus.texts import TEXTS

    books = load_codebooks()
    assert books.rounds == list(ROUNDS)  # the shipped files add no round of their own
    for language in ("fi", "sv", "en"):
        for r in ROUNDS:
            assert ("value", "round", language, r) in books.written, (language, r)
            assert r in TEXTS[language] and f"in_{r}" in TEXTS[language], (language, r)


def test_rounds_keep_their_order_and_own_rounds_come_after():
    ranks = round_rank(pd.Series(["vuosimittaus", "alku", "seuranta_6kk", "loppu", "jatkojakso", "väli"]))
    assert ranks.tolist() == [8, 0, 6, 2, 9, 1]


def test_own_rounds_follow_their_place_in_the_users_codebook(tmp_path):
    """Own rounds in ``DIR/codebooks`` come after the shipped ones in the order the user's file
    lists them (here against the alphabet: "välijakso" before "aloitusjakso"), in the stored
    frame, in every statistic's order and in the tables' rows."""
    export = tmp_path / "vienti.csv"
    rows = [("A", "Aloitusjakso", "2025-03-01"), ("A", "Välijakso", "2025-01-01"),
            ("B", "Aloitusjakso", "2025-04-01"), ("B", "Välijakso", "2025-02-01")]
    data = _answers(rows)
    data.loc[data["round"] == "Aloitusjakso", list(ESIS_ITEMS)] = 5  # 4 → 5: +25 points in the file's order
    data.to_csv(export, index=False)
    own = tmp_path / "d" / "codebooks"
    own.mkdir(parents=True)
    (own / "omat.yaml").write_text("instrument: rounds\nlanguage: fi\nrounds:\n  välijakso: [Välijakso]\n"
                                   "  aloitusjakso: [Aloitusjakso]\n", encoding="utf-8")
    ingested = osa.ingest([export], tmp_path / "d").responses
    frame = osa.load(tmp_path / "d")
    for data in (ingested, frame):
        assert list(data["round"].cat.categories)[len(ROUNDS):] == ["välijakso", "aloitusjakso"]
    assert round_rank(frame["round"]).tolist() == [len(ROUNDS) + (r == "aloitusjakso") for r in frame["round"]]
    assert rounds_in(frame["round"]) == ["välijakso", "aloitusjakso"]
    change = osa.paired_change(frame, by=["unit"], min_n=1)
    first = change[(change["comparison"] == "first_last") & (change["unit"] == "Asumispalvelu")].iloc[0]
    assert (first["n_pairs"], first["mean_diff"]) == (2, 25)  # välijakso → aloitusjakso, not the alphabet's order
    # the published tables hold rounds as text: a report orders them as its data does
    from osallisuus.reporting.sections import Texts

    summary = published_tables(frame, by=["unit"], min_n=1, names=["summary"])[0]["summary"]
    report = Texts()
    report.frame = frame
    assert report.rounds_in(summary["round"]) == ["välijakso", "aloitusjakso"]
    assert rounds_in(summary["round"]) == ["aloitusjakso", "välijakso"]  # no order given: by name


def test_a_report_names_only_the_datas_own_rounds_as_written_and_a_misspelt_key_fails():
    from osallisuus.reporting.sections import Texts
    from osallisuus.safe_text import plain

    texts = Texts()
    texts.language, texts.min_n = "fi", 5
    texts.frame = pd.DataFrame({"round": ["alku", "jatkojakso", "<b>oma</b>"]})
    assert texts.t("alku") == "alku" and texts.t("jatkojakso") == "jatkojakso"
    assert texts.t("in_jatkojakso") == "Mittauskerralla ”jatkojakso”"
    assert texts.t("<b>oma</b>") == plain("<b>oma</b>") != "<b>oma</b>"  # a name from the data is text, not markup
    for misspelt in ("key_findigs", "in_vuosimitaus", "vuosimitaus"):
        with pytest.raises(KeyError):
            texts.t(misspelt)
    texts.history = pd.DataFrame({"round": ["vanha jakso"]})  # a store's every period: its rounds count
    assert texts.t("vanha jakso") == "vanha jakso"


def _answers(rows):
    items = dict.fromkeys(ESIS_ITEMS, 4)
    return pd.DataFrame([{"respondent": r, "organization": "Testi ry", "unit": "Asumispalvelu", "round": k,
                          "date": d, **items} for r, k, d in rows])


def test_a_yearly_round_is_one_answer_per_year_and_months_count_from_the_first_answer(tmp_path):
    path = tmp_path / "vuodet.csv"
    _answers([("P1", "Vuosimittaus", "2024-03-01"), ("P1", "Vuosimittaus", "2025-03-03"),
              ("P1", "Vuosimittaus", "2025-09-01"),  # the same year again: the later one is kept
              ("P1", "Vuosimittaus", "2026-03-01"), ("P2", "Alku", "2025-01-01"), ("P2", "6 kk seuranta", "2025-07-02")
              ]).to_csv(path, index=False)
    result = osa.ingest([path], tmp_path / "d")
    rows = result.responses.sort_values("date")
    assert rows["round"].astype(str).tolist() == ["vuosimittaus", "alku", "seuranta_6kk", "vuosimittaus", "vuosimittaus"]
    assert rows["date"].dt.strftime("%Y-%m-%d").tolist()[-2:] == ["2025-09-01", "2026-03-01"]
    assert result.rejected["reason"].tolist() == ["repeated_round"]
    assert rows["months"].tolist() == [0.0, 0.0, 6.0, 18.0, 24.0]
    # stored and read back: months are computed over the whole store
    assert osa.load(tmp_path / "d").sort_values("date")["months"].tolist() == [0.0, 0.0, 6.0, 18.0, 24.0]


def test_months_are_per_person_within_a_unit_and_missing_without_a_code_or_date():
    t = pd.DataFrame({"organization": "A", "unit": ["x", "x", "y", "x", "x"], "respondent": ["r", "r", "r", None, "s"],
                      "date": pd.to_datetime(["2024-01-15", "2024-04-15", "2024-06-01", "2024-02-01", None])})
    assert months_since_first(t).fillna(-1).tolist() == [0.0, 3.0, 0.0, -1, -1]


def test_a_store_made_with_alku_vali_loppu_gives_the_demo_numbers_of_before_the_round_codebook(example_publication):
    """The numbers were written by the code before this change (published_tables of the demo):
    the demo's units, organizations and region are unchanged."""
    reference = pd.read_csv(REFERENCE, dtype=str, keep_default_na=False)
    tables = example_publication
    for name, columns in (("summary", ["organization", "unit", "round", "n_answered", "esis_mean", "esis_ci_low",
                                       "esis_ci_high"]),
                          ("change", ["organization", "unit", "comparison", "n_pairs", "mean_diff", "share_improved",
                                      "share_worsened"])):
        want = reference.loc[reference["table"] == name, columns].reset_index(drop=True).replace(MISSING, "")
        got = tables[name][columns].astype(str).fillna("").replace(MISSING, "")
        keys = columns[:3]
        got = want[keys].merge(got, on=keys, how="left")
        pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_a_store_from_before_the_round_codebook_is_migrated_with_a_plain_message(tmp_path):
    import json

    files = osa.write_demo(tmp_path)
    osa.ingest(files, tmp_path)
    store = osa.Store(tmp_path)
    scoring = store.read_scoring()
    before = osa.summary(osa.load(tmp_path))
    scoring.pop("rounds")  # as a store written before the round codebook
    store.scoring_path.unlink()  # the published copy is a hard link to the generation's file
    store.scoring_path.write_text(json.dumps(scoring), encoding="utf-8")
    result = osa.ingest(files, tmp_path)
    assert ROUNDS_MIGRATED in result.summary() and "ennallaan" in ROUNDS_MIGRATED
    pd.testing.assert_frame_equal(osa.summary(osa.load(tmp_path)), before)
    assert ROUNDS_MIGRATED not in osa.ingest(files, tmp_path).summary()  # said once


@pytest.mark.parametrize(("language", "words"), [("fi", ("alku 90", "12\u00a0kk seuranta 18")),
                                                  ("sv", ("startmätning 90", "uppföljning 12\u00a0mån 18")),
                                                  ("en", ("start 90", "12-month follow-up 18"))])
def test_the_statements_note_names_the_rounds_it_compares(demo_dir, monkeypatch, language, words):
    """Työtoiminta Polku's statements table compares alku with the 12-month follow-up: the note
    under it names those two, not "start and end"."""
    from osallisuus.reporting import sections

    shown = []
    monkeypatch.setattr(sections, "display", lambda obj, **kw: shown.append(str(getattr(obj, "data", obj))))
    report = sections.Report.load(data_dir=str(demo_dir), organization="Polku ry", unit="Työtoiminta Polku",
                                  language=language)
    report.statements()
    note = shown[-1]
    assert all(w in note for w in words), note
    assert not any(end in note.lower() for end in ("loppu", "slutmätning", "at the end", "end "))
