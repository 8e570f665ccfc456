"""Ingest: raw exports -> cleaned, pseudonymised, scored rows in the processed store."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..instruments import esis, score_all
from ..schema import CANONICAL_COLUMNS, RESPONSE_ID, ROUNDS, SOURCE_COLUMNS, SOURCE_SHEET, YEARLY_ROUNDS, round_slot
from ..settings import check
from .clean import REASONS, REJECTED_COLUMNS, RESPONDENT_RULE, Cleaned, FileReport, clean_file
from .codebook import USER_CODEBOOKS, CodebookError, codebook_version, load_codebooks, normalize
from .key import key_for_ingest
from .pseudonym import pseudonymize
from .readers import read_tables
from .store import MIGRATED, SOURCE_FIELDS, Store, with_round_order


class IngestError(Exception):
    """One or more files could not be used at all; nothing was written."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(e.message() for e in errors))


@dataclass
class IngestResult:
    reports: list[FileReport]
    responses: pd.DataFrame  # the whole store after this ingest
    rejected: pd.DataFrame  # rejections of the files ingested now
    unchanged: list[str] = field(default_factory=list)  # files already stored with the same content
    max_missing: int = esis.DEFAULT_MAX_MISSING  # the ESIS rule the store is now scored with
    rescored_from: int | None = None  # the earlier rule, when this ingest re-scored the store
    notes: list[str] = field(default_factory=list)  # about the store itself (e.g. it was migrated)

    def summary(self) -> str:
        """Row accounting per file, rejection reasons and scoring exclusions, in Finnish."""
        lines = [r.line() for r in self.reports]
        lines += [f"{name}: sama sisältö on jo tallennettu, ei muutoksia." for name in self.unchanged]
        for r in self.reports:
            if r.rows_like_stored:
                lines.append(
                    f"  {r.file}: {r.rows_like_stored} riviä on samanlaisia kuin jo tallennetut, mutta niissä ei ole "
                    "vastaajatunnusta, vastaustunnusta eikä vastausaikaa: ne on tallennettu eri vastaajina. Jos "
                    "tiedosto on saman kyselyn uusi vienti, vie se tunnuksineen tai korvaa vanha tiedosto."
                )
            if r.kept_own_columns:
                lines.append(f"  {r.file}: tiedoston omaa saraketta ei korvattu: {', '.join(r.kept_own_columns)} "
                             "(the file's own columns were kept, not the command-line values)")
            if r.ignored_columns:
                lines.append(f"  {r.file}: tunnistamattomat sarakkeet ohitettu: {', '.join(r.ignored_columns)}")
        read = sum(r.rows_read for r in self.reports)
        kept = sum(r.rows_kept for r in self.reports)
        stored = sum(r.rows_already_stored for r in self.reports)
        lines.append(f"Yhteensä luettu {read} = hyväksytty {kept} + hylätty {read - kept - stored} "
                     f"+ jo tallennettu {stored} riviä.")
        if len(self.rejected):
            counts = self.rejected.groupby(["level", "reason"]).size()
            lines.append("Hylätyt (katso processed/rejected.csv):")
            lines += [f"  {level:4} {reason:16} {n}" for (level, reason), n in counts.items()]
        frame = self.responses
        if self.rescored_from is not None:
            lines.append(f"Koko aineisto pisteytettiin uudelleen: enintään {self.max_missing} puuttuvaa "
                         f"osallisuusväittämää (aiemmin {self.rescored_from}).")
        lines.append(
            f"Aineistossa {len(frame)} lomaketta, osallisuuspistemäärä laskettu {frame['esis_score'].notna().sum()}:lle "
            f"(enintään {self.max_missing} puuttuvaa väittämää)."
        )
        for reason, n in frame["esis_excluded"].value_counts().items():
            lines.append(f"  ei pisteitä, {esis.EXCLUDED_REASONS[reason][0]}: {n}")
        return "\n".join(lines + self.notes)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest(
    paths: Iterable[str | Path],
    data_dir: str | Path = "data",
    esis_max_missing: int | None = None,
    today: date | None = None,
    defaults: dict[str, str] | None = None,
    key_file: str | Path | None = None,
) -> IngestResult:
    """Read, clean, pseudonymise and score ``paths``, and merge them into the store.

    * a file already stored with the same content changes nothing;
    * a file with the name of a stored one replaces that file's rows (a corrected version);
    * a row already in the store or in this batch (an overlapping re-export) is not added again
      when there is evidence that it is the same answer: the same respondent code, or the same
      response id or time of answering written by the survey tool, and the same answers. It is
      counted as "already stored" and listed in ``rejected.csv`` (reason ``already_stored``).
      Identical answers without such evidence are different people and are all kept;
    * the same respondent twice in one round: the later answer is kept, the earlier rejected;
    * ``esis_max_missing`` (default: the rule the store was scored with, else 0) applies to
      the whole store: when it differs from the recorded rule, every row is scored again, even
      if no file changed, and ``processed/scoring.json`` records the new rule.

    ``defaults`` (``--organization``, ``--unit``, ``--round``) fill those columns in files that
    lack them; a file's own column is never overridden (the summary says so).

    ``key_file``: the pseudonym key (default: ``OSALLISUUS_KEY`` or the per-user place,
    :mod:`osallisuus.intake.key`); a missing, empty, short or different key stops ingest first.

    If any file cannot be used at all, :class:`IngestError` lists every such file and nothing
    is written.

    >>> import tempfile, osallisuus as osa
    >>> folder = tempfile.mkdtemp()
    >>> result = osa.ingest(osa.write_demo(folder), folder)
    >>> read = sum(r.rows_read for r in result.reports)  # every row read is kept or rejected
    >>> read == len(result.responses) + sum(r.rows_rejected for r in result.reports)
    True
    >>> again = osa.ingest(osa.write_demo(folder), folder)  # new copies of the same exports
    >>> len(again.responses) == len(result.responses)  # their rows are replaced, never doubled
    True
    """
    store = Store(data_dir)
    with store.transaction():  # one writer at a time, from before the store is read until the commit
        legacy = store.is_legacy()
        before_rounds = store.responses_path.exists() and "rounds" not in store.read_scoring()
        result = _ingest(store, paths, esis_max_missing, today, defaults, key_file)
    if legacy:
        result.notes.append(MIGRATED)
    if before_rounds:
        result.notes.append(ROUNDS_MIGRATED)
    return result


