"""Pseudonymous respondent codes: a keyed hash (BLAKE2b in keyed mode, a MAC) with a local
secret salt.

The salt is created on first use in ``DIR/.salt`` (git-ignored with the rest of ``data/``)
and never written into any output. The same code in the same data directory always gives the
same pseudonym, so measurement rounds can be paired; without the salt it cannot be reversed
by trying likely codes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

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


def pseudonymize(codes: list[str], salt: bytes) -> list[str]:
    """``R`` + 16 hex digits of the keyed BLAKE2b hash of each (normalised) respondent code.

    >>> a, b, c = pseudonymize(["k-001", "k-001", "k-002"], b"secret")
    >>> a == b != c and len(a) == 17
    True
    """
    blake2b = hashlib.blake2b
    return [PREFIX + blake2b(code.encode("utf-8"), key=salt, digest_size=8).hexdigest() for code in codes]
