"""Codebooks: the data files that map export headers and answer labels to codes.

Each file under ``codebooks/<instrument>/<language>.yaml`` describes one instrument in one
language: item texts (used to recognise column headers), answer scales (label -> code) and
labels that mean "missing" (e.g. "En osaa sanoa"). ``background/<language>.yaml`` holds the
header names of identifying columns and the labels of gender, age group and language;
``rounds/<language>.yaml`` the words people write for measurement rounds ("1. mittaus",
"Uppföljning", "6-month follow-up"), keyed by the rounds of :data:`osallisuus.schema.ROUNDS`.
Adding a language means adding a file; nothing here guesses an unknown label.

Matching is done on :func:`normalize`-d text: Unicode NFKC, Arabic/Persian letter variants
folded, dashes unified, whitespace collapsed and case folded.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from ..schema import CANONICAL_COLUMNS, RESPONSE_ID, ROUNDS
from ..yaml_files import safe_load

CODEBOOK_DIR = Path(str(resources.files("osallisuus") / "codebooks"))

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Farsi yeh
        "\u0649": "\u06cc",  # alef maksura -> Farsi yeh
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u200f": None,  # right-to-left mark
        "\u200e": None,  # left-to-right mark
        "\ufeff": None,  # stray byte-order mark
        "\u0640": None,  # tatweel
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2019": "'",
        "\u02bc": "'",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
    }
)
_NUMBERING = re.compile(r"^\(?\d{1,2}[.):]\s*")
_TRAILING = re.compile(r"[\s.?!:*]+$")


def normalize(text: object) -> str:
    """Text as compared against codebooks: NFKC, folded variants, single spaces, casefolded."""
    s = str(text)
    if not s.isascii():  # NFKC and the folding table leave ASCII unchanged
        s = unicodedata.normalize("NFKC", s).translate(_FOLD)
    return " ".join(s.split()).casefold()


_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]+"  # what str.split() splits ASCII text on


def normalize_many(values: list[str]) -> list[str]:
    """:func:`normalize` for many strings at once (Arrow compute for ASCII ones; same result)."""
    return normalize_arrow(values).to_pylist()


def normalize_arrow(values):
    """:func:`normalize_many` as an Arrow string array (Arrow compute for ASCII strings; the others
    one by one), of a list of strings or an Arrow string array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    given = isinstance(values, pa.Array)  # an Arrow string array (a CSV column's distinct values)
    arr = values if given else pa.array(values, type=pa.string())
    ascii_ = pc.string_is_ascii(arr).to_numpy(zero_copy_only=False)
    if _has_space(arr):
        arr = pc.utf8_trim(pc.replace_substring_regex(arr, _ASCII_SPACE, " "), " ")
    fast = pc.ascii_lower(arr)
    if ascii_.all():  # the usual respondent codes: Arrow did all of it
        return fast
    values = values.to_pylist() if given else values
    return pa.array([f if a else normalize(v) for f, a, v in zip(fast.to_pylist(), ascii_, values)], type=pa.string())


#: The bytes of :data:`_ASCII_SPACE`.
_SPACE_BYTES = np.zeros(256, dtype=bool)
_SPACE_BYTES[[9, 10, 11, 12, 13, *range(0x1C, 0x20), 32]] = True


def _has_space(arr) -> bool:
    """Whether any string of an Arrow string array may hold a byte of :data:`_ASCII_SPACE` (its
    whole data buffer looked at once; without one, there is nothing to collapse or trim)."""
    data = arr.buffers()[2]
    return data is not None and bool(_SPACE_BYTES[np.frombuffer(data, dtype=np.uint8)].any())


def normalize_header(text: object) -> str:
    """A column header for matching: :func:`normalize` without numbering and end punctuation."""
    s = _TRAILING.sub("", normalize(text))
    return _NUMBERING.sub("", s)


class CodebookError(ValueError):
    """A codebook file is malformed or contradicts another one."""


@dataclass(frozen=True)
class HeaderMatch:
    column: str  # canonical column name, or "" for a known column that is dropped
    language: str | None