def _ingest(store: Store, paths: Iterable[str | Path], esis_max_missing: int | None, today: date | None,
            defaults: dict[str, str] | None, key_file: str | Path | None) -> IngestResult:
    """:func:`ingest` under the store's writer lock."""
    recorded = store.scored_with()
    rule = esis_max_missing if esis_max_missing is not None else recorded
    rule = check("max_missing", esis.DEFAULT_MAX_MISSING if rule is None else rule, "--max-missing")
    key = key_for_ingest(store.root, key_file)  # checked before anything is read or written
    own = store.root / USER_CODEBOOKS
    try:
        books = load_codebooks(extra=own)
    except CodebookError as exc:
        raise IngestError([InputError(own, f"oma koodikirja on virheellinen: {exc}", f"an own codebook is invalid: {exc}",
                                      "Korjaa tiedosto (muoto kuin src/osallisuus/codebooks/background/fi.yaml).",
                                      "Fix the file (same format as the shipped codebooks).")]) from None
    round_given = (defaults or {}).get("round")
    if round_given and normalize(round_given) not in books.values["round"]:
        raise IngestError([InputError(None, f"mittauskertaa '{round_given}' ei tunneta.", f"unknown round {round_given!r}.",
                                      f"Käytä --round alku, väli, loppu, seuranta_6kk, vuosimittaus tms., tai lisää "
                                      f"sana koodikirjaan {own}/omat.yaml (instrument: rounds, language: fi, rounds: "
                                      f"loppu: ['{round_given}']).",
                                      f"Use --round alku, väli, loppu, seuranta_6kk, vuosimittaus etc., or add the word "
                                      f"to a codebook in {own} (instrument: rounds).")])
    stored = store.read_sources()
    version = codebook_version(extra=own)
    # a file stored with the same content is not read again, unless the codebooks or the way
    # respondent codes are compared changed since
    scoring = store.read_scoring()
    same_rules = scoring.get("codebooks") == version and scoring.get("respondent_codes") == RESPONDENT_RULE
    known = dict(zip(stored["file"], stored["sha256"])) if same_rules else {}
    cleaned, digests, saved, unchanged, errors = [], {}, {}, [], []
    for path in map(Path, paths):
        try:
            def read(path=path):
                return read_tables(path, books)  # says clearly when the file is missing or not a table

            def clean(read):
                tables, skipped_sheets = read
                return clean_file(tables, skipped_sheets, books, partial(pseudonymize, key=key.secret), today, defaults)

            if path.name in known:
                digest = file_digest(path) if path.is_file() else ""
                if digest and known[path.name] == digest:  # stored already: no need to read it
                    unchanged.append(path.name)
                    continue
                result = clean(read())
            else:  # a file not stored under this name: cleaned while its digest is computed
                result, digest = _with_digest(path, read, clean)
            cleaned.append(result)
            digests[path.name] = digest
            saved[path.name] = path.stat().st_mtime
        except InputError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(InputError(path, f"tiedostoa ei voi lukea ({exc}).", f"cannot read the file ({exc}).",
                                     "Tarkista tiedoston oikeudet.", "Check the file's permissions."))
    names = [c.report.file for c in cleaned] + unchanged
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(InputError(name, "kaksi eri tiedostoa samalla nimellä.", "two files share this name.",
                                 "Nimeä toinen tiedosto uudelleen.", "Rename one of them."))
    if errors:
        raise IngestError(errors)
    if not names:
        raise IngestError([InputError(store.raw, "ei luettavia tiedostoja.", "no files to ingest.",
                                      f"Kopioi kyselyn viennit kansioon {store.raw} tai anna tiedostot komennolle.",
                                      "Put exports in DIR/raw or name them on the command line.")])
    key.save()  # a new store's key and its record, now that the files are usable
    if not cleaned:
        responses = store.read_responses(max_missing=rule)
        entries = [{"file": n, "sha256": known[n], "action": "unchanged"} for n in unchanged]
        changelog = _changelog(store, entries, responses, responses)
        if rule == recorded and "rounds" in scoring:
            store.write_changelog(changelog)
        else:
            store.write(responses, store.read_rejected(), store.read_sources(), changelog, _scoring(rule, version))
        return IngestResult([], responses, pd.DataFrame(columns=REJECTED_COLUMNS), unchanged, rule,
                            None if rule == recorded else recorded)
    result = _merge(store, cleaned, digests, saved, unchanged, rule, recorded, version, books.rounds)
    earlier = sorted(set(stored["file"]) - set(names)) if not same_rules else []
    if earlier:
        result.notes.append(
            f"Koodikirjat tai vastaajatunnusten vertailusääntö ({RESPONDENT_RULE}) ovat muuttuneet: nämä tallennetut "
            f"tiedostot on luettu aiemmilla säännöillä: {', '.join(earlier)}. Aja 'osallisuus ingest' kaikille "
            "DIR/raw-tiedostoille, jotta ne luetaan samoin ja vastaajat yhdistyvät mittauskerroilta.\n(The codebooks "
            "or the respondent-code rule changed; ingest every file of DIR/raw again so that all are read alike.)")
    return result


