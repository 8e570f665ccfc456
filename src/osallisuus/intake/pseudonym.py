"""Pseudonymous respondent codes: a keyed hash (BLAKE2b in keyed mode, a MAC) with the store's
secret key (:mod:`osallisuus.intake.key`: kept outside the data folder and checked).

The key is never written into any output. The same code with the same key always gives the
same pseudonym, so measurement rounds can be paired; without the key it cannot be reversed
by trying likely codes.
"""

from __future__ import annotations

import hashlib
from functools import partial

import numpy as np

PREFIX = "R"


def pseudonymize(codes: list[str], key: bytes) -> list[str]:
    """``R`` + 16 hex digits of the keyed BLAKE2b hash of each (normalised) respondent code
    (:func:`pseudonymize_arrow`, the one computation of them).

    >>> a, b, c = pseudonymize(["k-001", "k-001", "k-002"], b"secret")
    >>> a == b != c and len(a) == 17
    True
    >>> pseudonymize(["k-001"], b"secret")[0] == "R" + hashlib.blake2b(b"k-001", key=b"secret", digest_size=8).hexdigest()
    True
    """
    import pyarrow as pa

    return pseudonymize_arrow(pa.array(codes, type=pa.string()), key).to_pylist()


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def pseudonymize_arrow(codes, key: bytes):
    """The pseudonyms of an Arrow string array of codes (no missing values) as an Arrow
    ``large_string`` array: each code's keyed hash taken as its 8 bytes and the hex digits of all
    of them written at once into one buffer."""
    import pyarrow as pa

    copy = hashlib.blake2b(key=key, digest_size=8).copy  # the key block hashed once, then copied per code
    digests = []
    add = digests.append
    as_bytes = pa.large_binary() if pa.types.is_large_string(codes.type) else pa.binary()
    for code in codes.cast(as_bytes).to_pylist():  # each code's UTF-8 bytes as Arrow holds them, no str made
        h = copy()
        h.update(code)
        add(h.digest())
    n = len(digests)
    raw = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(n, 8)
    text = np.empty((n, 17), dtype=np.uint8)  # "R" and 16 hex digits, as hexdigest() writes them
    text[:, 0] = ord(PREFIX)
    text[:, 1::2] = _HEX[raw >> 4]
    text[:, 2::2] = _HEX[raw & 15]
    offsets = np.arange(0, 17 * n + 1, 17, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(text))


def arrow_form(pseudonymize_codes):
    """The Arrow form (:func:`pseudonymize_arrow` with its key) of a pseudonymising callable that is
    :func:`pseudonymize` with its key bound (``functools.partial(pseudonymize, key=...)``), else None:
    other callables are called with a list as they always were."""
    f = pseudonymize_codes
    if isinstance(f, partial) and f.func is pseudonymize and not f.args and set(f.keywords) == {"key"}:
        return partial(pseudonymize_arrow, key=f.keywords["key"])
    return None

