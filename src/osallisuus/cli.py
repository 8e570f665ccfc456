"""The ``osallisuus`` command. Every subcommand takes ``--data DIR`` (default ``data``).

Exit codes: 0 success, 2 a file or parameter that cannot be used (message says what to do),
1 an unexpected internal error (please report it; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import InputError
from .intake.ingest import IngestError, ingest
from .intake.store import REJECTED, RESPONSES, Store
from .schema import CYCLE, rounds_in
from .settings import SETTINGS, check, default

KEY_HELP = "pseudonymisoinnin avaintiedosto (oletus: ympäristömuuttuja OSALLISUUS_KEY, muuten käyttäjän asetuskansio)"
#: Command-line options that are settings, checked against :mod:`osallisuus.settings`.
SETTING_OPTIONS = {"max_missing": "--max-missing", "min_n": "--min-n", "protect_score": "--protect-score",
                   "protect_answer": "--protect-answer"}


def _demo(args: argparse.Namespace) -> int:
    from .intake.demo import write_demo

    store = Store(args.data)
    if args.if_empty and store.raw_files():
        print(f"{store.raw} sisältää jo tiedostoja: demoaineistoa ei luotu.")
        return 0
    for path in write_demo(args.data, seed=args.seed):
        print(f"kirjoitettu {path}")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    store = Store(args.data)
    files = [Path(f) for f in args.files] or store.raw_files()
    defaults = {col: value for col in ("organization", "unit", "round") if (value := getattr(args, col, None))}
    result = ingest(files, args.data, esis_max_missing=args.max_missing, defaults=defaults, key_file=args.key)
    print(result.summary())
    print(f"Tallennettu: {store.processed / RESPONSES} ja {store.processed / REJECTED}")
    return 0


def _status(args: argparse.Namespace) -> int:
    store = Store(args.data)
    if not store.responses_path.exists():
        print(f"{store.processed}: ei vielä tallennettua aineistoa (aja 'osallisuus ingest').")
        return 0
    frame, sources, log = store.read_responses(), store.read_sources(), store.read_changelog()
    last = log.iloc[-1] if len(log) else None
    print(f"Aineisto {store.processed} (versio {store.version()}): {len(frame)} lomaketta, "
          f"{len(sources)} lähdetiedostoa." + (f" Viimeisin tallennus {last['time']} ({last['file']}: "
                                               f"{last['action']})." if last is not None else ""))
    print("\nLähteet: luettu = tallennettu + hylätty + jo tallennettu (rivejä), päivät")
    for s in sources.itertuples():
        print(f"  {s.file}: {s.rows_read} = {s.rows_kept} + {s.rows_rejected} + {s.rows_already_stored}, "
              f"{s.date_min or '?'} – {s.date_max or '?'}, tallennettu {s.ingested_at}")
    print("\nYksiköt: lomakkeita (alku/väli/loppu), päivät")
    for (org, unit), rows in frame.groupby(["organization", "unit"], observed=True):
        counts = rows["round"].astype(str).value_counts()
        rounds = counts.reindex(list(CYCLE), fill_value=0)
        later = "".join(f", {r} {counts[r]}" for r in rounds_in(rows["round"]) if r not in CYCLE)
        dates = rows["date"].dropna()
        span = f"{dates.min():%Y-%m-%d} – {dates.max():%Y-%m-%d}" if len(dates) else "ei päiviä"
        print(f"  {org} / {unit}: {len(rows)} ({'/'.join(str(v) for v in rounds)}{later}), {span}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .intake.store import repair, verify

    store = Store(args.data)
    with store.transaction(tidy=False):  # no writer changes the store while it is checked
        findings = verify(store)
        if args.repair:
            for action in repair(store):
                print(f"Korjattu: {action}")
            findings = verify(store)
    for finding in findings:
        print(finding.message())
    if findings:
        print(f"\n{len(findings)} ongelmaa tallennuksessa {store.processed}; korjausohjeet yllä.\n"
              f"({len(findings)} problems in the store; the fixes are above.)")
        return 2
    if not store.responses_path.exists():
        print(f"{store.processed}: ei vielä tallennettua aineistoa (aja 'osallisuus ingest').")
        return 0
    frame, sources = store.read_responses(), store.read_sources()
    print(f"Tallennus {store.processed} on kunnossa (versio {store.version()}): {len(frame)} lomaketta, "
          f"{len(sources)} lähdetiedostoa, jokainen rivi lähteineen.\n(The store is consistent.)")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    store = Store(args.data)
    with store.transaction():
        moved = store.migrate()
    if moved:
        print(f"Tallennus {store.processed} siirrettiin uuteen muotoon (versio {store.manifest()['generation']}); "
              "tutut tiedostot ovat yhä kansiossa processed/.\n(The store was migrated; the files keep their paths.)")
    else:
        print(f"Tallennusta {store.processed} ei tarvinnut siirtää.\n(Nothing to migrate.)")
    return 0


def _import_meanwhile(modules: Sequence[str]) -> threading.Thread:
    """Import ``modules`` in a thread while the caller reads the store: the Parquet reader works
    without the GIL, and the statistics' modules take most of a second to import (scipy's
    statistics alone). Join it before importing them; an import that fails here fails again
    where the caller imports the module, with its own error."""
    import importlib

    def load() -> None:
        for module in modules:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - raised again by the caller's own import
                return

    thread = threading.Thread(target=load, name="osallisuus-imports", daemon=True)
    thread.start()
    return thread


def _published(args: argparse.Namespace, year: int | None = None, modules: Sequence[str] = ()):
    """The store's published tables (region, organization and unit rows) and the audit's
    decisions, as ``export``, ``dashboard`` and ``audit`` make them; with ``year``, of that
    year's answers only (a publication of its own, as ``params --year`` reports are).
    ``modules``: what the caller imports next, imported (with the tables' own) while the store is read."""
    from .memory import give_back_memory
    from .reporting.published import PUBLICATION_COLUMNS  # not the tables' modules: they load meanwhile
    from .statistics.groups import BY, answers, keys_as_categories

    store = Store(args.data)
    importing = _import_meanwhile(["osallisuus.statistics.tables", *modules])
    try:
        responses = store.read_responses(columns=PUBLICATION_COLUMNS)
    finally:
        importing.join()
    from .reporting.published import batch_tables
    from .statistics.audit import Levels

    # the keys as categories before answers() finds each person's answers by them (small codes, not strings)
    frame = answers(keys_as_categories(responses, BY))
    del responses
    give_back_memory()  # the Parquet reader's freed buffers, before the audit's
    scope = {"rows": "all", "max_missing": store.scored_with()}
    if year is not None:
        frame = answers(frame.loc[frame["date"].dt.year == year])
        scope = {**scope, "rows": "year", "year": year}
    tables, decisions = batch_tables(store, frame, args.min_n, Levels(args.protect_score, args.protect_answer), scope,
                                     region=True)
    give_back_memory()  # the tables' and the audit's, before the themes and the pace tables
    return store, frame, tables, decisions


def _model(args: argparse.Namespace, years: list[int | None]):
    """The published data model and its metadata (:mod:`osallisuus.reporting.model`): one
    publication per year of ``years`` (``None``: every answer), each audited on its own; facts
    of a year's publication have a ``year`` column."""
    import pandas as pd

    # the first publication first: its tables' modules and these are imported while it reads the store
    first = _published(args, years[0], modules=["osallisuus.reporting.model", "osallisuus.themes.tables"])
    from .reporting.model import build, metadata
    from .statistics.audit import Levels
    from .statistics.disclosure import publish
    from .statistics.groups import REGION_BY, keys_as_categories, with_region
    from .themes.tables import themes_of

    parts: dict[str, list] = {}
    frames = []
    for i, year in enumerate(years):
        store, frame, tables, _ = first if i == 0 else _published(args, year)
        first = None
        if len(frame):
            region = keys_as_categories(with_region(frame), REGION_BY)  # groupings on small codes, in the order of the text
            themes, _ = themes_of(region, store.root, by=REGION_BY, min_n=args.min_n)
            if len(themes):
                tables["themes"] = publish({"themes": themes})["themes"]
            tables.update(_pace(store, region, year, args.min_n))
        for name, table in tables.items():
            parts.setdefault(name, []).append(table if year is None else table.assign(year=year))
        frames.append(frame)
    frame = pd.concat(frames)
    dates = frame["date"].dropna() if "date" in frame else []
    period = (str(dates.min().date()), str(dates.max().date())) if len(dates) else ("", "")
    meta = metadata(store.version(), args.min_n, Levels(args.protect_score, args.protect_answer), period)
    tables = {name: pd.concat(tables, ignore_index=True) for name, tables in parts.items()}
    return store, build(tables, frame, region=args.region, data_dir=str(store.root)), meta


def _pace(store: Store, region, year: int | None, min_n: int) -> dict:
    """The pace facts of a publication (:mod:`osallisuus.statistics.follow_up`; ``region``: its
    answers with the region column): its answers per month and round, and the follow-ups due at
    the end of its answers (``year``: of every answer up to the year's last one, so that people
    who answered last in an earlier year count too)."""
    import pandas as pd

    from .reporting.published import PUBLICATION_COLUMNS
    from .settings import default
    from .statistics.follow_up import follow_up_table, pace_table
    from .statistics.groups import REGION_BY, answers, keys_as_categories, with_region

    dates = region["date"].dropna()
    if dates.empty:
        return {"pace": pace_table(region, REGION_BY, min_n)}
    history = region  # the same object: both tables count its published rows, found once
    if year is not None:
        every = answers(store.read_responses(columns=PUBLICATION_COLUMNS))
        history = keys_as_categories(with_region(every.loc[every["date"].isna() | (every["date"] <= dates.max())]),
                                     REGION_BY)
    as_of = pd.Timestamp(dates.max()).normalize()
    return {"pace": pace_table(region, REGION_BY, min_n),
            "follow_ups": follow_up_table(history, REGION_BY, default("interval_months"), as_of, min_n)}


def _export(args: argparse.Namespace) -> int:
    store, model, meta = _model(args, [args.year])
    from .reporting.export import export

    for path in export(model, args.out, args.format, meta=meta, language=args.language):
        print(f"kirjoitettu {path}")
    print(f"Osallisuuspisteet tallennetun aineiston mukaan: enintään {store.scored_with()} puuttuvaa väittämää.")
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    from .reporting.dashboard import write_dashboard

    responses = Store(args.data).read_responses()
    years = sorted(int(y) for y in responses["date"].dt.year.dropna().unique()) if len(responses) else []
    if not years:
        raise InputError(args.data, "aineistossa ei ole päivättyjä vastauksia, joten vuosinäkymää ei voi tehdä.",
                         "the store has no dated answers, so there is no year to show.",
                         "Tallenna vastaukset päivämäärineen (osallisuus ingest).",
                         "Ingest answers with their dates (osallisuus ingest).")
    _, model, meta = _model(args, years)
    path = write_dashboard(model, meta, args.language, args.out)
    print(f"kirjoitettu {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    return 0


def _audit(args: argparse.Namespace) -> int:
    _, _, tables, decisions = _published(args)
    print(f"Tarkastus: {len(decisions)} tilastoa näytetään karkeammin tai jätetään pois, jotta kenenkään "
          f"vastauksia ei voi päätellä julkaistuista luvuista (alle {args.min_n} vastauksen joukon pisteiden summa "
          f"jää vähintään {args.protect_score} pisteen ja väittämissä {args.protect_answer} vastausaskeleen väliin).")
    for d in decisions:
        row = tables[d.table].loc[d.row]
        where = " / ".join([*([] if row["organization"] else ["koko alue (region)"]),
                            *(str(row[c]) for c in ("organization", "unit", "round", "comparison", "type", "item")
                              if c in row and str(row[c]))])
        action = "pyöristetty" if d.action == "rounded" else "jätetty pois"
        print(f"  {d.table}: {where}: {action} ({d.action}); {d.reason}")
    return 0


def _params(args: argparse.Namespace) -> int:
    from .reporting.params import write_params

    year, period = getattr(args, "year", None), getattr(args, "period", None)
    if year is not None:
        period = (f"{year}-01-01", f"{year}-12-31")
    if args.out is None:  # a year's or period's params in their own folder, beside the others
        args.out = f"params-{year}" if year is not None else f"params-{period[0]}_{period[1]}" if period else "params"
    written = write_params(args.data, args.out, overwrite=args.overwrite, period=tuple(period or ("", "")),
                           organization_language=getattr(args, "organization_language", None))
    for path in written:
        print(f"kirjoitettu {path}")
    print(f"{len(written)} uutta params-tiedostoa kansiossa {args.out} (olemassa olevia ei muutettu).")
    if args.out != "params":
        print(f"Raportit: osallisuus report --params-dir {args.out}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .reporting.html import write_index
    from .reporting.params import in_languages, load_job, notebooks_dir
    from .reporting.published import prepare
    from .reporting.runner import run_reports
    from .themes.tables import code_all

    store = Store(args.data)
    frame = store.read_responses()
    files = [Path(p) for p in args.params] or sorted(Path(args.params_dir).glob("*.yaml"))
    if not files:
        raise InputError(args.params_dir, "params-tiedostoja ei ole.", "no params files.",
                         "Aja ensin 'osallisuus params'.", "Run 'osallisuus params' first.")
    out = Path(args.out)
    notebooks = notebooks_dir()
    jobs, errors = [], []
    languages = [x.strip() for x in getattr(args, "languages", "").split(",") if x.strip()]
    for path in files:
        try:
            jobs += in_languages(load_job(path, store.root, out, notebooks, frame), languages, out)
        except InputError as exc:
            errors.append(exc)
    if errors:
        print("Raportteja ei tehty, koska params-tiedostoissa on virheitä:", file=sys.stderr)
        for err in errors:
            print(err.message(), file=sys.stderr)
        return 2
    def shared() -> None:  # while the report kernels start
        code_all(frame, store.root)  # every open answer coded once, before any report runs
        prepare(jobs)  # and every batch's shared tables

    outcomes = run_reports(jobs, workers=args.jobs, progress=not args.quiet, before=shared)
    index = write_index(outcomes, out, store.version())
    failed = [o for o in outcomes if not o.ok]
    seconds = sum(o.seconds for o in outcomes)
    print(f"{len(outcomes) - len(failed)} / {len(outcomes)} raporttia valmiina ({seconds:.1f} s työtä): {index}")
    for o in failed:
        print(f"VIRHE {o.name}: {o.error}", file=sys.stderr)
    return 1 if failed else 0


def _build(args: argparse.Namespace) -> int:
    """Everything ``make report`` does: demo data if raw/ is empty, ingest, params, reports, and
    the dashboard beside the reports."""
    args.if_empty, args.files = True, []
    _demo(args)
    status = _ingest(args)
    if status or args.no_reports:
        return status
    args.out, args.overwrite = args.params_dir, False
    _params(args)
    args.params, args.out = [], args.reports
    status = _report(args)
    from .reporting.dashboard import DASHBOARD_FILE

    args.out = str(Path(args.reports) / DASHBOARD_FILE)  # the regional summary links to it
    args.language, args.region = getattr(args, "organization_language", None) or "fi", ""
    for setting in ("min_n", "protect_score", "protect_answer"):
        setattr(args, setting, default(setting))
    return _dashboard(args) or status


def _collect(args: argparse.Namespace) -> int:
    """template / questionnaire / checklist: the collection kit (osallisuus.collect)."""
    from .collect import write_kit

    units = (args.units or "").split(",")
    print(f"kirjoitettu {write_kit(args.command, args.out, args.lang, args.organization, units)}")
    return 0


def _key(args: argparse.Namespace) -> int:
    """``osallisuus key show-path|export|import|migrate``: the pseudonym key (osallisuus.intake.key)."""
    from .intake import key

    if args.key_command == "show-path":
        print(key.key_path(args.data, args.key))
    elif args.key_command == "export":
        path = key.export_key(args.data, args.out, args.key)
        print(f"kirjoitettu {path}: vie se uudelle koneelle erillään aineistosta ja aja siellä 'osallisuus key import "
              f"{path.name} --data DIR'; poista sitten tämä kopio.\n(written {path}: take it to the new machine apart "
              "from the data, run 'osallisuus key import' there, then delete this copy.)")
    elif args.key_command == "import":
        path = key.import_key(args.data, args.file, args.key)
        print(f"avain tallennettu: {path} (key stored). Poista tuotu tiedosto {args.file} (delete the imported copy).")
    else:
        path = key.migrate(args.data, args.key)
        print(f"avain siirretty aineistokansiosta paikkaan {path}. Ota siitä varmuuskopio erillään aineistosta.\n"
              f"(key moved out of the data folder to {path}; back it up apart from the data.)")
    return 0


def _add_key(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("key", help="pseudonymisoinnin avain: sijainti, siirto toiselle koneelle, vanhan siirto",
                         description="Pseudonymisoinnin avain pidetään erillään aineistosta (README: Privacy).")
    keys = top.add_subparsers(dest="key_command", required=True)
    for name, text in (("show-path", "näytä, mistä aineiston avain luetaan"),
                       ("export", "kopioi avain tiedostoon toiselle koneelle vietäväksi"),
                       ("import", "tallenna toiselta koneelta tuotu avain tämän koneen avainpaikkaan"),
                       ("migrate", "siirrä vanha DIR/.salt aineistokansion ulkopuolelle ja kirjaa sen tunniste")):
        p = keys.add_parser(name, help=text, description=text)
        p.add_argument("--data", default="data", help="aineistokansio (oletus: data)")
        p.add_argument("--key", help=KEY_HELP)
        if name == "export":
            p.add_argument("--out", required=True, help="kohdetiedosto")
        if name == "import":
            p.add_argument("file", help="'key export' -komennon kirjoittama tiedosto")
        p.set_defaults(func=_key)


# --- themes (issue 13): suggest a coding of the open answers, store what staff confirmed ---
def _themes_suggest(args: argparse.Namespace) -> int:
    from .themes.confirm import write_suggestions

    path = write_suggestions(args.data, args.out, language=args.language)
    print(f"kirjoitettu {path}: tarkista teemat ja vaikutus, merkitse tarkistetut rivit x:llä sarakkeeseen "
          f"confirmed ja aja 'osallisuus themes apply {path} --data {args.data}'.\n(written {path}: check themes "
          "and effect, mark checked rows with x in 'confirmed', then run 'osallisuus themes apply'.)")
    return 0


def _themes_apply(args: argparse.Namespace) -> int:
    from .themes.confirm import apply_confirmations, read_stored, stale
    from .themes.masking import staff_names

    result = apply_confirmations(args.file, args.data)
    print(result.summary())
    changed, gone = stale(Store(args.data).read_responses(), read_stored(args.data), staff_names(args.data))
    if changed or gone:
        print(f"Tallennetuista vahvistuksista {len(changed)} koskee muuttunutta ja {len(gone)} poistunutta vastausta; "
              f"niiden sijaan käytetään automaattista koodausta.\n(Of the stored confirmations {len(changed)} "
              f"belong to changed and {len(gone)} to removed answers; the rules code those instead.)")
    return 0


def _add_themes(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("themes", help="avointen vastausten teemat: ehdotus ja henkilöstön vahvistus",
                         description="Avointen vastausten teemat: kone ehdottaa, henkilöstö tarkistaa ja vahvistaa.")
    themes = top.add_subparsers(dest="themes_command", required=True)
    p = themes.add_parser("suggest", help="kirjoita koodausehdotus (.xlsx tai .csv) tarkistettavaksi")
    p.add_argument("--data", default="data", help="aineistokansio (oletus: data)")
    p.add_argument("--out", required=True, help="tiedosto, .xlsx (pudotusvalikot) tai .csv")
    p.add_argument("--language", default=default("language"), choices=SETTINGS["language"].choices,
                   help="taulukon kieli: otsikot, vaikutukset ja teemat (oletus fi)")
    p.set_defaults(func=_themes_suggest)
    p = themes.add_parser("apply", help="tallenna tarkistetun tiedoston vahvistetut rivit")
    p.add_argument("file", help="'themes suggest' -komennon tekemä ja henkilöstön tarkistama tiedosto")
    p.add_argument("--data", default="data", help="aineistokansio (oletus: data)")
    p.set_defaults(func=_themes_apply)
# --- end themes ---


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="osallisuus", description="Osallisuuskyselyjen puhdistus, pisteytys ja raportit.")
    top.add_argument("--version", action="version", version=f"osallisuus {__version__}")
    top.add_argument("--debug", action="store_true", help="näytä virheiden tekninen jäljitys")
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--data", default="data", help="aineistokansio: raw/ ja processed/ (oletus: data)")
        p.set_defaults(func=func)
        return p

    p = command("demo", _demo, "kirjoita keksitty esimerkkiaineisto kansioon DIR/raw")
    p.add_argument("--seed", type=int, default=2025, help="satunnaislukusiemen (oletus 2025)")
    p.add_argument("--if-empty", action="store_true", help="vain jos DIR/raw on tyhjä")

    for name, func, text in (("ingest", _ingest, "lue, puhdista ja pisteytä viennit tallennukseen DIR/processed"),
                             ("build", _build, "demoaineisto (jos raw/ on tyhjä), ingest ja yhteenveto")):
        p = command(name, func, text)
        if name == "ingest":
            p.add_argument("files", nargs="*", help="tiedostot (oletus: kaikki DIR/raw-kansiosta)")
            for col, text in (("organization", "organisaatio"), ("unit", "yksikkö"), ("round", "mittauskerta")):
                p.add_argument(f"--{col}", metavar="NIMI" if col != "round" else "KERTA",
                               help=f"{text} tiedostoille, joissa ei ole sitä saraketta (omaa saraketta ei korvata)")
        p.add_argument("--key", help=KEY_HELP)
        p.add_argument("--max-missing", type=int, default=None,
                       help=f"{SETTINGS['max_missing'].help_fi} (oletus: tallennetun aineiston sääntö, "
                            f"uudessa {default('max_missing')})")
        if name == "build":
            p.add_argument("--seed", type=int, default=2025, help="demoaineiston siemen (oletus 2025)")
            p.add_argument("--params-dir", default="params", help="params-kansio (oletus params)")
            p.add_argument("--reports", default="reports", help="raporttikansio (oletus reports)")
            p.add_argument("--jobs", type=int, default=2, help="rinnakkaisia raportteja (oletus 2)")
            p.add_argument("--quiet", action="store_true", help="ei edistymispalkkia")
            p.add_argument("--no-reports", action="store_true", help="vain demo ja ingest")
    command("status", _status, "näytä tallennetun aineiston lähteet, rivimäärät ja päivät")
    p = command("check", _check, "tarkista tallennus (jokainen rivi lähteineen, tiedostot ehjiä) ja kerro korjaus")
    p.add_argument("--repair", action="store_true",
                   help="korjaa, mikä voidaan: palauta edellinen ehjä versio, siirrä vanha tallennus, poista jäänteet")
    command("migrate", _migrate, "siirrä vanhan muotoinen tallennus versioiksi (processed/gen-NNNNNN, CURRENT)")

    p = command("params", _params, "kirjoita params-tiedosto jokaiselle yksikölle ja organisaatiolle")
    p.add_argument("--out", default=None, help="kohdekansio (oletus params; vuoden tai jakson kanssa params-VUOSI "
                                               "tai params-ALKU_LOPPU)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--year", type=int, help="raportit yhdeltä vuodelta, esim. --year 2025 (1.1.–31.12.)")
    when.add_argument("--period", nargs=2, metavar=("ALKU", "LOPPU"),
                      help="raportit jaksolta, esim. --period 2025-01-01 2025-06-30")
    p.add_argument("--organization-language", choices=("fi", "sv", "en"), default=None,
                   help="organisaatioiden raporttien ja alueellisen yhteenvedon kieli (oletus fi); yksiköiden "
                        "raportit ovat vastaajien enemmistön kielellä")
    p.add_argument("--overwrite", action="store_true", help="korvaa olemassa olevat tiedostot")

    p = command("report", _report, "tee HTML-raportit params-tiedostoista (papermill)")
    p.add_argument("params", nargs="*", help="params-tiedostot (oletus: kaikki --params-dir-kansiosta)")
    p.add_argument("--params-dir", default="params", help="params-kansio (oletus params)")
    p.add_argument("--out", default="reports", help="raporttikansio (oletus reports)")
    p.add_argument("--jobs", type=int, default=2, help="rinnakkaisia raportteja (oletus 2)")
    p.add_argument("--quiet", action="store_true", help="ei edistymispalkkia")
    p.add_argument("--languages", default="", help="tee jokainen raportti näillä kielillä, esim. fi,sv,en "
                                                   "(oletus: params-tiedoston kieli)")

    for name, func, text in (("export", _export, "kirjoita tulostaulukot (Power BI, Excel) kansioon OUT"),
                             ("dashboard", _dashboard, "kirjoita vuorovaikutteinen näkymä yhdeksi HTML-tiedostoksi"),
                             ("audit", _audit, "näytä, mitkä tilastot tarkastus pyöristää tai jättää pois ja miksi")):
        p = command(name, func, text)
        if name == "export":
            p.add_argument("--out", required=True, help="kohdekansio")
            p.add_argument("--format", choices=["csv", "xlsx", "parquet"], default="csv", help="tiedostomuoto (oletus csv)")
            p.add_argument("--year", type=int, default=None,
                           help="vain tämän vuoden vastaukset, esim. --year 2025 (oma julkaisunsa, kuten raporteissa)")
        if name == "dashboard":
            p.add_argument("--out", required=True, help="kohdetiedosto (.html)")
        if name in ("export", "dashboard"):
            p.add_argument("--language", choices=["fi", "sv", "en"], default="fi",
                           help="tekstien kieli (oletus fi); vientien tietosanasto on kaikilla kielillä")
            p.add_argument("--region", default="", help="alueen nimi (oletus tyhjä: koko alue)")
        for setting in ("min_n", "protect_score", "protect_answer"):
            p.add_argument(SETTING_OPTIONS[setting], type=int, default=default(setting),
                           help=f"{SETTINGS[setting].help_fi} (oletus {default(setting)})")

    for name, suffix, text in (("template", "xlsx", "kirjaustaulukko (Excel) yhteisellä vähimmäistietosisällöllä"),
                               ("questionnaire", "html", "tulostettava paperilomake (HTML, A4)"),
                               ("checklist", "md", "Webropol/Forms-tarkistuslista: kysymysten ja vaihtoehtojen tekstit")):
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(func=_collect)
        p.add_argument("--lang", default="fi", help="kieli: fi, sv tai en (oletus fi)")
        p.add_argument("--organization", help="organisaation nimi (valmiiksi listaan)")
        p.add_argument("--units", help="yksiköt pilkulla erotettuina, esim. \"Paja,Olohuone\"")
        p.add_argument("--out", required=True, help=f"kohdetiedosto (.{suffix})")
    _add_themes(sub)
    _add_key(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(name)s: %(message)s")
    try:
        for name, option in SETTING_OPTIONS.items():  # before any work starts
            if getattr(args, name, None) is not None:
                check(name, getattr(args, name), option)
        if getattr(args, "jobs", 1) < 1:
            raise InputError("--jobs", "rinnakkaisten raporttien määrän pitää olla vähintään 1.",
                             "--jobs must be at least 1.")
        return args.func(args)
    except IngestError as exc:
        print("Aineistoa ei tallennettu, koska seuraavia tiedostoja ei voi käyttää:", file=sys.stderr)
        for err in exc.errors:
            print(err.message(), file=sys.stderr)
        return 2
    except InputError as exc:
        print(exc.message(), file=sys.stderr)
        return 2
    except Exception as exc:  # the last line of defence: no bare traceback for users
        if args.debug:
            traceback.print_exc()
        print(f"Odottamaton virhe: {type(exc).__name__}: {exc}\n(Unexpected error; run again with --debug and "
              "report it to the osallisuus developers.)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
