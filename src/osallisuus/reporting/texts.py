"""Report texts in Finnish (default), Swedish and English. Written for social workers and
service supervisors: plain words, short, honest about uncertainty."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Osallisuuden kokemus",
        "all_units": "kaikki yksiköt",
        "period": "Ajanjakso",
        "whole_period": "koko aineisto",
        "made": "Raportti tehty",
        "data_version": "aineistoversio",
        "too_small": "Ryhmässä on alle {min_n} vastaajaa, joten tuloksia ei näytetä. Näin kenenkään vastauksia ei "
                     "voi tunnistaa. Tulokset voi katsoa, kun vastaajia on vähintään {min_n}.",
        "who": "Keitä vastasi",
        "who_text": "Lomakkeita {n_answered}, vastaajia {n_people} (nimettömiä vastauksia {n_anon}). Taulukossa "
                    "vastaukset mittauskerroittain.",
        "too_small_units": "Organisaation jokaisessa yksikössä on alle {min_n} vastaajaa, joten tuloksia ei näytetä. "
                           "Organisaation luvut lasketaan vain yksiköistä, joiden tulokset voidaan näyttää.",
        "units_left_out": "Organisaation luvut ovat yksiköiden näytettyjen lukujen summia. {n} yksikköä ei ole mukana, "
                          "koska niissä on alle {min_n} vastaajaa; samoin puuttuvat mittauskerrat, joilla yksikössä oli "
                          "alle {min_n} vastausta.",
        "other": "muut",
        "by_round": "Vastaukset mittauskerroittain",
        "by_language": "Vastauskieli",
        "by_service": "Palvelu",
        "esis": "Osallisuuden kokemus (0–100)",
        "esis_text": "Osallisuuden kokemusta mitataan THL:n osallisuusindikaattorilla: kymmenen väittämää, "
                     "pisteet 0–100, suurempi on parempi. Vertailuna {reference_label}: {reference}.",
        "esis_sentence": "Mittauskerralla {round} keskiarvo oli {mean} (95 %:n luottamusväli {low}–{high}, "
                         "{n} vastaajaa).",
        "reference": "vertailu",
        "mean_ci": "keskiarvo ja 95 %:n luottamusväli",
        "distribution": "Pisteiden jakauma",
        "distribution_text": "Keskimmäinen puolet vastaajista sai pisteitä palkin välillä; viiva on mediaani.",
        "iqr": "keskimmäinen 50 %",
        "statements": "Väittämät",
        "statements_text": "Osuus vastaajista, jotka olivat väittämän kanssa jokseenkin tai täysin samaa mieltä "
                           "(ensimmäinen mittauskerta).",
        "agree": "samaa mieltä (4–5)",
        "fully_agree": "täysin samaa mieltä (5)",
        "change": "Muutos samoilla vastaajilla",
        "change_text": "Samat vastaajat ennen ja jälkeen: vastaajatunnuksella yhdistetyt parit. Positiivinen "
                       "muutos tarkoittaa, että osallisuuden kokemus vahvistui.",
        "change_none": "Toistettuja vastauksia samoilta vastaajilta on alle {min_n}, joten muutosta ei voi näyttää.",
        "change_sentence": "{comparison}: {n} vastaajaa, keskimääräinen muutos {diff} pistettä "
                           "(95 %:n luottamusväli {low}…{high}). Luotettavasti parani {improved}, "
                           "heikkeni {worsened}.",
        "mixed": "Kaikki vastaukset huomioiva malli (myös keskeneräiset seurannat): väli {vali}, loppu {loppu} "
                 "pistettä alkuun verrattuna.",
        "item_change": "Muutos väittämittäin (Holm-korjatut p-arvot)",
        "types": "Ensikertalaiset ja toistuvat vastaajat",
        "types_text": "Vain alkumittaukseen vastanneet, vain seurantaan vastanneet, toistuvasti vastanneet ja "
                      "nimettömät vastaukset.",
        "cross_text": "Kaikkien alku- ja loppuvastausten vertailu ryhminä sekoittaa muutoksen ja sen, keitä "
                      "vastaajiksi jäi (vastaajakato). Siksi pääluku on samojen vastaajien muutos yllä.",
        "wellbeing": "Yksinäisyys ja elämänlaatu",
        "lonely_text": "Yksinäisyyttä melko usein tai jatkuvasti kokevien osuus ja hyväksi elämänlaatunsa "
                       "(EUROHIS-8 keskiarvo vähintään 4) kokevien osuus.",
        "pace": "Vastausten kertyminen",
        "pace_text": "Vastauksia kuukausittain. × = luku piilotettu: kuukaudessa alle {min_n} vastausta, tai luku "
                     "piilotettiin, jotta toisen kuukauden pientä lukua ei voisi laskea.",
        "howto": "Näin luet tuloksia",
        "howto_text": (
            "* Tulokset kuvaavat **ryhmää**, eivät yksittäistä asiakasta. THL ei suosittele mittarin käyttöä "
            "yksilön arviointiin.\n"
            "* Luku on aina arvio. **Luottamusväli** kertoo, millä välillä todellinen arvo todennäköisesti on; "
            "pienessä ryhmässä väli on leveä. Alle 20 vastaajan tulokset ovat epätarkkoja.\n"
            "* **Lasku ei yksin tarkoita, että palvelu epäonnistui.** Elämäntilanne, kausivaihtelu tai se, että "
            "asiakas uskaltaa vastata rehellisemmin luottamuksen synnyttyä, voivat näkyä pisteissä.\n"
            "* **Vastaajakato**: kaikki eivät vastaa seurantaan. Jos lopettaneet voivat huonommin, ryhmien "
            "vertailu näyttää paremmalta kuin todellisuus. Siksi muutos lasketaan samoilta vastaajilta.\n"
            "* Vertailuluku kuvaa eri väestöä: se on suunta, ei tavoite.\n"
            "* Alle {min_n} vastaajan ryhmiä ei näytetä."
        ),
        "methods": "Menetelmät ja aineiston laatu",
        "methods_text": (
            "Osallisuuspisteet: (väittämien keskiarvo − 1) / 4 × 100; pisteet lasketaan, kun enintään "
            "{max_missing} väittämää puuttuu. Keskiarvon luottamusväli t-jakaumasta. Muutos: parittainen "
            "t-testi (luottamusväli) ja Wilcoxonin merkittyjen sijalukujen testi (kuten R:n wilcox.test), "
            "vaikutuksen koko d_z ja sijalukuihin perustuva r. Luotettava muutos (Jacobson–Truax): muutos yli "
            "{rc} pisteen (SD {sd}, α {alpha}). Sekamalli: statsmodels MixedLM, satunnainen vakio vastaajittain. "
            "Tietosuoja: alle {min_n} vastaajan ryhmiä ja mittauskertoja, joilla on alle {min_n} vastausta, ei "
            "näytetä. Organisaation ja alueen luvut ovat yksiköiden näytettyjen lukujen summia, joten pienen ryhmän "
            "lukua ei voi laskea vähentämällä. Jos jaottelusta (kuukaudet, vastaajaryhmät) piilotetaan luku, "
            "piilotetaan tarvittaessa toinenkin, ettei pientä lukua voi päätellä kokonaismäärästä; pienet kielet ja "
            "palvelut yhdistetään ryhmään 'muut'. Prosenttiosuudet näytetään, kun ryhmässä on vähintään {min_n} "
            "vastaajaa."
        ),
        "rescored": "Tätä raporttia varten pisteet laskettiin uudelleen tällä säännöllä; tallennetussa aineistossa "
                    "sääntö oli enintään {stored} puuttuvaa väittämää.",
        "quality": "Aineiston käsittely",
        "quality_text": "Raportissa on {forms} lomaketta. Niissä hylättiin {rejected_cells} solua (tunnistamaton tai "
                        "virheellinen vastaus, ks. rejected.csv). Osallisuuspisteitä ei laskettu {excluded} "
                        "lomakkeelle (liian monta väittämää vastaamatta). Rajatun ajanjakson ulkopuolelle jäi "
                        "{outside} lomaketta.",
        "open": "Liite: avoimet vastaukset",
        "themes": "Mitä avoimet vastaukset kertovat",
        "themes_text": "Avoimia vastauksia on {n}. Teemat ja vaikutuksen suunta on koodattu koneellisesti "
                       "sääntöjen avulla {auto} vastaukseen; muut on tarkistanut henkilöstö. Luvut kertovat, "
                       "monessako vastauksessa teema mainitaan (yhdessä vastauksessa voi olla useita teemoja).",
        "themes_regional": "Montako avointa vastausta mainitsee teeman, organisaatioittain (yksiköiden näytettyjen "
                            "lukujen summat).",
        "open_shown": "Esimerkkivastaukset on peitetty (nimet, puhelinnumerot, sähköpostit).",
        "open_not_shown": "Vastauksia ei näytetä raportissa; ne voi ottaa liitteeksi asetuksella show_open_answers.",
        "theme": "Teema", "effect_all": "Mainintoja", "effect_positive": "Myönteinen vaikutus",
        "effect_none": "Ei vaikutusta", "effect_negative": "Kielteinen", "effect_unclear": "Epäselvä",
        "open_text": "Sähköpostiosoitteet, puhelinnumerot ja nimiltä näyttävät sanat on peitetty.",
        "suppressed": "alle {min_n} vastaajaa",
        "hidden_other": "piilotettu toisen ryhmän suojaamiseksi",
        "round": "Mittauskerta", "n": "Vastaajia", "answers": "Vastauksia", "mean": "Keskiarvo", "ci": "95 %:n lv",
        "median": "Mediaani", "diff": "Muutos", "p": "p", "improved": "Parani", "worsened": "Heikkeni",
        "unchanged": "Ennallaan", "statement": "Väittämä", "share": "Osuus", "month": "Kuukausi",
        "unit": "Yksikkö", "organization": "Organisaatio", "count": "Lukumäärä", "score": "Pisteet",
        "before": "Ennen", "after": "Jälkeen", "type": "Vastaajaryhmä", "language": "Kieli", "service": "Palvelu",
        "lonely": "Yksinäinen", "good_qol": "Hyvä elämänlaatu", "comparison": "Vertailu",
        "alku": "alku", "väli": "väli", "loppu": "loppu",
        "first_last": "ensimmäinen → viimeinen", "alku_väli": "alku → väli", "alku_loppu": "alku → loppu",
        "väli_loppu": "väli → loppu",
        "repeated": "toistuvat", "start_only": "vain alku", "follow_up_only": "vain seuranta",
        "anonymous": "nimettömät",
        "regional": "Alueellinen yhteenveto",
        "regional_text": "Kaikki yksiköt rinnakkain. Pienet ryhmät on piilotettu.",
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
        "who": "Who answered",
        "who_text": "{n_answered} questionnaires from {n_people} respondents (anonymous answers: {n_anon}). The "
                    "table shows answers per round.",
        "too_small_units": "Every unit of the organization has fewer than {min_n} respondents, so no results are "
                           "shown. The organization's figures are computed only from units whose results can be shown.",
        "units_left_out": "The organization's figures are sums of its units' shown figures. {n} units are not "
                          "included because they have fewer than {min_n} respondents; nor are rounds with fewer than "
                          "{min_n} answers in a unit.",
        "other": "other",
        "by_round": "Answers per round",
        "by_language": "Language",
        "by_service": "Service",
        "esis": "Experience of participation (0–100)",
        "esis_text": "Measured with THL's participation indicator: ten statements, score 0–100, higher is better. "
                     "Reference: {reference_label}: {reference}.",
        "esis_sentence": "In round {round} the mean was {mean} (95% confidence interval {low}–{high}, {n} respondents).",
        "reference": "reference",
        "mean_ci": "mean and 95% confidence interval",
        "distribution": "Distribution of scores",
        "distribution_text": "The middle half of respondents scored within the bar; the line is the median.",
        "iqr": "middle 50%",
        "statements": "Statements",
        "statements_text": "Share of respondents who somewhat or completely agreed (first round).",
        "agree": "agree (4–5)",
        "fully_agree": "completely agree (5)",
        "change": "Change for the same respondents",
        "change_text": "The same respondents before and after, paired by respondent code. A positive change means "
                       "a stronger experience of participation.",
        "change_none": "Fewer than {min_n} respondents answered twice, so change cannot be shown.",
        "change_sentence": "{comparison}: {n} respondents, mean change {diff} points (95% confidence interval "
                           "{low}…{high}). Reliably improved {improved}, worsened {worsened}.",
        "mixed": "A model using all answers (also incomplete follow-ups): interim {vali}, end {loppu} points "
                 "compared with start.",
        "item_change": "Change per statement (Holm-adjusted p-values)",
        "types": "First-time and repeat respondents",
        "types_text": "Start only, follow-up only, repeated, and anonymous answers.",
        "cross_text": "Comparing all start answers with all end answers mixes change with who stayed "
                      "(attrition). The main figure is therefore the change of the same respondents above.",
        "wellbeing": "Loneliness and quality of life",
        "lonely_text": "Share feeling lonely fairly often or continuously, and share with good quality of life "
                       "(EUROHIS-8 mean at least 4).",
        "pace": "How answers accumulate",
        "pace_text": "Answers per month. × = hidden: fewer than {min_n} answers in the month, or hidden so that "
                     "another month's small count cannot be worked out.",
        "howto": "How to read these results",
        "howto_text": (
            "* Results describe the **group**, not individual clients. THL does not recommend the indicator "
            "for assessing individuals.\n"
            "* Every figure is an estimate. The **confidence interval** shows where the true value probably "
            "lies; in a small group it is wide. Results of fewer than 20 respondents are imprecise.\n"
            "* **A fall does not by itself mean the service failed.** Life events, seasons, or clients daring "
            "to answer more honestly once trust has grown can all show in the scores.\n"
            "* **Attrition**: not everyone answers the follow-up. If those who left were worse off, comparing "
            "groups looks better than reality. Change is therefore computed for the same respondents.\n"
            "* The reference describes a different population: a direction, not a target.\n"
            "* Groups with fewer than {min_n} respondents are not shown."
        ),
        "methods": "Methods and data quality",
        "methods_text": (
            "Score: (mean of statements − 1) / 4 × 100; scored when at most {max_missing} statements are "
            "missing. Confidence interval of the mean from the t distribution. Change: paired t-test (CI) and "
            "Wilcoxon signed-rank test (as R's wilcox.test), effect sizes d_z and rank-biserial r. Reliable "
            "change (Jacobson–Truax): more than {rc} points (SD {sd}, α {alpha}). Mixed model: statsmodels "
            "MixedLM with a random intercept per respondent. Privacy: groups with fewer than {min_n} respondents "
            "and rounds with fewer than {min_n} answers are not shown. Organization and regional figures are sums "
            "of the units' shown figures, so no small group can be worked out by subtraction. When a part of a "
            "breakdown (months, respondent types) is hidden, another is hidden too if needed, so that no small "
            "count follows from the total; small languages and services are merged into 'other'. Percentages are "
            "shown when the group has at least {min_n} respondents."
        ),
        "rescored": "Scores were computed again for this report with this rule; the stored data were scored "
                    "with at most {stored} missing statements.",
        "quality": "Data processing",
        "quality_text": "The report covers {forms} questionnaires, in which {rejected_cells} cells were rejected "
                        "(unknown or invalid answer, see rejected.csv). No score for {excluded} questionnaires (too "
                        "many statements unanswered). Outside the period: {outside}.",
        "open": "Appendix: open answers",
        "themes": "What the open answers say",
        "themes_text": "There are {n} open answers. Themes and the direction of effect were coded automatically by "
                       "rules for {auto} of them; staff checked the rest. The figures tell in how many answers a "
                       "theme is mentioned (one answer can mention several).",
        "themes_regional": "How many open answers mention each theme, per organization (sums of the units' shown "
                            "figures).",
        "open_shown": "Example answers are masked (names, phone numbers, e-mail addresses).",
        "open_not_shown": "The answers themselves are not shown; they can be added as an appendix with the setting "
                          "show_open_answers.",
        "theme": "Theme", "effect_all": "Mentions", "effect_positive": "Positive effect", "effect_none": "No effect",
        "effect_negative": "Negative", "effect_unclear": "Unclear",
        "open_text": "E-mail addresses, phone numbers and name-like words are masked.",
        "suppressed": "fewer than {min_n} respondents",
        "hidden_other": "hidden to protect another group",
        "round": "Round", "n": "Respondents", "answers": "Answers", "mean": "Mean", "ci": "95% CI",
        "median": "Median", "diff": "Change", "p": "p", "improved": "Improved", "worsened": "Worsened",
        "unchanged": "Unchanged", "statement": "Statement", "share": "Share", "month": "Month",
        "unit": "Unit", "organization": "Organization", "count": "Count", "score": "Score",
        "before": "Before", "after": "After", "type": "Respondents", "language": "Language", "service": "Service",
        "lonely": "Lonely", "good_qol": "Good quality of life", "comparison": "Comparison",
        "alku": "start", "väli": "interim", "loppu": "end",
        "first_last": "first → last", "alku_väli": "start → interim", "alku_loppu": "start → end",
        "väli_loppu": "interim → end",
        "repeated": "repeated", "start_only": "start only", "follow_up_only": "follow-up only",
        "anonymous": "anonymous",
        "regional": "Regional summary",
        "regional_text": "All units side by side. Small groups are hidden.",
    },
}

#: Swedish: the headings and labels; longer passages fall back to English until translated.
TEXTS["sv"] = {
    **TEXTS["en"],
    "title": "Upplevelse av delaktighet", "all_units": "alla enheter", "period": "Period",
    "whole_period": "hela materialet", "made": "Rapporten gjord", "data_version": "dataversion",
    "too_small": "Gruppen har färre än {min_n} svarande, så inga resultat visas. Det skyddar allas svar.",
    "who": "Vem svarade", "other": "övriga", "by_round": "Svar per mätning", "by_language": "Språk", "by_service": "Tjänst",
    "esis": "Upplevelse av delaktighet (0–100)", "reference": "jämförelse", "distribution": "Poängfördelning",
    "statements": "Påståenden", "agree": "av samma åsikt (4–5)", "fully_agree": "helt av samma åsikt (5)",
    "change": "Förändring hos samma svarande", "types": "Förstagångs- och återkommande svarande",
    "wellbeing": "Ensamhet och livskvalitet", "pace": "Hur svaren samlas", "howto": "Så läser du resultaten",
    "methods": "Metoder och datakvalitet", "quality": "Databehandling", "open": "Bilaga: öppna svar",
    "round": "Mätning", "n": "Svarande", "answers": "Svar", "mean": "Medelvärde", "median": "Median",
    "diff": "Förändring", "improved": "Förbättrades", "worsened": "Försämrades", "unchanged": "Oförändrad",
    "statement": "Påstående", "share": "Andel", "month": "Månad", "unit": "Enhet", "organization": "Organisation",
    "count": "Antal", "score": "Poäng", "before": "Före", "after": "Efter", "language": "Språk",
    "service": "Tjänst", "lonely": "Ensam", "good_qol": "God livskvalitet", "comparison": "Jämförelse",
    "alku": "början", "väli": "mellan", "loppu": "slut", "first_last": "första → sista",
    "alku_väli": "början → mellan", "alku_loppu": "början → slut", "väli_loppu": "mellan → slut",
    "regional": "Regional sammanfattning",
}
LANGUAGES = tuple(TEXTS)
