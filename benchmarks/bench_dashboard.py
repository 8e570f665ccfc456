"""Benchmark: the dashboard's file size and time for a synthetic region of 30 organizations
(3 units each) over 5 years, every unit measured at alku, väli and loppu each year.

    .venv/bin/python benchmarks/bench_dashboard.py [--organizations 30] [--years 5] [--people 30]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def make_rows(organizations: int, years: int, people: int, seed: int = 3) -> pd.DataFrame:
    """``people`` respondents per unit and year, most answering alku, some väli and loppu."""
    rng = np.random.default_rng(seed)
    services = ["työpaja", "kuntouttava työtoiminta", "sosiaalinen kuntoutus", "päivätoiminta", "asumispalvelu"]
    rows = []
    for o in range(organizations):
        for u in range(3):
            for y in range(2021, 2021 + years):
                for p in range(people):
                    level = rng.uniform(2.2, 4.6)
                    for r, (name, share) in enumerate((("alku", 0.95), ("väli", 0.6), ("loppu", 0.7))):
                        if rng.random() > share:
                            continue
                        answers = np.clip(np.round(rng.normal(level + 0.1 * r, 0.8, 10)), 1, 5).astype(int)
                        rows.append({"respondent": f"{o}-{u}-{y}-{p}", "organization": f"Järjestö {o:02d} ry",
                                     "unit": f"Yksikkö {o:02d}-{u}", "round": name,
                                     "date": f"{y}-{1 + 4 * r + int(rng.integers(0, 3)):02d}-{1 + int(rng.integers(0, 27)):02d}",
                                     "service": services[(o + u) % len(services)], "language": "fi",
                                     **{f"esis_{i:02d}": int(a) for i, a in enumerate(answers, start=1)}})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=30)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--people", type=int, default=30)
    args = parser.parse_args()
    from osallisuus.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["OSALLISUUS_KEY"] = str(Path(tmp) / "bench.key")
        raw = Path(tmp) / "data" / "raw"
        raw.mkdir(parents=True)
        rows = make_rows(args.organizations, args.years, args.people)
        rows.to_csv(raw / "alue.csv", index=False)
        assert cli(["ingest", "--data", str(Path(tmp) / "data")]) == 0
        start = time.perf_counter()
        page = Path(tmp) / "dashboard.html"
        assert cli(["dashboard", "--data", str(Path(tmp) / "data"), "--out", str(page)]) == 0
        seconds = time.perf_counter() - start
        print(f"{len(rows):,} answers, {args.organizations} organizations × 3 units × {args.years} years: "
              f"dashboard {page.stat().st_size / 2**20:.2f} MiB in {seconds:.0f} s")


if __name__ == "__main__":
    main()
