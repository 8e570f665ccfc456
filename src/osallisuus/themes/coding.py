"""Coding open answers with the theme codebook: explainable rules on lemmas, offline.

Each answer is split into words; each word gets its lemma from ``simplemma`` (an offline
dictionary lemmatiser: "ryhmätoiminnassa" -> "ryhmätoiminta", colloquial "oo" -> "olla"),
and, for a compound the dictionary does not know, the lemmas of its known tails
("vuorokausirytmiä" -> also "rytmi"). A theme is suggested when one of its signals occurs
(see :mod:`osallisuus.themes.codebook`); the suggestion keeps the signals that matched.

Spoken Finnish is read also as written Finnish before lemmatising: the codebook's ``spoken``
list ("mä" -> "minä", "kattoo" -> "katsoo") and, for a word the lemmatiser does not know,
written endings ("ollu" -> "ollut", "tääl" -> "täällä", "narkkariks" -> "narkkariksi").

Each signal gets a direction: the theme's (``positive`` for community, ``negative`` for
stigma ...), turned by a negation up to four words before it in the same clause ("en kuulu
porukkaan", "ei tarvitse hävetä", "nobody looks down on me") or between a phrase's words
("minulta ei kysytä") or by "muuten"/"otherwise"
before it; a problem just before a "no longer" negation ("yksinäisyys ei enää paina") turns
positive; a problem with "less" in its clause ("ahdistusta on vähemmän") turns positive; a
problem that "still" persists becomes ``none`` and adds ``no_effect``; what was so *before*,
set against now ("ennen ... nyt", "förr ... nu", "used to ... now"), turns: a bad state then
is a good change ("ennen mulla ei ollut mitään tekemistä, nyt on"), and so is what was feared or
expected in the past ("pelkäsin että jään ulkopuolelle, mutta ..."); a negation there does not reach
past "nyt" ("ennen en jaksanu mitää nyt jaksan"); what one need not do or be is a relief: after a negated
``need`` cue, to the end of its clause, signals count positive ("ei tarvii aina olla niin yksin", "behöver
inte skämmas", "don't have to explain myself"); after a wish
("toivoisin", "pitäisi", "would"; not "couldn't") or a reservation ("ainoa miinus", "synd bara", "only problem") signals
do not count for the effect, unless the wish word is
negated or in a "without this" sentence ("without this I would be alone"), and neither do those of a
sentence wishing with "if" ("olisi kiva jos ...", "it would help if ...") unless it holds a negation
("jos en kävisi täällä, olisin yksin"; "jos ei"/"jos en" is a what-if only with a conditional verb:
not "auttaa jos ei itse osaa"), and not over a clause before it telling in the past what happened
("Ohjaaja auttoi mua, ilman sitä oisin vieläkin sohvalla"); such a sentence with no signal still tells
what the help made possible: positive ("Ilman tätä olisin ollu kadulla"). A good thing others claim or
promise in impersonal or passive speech ("Sanotaan että saa vaikuttaa, mutta ...", "luvattiin apua", "I was told
I'd get help") is their word, not the writer's effect: it does not count (a bad one told so still does).
A bare good word in a short sentence after a bad one is irony ("They cut the visits. Brilliant."): negative, and
so is a bare thanks a theme claims ("Rahoitus loppui. Kiitti vaan.": no theme's then); a short
clause "but not here" ("mutta täällä ei")
turns the bad said before it, and a short clause "here it is" ("Kadulla ei oo turvallista, täällä on") the
good denied before it. What a comparative is set against ("parempi ku kotona istuminen", "better than being
alone") does not count for the effect. A thanks alone, with no other signal ("kiitos kysymästä", "Thanks"),
is politeness: no effect. Others' company among themselves ("muut on keskenään kavereita", "de pratade bara
med varandra") is not the writer's: its good social_contacts and community signals are dropped. A bad state
in a "when" clause, with good said outside it ("Kun oli huono jakso,
työntekijä soitti ja auttoi", "When I was lonely, the staff listened"), is the hard time the help came in: not
counted (a service ending there still is). A signal inside a longer one
("mieli" in "mitä mieltä") is dropped, and so is a topic word ("ryhmä", "group") in a clause
where another theme is named ("ryhmässä ohjaaja auttoi hakemuksen kanssa" is support only); a
clause about the questionnaire itself ("liian vaikee kysymys") is not about the effect.
Statements of no change ("ingen
skillnad", "no difference") are ``no_effect`` signals, and so is a clause saying things are as
before ("sama ku ennenki", "precis som förr", "same as before") when it holds no comparative
("parempi kuin ennen") and no negation ("en oo enää niin yksin ku ennen"). A clause saying what one could
not have done alone ("yksin en olisi jaksanut": a negation and a conditional perfect) tells what
the help made possible, not a state: its signals are dropped. A story of the past followed by a bad state
"again" ("Perhetyö loppui. Nyt ollaan taas tyhjän päällä") is no change for the better: nothing
turns; nor when now there is "nothing" or only worse ("Ryhmä loppui, nyt ei ole mitään", "olin
yksin. Nyt olen vielä yksinäisempi"). A bad state at home or elsewhere set against a good one here
("kotona seinät kaatuu päälle, täällä rauhotun", "Muualla aina katotaan vinoon", "In my country is big
shame") does not count for the effect, unless it is so
"again" ("so again I sit at home"). Help asked for or needed ("pyysin apua Kelan kanssa", "I need
help") does not count for the effect: it was asked, not received. A person word and
a contact verb in one clause, in any order ("tulee nähtyä ihmisiä", "people to have coffee
with"), are ``social_contacts``, weighing like a topic word.

Effect direction, in this order:

1. an "unclear" cue ("en osaa sanoa"; not "en tiedä miksi": unsure why, not of the effect; nor "naapurit ei
   tiedä", "nobody knows": another does not know; nor in a story of before: "ennen en tiedä ..., nyt") and no
   positive or negative signal -> ``unclear``;
2. a ``none`` signal and no positive theme signal, or statements of no change (``no_effect``
   signals, 2 points per clause) weighing at least as much as the positive theme words (3.; a topic or
   general word does not count here: "Ryhmä on ok mutta ei se ole muuttanut mitään") -> ``none``;
3. positive against negative: each theme counts once per clause (2 points; a general word
   such as "hyvä" or "huono" 1 point), twice after "mutta"/"but". The larger side decides; on
   a tie a complaint (a negative signal of stigma, services or loneliness) decides
   ``negative``, else ``unclear``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import pandas as pd

from .codebook import LanguageBook, load_codebook, theme_keys
from .lemmas import is_known, lemmatize

#: Wanting more of the service weighs like a general word: "great place, wish it were open more often" is positive.
SMALL_WISH = "services_insufficient"
#: Help asked for or needed ("pyysin apua", "I need help") is not help received: no vote for the effect.
HELP = "support"
#: A person word and a contact verb in one clause, in any order ("tulee nähtyä ihmisiä"): this theme; asked or
#: waited for like help ("väntat på att få prata med socialarbetaren"), no vote for the effect.
CONTACT = "social_contacts"
#: A ``mood`` word ("olo", "må", "feeling") and a general comparative ("huonompi", "sämre", "worse") this many
#: words apart in one clause tell how one feels: this theme, weighing like a topic word.
MOOD = "wellbeing"
MOOD_REACH = 2
SHORT_DENIAL = 3  # an answer of at most this many words, a negation or a ``same`` word and no signal: no effect
# ("Ei se mittää.", "sama.", "meh. same")
NEGATION_WINDOW = 4  # a negation this many words before a signal (same clause) negates it
PHRASE_GAP = 2  # words allowed between the words of a phrase
NO_LONGER_REACH = 3  # a negation this many words before "enää"/"längre"/"anymore" makes it "no longer"
REPORTED = 4  # a wish word this many words after a verb in the past is told, no wish ("I never knew I could")
IRONY = 3  # a sentence of at most this many words and one general good word, after a bad one: irony
HOME_REACH = (2, 4)  # a bad state this many words before and after "kotona"/"hemma"/"home" (same clause) is at home
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[.,;:!?]")
_BOUNDARY = frozenset(".,;:!?")
_FLIP = {"positive": "negative", "negative": "positive", "none": "none"}
#: Why a signal does not count for the effect: after a wish, help only asked for, a bad state at home or elsewhere,
#: what a comparative is set against ("parempi ku kotona istuminen"), a good thing others claim or promise ("sanotaan
#: että saa vaikuttaa").
NOT_COUNTED = ("wish", "asked", "home", "compared", "said", "hardship")


@dataclass(frozen=True)
class Coding:
    """The coding of one answer: theme keys, effect direction and the evidence."""

    themes: tuple[str, ...]
    effect: str
    why: str


@dataclass(frozen=True)
class _Signal:
    theme: str  # theme key, or "" for a general effect word, "?" for an unclear cue
    words: tuple[tuple[str, bool], ...]  # (lemma, also as a compound's first part)
    polarity: str
    needs_negation: bool = False
    flips: bool = True
    problem: bool = False  # from a theme whose codebook polarity is negative (stigma, loneliness)
    unsure: bool = False  # the theme, but too early to tell the effect ("vasta pari kertaa")
    light: bool = False  # a topic word ("ryhmä"): weighs for the effect like a general word
    negative: bool = False  # the phrase holds its own negation ("do not see me")

    @property
    def text(self) -> str:
        return " ".join(w + ("*" if p else "") for w, p in self.words)


class _Language:
    """One language's compiled signals, with a word -> signals index for speed."""

    def __init__(self, book: LanguageBook):
        self.language = book.language
        cues = book.cues

        def words(name: str) -> frozenset[str]:
            return frozenset(cues.get(name, ()))

        def phrases(name: str) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
            """A cue list of phrases as word tuples, and the set of their first words."""
            found = tuple(tuple(c.split()) for c in cues.get(name, ()))
            return found, frozenset(c[0] for c in found)
        self.negation = words("negation")
        self.negation_after = words("negation_after")
        self.counterfactual = words("counterfactual")
        self.contrast = words("contrast")
        self.persisting = words("persisting")
        self.decrease = words("decrease")
        self.wish = words("wish")
        self.alternating = words("alternating")
        self.no_longer = words("no_longer")
        self.auxiliary = words("auxiliary")
        self.subject = words("subject")
        self.because = words("because")
        self.need, self.need_first = phrases("need")
        self.concessive, self.concessive_first = phrases("concessive")
        self.expect, self.expect_first = phrases("expect")
        self.reservation, self.reservation_first = phrases("reservation")
        self.hearsay, self.hearsay_first = phrases("hearsay")
        self.thanks = words("thanks")
        self.same = words("same")
        self.others = words("others")
        self.else_word = words("else_word")
        self.else_before = words("else_before")
        self.when = words("when")
        self.each_other, self.each_other_first = phrases("each_other")
        self.sounds = words("sounds")
        self.without = words("without")
        self.unreal = words("unreal")
        self.waiting = words("waiting")
        self.past_negation = words("past_negation")
        self.indifferent = words("indifferent")
        self.label = words("label")
        self.mock, self.mock_first = phrases("mock")
        self.complement = words("complement")
        self.without_this, self.without_this_first = phrases("without_this")
        self.here = words("here")
        self.past_tense = words("past_tense")
        self.past, self.past_first = phrases("past")
        self.present = words("present")
        self.again = words("again")
        self.home = words("home")
        self.nothing = words("nothing")
        self.cause = words("cause")
        self.condition = words("condition")
        self.other_sense = words("other_sense")
        self.compare = words("compare")
        self.survey = words("survey")
        self.as_before = words("as_before")
        self.comparative = words("comparative")
        self.conditional = words("conditional")
        self.would = self.wish | self.conditional
        self.request = words("request")
        self.person = words("person")
        self.contact = words("contact")
        self.mood = words("mood")
        self.spoken = book.spoken
        signals: list[_Signal] = []
        for theme in book.themes.values():
            problem = theme.polarity == "negative"
            signals += [_signal(theme.key, s, theme.polarity, problem=problem) for s in theme.signals]
            signals += [_signal(theme.key, s, _FLIP[theme.polarity], problem=problem) for s in theme.opposite]
            signals += [_signal(theme.key, s, theme.polarity, needs_negation=True, flips=False, problem=problem)
                        for s in theme.when_negated]
            signals += [_signal(theme.key, s, "none", flips=False, unsure=True) for s in theme.too_early]
            signals += [_signal(theme.key, s, theme.polarity, problem=problem, light=True) for s in theme.topic]
        signals += [_signal("", s, "positive") for s in cues.get("positive", ())]
        signals += [_signal("", s, "negative") for s in cues.get("negative", ())]
        signals += [_signal("?", s, "none", flips=False) for s in cues.get("unclear", ())]
        signals = [replace(s, negative=True) if any(w in self.negation for w, _ in s.words) else s for s in signals]
        self.signals = signals
        self.exact: dict[str, set[str]] = {}
        self.prefix: dict[str, set[str]] = {}
        for s in signals:
            for word, is_prefix in s.words:
                (self.prefix if is_prefix else self.exact).setdefault(word, set()).add(word)
        self.first: dict[tuple[str, bool], list[_Signal]] = {}
        for s in signals:
            self.first.setdefault(s.words[0], []).append(s)
        self._cache: dict[str, frozenset[tuple[str, bool]]] = {}
        self._forms: dict[str, frozenset[str]] = {}
        self._tokens: dict[str, tuple[frozenset[tuple[str, bool]], frozenset[str], bool]] = {}
        self._past: dict[str, bool] = {}

    def forms(self, token: str) -> frozenset[str]:
        """The token, its lemmas and, read as its written form (spoken Finnish), theirs."""
        hit = self._forms.get(token)
        if hit is None:
            found = set(_forms(token, self.language))
            for written in _written(token, self.spoken, self.language):
                found.update(_forms(written, self.language))
            hit = self._forms[token] = frozenset(found)
        return hit

    def token(self, token: str) -> tuple[frozenset[tuple[str, bool]], frozenset[str], bool]:
        """A token's signal words, its forms (cues match a word or its lemma) and whether it is a
        negation (as written: spoken "et" is "että", though its lemma is "ei")."""
        hit = self._tokens.get(token)
        if hit is None:
            hit = self._tokens[token] = (
                frozenset() if token in _BOUNDARY or token in self.other_sense else self.word_matches(token),
                self.forms(token),
                token in self.negation or self.spoken.get(token) in self.negation)
        return hit

    def is_past(self, token: str) -> bool:
        """Whether the word is a verb in the past ("olin", "ollu", "was", "kände"): the codebook's
        ``past_tense`` forms, and for Finnish Voikko's past tense where it is installed."""
        hit = self._past.get(token)
        if hit is None:
            written = (token, *_written(token, self.spoken, self.language))
            hit = any(w in self.past_tense for w in written)
            voikko = _voikko() if self.language == "fi" else None
            if not hit and voikko is not None:
                hit = any(a.get("TENSE") == "past_imperfective" or a.get("PARTICIPLE") == "past_active"
                          for w in written for a in voikko.analyze(w))
            self._past[token] = hit
        return hit

    def word_matches(self, token: str) -> frozenset[tuple[str, bool]]:
        """The signal words a token matches: lemma, compound tail or ``word*`` prefix."""
        hit = self._cache.get(token)
        if hit is None:
            found: set[tuple[str, bool]] = set()
            forms = self.forms(token)
            for form in forms:
                if form in self.exact:
                    found.add((form, False))
                for i in range(3, len(form) + 1):
                    if form[:i] in self.prefix:
                        found.add((form[:i], True))
            if not any(p for _, p in found) and not _known(token, self.language):
                # an unknown compound's head, unless a "word*" signal claimed it
                found |= {(f[i:], False) for f in forms for i in range(3, len(f) - 3) if f[i:] in self.exact}
            hit = self._cache[token] = frozenset(found)
        return hit


