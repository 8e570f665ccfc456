"""Pseudonymous respondent codes: a keyed hash (BLAKE2b in keyed mode, a MAC) with the store's
secret key (:mod:`osallisuus.intake.key`: kept outside the data folder and checked).

The key is never written into any output. The same code with the same key always gives the
same pseudonym, so measurement rounds can be paired; without the key it cannot be reversed
by trying likely codes.
"""

from __future__ import annotations

import hashlib

PREFIX = "R"


def pseudonymize(codes: list[str], key: bytes) -> list[str]:
    """``R`` + 16 hex digits of the keyed BLAKE2b hash of each (normalised) respondent code.

    >>> a, b, c = pseudonymize(["k-001", "k-001", "k-002"], b"secret")
    >>> a == b != c and len(a) == 17
    True
    """
    keyed = hashlib.blake2b(key=key, digest_size=8)  # the key block hashed once, then copied per code

    def one(code: str) -> str:
        h = keyed.copy()
        h.update(code.encode("utf-8"))
        return PREFIX + h.hexdigest()

    return [one(code) for code in codes]
