"""Privacy end to end on the demo: nothing a user can share (HTML reports, executed notebooks,
the index, exported tables) holds a respondent code, the salt, an e-mail address or an open
answer, unless open answers were opted in, and then masked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from osallisuus.cli import main
from osallisuus.intake.demo import _OPEN, simulate
from osallisuus.intake.key import key_path
from osallisuus.intake.store import Store
from osallisuus.reporting.export import export
from osallisuus.reporting.params import load_job, notebooks_dir
from osallisuus.reporting.published import CACHE
from osallisuus.reporting.runner import run_reports
from osallisuus.statistics.tables import result_tables

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}")


@pytest.fixture(scope="module")
def shared_files(built_reports, tmp_path_factory) -> list[Path]:
    out = built_reports.out
    exports = tmp_path_factory.mktemp("exports")
    tables = result_tables(Store(built_reports.data).read_responses())
    files = export(tables, exports, "csv") + export(tables, exports, "xlsx")
    return sorted(out.glob("*.html")) + sorted(out.glob("*.ipynb")) + files


def _secrets(demo_dir: Path, key: Path | None = None) -> dict[str, set[str]]:
    sim = simulate(2025)
    return {
        "raw code": set(sim["respondent"].dropna()),
        "pseudonym": set(Store(demo_dir).read_responses()["respondent"].dropna()),
        "salt": {(key or key_path(demo_dir)).read_text().strip()},
        "open answer": {a for a in _OPEN if a},
    }


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        import pandas as pd

        return " ".join(t.astype(str).to_csv() for t in pd.read_excel(path, sheet_name=None, engine="calamine").values())
    return path.read_text(encoding="utf-8")


def _found(values: set[str], text: str) -> list[str]:
    """The values that occur in ``text``, as ``[v for v in values if v in text]``. Hundreds of codes
    of one length: each window of that length made of their characters is looked up once (one
    pass over the text instead of one per code: the reports are megabytes)."""
    if len(values) < 50:
        return [v for v in values if v in text]
    found = []
    for length in {len(v) for v in values}:
        same = {v for v in values if len(v) == length}
        chars = re.escape("".join(sorted(set("".join(same)))))
        found += sorted(same & set(re.findall(f"(?=([{chars}]{{{length}}}))", text)))
    return found


def test_nothing_shared_holds_codes_salt_emails_or_open_answers(shared_files, built_reports):
    secrets = _secrets(built_reports.data, built_reports.key)  # the store the reports were made from
    assert len(shared_files) >= 12 * 2 + 8
    for path in shared_files:
        text = _text(path)
        for kind, values in secrets.items():
            leaked = _found(values, text)
            assert not leaked, (path.name, kind, leaked[:3])
        assert not EMAIL.search(text), (path.name, EMAIL.search(text).group())


def test_no_count_of_the_small_unit_in_the_organization_report(built_reports):
    out = built_reports.out
    org = (out / "monikulttuurinen-silta-ry.html").read_text(encoding="utf-8")
    assert "perhetoiminta" not in org  # Perhekerho's service would reveal its size
    assert "1\u00a0yksikkö ei ole mukana" in org  # its figures are the shown unit's, and it says so (one: singular)
    unit = (out / "monikulttuurinen-silta-ry__kielikahvila.html").read_text(encoding="utf-8")
    forms = re.compile(r"Lomakkeita (\d+), vastaajia (\d+)")
    assert forms.search(org).groups() == forms.search(unit).groups()


def test_open_answers_only_when_opted_in_marked_publishable_and_then_masked(demo_dir, built_reports, tmp_path):
    params = built_reports.params
    data = tmp_path / "data"
    shutil.copytree(demo_dir, data, ignore=shutil.ignore_patterns(CACHE))  # the same store (and key): marks stay here
    sheet = tmp_path / "teemat.csv"
    assert main(["themes", "suggest", "--data", str(data), "--out", str(sheet)]) == 0
    marks = pd.read_csv(sheet, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    chosen = marks["text"].str.contains(r"\[(?:sähköposti|puhelin|nimi)\]|porukkaan", regex=True)
    marks.loc[chosen, ["confirmed", "publish"]] = "x"
    marks.loc[marks["text"] == "Ei ole vaikuttanut juurikaan.", "confirmed"] = "x"  # confirmed, not publishable
    marks.to_csv(sheet, sep=";", index=False, encoding="utf-8-sig")
    assert main(["themes", "apply", str(sheet), "--data", str(data)]) == 0
    settings = yaml.safe_load((params / "järvimaan-hyvinvointialue__työpaja-orimattila.yaml").read_text(encoding="utf-8"))
    opted = tmp_path / "avoimet.yaml"
    opted.write_text(yaml.safe_dump({**settings, "show_open_answers": True}, allow_unicode=True), encoding="utf-8")
    job = load_job(opted, data, tmp_path, notebooks_dir(), Store(data).read_responses())
    (outcome,) = run_reports([job], workers=1, progress=False)
    assert outcome.ok, outcome.error
    page = (tmp_path / "avoimet.html").read_text(encoding="utf-8")
    assert "Liite: avoimet vastaukset" in page and "Tunnen kuuluvani porukkaan." in page
    assert "[sähköposti]" in page and "[puhelin]" in page and "[nimi]" in page
    unmarked = set(marks.loc[~chosen, "text"]) - set(marks.loc[chosen, "text"])
    assert unmarked and not [t for t in unmarked if f"<li>{t}</li>" in page]
    assert not EMAIL.search(page) and "040 123 4567" not in page and "Maija" not in page
