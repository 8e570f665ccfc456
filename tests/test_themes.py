"""Themes of the open answers (issue 13): rules on lemmas, staff confirmation, disclosure."""

from __future__ import annotations

import html
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osallisuus.cli import main
from osallisuus.intake.demo import _OPEN
from osallisuus.intake.store import Store
from osallisuus.reporting.published import CACHE
from osallisuus.texts import LANGUAGES, text
from osallisuus.themes import Coder
from osallisuus.themes.codebook import EFFECTS
from osallisuus.themes.coding import NOT_COUNTED, evidence
from osallisuus.themes.confirm import (
    apply_confirmations,
    effective_coding,
    open_answers,
    read_stored,
    stale,
    why_in,
    write_suggestions,
)
from osallisuus.themes.tables import theme_examples, theme_table
from tests.helpers import examples

PRIVATE = ["Maija", "040 123 4567", "testi.henkilo@example.org"]  # in the demo's open answers


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.fixture
def data(demo_dir, tmp_path) -> Path:
    """A private copy of the demo store (applying writes into it)."""
    shutil.copytree(demo_dir / "processed", tmp_path / "processed", ignore=shutil.ignore_patterns(CACHE))
    return tmp_path


@pytest.mark.parametrize(("text", "language", "theme"), [
    ("Ryhmätoiminnassa on hyvä olla.", "fi", "community"),
    ("Olen saanut päivärytmiä.", "fi", "meaningful_activity"),
    ("Vuorokausirytmini on parantunut.", "fi", "meaningful_activity"),  # compound the dictionary lacks
    ("Olen saanut kavereita.", "fi", "social_contacts"),
    ("Tunnen kuuluvani yhteisöön.", "fi", "community"),
    ("Sain apua Kelan hakemusten kanssa.", "fi", "support"),
    ("Gemenskapen betyder mycket.", "sv", "community"),
    ("I've made new friends.", "en", "social_contacts"),
])
def test_inflected_and_compound_forms_match_their_lemma(coder, text, language, theme):
    coding = coder.code(text, language)
    assert theme in coding.themes
    assert theme in coding.why  # the evidence names the theme and the matched signal


@pytest.mark.parametrize(("text", "language", "themes", "effect"), [
    ("Ei ole vaikuttanut mitenkään.", "fi", {"no_effect"}, "none"),
    ("Täällä ei tarvitse hävetä sitä, että on työtön.", "fi", {"stigma"}, "positive"),
    ("Minua hävettää tulla tänne.", "fi", {"stigma"}, "negative"),
    ("Täällä ei katsota alaspäin.", "fi", {"stigma"}, "positive"),
    ("En oo enää niin yksin.", "fi", {"loneliness"}, "positive"),
    ("Tuntuu, että en kuulu tähän porukkaan.", "fi", {"community"}, "negative"),
    ("Olen edelleen yksinäinen, vaikka käyn täällä.", "fi", {"loneliness", "no_effect"}, "none"),
    ("Jag är inte lika ensam längre.", "sv", {"loneliness"}, "positive"),
    ("I don't feel judged here.", "en", {"stigma"}, "positive"),
    ("En osaa sanoa.", "fi", set(), "unclear"),
])
def test_negation_and_effect(coder, text, language, themes, effect):
    coding = coder.code(text, language)
    assert set(coding.themes) == themes
    assert coding.effect == effect


