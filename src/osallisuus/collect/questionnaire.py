"""The printable paper questionnaire (``osallisuus questionnaire``): one self-contained HTML file
with a print stylesheet for A4. Questions and answer labels come from the codebooks (THL's
official Finnish wording; other languages are marked unofficial where the codebook says so),
in the column order of the data-entry template, so typing a form in goes left to right.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from pathlib import Path

from ..errors import InputError
from ..safe_text import CSP_META
from .fields import Field, check_language, fields, instrument_of, is_official
from .template import clean_names
from .texts import texts

CSS = """
@page { size: A4; margin: 13mm 14mm 14mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #000;
       line-height: 1.3; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
p { margin: 0 0 2mm; }
.org { font-size: 11pt; margin-bottom: 2mm; }
.staff { border: 1.2px solid #000; padding: 1.5mm 3mm 2mm; margin-bottom: 3mm; background: #f2f2f2; }
.staff h2 { margin: 0 0 1mm; font-size: 10pt; }
.staff table { width: 100%; border-collapse: collapse; }
.staff th { text-align: left; font-weight: normal; width: 32mm; padding: 1mm 0; vertical-align: bottom; }
.staff td { padding: 1mm 0; }
.write { display: inline-block; border-bottom: 1px solid #000; min-width: 60mm; height: 5mm; }
.hint { color: #444; font-size: 8pt; margin-left: 2mm; }
.choice { display: inline-block; margin-right: 5mm; white-space: nowrap; }
.box { display: inline-block; width: 4.2mm; height: 4.2mm; border: 1.3px solid #000; background: #fff;
       vertical-align: middle; margin-right: 1.2mm; }
section { break-inside: avoid; page-break-inside: avoid; }
table.matrix { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 1mm; }
.matrix th { font-weight: normal; font-size: 7.5pt; text-align: center; vertical-align: bottom; padding: 0 0.5mm 1mm;
             hyphens: manual; overflow-wrap: normal; word-break: keep-all; }
.matrix th.num { width: 7mm; }
.matrix th.q { width: 31%; }
.matrix td { padding: 1.3mm 0.5mm; vertical-align: middle; border-top: 0.5px solid #bbb; }
.matrix td.a { text-align: center; }
.matrix tbody tr:nth-child(odd) td { background: #f2f2f2; }
.matrix td.num { font-weight: bold; text-align: right; padding-right: 1.5mm; }
.code { display: block; font-size: 6.5pt; color: #555; line-height: 1; margin-top: 0.4mm; }
.open { border: 1px solid #000; height: 30mm; }
.unofficial { font-style: italic; }
footer { margin-top: 3mm; font-size: 8pt; color: #333; }
.thanks { font-weight: bold; font-size: 11pt; text-align: center; margin: 3mm 0; }
@media screen { body { padding: 10mm; } }
"""


def _box(label: str) -> str:
    return f'<span class="choice"><span class="box"></span>{escape(label)}</span>'


def _write_line(hint: str = "") -> str:
    return '<span class="write"></span>' + (f'<span class="hint">{escape(hint)}</span>' if hint else "")


def _staff_box(cols: dict[str, Field], lang: str, organization: str | None, units: list[str]) -> str:
    """The fields staff fill in, in template order: code, organization, unit, service, round, date, language."""
    t = texts(lang)
    language = cols["language"]
    own_language = language.choices[language.codes.index(lang)]
    cells = {
        "respondent": _write_line(str(t["q_code_hint"])),
        "organization": escape(organization) if organization else _write_line(),
        "unit": "".join(_box(u) for u in units) if units else _write_line(),
        "service": _write_line(),
        "round": "".join(_box(c) for c in cols["round"].choices),
        "date": _write_line(str(t["q_date_hint"])),
        "language": f'{escape(own_language)} <span class="hint">({escape(str(t["q_form_language"]))})</span>',
    }
    rows = "".join(f"<tr><th>{escape(cols[k].text)}</th><td>{cell}</td></tr>" for k, cell in cells.items())
    return f'<div class="staff"><h2>{escape(str(t["q_staff"]))}</h2><table>{rows}</table></div>'


def _matrix(items: list[Field]) -> str:
    """One table for consecutive questions that share their answer labels."""
    head = "".join(f"<th>{escape(label)}</th>" for label in items[0].choices or ())
    rows = []
    for f in items:
        n, _, text = f.header.partition(". ")
        cells = "".join(
            f'<td class="a"><span class="box"></span><span class="code">{code if code is not None else "&nbsp;"}</span></td>'
            for code in f.codes or ())
        rows.append(f'<tr><td class="num">{escape(n)}.</td><td>{escape(text)}</td>{cells}</tr>')
    return (f'<table class="matrix"><thead><tr><th class="num"></th><th class="q"></th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _instrument_section(title: str, items: list[Field], lang: str, help_text: str = "") -> str:
    mark = "" if is_official(instrument_of(items[0].key) or "esis", lang) else " *"
    tables = "".join(_matrix(list(group)) for _, group in groupby(items, key=lambda f: f.choices))
    help_html = f"<p>{escape(help_text)}</p>" if help_text else ""
    return f"<section><h2>{escape(title)}{mark}</h2>{help_html}{tables}</section>"


def build_questionnaire(lang: str = "fi", organization: str | None = None, units: list[str] | None = None) -> str:
    """The questionnaire as one HTML document (no external files, scripts or fonts).

    >>> page = build_questionnaire("fi")
    >>> "Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä." in page, "://" in page
    (True, False)
    """
    check_language(lang)
    t = texts(lang)
    org = clean_names([organization], "--organization")[0] if organization and organization.strip() else None
    unit_names = clean_names(units or [], "--units")
    cols = {f.key: f for f in fields(lang)}
    by_instrument = {name: [f for f in cols.values() if instrument_of(f.key) == name]
                     for name in ("esis", "loneliness", "eurohis")}
    background = "".join(
        f'<p><b>{escape(cols[k].text)}</b><br>{"".join(_box(c) for c in cols[k].choices or ())}</p>'
        for k in ("age_group", "gender"))
    unofficial = any(not is_official(name, lang) for name in by_instrument)
    body = [
        f'<h1>{escape(str(t["q_title"]))}</h1>',
        f'<div class="org">{escape(org)}</div>' if org else "",
        _staff_box(cols, lang, org, unit_names),
        f'<p>{escape(str(t["q_intro"]))}</p>',
        _instrument_section(str(t["q_esis_title"]), by_instrument["esis"], lang, str(t["q_esis_help"])),
        _instrument_section(str(t["q_loneliness_title"]), by_instrument["loneliness"], lang),
        _instrument_section(str(t["q_eurohis_title"]), by_instrument["eurohis"], lang),
        f'<section><h2>{escape(str(t["q_background_title"]))}</h2>{background}</section>',
        (f'<section><h2>{escape(str(t["q_open_title"]))}</h2><p>{escape(cols["open_effect"].text)} '
        f'<span class="hint">{escape(str(t["q_open_help"]))}</span></p><div class="open"></div></section>'),
        f'<p class="thanks">{escape(str(t["q_thanks"]))}</p>',
        "<footer>"
        + (f'<p class="unofficial">* {escape(str(t["q_unofficial"]))}</p>' if unofficial else "")
        + f'<p>{escape(str(t["q_source"]))} {escape(str(t["q_numbers"]))}</p></footer>',
    ]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{CSP_META}'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(str(t["q_title"]))}</title><style>{CSS}</style></head>\n'
            f'<body>{"".join(body)}</body></html>\n')


def write_questionnaire(out: str | Path, lang: str = "fi", organization: str | None = None,
                        units: list[str] | None = None) -> Path:
    """Write the questionnaire to ``out`` (an ``.html`` file); returns the path."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(out, "asetuksen --out tiedostonimen pitää päättyä .html.", "--out must end in .html.",
                         "Anna esimerkiksi --out lomake.html.", "For example --out form.html.")
    page = build_questionnaire(lang, organization, units)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
