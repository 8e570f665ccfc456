"""Benchmark: every demo report with ``osallisuus report --jobs 2`` against the naive loop
(the ``papermill`` command, then ``jupyter nbconvert`` per report) and against the floor (the
same jobs with an empty notebook, run through the same pool and export), in the same run.

Not a timed test. Prints wall seconds per report for each and the ratios. Goal (issue 24): at
least 10x the naive loop and within 2x of the floor.

    .venv/bin/python benchmarks/bench_reports.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True)


def naive(params: list[Path], data: Path, out: Path, cwd: Path) -> float:
    """What people do by hand: papermill CLI, then nbconvert CLI, one report at a time."""
    out.mkdir()
    start = time.perf_counter()
    for path in params:
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
        notebook = ROOT / "notebooks" / f"{values.pop('notebook')}.ipynb"
        plain = out / f"{path.stem}.params.yaml"
        plain.write_text(yaml.safe_dump({**values, "data_dir": str(data)}, allow_unicode=True), encoding="utf-8")
        executed = out / f"{path.stem}.ipynb"
        run(str(BIN / "papermill"), str(notebook), str(executed), "-f", str(plain), "-k", "python3", cwd=cwd)
        run(str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed), cwd=cwd)
    return time.perf_counter() - start


def ours(params_dir: Path, data: Path, out: Path, cwd: Path) -> float:
    start = time.perf_counter()
    run(str(BIN / "osallisuus"), "report", "--data", str(data), "--params-dir", str(params_dir), "--out", str(out),
        "--jobs", "2", "--quiet", cwd=cwd)
    return time.perf_counter() - start


FLOOR = r"""
import sys
from osallisuus.reporting.runner import skip_iri_grammars
skip_iri_grammars()  # as osallisuus report does: writing the empty notebook here is not part of the floor
import nbformat
from dataclasses import replace
from pathlib import Path
from osallisuus.intake.store import Store
from osallisuus.reporting.params import load_job, notebooks_dir
from osallisuus.reporting.runner import run_reports
if __name__ == "__main__":
    data, params, out, empty = (Path(a) for a in sys.argv[1:5])
    cells = [nbformat.v4.new_code_cell("language = 'fi'", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("print('')")]
    metadata = nbformat.read(notebooks_dir() / "unit_report.ipynb", as_version=4).metadata
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=metadata), empty)
    frame = Store(data).read_responses()
    jobs = [replace(load_job(p, data, out, notebooks_dir(), frame), notebook=empty) for p in sorted(params.glob("*.yaml"))]
    outcomes = run_reports(jobs, workers=2, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
"""


def floor(params_dir: Path, data: Path, out: Path, cwd: Path) -> float:
    """The same jobs, pool and export with a notebook that does nothing: the least a batch costs."""
    start = time.perf_counter()
    run(str(BIN / "python"), "-c", FLOOR, str(data), str(params_dir), str(out), str(out.parent / "empty.ipynb"), cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, params_dir = tmp / "data", tmp / "params"
        run(str(BIN / "osallisuus"), "build", "--data", str(data), "--params-dir", str(params_dir), "--no-reports", cwd=ROOT)
        run(str(BIN / "osallisuus"), "params", "--data", str(data), "--out", str(params_dir), cwd=ROOT)
        params = sorted(params_dir.glob("*.yaml"))
        n = len(params)
        fast = ours(params_dir, data, tmp / "ours", ROOT)
        least = floor(params_dir, data, tmp / "floor", ROOT)
        slow = naive(params, data, tmp / "naive", ROOT)
        audit = audit_seconds(data)
    print(f"{n} reports")
    print(f"naive loop (papermill + nbconvert CLI): {slow:6.1f} s  {slow / n:5.2f} s/report")
    print(f"osallisuus report --jobs 2:           {fast:6.1f} s  {fast / n:5.2f} s/report")
    print(f"floor (empty notebook, same pool and export): {least:6.1f} s  {least / n:5.2f} s/report")
    print(f"speed-up: {slow / fast:.1f}x (goal >= 10x); {fast / least:.1f}x the floor (goal <= 2x)")
    print(f"privacy audit of the whole store, once per batch: {audit:5.2f} s = {audit / n:4.2f} s/report "
          f"({audit / fast:.0%} of the batch)")


def audit_seconds(data: Path) -> float:
    """The audit alone (the batch runs it once and every report reads its tables)."""
    code = ("import time, sys; from osallisuus.intake.store import Store; from osallisuus.statistics.audit import "
            "protect_tables; from osallisuus.statistics.groups import answers; from osallisuus.statistics.tables import "
            "AUDITED_TABLES, result_tables; f = answers(Store(sys.argv[1]).read_responses()); "
            "t = result_tables(f, names=AUDITED_TABLES); s = time.perf_counter(); protect_tables(f, t); "
            "print(time.perf_counter() - s)")
    out = subprocess.run([str(BIN / "python"), "-c", code, str(data)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
