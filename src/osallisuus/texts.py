"""Report texts in Finnish (default), Swedish and English, each language complete: no text
falls back to another language (a test checks the keys and looks for words of the wrong
language). Written for social workers and service supervisors: plain words, short, honest
about uncertainty.

The texts live in per-language catalogues, ``locale/{fi,sv,en}.yaml`` (one key per
text), which translators edit without Python. ``{min_n}`` is filled in everywhere, other
``{names}`` by the section. A sentence that holds a count is a mapping by CLDR plural form
(``one``, ``other``) that names its count: ``{count: n, one: "…", other: "…"}``. Numbers,
percentages, ranges and dates are written by Babel (CLDR) in the report's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_minus_sign_symbol

from .yaml_files import safe_load


def _catalogue(language: str) -> dict[str, str | dict[str, str]]:
    path = resources.files("osallisuus") / "locale" / f"{language}.yaml"
    return safe_load(path.read_text(encoding="utf-8"))


TEXTS: dict[str, dict[str, str | dict[str, str]]] = {language: _catalogue(language) for language in ("fi", "sv", "en")}
LANGUAGES = tuple(TEXTS)


#: Spaces a line must not break at: after a number before its word ("47 vastaajaa"), and around "=" in "n = 31".
_UNBROKEN = re.compile(r"(?<=\d) (?=[^\W\d_]|%)|(?<=\bn) (?==)|(?<==) (?=\d)")


def text(language: str, key: str, **values: object) -> str:
    """The text ``key`` in ``language`` with ``values`` filled in; whole numbers are written the
    language's way, and a sentence with a count takes the count's plural form.

    >>> text("fi", "units_left_out", n=1, min_n=5).split(". ")[1][:40]
    '1\xa0yksikkö ei ole mukana, koska siinä on '
    """
    entry = TEXTS[language][key]
    if isinstance(entry, dict):
        count = values[entry["count"]]
        form = Locale.parse(language).plural_form(count) if isinstance(count, (int, float)) else "other"
        entry = entry.get(form, entry["other"])
    shown = {k: number(v, language, 0) if isinstance(v, int) and not isinstance(v, bool) else v
             for k, v in values.items()}
    return _UNBROKEN.sub("\u00a0", entry.format(**shown))


def number(x: float | None, language: str, decimals: int = 1) -> str:
    """A number as the language writes it (CLDR through Babel): decimal comma, no-break space
    between thousands and a real minus sign in Finnish and Swedish; "–" for a missing value.

    >>> number(-1234.56, "fi"), number(0.5, "sv", 2), number(1234.5, "en"), number(None, "fi")
    ('−1\xa0234,6', '0,50', '1,234.5', '–')
    """
    if x is None or pd.isna(x):
        return "–"
    try:
        return _number(x, language, decimals)
    except TypeError:  # a value that cannot be a key (e.g. an array of one number)
        return _number.__wrapped__(x, language, decimals)


@functools.lru_cache(maxsize=8192, typed=True)
def _number(x: float, language: str, decimals: int) -> str:
    """:func:`number` of a value that is there, kept per value and type: a figure's axes write
    the same ticks at each layout pass and draw, and the reports the same counts."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    shown = format_decimal(abs(x), pattern, locale=language)
    negative = round(x, decimals) < 0
    return get_minus_sign_symbol(locale=language) + shown if negative else shown


def number_range(low: float, high: float, language: str, decimals: int = 1) -> str:
    """An interval that never breaks across lines: "53,3–62,4", or with spaces around the dash
    when a bound is negative ("−8,1 – −2,0", as the Finnish and Swedish style guides write it).

    >>> number_range(53.34, 62.4, "fi"), number_range(-8.1, 2, "en")
    ('53,3–62,4', '-8.1\xa0–\xa02.0')
    """
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return "–"
    a, b = number(low, language, decimals), number(high, language, decimals)
    dash = "\u00a0–\u00a0" if "−" in a + b or "-" in a + b else "–"
    return f"{a}{dash}{b}".replace(" ", "\u00a0")


def p_value(p: float | None, language: str) -> str:
    """A p-value with three decimals, or "< 0,001" (never "0,000").

    >>> p_value(0.00002, "fi"), p_value(0.0412, "en")
    ('<\xa00,001', '0.041')
    """
    if p is not None and not pd.isna(p) and p < 0.001:
        return "<\u00a0" + number(0.001, language, 3)
    return number(p, language, 3)


def percent(x: float | None, language: str) -> str:
    """A share as a whole percentage (CLDR): "23 %" in Finnish and Swedish (no-break space), "23%" in English.

    >>> percent(0.234, "fi"), percent(0.234, "en")
    ('23\xa0%', '23%')
    """
    if x is None or pd.isna(x):
        return "–"
    from babel.numbers import format_percent

    return format_percent(x, locale=language)


def day(value: dt.date, language: str) -> str:
    """A date as the language writes it, by the catalogue's ``date_format`` (CLDR pattern): "1.12.2026"."""
    return format_date(value, TEXTS[language]["date_format"], locale=language)


def moment(value: dt.datetime, language: str) -> str:
    """A date and time: "1.12.2026 klo 5.36"."""
    from babel.dates import format_time

    return f"{day(value, language)} {format_time(value, TEXTS[language]['time_format'], locale=language)}"


def month(value: pd.Period | dt.date, language: str) -> str:
    """A month on a chart axis or in a sentence, by the catalogue's ``month_format``: "1/2025"."""
    when = value.to_timestamp() if isinstance(value, pd.Period) else value
    return format_date(when, TEXTS[language]["month_format"], locale=language)
