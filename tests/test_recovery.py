"""A damaged, read-only or full store ends with exit 2 and a message naming the file and the
fix; ``osallisuus check`` finds the damage and ``check --repair`` restores what it can (issue 19)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pandas as pd
import pytest

from osallisuus.cli import main
from osallisuus.intake import store as store_module
from osallisuus.intake.ingest import ingest
from osallisuus.intake.store import Store
from tests.helpers import canonical_rows


def _two_ingests(tmp_path: Path) -> Store:
    """A store with two committed versions (the previous one kept)."""
    for name, answers in (("kevat.csv", [[4] * 10, [5] * 10]), ("syksy.csv", [[3] * 10])):
        canonical_rows(answers, unit=name[:5]).to_csv(tmp_path / name, index=False)
        ingest([tmp_path / name], tmp_path / "d")
    return Store(tmp_path / "d")


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out and "Odottamaton virhe" not in out.err
    return code, out.out + out.err


def test_a_healthy_store_passes_the_check(tmp_path, capsys):
    store = _two_ingests(tmp_path)
    code, text = _run(capsys, "check", "--data", str(store.root))
    assert code == 0 and "kunnossa" in text and "3 lomaketta" in text


def test_a_truncated_parquet_names_the_file_and_repair_restores_the_previous_version(tmp_path, capsys):
    store = _two_ingests(tmp_path)
    damaged = store.responses_path
    damaged.write_bytes(damaged.read_bytes()[:200])  # hard links: the published copy is damaged too
    code, text = _run(capsys, "status", "--data", str(store.root))
    assert code == 2 and "responses.parquet" in text and "osallisuus check" in text
    code, text = _run(capsys, "check", "--data", str(store.root))
    assert code == 2 and "responses.parquet" in text and "check --repair" in text and "gen-000001" in text
    code, text = _run(capsys, "check", "--repair", "--data", str(store.root))
    assert code == 0 and "palautettiin versio gen-000001" in text
    assert set(store.read_responses()["source_file"]) == {"kevat.csv"}  # the version before the damaged one
    assert pd.read_parquet(store.processed / "responses.parquet").shape[0] == 2


@pytest.mark.parametrize("file, garbage", [("rejected.csv", b'file,row\n"never closed\n\xff\xfe'),
                                           ("sources.csv", b"not,the,columns\n1,2,3\n"),
                                           ("scoring.json", b'{"esis_max_missing": ')])
def test_a_broken_store_file_stops_ingest_with_its_name_and_the_fix(tmp_path, capsys, file, garbage):
    store = _two_ingests(tmp_path)
    (store.current / file).unlink()
    (store.current / file).write_bytes(garbage)
    canonical_rows([[2] * 10]).to_csv(tmp_path / "uusi.csv", index=False)
    code, text = _run(capsys, "ingest", str(tmp_path / "uusi.csv"), "--data", str(store.root))
    assert code == 2 and file in text and "osallisuus check" in text
    code, text = _run(capsys, "check", "--data", str(store.root))
    assert code == 2 and file in text and "muuttunut" in text


def test_a_missing_responses_file_with_sources_is_damage_not_an_empty_store(tmp_path, capsys):
    _, only = tmp_path / "d", _two_ingests(tmp_path)
    only.responses_path.unlink()
    code, text = _run(capsys, "export", "--out", str(tmp_path / "x"), "--data", str(only.root))
    assert code == 2 and "puuttuu" in text and "osallisuus check" in text and "Aja ensin" not in text
    code, text = _run(capsys, "check", "--data", str(only.root))
    assert code == 2 and "responses.parquet" in text


def test_rows_without_a_source_are_found(tmp_path, capsys):
    store = _two_ingests(tmp_path)
    sources = store.read_sources()
    path = store.sources_path
    path.unlink()
    sources[sources["file"] != "syksy.csv"].to_csv(path, index=False)  # the kill between renames of the old code
    code, text = _run(capsys, "check", "--data", str(store.root))
    assert code == 2 and "syksy.csv" in text and "sources.csv ei luettele" in text


def test_a_deleted_published_copy_is_republished(tmp_path, capsys):
    store = _two_ingests(tmp_path)
    (store.processed / "responses.parquet").unlink()
    code, text = _run(capsys, "check", "--data", str(store.root))
    assert code == 2 and "julkaistut" in text
    assert _run(capsys, "check", "--repair", "--data", str(store.root))[0] == 0
    assert (store.processed / "responses.parquet").exists()


def test_a_full_disk_and_a_read_only_folder_end_with_exit_2_and_the_store_unchanged(tmp_path, capsys, monkeypatch):
    store = _two_ingests(tmp_path)
    before = store.read_responses()
    canonical_rows([[2] * 10]).to_csv(tmp_path / "uusi.csv", index=False)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    code, text = _run(capsys, "ingest", str(tmp_path / "uusi.csv"), "--data", str(store.root))
    assert code == 2 and "levy on täynnä" in text and "disk is full" in text
    monkeypatch.undo()
    real_open = os.open

    def read_only(path, *args, **kwargs):  # the lock file is the first thing a writer creates
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(store_module.os, "open", read_only)
    code, text = _run(capsys, "ingest", str(tmp_path / "uusi.csv"), "--data", str(store.root))
    assert code == 2 and "vain luku" in text and ".lock" in text
    monkeypatch.undo()
    assert store.read_responses().equals(before)
    assert _run(capsys, "check", "--data", str(store.root))[0] == 0  # nothing half-written is left
