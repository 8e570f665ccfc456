"""Report texts in Finnish (default), Swedish and English, each language complete: no text
falls back to another language (a test checks the keys and looks for words of the wrong
language). Written for social workers and service supervisors: plain words, short, honest
about uncertainty. ``{min_n}`` is filled in everywhere; other ``{names}`` by the section."""

from __future__ import annotations

import pandas as pd

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        # header and notices
        "title": "Osallisuuden kokemus",
        "all_units": "kaikki yksiköt",
        "period": "Ajanjakso",
        "whole_period": "koko aineisto",
        "made": "Raportti tehty",
        "data_version": "aineistoversio",
        "too_small": "Ryhmässä on alle {min_n} vastaajaa, joten tuloksia ei näytetä. Näin kenenkään vastauksia ei "
                     "voi tunnistaa. Tulokset voi katsoa, kun vastaajia on vähintään {min_n}.",
        "too_small_units": "Organisaation jokaisessa yksikössä on alle {min_n} vastaajaa, joten tuloksia ei näytetä. "
                           "Organisaation luvut lasketaan vain yksiköistä, joiden tulokset voidaan näyttää.",
        "units_left_out": "Organisaation luvut ovat yksiköiden näytettyjen lukujen summia. {n} yksikköä ei ole mukana, "
                          "koska niissä on alle {min_n} vastaajaa; samoin puuttuvat mittauskerrat, joilla yksikössä oli "
                          "alle {min_n} vastausta.",
        # key findings
        "key_findings": "Tärkeimmät tulokset",
        "kf_level": "{round_in} osallisuuden kokemuksen keskiarvo oli {mean} pistettä asteikolla 0–100 ({n} "
                    "vastaajaa). Vertailuarvo ({reference_label}) on {reference}.",
        "kf_level_last": "{round_in} keskiarvo oli {mean} ({n} vastaajaa).",
        "kf_change": "Samoilla vastaajilla ({n}) keskiarvo muuttui ensimmäisestä viimeiseen mittaukseen {diff} "
                     "pistettä (95 %:n luottamusväli {low}…{high}). Luotettavasti parani {improved} ja heikkeni "
                     "{worsened} vastaajista.",
        "kf_change_none": "Muutosta samoilla vastaajilla ei voi vielä näyttää: samoilta vastaajilta on toistettuja "
                          "vastauksia alle {min_n}.",
        "kf_retention": "Alkumittaukseen vastanneista {started} vastaajasta {followed} ({share}) vastasi myös "
                        "seurantaan.",
        "kf_attrition": "Huomio: vain alkumittaukseen vastanneiden alkupisteet olivat keskimäärin {gap} pistettä "
                        "matalammat kuin seurantaan jääneiden. Jos heikommin voivat jäivät pois, muutos voi näyttää "
                        "todellista paremmalta.",
        "kf_caution": "Ilman vertailuryhmää nousu ei osoita, että palvelu sai sen aikaan: taustalla voi olla myös "
                      "luonnollinen toipuminen, paluu tavanomaiselle tasolle hyvin matalista alkupisteistä tai se, "
                      "ketkä jäivät vastaajiksi. Lasku taas ei yksin tarkoita, että palvelu epäonnistui.",
        "kf_low_precision": "Luvut perustuvat alle 20 vastaajaan, joten ne ovat epätarkkoja; merkitty *-merkillä.",
        "low_precision_mark": "* alle 20 vastaajaa: epätarkka luku.",
        # who answered
        "who": "Ketkä vastasivat",
        "who_text": "Lomakkeita {n_answered}, vastaajia {n_people} (nimettömiä vastauksia {n_anon}). Taulukossa "
                    "vastaukset mittauskerroittain.",
        "retention_table": "Seurantaan vastanneet",
        "other": "muut",
        "by_language": "Vastauskieli",
        "by_service": "Palvelu",
        "unknown": "ei tiedossa",
        # ESIS
        "esis": "Osallisuuden kokemus (0–100)",
        "esis_text": "Osallisuuden kokemusta mitataan THL:n osallisuusindikaattorilla: kymmenen väittämää, "
                     "pisteet 0–100, suurempi on parempi. Vertailuna {reference_label}: {reference}.",
        "references": "Muita julkaistuja vertailuarvoja",
        "reference": "vertailu",
        "mean_ci": "keskiarvo ja 95 %:n luottamusväli",
        "distribution": "Pisteiden jakauma",
        "distribution_text": "Keskimmäinen puolet vastaajista sai pisteitä palkin välillä; viiva on mediaani.",
        "iqr": "keskimmäinen 50 %",
        "alt_means": "Kuvio: osallisuuden kokemuksen keskiarvo ja 95 %:n luottamusväli mittauskerroittain "
                     "({values}); katkoviiva on vertailuarvo {reference}.",
        "alt_quartiles": "Kuvio: pisteiden alakvartiili, mediaani ja yläkvartiili mittauskerroittain ({values}).",
        # statements
        "statements": "Väittämät",
        "statements_text": "Osuus vastaajista, jotka olivat väittämän kanssa jokseenkin tai täysin samaa mieltä "
                           "(asteikko 1–5). Kuviossa {round}; taulukossa ensimmäinen ja viimeinen mittauskerta.",
        "agree": "samaa mieltä (4–5)",
        "fully_agree": "täysin samaa mieltä (5)",
        "alt_statements": "Kuvio: samaa mieltä olevien osuus väittämittäin ({round}); suurin {top} ({top_share}), "
                          "pienin {bottom} ({bottom_share}).",
        "agree_in": "samaa mieltä, {round}",
        # change
        "change": "Muutos samoilla vastaajilla",
        "change_text": "Samat vastaajat ennen ja jälkeen: vastaajatunnuksella yhdistetyt parit saman yksikön "
                       "sisällä. Positiivinen muutos tarkoittaa, että osallisuuden kokemus vahvistui.",
        "change_none": "Samoilta vastaajilta on toistettuja vastauksia alle {min_n}, joten muutosta ei voi näyttää.",
        "alt_change": "Kuvio: keskiarvo ennen ja jälkeen samoilla vastaajilla ({values}).",
        "mixed": "Kaikki vastaukset huomioiva malli (myös keskeneräiset seurannat) arvioi muutokseksi välimittaukseen "
                 "{vali} ja loppumittaukseen {loppu} pistettä alkumittaukseen verrattuna (suluissa 95 %:n "
                 "luottamusväli).",
        "item_change": "Muutos väittämittäin (asteikko 1–5, Holm-korjatut p-arvot)",
        # respondent types
        "types": "Ensikertalaiset ja toistuvat vastaajat",
        "types_text": "Vain alkumittaukseen vastanneet, vain seurantaan vastanneet, toistuvasti vastanneet ja "
                      "nimettömät vastaukset. Keskiarvo on kunkin vastaajan ensimmäisen vastauksen pisteistä.",
        "cross_text": "Kaikkien alku- ja loppuvastausten vertailu ryhminä sekoittaa muutoksen ja sen, keitä "
                      "vastaajiksi jäi (vastaajakato). Siksi pääluku on samojen vastaajien muutos.",
        # wellbeing
        "wellbeing": "Yksinäisyys ja elämänlaatu",
        "lonely_text": "Yksinäisyyttä melko usein tai jatkuvasti kokevien osuus ja hyväksi elämänlaatunsa "
                       "(EUROHIS-8 keskiarvo vähintään 4) kokevien osuus.",
        # themes
        "themes": "Mitä avoimet vastaukset kertovat",
        "themes_text": "Avoimia vastauksia on {n}. Teemat ja vaikutuksen suunta on koodattu koneellisesti "
                       "sääntöjen avulla {auto} vastaukseen; muut on tarkistanut henkilöstö. Luvut kertovat, "
                       "monessako vastauksessa teema mainitaan (yhdessä vastauksessa voi olla useita teemoja).",
        "themes_regional": "Montako avointa vastausta mainitsee teeman, organisaatioittain (yksiköiden näytettyjen "
                           "lukujen summat).",
        "open_shown": "Esimerkkeinä näytetään vain vastauksia, jotka henkilöstö on tarkistanut ja merkinnyt "
                      "julkaistaviksi; niistäkin on peitetty nimet, henkilötunnukset, yhteystiedot, osoitteet ja "
                      "muut numerot.",
        "open_not_shown": "Vastauksia ei näytetä raportissa; ne voi ottaa liitteeksi asetuksella show_open_answers.",
        "theme": "Teema", "effect_all": "Mainintoja", "effect_positive": "Myönteinen vaikutus",
        "effect_none": "Ei vaikutusta", "effect_negative": "Kielteinen", "effect_unclear": "Epäselvä",
        # pace
        "pace": "Vastausten kertyminen",
        "pace_text": "Vastauksia kuukausittain. × = luku piilotettu: kuukaudessa alle {min_n} vastausta, tai luku "
                     "piilotettiin, jotta toisen kuukauden pientä lukua ei voisi laskea.",
        "alt_pace": "Kuvio: vastauksia kuukausittain {first}–{last}; eniten {top} ({top_n}).",
        # reading guide
        "howto": "Näin luet tuloksia",
        "howto_text": (
            "* Tulokset kuvaavat **ryhmää**, eivät yksittäistä asiakasta. THL ei suosittele mittarin käyttöä "
            "yksilön arviointiin.\n"
            "* Luku on aina arvio. **Luottamusväli** kertoo, millä välillä todellinen arvo todennäköisesti on; "
            "pienessä ryhmässä väli on leveä. Alle 20 vastaajan tulokset ovat epätarkkoja.\n"
            "* **Nousu ei yksin osoita palvelun vaikutusta.** Ilman vertailuryhmää ei tiedetä, miten vastaajien "
            "olisi käynyt ilman palvelua: elämäntilanne voi kohentua itsestään, hyvin matalat alkupisteet "
            "nousevat usein seuraavalla kerralla (regressio keskiarvoon), ja seurantaan vastaavat voivat olla "
            "niitä, joilla menee paremmin.\n"
            "* **Lasku ei yksin tarkoita, että palvelu epäonnistui.** Elämäntilanne, kausivaihtelu tai se, että "
            "asiakas uskaltaa vastata rehellisemmin luottamuksen synnyttyä, voivat näkyä pisteissä.\n"
            "* **Vastaajakato**: kaikki eivät vastaa seurantaan. Jos lopettaneet voivat huonommin, ryhmien "
            "vertailu näyttää paremmalta kuin todellisuus. Siksi muutos lasketaan samoilta vastaajilta.\n"
            "* Vertailuluku kuvaa eri väestöä: se on suunta, ei tavoite.\n"
            "* Alle {min_n} vastaajan ryhmiä ei näytetä."
        ),
        # methods
        "methods": "Menetelmät ja aineiston laatu",
        "methods_text": (
            "Osallisuuspisteet: (väittämien keskiarvo − 1) / 4 × 100; {rule}. Keskiarvon luottamusväli "
            "t-jakaumasta. Muutos: parittainen t-testi (luottamusväli) ja Wilcoxonin merkittyjen sijalukujen testi "
            "(kuten R:n wilcox.test). Vaikutuksen koko d_z on keskimääräinen muutos jaettuna muutosten "
            "keskihajonnalla (suuntaa antavasti 0,2 pieni, 0,5 keskikokoinen, 0,8 suuri); r on sijalukuihin "
            "perustuva vaikutuksen koko (−1…1). Luotettava muutos (Jacobson–Truax): muutos yli {rc} pisteen (SD "
            "{sd} on ryhmän omien alkumittauspisteiden keskihajonta, α {alpha}); pienempi muutos voi johtua "
            "mittausvirheestä. Jokaiselta vastaajalta käytetään yksi vastaus mittauskertaa kohden: viimeisin. "
            "Sekamalli (statsmodels MixedLM, satunnainen vakio vastaajittain) käyttää kaikkia mittauskertoja, myös "
            "niiltä, jotka vastasivat vain osaan mittauksista. Vastaajakadon tarkistus: huomio annetaan, kun vain "
            "alkuun vastanneiden alkupisteet ovat "
            "vähintään 5 pistettä matalammat kuin seurantaan jääneiden. "
            "Tietosuoja: alle {min_n} vastaajan ryhmiä ja mittauskertoja, joilla on alle {min_n} vastausta, ei "
            "näytetä. Organisaation ja alueen luvut ovat yksiköiden näytettyjen lukujen summia, joten pienen ryhmän "
            "lukua ei voi laskea vähentämällä. Jos jaottelusta (kuukaudet, vastaajaryhmät) piilotetaan luku, "
            "piilotetaan tarvittaessa toinenkin, ettei pientä lukua voi päätellä kokonaismäärästä; pienet kielet ja "
            "palvelut yhdistetään ryhmään 'muut'. Prosenttiosuudet näytetään, kun ryhmässä on vähintään {min_n} "
            "vastaajaa. Ennen julkaisua tarkistetaan, ettei kenenkään pisteitä voi päätellä yhdistelemällä "
            "raporttien ja taulukoiden keskiarvoja; tarvittaessa keskiarvo näytetään kokonaislukuna tai jätetään "
            "pois (–)."
        ),
        "rule_all": "pisteet lasketaan, kun kaikkiin väittämiin on vastattu",
        "rule_some": "pisteet lasketaan, kun enintään {max_missing} väittämää puuttuu",
        "rescored": "Tätä raporttia varten pisteet laskettiin uudelleen tällä säännöllä; tallennetussa aineistossa "
                    "sallittiin enintään {stored} puuttuvaa väittämää.",
        "quality": "Aineiston käsittely",
        "quality_text": "Raportissa on {forms} lomaketta. Niissä hylättiin {rejected_cells} solua (tunnistamaton tai "
                        "virheellinen vastaus, ks. rejected.csv). Osallisuuspisteitä ei laskettu {excluded} "
                        "lomakkeelle (liian monta väittämää vastaamatta).",
        "open": "Liite: avoimet vastaukset",
        "open_text": "Liitteessä ovat vain ne {n} vastausta, jotka henkilöstö on tarkistanut ja merkinnyt "
                     "julkaistaviksi (themes apply, sarake publish). Niistäkin on peitetty nimet, henkilötunnukset, "
                     "päivämäärät, puhelinnumerot, sähköpostit, osoitteet ja muut numerot.",
        # cells and labels
        "suppressed": "alle {min_n}",
        "hidden_other": "piilotettu toisen ryhmän suojaamiseksi",
        "hidden_whole": "ei eritellä (pieniä ryhmiä)",
        "audit_note": "Osa luvuista näytetään kokonaislukuina tai jätetään pois (–), jotta yksittäisen vastaajan "
                      "pisteitä ei voi päätellä muista julkaistuista luvuista.",
        "round": "Mittauskerta", "n": "Vastaajia", "answers": "Vastauksia", "mean": "Keskiarvo", "ci": "95 %:n lv",
        "median": "Mediaani", "diff": "Muutos", "improved": "Parani", "worsened": "Heikkeni",
        "unchanged": "Ei luotettavaa muutosta", "statement": "Väittämä", "unit": "Yksikkö",
        "organization": "Organisaatio", "score": "Pisteet (0–100)", "before": "Ennen", "after": "Jälkeen",
        "type": "Vastaajaryhmä", "lonely": "Yksinäinen", "good_qol": "Hyvä elämänlaatu", "comparison": "Vertailu",
        "started": "Aloittaneita", "followed": "Seurantaan vastanneita", "share_followed": "Osuus",
        "alku": "alku", "väli": "väli", "loppu": "loppu",
        "in_alku": "Alkumittauksessa", "in_väli": "Välimittauksessa", "in_loppu": "Loppumittauksessa",
        "first_last": "ensimmäinen → viimeinen", "alku_väli": "alku → väli", "alku_loppu": "alku → loppu",
        "väli_loppu": "väli → loppu",
        "repeated": "toistuvat", "start_only": "vain alku", "follow_up_only": "vain seuranta",
        "anonymous": "nimettömät",
        # regional
        "regional": "Alueellinen yhteenveto",
        "regional_text": "Kaikki yksiköt rinnakkain. Alle {min_n} vastaajan yksiköitä ja mittauskertoja ei näytetä; "
                         "organisaatioiden luvut ovat niiden näytettyjen yksiköiden summia.",
        "unit_means": "Keskiarvot yksiköittäin",
        "alt_regional": "Kuvio: osallisuuden kokemuksen keskiarvo ja 95 %:n luottamusväli yksiköittäin ja "
                        "mittauskerroittain; luvut ovat taulukossa alla.",
        "alt_regional_change": "Kuvio: keskimääräinen muutos ja 95 %:n luottamusväli yksiköittäin; luvut ovat "
                               "taulukossa.",
    },
    "sv": {
        "title": "Upplevelse av delaktighet",
        "all_units": "alla enheter",
        "period": "Period",
        "whole_period": "hela materialet",
        "made": "Rapporten gjord",
        "data_version": "dataversion",
        "too_small": "Gruppen har färre än {min_n} svarande, så inga resultat visas. Så kan ingens svar kännas "
                     "igen. Resultaten kan visas när det finns minst {min_n} svarande.",
        "too_small_units": "Varje enhet i organisationen har färre än {min_n} svarande, så inga resultat visas. "
                           "Organisationens siffror räknas bara från enheter vars resultat kan visas.",
        "units_left_out": "Organisationens siffror är summor av enheternas visade siffror. {n} enheter ingår inte "
                          "eftersom de har färre än {min_n} svarande; inte heller mätningar med färre än {min_n} svar "
                          "i en enhet.",
        "key_findings": "Viktigaste resultat",
        "kf_level": "{round_in} var medelvärdet för upplevd delaktighet {mean} poäng på skalan 0–100 ({n} "
                    "svarande). Jämförelsevärdet ({reference_label}) är {reference}.",
        "kf_level_last": "{round_in} var medelvärdet {mean} ({n} svarande).",
        "kf_change": "Hos samma svarande ({n}) ändrades medelvärdet från första till sista mätningen med {diff} "
                     "poäng (95 % konfidensintervall {low}…{high}). Tillförlitligt förbättrades {improved} och "
                     "försämrades {worsened} av de svarande.",
        "kf_change_none": "Förändring hos samma svarande kan ännu inte visas: färre än {min_n} har svarat mer än en "
                          "gång.",
        "kf_retention": "Av de {started} som svarade vid början svarade {followed} ({share}) också vid uppföljningen.",
        "kf_attrition": "Obs: de som svarade bara vid början hade i genomsnitt {gap} poäng lägre startvärde än de som "
                        "stannade. Om de som mådde sämre föll bort kan förändringen se bättre ut än den är.",
        "kf_caution": "Utan jämförelsegrupp visar en ökning inte att tjänsten orsakade den: bakom kan också ligga "
                      "naturlig återhämtning, återgång till en vanlig nivå från mycket låga startvärden eller vilka "
                      "som fortsatte att svara. En minskning betyder inte heller i sig att tjänsten misslyckades.",
        "kf_low_precision": "Siffrorna bygger på färre än 20 svarande och är därför osäkra; märkta med *.",
        "low_precision_mark": "* färre än 20 svarande: osäker siffra.",
        "who": "Vem svarade",
        "who_text": "Blanketter {n_answered}, svarande {n_people} (anonyma svar {n_anon}). Tabellen visar svaren per "
                    "mätning.",
        "retention_table": "Svarade vid uppföljningen",
        "other": "övriga",
        "by_language": "Svarsspråk",
        "by_service": "Tjänst",
        "unknown": "okänt",
        "esis": "Upplevelse av delaktighet (0–100)",
        "esis_text": "Upplevelsen av delaktighet mäts med THL:s delaktighetsindikator: tio påståenden, poäng 0–100, "
                     "högre är bättre. Som jämförelse {reference_label}: {reference}.",
        "references": "Andra publicerade jämförelsevärden",
        "reference": "jämförelse",
        "mean_ci": "medelvärde och 95 % konfidensintervall",
        "distribution": "Poängfördelning",
        "distribution_text": "Den mittersta hälften av de svarande fick poäng inom stapeln; strecket är medianen.",
        "iqr": "mittersta 50 %",
        "alt_means": "Figur: medelvärde för upplevd delaktighet med 95 % konfidensintervall per mätning ({values}); "
                     "den streckade linjen är jämförelsevärdet {reference}.",
        "alt_quartiles": "Figur: nedre kvartil, median och övre kvartil per mätning ({values}).",
        "statements": "Påståenden",
        "statements_text": "Andel svarande som instämde delvis eller helt i påståendet (skala 1–5). I figuren "
                           "{round}; i tabellen den första och den sista mätningen.",
        "agree": "instämmer (4–5)",
        "fully_agree": "instämmer helt (5)",
        "alt_statements": "Figur: andel som instämmer per påstående ({round}); högst {top} ({top_share}), lägst "
                          "{bottom} ({bottom_share}).",
        "agree_in": "instämmer, {round}",
        "change": "Förändring hos samma svarande",
        "change_text": "Samma svarande före och efter: par som kopplats med svarskoden inom samma enhet. En positiv "
                       "förändring betyder att upplevelsen av delaktighet stärktes.",
        "change_none": "Färre än {min_n} har svarat mer än en gång, så förändringen kan inte visas.",
        "alt_change": "Figur: medelvärde före och efter hos samma svarande ({values}).",
        "mixed": "En modell som använder alla svar (också ofullständiga uppföljningar) uppskattar förändringen till "
                 "mellanmätningen till {vali} och till slutmätningen till {loppu} poäng jämfört med början (inom "
                 "parentes 95 % konfidensintervall).",
        "item_change": "Förändring per påstående (skala 1–5, Holm-korrigerade p-värden)",
        "types": "Förstagångs- och återkommande svarande",
        "types_text": "Svarade bara vid början, bara vid uppföljning, svarade flera gånger samt anonyma svar. "
                      "Medelvärdet gäller varje svarandes första svar.",
        "cross_text": "En jämförelse av alla svar vid början och slut som grupper blandar förändring med vilka som "
                      "fortsatte svara (bortfall). Därför är huvudsiffran förändringen hos samma svarande.",
        "wellbeing": "Ensamhet och livskvalitet",
        "lonely_text": "Andel som känner sig ensamma ganska ofta eller ständigt och andel som upplever god livskvalitet "
                       "(EUROHIS-8 medelvärde minst 4).",
        "themes": "Vad de öppna svaren berättar",
        "themes_text": "Det finns {n} öppna svar. Teman och effektens riktning har kodats automatiskt med regler för "
                       "{auto} svar; resten har personalen granskat. Siffrorna visar i hur många svar ett tema nämns "
                       "(ett svar kan nämna flera).",
        "themes_regional": "Hur många öppna svar nämner temat, per organisation (summor av enheternas visade siffror).",
        "open_shown": "Som exempel visas bara svar som personalen har granskat och märkt för publicering; även i "
                      "dem är namn, personbeteckningar, kontaktuppgifter, adresser och andra nummer maskerade.",
        "open_not_shown": "Själva svaren visas inte i rapporten; de kan läggas till som bilaga med inställningen "
                          "show_open_answers.",
        "theme": "Tema", "effect_all": "Omnämnanden", "effect_positive": "Positiv effekt", "effect_none": "Ingen effekt",
        "effect_negative": "Negativ", "effect_unclear": "Oklar",
        "pace": "Hur svaren samlas",
        "pace_text": "Svar per månad. × = dold siffra: färre än {min_n} svar under månaden, eller dold så att en "
                     "annan månads lilla siffra inte kan räknas ut.",
        "alt_pace": "Figur: svar per månad {first}–{last}; flest {top} ({top_n}).",
        "howto": "Så läser du resultaten",
        "howto_text": (
            "* Resultaten beskriver **gruppen**, inte enskilda klienter. THL rekommenderar inte mätaren för "
            "bedömning av individer.\n"
            "* Varje siffra är en uppskattning. **Konfidensintervallet** visar var det verkliga värdet sannolikt "
            "ligger; i en liten grupp är det brett. Resultat för färre än 20 svarande är osäkra.\n"
            "* **En ökning visar inte i sig att tjänsten hade effekt.** Utan jämförelsegrupp vet man inte hur det "
            "skulle ha gått utan tjänsten: livssituationen kan förbättras av sig själv, mycket låga startvärden "
            "stiger ofta nästa gång (regression mot medelvärdet) och de som svarar på uppföljningen kan vara de som "
            "mår bättre.\n"
            "* **En minskning betyder inte i sig att tjänsten misslyckades.** Livssituation, årstid eller att "
            "klienten vågar svara ärligare när förtroendet vuxit kan synas i poängen.\n"
            "* **Bortfall**: alla svarar inte på uppföljningen. Om de som slutade mådde sämre ser en jämförelse "
            "av grupper bättre ut än verkligheten. Därför räknas förändringen hos samma svarande.\n"
            "* Jämförelsevärdet beskriver en annan befolkning: en riktning, inte ett mål.\n"
            "* Grupper med färre än {min_n} svarande visas inte."
        ),
        "methods": "Metoder och datakvalitet",
        "methods_text": (
            "Delaktighetspoäng: (medelvärdet av påståendena − 1) / 4 × 100; {rule}. Medelvärdets "
            "konfidensintervall från t-fördelningen. Förändring: parat t-test (konfidensintervall) och Wilcoxons "
            "teckenrangtest (som R:s wilcox.test). Effektstorleken d_z är medelförändringen delad med "
            "förändringarnas standardavvikelse (ungefär 0,2 liten, 0,5 medelstor, 0,8 stor); r är en rangbaserad "
            "effektstorlek (−1…1). Tillförlitlig förändring (Jacobson–Truax): mer än {rc} poäng (SD {sd} är "
            "standardavvikelsen för gruppens egna startpoäng, α {alpha}); en mindre förändring kan bero på mätfel. "
            "Av varje svarande används ett svar per mätning: det senaste. Blandad modell (statsmodels MixedLM, "
            "slumpmässigt intercept per svarande) använder alla mätningar, också från dem som svarat bara på en "
            "del av dem. "
            "Bortfallskontroll: en anmärkning ges när de som svarade bara vid början hade minst 5 poäng lägre "
            "startvärde än de som stannade. "
            "Dataskydd: grupper med färre än {min_n} svarande och mätningar med färre än {min_n} svar visas inte. "
            "Organisationens och regionens siffror är summor av enheternas visade siffror, så ingen liten grupp "
            "kan räknas ut genom subtraktion. Döljs en del av en indelning (månader, svarsgrupper) döljs vid behov "
            "en till, så att ingen liten siffra följer av totalen; små språk och tjänster slås ihop till 'övriga'. "
            "Andelar visas när gruppen har minst {min_n} svarande. Före publiceringen kontrolleras att ingens "
            "poäng kan räknas ut genom att kombinera medelvärden i rapporter och tabeller; vid behov visas ett "
            "medelvärde i hela poäng eller utelämnas (–)."
        ),
        "rule_all": "poängen räknas när alla påståenden har besvarats",
        "rule_some": "poängen räknas när högst {max_missing} påståenden saknas",
        "rescored": "För den här rapporten räknades poängen om med denna regel; i det lagrade materialet tilläts högst "
                    "{stored} saknade påståenden.",
        "quality": "Databehandling",
        "quality_text": "Rapporten omfattar {forms} blanketter. I dem förkastades {rejected_cells} celler (okänt eller "
                        "felaktigt svar, se rejected.csv). Ingen poäng räknades för {excluded} blanketter (för många "
                        "obesvarade påståenden).",
        "open": "Bilaga: öppna svar",
        "open_text": "Bilagan innehåller bara de {n} svar som personalen har granskat och märkt för publicering "
                     "(themes apply, kolumnen publish). Även i dem är namn, personbeteckningar, datum, "
                     "telefonnummer, e-postadresser, adresser och andra nummer maskerade.",
        "suppressed": "färre än {min_n}",
        "hidden_other": "dold för att skydda en annan grupp",
        "hidden_whole": "specificeras inte (små grupper)",
        "audit_note": "En del siffror visas i hela poäng eller utelämnas (–), så att ingen enskild svarandes poäng "
                      "kan räknas ut ur andra publicerade siffror.",
        "round": "Mätning", "n": "Svarande", "answers": "Svar", "mean": "Medelvärde", "ci": "95 % KI",
        "median": "Median", "diff": "Förändring", "improved": "Förbättrades", "worsened": "Försämrades",
        "unchanged": "Ingen tillförlitlig förändring", "statement": "Påstående", "unit": "Enhet",
        "organization": "Organisation", "score": "Poäng (0–100)", "before": "Före", "after": "Efter",
        "type": "Svarsgrupp", "lonely": "Ensam", "good_qol": "God livskvalitet", "comparison": "Jämförelse",
        "started": "Började", "followed": "Svarade vid uppföljning", "share_followed": "Andel",
        "alku": "början", "väli": "mellan", "loppu": "slut",
        "in_alku": "Vid början", "in_väli": "Vid mellanmätningen", "in_loppu": "Vid slutmätningen",
        "first_last": "första → sista", "alku_väli": "början → mellan", "alku_loppu": "början → slut",
        "väli_loppu": "mellan → slut",
        "repeated": "återkommande", "start_only": "bara början", "follow_up_only": "bara uppföljning",
        "anonymous": "anonyma",
        "regional": "Regional sammanfattning",
        "regional_text": "Alla enheter sida vid sida. Enheter och mätningar med färre än {min_n} svarande visas inte; "
                         "organisationernas siffror är summor av deras visade enheter.",
        "unit_means": "Medelvärden per enhet",
        "alt_regional": "Figur: medelvärde för upplevd delaktighet med 95 % konfidensintervall per enhet och mätning; "
                        "siffrorna finns i tabellen nedan.",
        "alt_regional_change": "Figur: genomsnittlig förändring med 95 % konfidensintervall per enhet; siffrorna finns "
                               "i tabellen.",
    },
    "en": {
        "title": "Experience of participation",
        "all_units": "all units",
        "period": "Period",
        "whole_period": "all data",
        "made": "Report made",
        "data_version": "data version",
        "too_small": "The group has fewer than {min_n} respondents, so no results are shown. This protects "
                     "everyone's answers. Results can be shown once there are at least {min_n} respondents.",
        "too_small_units": "Every unit of the organization has fewer than {min_n} respondents, so no results are "
                           "shown. The organization's figures are computed only from units whose results can be shown.",
        "units_left_out": "The organization's figures are sums of its units' shown figures. {n} units are not "
                          "included because they have fewer than {min_n} respondents; nor are rounds with fewer than "
                          "{min_n} answers in a unit.",
        "key_findings": "Key findings",
        "kf_level": "{round_in} the mean experience of participation was {mean} points on a 0–100 scale ({n} "
                    "respondents). The reference ({reference_label}) is {reference}.",
        "kf_level_last": "{round_in} the mean was {mean} ({n} respondents).",
        "kf_change": "For the same respondents ({n}) the mean changed by {diff} points from the first to the last "
                     "measurement (95% confidence interval {low}…{high}). {improved} improved and {worsened} "
                     "worsened reliably.",
        "kf_change_none": "Change for the same respondents cannot be shown yet: fewer than {min_n} have answered more "
                          "than once.",
        "kf_retention": "Of the {started} respondents who answered at the start, {followed} ({share}) also answered a "
                        "follow-up.",
        "kf_attrition": "Note: those who answered only at the start scored on average {gap} points lower at the start "
                        "than those who stayed. If those worse off dropped out, the change may look better than it is.",
        "kf_caution": "Without a comparison group, a rise does not show that the service caused it: natural recovery, "
                      "a return towards the usual level from very low starting scores, or who kept answering may lie "
                      "behind it. Nor does a fall by itself mean that the service failed.",
        "kf_low_precision": "The figures rest on fewer than 20 respondents and are therefore imprecise; marked with *.",
        "low_precision_mark": "* fewer than 20 respondents: imprecise figure.",
        "who": "Who answered",
        "who_text": "{n_answered} questionnaires from {n_people} respondents (anonymous answers: {n_anon}). The table "
                    "shows answers per round.",
        "retention_table": "Answered a follow-up",
        "other": "other",
        "by_language": "Language of answer",
        "by_service": "Service",
        "unknown": "unknown",
        "esis": "Experience of participation (0–100)",
        "esis_text": "Measured with THL's participation indicator: ten statements, score 0–100, higher is better. "
                     "Reference: {reference_label}: {reference}.",
        "references": "Other published reference values",
        "reference": "reference",
        "mean_ci": "mean and 95% confidence interval",
        "distribution": "Distribution of scores",
        "distribution_text": "The middle half of respondents scored within the bar; the line is the median.",
        "iqr": "middle 50%",
        "alt_means": "Chart: mean experience of participation with 95% confidence interval per round ({values}); the "
                     "dashed line is the reference {reference}.",
        "alt_quartiles": "Chart: lower quartile, median and upper quartile per round ({values}).",
        "statements": "Statements",
        "statements_text": "Share of respondents who somewhat or completely agreed (scale 1–5). The chart shows "
                           "{round}; the table the first and the last round.",
        "agree": "agree (4–5)",
        "fully_agree": "completely agree (5)",
        "alt_statements": "Chart: share agreeing per statement ({round}); highest {top} ({top_share}), lowest "
                          "{bottom} ({bottom_share}).",
        "agree_in": "agree, {round}",
        "change": "Change for the same respondents",
        "change_text": "The same respondents before and after, paired by respondent code within a unit. A positive "
                       "change means a stronger experience of participation.",
        "change_none": "Fewer than {min_n} respondents answered twice, so change cannot be shown.",
        "alt_change": "Chart: mean before and after for the same respondents ({values}).",
        "mixed": "A model using all answers (also incomplete follow-ups) estimates the change to the interim "
                 "measurement at {vali} and to the end at {loppu} points compared with the start (95% confidence "
                 "interval in brackets).",
        "item_change": "Change per statement (scale 1–5, Holm-adjusted p-values)",
        "types": "First-time and repeat respondents",
        "types_text": "Start only, follow-up only, repeated, and anonymous answers. The mean is of each respondent's "
                      "first answer.",
        "cross_text": "Comparing all start answers with all end answers mixes change with who stayed (attrition). The "
                      "main figure is therefore the change of the same respondents.",
        "wellbeing": "Loneliness and quality of life",
        "lonely_text": "Share feeling lonely fairly often or continuously, and share with good quality of life "
                       "(EUROHIS-8 mean at least 4).",
        "themes": "What the open answers say",
        "themes_text": "There are {n} open answers. Themes and the direction of effect were coded automatically by "
                       "rules for {auto} of them; staff checked the rest. The figures tell in how many answers a "
                       "theme is mentioned (one answer can mention several).",
        "themes_regional": "How many open answers mention each theme, per organization (sums of the units' shown "
                           "figures).",
        "open_shown": "Only answers that staff have checked and marked for publication are shown as examples; even "
                      "in these, names, identity codes, contact details, addresses and other numbers are masked.",
        "open_not_shown": "The answers themselves are not shown; they can be added as an appendix with the setting "
                          "show_open_answers.",
        "theme": "Theme", "effect_all": "Mentions", "effect_positive": "Positive effect", "effect_none": "No effect",
        "effect_negative": "Negative", "effect_unclear": "Unclear",
        "pace": "How answers accumulate",
        "pace_text": "Answers per month. × = hidden: fewer than {min_n} answers in the month, or hidden so that "
                     "another month's small count cannot be worked out.",
        "alt_pace": "Chart: answers per month {first}–{last}; most in {top} ({top_n}).",
        "howto": "How to read these results",
        "howto_text": (
            "* Results describe the **group**, not individual clients. THL does not recommend the indicator "
            "for assessing individuals.\n"
            "* Every figure is an estimate. The **confidence interval** shows where the true value probably "
            "lies; in a small group it is wide. Results of fewer than 20 respondents are imprecise.\n"
            "* **A rise does not by itself show that the service had an effect.** Without a comparison group we do "
            "not know how respondents would have done without it: life can improve by itself, very low starting "
            "scores often rise the next time (regression to the mean), and those who answer a follow-up may be "
            "those doing better.\n"
            "* **A fall does not by itself mean the service failed.** Life events, seasons, or clients daring "
            "to answer more honestly once trust has grown can all show in the scores.\n"
            "* **Attrition**: not everyone answers the follow-up. If those who left were worse off, comparing "
            "groups looks better than reality. Change is therefore computed for the same respondents.\n"
            "* The reference describes a different population: a direction, not a target.\n"
            "* Groups with fewer than {min_n} respondents are not shown."
        ),
        "methods": "Methods and data quality",
        "methods_text": (
            "Score: (mean of statements − 1) / 4 × 100; {rule}. Confidence interval of the mean from the t "
            "distribution. Change: paired t-test (confidence interval) and Wilcoxon signed-rank test (as R's "
            "wilcox.test). The effect size d_z is the mean change divided by the standard deviation of the changes "
            "(roughly 0.2 small, 0.5 medium, 0.8 large); r is a rank-based effect size (−1…1). Reliable change "
            "(Jacobson–Truax): more than {rc} points (SD {sd} is the SD of the group's own start scores, α "
            "{alpha}); a smaller change may be measurement error. One answer per respondent and round is used: the "
            "latest. Mixed model (statsmodels MixedLM, random intercept per respondent) uses every round, also from "
            "those who answered only some of the measurements. Attrition check: a note is given when those who "
            "answered only at the start scored at least 5 points lower at the start than those who stayed. "
            "Privacy: groups with fewer than {min_n} respondents and rounds with fewer than {min_n} answers are not "
            "shown. Organization and regional figures are sums of the units' shown figures, so no small group can "
            "be worked out by subtraction. When a part of a breakdown (months, respondent types) is hidden, another "
            "is hidden too if needed, so that no small count follows from the total; small languages and services "
            "are merged into 'other'. Percentages are shown when the group has at least {min_n} respondents. "
            "Before publication it is checked that nobody's score can be worked out by combining means across "
            "reports and tables; where needed, a mean is shown in whole points or left out (–)."
        ),
        "rule_all": "scored when every statement is answered",
        "rule_some": "scored when at most {max_missing} statements are missing",
        "rescored": "Scores were computed again for this report with this rule; the stored data allowed at most "
                    "{stored} missing statements.",
        "quality": "Data processing",
        "quality_text": "The report covers {forms} questionnaires, in which {rejected_cells} cells were rejected "
                        "(unknown or invalid answer, see rejected.csv). No score for {excluded} questionnaires (too "
                        "many statements unanswered).",
        "open": "Appendix: open answers",
        "open_text": "The appendix holds only the {n} answers that staff have checked and marked for publication "
                     "(themes apply, column publish). Even in these, names, identity codes, dates, phone numbers, "
                     "e-mail addresses, addresses and other numbers are masked.",
        "suppressed": "fewer than {min_n}",
        "hidden_other": "hidden to protect another group",
        "hidden_whole": "not broken down (small groups)",
        "audit_note": "Some figures are shown in whole points or left out (–) so that no single respondent's score "
                      "can be worked out from other published figures.",
        "round": "Round", "n": "Respondents", "answers": "Answers", "mean": "Mean", "ci": "95% CI",
        "median": "Median", "diff": "Change", "improved": "Improved", "worsened": "Worsened",
        "unchanged": "No reliable change", "statement": "Statement", "unit": "Unit",
        "organization": "Organization", "score": "Score (0–100)", "before": "Before", "after": "After",
        "type": "Respondents", "lonely": "Lonely", "good_qol": "Good quality of life", "comparison": "Comparison",
        "started": "Started", "followed": "Answered a follow-up", "share_followed": "Share",
        "alku": "start", "väli": "interim", "loppu": "end",
        "in_alku": "At the start", "in_väli": "At the interim measurement", "in_loppu": "At the end",
        "first_last": "first → last", "alku_väli": "start → interim", "alku_loppu": "start → end",
        "väli_loppu": "interim → end",
        "repeated": "repeated", "start_only": "start only", "follow_up_only": "follow-up only",
        "anonymous": "anonymous",
        "regional": "Regional summary",
        "regional_text": "All units side by side. Units and rounds with fewer than {min_n} respondents are not shown; "
                         "organizations' figures are sums of their shown units.",
        "unit_means": "Means per unit",
        "alt_regional": "Chart: mean experience of participation with 95% confidence interval per unit and round; the "
                        "figures are in the table below.",
        "alt_regional_change": "Chart: mean change with 95% confidence interval per unit; the figures are in the table.",
    },
}
LANGUAGES = tuple(TEXTS)