def _with_digest(path: Path, read: Callable[[], tuple], clean: Callable[[tuple], Cleaned]) -> tuple[Cleaned, str]:
    """``clean(read())`` of a file and the file's digest ("" if it is not a file), the digest
    computed in a thread while the tables read are cleaned (hashlib hashes outside the interpreter
    lock): the cleaning runs on one core, while Arrow's parse of a CSV file keeps every core busy
    itself. An error computing the digest is raised first, as when the digest was computed before
    the file was read."""
    if not path.is_file():
        return clean(read()), ""
    try:
        tables = read()
    except Exception:
        file_digest(path)  # its error, if any, first
        raise
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(file_digest, path)
        try:
            result = clean(tables)
        except BaseException:
            hashing.result()
            raise
        return result, hashing.result()


def _scoring(max_missing: int, codebooks: str) -> dict:
    """What ``processed/scoring.json`` records: the ESIS rule, the codebooks' fingerprint and
    how respondent codes are compared."""
    return {"esis_max_missing": max_missing, "codebooks": codebooks, "respondent_codes": RESPONDENT_RULE,
            "rounds": list(ROUNDS)}


#: Said once, when a store made before the round codebook is written again.
ROUNDS_MIGRATED = ("Mittauskerrat luetaan nyt mittauskertojen koodikirjasta (codebooks/rounds): alku, väli ja loppu "
                   "ovat sen kolme ensimmäistä kertaa, ja niiden jälkeen tulevat 4.–6. mittaus, 6 ja 12 kk seuranta ja "
                   "pitkäaikaisten vuosimittaus. Tallennetut vastaukset ja niistä lasketut luvut pysyvät ennallaan; "
                   "jokaiselle vastaukselle lasketaan lisäksi kuukaudet vastaajan ensimmäisestä vastauksesta.\n"
                   "(Rounds now come from the round codebook: alku, väli and loppu are its first three, followed by "
                   "further measurements, follow-ups and the yearly measurement. Stored answers and their numbers are "
                   "unchanged; each answer also carries the months since the person's first answer.)")


