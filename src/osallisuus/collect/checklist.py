"""The Webropol/Forms checklist (``osallisuus checklist``): the question texts and answer labels
to use so that a survey's Excel export is recognised without edits. Made from the codebooks,
in the column order of the data-entry template, as Markdown (readable as plain text too) or as
a printable HTML page (A4).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..errors import InputError
from ..safe_text import CSP_META
from .fields import check_language, fields, header_aliases
from .template import clean_names
from .texts import texts

OPTION_SEPARATOR = " / "


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _parts(lang: str, organization: str | None, units: list[str] | None) -> tuple[dict, tuple, list[tuple]]:
    """The checklist's texts, table head and one row per question (question, options, need, also)."""
    check_language(lang)
    t = texts(lang)
    org = clean_names([organization], "--organization")[0] if organization and organization.strip() else None
    unit_names = clean_names(units or [], "--units")
    head = (t["c_question"], t["c_options"], t["c_need"], t["c_also"])
    rows = []
    for f in fields(lang):
        if f.choices:
            options = OPTION_SEPARATOR.join(f.choices)
        elif f.key == "organization" and org:
            options = org
        elif f.key == "unit" and unit_names:
            options = OPTION_SEPARATOR.join(unit_names)
        else:
            options = str(t["c_date"] if f.key == "date" else t["c_free"])
        also = ", ".join(a for a in header_aliases(f.key, lang) if a != f.text)
        rows.append((f.text, options, t["status"][f.status], also))
    return t, head, rows


def build_checklist(lang: str = "fi", organization: str | None = None, units: list[str] | None = None) -> str:
    """The checklist as Markdown: rules, then one table row per question.

    >>> md = build_checklist("fi")
    >>> "| Mittauskerta | alku / väli / loppu / 4. mittaus / 5. mittaus / 6. mittaus / 6 kk seuranta / " in md
    True
    """
    t, head, rows = _parts(lang, organization, units)
    lines = [f"# {t['c_title']}", "", str(t["c_intro"]), ""]
    if t["unofficial"]:
        lines += [f"*{t['unofficial']}*", ""]
    lines += [f"{i}. {rule}" for i, rule in enumerate(t["c_rules"], start=1)]
    lines += ["", f"## {t['c_columns']}", "", "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(_cell(str(c)) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def build_checklist_html(lang: str = "fi", organization: str | None = None, units: list[str] | None = None) -> str:
    """The checklist as a printable HTML page (A4, no script; names from the user are text, never markup).

    >>> page = build_checklist_html("fi", units=["<b>x</b>"])
    >>> "<th>Kysymyksen teksti</th>" in page, "&lt;b&gt;x&lt;/b&gt;" in page, "<b>" in page
    (True, True, False)
    """
    t, head, rows = _parts(lang, organization, units)
    rules = "".join(f"<li>{escape(str(r))}</li>" for r in t["c_rules"])
    table = ("<table><thead><tr>" + "".join(f"<th>{escape(str(h))}</th>" for h in head) + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
             + "</tbody></table>")
    unofficial = f"<p><em>{escape(str(t['unofficial']))}</em></p>" if t["unofficial"] else ""
    style = ("@page{size:A4;margin:15mm} body{font-family:sans-serif;font-size:10.5pt;max-width:190mm;margin:auto}"
             "table{border-collapse:collapse;width:100%} th,td{border:1px solid #999;padding:3px 6px;text-align:left;"
             "vertical-align:top} th{background:#eee} tr{break-inside:avoid}")
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">{CSP_META}"
            f"<title>{escape(str(t['c_title']))}</title><style>{style}</style></head><body>"
            f"<h1>{escape(str(t['c_title']))}</h1><p>{escape(str(t['c_intro']))}</p>{unofficial}<ol>{rules}</ol>"
            f"<h2>{escape(str(t['c_columns']))}</h2>{table}</body></html>\n")


def write_checklist(out: str | Path, lang: str = "fi", organization: str | None = None,
                    units: list[str] | None = None) -> Path:
    """Write the checklist to ``out`` (``.md``, ``.txt`` or printable ``.html``); returns the path."""
    out = Path(out)
    if out.suffix.lower() not in (".md", ".txt", ".html"):
        raise InputError(out, "asetuksen --out tiedostonimen pitää päättyä .md, .txt tai .html.",
                         "--out must end in .md, .txt or .html.", "Anna esimerkiksi --out tarkistuslista.html.",
                         "For example --out checklist.html.")
    build = build_checklist_html if out.suffix.lower() == ".html" else build_checklist
    text = build(lang, organization, units)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
