"""The theme codebook: data files, one per language, ``themes/codebook/<lang>.yaml``.

A file holds the language's cue words and, per theme key, a label, a one-line definition and
signal words (as lemmas, the dictionary form). It may also map spoken forms to written ones
(``spoken: {mä: minä, kattoo: katsoo}``): a word is read as its written form too before it is
lemmatised. Cue lists: see ``CUE_LISTS`` (``past``/``present``/``compare``: how it was before,
set against now, unless a clause with an ``again`` cue says something bad ("nyt ollaan taas
tyhjän päällä": back where one was); ``home``: a bad state at home or elsewhere set against a good
one in the answer does not count for the effect ("kotona seinät kaatuu päälle, täällä rauhotun",
"muualla katotaan vinoon", "in my country is big shame"); ``nothing``: a story of the past before
"now" does not turn when now there is "nothing" and no signal ("Ryhmä loppui, nyt ei ole mitään");
``cause``: not knowing why, who or whether it lasts, just after an "unclear" cue, is not being unsure of the effect ("nyt tuntuu
erilaiselta. En tiedä miksi"); ``condition``: with a ``wish`` or ``conditional`` word and no negation
in its sentence, the sentence is a wish ("olisi kiva jos ..."); ``other_sense``: written forms that
are never signals, though their lemma is one ("mielestä": in the opinion of, not "mieli");
``negation_after``: a negation after its word, Swedish "orkar inte", also past an inverted ``subject``,
"här skäms jag inte";
``alternating``: twice in an answer, mixed and so unclear, "välillä hyvä, välillä ei";
``no_longer``: a negation reaches to the end of its clause (and on into a ``complement`` clause,
"että"/"att"/"that"), "en ole enää niin yksin";
``need``: negated, what follows in its clause is a relief, positive, "ei tarvii pelätä et joku vie
kamat", "behöver inte skämmas", "don't have to explain myself";
``auxiliary``: words as written (auxiliaries, degree words, "or"), not counted in a negation's reach of
four words, "ei oo ollu nii pahoi paniikkikohtauksii", "ilman et kukaan kyttää tai uhkailee";
``expect``: after a verb in the past, what follows in its clause was feared or expected, set against
what came like how it was before, "pelkäsin että mua katsotaan eri tavalla, mutta ...", "I expected the staff
to treat me like an addict";
``concessive``: to the end of its clause, with a conditional verb, a concession supposed, not told: its
signals are dropped, "täällä saa olla vaik ois huono päivä";
``mood``: with a general comparative two words from it in its clause, how one feels (wellbeing),
"olo on ollut huonompi", "mått sämre", "feeling worse";
``because``: a clause of a reason, as written, where a "no longer" or "need" negation stops, "en oo enää
niin yksin ku naapurit on tuttuja";
``hearsay``: impersonal or passive speech, a claim or a promise told by others, "sanotaan että",
"luvattiin", "man säger att", "I was told": to the end of its clause (on into "että"/"att"/"that"), its
good signals are the others' words, not the writer's effect, "Sanotaan että saa vaikuttaa, mutta ...";
``thanks``: alone in a short sentence after a bad one, a thanks is irony like a bare good word, also where
a theme claims it ("Rahoitus loppui. Kiitti vaan.", "Thanks, government.");
``same``: an answer of at most three words with one and no signal says nothing changed, "sama.", "meh. same";
``others``: just before an ``unclear`` cue, another person does not know, the writer is not unsure,
"naapurit ei tiedä", "kukaan ei tiedä", "nobody knows";
``else_word``, as written, a word for "else" that is also a form of a signal word (Finnish "muuta": "muu", or
"muuttaa"), is no signal after an ``else_before`` word or a negation ending its clause, "ei oo muuta paikkaa",
"ketään muuta", "Ilmanen työvoima, ei muuta.";
``when``: a bad state in its clause, with good said outside it, is the hard time the help came in, not counted,
"kun oli huono jakso, työntekijä soitti ja auttoi", "när jag mådde dåligt, ringde handledaren";
``each_other``: after an ``others`` word in its clause, the company is others' among themselves, not the
writer's: good social_contacts and community signals there are dropped, "muut on keskenään kavereita", "de som
varit med länge pratade bara med varandra", "they only talk to each other";
``sounds``: a bad word just after it is how the telling sounds, not the effect, and is dropped, "kuulostaa
tyhmältä mut nii se on", "låter töntigt men", "Sounds dumb at 40 but I'm proud";
``without`` then a word, then an ``unreal`` verb (or a Finnish conditional): the sentence is hypothetical like
``without_this``, "utan coachen hade ja hoppat av", "utan Micke skulle ja int ha sökt hjälp";
``waiting``: a general good word just before it, in a clause without a negation, is sarcasm, "jätte kul att
vänta tre veckor", "tosi kiva odottaa kuukausi", "great, waiting again";
``expect`` negated in the past (a verb in the past or a ``past_negation`` word, "didn't"): what one did not
expect came, the negation is not its signals', "Didn't expect them to listen";
``indifferent`` negated, then a ``label`` within six words: nobody minds the label, a relief from stigma,
"kukaan ei välitä diagnooseista", "här e ingen som bryr sig om att man har diagnos";
``mock``: praise of taking part ("super delaktig", "tosi osallinen", "very inclusive") in a sentence after
a bad one or one of ``nothing``, is irony: its good signals turn bad and name no theme, "sen händer ingenting.
super delaktigt verkligen", "ei tapahu mitään. niin osallistavaa";
``reservation``: from it to the end, what is said is a wish, not the effect, "ainoa miinus on et ...",
"synd bara att det är öppet två dar", "only problem it is closed on weekend";
``without_this``: the sentence is hypothetical, its signals turn, "ilman tätä en lähtisi kotoa";
``here`` and ``past_tense``: a story of the past before "here"/"now" tells a change, "olin yksin.
Täällä on porukka"; ``survey``: a clause about the questionnaire itself is not about the
effect, its signals are dropped, "liian vaikee kysymys"; ``compare`` + ``as_before``: nothing changed,
"sama ku ennenki", "precis som förr", unless a ``comparative`` or a negation is in the clause;
``conditional`` with a negation: what one could not have done alone, its signals dropped, "yksin
en olisi jaksanut"; ``request``: help asked for or needed is not help received, "pyysin apua";
``person`` and ``contact`` in one clause, any order: meeting people, "tulee nähtyä ihmisiä").
Signal
syntax:

* ``ryhmä``: the lemma itself, or a compound ending in it (``vertaisryhmä``);
* ``ryhmä*``: also compounds starting with it (``ryhmätoiminta``);
* ``katsoa alaspäin``: a phrase, its words in this order with at most two words between;
* ``signals`` carry the theme's ``polarity`` (``positive``, ``negative`` or ``none``);
  ``opposite`` signals the other polarity (stigma *relief*: ``tasavertainen``);
  ``when_negated`` signals count only after a negation (``ei ole vaikuttanut``);
  ``too_early`` signals name the theme but leave the effect unclear ("vasta pari kertaa",
  "just started": too early to tell); ``topic`` words name the theme but say nothing of the
  effect ("ryhmä", "group", "hakemus": the effect comes from what is said of them).

A negation just before a signal turns positive into negative and back: "en kuulu porukkaan"
is community with a negative effect, "täällä ei tarvitse hävetä" stigma with a positive one.

Users add themes, signal words or languages with files of the same form in
``DIR/themes/<lang>.yaml`` (``--data DIR``): their themes are added, and for a theme key
that exists already their signal lists are added to the shipped ones.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..errors import InputError
from ..yaml_files import safe_load

CODEBOOK_DIR = Path(str(resources.files("osallisuus") / "themes" / "codebook"))
POLARITIES = ("positive", "negative", "none")
EFFECTS = ("positive", "none", "negative", "unclear")
CUE_LISTS = ("negation", "counterfactual", "contrast", "persisting", "decrease", "wish", "positive", "negative",
             "unclear", "past", "present", "compare", "negation_after", "alternating", "no_longer", "without_this",
             "here", "past_tense", "complement", "survey",
             "as_before", "comparative", "conditional", "request", "again", "home", "nothing", "cause", "condition",
             "other_sense", "person", "contact", "need", "reservation", "auxiliary",
             "subject", "expect", "concessive", "mood", "because", "hearsay", "thanks", "same", "others", "else_word",
             "else_before", "when", "each_other", "sounds", "without", "unreal", "waiting", "mock",
             "past_negation", "indifferent", "label")


@dataclass(frozen=True)
class Theme:
    """One theme in one language."""

    key: str
    label: str
    definition: str
    polarity: str = "positive"
    signals: tuple[str, ...] = ()
    opposite: tuple[str, ...] = ()
    when_negated: tuple[str, ...] = ()
    too_early: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()


@dataclass
class LanguageBook:
    """The themes and cue words of one language."""

    language: str
    themes: dict[str, Theme] = field(default_factory=dict)
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    spoken: dict[str, str] = field(default_factory=dict)  # spoken form -> written form, before lemmatising


def load_codebook(data_dir: str | Path | None = None) -> dict[str, LanguageBook]:
    """Every language's theme codebook: the shipped files plus ``DIR/themes/*.yaml``.

    >>> books = load_codebook()
    >>> sorted(books)[:3], books["fi"].themes["stigma"].label
    (['en', 'fi', 'sv'], 'Leimautuminen')
    """
    paths = sorted(CODEBOOK_DIR.glob("*.yaml"))
    if data_dir is not None and (Path(data_dir) / "themes").is_dir():
        paths += sorted((Path(data_dir) / "themes").glob("*.yaml"))
    return _books(tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in paths))


@functools.lru_cache(maxsize=8)
def _books(files: tuple[tuple[Path, int, int], ...]) -> dict[str, LanguageBook]:
    """The codebooks of ``files`` (path, modification time, size), read once while they stay
    the same (every report of a batch codes with them; parsing the YAML took most of that)."""
    books: dict[str, LanguageBook] = {}
    for path, _, _ in files:
        _merge(books, path)
    return books


def theme_keys(books: dict[str, LanguageBook]) -> list[str]:
    """All theme keys, in the order of the Finnish (else the first) codebook."""
    keys: list[str] = []
    for lang in sorted(books, key=lambda x: x != "fi"):
        keys += [k for k in books[lang].themes if k not in keys]
    return keys


def labels(books: dict[str, LanguageBook], language: str) -> dict[str, str]:
    """Theme key -> label in ``language`` (the key itself where the language lacks a label)."""
    book = books.get(language)
    return {k: (book.themes[k].label if book and k in book.themes else k) for k in theme_keys(books)}


def _merge(books: dict[str, LanguageBook], path: Path) -> None:
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
        lang = str(data["language"])
        book = books.setdefault(lang, LanguageBook(lang))
        for name, words in (data.get("cues") or {}).items():
            if name not in CUE_LISTS:
                raise ValueError(f"unknown cue list {name!r} (known: {', '.join(CUE_LISTS)})")
            book.cues[name] = (*book.cues.get(name, ()), *(str(w).lower() for w in words))
        book.spoken.update({str(k).lower(): str(v).lower() for k, v in (data.get("spoken") or {}).items()})
        for key, spec in (data.get("themes") or {}).items():
            book.themes[key] = _theme(str(key), spec or {}, book.themes.get(key))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(path, f"teemakoodikirjaa ei voi lukea ({exc}).", f"the theme codebook cannot be read ({exc}).",
                         "Korjaa tiedosto mallin codebook/fi.yaml mukaiseksi.",
                         "Fix the file to follow the form of codebook/fi.yaml.") from exc


def _theme(key: str, spec: dict, old: Theme | None) -> Theme:
    polarity = spec.get("polarity", old.polarity if old else "positive")
    if polarity not in POLARITIES:
        raise ValueError(f"theme {key}: polarity must be one of {', '.join(POLARITIES)}")

    def words(name: str) -> tuple[str, ...]:
        return (*(getattr(old, name) if old else ()), *(str(w).lower() for w in spec.get(name) or ()))

    return Theme(key, str(spec.get("label", old.label if old else key)),
                 str(spec.get("definition", old.definition if old else "")), polarity,
                 words("signals"), words("opposite"), words("when_negated"), words("too_early"),
                 words("topic"))