@dataclass
class Codebooks:
    """All codebooks merged into lookup tables keyed by normalised text."""

    headers: dict[str, HeaderMatch] = field(default_factory=dict)
    item_texts: list[tuple[str, str, str]] = field(default_factory=list)  # (norm text, item, lang)
    labels: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)  # item -> label
    missing: dict[str, dict[str, str]] = field(default_factory=dict)  # item -> missing label
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> label -> value
    layout_markers: dict[str, set[str]] = field(default_factory=dict)
    #: the first text of each list as written, e.g. ("item", "esis_01", "fi"), ("answer", "esis_01",
    #: "fi", 5), ("missing", item, lang), ("column", "unit", "sv"), ("value", "round", "sv", "alku")
    written: dict[tuple, str] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)  # instrument -> file paths
    summary_words: set[str] = field(default_factory=set)  # "yhteensä", "total": a row or sheet that sums others
    placeholders: set[str] = field(default_factory=set)  # "Response": a second header row's filler (SurveyMonkey)
    #: the rounds in order: :data:`~osallisuus.schema.ROUNDS`, then an organization's own ones
    rounds: list[str] = field(default_factory=lambda: list(ROUNDS))
    #: (field, label) pairs of the shipped value lists: an own codebook may give such a label
    #: another meaning (a store whose "6 kk seuranta" was taught as loppu keeps it so)
    shipped: set[tuple[str, str]] = field(default_factory=set)

    def match_header(self, header: object) -> HeaderMatch | None:
        """The canonical column a header stands for, or None when it is not known.

        Exact match first; then a header that *ends* with an item text (Webropol writes
        matrix statements as "Question - statement").
        """
        key = normalize_header(header)
        if not key:
            return None
        hit = self.headers.get(key)
        if hit is not None:
            return hit
        if key.endswith("]") and "[" in key:  # a grid: "Question [statement]" (Google Forms, LimeSurvey)
            return self.match_header(key[key.rindex("[") + 1 : -1])
        for text, item, lang in self.item_texts:
            if len(key) > len(text) and key.endswith(text) and not key[-len(text) - 1].isalnum():
                return HeaderMatch(item, lang)
        return None

    def summary_mask(self, values: list) -> np.ndarray:
        """Which values say total, summary, mean or average ("Yhteensä", "Keskiarvo (n=12)",
        "Total:"): text that starts with a ``summary_words`` entry of a codebook as a whole word."""
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(values, pa.Array):  # a CSV column's distinct values, as Arrow read them
            text = values
        elif pd.api.types.infer_dtype(values, skipna=False) == "string":  # text only (a CSV column): as it is
            text = pa.array(values, type=pa.string())
        else:
            text = pa.array([v if isinstance(v, str) else None for v in values], type=pa.string())
        if not self.summary_words or not len(text):
            return np.zeros(len(values), dtype=bool)
        words = "|".join(re.escape(w) for w in sorted(self.summary_words, key=len, reverse=True))
        hits = pc.match_substring_regex(text, rf"^\s*(?:{words})(?:$|[^\p{{L}}\p{{N}}])", ignore_case=True)
        return pc.fill_null(hits, False).to_numpy(zero_copy_only=False)

    def item_text(self, item: str, language: str) -> str:
        """An item's wording in ``language`` (Finnish, then the key, when not available)."""
        return self.written.get(("item", item, language)) or self.written.get(("item", item, "fi")) or item

    def hint(self, column: str) -> str:
        """The codebook file a user would extend to teach a new label for ``column``."""
        instrument = column.split("_")[0] if column.startswith(("esis", "eurohis")) else column
        instrument = "rounds" if column == "round" else instrument
        folder = instrument if instrument in self.files else "background"
        return f"DIR/codebooks/omat.yaml (muoto kuin src/osallisuus/codebooks/{folder}/<kieli>.yaml)"

    # -- building ---------------------------------------------------------------------
    def _add_header(self, text: str, match: HeaderMatch, source: str) -> None:
        key = normalize_header(text)
        old = self.headers.get(key)
        if old is not None and old.column != match.column:
            raise CodebookError(
                f"{source}: header {text!r} already means {old.column!r}, cannot also mean "
                f"{match.column!r}"
            )
        self.headers.setdefault(key, match)

    def _add_label(self, table: dict, key: str, value, source: str, what: str) -> None:
        old = table.get(key)
        if old is not None and old[0] != value[0]:
            raise CodebookError(f"{source}: label {key!r} of {what} maps to both {old[0]} and {value[0]}")
        table.setdefault(key, value)

    def add_instrument(self, doc: dict, source: str) -> None:
        lang = doc["language"]
        scales: dict = doc.get("scales") or {}
        if not scales:
            raise CodebookError(f"{source}: no 'scales'")
        default_scale = next(iter(scales))
        for item, spec in (doc.get("items") or {}).items():
            texts = spec["text"] if isinstance(spec, dict) else spec
            self.written.setdefault(("item", item, lang), texts if isinstance(texts, str) else texts[0])
            for text in [texts] if isinstance(texts, str) else texts:
                self._add_header(text, HeaderMatch(item, lang), source)
                self.item_texts.append((normalize_header(text), item, lang))
        item_scale = {
            item: (spec.get("scale", default_scale) if isinstance(spec, dict) else default_scale)
            for item, spec in (doc.get("items") or {}).items()
        }
        for item in self._items_of(doc["instrument"]):
            scale = scales.get(item_scale.get(item, default_scale)) or scales[default_scale]
            table = self.labels.setdefault(item, {})
            for code, labels in scale.items():
                self.written.setdefault(("answer", item, lang, int(code)), labels[0])
                for label in labels:
                    self._add_label(table, normalize(label), (int(code), lang), source, item)
            for label in doc.get("missing") or []:
                self.written.setdefault(("missing", item, lang), label)
                self.missing.setdefault(item, {})[normalize(label)] = lang

    def _items_of(self, instrument: str) -> list[str]:
        from ..instruments import ITEMS_BY_INSTRUMENT

        try:
            return list(ITEMS_BY_INSTRUMENT[instrument])
        except KeyError:
            raise CodebookError(f"unknown instrument {instrument!r}") from None

    def add_background(self, doc: dict, source: str) -> None:
        lang = doc["language"]
        for column, texts in (doc.get("columns") or {}).items():
            if column not in CANONICAL_COLUMNS + (RESPONSE_ID,):
                raise CodebookError(f"{source}: unknown column {column!r}")
            self.written.setdefault(("column", column, lang), texts[0])
            for text in texts:
                self._add_header(text, HeaderMatch(column, lang), source)
        for text in doc.get("drop") or []:
            self._add_header(text, HeaderMatch("", lang), source)
        self.summary_words.update(normalize(t) for t in doc.get("summary_words") or [])
        self.placeholders.update(normalize_header(t) for t in doc.get("header_placeholders") or [])
        for layout, texts in (doc.get("layout_markers") or {}).items():
            self.layout_markers.setdefault(layout, set()).update(normalize_header(t) for t in texts)
        for fld, mapping in (doc.get("values") or {}).items():
            self._add_values(fld, mapping, lang, source)

    def _add_values(self, fld: str, mapping: dict, lang: str, source: str) -> None:
        table = self.values.setdefault(fld, {})
        for value, labels in mapping.items():
            self.written.setdefault(("value", fld, lang, value), labels[0] if labels else value)
            for label in [value, *(labels or [])]:
                key = normalize(label)
                if table.get(key, value) != value and (fld, key) not in self.shipped:
                    raise CodebookError(f"{source}: {fld} label {label!r} is ambiguous")
                self.shipped.discard((fld, key))
                table[key] = value

    def add_rounds(self, doc: dict, source: str) -> None:
        """A round codebook: words for the rounds; a round not yet known is added after the
        known ones (an organization's own round, e.g. ``jatkojakso: [Jatkojakson alku]``)."""
        mapping = doc.get("rounds") or {}
        if not isinstance(mapping, dict):
            raise CodebookError(f"{source}: 'rounds' must map each round to its words")
        self._add_values("round", mapping, doc["language"], source)
        self.rounds += [r for r in mapping if r not in self.rounds]


