"""Reports end to end: params checked, real notebooks run through papermill, offline HTML."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

from osallisuus.cli import main
from osallisuus.errors import InputError
from osallisuus.intake.store import Store
from osallisuus.reporting.params import load_job, notebooks_dir
from osallisuus.statistics.disclosure import collapse_small
from osallisuus.themes.masking import mask_text

UNIT = "järvimaan-hyvinvointialue__työpaja-orimattila"
SMALL = "monikulttuurinen-silta-ry__perhekerho"
REGIONAL = "alueellinen-yhteenveto"


@pytest.fixture(scope="module")
def params_dir(built_reports):
    return built_reports.params


@pytest.fixture(scope="module")
def built(built_reports):
    return built_reports.out, built_reports.outcomes


def _text(html_path: Path) -> str:
    page = html_path.read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_every_report_succeeds_and_index_links_them(built):
    out, outcomes = built
    assert len(outcomes) == 16 and all(o.ok for o in outcomes), [o.error for o in outcomes]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in (UNIT, SMALL, REGIONAL):
        assert (out / f"{name}.html").exists() and (out / f"{name}.ipynb").exists()
        assert f'href="{name}.html"' in index
    assert "aineistoversio" in index


def test_html_is_offline_and_shows_no_code_warnings_or_codes(built_reports):
    out, demo_dir = built_reports.out, built_reports.data
    codes = set(Store(demo_dir).read_responses()["respondent"].dropna())
    raw = set(pd.read_csv(Store(demo_dir).raw / "silta_kanoninen.csv")["respondent"].dropna())
    for name in (UNIT, SMALL, REGIONAL):
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "<script" not in page  # nothing fetched from a CDN, nothing to run
        text = _text(out / f"{name}.html")
        for marker in ("import ", "Report.load", "Traceback", "Warning", "data_dir", "papermill"):
            assert marker not in text, (name, marker)
        assert not any(code in page for code in codes | raw)
        assert "@example.org" not in page  # open answers are off by default


def test_unit_report_has_finnish_sections_and_embedded_figures(built):
    out, _ = built
    page = (out / f"{UNIT}.html").read_text(encoding="utf-8")
    text = _text(out / f"{UNIT}.html")
    for heading in ("Ketkä vastasivat", "Osallisuuden kokemus", "Väittämät", "Muutos samoilla vastaajilla",
                    "Näin luet tuloksia", "Menetelmät ja aineiston laatu", "Vastausten kertyminen"):
        assert heading in text
    assert page.count("data:image/png;base64") >= 5
    assert 'lang="fi"' in page
    assert f"pandas {pd.__version__}" in text and re.search(r"aineistoversio [0-9a-f]{10}\.", text)  # methods


def test_small_unit_report_shows_only_the_notice(built):
    out, _ = built
    page = (out / f"{SMALL}.html").read_text(encoding="utf-8")
    text = _text(out / f"{SMALL}.html")
    assert "alle 5 vastaajaa" in text
    assert "<img" not in page and "<table" not in page
    body = text.split("Raportti laadittu")[1]
    assert not re.search(r"\d+,\d", body)  # no statistic (decimal numbers) anywhere after the header


def test_misspelt_key_and_unknown_unit_are_refused_before_running(demo_dir, params_dir, tmp_path):
    frame = Store(demo_dir).read_responses()
    good = yaml.safe_load((params_dir / f"{UNIT}.yaml").read_text(encoding="utf-8"))
    bad = tmp_path / "typo.yaml"
    bad.write_text(yaml.safe_dump({**{k: v for k, v in good.items() if k != "organization"},
                                   "organisation": good["organization"]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="organization"):
        load_job(bad, demo_dir, tmp_path, notebooks_dir(), frame)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(yaml.safe_dump({**good, "unit": "Olematon yksikkö"}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="Olematon yksikkö") as err:
        load_job(unknown, demo_dir, tmp_path, notebooks_dir(), frame)
    assert "Työpaja Orimattila" in err.value.fi  # lists the known units
    assert main(["report", str(bad), "--data", str(demo_dir), "--out", str(tmp_path / "r")]) == 2


def test_params_dates_stay_text_and_numbers_are_checked(demo_dir, params_dir, tmp_path):
    frame = Store(demo_dir).read_responses()
    good = (params_dir / f"{UNIT}.yaml").read_text(encoding="utf-8")
    dated = tmp_path / "dated.yaml"
    dated.write_text(good.replace("period_start: ''", "period_start: 2025-02-01"), encoding="utf-8")
    assert load_job(dated, demo_dir, tmp_path, notebooks_dir(), frame).parameters["period_start"] == "2025-02-01"
    finnish = tmp_path / "finnish.yaml"
    finnish.write_text(good.replace("period_end: ''", "period_end: 31.12.2025"), encoding="utf-8")
    with pytest.raises(InputError, match="2025-12-31"):
        load_job(finnish, demo_dir, tmp_path, notebooks_dir(), frame)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(good.replace("min_n: 5", "min_n: viisi"), encoding="utf-8")
    with pytest.raises(InputError, match="min_n"):
        load_job(wrong, demo_dir, tmp_path, notebooks_dir(), frame)


def test_a_failing_report_is_listed_and_the_others_still_run(demo_dir, params_dir, tmp_path, capsys, monkeypatch):
    from osallisuus.reporting import runner

    folder = tmp_path / "params"
    folder.mkdir()
    good = (params_dir / f"{UNIT}.yaml").read_text(encoding="utf-8")
    (folder / "rikki.yaml").write_text(good, encoding="utf-8")
    shutil.copy(params_dir / f"{REGIONAL}.yaml", folder)
    execute = runner._execute

    def failing(job):  # a report that fails while it runs (settings were fine)
        if job.name == "rikki":
            raise RuntimeError("kaatui kesken")
        return execute(job)

    monkeypatch.setattr(runner, "_execute", failing)
    out = tmp_path / "reports"
    status = main(["report", "--params-dir", str(folder), "--data", str(demo_dir), "--out", str(out),
                   "--jobs", "1", "--quiet"])
    assert status == 1
    assert "rikki" in capsys.readouterr().err
    assert (out / f"{REGIONAL}.html").exists() and not (out / "rikki.html").exists()
    assert "virhe" in (out / "index.html").read_text(encoding="utf-8")
    (folder / "rikki.yaml").write_text(good.replace("language: fi", "language: xx"), encoding="utf-8")
    assert main(["report", "--params-dir", str(folder), "--data", str(demo_dir), "--out", str(out)]) == 2


@pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                    reason="Chromium is not installed (CI installs it: .ci/run)")
def test_report_renders_in_headless_chromium(built, tmp_path):
    out, _ = built
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    page = (out / f"{UNIT}.html").resolve().as_uri()
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120)
    assert "Osallisuuden kokemus" in dom.stdout and "Traceback" not in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run(["chromium", *flags, "--window-size=1100,3000", f"--screenshot={shot}", page],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000  # a rendered page with figures, not a blank one


def test_html_export_is_nbconvert_s_page(built):
    """The exporter writes what nbconvert's HTMLExporter adds with BeautifulSoup (a text for an
    image without one, focusable outputs) into the rendered tags: read back, the page is
    nbconvert's own, for reports and for outputs the reports do not make (an image output, SVG)."""
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from osallisuus.reporting.html import _exporter
    from osallisuus.safe_text import CSP_META

    out, _ = built
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": pixel}),
        nbformat.v4.new_output("display_data", data={"text/html": '<img src="data:," alt="kuva"><img src="data:,">'}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": '<svg><image href="data:,"/></svg>'}),
    ])])
    exporter = _exporter("fi")
    for nb in (*(nbformat.read(out / f"{name}.ipynb", as_version=4) for name in (UNIT, SMALL, REGIONAL)), other):
        page = exporter.from_notebook_node(nb, resources={"csp_meta": CSP_META})[0]
        theirs = HTMLExporter.from_notebook_node(exporter, nb, resources={"csp_meta": CSP_META})[0]
        assert str(BeautifulSoup(page, features="html.parser")) == theirs
        assert 'tabindex="0"' in page


