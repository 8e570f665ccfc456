"""The built wheel works on its own: installed into a fresh virtual environment outside the
checkout, ``osallisuus build`` makes the demo reports to the end.

Packages come from the machine's pip configuration (its indexes and wheel folders), so the
test needs no more network than ``make setup`` does.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.e2e


def _run(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(list(map(str, args)), cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a clean copy of the sources (a checkout's build/ folder may hold moved modules)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for part in ("pyproject.toml", "README.md", "src", "notebooks"):
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy2
        copy(ROOT / part, source / part, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                           if (ROOT / part).is_dir() else {}))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, source, cwd=out)
    return next(out.glob("osallisuus-*.whl"))


def test_wheel_holds_notebooks_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for notebook in ("unit_report", "regional_summary", "explore_example", "opinnayte_esimerkki"):
        assert f"osallisuus/notebooks/{notebook}.ipynb" in names
    assert "osallisuus/reporting/templates/offline/index.html.j2" in names
    assert "osallisuus/references.yaml" in names
    assert "osallisuus/codebooks/esis/fi.yaml" in names


def test_installed_wheel_builds_the_demo_reports(wheel, tmp_path):
    """Every reader of the demo's exports, each kind of report (unit, organization, regional
    summary) and the dashboard, run from the installed wheel: three of the sixteen reports,
    since the notebooks and templates are the same for all of them."""
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--no-compile", wheel, cwd=tmp_path)  # compiled when imported
    work = tmp_path / "project"  # no notebooks/ here, nothing of the checkout on the path
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"

    def osallisuus(*args) -> str:
        return _run(venv / "bin" / "osallisuus", *args, cwd=work, env=env).stdout

    osallisuus("build", "--data", "data", "--key", tmp_path / "demo.key", "--no-reports")  # demo data and ingest
    osallisuus("params", "--data", "data")
    assert len(list((work / "params").glob("*.yaml"))) == 16
    chosen = [work / "params" / f"{name}.yaml" for name in
              ("järvimaan-hyvinvointialue__työpaja-orimattila", "kohtaamispaikka-ry", "alueellinen-yhteenveto")]
    done = osallisuus("report", *chosen, "--data", "data", "--out", "reports", "--quiet")
    assert "3 / 3 raporttia valmiina" in done
    assert (work / "reports" / "index.html").exists()
    osallisuus("dashboard", "--data", "data", "--out", "reports/aluenakyma.html")
    assert (work / "reports" / "aluenakyma.html").stat().st_size > 0
    where = _run(python, "-c", "import osallisuus, sys; print(osallisuus.__file__)", cwd=work, env=env).stdout
    assert str(ROOT) not in where and str(venv) in where
