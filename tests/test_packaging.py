"""pyproject.toml, environment.yml (conda users) and requirements.lock (the tested set) agree,
and every package the code imports is declared."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DECLARED = [*PROJECT["dependencies"], *(r for extra in PROJECT["optional-dependencies"].values() for r in extra)]


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {d for d in env["dependencies"] if isinstance(d, str)} - {"python=3.11", "pip"}
    pip = set(next(d for d in env["dependencies"] if isinstance(d, dict))["pip"])
    declared = conda | (pip - {"-e ."})  # a package conda-forge lacks comes through pip (libvoikko)
    assert {_name(d) for d in declared} == {_name(r) for r in DECLARED}
    assert declared == set(DECLARED)  # the same bounds
    assert "python=3.11" in env["dependencies"]
    assert "-e ." in pip


def test_design_card_packages_are_declared():
    """The design card's packages: those the reports need at run time, JupyterLab and seaborn
    in the ``lab`` extra (own analyses; the reports use neither)."""
    runtime = {_name(r) for r in PROJECT["dependencies"]}
    assert {"pandas", "statsmodels", "papermill", "nbconvert"} <= runtime
    assert {_name(r) for r in PROJECT["optional-dependencies"]["lab"]} == {"jupyterlab", "seaborn"}


def test_every_declared_dependency_has_an_upper_bound():
    assert [r for r in DECLARED if "<" not in r] == []


def test_lock_pins_every_declared_package_within_its_bounds():
    from packaging.requirements import Requirement

    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.lock").read_text(), re.M))
    pins = {_name(k): v for k, v in pins.items()}
    for requirement in map(Requirement, DECLARED):
        assert requirement.specifier.contains(pins[_name(requirement.name)]), requirement


def test_every_imported_package_is_declared():
    """Third-party imports in src/ (and bs4 in tests/) name a declared distribution."""
    import sys

    distribution = {"yaml": "pyyaml", "vl_convert": "vl-convert-python", "bs4": "beautifulsoup4", "IPython": "ipython",
                    "python_calamine": "python-calamine", "docx": "python-docx", "importlinter": "import-linter"}
    imported = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        names = re.findall(r"^\s*(?:from ([A-Za-z_]\w*)[\w.]* import |import ([A-Za-z_]\w*))", text, re.M)
        imported |= {a or b for a, b in names}
        imported |= set(re.findall(r"import_module\(f?\"(\w+)\.", text))
    third_party = imported - set(sys.stdlib_module_names) - {"osallisuus", "tests", "__future__", "attacker", "helpers"}
    declared = {_name(r) for r in DECLARED}
    assert {m for m in third_party if _name(distribution.get(m, m)) not in declared} == set()


def test_every_package_folder_goes_into_the_wheel():
    """pyproject lists its packages by hand (to map notebooks/ into the package): none forgotten."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    src = ROOT / "src"
    folders = {".".join(p.relative_to(src).parts) for p in (src / "osallisuus").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and not p.name.endswith(".egg-info")}
    assert set(tool["packages"]) == folders | {"osallisuus", "osallisuus.notebooks"}
    assert tool["package-dir"]["osallisuus.notebooks"] == "notebooks"
