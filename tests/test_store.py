"""The store as a transaction: one writer at a time, and a writer killed at any moment leaves
the store exactly as before or as after, never between (issue 19)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from osallisuus.intake.ingest import ingest
from osallisuus.intake.key import RECORD as KEY_RECORD
from osallisuus.intake.store import CRASH_HOOK, CRASH_POINTS, PARTIAL, POINTER, RESPONSES, STORE_FILES, Store, StoreBusy
from osallisuus.schema import ESIS_ITEMS


def export(path: Path, rows: int, prefix: str, seed: int = 1) -> Path:
    """A canonical CSV export of ``rows`` coded respondents (codes ``prefix``-N)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"respondent": [f"{prefix}-{i}" for i in range(rows)], "organization": "Testi ry",
                          "unit": np.array(["Paja", "Olohuone", "Kahvila"])[np.arange(rows) % 3], "round": "alku",
                          "date": "2025-03-01"})
    for item in ESIS_ITEMS:
        frame[item] = rng.integers(1, 6, rows)
    frame.to_csv(path, index=False)
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != CRASH_HOOK}
    return subprocess.run([sys.executable, "-m", "osallisuus", *args], capture_output=True, text=True, env=env)


def run_forked(*args: str, crash_at: str) -> int | None:
    """The exit code of ``osallisuus ARGS`` run in a forked copy of this process with the crash
    hook at ``crash_at`` (``-SIGKILL`` when the hook killed it): a writer that dies at that point,
    without a new interpreter importing the package again (1 s a run)."""
    from osallisuus.cli import main

    def run() -> None:
        os.environ[CRASH_HOOK] = crash_at
        sys.exit(main(list(args)))

    child = multiprocessing.get_context("fork").Process(target=run)
    child.start()
    child.join(timeout=300)
    return child.exitcode


def state(data: Path) -> dict:
    """What the store holds, as a reader sees it (times of day left out)."""
    store = Store(data)
    if not store.responses_path.exists():
        return {}
    responses = store.read_responses().sort_values(["source_file", "source_row"]).reset_index(drop=True)
    sources = store.read_sources().drop(columns="ingested_at").sort_values("file").reset_index(drop=True)
    log = store.read_changelog().drop(columns="time")
    assert set(sources["file"]) >= set(responses["source_file"])  # every row traced to a source
    return {"responses": responses.astype(str).to_dict("list"), "sources": sources.astype(str).to_dict("list"),
            "rejected": len(store.read_rejected()), "log": log.astype(str).to_dict("list"),
            "scoring": store.read_scoring()}


def leftovers(data: Path) -> list[str]:
    """Names in processed/ that are not the store, its pointer, a kept generation or the key record."""
    store = Store(data)
    manifest = store.manifest()
    allowed = {*STORE_FILES, POINTER, KEY_RECORD, manifest.get("generation"), manifest.get("previous")}
    return sorted(p.name for p in store.processed.iterdir() if p.name not in allowed)


def test_a_second_writer_is_refused_with_who_and_since_and_nothing_is_lost(tmp_path, capsys):
    from osallisuus.cli import main

    first, second = export(tmp_path / "a.csv", 5, "A"), export(tmp_path / "b.csv", 5, "B")
    ingest([first], tmp_path / "d")
    with Store(tmp_path / "d").transaction():
        with pytest.raises(StoreBusy) as refused:
            ingest([second], tmp_path / "d")
        assert main(["ingest", str(second), "--data", str(tmp_path / "d")]) == 2
        done = run_cli("ingest", str(second), "--data", str(tmp_path / "d"))
    message = refused.value.message()
    assert f"pid {os.getpid()}" in message and "toinen tallennus" in message and "another ingest is running since" in message
    assert "Odota" in capsys.readouterr().err
    assert done.returncode == 2 and f"(pid {os.getpid()})" in done.stderr and "Traceback" not in done.stderr
    assert set(Store(tmp_path / "d").read_sources()["file"]) == {"a.csv"}
    ingest([second], tmp_path / "d")  # the next run stores it
    assert set(Store(tmp_path / "d").read_sources()["file"]) == {"a.csv", "b.csv"}