@pytest.mark.parametrize(("text", "language", "theme", "effect"), [
    # before set against now: the bad state before is the good change
    ("Ennen mulla ei ollu mitään tekemistä, nyt on joka aamu paikka mihin mennä.", "fi", "meaningful_activity",
     "positive"),
    ("Aiemmin olin tosi yksinäinen, mutta nyt on kavereita.", "fi", "loneliness", "positive"),
    ("Förr satt jag ensam hemma, nu har jag folk att prata med.", "sv", "loneliness", "positive"),
    ("I used to be lonely, now I have friends.", "en", "loneliness", "positive"),
    ("Ennen oli hyvä porukka, nyt kaikki on lähteny.", "fi", "community", "negative"),
    # negated negatives and "no longer"
    ("Kukaan ei katso täällä alaspäin.", "fi", "stigma", "positive"),
    ("Nobody looks down on me here.", "en", "stigma", "positive"),
    ("I am no longer alone with my problems.", "en", "loneliness", "positive"),
    ("En oo enää niin masentunu.", "fi", "wellbeing", "positive"),
    # no change: "ennen" compared with is not the past
    ("Ei oo muuttunu mitään, sama kuin ennen.", "fi", "no_effect", "none"),
    ("Ingen skillnad, det är samma som förut.", "sv", "no_effect", "none"),
    ("Same as before, nothing has changed.", "en", "no_effect", "none"),
    ("Samat ongelmat on edelleen.", "fi", "no_effect", "none"),
    # "ennen kuin" is a conjunction unless set against now; spoken "et" is "että", not a negation
    ("Ohjaaja kysyy meiltä aina ennen kuin päättää.", "fi", "influence", "positive"),
    ("Tuntuu et on osa porukkaa.", "fi", "community", "positive"),
    # Swedish puts the negation after the verb; fear is the opposite of safety
    ("Jag mår sämre och orkar inte.", "sv", "wellbeing", "negative"),
    ("Täällä voin olla rauhassa ilman pelkoa.", "fi", "safety", "positive"),
    # "no longer" carries the negation to the clause's end; "without this" makes the sentence a what-if
    ("Nyt ei enää tunnu siltä, että olisin aina ihan yksin.", "fi", "loneliness", "positive"),
    # a problem named before its "ei enää" is gone too
    ("Yksinäisyys ei enää paina niin paljon.", "fi", "loneliness", "positive"),
    ("Ahdistus ei ole enää niin paha.", "fi", "wellbeing", "positive"),
    ("Ilman tätä paikkaa makaisin vain kotona koko päivän.", "fi", "meaningful_activity", "positive"),
    ("Without this place I would be alone at home.", "en", "loneliness", "positive"),
    # a story of the past before "now"/"here", without "before": its problems are the change
    ("Muutin kaupunkiin enkä tuntenut ketään, olin yksinäinen. Nyt on kavereita.", "fi", "loneliness", "positive"),
    ("Efter skilsmässan var jag så ensam. Här har jag vänner.", "sv", "loneliness", "positive"),
    # a problem that comes rarely now has lessened; "ryhmä" alone says nothing of the effect
    ("I am rarely lonely now.", "en", "loneliness", "positive"),
    ("Ryhmässä on pari tyyppiä jotka haukkuu ja huutaa, ahdistaa tulla.", "fi", "wellbeing", "negative"),
    # no change said with a negation far before its word; a bare denial
    ("Ei se mun elämää oo kyllä muuttanu.", "fi", "no_effect", "none"),
    ("Ingenting.", "sv", "no_effect", "none"),
    # a good effect with a small wish for more is positive (LABELS.md)
    ("Tosi hyvä porukka, ja tunnen että kuulun joukkoon. Liian harvoin vaan.", "fi", "services_insufficient", "positive"),
    # back where one was "again" is no change for the better; coping "again" still is
    ("Perhetyö loppui kesken kun rahat loppu. Nyt ollaan taas tyhjän päällä.", "fi", "services_insufficient", "negative"),
    ("Ennen en jaksanut mitään. Nyt jaksan taas.", "fi", "wellbeing", "positive"),
    # a bad state at home set against a good one here
    ("kahvitauolla tulee juteltua. kotona ei puhu kenenkään kans", "fi", "social_contacts", "positive"),
    ("Här har jag vänner att prata med, hemma är jag ensam.", "sv", "loneliness", "positive"),
    ("Olen yksin kotona viikonloput. Se on edelleen tylsää.", "fi", "loneliness", "none"),
    ("At home I feel lonely, here I have friends.", "en", "loneliness", "positive"),
    ("Only two days a week and now no more places. So again I sit at home.", "en", "meaningful_activity", "negative"),
    # a service that ended, then nothing now: no turn; a state denied now still is a change
    ("Ryhmä loppui, nyt ei ole mitään", "fi", "services_insufficient", "negative"),
    ("Kotona olin yksin. Nyt en ole.", "fi", "loneliness", "positive"),
    # nor when only worse is told now; not knowing why is not being unsure of the effect
    ("Olin yksin ja ahdistunut. Nyt olen vielä yksinäisempi.", "fi", "loneliness", "negative"),
    # a negated "if" sentence is a what-if, not a wish; "I did not know" is no doubt about the effect
    ("Jos en kävisi täällä, olisin ihan yksin.", "fi", "loneliness", "positive"),
    ("Sain kuulla etuuksista joista en tiennyt mitään. Nyt saan asumistukea.", "fi", "support", "positive"),
    # a bad state just around "kotona" is at home, also in the clause of the good one
    ("nuorisotalolla on turvallinen olla ku kotona on välil tosi levotont", "fi", "safety", "positive"),
    # meeting "outside" the place is no exclusion; feeling outside is
    ("Nu har jag vänner som jag träffar också utanför.", "sv", "social_contacts", "positive"),
    ("Ibland känner jag mig lite utanför.", "sv", "community", "negative"),
    # a statement of no change outweighs as much good; "all the same" is equality, not no change
    ("Ei oo muuttunut mitään, kämppä vaan.", "fi", "no_effect", "none"),
    ("In this group nobody looks down on me. We are all same here.", "en", "stigma", "positive"),
    # "here" after a verb in the past is the story; "jos ei" without a conditional is no what-if
    ("Muutin tänne yksin enkä tuntenut ketään. Nyt on porukka.", "fi", "loneliness", "positive"),
    ("Ohjaajat keksii aina jotain tekemistä ja auttaa jos ei itse osaa.", "fi", "meaningful_activity", "positive"),
    ("Mieli on mennyt matalaksi kun ei pääse minnekään.", "fi", "wellbeing", "negative"),
    # a bare good word after a bad sentence is irony; a turn to now is not
    ("They cut the support worker visits from weekly to once a month. Brilliant. Just when things were starting to work.",
     "en", "services_insufficient", "negative"),
    ("Olin yksinäinen. Nyt hyvä.", "fi", "loneliness", "positive"),
    # a negation three words before "enää" is "no longer"; "nobody has said" is not "I have nobody"
    ("Olen löytänyt ryhmästä ihmisiä jotka ymmärtää. En tunne itseäni enää niin yksinäiseksi.", "fi", "loneliness",
     "positive"),
    ("Työnjohtaja sano että hyvin tehty. Ei oo vähään aikaan kukaan sanonu.", "fi", "self_esteem", "positive"),
    ("Minulla ei ole ketään.", "fi", "loneliness", "negative"),
    # what happened, told before "ilman sitä ...", is no what-if; "ilman tätä" alone is
    ("Ohjaaja auttoi mua saamaan oman kämpän, ilman sitä mä oisin varmaan vieläkin kadulla.", "fi", "support",
     "positive"),
    ("Ilman tätä paikkaa olisin ihan yksin.", "fi", "loneliness", "positive"),
    # "but not here" turns the bad said before it; "here there is nobody" is no such clause
    ("Joskus ihmiset katsoo minua huono koska minä ulkomaalainen, mutta täällä ei", "fi", "stigma", "positive"),
    ("Täällä ei ole ketään.", "fi", "loneliness", "negative"),
    # not knowing who is no doubt about the effect; not being asked anything is no say
    ("Ohjaaja vaihtuu koko ajan. En tiedä kenelle puhun.", "fi", "services_insufficient", "negative"),
    ("asukkailta ei kysytä mitään, säännöt tulee ylhäältä", "fi", "influence", "negative"),
    ("Meiltä ei kysytty mitään, ohjaaja päätti kaiken etukäteen.", "fi", "influence", "negative"),
    ("Residents are not asked anything, rules just come from above.", "en", "influence", "negative"),
    # "mun mielestä" is "in my opinion", not a good mind; "mieli" itself still is
    ("Mun mielestä tää ei vaikuta mitenkään, se on vaan ruokaa.", "fi", "no_effect", "none"),
    ("Mieli on parempi kuin ennen.", "fi", "wellbeing", "positive"),
    ("Ryhmässä olen oppinut paljon ja jaksan paremmin. En tiedä miksi.", "fi", "wellbeing", "positive"),
    # "as I used to" compares with before: it is not how things were before
    ("I'm not as lonely as I used to be.", "en", "loneliness", "positive"),
    # a story of before ends at "here" as at "now"; "would" in a "without this" sentence is no wish
    ("Ennen olin vain potilas, täällä olen jäsen ja kuulun porukkaan.", "fi", "community", "positive"),
    ("I would be lost without this place. Here I have friends.", "en", "social_contacts", "positive"),
    # a wish word just after a verb in the past is told, no wish: "I never thought I could"
    ("I never thought I could do something like that, now I feel proud.", "en", "self_esteem", "positive"),
    ("Jag trodde inte att jag kunde lära mig, nu är jag stolt.", "sv", "self_esteem", "positive"),
    # staff and papers are topic words in every language: the effect comes from what is said of them;
    # "two times a day" is no "only twice"
    ("Too much papers, nobody explain me what to do. I feel lost.", "en", "support", "negative"),
    ("Int rädd längre, nu när di tittar till mej två gånger om dan.", "sv", "safety", "positive"),
    # a bad state elsewhere set against here, like one at home
    ("Kukaan ei tuomitse täällä vaik oon istunu. Muualla aina katotaan vinoon.", "fi", "stigma", "positive"),
    ("In my country is big shame to talk about mental problems. Here nobody judge, I can be open.", "en", "stigma",
     "positive"),
    # auxiliaries do not count in a negation's reach; Swedish puts the subject between a word and its negation
    ("Pää on paremmas kunnos. Ei oo ollu nii pahoi paniikkikohtauksii.", "fi", "wellbeing", "positive"),
    ("Jag har inte på länge varit så särskilt ensam.", "sv", "loneliness", "positive"),
    ("I have not been all that very lonely.", "en", "loneliness", "positive"),
    ("Minnet blir sämre men här skäms jag inte för det.", "sv", "stigma", "positive"),
    # a story of before without "now" ends at "but"; "ku ennen" with a verb in the past is "because before"
    ("Alussa oli hyvä, mutta uusi ohjaaja ei kuuntele meitä ollenkaan.", "fi", "influence", "negative"),
    ("oon saanu kavereita. se on iso juttu ku ennen kaikki kaverit oli käyttäjiä", "fi", "social_contacts",
     "positive"),
    # help asked for is not counted, negated or not; a need one need not have is no request
    ("Jag skäms inte längre över att be om hjälp.", "sv", "stigma", "positive"),
    # "here" just before a verb in the past is still the story; what was feared is set against what came
    ("Moving here I knew nobody. Now I have friends in this group.", "en", "loneliness", "positive"),
    ("Pelkäsin että jään ulkopuolelle, mutta kaikki on ollu ystävällisiä.", "fi", "community", "positive"),
    ("Som pappa var jag rädd att känna mig utanför men alla har varit så välkomnande.", "sv", "community",
     "positive"),
    ("I expected the staff to treat me like an addict. They didn't. Treated me like a person.", "en", "stigma",
     "positive"),
    # a wish word with its own negation ("couldn't") is no wish
    ("I had a pile of bills I couldn't read. The worker helped me with everything.", "en", "support", "positive"),
    # no more than before is no change; a negation after the comparative is another verb's
    ("en mä koe et oisin yhtää enempää mukana missään ku ennen", "fi", "no_effect", "none"),
    ("I still go, but I don't feel any more included than before.", "en", "no_effect", "none"),
    ("Jag mår sämre än förut och orkar inte.", "sv", "wellbeing", "negative"),
    # a service that lessens does not lessen a problem that grows; "as if" is no wish; "or" is no word
    # between a negation and what it negates
    ("Hembesöken har minskat och jag känner mig mer ensam än förut.", "sv", "loneliness", "negative"),
    ("Jag blev bemött som om jag vore dement. Det kändes förnedrande.", "sv", "stigma", "negative"),
    ("Tää on ainoo paikka missä voi olla rauhas ilman et kukaan kyttää tai uhkailee.", "fi", "safety", "positive"),
    ("Ingen frågar va ja vill. Di kommer när di kommer.", "sv", "influence", "negative"),
    ("Ei tarvi pelätä että joku tullee ovesta.", "fi", "safety", "positive"),  # fear of someone: safety
    # a story of before reaches "now" only over sentences told in the past
    ("Before I was afraid to speak. In the group nobody laughs at me, now I speak more.", "en", "stigma", "positive"),
    ("Ennen pelkäsin puhua. Ryhmässä kukaan ei naura mulle, nyt puhun enemmän.", "fi", "stigma", "positive"),
    ("Ennen olin yksin. Ei ollut ketään. Nyt on kavereita.", "fi", "loneliness", "positive"),
    # "ryhmässä" (in the group) turns a story of the past like "täällä"
    ("Häpesin pitkään sairauttani. Ryhmässä sitä ei tarvitse selitellä.", "fi", "stigma", "positive"),
    # a "no longer" negation stops at a clause of a reason
    ("En oo enää niin yksin ku naapurit on tuttuja.", "fi", "social_contacts", "positive"),
    ("Jag är inte ensam längre eftersom jag har vänner här.", "sv", "social_contacts", "positive"),
    ("I don't feel alone anymore because I have friends here now.", "en", "social_contacts", "positive"),
    # what one need not do or be is a relief, to the end of its clause
    ("Ei tarvii aina olla niin yksin omissa ajatuksissa.", "fi", "loneliness", "positive"),
    ("Ekaa kertaa ei tarvii feikata olevansa normaali.", "fi", "stigma", "positive"),
    ("Jag har lärt mej att ja int behöver skämmas för att ja mår dåligt ibland.", "sv", "stigma", "positive"),
    ("It's the one place I don't have to explain myself or feel ashamed.", "en", "stigma", "positive"),
    # a negation before "nyt" in a story of before does not reach past it
    ("ennen en jaksanu mitää nyt jaksan vähä enemmä", "fi", "wellbeing", "positive"),
    # "not ... elsewhere, here it is": the good denied elsewhere is here
    ("Kadulla ei oo turvallista talvella, täällä on.", "fi", "safety", "positive"),
    ("On the street it is not safe at night, here it is.", "en", "safety", "positive"),
    ("På gatan är det inte tryggt på natten, här är det.", "sv", "safety", "positive"),
    # what a comparative is set against is no state: "better than sitting at home"
    ("vähä tylsää välil mut parempi ku kotona istuminen", "fi", "meaningful_activity", "positive"),
    ("Lite tråkigt ibland men bättre än att vara ensam.", "sv", "loneliness", "positive"),
    ("A bit boring sometimes, but better than being alone all day.", "en", "loneliness", "positive"),
    # a reservation after the good is a wish, not the effect
    ("Känns som en familj nästan. Synd bara att det bara är öppet två dar i veckan.", "sv", "services_insufficient",
     "positive"),
    ("Hyvä porukka ja ohjaajat. Ainoa miinus on että pajalla on liian vähän päiviä.", "fi", "services_insufficient",
     "positive"),
    ("Very good place, I find friends. Only problem it is closed on weekend, weekend is long time alone.", "en",
     "services_insufficient", "positive"),
])
def test_effect_by_clause(coder, text, language, theme, effect):
    coding = coder.code(text, language)
    assert theme in coding.themes, coding.why
    assert coding.effect == effect, coding.why


