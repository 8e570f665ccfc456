"""environment.yml (conda users) lists the same runtime dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    tests = {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == runtime | tests
    assert "python=3.11" in env["dependencies"]
    assert {"-e ."} <= set(next(d for d in env["dependencies"] if isinstance(d, dict))["pip"])


def test_design_card_packages_are_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    assert {"jupyterlab", "pandas", "statsmodels", "seaborn", "papermill", "nbconvert"} <= runtime


def test_every_package_folder_goes_into_the_wheel():
    """pyproject lists its packages by hand (to map notebooks/ into the package): none forgotten."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    src = ROOT / "src"
    folders = {".".join(p.relative_to(src).parts) for p in (src / "osallisuus").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and not p.name.endswith(".egg-info")}
    assert set(tool["packages"]) == folders | {"osallisuus", "osallisuus.notebooks"}
    assert tool["package-dir"]["osallisuus.notebooks"] == "notebooks"
