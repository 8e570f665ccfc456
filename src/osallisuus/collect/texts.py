"""Texts of the collection kit in Finnish, Swedish and English (no fallback between them).

Question wording and answer labels are *not* here: they come from the codebooks.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    "fi": {
        "sheet_answers": "Vastaukset",
        "sheet_instructions": "Ohjeet",
        "sheet_codebook": "Koodikirja",
        "sheet_lists": "Listat",
        "title": "Osallisuuskyselyn vastausten kirjaaminen",
        "instructions": [
            ("Mihin tätä taulukkoa käytetään", [
                ("Taulukkoon kirjataan asiakkaiden vastaukset THL:n osallisuusindikaattoriin (10 väittämää) "
                "ja, jos yksikkö niin sopii, yksinäisyyskysymykseen, elämänlaatukysymyksiin (EUROHIS-8) ja "
                "taustatietoihin. Yksi rivi on yksi täytetty lomake."),
                ("Kun taulukko täytetään tämän ohjeen mukaan, osallisuus-ohjelma lukee sen sellaisenaan: "
                "sarakkeita ei tarvitse nimetä uudelleen eikä vastauksia muuttaa numeroiksi."),
            ]),
            ("Kuka vastaa ja milloin", [
                ("Kyselyyn vastaa asiakas itse. Työntekijä voi lukea väittämät ääneen ja auttaa lomakkeen "
                "kanssa, mutta ei vastaa asiakkaan puolesta. Vastaaminen on vapaaehtoista, ja kysymyksen voi "
                "jättää väliin."),
                ("Uusi asiakas vastaa palvelun alussa (alku), sen jälkeen noin kolmen kuukauden välein (väli) "
                "ja palvelun päättyessä (loppu)."),
                "Pitkäaikainen asiakas vastaa noin kerran vuodessa, asumispalveluissa puolen vuoden välein.",
            ]),
            ("Näin kirjaat vastaukset", [
                ("Kirjaa jokainen lomake omalle rivilleen välilehdelle Vastaukset. Sarakkeet ovat samassa "
                "järjestyksessä kuin paperilomakkeen kohdat."),
                ("Valitse vastaus solun pudotusvalikosta (hiirellä tai näppäimillä Alt + nuoli alas). "
                "Taulukko ei hyväksy muita arvoja. Paperilomakkeen ruutujen pienet numerot 1–5 kertovat, "
                "monesko vaihtoehto listasta valitaan."),
                ("Jos asiakas on rastittanut \u201cEn osaa sanoa\u201d, valitse \u201cEn osaa sanoa\u201d. "
                "Jos kohtaan ei ole vastattu tai siihen on rastitettu kaksi vaihtoehtoa, jätä solu tyhjäksi. "
                "Älä käytä puuttuvan tiedon koodeja kuten 9 tai 99."),
                ("Keltaiset sarakkeet ovat pakollisia (organisaatio, yksikkö, mittauskerta ja kymmenen "
                "osallisuusväittämää), siniset suositeltuja ja harmaat vapaaehtoisia. Vapaaehtoisen sarakkeen "
                "voi jättää tyhjäksi."),
                ("Kirjoita päivämäärä muodossa 1.3.2025. Kieli-sarakkeeseen merkitään lomakkeen kieli, jos "
                "asiakas vastasi muulla kuin taulukon kielellä."),
                "Älä lisää, poista tai siirrä sarakkeita äläkä muuta otsikkorivin tekstejä.",
            ]),
            ("Vastaajatunnus: näin saman asiakkaan vastaukset yhdistetään", [
                ("Vastaajatunnuksella saman asiakkaan alku-, väli- ja loppumittaus yhdistetään. Vain silloin "
                "nähdään, muuttuiko osallisuuden kokemus samoilla ihmisillä. Ilman tunnusta voidaan verrata "
                "vain mittauskertojen ryhmiä, ja niihin vaikuttaa myös se, ketkä ovat jääneet pois."),
                ("Anna asiakkaalle ensimmäisellä vastauskerralla tunnus, esimerkiksi yksikön lyhenne ja "
                "juokseva numero (LAH-017). Sama tunnus merkitään lomakkeeseen jokaisella mittauskerralla."),
                ("Lista, jossa tunnus ja asiakkaan nimi ovat yhdessä, säilytetään erillään tästä taulukosta "
                "lukitussa paikassa. Lista hävitetään, kun asiakkaan mittaukset ovat päättyneet."),
                ("Jos listaa ei voi pitää, asiakas voi muodostaa tunnuksen itse asioista, jotka hän muistaa: "
                "esimerkiksi äidin etunimen kaksi ensimmäistä kirjainta ja oman syntymäpäivän päivä ilman "
                "kuukautta ja vuotta (MA14)."),
                ("Tunnuksessa saa olla enintään 10 merkkiä. Tunnuksena ei koskaan käytetä nimeä, nimikirjaimia, "
                "henkilötunnusta tai sen osaa, syntymäaikaa, puhelinnumeroa eikä sähköpostiosoitetta."),
                ("Osallisuus-ohjelma korvaa tunnuksen vielä toisella koodilla, eikä tunnus näy raporteissa. "
                "Jos asiakas haluaa vastata nimettömästi, jätä tunnus tyhjäksi: vastaus on mukana tuloksissa, "
                "mutta sitä ei voi yhdistää muihin mittauskertoihin."),
            ]),
            ("Mitä taulukkoon ei saa koskaan kirjoittaa", [
                ("Nimiä (asiakkaan, läheisten tai työntekijöiden), henkilötunnuksia, puhelinnumeroita, "
                "sähköposti- tai kotiosoitteita, terveystietoja tai muita muistiinpanoja asiakkaasta."),
                ("Kun kirjaat avoimen vastauksen, jätä pois nimet ja muut tiedot, joista vastaajan tai jonkun "
                "muun voi tunnistaa."),
                ("Säilytä taulukkoa vain siellä, missä organisaatiosi säilyttää asiakastietoja. Älä lähetä sitä "
                "sähköpostin liitteenä."),
            ]),
            ("Kun taulukko on valmis", [
                ("Tallenna tiedosto Excel-muodossa (.xlsx). Osallisuus-ohjelma lukee sen komennolla "
                "osallisuus ingest ja kertoo jokaisesta rivistä, hyväksyttiinkö se. Tulokset näytetään vain "
                "ryhmittäin: alle viiden vastaajan ryhmän tuloksia ei näytetä."),
            ]),
        ],
        "legend": "Sarakkeiden värit: keltainen = pakollinen, sininen = suositeltu, harmaa = vapaaehtoinen.",
        "status": {"required": "pakollinen", "recommended": "suositeltu", "optional": "vapaaehtoinen"},
        "codebook_headers": ("Otsikko taulukossa", "Sarakkeen nimi ohjelmassa", "Tarve", "Sallitut arvot",
                             "Kuvaus"),
        "free_text": "vapaa teksti",
        "date_text": "päivämäärä, esim. 1.3.2025 (ei tulevaisuudessa)",
        "code_text": "enintään 10 merkkiä; tyhjä = nimetön vastaus",
        "describe": {
            "respondent": "Tunnus, jolla saman asiakkaan mittauskerrat yhdistetään. Ei nimeä eikä henkilötunnusta.",
            "organization": "Organisaation nimi, sama jokaisella rivillä.",
            "unit": "Yksikkö tai ryhmä, jonka tulokset raportoidaan.",
            "service": "Palvelumuoto, esimerkiksi kuntouttava työtoiminta.",
            "round": ("Mittauskerta: alku, väli tai loppu; toistuvassa mittauksessa 4.–6. mittaus, seurannat 6 ja 12 kk, "
                      "pitkäaikaisilla vuosimittaus."),
            "date": "Päivä, jona asiakas vastasi.",
            "language": "Kieli, jolla asiakas vastasi. Tyhjä = taulukon kieli.",
            "esis": "THL:n osallisuusindikaattorin väittämä {n}.",
            "loneliness": "Yksinäisyys (THL:n kysymys).",
            "eurohis": "Elämänlaatu (EUROHIS-8), kysymys {n}.",
            "age_group": "Ikäryhmä.",
            "gender": "Sukupuoli.",
            "open_effect": "Avoin vastaus. Jätä pois nimet ja muut tunnistetiedot.",
        },
        "unofficial": "",
        "choose_title": "Valitse listasta",
        "choose_prompt": "Valitse vastaus pudotusvalikosta (Alt + nuoli alas). Tyhjä = ei vastausta.",
        "error_title": "Arvo ei kelpaa",
        "error_choice": "Valitse arvo pudotusvalikosta. Jos kohtaan ei ole vastattu, jätä solu tyhjäksi.",
        "respondent_prompt": "Enintään 10 merkkiä, esim. LAH-017. Ei nimeä, nimikirjaimia, henkilötunnusta "
                             "eikä syntymäaikaa. Tyhjä = nimetön vastaus.",
        "respondent_error": "Tunnuksessa saa olla enintään 10 merkkiä. Älä käytä nimeä tai henkilötunnusta.",
        "date_prompt": "Vastauspäivä muodossa 1.3.2025.",
        "date_error": "Kirjoita päivämäärä muodossa 1.3.2025. Tulevaisuuden päivä ei kelpaa.",
        "text_prompt": "Vapaa teksti. Ei nimiä eikä muita tunnistetietoja.",
        "date_format": "d.m.yyyy",
        # paper questionnaire
        "q_title": "Osallisuuskysely",
        "q_intro": "Kiitos, että vastaat. Vastauksillasi kehitämme toimintaa. Rastita jokaisesta kohdasta yksi "
                   "ruutu. Vastaaminen on vapaaehtoista, ja voit jättää kysymyksen väliin. Älä kirjoita "
                   "lomakkeeseen nimeäsi.",
        "q_staff": "Työntekijä täyttää",
        "q_date_hint": "pv.kk.vvvv",
        "q_code_hint": "sama tunnus joka kerralla, ei nimeä",
        "q_form_language": "Lomakkeen kieli",
        "q_esis_title": "Osallisuus",
        "q_esis_help": "Kuinka hyvin seuraavat väittämät kuvaavat sinua? Rastita yksi ruutu jokaiselta riviltä.",
        "q_loneliness_title": "Yksinäisyys",
        "q_eurohis_title": "Elämänlaatu",
        "q_background_title": "Taustatiedot",
        "q_open_title": "Oma kokemuksesi",
        "q_open_help": "Älä kirjoita vastaukseen nimiä.",
        "q_thanks": "Kiitos vastauksistasi!",
        "q_source": "Osallisuusväittämät: THL:n osallisuusindikaattori (ESIS). Väittämien sanamuotoa ei saa muuttaa.",
        "q_unofficial": "",
        "q_numbers": "Ruutujen pienet numerot helpottavat vastausten kirjaamista taulukkoon.",
        # Webropol / Forms checklist
        "c_title": "Tarkistuslista: Webropol- tai Forms-kysely, jonka osallisuus-ohjelma tunnistaa",
        "c_intro": "Kun kysymysten ja vastausvaihtoehtojen tekstit ovat täsmälleen alla olevat, kyselyn "
                   "Excel-vienti luetaan sellaisenaan ilman käsityötä. Lista on tehty ohjelman koodikirjoista, "
                   "joten se vastaa aina sitä, mitä ohjelma tunnistaa.",
        "c_rules": [
            ("Kopioi kysymysten ja vastausvaihtoehtojen tekstit tästä listasta sellaisenaan. Älä muuta "
            "osallisuusväittämien sanamuotoa (THL ei salli sitä)."),
            ("Tee osallisuusväittämistä matriisi- tai Likert-kysymys, jonka rivit ovat väittämät ja sarakkeet "
            "vastausvaihtoehdot. Vie vastaukset tekstinä (vaihtoehdon teksti), ei numeroina."),
            ("Lisää kysymykset Organisaatio, Yksikkö ja Mittauskerta. Ne ovat pakollisia: ilman niitä riviä ei "
            "voi käyttää. Jos kyselyä käyttää vain yksi organisaatio, tee Organisaatio-kysymyksestä "
            "monivalinta, jossa on yksi vaihtoehto."),
            ("Älä kysy nimeä, sähköpostia, puhelinnumeroa tai henkilötunnusta. Forms-kyselyssä valitse, ettei "
            "vastaajan nimeä tallenneta (ohjelma poistaa Sähköposti- ja Nimi-sarakkeet joka tapauksessa)."),
            "Forms-viennin Valmistumisaika luetaan vastauspäiväksi.",
            ("Älä muokkaa vientitiedostoa: ohjelma ohittaa otsikkorivin yläpuolella olevat rivit ja tuntemattomat "
            "sarakkeet."),
        ],
        "c_columns": "Kysymykset tässä järjestyksessä",
        "c_question": "Kysymyksen teksti",
        "c_options": "Vastausvaihtoehdot",
        "c_need": "Tarve",
        "c_also": "Myös nämä otsikot tunnistetaan",
        "c_free": "vapaa teksti",
        "c_date": "päivämäärä",
    },
    "sv": {
        "sheet_answers": "Svar",
        "sheet_instructions": "Anvisningar",
        "sheet_codebook": "Kodbok",
        "sheet_lists": "Listor",
        "title": "Registrering av svar på delaktighetsenkäten",
        "instructions": [
            ("Vad tabellen används till", [
                ("I tabellen registreras klienternas svar på THL:s delaktighetsindikator (10 påståenden) och, om "
                "enheten så beslutar, på frågan om ensamhet, frågorna om livskvalitet (EUROHIS-8) och "
                "bakgrundsuppgifter. En rad är en ifylld blankett."),
                ("När tabellen fylls i enligt denna anvisning läser programmet osallisuus den som sådan: "
                "kolumnerna behöver inte döpas om och svaren behöver inte göras om till siffror."),
            ]),
            ("Vem svarar och när", [
                ("Klienten svarar själv. En anställd kan läsa upp påståendena och hjälpa till med blanketten, men "
                "svarar inte i klientens ställe. Det är frivilligt att svara och man kan hoppa över en fråga."),
                ("En ny klient svarar när tjänsten börjar (början), sedan ungefär var tredje månad (mellan) och "
                "när tjänsten slutar (slut)."),
                "En långvarig klient svarar ungefär en gång om året, inom boendeservice varje halvår.",
            ]),
            ("Så här registrerar du svaren", [
                ("Registrera varje blankett på en egen rad på fliken Svar. Kolumnerna står i samma ordning som "
                "punkterna på pappersblanketten."),
                ("Välj svaret i cellens rullgardinsmeny (med musen eller Alt + pil ned). Tabellen godtar inga "
                "andra värden. De små siffrorna 1–5 vid rutorna på pappersblanketten anger vilket alternativ i "
                "listan som ska väljas."),
                ("Om klienten har kryssat för \u201cKan inte säga\u201d, välj \u201cKan inte säga\u201d. Om "
                "punkten är obesvarad eller har två kryss, lämna cellen tom. Använd inte koder som 9 eller 99."),
                ("Gula kolumner är obligatoriska (organisation, enhet, mätningsomgång och de tio påståendena), blå "
                "rekommenderade och grå frivilliga. En frivillig kolumn kan lämnas tom."),
                ("Skriv datum som 2025-03-01. I kolumnen Språk anges blankettens språk om klienten svarade på ett "
                "annat språk än tabellens."),
                "Lägg inte till, ta bort eller flytta kolumner och ändra inte texterna i rubrikraden.",
            ]),
            ("Svarskod: så kopplas samma klients svar ihop", [
                ("Med svarskoden kopplas samma klients mätningar i början, mellan och slut ihop. Bara så syns om "
                "upplevelsen av delaktighet förändrades hos samma personer. Utan kod kan man bara jämföra "
                "grupperna vid varje mätning, och de påverkas också av vilka som har slutat."),
                ("Ge klienten en kod vid första svarstillfället, till exempel enhetens förkortning och ett "
                "löpnummer (LAH-017). Samma kod skrivs på blanketten vid varje mätning."),
                ("Listan där koden och klientens namn står tillsammans förvaras skild från denna tabell på ett "
                "låst ställe. Listan förstörs när klientens mätningar har avslutats."),
                ("Om ingen lista kan föras kan klienten själv bilda koden av saker hon eller han minns: till "
                "exempel de två första bokstäverna i mammans förnamn och dagen för sin egen födelsedag utan "
                "månad och år (MA14)."),
                ("Koden får ha högst 10 tecken. Använd aldrig namn, initialer, personbeteckning eller del av den, "
                "födelsedatum, telefonnummer eller e-postadress som kod."),
                ("Programmet osallisuus ersätter dessutom koden med en annan kod, och koden syns inte i "
                "rapporterna. Om klienten vill svara anonymt, lämna koden tom: svaret räknas med i resultaten "
                "men kan inte kopplas till andra mätningar."),
            ]),
            ("Detta får aldrig skrivas i tabellen", [
                ("Namn (klientens, närståendes eller anställdas), personbeteckningar, telefonnummer, e-post- eller "
                "hemadresser, hälsouppgifter eller andra anteckningar om klienten."),
                ("När du registrerar ett öppet svar, lämna bort namn och andra uppgifter som gör att svararen "
                "eller någon annan kan identifieras."),
                ("Förvara tabellen bara där din organisation förvarar klientuppgifter. Skicka den inte som "
                "e-postbilaga."),
            ]),
            ("När tabellen är klar", [
                ("Spara filen i Excel-format (.xlsx). Programmet osallisuus läser den med kommandot "
                "osallisuus ingest och berättar om varje rad godkändes. Resultaten visas bara gruppvis: "
                "resultat för grupper med färre än fem svarare visas inte."),
            ]),
        ],
        "legend": "Kolumnernas färger: gul = obligatorisk, blå = rekommenderad, grå = frivillig.",
        "status": {"required": "obligatorisk", "recommended": "rekommenderad", "optional": "frivillig"},
        "codebook_headers": ("Rubrik i tabellen", "Kolumnens namn i programmet", "Behov", "Tillåtna värden",
                             "Beskrivning"),
        "free_text": "fri text",
        "date_text": "datum, t.ex. 2025-03-01 (inte i framtiden)",
        "code_text": "högst 10 tecken; tom = anonymt svar",
        "describe": {
            "respondent": "Kod som kopplar ihop samma klients mätningar. Inte namn eller personbeteckning.",
            "organization": "Organisationens namn, samma på varje rad.",
            "unit": "Enhet eller grupp vars resultat rapporteras.",
            "service": "Serviceform, till exempel arbetsverksamhet i rehabiliteringssyfte.",
            "round": ("Mätningsomgång: början, mellan eller slut; vid upprepad mätning 4:e–6:e mätningen, uppföljning efter "
                      "6 och 12 månader, för långvariga klienter årlig mätning."),
            "date": "Dagen då klienten svarade.",
            "language": "Språket som klienten svarade på. Tom = tabellens språk.",
            "esis": "Påstående {n} i THL:s delaktighetsindikator.",
            "loneliness": "Ensamhet (THL:s fråga).",
            "eurohis": "Livskvalitet (EUROHIS-8), fråga {n}.",
            "age_group": "Åldersgrupp.",
            "gender": "Kön.",
            "open_effect": "Öppet svar. Lämna bort namn och andra identifierande uppgifter.",
        },
        "unofficial": "Frågornas och svarsalternativens svenska lydelse är en inofficiell översättning. "
                      "THL har officiella språkversioner av delaktighetsindikatorn; använd dem när de finns.",
        "choose_title": "Välj i listan",
        "choose_prompt": "Välj svaret i rullgardinsmenyn (Alt + pil ned). Tom = inget svar.",
        "error_title": "Värdet godtas inte",
        "error_choice": "Välj ett värde i rullgardinsmenyn. Om punkten är obesvarad, lämna cellen tom.",
        "respondent_prompt": "Högst 10 tecken, t.ex. LAH-017. Inte namn, initialer, personbeteckning eller "
                             "födelsedatum. Tom = anonymt svar.",
        "respondent_error": "Koden får ha högst 10 tecken. Använd inte namn eller personbeteckning.",
        "date_prompt": "Svarsdatum, t.ex. 2025-03-01.",
        "date_error": "Skriv datum som 2025-03-01. Ett datum i framtiden godtas inte.",
        "text_prompt": "Fri text. Inga namn eller andra identifierande uppgifter.",
        "date_format": "yyyy-mm-dd",
        "q_title": "Enkät om delaktighet",
        "q_intro": "Tack för att du svarar. Med dina svar utvecklar vi verksamheten. Kryssa för en ruta vid "
                   "varje punkt. Det är frivilligt att svara och du kan hoppa över en fråga. Skriv inte ditt "
                   "namn på blanketten.",
        "q_staff": "Fylls i av personalen",
        "q_date_hint": "åååå-mm-dd",
        "q_code_hint": "samma kod varje gång, inte namn",
        "q_form_language": "Blankettens språk",
        "q_esis_title": "Delaktighet",
        "q_esis_help": "Hur väl beskriver följande påståenden dig? Kryssa för en ruta på varje rad.",
        "q_loneliness_title": "Ensamhet",
        "q_eurohis_title": "Livskvalitet",
        "q_background_title": "Bakgrundsuppgifter",
        "q_open_title": "Din egen erfarenhet",
        "q_open_help": "Skriv inga namn i svaret.",
        "q_thanks": "Tack för dina svar!",
        "q_source": "Påståendena om delaktighet: THL:s delaktighetsindikator (ESIS).",
        "q_unofficial": "Inofficiell översättning. THL har officiella språkversioner av delaktighetsindikatorn; "
                        "använd dem när de finns.",
        "q_numbers": "De små siffrorna vid rutorna gör det lättare att registrera svaren i tabellen.",
        "c_title": "Checklista: en Webropol- eller Forms-enkät som programmet osallisuus känner igen",
        "c_intro": "När frågornas och svarsalternativens texter är exakt de nedan läses enkätens Excel-export "
                   "som sådan, utan handarbete. Listan är gjord ur programmets kodböcker och motsvarar alltid "
                   "det som programmet känner igen.",
        "c_rules": [
            ("Kopiera frågornas och svarsalternativens texter ur listan som sådana. Ändra inte påståendenas "
            "lydelse."),
            ("Gör påståendena om delaktighet till en matris- eller Likertfråga med påståendena som rader och "
            "svarsalternativen som kolumner. Exportera svaren som text (alternativets text), inte som siffror."),
            ("Lägg till frågorna Organisation, Enhet och Mätningsomgång. De är obligatoriska: utan dem kan raden "
            "inte användas. Om bara en organisation använder enkäten, gör Organisation till en flervalsfråga "
            "med ett alternativ."),
            ("Fråga inte efter namn, e-post, telefonnummer eller personbeteckning. I Forms, välj att namnen inte "
            "sparas (programmet tar ändå bort kolumnerna E-post och Namn)."),
            "Forms-exportens Sluttid läses som svarsdatum.",
            "Redigera inte exportfilen: programmet hoppar över rader ovanför rubrikraden och okända kolumner.",
        ],
        "c_columns": "Frågorna i denna ordning",
        "c_question": "Frågans text",
        "c_options": "Svarsalternativ",
        "c_need": "Behov",
        "c_also": "Också dessa rubriker känns igen",
        "c_free": "fri text",
        "c_date": "datum",
    },
    "en": {
        "sheet_answers": "Answers",
        "sheet_instructions": "Instructions",
        "sheet_codebook": "Codebook",
        "sheet_lists": "Lists",
        "title": "Entering participation survey answers",
        "instructions": [
            ("What this workbook is for", [
                ("Enter the clients' answers to THL's participation indicator (10 statements) here and, if the "
                "unit so decides, to the loneliness question, the quality-of-life questions (EUROHIS-8) and the "
                "background questions. One row is one completed form."),
                ("When the workbook is filled in as described here, the osallisuus program reads it as it is: no "
                "columns to rename and no answers to turn into numbers."),
            ]),
            ("Who answers and when", [
                ("The client answers. A staff member may read the statements aloud and help with the form, but "
                "does not answer for the client. Answering is voluntary and any question may be skipped."),
                ("A new client answers at the start of the service (start), then about every three months "
                "(interim) and when the service ends (end)."),
                "A long-term client answers about once a year; in housing services every six months.",
            ]),
            ("How to enter the answers", [
                ("Enter each form on its own row of the Answers sheet. The columns are in the same order as the "
                "paper form."),
                ("Choose the answer from the cell's drop-down list (with the mouse, or Alt + Down arrow). The "
                "workbook accepts no other values. The small numbers 1–5 by the boxes of the paper form tell "
                "which entry of the list to choose."),
                ("If the client ticked \u201cCannot say\u201d, choose \u201cCannot say\u201d. If a question was "
                "not answered or has two ticks, leave the cell empty. Do not use codes such as 9 or 99."),
                ("Yellow columns are required (organization, unit, round and the ten statements), blue ones "
                "recommended and grey ones optional. An optional column may be left empty."),
                ("Write dates as 2025-03-01. In the Language column, mark the language of the form if the client "
                "answered in a language other than the workbook's."),
                "Do not add, delete or move columns, and do not change the header row.",
            ]),
            ("Respondent code: how one client's answers are paired", [
                ("The respondent code pairs the same client's start, interim and end answers. Only then can you "
                "see whether the experience of participation changed for the same people. Without a code only "
                "the groups of each round can be compared, and those also change as people leave."),
                ("Give the client a code at the first answer, for example the unit's abbreviation and a running "
                "number (LAH-017). The same code goes on the form every time."),
                ("The list that links codes to names is kept apart from this workbook, in a locked place, and is "
                "destroyed when the client's measurements have ended."),
                ("If no such list can be kept, the client can make the code from things they remember: for "
                "example the first two letters of their mother's first name and the day of their own birthday "
                "without month or year (MA14)."),
                ("A code has at most 10 characters. Never use a name, initials, a personal identity code or part "
                "of it, a date of birth, a phone number or an e-mail address as a code."),
                ("The osallisuus program replaces the code with another code, and codes never appear in "
                "reports. If the client wants to answer anonymously, leave the code empty: the answer counts "
                "in the results but cannot be paired with other rounds."),
            ]),
            ("Never write in this workbook", [
                ("Names (of clients, their family or staff), personal identity codes, phone numbers, e-mail or "
                "home addresses, health information or any other notes about the client."),
                ("When you enter an open answer, leave out names and anything else that could identify the "
                "respondent or someone else."),
                ("Keep the workbook only where your organization keeps client information. Do not send it as an "
                "e-mail attachment."),
            ]),
            ("When the workbook is ready", [
                ("Save it as an Excel file (.xlsx). The osallisuus program reads it with the command "
                "osallisuus ingest and tells for each row whether it was accepted. Results are shown by group "
                "only: groups of fewer than five respondents are not shown."),
            ]),
        ],
        "legend": "Column colours: yellow = required, blue = recommended, grey = optional.",
        "status": {"required": "required", "recommended": "recommended", "optional": "optional"},
        "codebook_headers": ("Header in the workbook", "Column name in the program", "Need", "Allowed values",
                             "Description"),
        "free_text": "free text",
        "date_text": "date, e.g. 2025-03-01 (not in the future)",
        "code_text": "at most 10 characters; empty = anonymous answer",
        "describe": {
            "respondent": "Code that pairs one client's rounds. Never a name or personal identity code.",
            "organization": "The organization's name, the same on every row.",
            "unit": "The unit or group whose results are reported.",
            "service": "Type of service, e.g. rehabilitative work activity.",
            "round": ("Measurement round: start, interim or end; in repeated measuring the 4th–6th measurement, follow-ups "
                      "at 6 and 12 months, and for long-term clients the yearly measurement."),
            "date": "The day the client answered.",
            "language": "The language the client answered in. Empty = the workbook's language.",
            "esis": "Statement {n} of THL's participation indicator.",
            "loneliness": "Loneliness (THL question).",
            "eurohis": "Quality of life (EUROHIS-8), question {n}.",
            "age_group": "Age group.",
            "gender": "Gender.",
            "open_effect": "Open answer. Leave out names and anything else identifying.",
        },
        "unofficial": "The English wording of the questions and answers is an unofficial translation. THL "
                      "holds official language versions of the participation indicator; use them where available.",
        "choose_title": "Choose from the list",
        "choose_prompt": "Choose the answer from the drop-down list (Alt + Down arrow). Empty = not answered.",
        "error_title": "Value not accepted",
        "error_choice": "Choose a value from the drop-down list. If the question was not answered, leave the "
                        "cell empty.",
        "respondent_prompt": "At most 10 characters, e.g. LAH-017. No name, initials, personal identity code or "
                             "date of birth. Empty = anonymous answer.",
        "respondent_error": "A code has at most 10 characters. Do not use a name or personal identity code.",
        "date_prompt": "Date of the answer, e.g. 2025-03-01.",
        "date_error": "Write the date as 2025-03-01. A date in the future is not accepted.",
        "text_prompt": "Free text. No names or other identifying details.",
        "date_format": "yyyy-mm-dd",
        "q_title": "Participation survey",
        "q_intro": "Thank you for answering. Your answers help us improve what we do. Tick one box for each "
                   "question. Answering is voluntary and you may skip any question. Do not write your name on "
                   "the form.",
        "q_staff": "To be filled in by staff",
        "q_date_hint": "yyyy-mm-dd",
        "q_code_hint": "the same code every time, not a name",
        "q_form_language": "Language of the form",
        "q_esis_title": "Participation",
        "q_esis_help": "How well do the following statements describe you? Tick one box on each row.",
        "q_loneliness_title": "Loneliness",
        "q_eurohis_title": "Quality of life",
        "q_background_title": "Background",
        "q_open_title": "Your own experience",
        "q_open_help": "Please do not write any names.",
        "q_thanks": "Thank you for your answers!",
        "q_source": "Participation statements: THL's participation indicator (ESIS).",
        "q_unofficial": "Unofficial translation. THL holds official language versions of the participation "
                        "indicator; use them where available.",
        "q_numbers": "The small numbers by the boxes make entering the answers into the workbook quicker.",
        "c_title": "Checklist: a Webropol or Forms survey that the osallisuus program recognises",
        "c_intro": "When the question texts and answer options are exactly the ones below, the survey's Excel "
                   "export is read as it is, with no manual work. The list is made from the program's codebooks, "
                   "so it always matches what the program recognises.",
        "c_rules": [
            ("Copy the question texts and answer options from this list as they are. Do not change the wording "
            "of the participation statements."),
            ("Make the participation statements one matrix (Likert) question with the statements as rows and the "
            "answer options as columns. Export answers as text (the option's text), not as numbers."),
            ("Add the questions Organization, Unit and Measurement round. They are required: a row without them "
            "cannot be used. If only one organization uses the survey, make Organization a choice question with "
            "a single option."),
            ("Do not ask for names, e-mail, phone numbers or personal identity codes. In Forms, choose not to "
            "record names (the program drops the Email and Name columns anyway)."),
            "The Completion time of a Forms export is read as the date of the answer.",
            "Do not edit the export: the program skips rows above the header row and unknown columns.",
        ],
        "c_columns": "The questions in this order",
        "c_question": "Question text",
        "c_options": "Answer options",
        "c_need": "Need",
        "c_also": "These headers are recognised too",
        "c_free": "free text",
        "c_date": "date",
    },
}


def texts(lang: str) -> dict[str, object]:
    """The kit's texts in ``lang`` (one of :data:`osallisuus.collect.fields.LANGUAGES`)."""
    return TEXTS[lang]