_ANSWERS = pd.read_csv(Path(__file__).parent / "data" / "themes_eval.csv")["text"].tolist()


@pytest.mark.parametrize(("text", "language", "community"), [
    ("Ryhmä on kuin perhe. En ole yksin.", "fi", True),
    ("Vi är som en familj.", "sv", True),
    ("The group feels like a family to me.", "en", True),
    ("Perhekerho on aina täynnä, ei oo päässyt kuin kerran.", "fi", False),
    ("My family is still in Afghanistan. I think about them all the time.", "en", False),
    ("Since the family work started we sit down together and talk.", "en", False),
])
def test_a_family_is_community_only_as_a_likeness(coder, text, language, community):
    """"kuin perhe", "som en familj", "like a family": the group as a family, not one's own family."""
    coding = coder.code(text, language)
    assert ("community" in coding.themes) == community, coding.why


@pytest.mark.parametrize(("text", "language"), [
    ("Olo huonompi. Liikaa ihmisiä ja meteliä.", "fi"),
    ("Sedan jag flyttade hit har jag mått sämre.", "sv"),
    ("Left most sessions feeling worse than when I arrived.", "en"),
])
def test_a_mood_word_and_a_comparative_are_wellbeing(coder, text, language):
    coding = coder.code(text, language)
    assert (coding.themes, coding.effect) == (("wellbeing",), "negative"), coding.why


@pytest.mark.parametrize(("text", "language"), [
    ("Sain tääl ruokaa ja lämpimän paikan talvel. Ilman tätä olisin ollu kadulla.", "fi"),
    ("Utan er hade jag varit på gatan i vinter.", "sv"),
    ("They sorted my rent. Without them I'd be on the street.", "en"),
    ("etsivä soitti ja kävi mun kaa te-toimistos. en ois yksin menny", "fi"),
])
def test_what_the_help_made_possible_is_positive_though_no_signal_names_it(coder, text, language):
    assert coder.code(text, language).effect == "positive"


def test_a_concession_supposed_is_not_told(coder):
    """"vaik ois huono päivä" supposes a bad day: no bad sentence before a good one, so no irony."""
    coding = coder.code("Täällä saa olla vaik ois huono päivä. Se on tärkeetä.", "fi")
    assert coding.effect == "positive", coding.why


@pytest.mark.parametrize("text", [
    "mun ei tarvii olla yksin iltasin ku nuokkari on auki",  # "minun tarvitse" is no "minua tarvitaan"
    "en oo enää nii yksin vaik muutin omaa kämppää",  # "muutin": I moved, no "ei muuttanut"
])
def test_a_cue_word_is_no_signal(coder, text):
    coding = coder.code(text, "fi")
    assert (coding.themes, coding.effect) == (("loneliness",), "positive"), coding.why


def test_a_need_one_need_not_have_is_no_request(coder):
    """"tarvita" is also a request cue ("tarvitsen apua"); negated, it asks for nothing."""
    coding = coder.code("Ei tarvi pelätä että joku tullee ovesta.", "fi")
    assert coding.effect == "positive" and "asked" not in coding.why, coding.why


def test_a_turned_signal_that_becomes_a_wish_does_not_crash_the_coding(coder):
    """0d2ef2e raised KeyError: a story turned by "taas", then a wish ("pitäisi") later in the answer."""
    coding = coder.code("Toiminta loppuu keväällä ja sit mulla ei oo taas mitään, se pelottaa. Toimintaa pitäisi "
                        "olla myös viikonloppuisin, silloin on pahin olla.", "fi")
    assert coding.effect == "negative", coding.why


