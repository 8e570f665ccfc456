"""Small builders for tests: canonical tables in memory and on disk."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import settings

from osallisuus.intake.readers import Table
from osallisuus.schema import ESIS_ITEMS


def examples(full: int) -> int:
    """A property test's number of examples: ``full`` in the ``ci`` profile (the default, max_examples
    100), a tenth in ``dev`` (max_examples 10, ``make test-fast``)."""
    return max(5, full * settings.default.max_examples // 100)


BASE = {"respondent": "A1", "organization": "Testi ry", "unit": "Paja", "round": "alku", "date": "2025-03-01"}


def canonical_rows(items: list[list[object]], **extra) -> pd.DataFrame:
    """One canonical row per list of 10 ESIS answers."""
    rows = []
    for i, answers in enumerate(items):
        row = {**BASE, "respondent": f"A{i}", **extra}
        row.update(dict(zip(ESIS_ITEMS, answers)))
        rows.append(row)
    return pd.DataFrame(rows)


def as_table(frame: pd.DataFrame, name: str = "test.csv") -> Table:
    """A raw Table as a reader would return it (object values, None for blanks)."""
    raw = frame.astype(object).where(frame.notna(), None)
    raw.columns = range(frame.shape[1])
    return Table(Path(name), list(frame.columns), raw, np.arange(2, len(frame) + 2), "csv")


def identity(codes: list[str]) -> list[str]:
    return codes


@contextmanager
def chrome(downloads: Path | None = None) -> Iterator:
    """Headless Chromium driven by selenium (Debian's chromium and chromium-driver), logging the
    console and the network; ``downloads``: where a page's downloads go."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,2400"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        if downloads is not None:
            driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        yield driver
    finally:
        driver.quit()