_MIXED = _Signal("?", (("mixed", False),), "none", flips=False)
_DENIAL = _Signal("no_effect", (("ei/not", False),), "none", flips=False)
_CONDITIONAL_FI = re.compile(r"\w\w\wis(i\w*)?$")  # Finnish conditional, spoken too: "kävisi", "olisin", "ois", "tekis"
_PARTICIPLE = re.compile(r"\w[nlrs](ut|yt|u|y)$")  # Finnish past participle, spoken too: "jaksanut", "saanu"
_PEOPLE = _Signal(CONTACT, (("person + contact", False),), "positive", light=True)
_POSSIBLE = _Signal("", (("without this", False),), "positive")
_FELT = _Signal(MOOD, (("mood + comparative", False),), "positive", light=True)
_UNLABELLED = _Signal("stigma", (("care + label", False),), "positive")
_MOCK = _Signal("", (("praise in irony", False),), "negative")
_SAME = _Signal("no_effect", (("as before", False),), "none", flips=False)
_COMPARATIVE_FI = re.compile(  # "parempi", "enemmän", "huonommassa"
    r"\w(mpi|mpa|mpä|mpaa|mpää|mmin|mman|mmän|mpana|mpänä|mpia|mpiä|mmassa|mmässä|mmaksi|mmäksi|mmalla|mmällä)$")


