"""Every setting a person can give, in one place: its default, type, allowed values and help.

The command line, ``osallisuus params``, the check of params files before reports run, the
notebooks' parameter cells (a test compares their literal defaults with these) and the README
table all read :data:`SETTINGS`. A bad value is refused here, before any work starts, with a
message that names the setting, what is allowed and where the value came from (exit code 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError
from .instruments import esis
from .reference_values import references
from .schema import ROUNDS

REPORT_LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")


@dataclass(frozen=True)
class Setting:
    """One setting. ``low``/``high`` bound numbers; ``choices`` lists allowed values."""

    name: str
    default: Any
    kind: type
    help_fi: str
    help_en: str
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] | None = None
    notebooks: tuple[str, ...] = ("unit_report", "regional_summary")

    def allowed(self) -> tuple[str, str]:
        """What is allowed, in Finnish and English."""
        if self.choices is not None:
            listed = ", ".join(self.choices)
            return f"yksi tai useampi näistä: {listed}" if self.kind is list else f"jokin näistä: {listed}", listed
        if self.low is not None:
            return f"kokonaisluku {self.low}–{self.high}", f"a whole number from {self.low} to {self.high}"
        if self.kind is bool:
            return "true tai false", "true or false"
        if self.name.startswith("period_"):
            return "päivämäärä muodossa 2025-12-31 tai tyhjä", "a date such as 2025-12-31, or empty"
        return "tekstiä", "text"

    def check(self, value: Any, source: str | Path | None = None) -> Any:
        """``value`` if it is allowed (lists as lists), else :class:`InputError`."""
        ok = _valid(self, value)
        if not ok:
            fi, en = self.allowed()
            raise InputError(source, f"asetuksen '{self.name}' arvo {value!r} ei kelpaa.",
                             f"setting '{self.name}' cannot be {value!r}.",
                             f"Sallittu on {fi} ({self.help_fi}).", f"Allowed is {en} ({self.help_en}).")
        return list(value) if self.kind is list else value


def _valid(setting: Setting, value: Any) -> bool:
    if setting.kind is int:
        return (isinstance(value, int) and not isinstance(value, bool)
                and setting.low <= value <= setting.high)
    if setting.kind is bool:
        return isinstance(value, bool)
    if setting.kind is list:
        return (isinstance(value, (list, tuple)) and len(value) > 0
                and all(v in setting.choices for v in value) and len(set(value)) == len(value))
    if not isinstance(value, str):
        return False
    if setting.choices is not None:
        return value in setting.choices
    if setting.name.startswith("period_") and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
    return True


_UNIT = ("unit_report",)
SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("organization", "", str, "organisaatio aineistossa kirjoitetulla tavalla",
            "the organization as written in the data", notebooks=_UNIT),
    Setting("unit", "", str, "yksikkö; tyhjä: organisaation kaikki yksiköt",
            "the unit; empty: every unit of the organization", notebooks=_UNIT),
    Setting("period_start", "", str, "ensimmäinen mukaan otettava päivä, tyhjä: ei alarajaa",
            "first day included, empty: no limit", ),
    Setting("period_end", "", str, "viimeinen mukaan otettava päivä, tyhjä: ei ylärajaa",
            "last day included, empty: no limit", ),
    Setting("rounds", list(ROUNDS), list, "mukaan otettavat mittauskerrat", "measurement rounds included",
            choices=ROUNDS, notebooks=_UNIT),
    Setting("interval_months", 3, int, "kuinka monen kuukauden välein yksikkö mittaa (seuraavan mittauksen ajankohta; "
            "vuosimittauksessa aina 12)", "how many months apart the unit measures (when the next measurement is due; "
            "yearly measurement: always 12)", low=1, high=24, notebooks=_UNIT),
    Setting("language", "fi", str, "raportin kieli", "report language", choices=REPORT_LANGUAGES),
    Setting("min_n", 5, int, "pienin näytettävä ryhmä (vastaajia); pienemmät piilotetaan",
            "smallest group shown (respondents); smaller ones are hidden", low=3, high=100),
    Setting("max_missing", esis.DEFAULT_MAX_MISSING, int, "montako osallisuusväittämää saa puuttua, jotta pisteet lasketaan",
            "how many ESIS statements may be missing for a score", low=0, high=len(esis.ITEMS) - 1),
    Setting("protect_score", 10, int, "montako pistettä alle min_n vastauksen joukon pisteiden summan (yhden vastaajan "
            "pisteiden) on jäätävä epävarmaksi kaikesta julkaistusta", "how many points the sum of the scores of fewer "
            "than min_n answers (one person's score) must stay uncertain over, whatever is published", low=0, high=50),
    Setting("protect_answer", 2, int, "montako vastausaskelta saman joukon väittämävastausten summan on jäätävä "
            "epävarmaksi", "how many answer steps such a sum of answers to a statement must stay uncertain over",
            low=0, high=4),
    Setting("reference", "finsote_2019_adults", str, "vertailuarvo (references.yaml)",
            "reference value (references.yaml)", choices=tuple(references())),
    Setting("region", "", str, "alueen nimi alueellisen yhteenvedon otsikossa; tyhjä: Alueellinen yhteenveto",
            "the region's name in the regional summary's title; empty: Regional summary",
            notebooks=("regional_summary",)),
    Setting("show_open_answers", False, bool, "julkaistaviksi merkityt avoimet vastaukset peitettyinä liitteeksi",
            "open answers staff marked publishable, masked, as an appendix", notebooks=_UNIT),
)}


def default(name: str) -> Any:
    """The default of one setting (lists as a new list)."""
    value = SETTINGS[name].default
    return list(value) if isinstance(value, list) else value


def check(name: str, value: Any, source: str | Path | None = None) -> Any:
    """Check one setting's value (see :meth:`Setting.check`)."""
    return SETTINGS[name].check(value, source)


def defaults(notebook: str) -> dict[str, Any]:
    """Every setting of a report notebook with its default, in the documented order."""
    return {name: default(name) for name, s in SETTINGS.items() if notebook in s.notebooks}


def check_all(values: Mapping[str, Any], notebook: str, source: str | Path | None = None) -> dict[str, Any]:
    """Defaults overlaid with ``values``, every one checked; unknown names are refused.

    >>> check_all({"min_n": 10}, "regional_summary")["min_n"]
    10
    >>> try:
    ...     check_all({"min_n": 0}, "regional_summary", "params/x.yaml")
    ... except InputError as exc:
    ...     print(exc.message().splitlines()[0])
    params/x.yaml: asetuksen 'min_n' arvo 0 ei kelpaa.
    """
    import difflib

    known = defaults(notebook)
    for name in values:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint_fi, hint_en = (f" Tarkoititko '{close[0]}'?", f" Did you mean '{close[0]}'?") if close else ("", "")
            raise InputError(source, f"tuntematon asetus '{name}'.{hint_fi}", f"unknown setting '{name}'.{hint_en}",
                             f"Sallitut: {', '.join(known)}.", f"Allowed: {', '.join(known)}.")
    return {name: check(name, values.get(name, value), source) for name, value in known.items()}
