"""Scoring rules (domain brief) on hand-computed examples, and hypothesis properties."""


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.instruments import esis, eurohis, gas_t_score, loneliness, score_all
from osallisuus.intake.clean import clean_table
from osallisuus.intake.codebook import load_codebooks
from osallisuus.schema import ESIS_ITEMS, EUROHIS_ITEMS
from tests.helpers import as_table, canonical_rows, examples, identity

BOOKS = load_codebooks()


def esis_frame(rows):
    return pd.DataFrame(rows, columns=list(ESIS_ITEMS), dtype="Float64")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([5] * 10, 100.0),
        ([1] * 10, 0.0),
        ([3] * 10, 50.0),
        ([4] * 9 + [3], 72.5),  # sum 39: (39 - 10) * 2.5
        ([1, 2, 3, 4, 5, 5, 4, 3, 2, 1], 50.0),  # sum 30
        ([5, 5, 5, 5, 5, 4, 4, 4, 4, 4], 87.5),  # sum 45
    ],
)
def test_esis_hand_computed(answers, expected):
    assert esis.score(esis_frame([answers]))["esis_score"].iloc[0] == expected


def test_esis_missing_item_rule():
    rows = esis_frame([[4] * 9 + [None], [4] * 8 + [None, None], [None] * 10])
    default = esis.score(rows)
    assert default["esis_score"].isna().all()
    assert default["esis_excluded"].tolist() == ["missing_items", "missing_items", "no_answers"]
    lenient = esis.score(rows, max_missing=1)
    assert lenient["esis_score"].iloc[0] == 75.0 and np.isnan(lenient["esis_score"].iloc[1])
    with pytest.raises(ValueError):
        esis.score(rows, max_missing=10)


def test_eurohis_threshold_and_loneliness_flag():
    frame = pd.DataFrame([[4] * 8, [4] * 7 + [3], [5] * 7 + [None]], columns=list(EUROHIS_ITEMS))
    out = eurohis.score(frame)
    assert out["eurohis_score"].tolist()[:2] == [4.0, 3.875] and np.isnan(out["eurohis_score"].iloc[2])
    assert out["eurohis_good_qol"].tolist() == [True, False, pd.NA]
    lonely = loneliness.score(pd.DataFrame({"loneliness": [1, 2, 3, 4, 5, None]}))["lonely"]
    assert lonely.tolist() == [False, False, False, True, True, pd.NA]


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    # [2, -1] with weights [2, 1]: 50 + 10 * (2*2 - 1) / sqrt(0.7 * (4 + 1) + 0.3 * 3**2)
    #                              = 50 + 30 / sqrt(6.2) = 62.04829...
    [([0, 0, 0], None, 50.0), ([-2], None, 30.0), ([1, 1], None, 62.403473), ([2, -1], [2, 1], 62.048290)],
)
def test_gas_t_score(scores, weights, expected):
    assert gas_t_score(scores, weights) == pytest.approx(expected, abs=1e-6)


def test_gas_rejects_invalid_levels():
    with pytest.raises(ValueError):
        gas_t_score([3])


codes = st.one_of(st.none(), st.integers(1, 5))


@settings(max_examples=examples(300))
@given(st.lists(st.lists(codes, min_size=10, max_size=10), min_size=1, max_size=20), st.integers(0, 9))
def test_score_is_within_0_100_or_missing(rows, k):
    scores = esis.score(esis_frame(rows), max_missing=k)["esis_score"]
    assert ((scores >= 0) & (scores <= 100) | scores.isna()).all()
    complete = [all(v is not None for v in r) for r in rows]
    assert scores[complete].notna().all()


@settings(max_examples=examples(200))
@given(st.lists(codes, min_size=10, max_size=10), st.permutations(range(10)), st.integers(0, 9))
def test_reordering_items_leaves_the_score_unchanged(answers, order, k):
    a = esis.score(esis_frame([answers]), max_missing=k)["esis_score"].iloc[0]
    b = esis.score(esis_frame([[answers[i] for i in order]]), max_missing=k)["esis_score"].iloc[0]
    assert (np.isnan(a) and np.isnan(b)) or a == b


def _spellings(item: str, code: int) -> list[object]:
    labels = [lbl for lbl, (c, _) in BOOKS.labels[item].items() if c == code]
    return [code, float(code), str(code), f" {code},0 "] + labels + [f"  {lbl.upper()} " for lbl in labels]


@settings(max_examples=examples(150))
@given(st.lists(st.integers(1, 5), min_size=10, max_size=10), st.data())
def test_any_mix_of_labels_and_codes_gives_the_same_score(answers, data):
    mixed = [data.draw(st.sampled_from(_spellings(item, c))) for item, c in zip(ESIS_ITEMS, answers)]
    cleaned = clean_table(as_table(canonical_rows([mixed, answers])), BOOKS, identity)
    assert len(cleaned.rejected) == 0
    scores = score_all(cleaned.frame)["esis_score"].tolist()
    assert scores[0] == scores[1] == (sum(answers) - 10) * 2.5


invalid = st.one_of(
    st.sampled_from([0, 6, 7, 9, 99, -1, 2.5, "3/4", "kyllä", "", "x"]),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x not in (1, 2, 3, 4, 5)),
)


@settings(max_examples=examples(200))
@given(st.lists(st.integers(1, 5), min_size=10, max_size=10), st.integers(0, 9), invalid)
def test_an_invalid_value_is_never_scored(answers, position, bad):
    row = list(answers)
    row[position] = bad
    cleaned = clean_table(as_table(canonical_rows([row])), BOOKS, identity)
    assert pd.isna(cleaned.frame.loc[0, ESIS_ITEMS[position]])
    assert np.isnan(score_all(cleaned.frame)["esis_score"].iloc[0])
    direct = esis.score(pd.DataFrame([row], columns=list(ESIS_ITEMS), dtype=object), max_missing=9)
    assert np.isnan(direct["esis_score"].iloc[0]) and direct["esis_excluded"].iloc[0] == "invalid_values"