def _signal(theme: str, text: str, polarity: str, needs_negation: bool = False, flips: bool = True,
            problem: bool = False, unsure: bool = False, light: bool = False) -> _Signal:
    words = tuple((w.rstrip("*"), w.endswith("*")) for w in text.split())
    return _Signal(theme, words, polarity, needs_negation, flips, problem, unsure, light)


_VERB_BASE = re.compile(r"\(([^+)][^)]*)\)")  # a word part's base in Voikko's WORDBASES, not a suffix's "(+ut)"


@lru_cache(maxsize=200_000)
def _forms(token: str, language: str) -> tuple[str, ...]:
    """The token, its lemmas and, for a compound, the lemmas of its tails (its head).

    simplemma for every language; for Finnish also Voikko where it is installed
    (:func:`_voikko`): it splits compounds simplemma does not know ("kaveriporukka" ->
    "porukka") and gives the verb of a past participle simplemma reads as an adjective
    ("auttanut" -> "auttaa", "kysytty" -> "kysyä")."""

    try:
        lemma = lemmatize(token, language)
    except ValueError:  # a language simplemma does not know: the word as it is
        return (token,)
    forms = {token, lemma.lower()}
    voikko = _voikko() if language == "fi" else None
    analyses = voikko.analyze(token) if voikko is not None else []
    for analysis in analyses:
        base, structure = analysis.get("BASEFORM", "").lower(), analysis.get("STRUCTURE", "")
        forms.add(base)
        # "=ppppp=ppppppppp": a part starts at each "="; each tail from the second part is a form
        cuts = [i - n for n, i in enumerate(j for j, c in enumerate(structure) if c == "=")]
        forms.update(base[cut:] for cut in cuts[1:])  # the head ("kaveriporukka" -> "porukka"); a
        # modifier matches only "word*" signals ("mielipide" is not "mieli")
        if analysis.get("PARTICIPLE") in ("past_active", "past_passive"):  # "auttanut", "kysytty" -> also
            # the verb ("auttaa": "+autta(auttaa)+n+ut(+ut)")
            forms.update(_VERB_BASE.findall(analysis.get("WORDBASES", "")))
    if not analyses and len(token) >= 8 and not is_known(token, language):
        for i in range(3, len(token) - 3):
            tail = token[i:]
            if is_known(tail, language):
                forms.add(lemmatize(tail, language).lower())
                break
    return tuple(forms)


#: The Finnish lemmatiser: "voikko" where the Voikko library and its Finnish dictionary are
#: installed (Debian: ``voikko-fi``, ``libvoikko1``), else "simplemma" (pip only).
LEMMATISER = "auto"


@lru_cache(maxsize=1)
def _voikko():
    """Voikko's Finnish analyser, or None where it is not installed or ``LEMMATISER`` says no."""
    if LEMMATISER == "simplemma":
        return None
    try:
        import libvoikko
    except ImportError:
        return None
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException):  # the library or its Finnish dictionary missing
        return None


def _known(word: str, language: str) -> bool:
    """Whether the lemmatiser knows ``word``."""
    voikko = _voikko() if language == "fi" else None
    if voikko is not None:
        return bool(voikko.analyze(word))

    try:
        return bool(is_known(word, language))
    except ValueError:
        return False


_SPOKEN_ENDINGS = (  # spoken Finnish ending -> written endings to try ("ollu" -> "ollut")
    ("nu", ("nut",)), ("ny", ("nyt",)), ("it", ("ita", "itä")), ("ii", ("ia", "iä")),
    ("ks", ("ksi",)), ("ki", ("",)), ("kin", ("",)), ("kaa", ("",)),
    ("kää", ("",)), ("st", ("sta", "stä")), ("lt", ("lta", "ltä")), ("l", ("lla", "llä")), ("s", ("ssa", "ssä")),
    ("ee", ("ea", "eä")), ("oo", ("oa",)), ("öö", ("öä",)), ("uu", ("ua",)), ("yy", ("yä",)),
    ("ei", ("eja", "ejä")))


def _written(token: str, spoken: dict[str, str], language: str) -> tuple[str, ...]:
    """Written forms of a spoken word: from the codebook's ``spoken`` list, else (Finnish, a
    word the lemmatiser does not know) the first known form with a written ending, or with
    "ee" read as "ea"/"eä" inside ("useemmin" -> "useammin").

    >>> _written("muuttunu", {}, "fi"), _written("mä", {"mä": "minä"}, "fi")
    (('muuttunut',), ('minä',))
    """
    if token in spoken:
        return (spoken[token],)
    if language != "fi" or len(token) < 3 or _known(token, language):
        return ()
    for end, written in _SPOKEN_ENDINGS:
        if token.endswith(end):
            for w in written:
                if _known(token[: -len(end)] + w, language):
                    return (token[: -len(end)] + w,)
    for i in range(1, len(token) - 2):
        if token[i:i + 2] == "ee":
            for w in ("ea", "eä"):
                if _known(token[:i] + w + token[i + 2:], language):
                    return (token[:i] + w + token[i + 2:],)
    return ()


def tokenize(text: str) -> list[str]:
    """Lower-case words and clause punctuation; English "n't" becomes "not".

    >>> tokenize("I don't feel judged. En oo enää!")
    ['i', 'do', 'not', 'feel', 'judged', '.', 'en', 'oo', 'enää', '!']
    """
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower().replace("’", "'")):
        if tok.endswith("n't") and len(tok) > 3:
            out += [tok[:-3], "not"]
        else:
            out.append(tok)
    return out


class Coder:
    """Codes answers with the theme codebook (shipped files plus ``DIR/themes/``).

    >>> coder = Coder()
    >>> c = coder.code("Kuulun porukkaan, en oo enää niin yksin.", "fi")
    >>> c.themes, c.effect
    (('community', 'loneliness'), 'positive')
    """

    def __init__(self, data_dir: str | None = None, books: dict[str, LanguageBook] | None = None):
        self.books = books if books is not None else load_codebook(data_dir)
        self.keys = theme_keys(self.books)

    @cached_property
    def _languages(self) -> dict[str, _Language]:
        """Each codebook's rules, built when the first answer is coded: a report whose answers
        the batch coded already (the store's cache) never needs them."""
        return {lang: _Language(book) for lang, book in self.books.items()}

    def code(self, text: object, language: object) -> Coding:
        """Themes, effect and evidence for one answer (``unclear`` and no themes if empty).

        The codebook of ``language`` is used (Finnish for a language without one); when it finds
        nothing, the other codebooks are tried, since people often answer in another language.
        """
        if not self._languages or not isinstance(text, str) or not text.strip():
            return Coding((), "unclear", "")
        tokens = tokenize(text)
        first = self._languages.get(str(language or "")) or self._languages.get("fi") or next(iter(self._languages.values()))
        matches = _find(first, tokens)
        if not matches:  # the answer may be in another language than the questionnaire
            tried = (_find(lang, tokens) for lang in self._languages.values() if lang is not first)
            matches = max(tried, key=len, default=matches)
        return _decide(matches, self.keys)

    def code_frame(self, frame: pd.DataFrame, text: str = "open_effect") -> pd.DataFrame:
        """One row per row of ``frame`` with ``themes`` (``;``-separated), ``effect`` and ``why``."""
        codings = [self.code(t, lang) for t, lang in zip(frame[text], frame["language"])]
        return pd.DataFrame({"themes": [";".join(c.themes) for c in codings],
                             "effect": [c.effect for c in codings],
                             "why": [c.why for c in codings]}, index=frame.index)


