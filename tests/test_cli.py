"""The command line: exit codes and messages a non-programmer can act on."""

import subprocess
import sys

from osallisuus.cli import main


def test_build_makes_demo_data_and_store(tmp_path, capsys):
    assert main(["build", "--data", str(tmp_path), "--no-reports"]) == 0
    out = capsys.readouterr().out
    assert "luettu" in out and "hylätty" in out
    assert (tmp_path / "processed" / "responses.parquet").exists()
    assert main(["build", "--data", str(tmp_path), "--no-reports"]) == 0  # runs again without duplicating
    assert "sisältää jo" in capsys.readouterr().out


def test_unusable_file_exits_2_with_file_name_and_fix(tmp_path, capsys):
    bad = tmp_path / "vienti.xlsx"
    bad.write_text("tämä ei ole excel")
    assert main(["ingest", str(bad), "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "vienti.xlsx" in err and "Korjaus" in err and "Traceback" not in err


def test_missing_file_and_empty_raw_dir(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "ei_ole.csv"), "--data", str(tmp_path)]) == 2
    assert "ei_ole.csv" in capsys.readouterr().err
    assert main(["ingest", "--data", str(tmp_path / "tyhja")]) == 2


def test_console_script_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "osallisuus", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "ingest" in done.stdout


def test_commands_without_processed_data_explain_what_to_run(tmp_path, capsys):
    for command in (["export", "--out", str(tmp_path / "x")], ["report"]):
        assert main([*command, "--data", str(tmp_path / "tyhja")]) == 2
        err = capsys.readouterr().err
        assert "osallisuus ingest" in err and "Traceback" not in err