@settings(max_examples=examples(300))
@given(st.lists(st.sampled_from(_ANSWERS), min_size=1, max_size=3), st.sampled_from(["fi", "sv", "en"]),
       st.sampled_from([" ", ". ", ", ", " mutta ", "\n"]))
def test_any_mix_of_answers_is_coded(coder, parts, language, glue):
    """Answers joined as people write them (several thoughts, any language's codebook) always get
    a coding: known themes, one of the effects, evidence the sheet can read back."""
    coding = coder.code(glue.join(parts), language)
    assert set(coding.themes) <= set(coder.keys) and coding.effect in EFFECTS
    assert all(e.polarity in {"positive", "negative", "none", *NOT_COUNTED} for e in evidence(coding.why))


@pytest.mark.parametrize(("answer", "language", "reason"), [
    ("Hyvä paikka. Toivoisin että ohjaaja auttaisi enemmän.", "fi", "wish"),
    ("Pyysin apua Kelan hakemuksen kanssa, ryhmä on kiva.", "fi", "asked"),
    ("Kotona seinät kaatuu päälle, täällä rauhotun.", "fi", "home"),
    ("Vähän tylsää välillä, mutta parempi kuin kotona istuminen.", "fi", "compared"),
])
def test_evidence_says_why_not_counted(coder, answer, language, reason):
    """Signals left out of the effect say why, and the staff sheet words it in each language."""
    coding = coder.code(answer, language)
    assert coding.effect == "positive", coding.why
    assert reason in {e.polarity for e in evidence(coding.why)}, coding.why
    for lang in LANGUAGES:
        assert text(lang, f"sheet_why_{reason}") in why_in(coding.why, coder.books, lang)


@pytest.mark.parametrize(("text", "language", "themes"), [
    ("Välillä on kivaa, välillä ihan kurjaa.", "fi", set()),  # mixed
    ("Ibland är det roligt, ibland orkar jag inte alls.", "sv", {"wellbeing"}),
    ("Vähän paremmin ehkä jaksan, mutta en osaa sanoa.", "fi", {"wellbeing"}),  # unsure, whatever else
    ("Olen käynyt vasta pari kertaa.", "fi", {"no_effect"}),  # too early: the theme, effect unclear
    ("I just started, too early to tell.", "en", {"no_effect"}),
    ("En tiedä onko tästä ollut apua.", "fi", {"support"}),  # unsure whether it helped: unclear
    ("enemmän aukioloa toivoisin", "fi", {"services_insufficient"}),  # wanting more: a wish from the clause's start
    ("I want more Finnish lessons please", "en", {"services_insufficient"}),
    ("Mixed bag. Some weeks it gives me structure, some weeks I dread it.", "en", {"meaningful_activity"}),  # mixed
    ("Ihan jees ja ei jees. Riippuu päivästä.", "fi", set()),
    ("Både bra och dåligt, svårt att förklara.", "sv", set()),
    ("Would be nice if there was an English-speaking group too.", "en", {"community"}),  # only a wish
    ("Olisi kiva jos asiakkaat pääsisivät enemmän päättämään ohjelmasta.", "fi", {"influence"}),  # a wish with "if"
    ("Det vore bra om deltagarna fick mer att säga till om.", "sv", {"influence"}),
])
def test_unsure_mixed_and_too_early_answers_are_unclear(coder, text, language, themes):
    coding = coder.code(text, language)
    assert (set(coding.themes), coding.effect) == (themes, "unclear"), coding.why


@pytest.mark.parametrize(("text", "language"), [
    ("Kysymys on aika vaikea ja outo.", "fi"),
    ("Enkäten är för lång och konstig.", "sv"),
    ("The questions are hard to understand.", "en"),
])
def test_a_clause_about_the_survey_itself_is_not_an_effect(coder, text, language):
    coding = coder.code(text, language)
    assert (coding.themes, coding.effect) == ((), "unclear"), coding.why


def test_survey_talk_leaves_the_rest_of_the_answer(coder):
    coding = coder.code("En ymmärrä näitä kyselyitä, mutta täällä on mukava jutella ihmisten kanssa.", "fi")
    assert (coding.themes, coding.effect) == (("social_contacts",), "positive"), coding.why


@pytest.mark.parametrize(("text", "language", "named", "not_named"), [
    ("Ryhmässä ohjaaja auttoi minua hakemuksen kanssa.", "fi", "support", "community"),
    ("I gruppen fick jag hjälp med min ansökan.", "sv", "support", "community"),
    ("In the group I got help with my benefit forms.", "en", "support", "community"),
    ("Ryhmä on minulle tärkeä.", "fi", "community", "support"),  # alone in its clause, it names its theme
])
def test_a_topic_word_names_its_theme_only_alone_in_its_clause(coder, text, language, named, not_named):
    coding = coder.code(text, language)
    assert named in coding.themes and not_named not in coding.themes, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Olen ihan yhtä yksinäinen kuin ennenkin.", "fi", "none"),  # as before: nothing changed
    ("Mun elämä on samanlaista ku ennen.", "fi", "none"),
    ("Min vardag är precis som förr.", "sv", "none"),
    ("My days are just as before.", "en", "none"),
    ("Olen iloisempi kuin ennen.", "fi", "positive"),  # a comparative: a change
    ("I feel better than before.", "en", "positive"),
    ("En oo enää niin yksin ku ennen.", "fi", "positive"),  # a negation: a change
])
def test_as_before_is_no_change_unless_compared_or_negated(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why
    assert ("no_effect" in coding.themes) == (effect == "none"), coding.why


@pytest.mark.parametrize(("text", "language", "theme", "effect"), [
    ("Minulta ei kysytä mitään.", "fi", "influence", "negative"),  # a negation between a phrase's words
    ("Meiltä ei koskaan kysytä mitä haluamme.", "fi", "influence", "negative"),
    ("They do not see me.", "en", "stigma", "negative"),  # a phrase's own negation does not turn it
])
def test_a_negation_inside_a_phrase_turns_it(coder, text, language, theme, effect):
    coding = coder.code(text, language)
    assert theme in coding.themes and coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "themes", "effect"), [
    ("Ohjaaja auttoi minua Kelan paperien kanssa, yksin en olisi jaksanut.", ("support",), "positive"),
    ("Sain apua asuntoasioihin, en ois ite saanu mitään aikaseks.", ("support",), "positive"),
    ("En koe että tämä olisi muuttanut mitään.", ("no_effect",), "none"),  # a no-change word stays
    ("Kukaan ei tuomitse vaikka olis huono päivä.", ("stigma",), "positive"),  # not "would not have"
])
def test_what_one_could_not_have_done_alone_is_not_a_state(coder, text, themes, effect):
    coding = coder.code(text, "fi")
    assert (coding.themes, coding.effect) == (themes, effect), coding.why


@pytest.mark.parametrize(("text", "language", "theme", "effect"), [
    ("Pyysin apua mutta sitä ei tullut.", "fi", "support", "unclear"),  # asked for, not received
    ("Jag bad om hjälp med FPA men ingen svarade.", "sv", "support", "unclear"),
    ("I asked for help with my debts but nothing happened.", "en", "support", "unclear"),
    ("They asked my opinion and changed things because of it.", "en", "influence", "positive"),
    ("Jag har väntat på att få prata med socialarbetaren i sex veckor.", "sv", "services_insufficient", "negative"),
    ("I have waited months to talk to a social worker.", "en", "services_insufficient", "negative"),
])
def test_help_asked_for_is_not_help_received(coder, text, language, theme, effect):
    coding = coder.code(text, language)
    assert theme in coding.themes and coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "language", "contacts"), [
    ("Täällä on ihmisiä joita tervehtiä.", "fi", True),  # a person word and a contact verb, any order
    ("Nu har jag folk att fika med.", "sv", True),
    ("Now I have people to have coffee with.", "en", True),
    ("Jag känner mig trygg bland de andra.", "sv", False),  # "känna" is to feel, not to know people
    ("Olen löytänyt täältä samanhenkisiä ihmisiä ja tunnen olevani tervetullut.", "fi", False),
])
def test_people_and_a_contact_verb_are_social_contacts(coder, text, language, contacts):
    coding = coder.code(text, language)
    assert ("social_contacts" in coding.themes) == contacts, coding.why
    assert coding.effect == "positive", coding.why


