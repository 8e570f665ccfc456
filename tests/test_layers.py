"""The package layers (README, "Development") hold: import-linter's contracts in pyproject.toml
pass, and they do fail when a forbidden import is added."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT), str(ROOT / "pyproject.toml"), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_layers_are_kept(tmp_path):
    done = _lint(ROOT / "src", tmp_path)
    assert done.returncode == 0, done.stdout
    assert "2 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "osallisuus", src / "osallisuus", ignore=shutil.ignore_patterns("__pycache__"))
    describe = src / "osallisuus" / "statistics" / "describe.py"
    describe.write_text(describe.read_text(encoding="utf-8") + "\nfrom ..reporting import figures  # noqa\n",
                        encoding="utf-8")
    settings = src / "osallisuus" / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nfrom .statistics import groups  # noqa\n",
                        encoding="utf-8")
    done = _lint(src, tmp_path)
    assert done.returncode == 1
    assert "osallisuus.statistics is not allowed to import osallisuus.reporting" in done.stdout
    assert "osallisuus.settings -> osallisuus.statistics.groups" in done.stdout