@dataclass(frozen=True)
class _Match:
    signal: _Signal
    polarity: str  # positive, negative, none, or why it does not count for the effect (NOT_COUNTED)
    negated: bool
    start: int
    end: int
    clause: int
    late: bool  # after the last contrast word ("mutta"): counts twice

    @property
    def theme(self) -> str:
        return self.signal.theme


def _find(lang: _Language, tokens: list[str]) -> list[_Match]:
    """Every signal in the answer, with its polarity after negation and the other cues."""
    hits, forms, negation = zip(*map(lang.token, tokens)) if tokens else ((), (), ())
    if lang.else_word and not lang.else_word.isdisjoint(tokens):  # "ei oo muuta paikkaa", "ketään muuta", "ei
        other = {j for j, t in enumerate(tokens) if t in lang.else_word and j and (  # muuta.": "muu" (else), not
            tokens[j - 1] in lang.else_before or negation[j - 1] and (j + 1 == len(tokens) or tokens[j + 1] in _BOUNDARY))}
        other |= {j - 1 for j in other if tokens[j - 1] in lang.else_before}  # "muuttaa"; "ei ole ketään muuta":
        hits = tuple(frozenset() if j in other else h for j, h in enumerate(hits))  # no one else, not no one
    clause = _clauses(tokens, lang)
    last_contrast = max((i for i, t in enumerate(tokens) if t in lang.contrast), default=-1)
    earlier = _before(tokens, forms, clause, lang)

    in_clause: dict[int, set[str]] = {}  # every form in each clause
    for c, f in zip(clause, forms):
        in_clause.setdefault(c, set()).update(f)

    def cue_in_clause(words: frozenset[str], i: int, before: bool = False) -> bool:
        if in_clause[clause[i]].isdisjoint(words):
            return False
        return any(forms[j] & words and clause[j] == clause[i] for j in range(len(tokens)) if not before or j < i)

    every = set().union(*in_clause.values())  # each cue below is looked for only where the answer holds it

    def where(words: frozenset[str]) -> list[int]:
        return [j for j, f in enumerate(forms) if f & words] if not every.isdisjoint(words) else []

    mixed = where(lang.alternating)
    sentence = _sentences(tokens)
    no_longer = _no_longer(tokens, where(lang.no_longer), negation, sentence, lang)
    no_longer_neg = {j for k in where(lang.no_longer) for j in range(max(0, k - 2), k) if negation[j]}  # "ei (ole) enää"
    needs = _negated_needs(tokens, forms, negation, lang) if not every.isdisjoint(lang.need_first) else []
    relieved = _to_clause_end(tokens, [j for j, _ in needs], sentence, lang)  # "ei tarvii pelätä": a relief
    reservations = _phrases(lang.reservation, lang.reservation_first, forms) if not every.isdisjoint(
        lang.reservation_first) else []  # "Ainoa miinus on ...", "Only problem ...": a wish, see below
    cue_words = {k for j, end in (*needs, *reservations) for k in range(j, end + 1)}  # no signal ends on one:
    starts = [j for j in where(lang.without_this_first) for c in lang.without_this
              if all(j + k < len(tokens) and w in forms[j + k] for k, w in enumerate(c))]
    named_help: set[int] = set()  # the help named after "without": "ilman ohjaajan tukea olisin ...", not turned
    if not every.isdisjoint(lang.without):  # "utan coachen hade ja hoppat av": without someone named, hypothetical
        unreal = lang.unreal | lang.conditional
        for j in where(lang.without):
            verb = next((k for k in range(j + 2, min(len(tokens), j + 5)) if sentence[k] == sentence[j] and (
                forms[k] & unreal or lang.language == "fi" and _CONDITIONAL_FI.search(tokens[k]))), None)
            if j not in starts and verb is not None and not forms[j + 1] & lang.complement and not (  # not "utan
                    forms[verb] & lang.conditional and any(_PARTICIPLE.search(t) for t in tokens[verb + 1:verb + 4])):
                starts.append(j)  # att nån skulle döma", nor "ilman niitä ois menny ...", which could_not reads
                named_help.update(range(j + 1, verb))
    if any(forms[j] & lang.condition for j in starts):  # "jos en kävisi", not "jos ei osaa"
        would_in = {sentence[j] for j, t in enumerate(tokens)
                    if forms[j] & lang.would or lang.language == "fi" and _CONDITIONAL_FI.search(t)}
        starts = [j for j in starts if not forms[j] & lang.condition or sentence[j] in would_in]
    hypothetical = {sentence[j] for j in starts}  # "ilman tätä en lähtisi kotoa"
    happened = {clause[k] for j in starts for k in range(j) if sentence[k] == sentence[j]  # "Ohjaaja auttoi
                and clause[k] < clause[j] and lang.is_past(tokens[k])}  # mua, ilman sitä oisin ...": real
    wish_from = next((j for j in where(lang.wish) if sentence[j] not in hypothetical  # not "without this I
                      and not any(negation[max(0, j - 2):j + 2])  # would be alone", "int skulle ha", "couldn't"
                      and not any(lang.is_past(tokens[k]) for k in range(max(0, j - REPORTED), j)  # nor "visste
                                  if clause[k] == clause[j])  # int att ja kunde": reported
                      and not any(forms[k] & lang.condition and forms[k - 1] & lang.compare  # nor "som om jag
                                  for k in range(max(1, j - 3), j))), len(tokens))  # vore dement": as if
    wish_from = min([wish_from, *(j for j, _ in reservations)])  # a reservation is a wish
    if wish_from < len(tokens) and cue_in_clause(lang.comparative, wish_from):  # "enemmän aukioloa toivoisin",
        wish_from = clause.index(clause[wish_from])  # "more groups would be good": wanting more, from the clause's start
    conditions = where(lang.condition)
    would = {sentence[k] for k in where(lang.would)} if conditions else set()
    wished = {sentence[j] for j in conditions  # "olisi kiva jos ...", "it would help if ...": a wish,
              if sentence[j] in would  # unless negated ("jos en kävisi täällä, olisin yksin")
              and not (j and forms[j - 1] & lang.compare)  # or "as if" ("som om vi vore barn")
              and not any(negation[k] and sentence[k] == sentence[j] for k in range(len(tokens)))}
    could_not = {clause[j] for j in where(lang.conditional)  # "yksin en olisi jaksanut": what the help made
                 if any(negation[k] and clause[k] == clause[j] for k in range(len(tokens)))  # possible (not
                 and any(_PARTICIPLE.search(t) for t in tokens[j + 1:j + 4])}  # "ei tuomitse vaikka olis huono päivä")
    hearsay = _to_clause_end(tokens, [end for _, end in _phrases(lang.hearsay, lang.hearsay_first, forms)], sentence,
                             lang) if not every.isdisjoint(lang.hearsay_first) else set()  # "sanotaan että saa vaikuttaa"
    supposed = _supposed(tokens, forms, sentence, lang) if not every.isdisjoint(lang.concessive_first) else set()
    if starts:  # its "ilman" is not a negation
        negation = tuple(n and j not in starts for j, n in enumerate(negation))
    about_survey = {clause[j] for j in where(lang.survey)  # "liian vaikee kysymys"; not "turhaa, samoi ku tää kysely"
                    if not any(forms[k] & lang.compare for k in range(max(0, j - 2), j))}
    asked = {k for j in where(lang.request) if j not in cue_words  # "pyysin apua Kelan kanssa": asked, not
             for k in range(j + 1, len(tokens)) if clause[k] == clause[j]}  # got (not "ei tarvii pelätä")
    same = _same_as_before(tokens, forms, clause, negation, where(lang.as_before), lang)
    turn = where(lang.present | lang.here)
    expected = _expected(tokens, forms, negation, sentence, lang) if not every.isdisjoint(lang.expect_first) else set()
    bad_before = _bad_before(tokens, turn, clause, lang) if turn and not earlier else set()
    surprise: dict[int, int] = {}  # "Didn't expect them to listen", "trodde aldrig att de skulle lyssna": what
    if not every.isdisjoint(lang.expect_first) and any(negation):  # one did not expect came; the negation before
        for j, _ in _phrases(lang.expect, lang.expect_first, forms):  # the cue is not the signal's
            if any(negation[max(0, j - 3):j]) and (any(map(lang.is_past, tokens[max(0, j - 3):j + 1])) or any(
                    forms[k] & lang.past_negation for k in range(max(0, j - 3), j))):
                surprise.update((k, j) for k in _to_clause_end(tokens, [j], sentence, lang) if k > j)

    matches: list[_Match] = []
    turned: list[int] = []  # matches turned as how it was before
    turned_before: list[int] = []  # of which by a story of the past without a "past" cue
    decreased: set[int] = set()  # clauses where a problem lessens ("harvoin yksin", "rarely lonely")
    for i, words in enumerate(hits):
        for word in words:
            for signal in lang.first.get(word, ()):
                end = _phrase_at(signal, hits, clause, i)
                if end is None or clause[i] in about_survey or end in cue_words or i in supposed:  # "behöva",
                    continue  # "shame", "minun tarvitse"
                if clause[i] in could_not and not signal.needs_negation and not (
                        sentence[i] in hypothetical or cue_in_clause(lang.counterfactual, i)):
                    continue
                window = range(_reach(i, tokens, lang), i)  # not across "nyt" after "ennen"
                negated = any(negation[j] and clause[j] == clause[i] and (j in earlier) == (i in earlier)
                              and j >= surprise.get(i, -1) for j in window) or (
                    not signal.negative and any(negation[i + 1:end])) or (  # inside a phrase: "minulta ei kysytä"
                    _negated_after(end, tokens, lang)) or i in no_longer
                if signal.needs_negation and not negated and not any(  # "ei se mun elämää oo muuttanu"
                        negation[j] and clause[j] == clause[i] for j in range(i)):
                    continue
                polarity = signal.polarity
                if signal.flips and negated:
                    polarity = _FLIP[polarity]
                if i in relieved and signal.flips and polarity in ("positive", "negative"):
                    polarity, negated = "positive", True  # "ei tarvii olla yksin", "no need to be normal"
                if cue_in_clause(lang.counterfactual, i, before=True) or (
                        sentence[i] in hypothetical and clause[i] not in happened and i not in named_help):
                    polarity = _FLIP[polarity]
                if polarity == "negative" and cue_in_clause(lang.decrease, i) and not any(  # not "har minskat och
                        forms[k] & lang.comparative and not forms[k] & lang.decrease  # jag känner mig mer ensam"
                        for k in range(max(0, i - 2), i)):
                    polarity = "positive"
                    decreased.add(clause[i])
                if polarity == "negative" and cue_in_clause(lang.persisting, i) or (
                        polarity in ("positive", "negative") and clause[i] in same):
                    polarity = "none"
                if (i in earlier or i in expected) and polarity in ("positive", "negative"):  # how it was before,
                    polarity = _FLIP[polarity]  # or was feared: the change
                    turned.append(len(matches))
                if polarity == "negative" and signal.flips and any(  # a problem, then "ei enää": "yksinäisyys ei enää paina"
                        j in no_longer_neg and clause[j] == clause[i] for j in range(end + 1, end + 3)):
                    polarity = "positive"
                if i in bad_before and polarity == "negative":  # "olin yksin. Nyt on porukka"
                    polarity = "positive"
                    turned.append(len(matches))
                    turned_before.append(len(matches))
                if polarity in ("positive", "negative") and i in asked and signal.theme in (HELP, CONTACT, ""):
                    polarity = "asked"
                if i >= wish_from or sentence[i] in wished:  # after "toivoisin", "pitäisi": a wish, not an effect
                    polarity = "wish"
                elif polarity == "positive" and i in hearsay:  # "sanotaan että saa vaikuttaa": others' claim
                    polarity = "said"
                matches.append(_Match(signal, polarity, negated, i, end, clause[i], i > last_contrast >= 0))
    if waits := where(lang.waiting):  # "jätte kul att vänta tre veckor", "tosi kiva odottaa kuukausi": sarcasm
        refused = {clause[j] for j, n in enumerate(negation) if n}  # not "kiva ku ei tarvii odottaa"
        matches = [replace(m, polarity="negative") if m.polarity == "positive" and not m.theme
                   and m.clause not in refused and any(0 < j - m.end <= 3 and clause[j] == m.clause for j in waits)
                   else m for m in matches]
    again = {clause[j] for j in where(lang.again)}
    if turned and any(m.clause in again and m.polarity == "negative" for m in matches):
        for k in turned:  # "Perhetyö loppui. Nyt ollaan taas tyhjän päällä": back where one was, no change
            matches[k] = replace(matches[k], polarity=_FLIP.get(matches[k].polarity, matches[k].polarity))
    if turned_before:  # "Ryhmä loppui, nyt ei ole mitään", "Nyt tunnen itseni vielä yksinäisemmäksi": nothing
        now = clause[len(bad_before)]  # now, or only worse now, is no change for the better
        said = [j for j in range(len(bad_before), len(tokens)) if clause[j] == now and tokens[j] not in _BOUNDARY]
        told = [m.polarity for m in matches if m.clause == now]
        if said and forms[said[-1]] & lang.nothing and not told or told and all(p == "negative" for p in told):
            for k in turned_before:
                matches[k] = replace(matches[k], polarity="negative")
    home = {k for j in where(lang.home) if clause[j] not in again  # not "so again I sit at home"
            for k in range(max(0, j - HOME_REACH[0]), min(len(tokens), j + HOME_REACH[1] + 1)) if clause[k] == clause[j]}
    if home and any(m.polarity == "positive" and m.start not in home for m in matches):
        matches = [replace(m, polarity="home") if m.start in home and m.polarity == "negative" else m
                   for m in matches]  # "kotona seinät kaatuu päälle, täällä rauhotun": home set against here
    hard = {k for j in where(lang.when) for k in range(j + 1, len(tokens)) if clause[k] == clause[j]}  # "kun oli huono
    if hard and any(m.polarity == "positive" and m.start not in hard for m in matches):  # jakso, työntekijä soitti":
        matches = [replace(m, polarity="hardship") if m.start in hard and m.polarity == "negative"
                   and m.theme != SMALL_WISH else m  # not "ku pääsin ni se loppu": a service ending is no state
                   for m in matches]  # the hard time the help came in, not its effect
    if here := where(lang.here):  # a short clause on "here" and no signal: what is said before it is elsewhere
        words_in = Counter(c for c, t in zip(clause, tokens) if t not in _BOUNDARY)
        denied = {c for c, n in zip(clause, negation) if n}
        short = {clause[j] for j in here if words_in[clause[j]] <= IRONY and not any(m.clause == clause[j] for m in matches)}
        not_here = short & denied  # "..., mutta täällä ei", "but not here": the bad said before it
        is_here = short - denied  # "Kadulla ei oo turvallista, täällä on": the good denied before it
        matches = [replace(m, polarity="positive") if m.polarity == "negative" and (
            m.clause < max(not_here, default=-1) or m.negated and m.clause < max(is_here, default=-1))
                   else m for m in matches]
    if not every.isdisjoint(lang.mock_first):  # "sen händer ingenting. super delaktigt verkligen": irony
        low = {sentence[m.start] for m in matches if m.polarity == "negative"} | {sentence[j] for j in where(lang.nothing)}
        mocks = [(j, end) for j, end in _phrases(lang.mock, lang.mock_first, forms) if any(n < sentence[j] for n in low)]
        mocked = {sentence[j] for j, _ in mocks}
        matches = [replace(m, polarity="negative", signal=replace(m.signal, theme="")) if m.polarity == "positive"
                   and sentence[m.start] in mocked else m for m in matches]
        for j, end in mocks:  # "niin osallistavaa": the praise itself, where no signal names it
            if not any(sentence[m.start] == sentence[j] for m in matches):
                matches.append(_Match(_MOCK, "negative", False, j, end, clause[j], j > last_contrast >= 0))
    bad_in = {sentence[m.start] for m in matches if m.polarity == "negative"}  # "They cut the visits.
    if bad_in and (bare := {sentence[m.start] for m in matches  # Brilliant.": a bare good word after a bad
                            if m.polarity == "positive" and (not m.theme or forms[m.start] & lang.thanks)  # "Kiitti
                            and sentence[m.start] - 1 in bad_in}):  # vaan." claimed by a theme ("kiittää": appreciated)
        size = Counter(k for t, k in zip(tokens, sentence) if t not in _BOUNDARY and k in bare)  # sentence
        signals_in = Counter(sentence[m.start] for m in matches)
        ironic = {n for n in bare if size[n] <= IRONY and signals_in[n] == 1}
        matches = [replace(m, polarity="negative", signal=replace(m.signal, theme="")) if m.polarity == "positive"
                   and (not m.theme or forms[m.start] & lang.thanks) and sentence[m.start] in ironic else m
                   for m in matches]  # a thanks in irony is no theme's ("kiittää": appreciated)
    for c in same:  # "sama mies oon ku ennenki", "precis som förr": nothing changed
        first = clause.index(c)
        matches.append(_Match(_SAME, "none", False, first, first, c, False))
    people = where(lang.person)
    for k in where(lang.contact) if people else ():  # "tulee nähtyä ihmisiä", "people to have coffee with"
        if any(clause[j] == clause[k] for j in people) and not any(
                m.theme == CONTACT and m.clause == clause[k] for m in matches):
            negated = any(negation[j] and clause[j] == clause[k] for j in range(max(0, k - NEGATION_WINDOW), k))
            matches.append(_Match(_PEOPLE, "negative" if negated else "positive", negated, k, k, clause[k],
                                  k > last_contrast >= 0))
    if moods := where(lang.mood):  # "olo on ollut huonompi", "mått sämre", "feeling worse": how one feels
        felt = {m.clause for m in matches if m.theme == MOOD}
        for m in [m for m in matches if not m.theme and m.polarity in _FLIP and m.clause not in felt]:
            if any(abs(j - m.start) <= MOOD_REACH and clause[j] == m.clause for j in moods) and (
                    forms[m.start] & lang.comparative or lang.language == "fi" and _COMPARATIVE_FI.search(tokens[m.start])):
                matches.append(replace(m, signal=_FELT))
                felt.add(m.clause)
    if compared := _compared_with(matches, tokens, forms, clause, lang):  # "parempi ku kotona istuminen":
        matches = [replace(m, polarity="compared") if m.start in compared.get(m.polarity, ()) else m
                   for m in matches]  # the worse one is no state
    told = {sentence[m.start] for m in matches}  # "Ilman tätä olisin ollu kadulla", "en ois yksin menny": what
    for j in [*starts, *(clause.index(c) for c in could_not)]:  # the help made possible, though no signal names it
        if sentence[j] not in told and clause[j] not in happened:
            matches.append(_Match(_POSSIBLE, "positive", False, j, j, clause[j], j > last_contrast >= 0))
            told.add(sentence[j])
    if len(mixed) >= 2:  # "välillä kivaa, välillä ei", "sometimes ..., sometimes ...": mixed, unclear
        matches.append(_Match(_MIXED, "none", False, mixed[0], mixed[0], clause[mixed[0]], False))
    words = [t for t in tokens if t not in _BOUNDARY]
    if not matches and 0 < len(words) <= SHORT_DENIAL and any(negation):  # "Ei se mittää.", "Ingenting."
        matches.append(_Match(_DENIAL, "none", False, 0, 0, 0, False))
    elif not matches and 0 < len(words) <= SHORT_DENIAL and (same_at := where(lang.same)):  # "sama.", "meh. same"
        matches.append(_Match(_SAME, "none", False, same_at[0], same_at[0], clause[same_at[0]], False))
    if not every.isdisjoint(lang.label) and not every.isdisjoint(lang.indifferent):  # "kukaan ei välitä
        for k in where(lang.indifferent):  # diagnooseista", "här e ingen som bryr sig om att man har diagnos":
            label = next((j for j in where(lang.label) if 0 < j - k <= 6 and sentence[j] == sentence[k]), None)
            if label is not None and any(negation[max(0, k - 3):k]):  # nobody minds the label, no stigma
                matches = [m for m in matches if not (m.start == k and m.polarity == "negative")]
                matches.append(_Match(_UNLABELLED, "positive", True, k, label, clause[k], k > last_contrast >= 0))
    if sounds := where(lang.sounds):  # "kuulostaa tyhmältä mut nii se on", "Sounds dumb at 40 but I'm proud":
        matches = [m for m in matches if not (m.polarity == "negative" and any(  # how the telling sounds,
            0 < m.start - j <= 2 and clause[j] == m.clause for j in sounds))]  # not the effect
    if not every.isdisjoint(lang.each_other_first):  # "muut on keskenään kavereita", "de pratade bara med varandra":
        among = {clause[j] for j, _ in _phrases(lang.each_other, lang.each_other_first, forms)  # others' company,
                 if any(forms[k] & lang.others and clause[k] == clause[j] for k in range(j))}  # not the writer's
        matches = [m for m in matches if not (m.clause in among and m.polarity == "positive"
                                              and m.theme in (CONTACT, "community"))]
    if matches and all(not m.theme and forms[m.start] & lang.thanks for m in matches):  # "kiitos kysymästä",
        matches = []  # "Thanks": politeness alone tells no effect
    counted = any(m.late and m.polarity in ("positive", "negative") for m in matches)
    what_if = {sentence[j] for j in where(lang.counterfactual)} | hypothetical
    return _longest([m for m in matches if not (
        m.theme == "?" and (any(map(lang.is_past, tokens[m.start:m.end + 1])) or sentence[m.start] in what_if  # "en tiennyt", "en
                            or m.start in earlier  # "ennen en tiedä mitä opettaja kirjoittaa. nyt parempi": then, not now
                            or (counted and m.start < last_contrast)  # tiedä mitä muuten", "en tiedä, mutta hyvä"
                            or any(forms[k] & lang.cause for k in range(m.end + 1, min(m.end + 4, len(tokens))))
                            or m.start and forms[m.start - 1] & lang.others)  # "kukaan ei tiedä", "ingen vet":
        # another does not know, the writer is not unsure
        or m.signal.unsure and m.clause in decreased)])  # "harvoin yksin" is less lonely, not too early


