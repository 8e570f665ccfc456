"""The processed store in ``DIR/processed``:

* ``responses.parquet``: canonical rows with scores, each with its source file and row;
* ``rejected.csv``: every unusable row or cell, with reasons;
* ``sources.csv``: one row per ingested file (content hash, row accounting, date range);
* ``changelog.csv``: what each ingest did (added, replaced, unchanged);
* ``scoring.json``: how the stored scores were computed (``esis_max_missing`` and the
  codebook version), so that every reader either uses those scores or re-scores and says so.

The CSV files are meant to be opened in a spreadsheet: their text cannot run as a formula
(:func:`osallisuus.spreadsheet.neutralise`), and is restored exactly when read back here.

Rows are keyed by their source file: ingesting a file again replaces the rows that came from
its earlier version.

**One ingest is one transaction.** The five files of a version live together in a generation
folder ``processed/gen-NNNNNN/``; the small pointer file ``processed/CURRENT`` names the
committed one (with the SHA-256 of each file). A writer

1. takes the writer lock ``DIR/.osallisuus.lock`` (``fcntl.flock``; the file records pid, user,
   host and start time) before it reads anything, and holds it until the end: a second
   writer is refused with a message naming the first (:class:`StoreBusy`);
2. writes a complete new generation as ``gen-NNNNNN.partial/`` (files fsynced), renames it,
   then replaces ``CURRENT`` atomically (``os.replace``): that one rename is the commit;
3. publishes the committed files at the paths people know (``processed/responses.parquet``
   etc., hard links, or copies where the folder cannot link), and deletes generations older
   than the previous one and whatever a killed writer left behind.

Readers go through ``CURRENT``, so they see one whole version or the one before, never a mix.
A writer killed at any moment leaves the store as it was before (or, after step 2, as it is
after); the next writer cleans up under the lock. A store written before generations existed
(files directly in ``processed/``) is read as it is and moved into a generation by the next
ingest or by ``osallisuus migrate``. :func:`check` verifies a store and says how to repair it.
"""

from __future__ import annotations

import errno
import fcntl
import getpass
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..instruments import score_all
from ..schema import MONTHS, ROUNDS, months_since_first, own_rounds
from ..spreadsheet import neutralise, restored
from .codebook import USER_CODEBOOKS, CodebookError, load_codebooks

RESPONSES = "responses.parquet"
REJECTED = "rejected.csv"
SOURCES = "sources.csv"
CHANGELOG = "changelog.csv"
SCORING = "scoring.json"
STORE_FILES = (RESPONSES, REJECTED, SOURCES, CHANGELOG, SCORING)
POINTER = "CURRENT"
LOCK = ".osallisuus.lock"
PARTIAL = ".partial"
GENERATION = re.compile(r"^gen-(\d{6})$")
SOURCE_FIELDS = ["file", "sha256", "ingested_at", "rows_read", "rows_kept", "rows_rejected",
                 "rows_already_stored", "date_min", "date_max"]
CHANGELOG_FIELDS = ["time", "file", "sha256", "action", "rows_kept_before", "rows_kept_after"]
REJECTED_REQUIRED = ["file", "row", "level", "reason"]
#: Test hook: ``OSALLISUUS_TEST_CRASH_AT=<point>`` kills the writer (SIGKILL) at that point.
CRASH_HOOK = "OSALLISUUS_TEST_CRASH_AT"
CRASH_POINTS = ("locked", "written", "renamed", "committed", "published")
MIGRATED = ("Tallennus siirrettiin uuteen muotoon: versiot kansioissa processed/gen-NNNNNN, voimassa oleva nimetty "
            "tiedostossa processed/CURRENT; tutut tiedostot ovat yhä kansiossa processed/.\n(The store was migrated "
            "to generations; the files are still published at their usual paths in processed/.)")