def test_masking_and_collapsing_helpers():
    assert mask_text("Soita Liisalle 040 1234567 tai liisa@example.org") == "Soita [nimi] [puhelin] tai [sähköposti]"
    assert collapse_small(pd.Series({"fi": 40, "sv": 7, "en": 3}), 5, "muut").to_dict() == {"fi": 40, "muut": 10}
    # the small rest (4) would be total - 40: so "fi" is folded in as well
    assert collapse_small(pd.Series({"fi": 40, "sv": 3, "en": 1}), 5, "muut").to_dict() == {"muut": 44}
    assert collapse_small(pd.Series({"fi": 10, "sv": 8}), 5, "muut").to_dict() == {"fi": 10, "sv": 8}


def test_index_lists_n_and_state_and_nothing_holds_a_local_path(built_reports):
    out, outcomes, demo_dir = built_reports.out, built_reports.outcomes, built_reports.data
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "vain ilmoitus pienestä ryhmästä" in index and "koko raportti" in index
    small = next(o for o in outcomes if o.name == SMALL)
    assert small.state == "notice" and small.n == 0
    full = next(o for o in outcomes if o.name == UNIT)
    assert full.state == "full" and f'<td class="n">{full.n}</td>' in index
    assert index.count("Luettelo päivitetty") == 1
    for path in out.rglob("*"):
        if path.suffix in (".html", ".ipynb", ".json", ".svg"):
            assert str(demo_dir.resolve()) not in path.read_text(encoding="utf-8"), path.name
    assert list((out / f"{UNIT}_kuvat").glob("*.svg")) and list((out / f"{UNIT}_kuvat").glob("*.png"))


