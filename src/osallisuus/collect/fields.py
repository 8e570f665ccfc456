"""The common minimum dataset: which columns a collection form has, in which order, and the
labels each column allows, all read from the codebooks so that the template, the paper
questionnaire and the Webropol/Forms checklist stay in step with what ingest recognises.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import InputError
from ..intake.codebook import CODEBOOK_DIR, load_codebooks
from ..schema import (
    CODED_COLUMNS,
    ESIS_ITEMS,
    EUROHIS_ITEMS,
    LONELINESS,
    REQUIRED_COLUMNS,
)
from ..yaml_files import safe_load

#: Languages with a complete collection kit (templates, questionnaire, checklist).
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

#: Column order of the template, the paper form and the checklist. Staff-filled fields first
#: (the "for staff" box of the paper form), then the questions in the order they are asked.
COLUMNS: tuple[str, ...] = (
    "respondent", "organization", "unit", "service", "round", "date", "language",
    *ESIS_ITEMS, LONELINESS, *EUROHIS_ITEMS, "age_group", "gender", "open_effect",
)
QUESTION_ITEMS: tuple[str, ...] = (*ESIS_ITEMS, LONELINESS, *EUROHIS_ITEMS)

#: Columns without which pairing or the period of a report is lost (README, "Common minimum dataset").
RECOMMENDED: tuple[str, ...] = ("respondent", "date")
REQUIRED: tuple[str, ...] = REQUIRED_COLUMNS


def status(column: str) -> str:
    """``required``, ``recommended`` or ``optional``.

    >>> status("esis_03"), status("respondent"), status("gender")
    ('required', 'recommended', 'optional')
    """
    return "required" if column in REQUIRED else "recommended" if column in RECOMMENDED else "optional"


def instrument_of(column: str) -> str | None:
    """The codebook instrument of an item column, None for background columns."""
    if column in ESIS_ITEMS:
        return "esis"
    if column in EUROHIS_ITEMS:
        return "eurohis"
    return "loneliness" if column == LONELINESS else None


def number(column: str) -> int | None:
    """The question number shown on the paper form and in the template header (1-19)."""
    return QUESTION_ITEMS.index(column) + 1 if column in QUESTION_ITEMS else None


@dataclass(frozen=True)
class Field:
    """One column of the collection kit in one language."""

    key: str  # canonical column name
    header: str  # header text as the template writes it (ingest recognises it)
    text: str  # the question or column name without numbering
    status: str
    choices: tuple[str, ...] | None  # allowed labels in order (items: 1..5, then the missing label)
    codes: tuple[object, ...] | None  # the code of each choice (None for the missing label)


def check_language(lang: str, setting: str = "--lang") -> str:
    """``lang`` when the kit exists in it, else :class:`InputError` naming the setting."""
    if lang not in LANGUAGES:
        allowed = ", ".join(LANGUAGES)
        raise InputError(None, f"asetuksen {setting} arvoa '{lang}' ei tunneta; sallitut: {allowed}.",
                         f"unknown {setting} '{lang}'; allowed: {allowed}.")
    return lang


@lru_cache(maxsize=32)
def is_official(instrument: str, lang: str) -> bool:
    """Whether the codebook marks this wording as the official (THL) one."""
    doc = safe_load((CODEBOOK_DIR / instrument / f"{lang}.yaml").read_text(encoding="utf-8"))
    return bool(doc.get("official", False))


@lru_cache(maxsize=8)
def _background(lang: str) -> dict:
    return safe_load((CODEBOOK_DIR / "background" / f"{lang}.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _values(column: str, lang: str) -> dict:
    """A coded column's value lists: rounds from ``rounds/<lang>.yaml``, the others from background."""
    if column == "round":
        return safe_load((CODEBOOK_DIR / "rounds" / f"{lang}.yaml").read_text(encoding="utf-8"))["rounds"]
    return _background(lang)["values"][column]


def coded_values(column: str, lang: str) -> tuple[str, ...]:
    """The values of a coded background column in the order its codebook lists them."""
    return tuple(_values(column, lang))


def value_label(column: str, value: str, lang: str) -> str:
    """The label offered for a coded background value: the codebook's first label, except that
    a language is named (``suomi``) rather than given as its ISO code (``fi``)."""
    labels = [str(label) for label in _values(column, lang)[value]]
    if column == "language":
        labels = [label for label in labels if label.casefold() != value] or labels
    return labels[0] if labels else value


def header_aliases(column: str, lang: str) -> tuple[str, ...]:
    """Every header text the codebook of ``lang`` accepts for ``column`` (the first one is used)."""
    instrument = instrument_of(column)
    if instrument is None:
        return tuple(_background(lang)["columns"][column])
    doc = safe_load((CODEBOOK_DIR / instrument / f"{lang}.yaml").read_text(encoding="utf-8"))
    spec = doc["items"][column]
    texts = spec["text"] if isinstance(spec, dict) else spec
    return (texts,) if isinstance(texts, str) else tuple(texts)


def field(column: str, lang: str) -> Field:
    """The :class:`Field` for ``column`` in ``lang``, built from the codebooks."""
    books = load_codebooks()
    n = number(column)
    if n is not None:
        text = books.written[("item", column, lang)]
        codes: tuple[object, ...] = (1, 2, 3, 4, 5, None)
        choices = tuple(books.written[("answer", column, lang, c)] for c in range(1, 6))
        choices += (books.written[("missing", column, lang)],)
        return Field(column, f"{n}. {text}", text, status(column), choices, codes)
    text = books.written[("column", column, lang)]
    if column in CODED_COLUMNS:
        values = coded_values(column, lang)
        return Field(column, text, text, status(column), tuple(value_label(column, v, lang) for v in values), values)
    return Field(column, text, text, status(column), None, None)


def fields(lang: str) -> list[Field]:
    """Every column of the kit in ``lang``, in :data:`COLUMNS` order.

    >>> [f.header for f in fields("fi")][:5]
    ['Vastaajatunnus', 'Organisaatio', 'Yksikkö', 'Palvelu', 'Mittauskerta']
    >>> fields("fi")[7].header
    '1. Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä.'
    >>> fields("en")[7].choices
    ('Strongly disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Completely agree', 'Cannot say')
    >>> fields("fi")[6].choices[:3]
    ('suomi', 'ruotsi', 'englanti')
    """
    check_language(lang)
    return [field(c, lang) for c in COLUMNS]
