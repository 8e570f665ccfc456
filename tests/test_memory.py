"""Freed memory given back between the steps of a large export (osallisuus.memory)."""

from pathlib import Path

import numpy as np
import pytest

from osallisuus.memory import _malloc_trim, give_back_memory


def _resident_mib() -> float:
    import os

    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(_malloc_trim() is None or not Path("/proc/self/statm").exists(), reason="glibc on Linux only")
def test_freed_heap_blocks_go_back_to_the_system():
    # 64 KiB arrays come from glibc's heap (below its mmap threshold); a 4 KiB block kept after each
    # stops free() from shrinking the heap by itself, as a long step's scattered survivors do
    blocks, keep = [], []
    for _ in range(3000):
        blocks.append(np.ones(8192))
        keep.append(np.ones(512))
    del blocks
    before = _resident_mib()
    give_back_memory()
    assert before - _resident_mib() > 100
