"""Masking open answers before anyone reads them outside the store (the ``themes suggest``
file, theme examples and the open-answers appendix). It errs on the side of hiding: what looks
like a personal identity code, a date, a phone number, an e-mail address, a link, a street
address, a postal code, a car plate, an account number, a user handle, a long number or a name
is replaced by a bracketed word such as ``[nimi]``.

Names come from lists shipped as data: Finnish and Swedish (and other) first names, surnames
and Finnish municipalities from the Faker package (MIT), the project's own additions in
``themes/names/`` (see its README), and staff names listed in ``DIR/names.txt``. Inflected
forms are matched (``Pekan``, ``Liisalle``, ``Virtasen``, ``Lahdessa``), in any case. A word
written with a capital letter inside a sentence is masked whether or not it is on a list; a
name that is also an ordinary word (``toivo``, ``onni``, ``usko``) is masked only when it is
written with a capital inside a sentence (``themes/names/common_words.txt``).

Masking is the second line: only answers that staff marked publishable reach a report.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .lemmas import is_known, lemmatize

NAMES_DIR = Path(str(resources.files("osallisuus.themes") / "names"))
STAFF_NAMES = "names.txt"
#: Faker locales whose person (and address) lists are used.
LOCALES = ("fi_FI", "sv_SE", "et_EE", "en_US", "ru_RU", "uk_UA")
#: Locales whose municipalities (cities) are masked as well.
PLACE_LOCALES = ("fi_FI", "sv_SE")
#: Locales whose lists are used in lower case too (the others only when written with a capital).
ANY_CASE_LOCALES = ("fi_FI", "sv_SE", "et_EE")

_MONTHS = (r"(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu\w*|januari|februari|mars|april"
           r"|maj|juni|juli|augusti|september|oktober|november|december|january|february|march|may|june|july|august"
           r"|october")
_DIGITS = r"\d[\d\s().\-/]*\d"
#: (pattern, replacement) in the order applied: the most specific first.
PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"(?:https?://|www\.)\S+", re.I), "[linkki]"),
    (re.compile(r"[\w.+-]+(?:@|\s*(?:\(at\)|\[at\]|\{at\}|\(ät\)|\(a\))\s*)[\w-]+"
                r"(?:\s*(?:\.|\(dot\)|\[dot\]|\(piste\))\s*[\w-]+)*", re.I), "[sähköposti]"),
    (re.compile(r"\b(?:[\w+-]+\s*(?:\.|\bdot\b|\bpiste\b)\s*)*[\w.+-]+\s+(?:at|ät|miukumauku)\s+[\w-]+(?:\s*(?:\.|\bdot\b|\bpiste\b)\s*[\w-]+)*\s*(?:\.|\bdot\b|"
                r"\bpiste\b)\s*(?:fi|com|net|org|se|eu|info|io|ru|de|uk|ee)\b", re.I), "[sähköposti]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b", re.I), "[tilinumero]"),
    (re.compile(r"\b\d{6}\s?[-+A-FU-Y]\s?\d{3}[0-9A-Y]?(?!\w)", re.I), "[henkilötunnus]"),
    (re.compile(r"(?<![\w.@])@[\w.]{2,}"), "[käyttäjä]"),
    (re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:\d{4}|\d{2})\b"), "[päivämäärä]"),
    (re.compile(rf"\b\d{{1,2}}\.?\s*(?:{_MONTHS})(?:\s+\d{{4}})?\b", re.I), "[päivämäärä]"),
    (re.compile(r"(?:\+|\b00)\s?\d[\d\s().\-/]{5,}\d|\(\s?0\d{1,4}\s?\)\s?[\d\s.\-/]{4,}\d|(?<![\w,])"
                + _DIGITS), "[puhelin]"),
    (re.compile(r"(?i:\b[A-ZÅÄÖ]{2,3}-\d{1,3}\b)|\b[A-ZÅÄÖ]{3}\s\d{1,3}\b"), "[rekisterinumero]"),
    (re.compile(r"\b[^\W\d_]*(?:katu|kadu|kadulla|tie|tiellä|tiel|kuja|kujal|polku|polu|raitti|gatan|gata|vägen|väg|"
                r"street|road|avenue|lane)[^\W\d_]*\s+\d+\s?[A-Za-z]?(?:\s?\d+)?\b(?:\s*(?:as|asunto|lgh|apt|bst)\.?\s*\d+)?",
                re.I), "[osoite]"),
]
_PHONE_DIGITS = 6
#: Finnish (and Swedish genitive) endings tried when looking a word up in the name lists.
_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä")
_ENDINGS = ("lleen", "ltaan", "ltään", "staan", "stään", "ssaan", "ssään", "lle", "lla", "llä", "lta", "ltä", "ssa",
            "ssä", "sta", "stä", "ksi", "na", "nä", "n", "a", "ä", "s")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;\n•*>\-–—])[\s\"'«»”(\[]*$")
#: Words written with a capital inside an English sentence that name no one.
_CAPITALISED_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december finnish swedish english russian arabic somali ukrainian estonian persian "
    "kurdish finland sweden finns i i'm i've i'll ok".split())


def _words(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {w.casefold() for line in lines if not line.startswith("#") for w in line.split()}


@functools.cache
def shipped_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(names matched in any case, names matched only with a capital, names that are also ordinary words)."""
    import importlib

    any_case, capital_only = set(), set()
    for locale in LOCALES:
        person = importlib.import_module(f"faker.providers.person.{locale}").Provider
        words = {w.casefold() for attr in ("first_names", "first_names_female", "first_names_male", "last_names")
                 for w in getattr(person, attr, ()) if len(w) > 1}
        if locale in PLACE_LOCALES:
            address = importlib.import_module(f"faker.providers.address.{locale}").Provider
            words |= {w.casefold() for w in address.cities if " " not in w}
        (any_case if locale in ANY_CASE_LOCALES else capital_only).update(words)
    any_case |= _words(NAMES_DIR / "extra_names.txt")
    common = _words(NAMES_DIR / "common_words.txt")
    return frozenset(any_case), frozenset(capital_only - any_case), frozenset(common)


