"""Benchmark: cleaning and scoring N canonical rows, and the whole ingest into the store.

Not a timed test. Each step runs in a fresh process; the time is the step alone (imports
excluded), as a ratio to plain ``pandas.read_csv`` of the same file in the same run, with the
process's peak memory (max RSS). Steps: ``read_csv`` (baseline); ``clean_score`` = read the
export, clean, pseudonymise, score (issue 2's measure); ``ingest`` = the same plus merging
into and writing the processed store; ``export`` = every exported result table from that
store as published (audited and rounded), written as CSV (issue 5's scale check); ``audit`` =
the privacy audit alone (part of ``export``).

    .venv/bin/python benchmarks/bench_ingest.py [--rows 1000000] [--repeat 3] [--steps clean_score export]
    .venv/bin/python benchmarks/bench_ingest.py --rows 60000 --units 600 --organizations 40 --steps export audit

(the second: a region of many small units, where the audit's linear programs are most of an export).

``read_csv`` always runs (the ratios' baseline). ``export`` and ``audit`` read the store ``ingest``
writes: without ``ingest`` among the steps, one untimed ingest makes it.

Goal (issue 2): at most 3x read_csv and at most 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

CHILD = r"""
import json, resource, sys, time
step, path, data = sys.argv[1], sys.argv[2], sys.argv[3]
import pandas as pd
from functools import partial
from osallisuus.intake.clean import clean_table
from osallisuus.intake.codebook import load_codebooks
from osallisuus.intake.ingest import ingest
from osallisuus.instruments import score_all
from osallisuus.intake.pseudonym import pseudonymize
from osallisuus.intake.readers import read_table
books = load_codebooks()
start = time.perf_counter()
if step == "read_csv":
    pd.read_csv(path)
elif step == "clean_score":
    score_all(clean_table(read_table(path, books), books, partial(pseudonymize, key=b"0" * 32)).frame)
elif step == "ingest":
    ingest([path], data)
elif step == "audit":  # the privacy audit alone, on tables computed before the clock starts
    from osallisuus.intake.store import Store
    from osallisuus.statistics.audit import protect_tables
    from osallisuus.statistics.disclosure import published_rows
    from osallisuus.statistics.tables import AUDITED_TABLES, table_frame, result_tables
    frame = table_frame(Store(data).read_responses())
    shown = published_rows(frame)
    tables = result_tables(frame, names=AUDITED_TABLES, shown=shown)
    start = time.perf_counter()
    protect_tables(frame, tables, shown=shown)
else:  # what `osallisuus export` does: the audited region, organization and unit rows, as a model
    from osallisuus.cli import main
    main(["export", "--data", data, "--out", data + "/export", "--format", "csv"])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


STEPS = ("read_csv", "clean_score", "ingest", "export", "audit")


def make_rows(n: int, seed: int = 1, units: int = 60, organizations: int = 12) -> pd.DataFrame:
    """Canonical rows: n/3 respondents answering alku, väli and loppu, 60 units of 12 organizations
    (``organizations`` must divide ``units``), 30 % of the answers as Finnish labels, 1 % missing."""
    rng = np.random.default_rng(seed)
    labels = np.array(["Täysin eri mieltä", "Jokseenkin eri mieltä", "Ei samaa eikä eri mieltä",
                       "Jokseenkin samaa mieltä", "Täysin samaa mieltä"], dtype=object)
    person = np.arange(n) // 3
    frame = pd.DataFrame({
        "respondent": np.char.add("K-", person.astype(str)),
        "organization": np.array([f"Järjestö {i} ry" for i in range(organizations)], dtype=object)[person % organizations],
        "unit": np.array([f"Yksikkö {i}" for i in range(units)], dtype=object)[person % units],
        "round": np.array(["alku", "väli", "loppu"], dtype=object)[np.arange(n) % 3],
        "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D"),
        "language": "fi",
    })
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    for i in range(1, 11):
        codes = rng.integers(1, 6, n)
        col = codes.astype(object)
        as_label = rng.random(n) < 0.3
        col[as_label] = labels[codes[as_label] - 1]
        col[rng.random(n) < 0.01] = None
        frame[f"esis_{i:02d}"] = col
    frame["loneliness"] = rng.integers(1, 6, n)
    for i in range(1, 9):
        frame[f"eurohis_{i:02d}"] = rng.integers(1, 6, n)
    return frame


def run(step: str, path: Path, data: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, step, str(path), str(data)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS), help="the steps to run (default: all)")
    parser.add_argument("--units", type=int, default=60, help="units (a region of many: e.g. 600 with --organizations 40)")
    parser.add_argument("--organizations", type=int, default=12, help="organizations; must divide --units")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["OSALLISUUS_KEY"] = str(Path(tmp) / "bench.key")  # the stores' pseudonym key, not the user's
        path = Path(tmp) / "canonical.csv"
        t0 = time.perf_counter()
        make_rows(args.rows, units=args.units, organizations=args.organizations).to_csv(path, index=False)
        print(f"{args.rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB CSV (made in {time.perf_counter() - t0:.1f} s)")
        results: dict[str, list[dict]] = {step: [] for step in STEPS if step in {"read_csv", *args.steps}}
        for i in range(args.repeat):
            if "ingest" not in results and {"export", "audit"} & set(results):
                run("ingest", path, Path(tmp) / f"data{i}")  # the store they read, untimed
            for step in results:
                results[step].append(run(step, path, Path(tmp) / f"data{i}"))
    base = min(r["seconds"] for r in results["read_csv"])
    for step, runs in results.items():
        best = min(r["seconds"] for r in runs)
        peak = max(r["peak_mib"] for r in runs)
        print(f"{step:12} best of {args.repeat}: {best:6.2f} s  ratio {best / base:5.2f}x  peak {peak:6.0f} MiB")
    print("goal (issue 2): clean_score <= 3x read_csv and <= 2048 MiB")


if __name__ == "__main__":
    main()