#: Thousands separator in Finnish and Swedish: a narrow no-break space (SFS 4175, Svenska skrivregler).
THIN_SPACE = "\u202f"


def number(x: float | None, language: str, decimals: int = 1) -> str:
    """A number as the language writes it: decimal comma, thin-space thousands and a real minus
    sign in Finnish and Swedish; "–" for a missing value.

    >>> number(-1234.56, "fi"), number(0.5, "sv", 2), number(1234.5, "en"), number(None, "fi")
    ('−1\u202f234,6', '0,50', '1,234.5', '–')
    """
    if x is None or pd.isna(x):
        return "–"
    text = f"{x:,.{decimals}f}"
    if language == "en":
        return text
    return text.replace(",", THIN_SPACE).replace(".", ",").replace("-", "−")


def p_value(p: float | None, language: str) -> str:
    """A p-value with three decimals, or "< 0,001" (never "0,000").

    >>> p_value(0.00002, "fi"), p_value(0.0412, "en")
    ('<\xa00,001', '0.041')
    """
    if p is not None and not pd.isna(p) and p < 0.001:
        return "<\u00a0" + number(0.001, language, 3)
    return number(p, language, 3)


def percent(x: float | None, language: str) -> str:
    """A share as a whole percentage: "23 %" in Finnish and Swedish (no-break space), "23%" in English.

    >>> percent(0.234, "fi"), percent(0.234, "en")
    ('23\xa0%', '23%')
    """
    if x is None or pd.isna(x):
        return "–"
    return f"{100 * x:.0f}%" if language == "en" else f"{100 * x:.0f}\u00a0%"