def staff_names(data_dir: str | Path | None) -> frozenset[str]:
    """Names staff listed in ``DIR/names.txt`` (one a line; lines starting with # are notes)."""
    path = Path(data_dir) / STAFF_NAMES if data_dir else None
    if not path or not path.exists():
        return frozenset()
    return frozenset(_words(path))


@functools.lru_cache(maxsize=100_000)
def _forms(word: str) -> frozenset[str]:
    """``word`` (casefolded) and the names it may be an inflected form of: "pekan" -> pekka,
    "virtasen" -> virtanen, "liisalle" -> liisa, "kärkölässä" -> kärkölä (also by simplemma,
    when its dictionary knows the word as a proper noun). Base forms are at least 4 letters."""

    word = word.casefold()
    forms = {word}
    for part in re.split(r"['’-]", word):
        forms.add(part)
        lemma = lemmatize(part, "fi")
        if lemma[:1].isupper():
            forms.add(lemma.casefold())
        for clitic in ("", *_CLITICS):
            if clitic and not part.endswith(clitic):
                continue
            base = part[: len(part) - len(clitic)] if clitic else part
            for ending in _ENDINGS:
                if not base.endswith(ending) or len(base) - len(ending) < 3:
                    continue
                stem = base[: -len(ending)]
                found = {stem, stem + "a", stem + "ä", stem + "i", stem + "e"}
                if stem.endswith("i"):  # Peteri-lle -> Peter
                    found.add(stem[:-1])
                if stem.endswith("se"):  # Virtase-n -> Virtanen
                    found.add(stem[:-2] + "nen")
                if stem.endswith("kse"):  # Tuomakse-n -> Tuomas
                    found.add(stem[:-3] + "s")
                if stem[-1] in "aeiouyäö" and stem[-2] in "kpt":  # Peka-n -> Pekka, Mati-n -> Matti
                    found.add(stem[:-1] + stem[-2] + stem[-1])
                forms.update(f for f in found if len(f) >= 4)
    return frozenset(forms)


@functools.lru_cache(maxsize=100_000)
def _ordinary(word: str) -> bool:
    """Whether the Finnish (or Swedish) dictionary knows ``word`` (lower case, not itself on a
    name list) as an ordinary word or as a form of one that is not a name: "olla", "ole" -> olla."""

    for lang in ("fi", "sv"):
        lemma = lemmatize(word, lang)
        if not lemma[:1].islower() or not is_known(word, lang):
            continue
        if (lemma == word and lang == "fi") or (lemma != word and lemma not in shipped_names()[0]):
            return True
    return False


