"""The user guide (docs/, mkdocs.yml) builds without warnings, in Finnish and English, with the
checklist taken from the package."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_user_guide_builds_strictly(tmp_path):
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "-d", str(tmp_path / "site")], cwd=ROOT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    for page in ("fi/index.html", "fi/virheet.html", "fi/yksityisyys.html", "en/index.html", "en/errors.html"):
        assert (site / page).exists(), page
    checklist = (site / "fi" / "tarkistuslista.html").read_text(encoding="utf-8")
    assert "Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä." in checklist and "<!-- checklist" not in checklist
    assert not (site / "hooks.py").exists()