@pytest.mark.parametrize(("text", "language"), [
    ("Olen yhä yksinäinen, vaikka ryhmässä on mukavaa.", "fi"),  # a topic word and a general good word
    ("Itsetunto on edelleen huono. Ryhmä on ihan ok, mutta ei se ole mitään muuttanut.", "fi"),
    ("Jag är fortfarande ensam, fast gruppen är trevlig.", "sv"),
    ("I'm still lonely, though the group is nice.", "en"),
])
def test_no_change_outweighs_a_pleasant_place(coder, text, language):
    coding = coder.code(text, language)
    assert coding.effect == "none" and "no_effect" in coding.themes, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Sanotaan että täällä saa vaikuttaa, mutta mikään ei muutu.", "fi", "none"),  # others' claim
    ("Meille luvattiin apua asuntoasiaan, mutta jono on puoli vuotta.", "fi", "negative"),
    ("Man säger att man får påverka här, men det är som förut.", "sv", "none"),
    ("We were told we could have a say, but nothing changes.", "en", "none"),
    ("I was told they would help me with the papers, but the queue is four months.", "en", "negative"),
    ("Ohjaaja sanoi että olen hyvä työntekijä.", "fi", "positive"),  # praise told to the writer: not hearsay
])
def test_a_good_thing_others_claim_or_promise_is_not_the_effect(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why
    assert ("(said)" in coding.why) == (effect != "positive"), coding.why


@pytest.mark.parametrize(("text", "language", "themes", "effect"), [
    ("Ryhmä lopetettiin rahan puutteen takia. Kiitti vaan.", "fi", ("services_insufficient",), "negative"),
    ("Paja loppu kesken. Kiitos vaan.", "fi", ("services_insufficient",), "negative"),
    ("Gruppen lades ner i våras. Tack för det.", "sv", ("services_insufficient",), "negative"),
    ("They closed the drop-in café because of cuts. Thanks a lot.", "en", ("services_insufficient",), "negative"),
    ("Ohjaaja kiitti minua hyvästä työstä.", "fi", ("self_esteem",), "positive"),  # thanked: appreciated
])
def test_a_bare_thanks_after_a_bad_sentence_is_irony(coder, text, language, themes, effect):
    coding = coder.code(text, language)
    assert (coding.themes, coding.effect) == (themes, effect), coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("ennen mul ei ollu ketään. nyt on paja. kuulostaa tyhmältä mut nii se on", "fi", "positive"),
    ("förut hade ja ingen att prata med. nu har ja kompisar. låter töntigt men he e så", "sv", "positive"),
    ("I go to the group every week now. Sounds stupid but I have friends there.", "en", "positive"),
    ("Ryhmä on tyhmä.", "fi", "negative"),  # no "sounds": a bad word counts
])
def test_a_bad_word_after_sounds_is_how_the_telling_sounds(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why
    assert "self_esteem" not in coding.themes or effect == "negative", coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("utan coachen hade ja hoppat av gymnasiet", "sv", "positive"),
    ("utan Micke skulle ja int ha sökt hjälp för depressionen", "sv", "positive"),
    ("Without Anna I would have lost my flat.", "en", "positive"),
    ("ilman valmentajaa oisin yksin kotona", "fi", "positive"),
])
def test_without_someone_named_and_an_unreal_verb_is_hypothetical(coder, text, language, effect):
    assert coder.code(text, language).effect == effect, coder.code(text, language).why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("jätte kul att vänta tre veckor på en tid", "sv", "negative"),
    ("tosi kiva odottaa kuukausi et joku soittaa takasin", "fi", "negative"),
    ("So nice to wait six weeks for an appointment.", "en", "negative"),
    ("Kiva kun ei tarvii odottaa jonossa.", "fi", "positive"),  # a negation: no sarcasm
])
def test_a_good_word_about_waiting_is_sarcasm(coder, text, language, effect):
    assert coder.code(text, language).effect == effect, coder.code(text, language).why


@pytest.mark.parametrize(("text", "language", "themes", "effect"), [
    ("kukaan ei välitä diagnooseista täällä", "fi", ("stigma",), "positive"),
    ("här e ingen som bryr sig om att man har diagnos", "sv", ("stigma",), "positive"),
    ("Nobody here cares about my past.", "en", ("stigma",), "positive"),
    ("Kukaan ei välitä musta.", "fi", ("support",), "negative"),  # no label: nobody cares for me
])
def test_nobody_minding_a_label_is_relief_from_stigma(coder, text, language, themes, effect):
    coding = coder.code(text, language)
    assert (coding.themes, coding.effect) == (themes, effect), coding.why


@pytest.mark.parametrize(("text", "language"), [
    ("ei mitään hajua", "fi"), ("ingen kommentar", "sv"), ("ingen aning", "sv"), ("No idea, really.", "en"),
])
def test_no_idea_or_no_comment_is_unclear_not_no_change(coder, text, language):
    coding = coder.code(text, language)
    assert (coding.effect, coding.themes) == ("unclear", ()), coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("They didn't make me feel like a loser. Just practical.", "en", "positive"),
    ("här känner ja mig int som en loser", "sv", "positive"),
    ("I feel like a loser there.", "en", "negative"),
])
def test_feeling_a_loser_is_self_esteem(coder, text, language, effect):
    coding = coder.code(text, language)
    assert (coding.effect, "self_esteem" in coding.themes) == (effect, True), coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("They changed the group time. Didn't expect them to listen to us.", "en", "positive"),
    ("En luullut että ne kuuntelee meitä.", "fi", "positive"),
    ("Ja hade int förväntat mig att dom lyssnar på oss.", "sv", "positive"),
    ("I don't expect them to listen.", "en", "negative"),  # not in the past: no surprise
    ("They never listen to us.", "en", "negative"),
])
def test_what_one_did_not_expect_came(coder, text, language, effect):
    assert coder.code(text, language).effect == effect, coder.code(text, language).why


@pytest.mark.parametrize(("text", "language", "themes", "effect"), [
    ("aina sanotaan et viedään eteenpäin ja sit ei tapahu mitään. niin osallistavaa", "fi", (), "negative"),
    ("Jag fick vänta tre veckor på svar. super delaktig känner ja mig", "sv", ("services_insufficient",), "negative"),
    ("The evening group was cancelled. Very inclusive.", "en", ("services_insufficient",), "negative"),
    ("Täällä saa vaikuttaa. Tosi osallistavaa toimintaa.", "fi", ("influence",), "positive"),  # nothing bad before
])
def test_praise_of_taking_part_after_a_bad_sentence_is_irony(coder, text, language, themes, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why
    assert "community" not in coding.themes or effect == "positive", coding.why  # the praise names no theme
    assert set(themes) <= set(coding.themes), coding.why


@pytest.mark.parametrize(("text", "language"), [
    ("Meiltä kysytään mielipidettä, mutta ohjaajat päättää kaiken.", "fi"),  # decided by others, not influence
    ("Vi får säga vår åsikt, men allt bestäms av personalen.", "sv"),
    ("Programmet var färdigt planerat, vi fick bara komma.", "sv"),
    ("They ask our opinion, but everything is already decided.", "en"),
])
def test_what_others_decide_is_no_influence(coder, text, language):
    coding = coder.code(text, language)
    assert "influence" in coding.themes and coding.effect == "negative", coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Sama.", "fi", "none"),  # a short answer of "same" alone: nothing changed
    ("ihan samanlaista", "fi", "none"),
    ("Samma.", "sv", "none"),
    ("meh. same", "en", "none"),
    ("En tiedä. Sama kai.", "fi", "unclear"),  # unsure, whatever else
])
def test_a_short_same_is_no_change(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect and ("no_effect" in coding.themes) == (effect == "none"), coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Naapurit ei tiedä missä käyn, ja se on hyvä.", "fi", "positive"),  # another does not know
    ("Grannarna vet inte var jag går, och det känns bra.", "sv", "positive"),
    ("The neighbours do not know where I go, and that feels good.", "en", "positive"),
    ("Minä ei tiedä onko tästä apua.", "fi", "unclear"),  # the writer is unsure
    ("Jag vet inte, det är bra ibland.", "sv", "unclear"),
    ("I do not know, the group is great.", "en", "unclear"),
])
def test_another_who_does_not_know_is_no_unsure_writer(coder, text, language, effect):
    assert coder.code(text, language).effect == effect