class Masker:
    """Masks one text at a time with the shipped name lists and ``extra`` names (staff)."""

    def __init__(self, extra: Iterable[str] = ()):
        any_case, self.capital_only, self.common = shipped_names()
        self.any_case = any_case | {w.casefold() for w in extra}

    def is_name(self, word: str, capitalised: bool) -> bool:
        names = self.any_case | self.capital_only if capitalised else self.any_case - self.common
        folded = word.casefold()
        if folded in names:
            return capitalised or (len(word) >= 3 and folded not in self.common)
        if len(word) < 3 or folded in self.common or _ordinary(folded):
            return False
        return bool(_forms(word) & names)

    def _name(self, match: re.Match, text: str) -> str:

        word = match.group()
        first, rest = word[0], word[1:]
        if not first.isupper():
            return "[nimi]" if self.is_name(word, False) else word
        if word.isupper() and len(word) > 1:  # ALL CAPS: a name on a list, not an acronym
            return "[nimi]" if self.is_name(word, True) else word
        start = _SENTENCE_START.search(text[: match.start()]) is not None
        if start:  # a capital at the start of a sentence says nothing: the lists decide
            following = re.match(r"\s+([^\W\d_]+)", text[match.end():])
            if following and following[1][0].isupper() and self.is_name(following[1], True):
                return "[nimi]" if self.is_name(word, True) else word  # "Toivo Virtanen"
            folded = word.casefold()
            common = folded in self.common or _forms(word) & self.common and not _forms(word) & self.any_case
            english = not _forms(word) & self.any_case and lemmatize(word, "en")[:1].islower()  # "Good"
            return "[nimi]" if self.is_name(word, True) and not common and not english else word
        acronym = re.match(r"[^\W\d_]{2,}(?=['’-])", word)  # "TE-toimisto", "EU:n"
        if len(word) == 1 or word.casefold() in _CAPITALISED_WORDS or (rest and rest.isupper()) or (
                acronym and acronym.group().isupper()):
            return "[nimi]" if self.is_name(word, True) and not acronym else word
        return "[nimi]"

    def mask(self, text: str) -> str:
        for pattern, replacement in PATTERNS:
            if replacement == "[puhelin]":
                text = pattern.sub(lambda m: "[puhelin]" if sum(c.isdigit() for c in m.group()) >= _PHONE_DIGITS
                                   else _numbers(m.group()), text)
            else:
                text = pattern.sub(replacement, text)
        text = _numbers(text)
        return _WORD.sub(lambda m: m.group() if m.group() in _PLACEHOLDER_WORDS else self._name(m, text), text)


_PLACEHOLDER_WORDS = frozenset(p.strip("[]") for _, p in PATTERNS) | {"nimi", "postinumero", "numero"}


def _numbers(text: str) -> str:
    """Postal codes (5 digits) and any other run of 5 or more digits."""
    text = re.sub(r"(?<![\d,.])\d{5}(?![\d,.])", "[postinumero]", text)
    return re.sub(r"\d{5,}", "[numero]", text)


@functools.cache
def _default() -> Masker:
    return Masker()


def mask_text(text: str, names: frozenset[str] = frozenset()) -> str:
    """Mask personal data in an open answer; ``names``: staff names (:func:`staff_names`).

    >>> mask_text("Ohjaaja Maija auttoi, soita 040 123 4567 tai maija@example.org.")
    'Ohjaaja [nimi] auttoi, soita [puhelin] tai [sähköposti].'
    >>> mask_text("Kiitos liisalle ja MATTI:lle! Bo tuli 1.1.1990 ja hetu 010105A123B, auto ABC-123.")
    'Kiitos [nimi] ja [nimi]:lle! [nimi] tuli [päivämäärä] ja hetu [henkilötunnus], auto [rekisterinumero].'
    >>> mask_text("Toivon, että saan apua. Onni on ryhmä.")
    'Toivon, että saan apua. Onni on ryhmä.'
    """
    return (Masker(names) if names else _default()).mask(text)


def signature(names: frozenset[str] = frozenset()) -> str:
    """What the masking of a text depends on: these rules, the name lists, the lemmatiser's
    version and the staff ``names`` (a cached masked text is reused only while it is the same)."""
    from importlib.metadata import version

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(NAMES_DIR.glob("*.txt")):
        digest.update(path.read_bytes())
    digest.update("\x1f".join([version("simplemma"), *sorted(names)]).encode())
    return digest.hexdigest()[:16]
