"""``osallisuus dashboard``: the regional view as one HTML file that opens offline (a shared
drive, an intranet page, an e-mail attachment), with no server and no network.

It embeds only the published data model (:mod:`osallisuus.reporting.model`): the audited
``summary``, ``change``, ``themes``, ``pace`` and ``follow_ups`` (due and overdue) facts of each
year's publication, with the columns the views need, and the dimensions that name them; no
answer-level data. Charts are Vega-Lite, drawn by the Vega libraries bundled into the file
(``vl-convert-python``'s JavaScript bundle); filters, table views and CSV downloads are a short
script over the embedded tables.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path

import pandas as pd
from jinja2 import Environment

from ..texts import LANGUAGES, TEXTS

#: The dashboard's file name beside the reports (``osallisuus build``; the regional summary links to it).
DASHBOARD_FILE = "aluenakyma.html"
#: The columns of each embedded table: what the views show and filter on, nothing more.
EMBEDDED = {
    "summary": ["year", "level", "group_id", "round", "n_answered", "esis_mean", "esis_ci_low", "esis_ci_high",
                "suppressed", "suppressed_reason", "low_precision", "decimals", "audit"],
    "change": ["year", "level", "group_id", "comparison", "n_pairs", "mean_before", "mean_after", "mean_diff", "ci_low",
               "ci_high", "suppressed", "suppressed_reason", "low_precision", "decimals", "audit"],
    "themes": ["year", "level", "group_id", "theme", "effect", "n_coded", "count", "share", "suppressed"],
    "pace": ["year", "group_id", "month", "round", "count", "suppressed_reason"],
    "follow_ups": ["year", "group_id", "status", "count", "suppressed_reason", "as_of", "interval_months"],
    "groups": ["group_id", "level", "organization_id", "organization", "unit", "service_id"],
    "services": ["service_id", "service"],
    "rounds": ["round", "name_{lang}"],
    "comparisons": ["comparison", "name_{lang}"],
    "references": ["reference", "esis_mean", "name_{lang}"],
    "themes_dim": ["theme", "name_{lang}"],
}
#: The follow-up statuses the dashboard shows (the fact has every status; see
#: :data:`osallisuus.statistics.follow_up.STATUSES`).
SHOWN_STATUSES = ("due", "overdue")
#: d3-format locales for the charts' axes (CLDR's separators, as the tables write them).
FORMAT_LOCALES = {
    "fi": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"], "minus": "\u2212"},
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"], "minus": "\u2212"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""], "minus": "-"},
}


def payload(model: dict[str, pd.DataFrame], meta: dict[str, str], language: str) -> dict:
    """What the file embeds: the model's tables cut to :data:`EMBEDDED`, the metadata and the
    texts of ``language``."""
    data = {}
    for name, columns in EMBEDDED.items():
        if name not in model:
            data[name] = []
            continue
        table = model[name]
        if name == "follow_ups":
            table = table[table["status"].isin(SHOWN_STATUSES)]
        columns = [c.format(lang=language) for c in columns if c.format(lang=language) in table]
        table = table[columns].rename(columns={f"name_{language}": "name"})
        if name == "pace":
            data[name], data["pace_months"] = _compact_pace(table)
            continue
        data[name] = json.loads(table.to_json(orient="records", force_ascii=False))
    texts = {k: v for k, v in TEXTS[language].items() if isinstance(v, str) and (
        k.startswith(("dash_", "effect_")) or k in ("organization", "unit", "round", "reference", "theme",
                                                    "suppressed", "hidden_other", "hidden_whole"))}
    texts = {k: v.replace("{min_n}", meta["min_n"]) for k, v in texts.items()}
    return {"language": language, "meta": meta, "texts": texts, "format_locale": FORMAT_LOCALES[language], **data}


def _compact_pace(table: pd.DataFrame) -> tuple[dict, dict]:
    """The pace fact as columns and value rows, without its zeros (the page makes them again: every
    month of the year, returned apart, for each round a group has), and the months of each year.
    For 30 organizations over 5 years, the records with their zeros were 2.6 MB."""
    months = {str(year): sorted(set(part), key=lambda m: (m == "", m)) for year, part in table.groupby("year")["month"]}
    rows = table[table["count"].isna() | (table["count"] != 0)]  # hidden counts are not zeros
    return {"columns": list(rows.columns), "rows": json.loads(rows.to_json(orient="values", force_ascii=False))}, months


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script with no outside references (made once)."""
    import vl_convert

    return vl_convert.javascript_bundle()


def write_dashboard(model: dict[str, pd.DataFrame], meta: dict[str, str], language: str, out: str | Path) -> Path:
    """Write the dashboard of ``model`` in ``language`` (``fi``, ``sv`` or ``en``) to ``out``."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = resources.files("osallisuus.reporting") / "templates" / "dashboard"
    template = Environment(autoescape=True).from_string((folder / "dashboard.html.j2").read_text(encoding="utf-8"))
    data = json.dumps(payload(model, meta, language), ensure_ascii=False, separators=(",", ":"))
    html = template.render(language=language, title=TEXTS[language]["dash_title"],
                           data=_script_safe(data), vega=_script_safe(vega_bundle()),
                           app=_script_safe((folder / "dashboard.js").read_text(encoding="utf-8")))
    out.write_text(html, encoding="utf-8")
    return out


def _script_safe(text: str):
    """Text to put inside a <script> element: no ``</script`` can end it early (in JavaScript
    strings and JSON ``<\\/`` is the same text; nothing else is touched)."""
    from markupsafe import Markup

    return Markup(re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE))