def _before(tokens: list[str], forms: tuple[frozenset[str], ...], clause: list[int], lang: _Language) -> set[int]:
    """Tokens telling how things were before taking part, set against now.

    From the clause of a "past" cue ("ennen", "förr", "used to"; not just after a "compare" word:
    "sama kuin ennen", "better than before", "as I used to") up to the clause of the next "present"
    or "here" cue ("nyt", "täällä", "nu", "now") over sentences told in the past, else to the end of the
    sentence or a contrast word ("Alussa oli hyvä, mutta ..."; "ennen kuin ..." only when set against now; a cue
    inside its clause with no verb in the past there and no "now" tells no past: "a reason to wake up before noon").
    A bad state there means a good change ("ennen mulla ei ollut mitään tekemistä, nyt on"), a good one a bad
    change.
    """
    out: set[int] = set()
    for i in range(len(tokens)):
        if not forms[i] & lang.past_first or i in out or any(  # "than before", "as I used to"
                forms[j] & lang.compare for j in range(max(0, i - 2), i)):
            continue
        cue = next((c for c in lang.past if all(i + k < len(tokens) and w in forms[i + k] for k, w in enumerate(c))),
                   None)
        if cue is None:
            continue
        end = next((j for j in range(i + 1, len(tokens)) if forms[j] & (lang.present | lang.here)), None)
        if end is None and i + len(cue) < len(tokens) and forms[i + len(cue)] & lang.compare:
            continue  # "ennen kuin päättää": a conjunction, unless set against now
        start = next(j for j in range(i + 1) if clause[j] == clause[i])
        if end is not None and clause[end] > clause[i]:
            end = next(j for j in range(end + 1) if clause[j] == clause[end])
            told = [j for j in range(i, end) if tokens[j] in ".!?"]  # not over a sentence with no verb in the past
            end = next((j + 1 for j in told if not any(  # ("Before I was afraid. In the group nobody laughs, now")
                lang.is_past(tokens[k]) for k in range(j + 1, next((m for m in told if m > j), end)))), end)
        elif end is None:  # to the end of the sentence or a "but": "Alussa oli hyvä, mutta ..."
            end = next((j for j in range(i, len(tokens)) if tokens[j] in ".!?" or tokens[j] in lang.contrast),
                       len(tokens))
            if any(t not in _BOUNDARY for t in tokens[start:i]) and not any(  # "a reason to wake up
                    lang.is_past(tokens[j]) for j in range(start, end)):
                continue  # before noon": inside its clause, with no verb in the past nor a "now", no story of the past
        out.update(range(start, end))
    return out


