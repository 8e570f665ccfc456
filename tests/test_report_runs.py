"""A killed ``osallisuus report`` leaves no pool worker or Jupyter kernel behind (issue 19)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from osallisuus.reporting.params import write_params


def _marked(token: str) -> list[tuple[int, str]]:
    """Processes whose environment carries ``token`` (children inherit it), with their command line."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if token.encode() in (proc / "environ").read_bytes():
                found.append((int(proc.name), (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_report_leaves_no_process_behind(demo_dir, tmp_path, how):
    params = tmp_path / "params"
    write_params(demo_dir, params)
    token = f"OSALLISUUS_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, token.split("=")[0]: token.split("=")[1]}
    run = subprocess.Popen([sys.executable, "-m", "osallisuus", "report", "--data", str(demo_dir), "--params-dir",
                            str(params), "--out", str(tmp_path / "out"), "--jobs", "2", "--quiet"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while sum("ipykernel" in cmd for _, cmd in _marked(token)) < 2:  # both workers have started a kernel
        assert run.poll() is None and time.monotonic() < deadline, "the report ended before its kernels started"
        time.sleep(0.2)
    run.send_signal(how)
    run.wait(timeout=30)
    deadline = time.monotonic() + 5
    while _marked(token) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _marked(token)
    for pid, _ in left:  # do not leave them to the other tests
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_the_index_marks_each_report_made_from_an_older_data_version(tmp_path):
    from osallisuus.reporting.html import write_index
    from osallisuus.reporting.runner import Outcome

    for name in ("vanha", "uusi"):
        (tmp_path / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    write_index([Outcome("vanha", True, 1.0, tmp_path / "vanha.html", state="full", n=12)], tmp_path, "aaaa111111")
    write_index([Outcome("uusi", True, 1.0, tmp_path / "uusi.html", state="full", n=12)], tmp_path, "bbbb222222")
    rows = {row.split("</td>")[0]: row for row in (tmp_path / "index.html").read_text(encoding="utf-8").split("<tr>")}
    (old,) = [r for k, r in rows.items() if "vanha.html" in k]
    (new,) = [r for k, r in rows.items() if "uusi.html" in k]
    assert "vanhentunut: aineistoversio aaaa111111" in old and "vanhentunut" not in new


def test_a_report_kernel_writes_no_input_history(tmp_path, monkeypatch):
    """IPython would keep every executed cell (the report's parameters among them) in an SQLite
    file in the user's home, and commit it after each cell: the kernels keep no history."""
    import nbformat

    from osallisuus.reporting.params import Job, notebooks_dir
    from osallisuus.reporting.runner import run_reports

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    notebook = tmp_path / "tyhja.ipynb"
    cells = [nbformat.v4.new_code_cell("language = 'fi'", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("organization = 'Salainen ry'")]
    metadata = nbformat.read(notebooks_dir() / "unit_report.ipynb", as_version=4).metadata  # its kernel
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=metadata), notebook)
    job = Job("tyhja", notebook, notebook, {"language": "fi"}, tmp_path / "tyhja.html", tmp_path / "tyhja.ipynb")
    (outcome,) = run_reports([job], workers=1, progress=False)
    assert outcome.ok, outcome.error
    assert list((tmp_path / "ipython").rglob("history.sqlite")) == []


IRI_CHECK = """
import json, os, sys
from pathlib import Path
from osallisuus.reporting import runner
from osallisuus.reporting.params import Job, notebooks_dir
out = Path(sys.argv[2])
if sys.argv[1] == "worker":  # what a pool worker starts with, then loads
    runner._die_with_parent(os.getppid())
    import nbformat, papermill, nbconvert
else:  # a report run in this process
    metadata = json.loads((notebooks_dir() / "unit_report.ipynb").read_text(encoding="utf-8"))["metadata"]
    cell = {"cell_type": "code", "execution_count": None, "id": "p", "metadata": {"tags": ["parameters"]},
            "outputs": [], "source": "language = 'fi'"}
    notebook = {"cells": [cell], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    (out / "n.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    job = Job("n", out / "n.ipynb", out / "n.ipynb", {"language": "fi"}, out / "n.html", out / "n.out.ipynb")
    assert runner.run_reports([job], workers=1, progress=False)[0].ok
print(sys.modules.get("rfc3987_syntax") is not None)
"""


@pytest.mark.parametrize("process", ["worker", "parent"])
def test_a_report_process_never_builds_the_iri_grammars(tmp_path, process):
    """jsonschema (under nbformat, papermill and nbconvert) would load ``rfc3987_syntax`` where it is
    installed, which builds 38 Lark grammars on import (about a second of CPU per process) for
    checks that notebooks never need: neither a report process nor a pool worker loads it."""
    done = subprocess.run([sys.executable, "-c", IRI_CHECK, process, str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
