"""Text from the data is never markup: hostile organization, unit, service, language and theme
names and hostile open answers, in every report kind and language, the index and the
questionnaire. The HTML is read as written and as headless Chromium leaves it after loading."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup

from osallisuus.cli import main
from osallisuus.safe_text import CSP, plain
from tests.helpers import chrome

ITEMS = [f"esis_{i:02d}" for i in range(1, 11)]
ORGANIZATION = """Org <img src=x onerror="document.body.setAttribute('data-pwned',1)">"""
UNITS = ["""Paja <svg onload="document.title='PWNED'">""", "[klik](javascript:alert(1))", r"$\undefinedcommand$"]
SERVICE = "<script>document.title='PWNED'</script>"
LANGUAGE = "</table></div><h1>FAKE</h1>"  # not a known language: ingest rejects the cell
THEME_LABEL = """Teema <img src=x onerror="document.body.setAttribute('data-pwned',1)"> ![x](http://evil.example/t.png)"""
ANSWERS = [
    "Paja auttoi <script>document.title='PWNED'</script>",
    "Paja on hyvä ![x](http://evil.example/beacon.png)",
    "Paja [klik](javascript:alert(1)) toimii",
    "Paja </table></div><h1>FAKE</h1> kiva",
    r"Paja $\undefinedcommand$ ja $x^2$",
    "Paja *bold* _it_ # head | a | b |",
    """Paja <img src=x onerror="document.body.setAttribute('data-pwned',1)">""",
    "Paja <a href='javascript:alert(1)'>linkki</a>",
]


def _dataset() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for u, unit in enumerate(UNITS):
        for i in range(8):
            for rnd in ("alku", "loppu"):
                rows.append({"respondent": f"H{u}-{i}", "organization": ORGANIZATION, "unit": unit, "round": rnd,
                             "date": f"2025-0{3 if rnd == 'alku' else 6}-{i + 1:02d}",
                             "service": SERVICE if i % 2 else "Paja", "language": LANGUAGE if i < 6 else "fi",
                             "open_effect": ANSWERS[i], **dict(zip(ITEMS, rng.integers(1, 6, 10).tolist()))})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Every report of the hostile dataset in fi, sv and en, with open answers shown, and the questionnaires."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    (data / "raw").mkdir(parents=True)
    _dataset().to_csv(data / "raw" / "vihamielinen.csv", index=False)
    (data / "themes").mkdir()
    (data / "themes" / "fi.yaml").write_text(yaml.safe_dump(
        {"language": "fi", "themes": {"paja": {"label": THEME_LABEL, "definition": "x", "signals": ["paja"]}}},
        allow_unicode=True), encoding="utf-8")
    assert main(["ingest", "--data", str(data)]) == 0
    sheet = root / "teemat.csv"  # staff mark every answer confirmed and publishable
    assert main(["themes", "suggest", "--data", str(data), "--out", str(sheet)]) == 0
    marks = pd.read_csv(sheet, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    marks.assign(confirmed="x", publish="x").to_csv(sheet, sep=";", index=False, encoding="utf-8-sig")
    assert main(["themes", "apply", str(sheet), "--data", str(data)]) == 0
    assert main(["params", "--data", str(data), "--out", str(root / "params")]) == 0
    for params in (root / "params").glob("*.yaml"):
        settings = yaml.safe_load(params.read_text(encoding="utf-8"))
        if settings["notebook"] == "unit_report":
            settings["show_open_answers"] = True
        params.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    out = root / "reports"
    assert main(["report", "--data", str(data), "--params-dir", str(root / "params"), "--out", str(out),
                 "--languages", "fi,sv,en", "--quiet"]) == 0
    for lang in ("fi", "sv", "en"):
        assert main(["questionnaire", "--out", str(out / f"lomake.{lang}.html"), "--lang", lang,
                     "--organization", ORGANIZATION, "--units", ",".join(UNITS[:2])]) == 0
    return out


def _pages(out: Path) -> list[Path]:
    return sorted(out.glob("*.html"))


def _report(out: Path, unit: str, suffix: str = "") -> Path:
    """The report of ``unit`` ("": the organization's) in the language of ``suffix``."""
    for params in (out.parent / "params").glob("*.yaml"):
        if yaml.safe_load(params.read_text(encoding="utf-8")).get("unit") == unit:
            return out / f"{params.stem}{suffix}.html"
    raise AssertionError(unit)


def _csp(page: str) -> str | None:
    meta = BeautifulSoup(page, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta and meta.get("content")


def _injected(page: str) -> list[str]:
    """What took effect of the payloads in a page (empty: nothing)."""
    soup = BeautifulSoup(page, "html.parser")
    found = [f"<script> {s}" for s in soup.find_all("script")]
    found += [f"on* attribute in <{t.name}>" for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    found += [f"data-pwned on <{t.name}>" for t in soup.find_all(attrs={"data-pwned": True})]
    found += ["<h1>FAKE" for h in soup.find_all("h1") if h.get_text(strip=True) == "FAKE"]
    found += [f"link {a['href']}" for a in soup.find_all("a", href=True) if a["href"].strip().lower().startswith("javascript")]
    found += [f"image {i.get('src')}" for i in soup.find_all("img") if not str(i.get("src", "")).startswith("data:")]
    found += ["<svg> from data" for _ in soup.find_all("svg", attrs={"onload": True})]
    if soup.title and soup.title.get_text().strip() == "PWNED":  # set by a script (names may hold the word)
        found.append("title PWNED")
    return found


def test_every_page_was_made_with_the_payloads_as_visible_text(hostile):
    pages = _pages(hostile)
    names = [p.name for p in pages]
    assert len([n for n in names if n.startswith("lomake")]) == 3 and "index.html" in names
    assert len(pages) == 3 + 1 + 3 * (1 + len(UNITS) + 1)  # questionnaires, index, (organization, units, regional) x 3
    for path in pages:
        page = path.read_text(encoding="utf-8")
        text = BeautifulSoup(page, "html.parser").get_text(" ")
        assert "Org <img src=x" in text, path.name  # shown as text, not dropped
        assert _csp(page) == CSP, path.name
    text = BeautifulSoup(_report(hostile, UNITS[0], ".sv").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "<script>document.title='PWNED'</script>" in text  # the service as written


def test_no_payload_becomes_markup_in_any_written_page(hostile):
    for path in _pages(hostile):
        assert _injected(path.read_text(encoding="utf-8")) == [], path.name


def test_open_answers_and_theme_labels_are_shown_as_text(hostile):
    text = BeautifulSoup(_report(hostile, UNITS[0]).read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "![x]([linkki]" in text and "$\\undefinedcommand$" in text  # the link masked, the rest as text
    assert "Teema <img src=x" in text


@pytest.mark.skipif((shutil.which("chromium") is None or shutil.which("chromedriver") is None) and not os.environ.get("CI"),
                    reason="needs chromium and chromium-driver (Debian; .ci/run installs them)")
def test_nothing_runs_or_calls_out_in_chromium(hostile):
    """Each page loaded in one browser (a new Chromium per page took most of the module's time),
    given a moment after loading for anything a payload scheduled; then the DOM as Chromium has it."""
    with chrome() as driver:
        for path in _pages(hostile):
            driver.get(path.resolve().as_uri())
            time.sleep(0.1)
            dom = driver.execute_script("return document.documentElement.outerHTML")
            assert "Org <img src=x" in BeautifulSoup(dom, "html.parser").get_text(), path.name
            assert _injected(dom) == [], path.name
        requests = [json.loads(e["message"])["message"]["params"]["request"]["url"] for e in driver.get_log("performance")
                    if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
        assert requests and all(u.split(":", 1)[0] in ("file", "data") for u in requests), requests


def test_plain_neutralises_markdown_and_html():
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for payload in [*ANSWERS, *UNITS, ORGANIZATION, LANGUAGE, "# otsikko", "1. lista", "www.evil.example"]:
        rendered = markdown2html_mistune(f"* {plain(payload)}")
        soup = BeautifulSoup(rendered, "html.parser")
        assert [t.name for t in soup.find_all(True)] == ["ul", "li"], payload
        assert soup.get_text().strip() == " ".join(payload.split())


def test_chart_labels_are_never_math_and_stay_distinct():
    import io

    import matplotlib.pyplot as plt

    from osallisuus.reporting.figures import chart_labels

    long = "Kuntouttava työtoiminta ja sosiaalinen kuntoutus, "
    names = [r"$\undefinedcommand$", long + "Lahti", long + "Heinola", long + "Lahti", "x" * 100, "x" * 99 + "y"]
    labels = chart_labels(names)
    assert len(set(labels)) == 5 and labels[1] == labels[3] and all(len(x) <= 48 for x in labels[1:])
    assert labels[1].endswith("Lahti") and "…" in labels[1]
    fig, ax = plt.subplots()
    ax.set_yticks(range(len(labels)), labels)
    fig.savefig(io.BytesIO(), format="png")  # "$\undefinedcommand$" read as math raises ValueError here
    assert ax.get_yticklabels()[0].get_text() == r"\$\undefinedcommand\$"
    plt.close(fig)
