from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.intake.codebook import (
    CODEBOOK_DIR,
    CodebookError,
    Codebooks,
    load_codebooks,
    normalize,
    normalize_header,
    normalize_many,
)
from osallisuus.schema import ESIS_ITEMS, EUROHIS_ITEMS
from tests.helpers import examples

LANGUAGES = {"fi", "sv", "en", "ar", "fa", "ckb", "ru", "uk"}


def _docs():
    return {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in CODEBOOK_DIR.glob("*/*.yaml")}


def test_every_answer_language_has_an_esis_and_loneliness_file():
    for instrument in ("esis", "loneliness"):
        found = {p.stem for p in (CODEBOOK_DIR / instrument).glob("*.yaml")}
        assert found == LANGUAGES, instrument


def test_every_scale_has_codes_one_to_five_and_translations_are_marked_unofficial():
    for path, doc in _docs().items():
        assert doc["language"] == path.stem
        if doc["instrument"] in ("background", "rounds"):
            continue
        for name, scale in doc["scales"].items():
            assert sorted(scale) == [1, 2, 3, 4, 5], (path, name)
            assert all(isinstance(label, str) and label for labels in scale.values() for label in labels)
        if doc["language"] != "fi":
            assert doc["official"] is False, path


def test_labels_with_commas_stay_whole():
    books = load_codebooks()
    assert books.labels["esis_01"][normalize("Ни согласен, ни не согласен")] == (3, "ru")


def test_every_language_maps_each_esis_code():
    books = load_codebooks()
    by_lang = {}
    for _label, (code, lang) in books.labels["esis_05"].items():
        by_lang.setdefault(lang, set()).add(code)
    assert set(by_lang) == LANGUAGES
    assert all(codes == {1, 2, 3, 4, 5} for codes in by_lang.values())


def test_eurohis_items_use_their_own_scales():
    books = load_codebooks()
    assert books.labels["eurohis_01"][normalize("Erittäin hyvä")][0] == 5
    assert books.labels["eurohis_08"][normalize("Ei lainkaan")][0] == 1
    assert normalize("Erittäin hyvä") not in books.labels["eurohis_02"]
    assert set(EUROHIS_ITEMS) <= set(books.labels)


def test_headers_match_with_numbering_prefix_and_matrix_question():
    books = load_codebooks()
    text = "Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä."
    assert books.match_header(f"3. {text}").column == "esis_01"
    assert books.match_header(f"Miten hyvin väittämät kuvaavat sinua? - {text}").column == "esis_01"
    assert books.match_header("esis_10").column == "esis_10"
    assert books.match_header("Sähköposti").column == ""  # known, dropped
    assert books.match_header("Kenkänumero") is None


def test_normalize_folds_script_variants_and_space():
    assert normalize("  Täysin   SAMAA mieltä ") == "täysin samaa mieltä"
    assert normalize("نمي\u200cدانم") == normalize("نمیدانم")
    assert normalize("٣") == "3" and normalize("۴") == "4"
    assert normalize_header("1) Kieli:") == "kieli"


def test_conflicting_labels_are_refused(tmp_path: Path):
    (tmp_path / "esis").mkdir()
    (tmp_path / "esis" / "xx.yaml").write_text(
        "instrument: esis\nlanguage: xx\nscales:\n  agree:\n    1: [kyllä]\n    2: [kyllä]\n    3: [a]\n"
        "    4: [b]\n    5: [c]\n", encoding="utf-8")
    try:
        load_codebooks(tmp_path)
    except CodebookError as exc:
        assert "kyllä" in str(exc)
    else:
        raise AssertionError("conflicting labels were accepted")


def test_items_known():
    assert isinstance(load_codebooks(), Codebooks)
    assert set(ESIS_ITEMS) <= set(load_codebooks().labels)


@settings(max_examples=examples(300))
@given(st.lists(st.one_of(st.text(), st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1fAbC-1ä\u200cي"),
                          st.from_regex(r"\s*[A-Za-z]{1,3}-?\d{1,4}\s*")), max_size=30))
def test_normalize_many_equals_normalize(values):
    assert normalize_many(values) == [normalize(v) for v in values]
