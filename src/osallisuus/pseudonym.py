"""Pseudonymous respondent codes: a keyed hash (HMAC-SHA-256) with a local secret salt.

The salt is created on first use in ``DIR/.salt`` (git-ignored with the rest of ``data/``)
and never written into any output. The same code in the same data directory always gives the
same pseudonym, so measurement rounds can be paired; without the salt it cannot be reversed
by trying likely codes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

SALT_FILE = ".salt"
PREFIX = "R"


def load_salt(data_dir: Path) -> bytes:
    """The data directory's salt, created (readable by the owner only) when missing."""
    path = Path(data_dir) / SALT_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def pseudonymize(codes: pd.Series, salt: bytes) -> pd.Series:
    """Replace each non-missing code by ``R`` + 16 hex digits of HMAC-SHA-256(salt, code).

    >>> pseudonymize(pd.Series(["a1", None, "a1"]), b"k").tolist()[1] is None
    True
    """
    uniques = codes.dropna().unique()
    table = {c: PREFIX + hmac.new(salt, str(c).encode(), hashlib.sha256).hexdigest()[:16] for c in uniques}
    return codes.map(table).astype(object).where(codes.notna(), None)