def test_a_partial_run_keeps_the_other_reports_in_the_index(built_reports, tmp_path):
    from osallisuus.reporting.html import write_index
    from osallisuus.reporting.runner import run_reports

    outcomes, demo_dir, out = built_reports.outcomes, built_reports.data, tmp_path / "reports"
    shutil.copytree(built_reports.out, out)  # the batch is shared with other tests (and workers)
    job = load_job(built_reports.params / f"{UNIT}.yaml", demo_dir, out, notebooks_dir(), Store(demo_dir).read_responses())
    write_index(run_reports([job], workers=1, progress=False), out, Store(demo_dir).version())
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{o.html.name}"' in index for o in outcomes if o.ok)


def test_organization_report_names_its_units_and_says_when_they_move_apart(built):
    out, _ = built
    page = (out / "kohtaamispaikka-ry.html").read_text(encoding="utf-8")
    assert 'lang="fi"' in page  # an organization's report is in its working language, not its respondents' majority
    text = _text(out / "kohtaamispaikka-ry.html").replace("\u00a0", " ")
    units = text.split("Yksiköt")[1].split("Ketkä vastasivat")[0]
    assert "Olohuone" in units and "Nuorten paja" in units
    # the audit may show a change in whole points (the note below the table says so)
    assert re.search(r"Olohuone .*\+\d+(,\d)?", units) and re.search(r"Nuorten paja .*−\d+(,\d)?", units)
    assert "Yksiköiden muutokset ovat eri suuntiin" in text
    org = _text(out / "järvimaan-hyvinvointialue.html")
    assert all(u in org.split("Ketkä vastasivat")[0] for u in ("Työpaja Orimattila", "Asumispalvelu Kärkölä"))


def test_regional_summary_has_key_findings_region_total_and_methods(built):
    out, _ = built
    text = _text(out / f"{REGIONAL}.html")
    for heading in ("Tärkeimmät tulokset", "Alue yhteensä", "kaikki yksiköt yhteensä", "Menetelmät ja aineiston laatu",
                    "Aineiston käsittely"):
        assert heading in text, heading
    assert 'href="aluenakyma.html"' in (out / f"{REGIONAL}.html").read_text(encoding="utf-8")  # the dashboard (build)


@pytest.mark.parametrize("changed", ["statistics/reliability.py", "statistics/tables.py", "schema.py",
                                     "instruments/esis.py", "references.yaml"])
def test_cached_tables_are_made_again_when_any_rule_changes(monkeypatch, changed):
    """The batch cache's key holds every source and rule file: a changed reliability, table,
    scoring or reference rule is never served the tables made with the old one."""
    from osallisuus.reporting import published

    package = Path(published.__file__).resolve().parent.parent
    before = published._code_version.__wrapped__()
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read(p) + (b"#" if p == package / changed else b""))
    assert published._code_version.__wrapped__() != before