@pytest.mark.slow
def test_two_ingests_at_once_store_both_files_or_refuse_one_plainly(tmp_path):
    """Two processes ingesting 20 000 rows each at once (the fast loop checks the refusal of a
    second writer: test_a_second_writer_is_refused_with_who_and_since_and_nothing_is_lost)."""
    files = [export(tmp_path / f"{name}.csv", 20_000, name, seed) for seed, name in enumerate(["kevat", "syksy"])]
    env = {k: v for k, v in os.environ.items() if k != CRASH_HOOK}
    runs = [subprocess.Popen([sys.executable, "-m", "osallisuus", "ingest", str(f), "--data", str(tmp_path / "d")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for f in files]
    outcomes = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    for (code, err), path in zip(outcomes, files):
        assert code in (0, 2), err
        if code == 2:
            assert "another ingest is running" in err
            assert run_cli("ingest", str(path), "--data", str(tmp_path / "d")).returncode == 0
    sources = Store(tmp_path / "d").read_sources().set_index("file")
    assert sources.loc[["kevat.csv", "syksy.csv"], "rows_kept"].tolist() == [20_000, 20_000]
    assert leftovers(tmp_path / "d") == []


def _crash_and_recover(tmp_path: Path, rows: int, kill) -> None:
    """Store one file, then kill the ingest of a second one with ``kill``: the store must be
    exactly as before or as after; the next run stores the file and leaves nothing behind (the
    commands after the kill run in this process: the killed one is the only other process needed)."""
    from osallisuus.cli import main

    data = tmp_path / "d"
    first, second = export(tmp_path / "a.csv", rows, "A"), export(tmp_path / "b.csv", rows, "B", seed=2)
    ingest([first], data)
    before = state(data)
    shutil.copytree(data, tmp_path / "expected")
    ingest([second], tmp_path / "expected")
    after = state(tmp_path / "expected")
    kill(second, data)
    now = state(data)
    assert now in (before, after)
    assert main(["check", "--data", str(data)]) in (0, 2)  # never an unexpected error (1)
    assert main(["ingest", str(second), "--data", str(data)]) == 0
    assert state(data)["responses"] == after["responses"] and leftovers(data) == []
    assert main(["check", "--data", str(data)]) == 0


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_writer_killed_at_any_point_leaves_the_store_before_or_after(tmp_path, point):
    def kill(path, data):
        assert run_forked("ingest", str(path), "--data", str(data), crash_at=point) == -signal.SIGKILL

    _crash_and_recover(tmp_path, 30, kill)


@pytest.mark.slow
@pytest.mark.parametrize("watched", [f"gen-*{PARTIAL}", f"gen-*{PARTIAL}/{RESPONSES}"])
def test_an_ingest_killed_inside_its_write_leaves_the_store_before_or_after(tmp_path, watched):
    """A kill from outside in the middle of writing a 40 000-row generation (as soon as it or
    its responses file appears), between the hook's crash points: the write takes ~0.2 s here."""
    def kill(path, data):
        run = subprocess.Popen([sys.executable, "-m", "osallisuus", "ingest", str(path), "--data", str(data)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not any((data / "processed").glob(watched)):
            assert run.poll() is None, "the ingest ended before it was killed"
            time.sleep(0.001)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        assert list((data / "processed").glob(f"gen-*{PARTIAL}")), "the kill landed after the write"

    _crash_and_recover(tmp_path, 20_000, kill)  # two files of 20 000 rows: the second ingest writes 40 000


def test_an_old_store_is_read_as_it_is_and_migrated_by_the_next_ingest(tmp_path, capsys):
    from osallisuus.cli import main

    data = tmp_path / "d"
    ingest([export(tmp_path / "a.csv", 5, "A")], data)
    store = Store(data)
    for file in STORE_FILES:  # the layout before generations: plain files in processed/
        (store.processed / file).unlink()
        shutil.copy(store.current / file, store.processed / file)
    shutil.rmtree(store.current)
    store.pointer_path.unlink()
    (store.processed / ".responses.parquet.x1y2").write_bytes(b"a killed write of the old code")
    assert store.is_legacy() and len(store.read_responses()) == 5
    assert main(["check", "--data", str(data)]) == 2
    assert "osallisuus migrate" in capsys.readouterr().out
    result = ingest([export(tmp_path / "b.csv", 5, "B")], data)
    assert "siirrettiin" in result.summary() and not store.is_legacy()
    assert len(store.read_responses()) == 10 and leftovers(data) == []
    assert pd.read_parquet(store.processed / "responses.parquet").shape[0] == 10  # the path people know
    assert main(["migrate", "--data", str(data)]) == 0 and "ei tarvinnut" in capsys.readouterr().out