def _same_as_before(tokens: list[str], forms: tuple[frozenset[str], ...], clause: list[int],
                    negation: tuple[bool, ...], cues: list[int], lang: _Language) -> set[int]:
    """Clauses saying things are as before: a ``compare`` word right before an ``as_before`` cue
    ("ku ennenki", "som förr", "as before") with no comparative ("parempi kuin ennen", "better
    than before") and no negation ("en oo enää niin yksin ku ennen") in the clause, or both ("not any more
    included than before", "ei yhtään parempi kuin ennen": no more than before), nor a verb in the
    past after it ("ku ennen kaikki kaverit oli käyttäjiä": because before, a story)."""
    out = set()
    for j in cues:
        if not j or not forms[j - 1] & lang.compare:
            continue
        here = [k for k in range(len(tokens)) if clause[k] == clause[j]]
        compared = [k for k in here if forms[k] & lang.comparative
                    or lang.language == "fi" and _COMPARATIVE_FI.search(tokens[k])]
        negated = [k for k in here if negation[k]]
        if (bool(negated) != bool(compared) or negated and negated[0] > compared[0]  # "sämre än förut och orkar
                or any(k > j and lang.is_past(tokens[k]) for k in here)):  # inte": the negation is another's
            continue
        out.add(clause[j])
    return out