def _merge(store: Store, cleaned: list, digests: dict[str, str], saved: dict[str, float], unchanged: list[str],
           esis_max_missing: int, recorded: int | None, version: str, rounds: list[str]) -> IngestResult:
    """Merge the cleaned files into the store and write it. ``rounds``: the rounds in order, from
    the codebooks this ingest read (:meth:`Store.round_order` would read them again)."""
    columns = list(CANONICAL_COLUMNS + SOURCE_COLUMNS + (SOURCE_SHEET, RESPONSE_ID))
    batch = [c.report.file for c in cleaned]
    new = pd.concat([c.frame for c in cleaned], ignore_index=True)[columns]
    new_rejected = pd.concat([c.rejected for c in cleaned], ignore_index=True)[REJECTED_COLUMNS]
    before = store.read_responses() if store.responses_path.exists() else new.iloc[:0]
    old = (before.loc[~before["source_file"].isin(batch)].reindex(columns=columns)  # stores before response_id
           .assign(round=lambda f: f["round"].astype("string"), response_id=lambda f: f[RESPONSE_ID].astype("string"),
                   source_sheet=lambda f: f[SOURCE_SHEET].astype("string").fillna("")))
    old_rejected = store.read_rejected()
    old_rejected = old_rejected[~old_rejected["file"].isin(batch)] if len(old_rejected) else new_rejected.iloc[:0]

    person = _person_numbers(old, new, cleaned)
    repeated, stored_copies = _already_stored(old, new, person)
    lookalike = ~repeated & (stored_copies["source_file"] != new["source_file"]).to_numpy()
    for c in cleaned:
        c.report.rows_like_stored = int((new.loc[lookalike, "source_file"] == c.report.file).sum())
    added = new.loc[~repeated] if repeated.any() else new
    # the files' save times: each file's rows are one block of `new`, in the order of `cleaned`
    saved_at = np.repeat(np.array([saved[c.report.file] for c in cleaned], dtype=float), [len(c.frame) for c in cleaned])
    saved_at = saved_at[~repeated] if repeated.any() else saved_at
    responses = pd.concat([old.assign(**{RUN: 0, SAVED: 0.0}), added.assign(**{RUN: 1, SAVED: saved_at})],
                          ignore_index=True)
    person = np.concatenate([person[:len(old)], person[len(old):][~repeated]]) if repeated.any() else person
    responses, superseded, gone = _one_answer_per_round(responses, person)
    person = np.delete(person, gone) if len(gone) else person  # the rows kept, for their months since first
    responses = responses.drop(columns=[RUN, SAVED])
    rejected = pd.concat([old_rejected, new_rejected, _repeated_rows(new.loc[repeated], stored_copies.loc[repeated]),
                          superseded], ignore_index=True)[REJECTED_COLUMNS]
    responses = score_all(unify_spelling(responses), esis_max_missing)

    reads = {c.report.file: c.report.rows_read for c in cleaned}
    sources = _sources(store.read_sources(), responses, rejected, reads, digests)
    for c in cleaned:  # the accounting as it stands after merging
        row = sources.loc[sources["file"] == c.report.file].iloc[0]
        c.report.rows_kept, c.report.rows_rejected = int(row["rows_kept"]), int(row["rows_rejected"])
        c.report.rows_already_stored = int(row["rows_already_stored"])
    entries = [{"file": n, "sha256": digests[n], "action": "replaced" if n in set(before["source_file"]) else "added"}
               for n in batch] + [{"file": n, "sha256": "", "action": "unchanged"} for n in unchanged]
    changelog, order = _changelog(store, entries, before, responses), rounds
    # the table returned (its round order and months since first, from the same rows) is made
    # while the store is written: Arrow writes the Parquet file without holding the interpreter
    with ThreadPoolExecutor(max_workers=1) as pool:
        ordering = pool.submit(with_round_order, responses, order, person)
        store.write(responses, rejected, sources, changelog, _scoring(esis_max_missing, version))
        ordered = ordering.result()
    mine = rejected[rejected["file"].isin(batch)]
    rescored = recorded if recorded is not None and recorded != esis_max_missing else None
    return IngestResult([c.report for c in cleaned], ordered, mine.reset_index(drop=True), unchanged,
                        esis_max_missing, rescored)


