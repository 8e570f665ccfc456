"""One source of truth for settings: defaults, checks at the edge (exit 2), and the store's
record of how it was scored, used consistently by ingest and reports."""

import json
import re
import shutil
from pathlib import Path

import yaml

from osallisuus.cli import main
from osallisuus.intake.demo import FILES
from osallisuus.intake.ingest import ingest
from osallisuus.intake.store import Store
from osallisuus.reporting.params import file_names, load_job, notebooks_dir
from osallisuus.reporting.sections import Report
from osallisuus.settings import SETTINGS, defaults

ROOT = Path(__file__).resolve().parents[1]
UNIT = {"organization": "Järvimaan hyvinvointialue", "unit": "Työpaja Orimattila"}


def _literal_defaults(notebook: str) -> dict:
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    source = "".join(next(c for c in cells if "parameters" in c["metadata"].get("tags", []))["source"])
    values: dict = {}
    exec(source, {}, values)  # the parameter cell is plain assignments
    values.pop("data_dir"), values.pop("figures_dir")  # set by the runner, not settings
    return values


def test_notebook_parameter_cells_equal_the_settings():
    for notebook in ("unit_report", "regional_summary"):
        assert _literal_defaults(notebook) == defaults(notebook)


def test_readme_settings_table_lists_every_setting_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Report settings")[1].split("\n## ")[0]
    for name, setting in SETTINGS.items():
        row = re.search(rf"^\| `{name}` \| `([^`]*)` \|", table, flags=re.M)
        assert row, name
        assert row.group(1) == json.dumps(setting.default, ensure_ascii=False).strip('"'), name


def test_defaults_are_written_once_in_src():
    src = ROOT / "src" / "osallisuus"
    code = "\n".join(line for p in src.rglob("*.py") for line in p.read_text(encoding="utf-8").splitlines()
                     if ">>>" not in line)  # examples in docstrings may name a value
    assert not re.search(r"\b75[.,]2\b", code)
    assert "FinSote 2019, aikuis" not in code  # the label lives in references.yaml
    assert not re.search(r"min_n\s*(:\s*int\s*)?=\s*5\b", code)


def test_bad_settings_end_with_exit_2_and_a_plain_message(tmp_path, capsys):
    assert main(["export", "--data", str(tmp_path), "--out", str(tmp_path / "o"), "--min-n", "0"]) == 2
    assert "--min-n" in capsys.readouterr().err
    assert main(["ingest", "--data", str(tmp_path), "--max-missing", "10"]) == 2
    err = capsys.readouterr().err
    assert "max_missing" in err and "0–9" in err and "Unexpected" not in err


def test_a_params_file_with_min_n_0_is_refused_before_running(demo_dir, tmp_path, capsys):
    bad = tmp_path / "params" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text(yaml.safe_dump({"notebook": "unit_report", **UNIT, "min_n": 0}, allow_unicode=True), "utf-8")
    assert main(["report", str(bad), "--data", str(demo_dir), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "min_n" in err and "3–100" in err
    assert not (tmp_path / "r").exists()


def test_params_files_hold_the_settings_defaults(demo_dir, tmp_path):
    main(["params", "--data", str(demo_dir), "--out", str(tmp_path)])
    job = load_job(tmp_path / "alueellinen-yhteenveto.yaml", demo_dir, tmp_path, notebooks_dir())
    assert {k: v for k, v in job.parameters.items() if k not in ("data_dir", "figures_dir")} == defaults("regional_summary")


def test_max_missing_is_used_consistently_by_ingest_and_reports(demo_dir, tmp_path):
    """After `ingest --max-missing 2`, a report with the default max_missing 0 re-scores and says so
    (the unit's own demo export alone: its store and report are a sixth of the demo's)."""
    data = tmp_path / "d"
    (data / "raw").mkdir(parents=True)
    files = [Path(shutil.copy(demo_dir / "raw" / FILES["csv"], data / "raw"))]
    lenient = ingest(files, data, esis_max_missing=2)
    assert Store(data).scored_with() == 2
    strict_n = int(ingest(files, data, esis_max_missing=0).responses["esis_score"].notna().sum())
    lenient_n = int(lenient.responses["esis_score"].notna().sum())
    assert lenient_n > strict_n
    again = ingest(files, data, esis_max_missing=2)  # no file changed: the flag still applies
    assert again.rescored_from == 0 and int(again.responses["esis_score"].notna().sum()) == lenient_n
    assert Store(data).scored_with() == 2 and ingest(files, data).max_missing == 2  # default: as recorded

    report = Report.load(str(data), **UNIT)  # default max_missing 0
    assert report.max_missing == 0 and report.scored_with == 2
    assert report.frame["esis_score"].notna().sum() == (report.frame["esis_excluded"].isna()).sum()
    store = Store(data).read_responses()
    mine = store[(store["organization"] == UNIT["organization"]) & (store["unit"] == UNIT["unit"])]
    strict = Store(data).read_responses(max_missing=0)
    strict = strict[(strict["organization"] == UNIT["organization"]) & (strict["unit"] == UNIT["unit"])]
    assert report.frame["esis_score"].notna().sum() == strict["esis_score"].notna().sum()
    assert mine["esis_score"].notna().sum() > strict["esis_score"].notna().sum()  # the demo unit has gaps


def test_every_unit_gets_its_own_params_file_and_readable_name():
    scopes = [("Org", "Мовне кафе"), ("Org", "Клуб"), ("Org", "Nuoret 1"), ("Org", "Nuoret-1"), ("Org", "x" * 300)]
    names = file_names(scopes)
    assert len(set(names.values())) == 5
    assert names[("Org", "Клуб")] == "org__клуб" and all(len(n) < 100 for n in names.values())