def _negated_after(end: int, tokens: list[str], lang: _Language) -> bool:
    """Whether a ``negation_after`` word follows the word at ``end``, also past an inverted ``subject``
    ("orkar inte", "här skäms jag inte för det")."""
    after = tokens[end + 1:end + 3]
    return bool(after) and (after[0] in lang.negation_after
                            or len(after) == 2 and after[0] in lang.subject and after[1] in lang.negation_after)


def _reach(i: int, tokens: list[str], lang: _Language) -> int:
    """Where a negation must start to reach the word at ``i``: ``NEGATION_WINDOW`` words before it,
    ``auxiliary`` words as written ("oo", "ollu", "niin", "been", "so") not counted ("ei oo ollu nii
    pahoi paniikkikohtauksii")."""
    j, words = i, 0
    while j > 0 and words < NEGATION_WINDOW:
        j -= 1
        words += tokens[j] not in lang.auxiliary and lang.spoken.get(tokens[j]) not in lang.auxiliary
    return j


def _compared_with(matches: list[_Match], tokens: list[str], forms: tuple[frozenset[str], ...], clause: list[int],
                   lang: _Language) -> dict[str, set[int]]:
    """What a good or bad comparative is set against, by the polarity it does not count with: the
    rest of the clause after a ``compare`` word just after it ("parempi ku kotona istuminen",
    "bättre än att sitta hemma", "better than lying in bed all day" tell the worse one)."""
    out: dict[str, set[int]] = {}
    for m in matches:
        if m.theme or m.polarity not in _FLIP or not (
                forms[m.start] & lang.comparative or lang.language == "fi" and _COMPARATIVE_FI.search(tokens[m.start])):
            continue
        than = next((j for j in (m.start + 1, m.start + 2) if j < len(tokens) and forms[j] & lang.compare), None)
        if than is not None:
            out.setdefault(_FLIP[m.polarity], set()).update(
                j for j in range(than + 1, len(tokens)) if clause[j] == clause[than])
    return out


def _no_longer(tokens: list[str], cues: list[int], negation: tuple[bool, ...], sentence: list[int],
               lang: _Language) -> set[int]:
    """Tokens a "no longer" negation reaches: from "ei enää" / "inte längre" / "not anymore" at
    ``cues`` (the negation at most three words before "enää", two after: "en tunne itseäni enää
    niin yksinäiseksi") to the end of its clause, and on over a
    comma into a clause of what is said or felt ("Nyt ei enää tunnu siltä, että olisin yksin")."""
    negated = [k for k in cues if any(negation[j] for j in range(max(0, k - NO_LONGER_REACH), min(len(tokens), k + 3)))]
    return _to_clause_end(tokens, negated, sentence, lang)


def _supposed(tokens: list[str], forms: tuple[frozenset[str], ...], sentence: list[int], lang: _Language) -> set[int]:
    """Tokens of a concession supposed, not told: from a ``concessive`` cue ("vaikka", "även om", "even if")
    to the end of its clause, when a conditional verb is there ("vaik ois huono päivä")."""
    out: set[int] = set()
    for _, end in _phrases(lang.concessive, lang.concessive_first, forms):
        scope = _to_clause_end(tokens, [end], sentence, lang)
        if any(forms[k] & lang.would or lang.language == "fi" and _CONDITIONAL_FI.search(tokens[k]) for k in scope):
            out |= scope
    return out


def _expected(tokens: list[str], forms: tuple[frozenset[str], ...], negation: tuple[bool, ...], sentence: list[int],
              lang: _Language) -> set[int]:
    """Tokens telling what one feared or expected, in the past: from an ``expect`` cue ("pelkäsin että",
    "var jag rädd att", "I expected") with a verb in the past at or just before it and no negation
    (not "ei oo tarvinnu pelätä et"), to the end of its clause ("..., mutta"). What was feared is set
    against what came, like how it was before."""
    starts = [j for j, _ in _phrases(lang.expect, lang.expect_first, forms)
              if any(map(lang.is_past, tokens[max(0, j - 2):j + 1])) and not any(negation[max(0, j - 3):j])]
    return set(starts) | _to_clause_end(tokens, starts, sentence, lang)


def _negated_needs(tokens: list[str], forms: tuple[frozenset[str], ...], negation: tuple[bool, ...],
                   lang: _Language) -> list[int]:
    """Where a ``need`` cue ("tarvita", "behöva", "have to") is negated: a negation at most three
    words before it ("ei tarvii", "I don't feel I have to") or a ``negation_after`` word just after
    it ("behöver inte"). What follows in its clause is what one need not do or be: a relief."""
    return [(j, end) for j, end in _phrases(lang.need, lang.need_first, forms)
            if any(negation[max(0, j - NO_LONGER_REACH):j]) or not lang.negation_after.isdisjoint(tokens[j + 1:j + 3])]