@pytest.mark.parametrize(("text", "language"), [
    ("Puolen vuoden jälkeen olen samassa pisteessä. Ryhmä on ihan ok.", "fi"),  # back where one started
    ("Mitt självförtroende är precis där det var. Gruppen är okej.", "sv"),
    ("Det är samma, varken bättre elle sämre.", "sv"),  # Finland-Swedish "elle": "eller"
    ("Six months in and I'm exactly where I started. Nice people though.", "en"),
])
def test_where_one_started_is_no_change(coder, text, language):
    coding = coder.code(text, language)
    assert coding.effect == "none" and "no_effect" in coding.themes, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Kiitos kysymästä.", "fi", "unclear"),  # politeness alone tells no effect
    ("Tack för frågan!", "sv", "unclear"),
    ("Thanks", "en", "unclear"),
    ("Kiitos avusta, nyt asiat on hoidossa.", "fi", "positive"),
    ("Thanks to the staff I feel better.", "en", "positive"),
])
def test_a_thanks_alone_is_no_effect(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Olo on vähän parempi, en tiedä kestääkö.", "fi", "positive"),  # unsure whether it lasts, not of the effect
    ("Jag mår bättre, vet inte om det håller.", "sv", "positive"),
    ("I feel better, not sure it will last.", "en", "positive"),
    ("Olo on vähän parempi, en tiedä.", "fi", "unclear"),
    ("I feel better, not sure.", "en", "unclear"),
    ("Six months and I still don't know anyone. Nothing changed.", "en", "none"),  # knows no one: not unsure
])
def test_unsure_whether_it_lasts_is_no_unsure_effect(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("siel oli tyyppejä jotka diilas, en tuu enää", "fi", "negative"),  # stopped coming: a bad result
    ("Liian kaukana, en mene enää.", "fi", "negative"),
    ("Det passade inte, jag slutade gå dit.", "sv", "negative"),
    ("They moved it across town, so I don't go anymore.", "en", "negative"),
    ("Velat on järjestyksessä, ei tuu enää karhukirjeitä.", "fi", "positive"),  # letters no longer come
])
def test_stopping_to_come_is_a_bad_result(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("It gives me a reason to get up before noon.", "en", "positive"),  # "before" inside a clause, no past verb
    ("Nyt on syy herätä ennen puoltapäivää.", "fi", "positive"),
    ("Toiminta loppuu kesäksi, ja silloin päivät on taas tyhjiä.", "fi", "negative"),
    ("Ennen olin yksin.", "fi", "positive"),  # a story of the past still turns
    ("Before I was alone, now I have friends.", "en", "positive"),
])
def test_before_inside_a_present_clause_tells_no_past(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "effect"), [
    ("Saan ruokaa ja seuraa, ei paljon muuta tarvi.", "positive"),  # "muuta": else, not "muuttaa" (change)
    ("Sain apua yöllä, kun ei ollut ketään muuta.", "positive"),  # no one else, not no one
    ("Ryhmä on tärkeä, ei oo muuta paikkaa missä puhua.", "positive"),
    ("Ei se muuta mitään.", "none"),  # does not change anything
    ("Ei tää paikka sitä muuta.", "none"),
])
def test_finnish_muuta_after_a_quantifier_is_else_not_change(coder, text, effect):
    coding = coder.code(text, "fi")
    assert coding.effect == effect and ("no_effect" in coding.themes) == (effect == "none"), coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Kun oli huono jakso, työntekijä soitti ja auttoi.", "fi", "positive"),  # the hard time help came in
    ("När jag mådde dåligt, ringde handledaren och hjälpte mig.", "sv", "positive"),
    ("When I was lonely, the staff listened.", "en", "positive"),
    ("Tunnen itseni yksinäiseksi kun menen kotiin.", "fi", "negative"),  # the bad is in the main clause
    ("Kun ryhmä loppui, olin taas yksin.", "fi", "negative"),  # no good said elsewhere
    ("When I go there I feel lonely.", "en", "negative"),
])
def test_a_bad_state_when_help_came_is_no_effect(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Ennen en tiedä mitä kirjeissä lukee. Nyt ohjaaja auttaa.", "fi", "positive"),  # unsure then, not now
    ("Before I don't know anyone here, now I have friends.", "en", "positive"),  # a learner's present tense
    ("En tiedä, ehkä vähän parempi nyt.", "fi", "unclear"),
])
def test_unsure_in_a_story_of_before_is_not_unsure_now(coder, text, language, effect):
    coding = coder.code(text, language)
    assert coding.effect == effect, coding.why


@pytest.mark.parametrize(("text", "language", "themes", "effect"), [
    ("Muut on keskenään kavereita ja minä jään ulkopuolelle.", "fi", ("community",), "negative"),  # others'
    ("De andra pratar bara med varandra, jag känner mig utanför.", "sv", ("community",), "negative"),  # company
    ("The others only talk to each other and I feel left out.", "en", ("community",), "negative"),
    ("Kaikki tuntee toisensa ja ollaan kavereita.", "fi", ("social_contacts",), "positive"),  # the writer among them
    ("We are friends and help each other.", "en", ("social_contacts", "self_esteem"), "positive"),
])
def test_others_company_among_themselves_is_not_the_writers(coder, text, language, themes, effect):
    coding = coder.code(text, language)
    assert (coding.themes, coding.effect) == (themes, effect), coding.why


@pytest.mark.parametrize(("text", "language", "effect"), [
    ("Kun kerroin naapurille, se alkoi katsoa mua eri tavalla.", "fi", "negative"),  # looked at differently
    ("När de fick veta, började de titta annorlunda på mig.", "sv", "negative"),
    ("After I told them, people looked at me differently.", "en", "negative"),
    ("Pelkäsin että mua katsotaan eri tavalla, mutta täällä kaikki on ystävällisiä.", "fi", "positive"),  # feared
])
def test_being_looked_at_differently_is_stigma(coder, text, language, effect):
    coding = coder.code(text, language)
    assert "stigma" in coding.themes and coding.effect == effect, coding.why


def test_a_verdict_after_but_outweighs_an_unsure_start(coder):
    coding = coder.code("En tiedä mitä osallisuus tarkoittaa, mutta täällä on hyvä olla ja saan tukea.", "fi")
    assert coding.effect == "positive", coding.why


def test_spoken_finnish_is_read_as_written():
    from osallisuus.themes.coding import _written

    assert _written("muuttunu", {}, "fi") == ("muuttunut",)
    assert _written("mä", {"mä": "minä"}, "fi") == ("minä",)
    assert _written("apuu", {}, "fi") == ("apua",)  # spoken partitive "-uu", "-ei": "sain apuu", "tyyppei"
    assert _written("tyyppei", {}, "fi") == ("tyyppejä",)
    assert _written("kaveri", {}, "fi") == ()  # a known word is left as it is
    assert _written("ollu", {}, "sv") == ()  # only Finnish


