"""The public API as a student meets it: the README's calls work, mistakes are named plainly,
``dir(osa)`` shows the API only, and every result table documents its columns."""

import inspect
import re

import pytest

import osallisuus as osa
from osallisuus.schema import ESIS_ITEMS


@pytest.fixture(scope="module")
def frame():
    return osa.example_data()


def test_cronbach_alpha_takes_the_items_by_name(frame):
    a = osa.cronbach_alpha(frame, items=list(ESIS_ITEMS))
    assert a.alpha == pytest.approx(osa.cronbach_alpha(frame[list(ESIS_ITEMS)]).alpha, rel=1e-12)
    with pytest.raises(ValueError, match=r"items: no column 'esis_1' in the table \(did you mean 'esis_\d+'\?\)"):
        osa.cronbach_alpha(frame, items=["esis_1"])


@pytest.mark.parametrize("function", [osa.summary, osa.items, osa.paired_change, osa.item_change, osa.reliability,
                                      osa.respondent_types, osa.cross_sectional, osa.mixed_model])
def test_a_typo_in_by_names_the_argument_and_the_columns(frame, function):
    with pytest.raises(ValueError, match=r"^by: no column 'unti' in the table \(did you mean 'unit'\?\); columns: "):
        function(frame, by=["organization", "unti"])


@pytest.mark.parametrize("function", [osa.summary, osa.paired_change, osa.cross_sectional])
def test_an_unscored_table_says_how_to_score_it(frame, function):
    with pytest.raises(ValueError, match=r"no column 'esis_score': it is not scored.*osa.score\(frame\)"):
        function(frame.drop(columns="esis_score"))


@pytest.fixture(scope="module")
def change(frame):
    return osa.paired_change(frame)


def test_plot_change_refuses_an_unknown_comparison(change):
    with pytest.raises(ValueError, match=r"comparison: unknown 'alku-loppu'; use one of first_last, alku_väli"):
        osa.plot_change(change, comparison="alku-loppu")


def test_axis_labels_carry_words_not_keys(frame, change):
    ax = osa.plot_change(change, "alku_loppu")
    assert "alku_loppu" not in ax.get_xlabel() and "alku → loppu" in ax.get_xlabel()
    ax = osa.plot_change(change, "first_last", language="en")
    assert "first_last" not in ax.get_xlabel() and "first → last" in ax.get_xlabel()
    ax = osa.plot_means(osa.summary(frame), language="sv")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["startmätning", "mellanmätning", "slutmätning"]  # then the demo's follow-ups, in words
    assert "uppföljning 6\xa0mån" in legend
    with pytest.raises(ValueError, match=r"language: unknown 'de'; use one of fi, sv, en"):
        osa.plot_means(osa.summary(frame), language="de")


def test_dir_lists_the_api_only():
    names = dir(osa)
    assert {"Any", "annotations", "importlib", "_importlib"}.isdisjoint(names)
    assert set(names) == {*osa.__all__, "__version__"} and "cronbach_alpha" in names


@pytest.mark.parametrize("name", ["summary", "items", "reliability", "paired_change", "item_change",
                                  "respondent_types", "cross_sectional", "mixed_model"])
def test_every_result_table_lists_its_columns_under_returns(frame, name):
    """numpydoc ``Returns``: every column the function returns is named in its docstring."""
    function = getattr(osa, name)
    doc = inspect.getdoc(function)
    assert "Returns\n-------" in doc, name
    returns = doc.split("Returns\n-------", 1)[1].split("\n\n\n")[0]
    columns = function(frame).columns
    missing = [c for c in columns if not re.search(rf"``{re.escape(c)}``", returns)]
    assert missing == [], (name, missing)


def test_examples_need_no_checkout():
    """Docstring examples of the API use only the installed package (no tests/ folder)."""
    for name in osa.__all__:
        doc = inspect.getdoc(getattr(osa, name)) or ""
        assert "tests/" not in "\n".join(line for line in doc.splitlines() if line.lstrip().startswith(">>>")), name




def test_api_functions_stay_functions_after_the_reports_import_their_modules():
    import osallisuus.reporting.sections  # noqa: F401  (imports osallisuus.versions and reference_values)

    assert callable(osa.provenance) and callable(osa.references) and callable(osa.apa_table)
    assert osa.references()["finsote_2019_adults"].mean == 75.2