def _phrases(phrases: tuple[tuple[str, ...], ...], first: frozenset[str],
             forms: tuple[frozenset[str], ...]) -> list[tuple[int, int]]:
    """Where one of the cue ``phrases`` (words as lemmas or written forms, in a row) starts and ends."""
    return [(j, j + len(c) - 1) for j, f in enumerate(forms) if f & first
            for c in phrases if all(j + k < len(forms) and w in forms[j + k] for k, w in enumerate(c))]


def _to_clause_end(tokens: list[str], starts: list[int], sentence: list[int], lang: _Language) -> set[int]:
    """Tokens after each of ``starts`` to the end of its clause, on over a comma into a
    ``complement`` clause ("..., että olisin yksin"), not into a clause of a reason ("ku naapurit on tuttuja")."""
    out: set[int] = set()
    for k in starts:
        j = k + 1
        while j < len(tokens) and sentence[j] == sentence[k] and tokens[j] not in lang.contrast | lang.because and (
                tokens[j] not in _BOUNDARY or j + 1 < len(tokens) and tokens[j + 1] in lang.complement):
            out.add(j)
            j += 1
    return out


def _bad_before(tokens: list[str], turn: list[int], clause: list[int], lang: _Language) -> set[int]:
    """Without a "past" cue: the tokens before the first "present" or "here" cue (``turn``: "nyt",
    "täällä", "now", "here", "nu", "här") when they tell of the past ("Vaimo lähti ja olin yksin.
    Täällä näkee ihmisiä"): a bad state there is a good change. A good state there is left as it is.
    "Here" just after or before a verb in the past is part of the story ("Muutin tänne yksin ... Nyt on
    porukka", "Here I had nobody. This group is like family now")."""
    first = next((j for j in turn if j > 0 and not any(map(lang.is_past, tokens[j - 1:j] + tokens[j + 1:j + 3]))),
                 None)
    if first is None:
        return set()
    start = next(j for j in range(first + 1) if clause[j] == clause[first])
    if not any(lang.is_past(tokens[j]) for j in range(start)):
        return set()
    return set(range(start))


def _sentences(tokens: list[str]) -> list[int]:
    """Sentence number of each token."""
    out, n = [], 0
    for t in tokens:
        out.append(n)
        n += t in ".!?"
    return out


def _longest(matches: list[_Match]) -> list[_Match]:
    """Drop matches lying inside a longer one ("mitä mieltä" is not "mieli")."""
    return [m for m in matches if not any(
        o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in matches)]


def _clauses(tokens: list[str], lang: _Language) -> list[int]:
    """Clause number of each token: punctuation and contrast words start a new clause."""
    out, n = [], 0
    for t in tokens:
        if t in _BOUNDARY or t in lang.contrast:
            n += 1
        out.append(n)
    return out


def _phrase_at(signal: _Signal, hits: tuple[frozenset, ...], clause: list[int], start: int) -> int | None:
    """Where a phrase starting at ``start`` ends (its words in order, same clause), or None."""
    pos = start
    for word in signal.words[1:]:
        nxt = next((j for j in range(pos + 1, min(len(hits), pos + 2 + PHRASE_GAP))
                    if word in hits[j] and clause[j] == clause[start]), None)
        if nxt is None:
            return None
        pos = nxt
    return pos


def _decide(matches: list[_Match], keys: list[str]) -> Coding:
    """Themes and effect from the matches (see the module docstring)."""
    named = {(m.theme, m.clause) for m in matches if m.theme not in ("", "?") and not m.signal.light}
    matches = [m for m in matches if not m.signal.light or not any(  # a topic word ("ryhmä") counts only
        c == m.clause and t != m.theme for t, c in named)]  # where no other theme is named in its clause
    themed = [m for m in matches if m.theme not in ("", "?")]
    themes = {m.theme for m in themed}
    if any(m.polarity == "none" and m.theme not in ("no_effect", "?") for m in matches):
        themes.add("no_effect")  # a problem that persists although one takes part
    # a theme counts once per clause; where one of its signals there is negated, that one decides
    # (a theme word 2 points, a general or topic word 1)
    votes: dict[tuple[str, int], dict[tuple[str, bool], int]] = {}
    for m in matches:
        if m.theme != "?":
            vote = votes.setdefault((m.theme, m.clause), {})
            weight = 1 if not m.theme or m.signal.light or m.theme == SMALL_WISH else 2
            vote[(m.polarity, m.late)] = max(vote.get((m.polarity, m.late), 0), weight)
    negated = {(m.theme, m.clause): m.polarity for m in matches if m.negated and m.signal.flips}
    score = {"positive": 0, "negative": 0}
    strong = 0  # the positive side of theme words only: a topic or general word ("ryhmä on ok") is no change
    for (theme, clause), polarities in votes.items():
        for (polarity, late), weight in polarities.items():
            if (theme, clause) in negated and polarity != negated[(theme, clause)]:
                continue
            if polarity in score:
                score[polarity] += weight * (2 if late else 1)
                strong += weight * (2 if late else 1) if polarity == "positive" and weight == 2 else 0
    said_none = any(m.polarity == "none" and m.theme != "?" and not m.signal.unsure for m in matches)
    unclear = any(m.theme == "?" for m in matches) or (  # too early, unless it says nothing changed
        any(m.signal.unsure and m.polarity == "none" for m in matches) and not said_none)  # not in a wish
    positive_theme = any(m.polarity == "positive" for m in themed)
    no_change = {m.clause for m in matches if m.theme == "no_effect" and m.polarity == "none" and not m.signal.unsure}
    if unclear:  # "en osaa sanoa", "välillä hyvä, välillä ei": the person is unsure, whatever else is said
        effect = "unclear"
    elif said_none and (not positive_theme or 2 * len(no_change) >= strong):  # "ei oo muuttunut
        effect = "none"  # mitään, kämppä vaan": a statement of no change outweighs as much good
    elif score["positive"] != score["negative"]:
        effect = "positive" if score["positive"] > score["negative"] else "negative"
    elif any(m.polarity == "negative" and m.signal.problem for m in themed):
        effect = "negative"  # a tie: a complaint (stigma, too little service) decides
    else:
        effect = "unclear"
    why = "; ".join(dict.fromkeys(_why_item(m) for m in matches if m.theme != "?"))
    return Coding(tuple(k for k in keys if k in themes), effect, why)


def _why_item(m: _Match) -> str:
    """One piece of evidence as :func:`evidence` reads it back: "support: ohjaaja auttaa (positive)"."""
    return f"{m.theme or 'effect'}: {'ei/not ' if m.negated else ''}{m.signal.text} ({m.polarity})"


_WHY_ITEM = re.compile(r"(?P<theme>[\w-]+): (?P<negated>ei/not )?(?P<words>.+) \((?P<polarity>\w+)\)")


@dataclass(frozen=True)
class Evidence:
    """One matched signal of a coding's ``why``: theme key ("effect" for a general effect word),
    the signal's words (lemmas; "*": also as a compound's first part), whether a negation turned
    it, and its polarity, or why it does not count for the effect (:data:`NOT_COUNTED`: "wish" after
    "toivoisin" ..., "asked" for help only asked for, "home" for a bad state at home or elsewhere set against here,
    "hardship" for a bad state in a "when" clause the help came in: "kun oli huono jakso, työntekijä soitti",
    "compared" for what a comparative is set against: "parempi ku kotona istuminen", "said" for a good thing others
    claim or promise: "sanotaan että saa vaikuttaa")."""

    theme: str
    words: str
    negated: bool
    polarity: str


def evidence(why: str) -> list[Evidence]:
    """The pieces of evidence in a coding's ``why`` (as :class:`Coder` writes it).

    >>> evidence("community: ei/not kuulua (negative); effect: hyvä (positive)")
    [Evidence(theme='community', words='kuulua', negated=True, polarity='negative'), \
Evidence(theme='effect', words='hyvä', negated=False, polarity='positive')]
    """
    found = (_WHY_ITEM.fullmatch(item) for item in why.split("; ") if item)
    return [Evidence(m["theme"], m["words"], bool(m["negated"]), m["polarity"]) for m in found if m]
