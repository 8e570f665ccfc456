"""The Webropol/Forms checklist (``osallisuus checklist``): the question texts and answer labels
to use so that a survey's Excel export is recognised without edits. Made from the codebooks,
in the column order of the data-entry template, as Markdown (readable as plain text too).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .fields import check_language, fields, header_aliases
from .template import clean_names
from .texts import texts

OPTION_SEPARATOR = " / "


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def build_checklist(lang: str = "fi", organization: str | None = None, units: list[str] | None = None) -> str:
    """The checklist as Markdown: rules, then one table row per question.

    >>> md = build_checklist("fi")
    >>> "| Mittauskerta | alku / väli / loppu / 4. mittaus / 5. mittaus / 6. mittaus / 6 kk seuranta / " in md
    True
    """
    check_language(lang)
    t = texts(lang)
    org = clean_names([organization], "--organization")[0] if organization and organization.strip() else None
    unit_names = clean_names(units or [], "--units")
    lines = [f"# {t['c_title']}", "", str(t["c_intro"]), ""]
    if t["unofficial"]:
        lines += [f"*{t['unofficial']}*", ""]
    lines += [f"{i}. {rule}" for i, rule in enumerate(t["c_rules"], start=1)]
    head = (t["c_question"], t["c_options"], t["c_need"], t["c_also"])
    lines += ["", f"## {t['c_columns']}", "", "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
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
        row = (f.text, options, t["status"][f.status], also)
        lines.append("| " + " | ".join(_cell(str(c)) for c in row) + " |")
    return "\n".join(lines) + "\n"


def write_checklist(out: str | Path, lang: str = "fi", organization: str | None = None,
                    units: list[str] | None = None) -> Path:
    """Write the checklist to ``out`` (``.md`` or ``.txt``); returns the path."""
    out = Path(out)
    if out.suffix.lower() not in (".md", ".txt"):
        raise InputError(out, "asetuksen --out tiedostonimen pitää päättyä .md tai .txt.",
                         "--out must end in .md or .txt.", "Anna esimerkiksi --out tarkistuslista.md.",
                         "For example --out checklist.md.")
    text = build_checklist(lang, organization, units)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