def _person_numbers(old: pd.DataFrame, new: pd.DataFrame, cleaned: list) -> np.ndarray:
    """Each respondent code's number (equal codes, equal numbers; -1: none) in the store's rows
    then the new ones: the cleaner's numbers of one file's pseudonyms when nothing is stored and no
    pseudonym is there twice (a million rows' codes not hashed again), else ``pd.factorize``."""
    if not len(old) and len(cleaned) == 1 and cleaned[0].respondents is not None:
        import pyarrow.compute as pc

        numbers, pseudonyms = cleaned[0].respondents()
        if len(pc.unique(pseudonyms)) == len(pseudonyms):
            return numbers
    return pd.factorize(pd.concat([old["respondent"], new["respondent"]], ignore_index=True))[0]


#: Values that tell most answers apart, compared before all of them (see :func:`_already_stored`).
FIRST_COMPARED = ("respondent", RESPONSE_ID, "round", "date")


def _row_keys(frame: pd.DataFrame) -> np.ndarray:
    """A hash of every canonical value of a row and its response id (file and row excluded)."""
    if frame.empty:
        return np.zeros(0, dtype=np.uint64)
    return pd.util.hash_pandas_object(frame[list(CANONICAL_COLUMNS + (RESPONSE_ID,))], index=False).to_numpy()


