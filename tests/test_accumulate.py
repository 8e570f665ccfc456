"""The store over a year of exports: idempotent, corrections replace, overlaps not doubled,
failures change nothing."""

import errno

import pandas as pd
import pytest

from osallisuus.cli import main
from osallisuus.errors import InputError
from osallisuus.intake.ingest import IngestError, ingest
from osallisuus.intake.store import Store
from tests.helpers import canonical_rows


def _files(store: Store) -> dict[str, bytes]:
    """Every file of the store, in its generation folders too."""
    return {str(p.relative_to(store.processed)): p.read_bytes() for p in store.processed.rglob("*") if p.is_file()}


def _export(path, rows, **extra):
    frame = canonical_rows(rows, **extra)
    frame.to_csv(path, index=False)
    return frame


def test_the_same_file_twice_adds_nothing(tmp_path):
    path = tmp_path / "vienti.csv"
    _export(path, [[4] * 10, [5] * 10])
    first = ingest([path], tmp_path / "d")
    again = ingest([path], tmp_path / "d")
    assert again.unchanged == ["vienti.csv"] and again.reports == []
    assert again.responses.drop(columns="round").equals(first.responses.drop(columns="round"))
    log = Store(tmp_path / "d").read_changelog()
    assert log["action"].tolist() == ["added", "unchanged"]


def test_a_corrected_file_replaces_its_earlier_rows(tmp_path):
    path = tmp_path / "vienti.csv"
    _export(path, [[4] * 10, [5] * 10, [3] * 10])
    ingest([path], tmp_path / "d")
    _export(path, [[4] * 10, [2] * 10])  # corrected by hand: one row removed, one changed
    result = ingest([path], tmp_path / "d")
    assert sorted(result.responses["esis_score"]) == [25.0, 75.0]
    log = Store(tmp_path / "d").read_changelog()
    assert log["action"].tolist() == ["added", "replaced"]
    assert log["rows_kept_before"].tolist()[-1] == 3 and log["rows_kept_after"].tolist()[-1] == 2


def test_an_overlapping_reexport_adds_only_new_rows(tmp_path):
    march = tmp_path / "webropol_maaliskuu.csv"
    june = tmp_path / "webropol_kesakuu.csv"
    rows = [[4] * 10, [5] * 10, [3] * 10]
    _export(march, rows[:2])
    ingest([march], tmp_path / "d")
    _export(june, rows)  # the June export repeats March's rows
    result = ingest([june], tmp_path / "d")
    (report,) = result.reports
    assert (report.rows_read, report.rows_kept, report.rows_rejected, report.rows_already_stored) == (3, 1, 0, 2)
    assert len(result.responses) == 3
    sources = Store(tmp_path / "d").read_sources().set_index("file")
    assert sources.loc["webropol_kesakuu.csv", "rows_already_stored"] == 2


def test_the_same_respondent_twice_in_a_round_keeps_the_later_answer(tmp_path):
    path = tmp_path / "vienti.csv"
    frame = canonical_rows([[3] * 10, [5] * 10])
    frame["respondent"] = "SAMA-1"
    frame["date"] = ["2025-03-01", "2025-03-08"]
    frame.to_csv(path, index=False)
    result = ingest([path], tmp_path / "d")
    assert result.responses["esis_score"].tolist() == [100.0]
    (row,) = result.rejected.itertuples()
    assert (row.reason, row.row, row.level) == ("repeated_round", 2, "row")
    assert "rivi 3" in row.reason_fi  # names the answer that was kept
    (report,) = result.reports
    assert report.rows_read == report.rows_kept + report.rows_rejected == 2


def test_a_failed_ingest_leaves_the_store_exactly_as_it_was(tmp_path, monkeypatch):
    good = tmp_path / "hyva.csv"
    _export(good, [[4] * 10])
    ingest([good], tmp_path / "d")
    store = Store(tmp_path / "d")
    before = _files(store)
    bad = tmp_path / "huono.xlsx"
    bad.write_bytes(b"not a workbook")
    _export(good, [[5] * 10])
    with pytest.raises(IngestError):
        ingest([good, bad], tmp_path / "d")
    assert _files(store) == before
    # a crash while writing: nothing half-written is left behind, and the message says what to do
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pd.DataFrame, "to_csv", lambda *a, **k: (_ for _ in ()).throw(full))
    with pytest.raises(InputError, match="levy on täynnä"):
        ingest([good], tmp_path / "d")
    assert _files(store) == before


def test_status_lists_sources_and_units(tmp_path, capsys):
    path = tmp_path / "vienti.csv"
    _export(path, [[4] * 10, [5] * 10])
    ingest([path], tmp_path / "d")
    assert main(["status", "--data", str(tmp_path / "d")]) == 0
    out = capsys.readouterr().out
    assert "vienti.csv: 2 = 2 + 0 + 0" in out and "Testi ry / Paja: 2 (2/0/0)" in out


def test_an_unchanged_file_is_not_read_and_the_data_not_rewritten(tmp_path, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("osallisuus.intake.ingest")  # the module, not osallisuus.ingest()

    path = tmp_path / "vienti.csv"
    _export(path, [[4] * 10])
    ingest([path], tmp_path / "d")
    store = Store(tmp_path / "d")
    data_before = store.responses_path.stat().st_mtime_ns
    monkeypatch.setattr(ingest_module, "read_tables", lambda *a: (_ for _ in ()).throw(AssertionError("read")))
    assert ingest([path], tmp_path / "d").unchanged == ["vienti.csv"]
    assert store.responses_path.stat().st_mtime_ns == data_before
    assert store.read_changelog()["action"].tolist() == ["added", "unchanged"]


def test_rows_sharing_every_column_are_found_as_duplicated_finds_them():
    """The merge's twin finder (columns compared one by one on the rows still in question, some
    numbered only then) is ``DataFrame.duplicated(keep=False)``, missing (-1) a value as any other."""
    import numpy as np

    from osallisuus.intake.ingest import _duplicated

    rng = np.random.default_rng(24)
    for trial in range(400):
        n = int(rng.integers(0, 3000 if trial % 20 == 0 else 40))
        columns = [rng.integers(-1, int(rng.integers(1, 2 * n + 3 if trial % 3 else 10**6)), n)
                   for _ in range(int(rng.integers(1, 5)))]
        expected = pd.DataFrame(dict(enumerate(columns))).duplicated(keep=False).to_numpy() if n else np.zeros(0, bool)
        given = [c if rng.random() < 0.5 else (lambda rows, c=c: pd.factorize(c if rows is None else c[rows])[0])
                 for c in columns]
        assert (_duplicated(given, n) == expected).all()