def with_round_order(frame: pd.DataFrame, order: Sequence[str] = (), person: np.ndarray | None = None) -> pd.DataFrame:
    """``round`` as an ordered category in the order of :data:`~osallisuus.schema.ROUNDS`
    (alku < väli < loppu < ... < vuosimittaus, an organization's own rounds after them in
    ``order``, the codebooks' order (:meth:`Store.round_order`), or as the frame already orders
    them), and :data:`~osallisuus.schema.MONTHS`, the months since the person's first answer,
    when the frame does not carry it yet (it is computed over the whole store, never a selection of it;
    ``person``: the respondent codes as numbers, when known, see :func:`~osallisuus.schema.months_since_first`)."""
    ordered = frame["round"].cat.categories if getattr(frame["round"].dtype, "ordered", False) else []
    codes, present = pd.factorize(frame["round"])  # each distinct round once, not every answer
    own = own_rounds({str(r) for r in present}, [*order, *ordered])
    categories = pd.Index([*ROUNDS, *own])
    places = np.append(categories.get_indexer(present), -1)  # -1: a missing round
    out = frame.assign(round=pd.Categorical.from_codes(places[codes], categories=categories, ordered=True))
    return out if MONTHS in out or out.empty else out.assign(**{MONTHS: months_since_first(out, person)})


def load(data_dir: str | Path = "data") -> pd.DataFrame:
    """The processed store of ``data_dir`` as one table (canonical rows with scores).

    >>> import tempfile, osallisuus as osa
    >>> folder = tempfile.mkdtemp()
    >>> _ = osa.ingest(osa.write_demo(folder), folder)
    >>> frame = osa.load(folder)
    >>> len(frame) > 0, list(frame["round"].cat.categories)
    (True, ['alku', 'väli', 'loppu', 'mittaus_4', 'mittaus_5', 'mittaus_6', 'seuranta_6kk', 'seuranta_12kk', 'vuosimittaus'])
    """
    return Store(data_dir).read_responses()


class StoreBusy(InputError):
    """Another ingest holds the writer lock (exit code 2: wait and try again)."""


def damaged(path: Path, problem_fi: str, problem_en: str) -> InputError:
    """A store file that cannot be read: names it and points to ``osallisuus check``."""
    data = next((p.parent for p in path.parents if p.name == "processed"), path.parent)
    return InputError(path, f"tallennuksen tiedosto on vioittunut: {problem_fi}", f"a store file is damaged: {problem_en}",
                      f"Aja 'osallisuus check --data {data}': se kertoo, miten tallennuksen saa korjattua.",
                      f"Run 'osallisuus check --data {data}'; it says how to repair the store.")


def write_error(path: Path | str, exc: OSError) -> InputError:
    """An error writing the store (read-only folder, full disk, ...) as advice; the store is unchanged."""
    where = exc.filename or path
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InputError(where, "levy on täynnä, tallennus ei mahtunut.", "the disk is full.",
                          "Vapauta levytilaa ja aja komento uudelleen; tallennettu aineisto on ennallaan.",
                          "Free some disk space and run the command again; the stored data is unchanged.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return InputError(where, "kansioon ei voi kirjoittaa (vain luku tai ei oikeuksia).",
                          "the folder cannot be written (read-only or no permission).",
                          "Tarkista kansion oikeudet tai anna toinen --data-kansio; tallennettu aineisto on ennallaan.",
                          "Check the folder's permissions or give another --data folder; the stored data is unchanged.")
    return InputError(where, f"tallennus epäonnistui ({exc.strerror or exc}).", f"writing the store failed ({exc}).",
                      "Korjaa syy ja aja komento uudelleen; tallennettu aineisto on ennallaan.",
                      "Fix the cause and run the command again; the stored data is unchanged.")


