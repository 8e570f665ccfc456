"""Ingest: raw exports -> cleaned, pseudonymised, scored rows in the processed store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .clean import REJECTED_COLUMNS, FileReport, clean_table
from .codebook import load_codebooks, normalize
from .errors import InputError
from .instruments import esis, score_all
from .pseudonym import load_salt, pseudonymize
from .readers import read_table
from .schema import CANONICAL_COLUMNS, SOURCE_COLUMNS
from .store import Store, with_round_order


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

    def summary(self) -> str:
        """Row accounting per file, rejection reasons and scoring exclusions, in Finnish."""
        lines = [r.line() for r in self.reports]
        for r in self.reports:
            if r.ignored_columns:
                lines.append(f"  {r.file}: tunnistamattomat sarakkeet ohitettu: {', '.join(r.ignored_columns)}")
        read = sum(r.rows_read for r in self.reports)
        kept = sum(r.rows_kept for r in self.reports)
        lines.append(f"Yhteensä luettu {read} = hyväksytty {kept} + hylätty {read - kept} riviä.")
        if len(self.rejected):
            counts = self.rejected.groupby(["level", "reason"]).size()
            lines.append("Hylätyt (katso processed/rejected.csv):")
            lines += [f"  {level:4} {reason:16} {n}" for (level, reason), n in counts.items()]
        frame = self.responses
        excluded = frame["esis_excluded"].value_counts()
        lines.append(
            f"Aineistossa {len(frame)} lomaketta, osallisuuspistemäärä laskettu {frame['esis_score'].notna().sum()}:lle."
        )
        for reason, n in excluded.items():
            lines.append(f"  ei pisteitä, {esis.EXCLUDED_REASONS[reason][0]}: {n}")
        return "\n".join(lines)


def ingest(
    paths: Iterable[str | Path],
    data_dir: str | Path = "data",
    esis_max_missing: int = esis.DEFAULT_MAX_MISSING,
    today: date | None = None,
) -> IngestResult:
    """Read, clean, pseudonymise and score ``paths``, and merge them into the store.

    Rows from a file ingested earlier under the same name are replaced. If any file cannot
    be used at all, :class:`IngestError` lists every such file and nothing is written.
    """
    store = Store(data_dir)
    books = load_codebooks()
    salt = load_salt(store.root)
    cleaned, errors = [], []
    for path in paths:
        try:
            table = read_table(path, books)
            cleaned.append(clean_table(table, books, partial(pseudonymize, salt=salt), today))
        except InputError as exc:
            errors.append(exc)
    names = [c.report.file for c in cleaned]
    for name in {n for n in names if names.count(n) > 1}:
        errors.append(InputError(name, "kaksi eri tiedostoa samalla nimellä.", "two files share this name.",
                                 "Nimeä toinen tiedosto uudelleen.", "Rename one of them."))
    if errors:
        raise IngestError(errors)
    if not cleaned:
        raise IngestError([InputError(store.raw, "ei luettavia tiedostoja.", "no files to ingest.",
                                      "Kopioi kyselyn viennit kansioon raw/.", "Put exports in raw/.")])
    columns = list(CANONICAL_COLUMNS + SOURCE_COLUMNS)
    new = pd.concat([c.frame for c in cleaned], ignore_index=True)
    new_rejected = pd.concat([c.rejected for c in cleaned], ignore_index=True)
    if store.responses_path.exists():
        old = store.read_responses()
        old = old.loc[~old["source_file"].isin(names), columns].assign(round=lambda f: f["round"].astype("string"))
        old_rejected = store.read_rejected()
        old_rejected = old_rejected[~old_rejected["file"].isin(names)] if len(old_rejected) else old_rejected
    else:
        old, old_rejected = new.iloc[:0], new_rejected.iloc[:0]
    responses = pd.concat([old, new[columns]], ignore_index=True) if len(old) else new[columns]
    responses = score_all(unify_spelling(responses), esis_max_missing)
    rejected = pd.concat([old_rejected, new_rejected], ignore_index=True)[REJECTED_COLUMNS]
    store.write(responses, rejected)
    return IngestResult([c.report for c in cleaned], with_round_order(responses), new_rejected)


def unify_spelling(frame: pd.DataFrame, columns: tuple[str, ...] = ("organization", "unit", "service")) -> pd.DataFrame:
    """Write names that differ only in case or spacing one way: the most common spelling."""
    out = frame.copy()
    for col in columns:
        codes, uniques = pd.factorize(out[col], use_na_sentinel=True)
        if len(uniques) == 0:
            continue
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        keys = [normalize(u) for u in uniques]
        best: dict[str, tuple[int, str]] = {}
        for key, value, count in zip(keys, uniques, counts):
            if key not in best or count > best[key][0]:
                best[key] = (count, value)
        spelled = np.array([best[k][1] for k in keys] + [None], dtype=object)
        out[col] = pd.array(spelled[codes], dtype="string")
    return out