def codebook_version(directory: Path = CODEBOOK_DIR, extra: Path | None = None) -> str:
    """A short fingerprint of every codebook file, the user's own in ``extra`` too (changes when
    any label changes)."""
    import hashlib

    own = sorted(extra.glob("*.yaml")) if extra is not None and extra.is_dir() else []
    if not own:
        return _shipped_version(directory)
    digest = hashlib.sha256(_shipped_version(directory).encode())
    for path in own:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=4)
def _shipped_version(directory: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.glob("*/*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


#: The user's own codebook files: ``DIR/codebooks/*.yaml`` (same format as the shipped ones).
USER_CODEBOOKS = "codebooks"


@lru_cache(maxsize=4)
def _shipped(directory: Path) -> Codebooks:
    """Every codebook file below ``directory`` (cached)."""
    books = Codebooks()
    for column in CANONICAL_COLUMNS + (RESPONSE_ID,):  # canonical names are always understood
        books._add_header(column, HeaderMatch(column, None), "built-in")
    for path in sorted(directory.glob("*/*.yaml")):
        _add_file(books, path)
    books.item_texts.sort(key=lambda t: -len(t[0]))
    books.shipped = {(fld, key) for fld, table in books.values.items() for key in table}
    return books


def load_codebooks(directory: Path = CODEBOOK_DIR, extra: Path | None = None) -> Codebooks:
    """The codebooks below ``directory``, extended by the user's own files in ``extra``
    (``DIR/codebooks/*.yaml``, e.g. round words: ``instrument: rounds``, ``rounds: {loppu: ["Päätöskysely"]}``)."""
    books = _shipped(directory)
    own = sorted(extra.glob("*.yaml")) if extra is not None and extra.is_dir() else []
    if not own:
        return books
    books = copy.deepcopy(books)
    for path in own:
        _add_file(books, path)
    books.item_texts.sort(key=lambda t: -len(t[0]))
    return books


def _add_file(books: Codebooks, path: Path) -> None:
    try:
        doc = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(doc, dict) or "instrument" not in doc or "language" not in doc:
        raise CodebookError(f"{path}: needs 'instrument' and 'language'")
    books.files.setdefault(doc["instrument"], []).append(str(path))
    if doc["instrument"] == "background":
        books.add_background(doc, str(path))
    elif doc["instrument"] == "rounds":
        books.add_rounds(doc, str(path))
    else:
        books.add_instrument(doc, str(path))
