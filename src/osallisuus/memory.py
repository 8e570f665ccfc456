"""Memory a large store's steps have freed, given back to the system between them."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


def give_back_memory() -> None:
    """Return the memory freed so far to the system: pyarrow's pool and, where the C library is
    glibc, its heap (``malloc_trim``). glibc keeps the freed blocks of a large store's temporary
    arrays for reuse, so without this the next step's peak is added on top of them."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None elsewhere (macOS, musl)."""
    name = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
