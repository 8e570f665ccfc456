"""The built wheel works on its own: installed into a fresh virtual environment outside the
checkout, ``osallisuus build`` makes the demo reports to the end.

The fresh environment sees, of the test's own environment (the tested versions of
requirements.lock), only the distributions the wheel declares it needs and theirs, linked in
rather than installed again (that took a minute): pip installs the wheel from it with no index,
and an import the wheel does not declare fails as in an empty environment.
"""

import email
import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _needed(wheel: Path) -> set[str]:
    """The distributions the wheel needs: its Requires-Dist (no extras), theirs, and so on."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = email.message_from_bytes(archive.read(metadata)).get_all("Requires-Dist") or []
    todo, seen = [(Requirement(r), {""}) for r in requires], set()
    while todo:
        requirement, extras = todo.pop()
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras):
            continue
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        todo += [(Requirement(r), {"", *requirement.extras}) for r in distribution(name).requires or []]
    return seen


def _link_needed(wheel: Path, venv: Path) -> None:
    """Link the needed distributions of this environment into ``venv``: their top-level packages
    into a folder on its path (a .pth file), their data files (Jupyter's kernel spec and nbconvert
    templates) under its prefix; nothing else of this environment is visible there."""
    site = next((venv / "lib").glob("python*/site-packages"))
    shared = venv / "shared"
    shared.mkdir()
    for name in _needed(wheel):
        dist = distribution(name)
        assert dist.files, f"{name}: no RECORD"
        for file in dist.files:
            source = Path(dist.locate_file(file))
            if file.parts[0] == "..":  # a data file, relative to site-packages
                target = Path(os.path.normpath(site / file))
                if target.is_relative_to(venv / "bin"):
                    continue
            elif file.parts[0] == "__pycache__":
                continue
            else:
                source, target = Path(dist.locate_file(file.parts[0])), shared / file.parts[0]
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(source)
    (site / "needed.pth").write_text(f"{shared}\n")


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
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _link_needed(wheel, venv)
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-index", "--no-compile",
                     wheel, cwd=tmp_path).stdout  # compiled when imported
    assert "Installing collected packages: osallisuus\n" in installed  # every need met by the linked ones
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
