"""The pseudonym key is kept apart from the data and checked: deleting, emptying, shortening or
replacing it between the alku and the loppu file stops ingest with exit code 2 and nothing
written; with the right key the pairs stay intact; an old DIR/.salt store is migrated."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import pandas as pd
import pytest

from osallisuus.cli import main
from osallisuus.intake.key import ENV, key_path, read_record
from osallisuus.intake.store import LOCK, Store

ITEMS = [f"esis_{i:02d}" for i in range(1, 11)]


def _round_file(folder: Path, rnd: str, score: int) -> Path:
    rows = [{"respondent": f"K-{i:03d}", "organization": "Testi ry", "unit": "Paja", "round": rnd,
             "date": "2025-03-01" if rnd == "alku" else "2025-06-01", **dict.fromkeys(ITEMS, score)} for i in range(8)]
    path = folder / f"{rnd}.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    """A store holding the alku file, its key in the per-user place (a temporary XDG folder)."""
    data = tmp_path / "data"
    assert main(["ingest", str(_round_file(tmp_path, "alku", 2)), "--data", str(data)]) == 0
    return data


def _snapshot(data: Path) -> dict[str, bytes]:
    """Every file of the data folder but the writer lock (which records who last held it, and when)."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file() and p.name != LOCK}


def test_first_ingest_keeps_the_key_outside_the_data_owner_only(store):
    path = key_path(store)
    assert not path.is_relative_to(store) and path.parent.name == "keys"
    assert path.name == f"{read_record(store)['store_id']}.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text().strip()
    assert len(bytes.fromhex(key)) == 32
    assert not any(key.encode() in blob for blob in _snapshot(store).values())  # only a fingerprint is stored
    assert not (store / ".salt").exists()


@pytest.mark.parametrize("damage", ["delete", "empty", "short", "replace", "not hex"])
def test_a_lost_or_changed_key_stops_ingest_before_anything_is_written(store, tmp_path, damage, capsys):
    path = key_path(store)
    {"delete": lambda: path.unlink(), "empty": lambda: path.write_text(""),
     "short": lambda: path.write_text(secrets.token_hex(15)), "replace": lambda: path.write_text(secrets.token_hex(32)),
     "not hex": lambda: path.write_text("salasana")}[damage]()
    before = _snapshot(store)
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(store)]) == 2
    message = capsys.readouterr().err
    assert str(path) in message and ENV in message and "Mitään ei tallennettu" in message
    assert _snapshot(store) == before  # byte for byte


def test_with_the_right_key_the_pairs_stay_intact(store, tmp_path):
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(store)]) == 0
    frame = Store(store).read_responses()
    assert frame["respondent"].nunique() == 8
    assert (frame.groupby("respondent")["round"].nunique() == 2).all()


def test_key_given_on_the_command_line_or_environment(tmp_path, monkeypatch):
    key = tmp_path / "oma.key"
    key.write_text(secrets.token_hex(32))
    data = tmp_path / "data"
    assert main(["ingest", str(_round_file(tmp_path, "alku", 2)), "--data", str(data), "--key", str(key)]) == 0
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(data)]) == 2  # not in the default place
    monkeypatch.setenv(ENV, str(key))
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(data)]) == 0
    assert (Store(data).read_responses().groupby("respondent")["round"].nunique() == 2).all()
    assert not list(Path(os.environ["XDG_CONFIG_HOME"]).rglob(f"{read_record(data)['store_id']}.key"))


def test_an_old_salt_store_is_migrated_with_one_command(store, tmp_path, capsys):
    # make the store look like one written before keys were kept apart
    path = key_path(store)
    salt = path.read_text().strip()
    (store / ".salt").write_text(salt)
    path.unlink()
    (store / "processed" / "key.json").unlink()
    before = _snapshot(store)
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(store)]) == 2
    assert "osallisuus key migrate" in capsys.readouterr().err and _snapshot(store) == before
    assert main(["key", "migrate", "--data", str(store)]) == 0
    assert not (store / ".salt").exists() and key_path(store).read_text().strip() == salt
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(store)]) == 0
    assert (Store(store).read_responses().groupby("respondent")["round"].nunique() == 2).all()


def test_export_and_import_move_the_key_to_another_machine(store, tmp_path, monkeypatch, capsys):
    out = tmp_path / "siirto.key"
    assert main(["key", "export", "--data", str(store), "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "new-machine"))  # the other machine's user folder
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(store)]) == 2
    wrong = tmp_path / "wrong.key"
    wrong.write_text(secrets.token_hex(32))
    assert main(["key", "import", str(wrong), "--data", str(store)]) == 2
    assert main(["key", "import", str(out), "--data", str(store)]) == 0
    capsys.readouterr()
    assert main(["key", "show-path", "--data", str(store)]) == 0
    assert capsys.readouterr().out.strip().startswith(str(tmp_path / "new-machine"))
    assert main(["ingest", str(_round_file(tmp_path, "loppu", 4)), "--data", str(store)]) == 0
    assert Store(store).read_responses()["respondent"].nunique() == 8


def test_tests_never_use_the_real_user_folder():
    assert os.environ["XDG_CONFIG_HOME"] != str(Path.home() / ".config") and ENV not in os.environ