def _already_stored(old: pd.DataFrame, new: pd.DataFrame,
                    person: np.ndarray | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Which new rows repeat a stored row or an earlier row of this batch, and the file and row
    of the first copy of every new row (its own when it is the first). ``person``: the
    respondent codes of ``old`` then ``new`` as numbers (``pd.factorize``), when already known.

    Only rows with evidence of identity (a respondent code or a response id) can repeat: two
    anonymous people may well give the same answers.
    """
    place = ["source_file", SOURCE_SHEET, "source_row"]
    places = pd.concat([old[place], new[place]], ignore_index=True)
    at = np.arange(len(old) + len(new))  # the first copy of each row: itself, or a row before it
    # only rows that share a few values with another row can share them all: the others are
    # their own first copies, and only the rest are compared on every value
    def numbers(column: str):
        if column == "respondent" and person is not None:
            return person

        def of(rows: np.ndarray | None) -> np.ndarray:
            return _numbers_of(pd.concat([old[column], new[column]], ignore_index=True), rows)
        return of

    rows = np.flatnonzero(_duplicated([numbers(c) for c in FIRST_COMPARED], len(old) + len(new)))
    if len(rows):
        stored = rows[rows < len(old)]
        keys = np.concatenate([_row_keys(old.iloc[stored]), _row_keys(new.iloc[rows[len(stored):] - len(old)])])
        codes = pd.factorize(keys)[0]  # numbered in order of first appearance
        first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)  # each number's first row
        at[rows] = rows[first[codes]]
    at = at[len(old):]
    same_place = at == np.arange(len(old), len(old) + len(new))
    # every new row its own first copy (the usual batch): their places as they are, not taken
    copies = (places.iloc[len(old):] if same_place.all() else places.take(at)).reset_index(drop=True)
    elsewhere = np.flatnonzero(~same_place)  # compared by their place, as a row itself is
    same_place[elsewhere] = (copies.iloc[elsewhere].reset_index(drop=True)
                             == new[place].iloc[elsewhere].reset_index(drop=True)).all(axis=1).to_numpy()
    evidence = (new["respondent"].notna() | new[RESPONSE_ID].notna()).to_numpy()
    return evidence & ~same_place, copies


def _repeated_rows(rows: pd.DataFrame, copies: pd.DataFrame) -> pd.DataFrame:
    """Rejections (reason ``already_stored``) of rows that repeat a stored answer, naming it."""
    fi, en = REASONS["already_stored"]
    where = [(f"{f}{_sheet(s)} rivi {r}", f"{f}{_sheet(s)} row {r}")
             for f, s, r in zip(*_values(copies, ["source_file", SOURCE_SHEET, "source_row"]))]
    return pd.DataFrame({
        "file": rows["source_file"].to_numpy(dtype=object), "sheet": rows[SOURCE_SHEET].to_numpy(dtype=object),
        "row": rows["source_row"].to_numpy(),
        "column": "", "value": "", "level": "row", "reason": "already_stored",
        "reason_fi": [fi.format(column=w[0]) for w in where], "reason_en": [en.format(column=w[1]) for w in where],
    })


def _values(frame: pd.DataFrame, columns: list[str]) -> list[np.ndarray]:
    """The columns' values as Python objects, the ones iterating each column gives (a text
    column's Arrow values one by one cost a conversion each)."""
    return [frame[c].to_numpy(dtype=object) for c in columns]


def _sheet(name: str) -> str:
    return f" / {name}" if name else ""


#: Ordering evidence while merging: rows of this run come after stored ones (0 stored, 1 now);
#: among this run's files, the one saved later (its modification time) is the later.
RUN, SAVED = "_run", "_saved"
#: Rows that are one answer by evidence: the same respondent in a unit and round (a yearly round:
#: and year, :func:`~osallisuus.schema.round_slot`); an anonymous answer with the same response id
#: and time of answering (a corrected re-export).
SLOT = "_slot"
ONE_ANSWER = (("respondent", ["organization", "unit", "respondent", SLOT], "repeated_round"),
              (RESPONSE_ID, ["organization", "unit", SLOT, RESPONSE_ID], "corrected"))


def _one_answer_per_round(frame: pd.DataFrame,
                          person: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Keep the latest of the rows that are one answer by evidence (see :data:`ONE_ANSWER`);
    reject the earlier ones. Later means: a later day of answering, then a later ingest run, then
    the file saved later; never the file's name. ``person``: the respondent codes as numbers
    (equal codes, equal numbers; -1: none), when already known. Also the positions of the rows
    dropped."""
    rejected, drop = [], []
    for evidence, keys, reason in ONE_ANSWER:
        mask = frame[evidence].notna() & (frame["respondent"].isna() if evidence == RESPONSE_ID else True)
        columns = [k for k in keys if k != SLOT] + ["round", "date"]  # what the keys and the slot are read from
        chosen = mask.to_numpy()
        if not chosen.any():  # no row has this evidence
            continue
        rows = frame[columns] if chosen.all() else frame.loc[chosen, columns]  # every row has a code: no copy
        twins = _twins(rows, keys, None if person is None else person[chosen])  # only rows with a twin, on the keys alone
        if not twins.any():  # every answer is the only one of its person and round: nothing to take or sort
            continue
        candidates = frame.iloc[np.flatnonzero(chosen)[twins]]
        candidates = candidates.assign(**{SLOT: round_slot(candidates)})
        ordered = candidates.sort_values(["date", RUN, SAVED, SOURCE_SHEET, "source_row"], na_position="first",
                                         kind="stable")
        earlier = ordered[ordered.duplicated(keys, keep="last")]
        if earlier.empty:
            continue
        later = ordered.drop_duplicates(keys, keep="last").set_index(keys)
        kept = later.loc[pd.MultiIndex.from_frame(earlier[keys])]
        fi, en = REASONS[reason]
        text = [(fi.format(value=r, column=f"{f}{_sheet(s)} rivi {row}"),
                 en.format(value=r, column=f"{f}{_sheet(s)} row {row}"))
                for r, f, s, row in zip(*_values(earlier, ["round"]),
                                        *_values(kept, ["source_file", SOURCE_SHEET, "source_row"]))]
        rejected.append(pd.DataFrame({
            "file": earlier["source_file"].to_numpy(), "sheet": earlier[SOURCE_SHEET].to_numpy(dtype=object),
            "row": earlier["source_row"].to_numpy(),
            "column": "round" if reason == "repeated_round" else RESPONSE_ID,
            "value": earlier["round"].astype(str).to_numpy(), "level": "row",
            "reason": reason, "reason_fi": [t[0] for t in text], "reason_en": [t[1] for t in text],
        }))
        drop.append(earlier.index)
    if not rejected:
        return frame, pd.DataFrame(columns=REJECTED_COLUMNS), np.zeros(0, dtype=np.intp)
    gone = drop[0].append(drop[1:]) if len(drop) > 1 else drop[0]
    return (frame.drop(index=gone).reset_index(drop=True), pd.concat(rejected, ignore_index=True),
            frame.index.get_indexer(gone))


def _twins(rows: pd.DataFrame, keys: list[str], person: np.ndarray | None = None) -> np.ndarray:
    """Which of ``rows`` share their ``keys`` with another row (:data:`SLOT`: the round's slot,
    :func:`~osallisuus.schema.round_slot`): ``rows.assign(_slot=round_slot(rows)).duplicated(keys,
    keep=False)``, from each column's value numbers (missing: one number of its own, as
    ``duplicated`` groups them); the slots' texts are made only when a yearly round has a year.
    The person (or the response id) is compared first, then the slot: the other columns are
    numbered only for rows that share those with another row (:func:`_duplicated`)."""
    def numbers(key: str):
        if key == "respondent" and person is not None:
            return person

        def of(at: np.ndarray | None) -> np.ndarray:
            if key != SLOT:
                return _numbers_of(rows[key], at)
            whole = at is None or 2 * len(at) > len(rows)  # the slots of every row, then of those asked for
            part = rows[["round", "date"]] if whole else rows[["round", "date"]].iloc[at]
            yearly = part["round"].isin(YEARLY_ROUNDS).to_numpy(dtype=bool, na_value=False)
            slots = round_slot(part) if yearly.any() else part["round"]
            return _numbers_of(slots, at) if whole else pd.factorize(slots)[0]
        return of

    first = {"respondent": 0, RESPONSE_ID: 0, SLOT: 1}  # the most telling first
    return _duplicated([numbers(k) for k in sorted(keys, key=lambda k: first.get(k, 2))], len(rows))


def _numbers_of(column: pd.Series, rows: np.ndarray | None) -> np.ndarray:
    """``pd.factorize`` numbers (-1: missing) of ``column``'s values at ``rows`` (positions; None:
    all): of the whole column, then those rows, when most rows are asked for (the column is not
    taken), else of those rows alone."""
    if rows is None:
        return pd.factorize(column)[0]
    if 2 * len(rows) > len(column):
        return pd.factorize(column)[0][rows]
    return pd.factorize(column.iloc[rows])[0]


def _duplicated(columns: list, n: int) -> np.ndarray:
    """Which of ``n`` rows share every column's value with another row: ``duplicated(keep=False)``
    of the columns. A column is its values' numbers per row (-1, missing, is a number as any
    other, as ``duplicated`` groups missing values), or a function giving the numbers of some rows
    (their positions; None: all rows) in a numbering of its own. The columns are compared in
    order, each only on the rows that still share every earlier column with another row: a row
    alone in its combination so far has no twin, and a later column is numbered only when some
    rows are left, and for those rows alone. Rows are counted per combination with
    ``np.bincount`` (the combinations numbered again by ``pd.factorize`` when they outgrow it)."""
    rows: np.ndarray | None = None  # the rows still in question (None: all)
    key = np.zeros(n, dtype=np.int64)  # the rows' combination of the columns so far, 0 <= key < size
    size = 1
    for column in columns:
        codes = column(rows) if callable(column) else (column if rows is None else column[rows])
        codes = np.asarray(codes, dtype=np.int64) + 1  # 0: missing
        width = int(codes.max()) + 1 if len(codes) else 1
        key = key * width + codes
        size *= width
        if size > max(4 * len(key), 1 << 16):  # numbered again: a count per combination stays small
            key = pd.factorize(key)[0].astype(np.int64, copy=False)
            size = int(key.max()) + 1 if len(key) else 1
        shared = np.bincount(key, minlength=size)[key] > 1
        if shared.all():  # every row still shares the columns so far: none left out, nothing taken
            continue
        rows = np.flatnonzero(shared) if rows is None else rows[shared]
        key = key[shared]
        if not len(rows):
            break
    out = np.zeros(n, dtype=bool)
    out[slice(None) if rows is None else rows] = True
    return out


def _sources(previous: pd.DataFrame, responses: pd.DataFrame, rejected: pd.DataFrame,
             reads: dict[str, int], digests: dict[str, str]) -> pd.DataFrame:
    """One row per stored file, its accounting recomputed from the final tables."""
    table = previous.set_index("file") if len(previous) else pd.DataFrame(columns=SOURCE_FIELDS[1:])
    now = datetime.now().isoformat(timespec="seconds")
    for name, read in reads.items():
        table.loc[name, ["sha256", "ingested_at", "rows_read"]] = [digests[name], now, read]
    by_file = responses.groupby("source_file")  # the files' rows found once, for the counts and the dates
    kept = by_file.size()
    dropped = rejected[(rejected["level"] == "row") & (rejected["reason"] != "already_stored")].groupby("file").size()
    dates = by_file["date"].agg(["min", "max"])
    table["rows_kept"] = kept.reindex(table.index, fill_value=0).astype(int)
    table["rows_rejected"] = dropped.reindex(table.index, fill_value=0).astype(int)
    table["rows_already_stored"] = table["rows_read"].astype(int) - table["rows_kept"] - table["rows_rejected"]
    table["date_min"] = dates["min"].reindex(table.index).dt.strftime("%Y-%m-%d")
    table["date_max"] = dates["max"].reindex(table.index).dt.strftime("%Y-%m-%d")
    return table.rename_axis("file").reset_index()[SOURCE_FIELDS]


def _changelog(store: Store, entries: list[dict], before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    now = datetime.now().isoformat(timespec="seconds")
    counts_before, counts_after = before["source_file"].value_counts(), after["source_file"].value_counts()
    rows = [{**e, "time": now, "rows_kept_before": int(counts_before.get(e["file"], 0)),
             "rows_kept_after": int(counts_after.get(e["file"], 0))} for e in entries]
    return pd.concat([store.read_changelog(), pd.DataFrame(rows)], ignore_index=True)


def unify_spelling(frame: pd.DataFrame, columns: tuple[str, ...] = ("organization", "unit", "service")) -> pd.DataFrame:
    """Write names that differ only in case or spacing one way: the most common spelling."""
    out = frame.copy(deep=False)  # the columns respelled are replaced, never written into
    string = pd.array([], dtype="string").dtype
    for col in columns:
        as_is = _spelled_one_way(out[col].array) if out[col].dtype == string else None
        if as_is is not None:  # the usual column: no name spelled two ways
            if as_is is not out[col].array:
                out[col] = as_is
            continue
        codes, uniques = pd.factorize(out[col], use_na_sentinel=True)
        if len(uniques) == 0:
            continue
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        keys = [normalize(u) for u in uniques]
        best: dict[str, tuple[int, str]] = {}
        for key, value, count in zip(keys, uniques, counts):
            if key not in best or count > best[key][0]:
                best[key] = (count, value)
        spelled = pd.array([best[k][1] for k in keys] + [None], dtype="string")  # [-1]: missing
        out[col] = spelled.take(np.where(codes < 0, len(spelled) - 1, codes))  # one name per distinct value
    return out


def _spelled_one_way(column: pd.api.extensions.ExtensionArray) -> pd.api.extensions.ExtensionArray | None:
    """A text column (Arrow-backed ``string``) as :func:`unify_spelling` writes it when no two of
    its spellings are one name (its values unchanged, as one Arrow ``large_string`` chunk), found
    from its distinct values without numbering or taking its rows; None when some spellings are
    to be unified."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = column.__arrow_array__()
    if not isinstance(arrow, pa.ChunkedArray):
        return None
    keys = [normalize(u) for u in pc.unique(arrow).drop_null().to_pylist()]
    if len(set(keys)) < len(keys):
        return None
    if not keys or arrow.type == pa.large_string() and arrow.num_chunks == 1:  # no names, or written so already
        return column
    return pd.arrays.ArrowStringArray(pa.chunked_array([arrow.cast(pa.large_string()).combine_chunks()]))
