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
its earlier version. All files are first written under temporary names and then moved into
place together, so a failed run leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..instruments import score_all
from ..schema import ROUNDS
from ..spreadsheet import neutralise, restored

RESPONSES = "responses.parquet"
REJECTED = "rejected.csv"
SOURCES = "sources.csv"
CHANGELOG = "changelog.csv"
SCORING = "scoring.json"
SOURCE_FIELDS = ["file", "sha256", "ingested_at", "rows_read", "rows_kept", "rows_rejected",
                 "rows_already_stored", "date_min", "date_max"]
CHANGELOG_FIELDS = ["time", "file", "sha256", "action", "rows_kept_before", "rows_kept_after"]


def with_round_order(frame: pd.DataFrame) -> pd.DataFrame:
    """``round`` as an ordered category alku < väli < loppu (sorts and groups in that order)."""
    return frame.assign(round=pd.Categorical(frame["round"], categories=list(ROUNDS), ordered=True))


def load(data_dir: str | Path = "data") -> pd.DataFrame:
    """The processed store of ``data_dir`` as one table (canonical rows with scores).

    >>> import tempfile, osallisuus as osa
    >>> folder = tempfile.mkdtemp()
    >>> _ = osa.ingest(osa.write_demo(folder), folder)
    >>> frame = osa.load(folder)
    >>> len(frame) > 0, list(frame["round"].cat.categories)
    (True, ['alku', 'väli', 'loppu'])
    """
    return Store(data_dir).read_responses()


class Store:
    """Paths of one data directory (``--data DIR``)."""

    def __init__(self, data_dir: str | Path = "data"):
        self.root = Path(data_dir)
        self.raw = self.root / "raw"
        self.processed = self.root / "processed"
        self.responses_path = self.processed / RESPONSES
        self.rejected_path = self.processed / REJECTED
        self.sources_path = self.processed / SOURCES
        self.changelog_path = self.processed / CHANGELOG
        self.scoring_path = self.processed / SCORING

    def raw_files(self) -> list[Path]:
        """Export files under ``raw/`` (hidden files and READMEs are skipped)."""
        if not self.raw.is_dir():
            return []
        return sorted(
            p for p in self.raw.rglob("*")
            if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() != ".md"
        )

    def read_responses(self, max_missing: int | None = None) -> pd.DataFrame:
        """The canonical table, with ``round`` as an ordered category (alku < väli < loppu).

        With ``max_missing`` the ESIS scores are those of that rule: the stored ones when the
        store was scored with it (see :meth:`scored_with`), else computed again here.
        """
        if not self.responses_path.exists():
            raise InputError(self.responses_path, "käsiteltyä aineistoa ei ole.", "there is no processed data.",
                             "Aja ensin 'osallisuus ingest' (tai 'make report').", "Run 'osallisuus ingest' first.")
        frame = pd.read_parquet(self.responses_path)
        if max_missing is not None and max_missing != self.scored_with():
            frame = rescore(frame, max_missing)
        return with_round_order(frame)

    def read_scoring(self) -> dict:
        """How the stored scores were computed: ``esis_max_missing`` and ``codebooks`` version."""
        if not self.scoring_path.exists():
            return {}
        return json.loads(self.scoring_path.read_text(encoding="utf-8"))

    def scored_with(self) -> int | None:
        """The ``max_missing`` rule of the stored ESIS scores (None: not recorded)."""
        return self.read_scoring().get("esis_max_missing")

    def version(self) -> str:
        """A short fingerprint of the processed data (changes whenever the store changes)."""
        digest = hashlib.sha256(self.responses_path.read_bytes()).hexdigest()
        return digest[:10]

    def read_rejected(self) -> pd.DataFrame:
        if not self.rejected_path.exists():
            return pd.DataFrame()
        return restored(pd.read_csv(self.rejected_path, dtype={"value": str}, keep_default_na=False))

    def read_sources(self) -> pd.DataFrame:
        return _read_csv(self.sources_path, SOURCE_FIELDS)

    def read_changelog(self) -> pd.DataFrame:
        return _read_csv(self.changelog_path, CHANGELOG_FIELDS)

    def write(self, responses: pd.DataFrame, rejected: pd.DataFrame, sources: pd.DataFrame,
              changelog: pd.DataFrame, scoring: dict) -> None:
        """Replace the store's files together: all are written first, then moved into place."""
        self.processed.mkdir(parents=True, exist_ok=True)
        out = responses.assign(round=responses["round"].astype("string"))
        _replace_together({
            self.responses_path: lambda p: out.to_parquet(p, index=False),
            self.scoring_path: lambda p: Path(p).write_text(json.dumps(scoring, indent=2), encoding="utf-8"),
            self.rejected_path: lambda p: neutralise(rejected).to_csv(p, index=False, encoding="utf-8"),
            self.sources_path: lambda p: neutralise(sources[SOURCE_FIELDS]).to_csv(p, index=False, encoding="utf-8"),
            self.changelog_path: lambda p: _write_changelog(changelog, p),
        })

    def write_changelog(self, changelog: pd.DataFrame) -> None:
        """Replace only the change log (a run that changed no data)."""
        _replace_together({self.changelog_path: lambda p: _write_changelog(changelog, p)})


def _write_changelog(changelog: pd.DataFrame, path: str) -> None:
    neutralise(changelog[CHANGELOG_FIELDS]).to_csv(path, index=False, encoding="utf-8")


def rescore(frame: pd.DataFrame, max_missing: int) -> pd.DataFrame:
    """``frame`` with every score computed again, ESIS with ``max_missing``."""
    return score_all(frame, esis_max_missing=max_missing)


def _replace_together(writers: dict[Path, Callable[[str], None]]) -> None:
    """Write every file under a temporary name first, then move them all into place."""
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


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return restored(pd.read_csv(path, keep_default_na=False, dtype={"file": str, "sha256": str}))
