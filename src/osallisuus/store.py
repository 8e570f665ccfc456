"""The processed store: ``DIR/processed/responses.parquet`` (canonical rows with scores) and
``DIR/processed/rejected.csv`` (every unusable row or cell, with reasons).

Rows are keyed by their source file: ingesting a file again replaces the rows that came from
its earlier version. Files are written to a temporary name and moved into place, so a failed
run never leaves a half-written store.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from .schema import ROUNDS

RESPONSES = "responses.parquet"
REJECTED = "rejected.csv"


def with_round_order(frame: pd.DataFrame) -> pd.DataFrame:
    """``round`` as an ordered category alku < väli < loppu (sorts and groups in that order)."""
    return frame.assign(round=pd.Categorical(frame["round"], categories=list(ROUNDS), ordered=True))


class Store:
    """Paths of one data directory (``--data DIR``)."""

    def __init__(self, data_dir: str | Path = "data"):
        self.root = Path(data_dir)
        self.raw = self.root / "raw"
        self.processed = self.root / "processed"
        self.responses_path = self.processed / RESPONSES
        self.rejected_path = self.processed / REJECTED

    def raw_files(self) -> list[Path]:
        """Export files under ``raw/`` (hidden files and READMEs are skipped)."""
        if not self.raw.is_dir():
            return []
        return sorted(
            p for p in self.raw.rglob("*")
            if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() != ".md"
        )

    def read_responses(self) -> pd.DataFrame:
        """The canonical table, with ``round`` as an ordered category (alku < väli < loppu)."""
        if not self.responses_path.exists():
            raise FileNotFoundError(
                f"{self.responses_path} puuttuu: aja ensin 'osallisuus ingest' "
                f"({self.responses_path} is missing: run 'osallisuus ingest' first)"
            )
        return with_round_order(pd.read_parquet(self.responses_path))

    def version(self) -> str:
        """A short fingerprint of the processed data (changes whenever the store changes)."""
        digest = hashlib.sha256(self.responses_path.read_bytes()).hexdigest()
        return digest[:10]

    def read_rejected(self) -> pd.DataFrame:
        if not self.rejected_path.exists():
            return pd.DataFrame()
        return pd.read_csv(self.rejected_path, dtype={"value": str}, keep_default_na=False)

    def write(self, responses: pd.DataFrame, rejected: pd.DataFrame) -> None:
        """Replace both files atomically (temporary file + rename)."""
        self.processed.mkdir(parents=True, exist_ok=True)
        out = responses.assign(round=responses["round"].astype("string"))
        _atomic(self.responses_path, lambda p: out.to_parquet(p, index=False))
        _atomic(self.rejected_path, lambda p: rejected.to_csv(p, index=False, encoding="utf-8"))


def _atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