def test_negated_effect_is_not_influence(coder):
    assert "influence" not in coder.code("Ei ole vaikuttanut juurikaan.", "fi").themes
    assert "influence" in coder.code("Voin vaikuttaa siihen, mitä teemme.", "fi").themes


def test_user_codebook_adds_a_theme(tmp_path):
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "fi.yaml").write_text(
        "language: fi\nthemes:\n  work:\n    label: Työ\n    definition: Työ ja opiskelu.\n"
        "    signals: [työpaikka, opiskelu*]\n", encoding="utf-8")
    coder = Coder(str(tmp_path))
    assert "work" in coder.code("Sain työpaikan!", "fi").themes
    assert "community" in coder.keys


def _edit(path: Path, answer_ids: dict[str, tuple[list[str], str]]) -> None:
    """Set the themes and effect of some answers in the xlsx and mark them confirmed."""
    wb = openpyxl.load_workbook(path)
    ws = wb["vastaukset"]
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    theme_cols = [c for c in header if c.startswith("theme_")]
    for row in range(2, ws.max_row + 1):
        answer = ws.cell(row, col["answer_id"]).value
        if answer in answer_ids:
            themes, effect = answer_ids[answer]
            for i, name in enumerate(theme_cols):
                ws.cell(row, col[name]).value = themes[i] if i < len(themes) else None
            ws.cell(row, col["effect"]).value = effect
            ws.cell(row, col["confirmed"]).value = "x"
    wb.save(path)


def _count(table: pd.DataFrame, org: str, unit: str, theme: str, effect: str = "all") -> float:
    row = table[(table["organization"] == org) & (table["unit"] == unit) & (table["theme"] == theme)
                & (table["effect"] == effect)]
    return float(row["count"].fillna(0).iloc[0])  # with min_n=1 only the zeros are hidden


def _two_answers(frame: pd.DataFrame, coder: Coder) -> pd.DataFrame:
    coded = effective_coding(frame, None, coder)
    return coded[~coded["themes"].str.contains("stigma")].drop_duplicates(["organization", "unit"]).head(2)


def test_round_trip_suggest_edit_apply_changes_the_counts(data, coder):
    frame = Store(data).read_responses()
    before = theme_table(frame, effective_coding(frame, read_stored(data), coder), min_n=1, keys=coder.keys)
    path = write_suggestions(data, data / "ehdotus.xlsx", coder)
    two = _two_answers(frame, coder)
    _edit(path, {a: (["stigma", "support"], "negative") for a in two["answer_id"]})

    result = apply_confirmations(path, data, coder)
    assert sorted(result.added) == sorted(two["answer_id"]) and not result.changed and not result.gone

    coding = effective_coding(frame, read_stored(data), coder)
    after = theme_table(frame, coding, min_n=1, keys=coder.keys)
    for row in two.itertuples():
        assert _count(after, row.organization, row.unit, "stigma") == _count(
            before, row.organization, row.unit, "stigma") + 1
        assert _count(after, row.organization, row.unit, "stigma", "negative") >= 1
        n_auto = after[(after["organization"] == row.organization) & (after["unit"] == row.unit)]["n_auto"].iloc[0]
        n_coded = after[(after["organization"] == row.organization) & (after["unit"] == row.unit)]["n_coded"].iloc[0]
        assert n_auto == n_coded - 1  # the confirmed answer is no longer counted as automatic
    assert (coding["source"] == "confirmed").sum() == 2


def test_reapplying_is_idempotent(data, coder):
    frame = Store(data).read_responses()
    path = write_suggestions(data, data / "ehdotus.xlsx", coder)
    two = _two_answers(frame, coder)
    _edit(path, {a: (["support"], "positive") for a in two["answer_id"]})
    apply_confirmations(path, data, coder)
    stored = (data / "processed" / "themes.csv").read_bytes()
    again = apply_confirmations(path, data, coder)
    assert not again.added and not again.updated and sorted(again.unchanged) == sorted(two["answer_id"])
    assert (data / "processed" / "themes.csv").read_bytes() == stored


