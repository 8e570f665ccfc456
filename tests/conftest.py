"""Shared fixtures: the demo dataset is generated and ingested once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from osallisuus.demo import write_demo
from osallisuus.ingest import ingest


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """A data directory with the demo exports in raw/ and the ingested store."""
    data = tmp_path_factory.mktemp("demo")
    paths = write_demo(data, seed=2025)
    ingest(paths, data)
    return data


@pytest.fixture(scope="session")
def demo_result(tmp_path_factory):
    """The IngestResult of the demo data (separate directory, so tests cannot interfere)."""
    data = tmp_path_factory.mktemp("demo_result")
    return ingest(write_demo(data, seed=2025), data)