class Store:
    """One data directory (``--data DIR``): its raw exports and its processed store."""

    def __init__(self, data_dir: str | Path = "data", generation: str = ""):
        self.root = Path(data_dir)
        self.generation = generation  # read this generation instead of the committed one
        self.raw = self.root / "raw"
        self.processed = self.root / "processed"
        self.pointer_path = self.processed / POINTER
        self.lock_path = self.root / LOCK  # beside processed/: a refused or failed run writes nothing there
        self._locked = False

    # --- where the committed version is ---
    def manifest(self) -> dict:
        """``CURRENT``: the committed generation, the previous one and each file's SHA-256 ({} if none)."""
        try:
            text = self.pointer_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise damaged(self.pointer_path, f"ei voi lukea ({exc.strerror}).", f"cannot be read ({exc.strerror}).") from exc
        try:
            manifest = json.loads(text)
            if not GENERATION.match(manifest["generation"]):
                raise ValueError(manifest["generation"])
        except (ValueError, KeyError, TypeError) as exc:
            raise damaged(self.pointer_path, "osoitintiedosto on rikki.", "the pointer file is broken.") from exc
        return manifest

    @property
    def current(self) -> Path:
        """The folder of the committed files: a generation, or ``processed/`` itself in an old store."""
        if self.generation:
            return self.processed / self.generation
        manifest = self.manifest()
        return self.processed / manifest["generation"] if manifest else self.processed

    def is_legacy(self) -> bool:
        """A store written before generations: files directly in ``processed/``, no ``CURRENT``."""
        return not self.pointer_path.exists() and any((self.processed / f).exists() for f in STORE_FILES)

    @property
    def responses_path(self) -> Path:
        return self.current / RESPONSES

    @property
    def rejected_path(self) -> Path:
        return self.current / REJECTED

    @property
    def sources_path(self) -> Path:
        return self.current / SOURCES

    @property
    def changelog_path(self) -> Path:
        return self.current / CHANGELOG

    @property
    def scoring_path(self) -> Path:
        return self.current / SCORING

    def raw_files(self) -> list[Path]:
        """Export files under ``raw/`` (hidden files and READMEs are skipped)."""
        if not self.raw.is_dir():
            return []
        return sorted(
            p for p in self.raw.rglob("*")
            if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() != ".md"
        )

    # --- reading ---
    def read_responses(self, max_missing: int | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The canonical table, with ``round`` as an ordered category (alku < väli < loppu < ...)
        and the months since each person's first answer (:func:`with_round_order`).

        With ``max_missing`` the ESIS scores are those of that rule: the stored ones when the
        store was scored with it (see :meth:`scored_with`), else computed again here. With
        ``columns``, only those of the stored columns are read (in the stored order), and the
        ones the round order and the months are found from.
        """
        path = self.responses_path
        if not path.exists():
            if len(self.read_sources()):
                raise damaged(path, "tiedosto puuttuu, vaikka sources.csv luettelee tallennettuja tiedostoja.",
                              "the file is missing although sources.csv lists stored files.")
            raise InputError(path, "käsiteltyä aineistoa ei ole.", "there is no processed data.",
                             "Aja ensin 'osallisuus ingest' (tai 'make report').", "Run 'osallisuus ingest' first.")
        rescored = max_missing is not None and max_missing != self.scored_with()
        try:
            if columns is None or rescored:  # a new score reads every answer
                frame = pd.read_parquet(path)
            else:
                import pyarrow.parquet as pq

                read = {*columns, "organization", "unit", "respondent", "round", "date"}
                frame = pd.read_parquet(path, columns=[c for c in pq.read_schema(path).names if c in read])
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise damaged(path, f"Parquet-tiedostoa ei voi lukea ({exc}).", f"the Parquet file cannot be read ({exc}).") from exc
        if rescored:
            frame = rescore(frame, max_missing)
        return with_round_order(frame, self.round_order())

    def round_order(self) -> list[str]:
        """The rounds in order: the shipped ones, then the store's own in the order its
        codebooks (``DIR/codebooks``) add them; a broken own codebook (which ingest reports)
        leaves own rounds ordered by name."""
        try:
            return load_codebooks(extra=self.root / USER_CODEBOOKS).rounds
        except CodebookError:
            return list(ROUNDS)

    def read_scoring(self) -> dict:
        """How the stored scores were computed: ``esis_max_missing`` and ``codebooks`` version."""
        path = self.scoring_path
        if not path.exists():
            return {}
        try:
            scoring = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(scoring, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            raise damaged(path, f"JSON-tiedostoa ei voi lukea ({exc}).", f"the JSON file cannot be read ({exc}).") from exc
        return scoring

    def scored_with(self) -> int | None:
        """The ``max_missing`` rule of the stored ESIS scores (None: not recorded)."""
        return self.read_scoring().get("esis_max_missing")

    def version(self) -> str:
        """A short fingerprint of the processed data (changes whenever the store changes)."""
        recorded = self.manifest().get("files", {}).get(RESPONSES)
        return (recorded or _sha256(self.responses_path))[:10]

    def read_rejected(self) -> pd.DataFrame:
        path = self.rejected_path
        if not path.exists():
            return pd.DataFrame()
        return _read_csv(path, REJECTED_REQUIRED, {"value": str})

    def read_sources(self) -> pd.DataFrame:
        return _read_csv(self.sources_path, SOURCE_FIELDS, {"file": str, "sha256": str})

    def read_changelog(self) -> pd.DataFrame:
        return _read_csv(self.changelog_path, CHANGELOG_FIELDS, {"file": str, "sha256": str})

    # --- writing: one transaction under the writer lock ---
    @contextmanager
    def transaction(self, tidy: bool = True) -> Iterator[Store]:
        """Hold the writer lock (refusing with :class:`StoreBusy` when another writer has it),
        after removing what killed writers left behind (unless ``tidy`` is False: ``check``
        looks without changing anything). Every write happens inside."""
        with _writer_lock(self.lock_path):
            self._locked = True
            try:
                _crash_point("locked")
                if tidy:
                    self.clean_leftovers()
                    self.publish()  # a writer killed after its commit may not have published
                yield self
            finally:
                self._locked = False

    def write(self, responses: pd.DataFrame, rejected: pd.DataFrame, sources: pd.DataFrame,
              changelog: pd.DataFrame, scoring: dict) -> None:
        """Commit a new version of every file (one transaction)."""
        out = responses.assign(round=responses["round"].astype("string"))
        self._commit({
            RESPONSES: lambda p: write_responses(out, p),
            SCORING: lambda p: Path(p).write_text(json.dumps(scoring, indent=2), encoding="utf-8"),
            REJECTED: lambda p: neutralise(rejected).to_csv(p, index=False, encoding="utf-8"),
            SOURCES: lambda p: neutralise(sources[SOURCE_FIELDS]).to_csv(p, index=False, encoding="utf-8"),
            CHANGELOG: lambda p: _write_changelog(changelog, p),
        })

    def write_changelog(self, changelog: pd.DataFrame) -> None:
        """Commit a version in which only the change log changed (a run that changed no data)."""
        self._commit({CHANGELOG: lambda p: _write_changelog(changelog, p)})

    def migrate(self) -> bool:
        """Move an old store (files directly in ``processed/``) into a generation; False if nothing to do."""
        if not self.is_legacy():
            return False
        self._commit({})
        return True

    def restore(self, generation: str) -> None:
        """Commit an earlier generation again (when the committed one is damaged)."""
        self._commit({}, base=self.processed / generation)

    def _commit(self, writers: dict[str, Callable[[str], None]], base: Path | None = None) -> None:
        """Write a whole new generation (files not in ``writers`` are carried over from ``base``,
        default the committed version), then commit it by replacing ``CURRENT``; finally publish
        the files and delete old generations."""
        if not self._locked:
            raise RuntimeError("Store writes happen inside Store.transaction()")
        previous = "" if base else self.manifest().get("generation", "")
        old = base or self.current
        name = f"gen-{max(_generations(self.processed), default=0) + 1:06d}"
        partial, final = self.processed / (name + PARTIAL), self.processed / name
        committed = False
        try:
            self.processed.mkdir(parents=True, exist_ok=True)
            partial.mkdir()
            hashes = {}
            for file in STORE_FILES:
                target = partial / file
                if file in writers:
                    writers[file](str(target))
                elif (old / file).exists():
                    _link_or_copy(old / file, target)
                if target.exists():
                    _fsync(target)
                    hashes[file] = _sha256(target)
            _crash_point("written")
            os.rename(partial, final)
            _fsync(self.processed)
            _crash_point("renamed")
            pointer = {"generation": name, "previous": previous,
                       "committed_at": datetime.now().isoformat(timespec="seconds"), "files": hashes}
            staged = self.processed / (POINTER + ".tmp")
            staged.write_text(json.dumps(pointer, indent=1), encoding="utf-8")
            _fsync(staged)
            os.replace(staged, self.pointer_path)  # the commit
            committed = True
            _fsync(self.processed)
        except BaseException as exc:
            if not committed:
                shutil.rmtree(partial, ignore_errors=True)
                shutil.rmtree(final, ignore_errors=True)
                (self.processed / (POINTER + ".tmp")).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise write_error(self.processed, exc) from exc
            raise
        _crash_point("committed")
        self.publish()
        _crash_point("published")
        self.clean_leftovers()

    def publish(self) -> None:
        """Put the committed files at ``processed/<name>``, where people and older tools look for them."""
        current = self.current
        if current == self.processed:
            return
        for file in STORE_FILES:
            source, target = current / file, self.processed / file
            if not source.exists():
                target.unlink(missing_ok=True)
            elif not (target.exists() and os.path.samefile(source, target)):
                staged = self.processed / f".{file}.publish"
                staged.unlink(missing_ok=True)
                _link_or_copy(source, staged)
                os.replace(staged, target)

    def clean_leftovers(self) -> list[Path]:
        """Delete what killed writers left (partial generations, temporary files) and generations
        older than the previous one; return what was deleted. Only under the writer lock."""
        if not self._locked:
            raise RuntimeError("Store.clean_leftovers() happens inside Store.transaction()")
        manifest = self.manifest()
        keep = {manifest.get("generation"), manifest.get("previous")}
        gone = [p for p in sorted(self.processed.iterdir()) if _leftover(p, keep)] if self.processed.is_dir() else []
        for path in gone:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        return gone


def replace_together(writers: dict[Path, Callable[[str], None]]) -> None:
    """Write files outside the transaction (the theme codings' own files) under temporary names
    first, then move each into place: every file is whole, old or new."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, write in writers.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            os.close(fd)
            staged.append((tmp, path))
            write(tmp)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def _leftover(path: Path, keep: set) -> bool:
    """A partial or superseded generation, or a temporary file of a killed writer."""
    if path.is_dir():
        return path.name.endswith(PARTIAL) or bool(GENERATION.match(path.name)) and path.name not in keep
    temporary = [f".{f}." for f in STORE_FILES] + [POINTER + ".tmp"]  # .<file>.publish, and the old mkstemp names
    return path.name.startswith(tuple(temporary))


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    """The store's exclusive writer lock. ``flock`` is released by the kernel when its holder
    dies, so a lock left by a killed process never blocks anyone."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
    except OSError as exc:
        raise write_error(path.parent, exc) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(path, os.pread(fd, 4096, 0)) from None
        holder = {"pid": os.getpid(), "user": _user(), "host": socket.gethostname(),
                  "since": datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _busy(path: Path, recorded: bytes) -> StoreBusy:
    try:
        holder = json.loads(recorded.decode("utf-8"))
        since = datetime.fromisoformat(holder["since"])
        who_fi = (f"klo {since:%H.%M} ({since:%d.%m.%Y}) alkaen, käyttäjä {holder['user']} koneella {holder['host']} "
                  f"(pid {holder['pid']})")
        who_en = f"since {since:%H.%M} ({since:%d.%m.%Y}) by {holder['user']} on {holder['host']} (pid {holder['pid']})"
    except (ValueError, KeyError, TypeError):  # the holder has not written its name yet
        who_fi, who_en = "juuri alkanut", "just started"
    return StoreBusy(path, f"toinen tallennus (ingest) on käynnissä: {who_fi}.", f"another ingest is running {who_en}.",
                     "Odota, että se valmistuu, tai yritä hetken päästä uudelleen. Tästä ajosta ei tallennettu mitään.",
                     "Wait for it to finish or try again; nothing of this run was stored.")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        return str(os.getuid())


def _crash_point(point: str) -> None:
    """Kill this process at ``point`` when the test hook asks for it (fault tests)."""
    if os.environ.get(CRASH_HOOK) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def write_responses(frame: pd.DataFrame, path: str) -> None:
    """``frame.to_parquet(path, index=False)`` with cheaper encodings; every value, type and the
    pandas metadata read back the same. Integer columns (the answer codes 1-5, the row numbers)
    are delta-coded: a dictionary of the row numbers never fits, and one of a few codes costs
    more to build than the deltas do. Text columns keep their dictionaries but have no min/max
    statistics (the store is never read filtered on them). At 1 M rows the file is 21.0 -> 19.2
    MiB, writes in 0.51 -> 0.38 s and reads in 0.38 -> 0.29 s of CPU."""
    from pandas.api.types import is_integer_dtype, is_string_dtype

    columns = [str(c) for c in frame.columns]
    integers = [c for c in columns if is_integer_dtype(frame[c].dtype)]
    text = [c for c in columns if is_string_dtype(frame[c].dtype)]
    frame.to_parquet(path, index=False, use_dictionary=[c for c in columns if c not in integers],
                     column_encoding=dict.fromkeys(integers, "DELTA_BINARY_PACKED"),
                     write_statistics=[c for c in columns if c not in text])


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a folder without hard links (some network shares)
        shutil.copy2(source, target)


def _fsync(path: Path) -> None:
    """Flush a file or a folder entry to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_changelog(changelog: pd.DataFrame, path: str) -> None:
    neutralise(changelog[CHANGELOG_FIELDS]).to_csv(path, index=False, encoding="utf-8")


def rescore(frame: pd.DataFrame, max_missing: int) -> pd.DataFrame:
    """``frame`` with every score computed again, ESIS with ``max_missing``."""
    return score_all(frame, esis_max_missing=max_missing)


def _read_csv(path: Path, columns: list[str], dtypes: dict) -> pd.DataFrame:
    """A store CSV, restored from its spreadsheet-safe form; a damaged one raises with advice."""
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    try:
        frame = pd.read_csv(path, keep_default_na=False, dtype=dtypes)
    except (OSError, ValueError) as exc:  # ParserError and UnicodeDecodeError are ValueErrors
        raise damaged(path, f"CSV-tiedostoa ei voi lukea ({exc}).", f"the CSV file cannot be read ({exc}).") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise damaged(path, f"sarakkeita puuttuu: {', '.join(missing)}.", f"columns are missing: {', '.join(missing)}.")
    return restored(frame)


@dataclass
class Finding:
    """One problem :func:`verify` found: the file, what is wrong and how to repair it."""

    path: Path
    fi: str
    en: str
    fix_fi: str
    fix_en: str

    def message(self) -> str:
        return InputError(self.path, self.fi, self.en, self.fix_fi, self.fix_en).message()


def readable(store: Store, generation: str) -> bool:
    """Whether every file of ``generation`` can be read (responses present when sources list files)."""
    view = Store(store.root, generation)
    try:
        view.read_responses(), view.read_rejected(), view.read_changelog(), view.read_scoring()
    except InputError:
        return False
    return True


def intact_earlier(store: Store) -> str:
    """The newest generation, other than the committed one, that can be read ("" if none)."""
    try:
        committed = store.manifest().get("generation", "")
    except InputError:  # a broken pointer: any readable generation will do
        committed = ""
    for number in sorted(_generations(store.processed), reverse=True):
        name = f"gen-{number:06d}"
        if name != committed and readable(store, name):
            return name
    return ""


def _generations(folder: Path) -> list[int]:
    """The numbers of the complete generation folders in ``folder``."""
    if not folder.is_dir():
        return []
    return [int(m.group(1)) for p in folder.iterdir() if (m := GENERATION.match(p.name)) and p.is_dir()]


def verify(store: Store) -> list[Finding]:
    """Check the store: the pointer and each file readable and as committed, every row traced to a
    source, no orphans, the scores those of the recorded rule, the published copies current, no
    leftovers. Each finding says how to repair it."""
    if not store.processed.is_dir():
        return []
    try:
        manifest = store.manifest()
    except InputError as exc:
        return [Finding(store.pointer_path, exc.fi, exc.en, *_repair_advice(store))]
    findings = []
    if store.is_legacy():
        findings.append(Finding(store.processed, "tallennus on vanhassa muodossa (ei versioita eikä CURRENT-tiedostoa).",
                                "the store has the old layout (no generations, no CURRENT).",
                                f"Aja 'osallisuus migrate --data {store.root}' (tai seuraava ingest tekee sen).",
                                f"Run 'osallisuus migrate --data {store.root}' (or the next ingest does it)."))
    current = store.current
    for file, recorded in manifest.get("files", {}).items():
        path = current / file
        if not path.exists():
            findings.append(Finding(path, "tiedosto puuttuu.", "the file is missing.", *_repair_advice(store)))
        elif _sha256(path) != recorded:
            findings.append(Finding(path, "tiedosto on muuttunut tallennuksen jälkeen (vioittunut tai muokattu).",
                                    "the file changed after it was stored (damaged or edited).", *_repair_advice(store)))
    try:
        frame, sources, rejected = store.read_responses(), store.read_sources(), store.read_rejected()
        store.read_changelog()
        scoring = store.read_scoring()
    except InputError as exc:
        if not any(f.path == Path(exc.path or "") for f in findings):
            findings.append(Finding(Path(exc.path or store.processed), exc.fi, exc.en, *_repair_advice(store)))
        return findings
    findings += _consistency(store, frame, sources, rejected, scoring)
    findings += _published(store, manifest)
    leftover = [p.name for p in sorted(store.processed.iterdir()) if _leftover(p, {manifest.get("generation"),
                                                                                 manifest.get("previous")})]
    if leftover:
        findings.append(Finding(store.processed, f"keskeytyneiden tallennusten jäänteitä: {', '.join(leftover)}.",
                                f"leftovers of interrupted writes: {', '.join(leftover)}.",
                                "Aja 'osallisuus check --repair' (tai seuraava ingest poistaa ne).",
                                "Run 'osallisuus check --repair' (or the next ingest removes them)."))
    return findings


def _consistency(store: Store, frame: pd.DataFrame, sources: pd.DataFrame, rejected: pd.DataFrame,
                 scoring: dict) -> list[Finding]:
    """Rows traced to sources, sources' row counts, rejections of stored files, the scoring rule."""
    found = []
    rebuild = (f"Aineisto on ristiriitainen: palauta processed/ varmuuskopiosta, tai nimeä processed/ uudelleen ja aja "
               f"'osallisuus ingest --data {store.root}' kaikille DIR/raw-tiedostoille (tunnisteet pysyvät samoina).",
               "The store is inconsistent: restore processed/ from a backup, or rename processed/ and ingest every "
               "file of DIR/raw again (pseudonyms stay the same).")
    listed = set(sources["file"])
    orphans = sorted(set(frame["source_file"]) - listed)
    if orphans:
        found.append(Finding(store.responses_path, f"rivejä tiedostoista, joita sources.csv ei luettele: {', '.join(orphans)}.",
                             f"rows from files that sources.csv does not list: {', '.join(orphans)}.", *rebuild))
    kept = frame["source_file"].value_counts()
    wrong = [f for f, n in zip(sources["file"], sources["rows_kept"]) if int(kept.get(f, 0)) != int(n)]
    if wrong:
        found.append(Finding(store.sources_path, f"rivimäärä ei täsmää: {', '.join(wrong)}.",
                             f"row counts do not match the stored rows: {', '.join(wrong)}.", *rebuild))
    strays = sorted(set(rejected["file"]) - listed) if len(rejected) else []
    if strays:
        found.append(Finding(store.rejected_path, f"hylkäyksiä tiedostoista, joita ei ole tallennettu: {', '.join(strays)}.",
                             f"rejections of files that are not stored: {', '.join(strays)}.", *rebuild))
    rule = scoring.get("esis_max_missing")
    if len(frame) and rule is None:
        found.append(Finding(store.scoring_path, "pisteytyssääntö puuttuu.", "the scoring rule is not recorded.",
                             f"Aja 'osallisuus ingest --max-missing 0 --data {store.root}'.",
                             "Run 'osallisuus ingest --max-missing 0' to score the store again and record the rule."))
    elif len(frame):
        again = rescore(frame, rule)["esis_score"]
        if not again.equals(frame["esis_score"]):
            found.append(Finding(store.responses_path, f"pisteet eivät vastaa tallennettua sääntöä (enintään {rule} puuttuvaa).",
                                 f"the scores do not follow the recorded rule (at most {rule} missing).",
                                 f"Aja 'osallisuus ingest --max-missing {rule} --data {store.root}'.",
                                 f"Run 'osallisuus ingest --max-missing {rule}' to score the store again."))
    return found


def _published(store: Store, manifest: dict) -> list[Finding]:
    """The copies at ``processed/<name>`` that are not the committed version."""
    stale = [f for f, digest in manifest.get("files", {}).items()
             if not (store.processed / f).exists() or not os.path.samefile(store.processed / f, store.current / f)
             and _sha256(store.processed / f) != digest]
    if not stale:
        return []
    return [Finding(store.processed, f"julkaistut tiedostot eivät ole voimassa oleva versio: {', '.join(stale)}.",
                    f"the published files are not the committed version: {', '.join(stale)}.",
                    "Aja 'osallisuus check --repair' (muokkaukset näihin tiedostoihin eivät muuta tallennusta).",
                    "Run 'osallisuus check --repair' (edits to these files do not change the store).")]


def _repair_advice(store: Store) -> tuple[str, str]:
    """How to repair a damaged committed version: the newest earlier generation when it is intact."""
    earlier = intact_earlier(store)
    if earlier:
        return (f"Aja 'osallisuus check --repair --data {store.root}': se palauttaa edellisen ehjän version ({earlier}); "
                "aja sen jälkeen ingest uudelleen viimeksi tallennetuille tiedostoille.",
                f"Run 'osallisuus check --repair': it restores the previous intact version ({earlier}); then ingest "
                "the files of the last run again.")
    return (f"Palauta processed/ varmuuskopiosta, tai nimeä processed/ uudelleen ja aja 'osallisuus ingest --data "
            f"{store.root}' kaikille DIR/raw-tiedostoille (tunnisteet pysyvät samoina, avain on tallessa).",
            "Restore processed/ from a backup, or rename processed/ and ingest every file of DIR/raw again "
            "(pseudonyms stay the same).")


def repair(store: Store) -> list[str]:
    """Under the writer lock: restore the newest intact earlier generation when the committed one
    is damaged, move an old store into a generation, publish the files and remove leftovers.
    Returns what was done, in Finnish and English."""
    done = []
    if not _committed_intact(store) and (earlier := intact_earlier(store)):
        store.restore(earlier)
        done.append(f"palautettiin versio {earlier}; aja ingest uudelleen viimeksi tallennetuille tiedostoille "
                    f"(restored {earlier}; ingest the files of the last run again)")
    if store.migrate():
        done.append("tallennus siirrettiin uuteen muotoon (the store was migrated to generations)")
    removed = store.clean_leftovers()
    if removed:
        done.append(f"poistettiin {', '.join(p.name for p in removed)} (removed leftovers of interrupted writes)")
    store.publish()
    return done


def _committed_intact(store: Store) -> bool:
    """Whether the committed generation is whole: pointer readable, each file as committed and readable."""
    try:
        manifest = store.manifest()
    except InputError:
        return False
    if not manifest:
        return True  # an old or empty store: there is no earlier generation to go back to
    files = manifest.get("files", {}).items()
    return (all((store.current / f).exists() and _sha256(store.current / f) == digest for f, digest in files)
            and readable(store, manifest["generation"]))