def test_changed_and_gone_answers_are_reported_not_guessed(data, coder):
    frame = Store(data).read_responses()
    path = write_suggestions(data, data / "ehdotus.xlsx", coder)
    changed, gone = _two_answers(frame, coder).index
    ids = open_answers(frame).loc[[changed, gone], "answer_id"].tolist()
    _edit(path, {a: (["safety"], "positive") for a in ids})
    apply_confirmations(path, data, coder)

    edited = frame.copy()
    edited.loc[changed, "open_effect"] = "Nyt teksti on aivan toinen."
    edited = edited.drop(index=gone)
    edited.assign(round=edited["round"].astype("string")).to_parquet(Store(data).responses_path)  # the committed file

    result = apply_confirmations(path, data, coder)
    assert result.changed == [ids[0]] and result.gone == [ids[1]] and not result.added and not result.updated
    assert "muuttunut" in result.summary() and ids[1] in result.summary()
    assert stale(Store(data).read_responses(), read_stored(data)) == ([ids[0]], [ids[1]])
    coding = effective_coding(Store(data).read_responses(), read_stored(data), coder)
    assert (coding["source"] == "confirmed").sum() == 0  # the changed answer is coded by the rules again


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_suggest_file_has_no_unmasked_open_answer(data, coder, suffix):
    path = write_suggestions(data, data / f"ehdotus{suffix}", coder)
    if suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            # the XML may write letters as character references (&#228;): read them as text
            content = html.unescape("".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")))
        table = pd.read_excel(path, dtype=str, engine="calamine", skiprows=[1])  # row 2: the headers staff read
    else:
        content = path.read_text(encoding="utf-8-sig")
        table = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    assert {"answer_id", "organization", "unit", "round", "language", "text", "effect", "themes",
            "confirmed"} <= set(table.columns)
    assert (table["confirmed"].fillna("") == "").all()
    for secret in PRIVATE:
        assert secret not in content
    raw = {t for t in _OPEN if t}
    identifying = {t for t in raw if any(s in t for s in PRIVATE)}
    assert identifying and not identifying & set(table["text"])
    assert "[sähköposti]" in content and "[puhelin]" in content


def test_theme_counts_under_min_n_are_never_shown(demo_dir, coder):
    frame = Store(demo_dir).read_responses()
    coding = effective_coding(frame, None, coder)
    for by in (("organization", "unit"), ("organization", "unit", "round"), ("organization",)):
        shown = theme_table(frame, coding, by=by, min_n=5, keys=coder.keys)
        counts = shown["count"].dropna()
        assert len(counts) and ((counts == 0) | (counts >= 5)).all()
        assert (shown.loc[shown["n_coded"].notna(), "n_coded"] >= 5).all()
        # a theme's total (or n_coded) minus its shown effect groups never reveals 1-4
        for _, part in shown.groupby([*by, "theme"], observed=True):
            total = part.loc[part["effect"] == "all", "count"].iloc[0]
            if part["theme"].iloc[0] == "":
                total = part["n_coded"].iloc[0]
            if pd.isna(total):
                continue
            rest = total - part.loc[part["effect"] != "all", "count"].sum()
            assert rest == 0 or rest >= 5, part
        # an organization's count minus its units' shown counts reveals nothing either
        if len(by) > 1:
            org = shown[(shown[list(by[1:])] == "").all(axis=1)].set_index(["organization", "theme", "effect"])["count"]
            units = shown[shown[by[-1]] != ""].groupby(["organization", "theme", "effect"])["count"].sum()
            assert (org.dropna() - units.reindex(org.dropna().index)).abs().max() == 0


def test_examples_are_only_publishable_masked_and_limited(demo_dir, coder):
    coding = effective_coding(Store(demo_dir).read_responses(), None, coder)
    assert theme_examples(coding, "support", k=2) == []  # nothing marked publishable: nothing shown
    examples = theme_examples(coding.assign(publish=True), "support", k=2)
    assert 0 < len(examples) <= 2
    assert not any(secret in e for e in examples for secret in PRIVATE)


def test_publish_mark_is_stored_with_the_confirmation(data, coder, capsys):
    out = data / "ehdotus.csv"
    assert main(["themes", "suggest", "--data", str(data), "--out", str(out)]) == 0
    table = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "publish" in table and (table["publish"] == "").all()
    table.loc[[0, 1], "confirmed"] = "x"
    table.loc[0, "publish"] = "x"
    table.to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    assert main(["themes", "apply", str(out), "--data", str(data)]) == 0
    stored = read_stored(data).set_index("answer_id")
    assert stored.loc[table.loc[0, "answer_id"], "publish"] == "x" and stored.loc[table.loc[1, "answer_id"], "publish"] == ""
    coding = effective_coding(Store(data).read_responses(), read_stored(data), coder).set_index("answer_id")
    assert coding["publish"].sum() == 1 and coding.loc[table.loc[0, "answer_id"], "publish"]
    table.loc[1, "publish"] = "kyllä ehkä"
    table.to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    assert main(["themes", "apply", str(out), "--data", str(data)]) == 2
    assert "publish" in capsys.readouterr().err


def test_cli_suggest_apply_and_bad_input(data, capsys):
    out = data / "ehdotus.csv"
    assert main(["themes", "suggest", "--data", str(data), "--out", str(out)]) == 0
    table = pd.read_csv(out, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.loc[0, ["themes", "confirmed"]] = ["community;tuntematon", "x"]
    table.to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    assert main(["themes", "apply", str(out), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "tuntematon" in err and "rivi/row 2" in err and "Korjaus" in err
    table.loc[0, "themes"] = "community"
    table.to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    assert main(["themes", "apply", str(out), "--data", str(data)]) == 0
    assert "1 uutta" in capsys.readouterr().out
    assert main(["themes", "suggest", "--data", str(data), "--out", str(data / "x.txt")]) == 2
    assert len(read_stored(data)) == 1


def test_a_small_effect_group_cannot_be_worked_out_from_the_theme_total():
    frame = pd.DataFrame({"organization": ["A"] * 20, "unit": ["x"] * 20})
    coding = pd.DataFrame({"themes": ["community"] * 8 + [""] * 12,
                           "effect": ["positive"] * 6 + ["negative"] * 2 + ["positive"] * 10 + ["none"] * 2,
                           "source": ["rules"] * 20})
    table = theme_table(frame, coding, min_n=5, keys=["community"]).query("unit == 'x'").set_index(["theme", "effect"])
    assert table.loc[("community", "all"), "count"] == 8
    assert np.isnan(table.loc[("community", "negative"), "count"])
    assert np.isnan(table.loc[("community", "positive"), "count"])  # 8 - 6 would reveal the 2
    assert table.loc[("community", "positive"), "suppressed_reason"] == "protects_another_group"
    # effect distribution: 16 positive, 2 negative, 2 none; n_coded 20 is shown, so a shown
    # sibling is hidden too and 20 - 16 cannot reveal the small groups
    assert table.loc[("", "all"), "n_coded"] == 20
    assert np.isnan(table.loc[("", "positive"), "count"])


@pytest.fixture
def simplemma_only():
    """The coder as a pip-only install has it: simplemma, no Voikko."""
    from osallisuus.themes import coding

    def reset(value):
        coding.LEMMATISER = value
        coding._voikko.cache_clear()
        coding._forms.cache_clear()

    reset("simplemma")
    yield
    reset("auto")


def test_without_voikko_simplemma_codes_alone(simplemma_only):
    from osallisuus.themes.coding import _voikko

    assert _voikko() is None
    coding = Coder().code("Ryhmätoiminnassa kuulun porukkaan, en oo enää niin yksin.", "fi")
    assert (coding.themes, coding.effect) == (("community", "loneliness"), "positive")


def test_voikko_adds_the_heads_of_compounds():
    from osallisuus.themes.coding import _forms, _voikko

    if _voikko() is None:
        pytest.skip("Voikko is not installed (Debian: libvoikko1 voikko-fi; pip: libvoikko)")
    forms = _forms("työtoimintaporukassa", "fi")
    assert {"työtoimintaporukka", "toimintaporukka", "porukka"} <= set(forms)
    assert "mieli" not in _forms("mielipiteitäni", "fi")  # a modifier is not a head
    assert "vaikuttaa" in _forms("vaikuttanut", "fi")  # simplemma's verb of a participle is kept
    assert {"auttaa"} <= set(_forms("auttanut", "fi")) and "kysyä" in _forms("kysytty", "fi")  # Voikko: past participles
    assert "nauraa" not in _forms("naurettava", "fi")  # only the past active participle: "naurettava" is no laugh


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_staff_sheet_speaks_the_report_language_and_apply_stays_exact(data, coder, language):
    from osallisuus.texts import text
    from osallisuus.themes.confirm import KEYS_SHEET, choice_labels

    path = write_suggestions(data, data / "ehdotus.xlsx", coder, language=language)
    effects, themes = choice_labels(coder.books, language)
    wb = openpyxl.load_workbook(path)
    ws = wb[text(language, "sheet_answers")]
    keys = [c.value for c in ws[1]]
    shown = {k: c.value for k, c in zip(keys, ws[2])}
    assert ws.row_dimensions[1].hidden and wb[KEYS_SHEET].sheet_state == "hidden"
    assert shown["effect"] == text(language, "sheet_col_effect") and shown["theme_1"] == text(language, "sheet_col_theme", n=1)
    col = {k: i + 1 for i, k in enumerate(keys)}
    values = {ws.cell(r, col["effect"]).value for r in range(3, ws.max_row + 1)}
    assert values and values <= set(effects.values())  # labels, never the keys
    assert not {ws.cell(r, col["theme_1"]).value for r in range(3, ws.max_row + 1)} & set(coder.keys)
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists[ws.cell(1, col["effect"]).column_letter].startswith(f"{KEYS_SHEET}!$B$")  # the labels' list
    why = [ws.cell(r, col["why"]).value or "" for r in range(3, ws.max_row + 1)]
    items = [item for w in why for item in w.split("; ") if item]
    assert items and all(item.split(": ")[0] in {*themes.values(), text(language, "sheet_why_general")}
                         and item.rsplit(" → ", 1)[1] in {*effects.values(),
                                                           *(text(language, f"sheet_why_{r}") for r in NOT_COUNTED)}
                         for item in items), items[:5]  # "Tuki ja ohjaus: ohjaaja auttaa → Myönteinen vaikutus"

    two = _two_answers(Store(data).read_responses(), coder)["answer_id"].tolist()
    for r in range(3, ws.max_row + 1):  # staff choose labels from the drop-downs
        if ws.cell(r, col["answer_id"]).value in two:
            ws.cell(r, col["effect"]).value = effects["negative"]
            ws.cell(r, col["theme_1"]).value = themes["stigma"]
            ws.cell(r, col["theme_2"]).value = themes["no_effect"]
            for k in keys[col["theme_3"] - 1:col["theme_4"]]:
                ws.cell(r, col[k]).value = None
            ws.cell(r, col["confirmed"]).value = "x"
    wb.save(path)
    apply_confirmations(path, data, coder)
    stored = read_stored(data).set_index("answer_id").loc[two]
    assert (stored["effect"] == "negative").all() and (stored["themes"] == "no_effect;stigma").all()
