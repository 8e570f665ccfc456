"""Shared fixtures: the demo dataset is generated and ingested once per test session.

Hypothesis profiles: ``ci`` (the default: every property test draws its full number of
examples) and ``dev`` (``make test-fast``, ``--hypothesis-profile=dev``: a tenth of them, see
``tests.helpers.examples``)."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

from osallisuus.intake.demo import write_demo
from osallisuus.intake.ingest import ingest
from osallisuus.intake.key import key_path
from osallisuus.reporting.runner import skip_iri_grammars

skip_iri_grammars()  # tests read and run notebooks too: a second less per test process

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=10)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def _demo(tmp_path_factory):
    """The demo exports written and ingested once per test run, however many workers read them
    (and share the tables the store caches): the data directory and the IngestResult. Tests
    read the store; one that writes copies it first (without the cache other workers write to)."""
    with _once_per_run(tmp_path_factory, "demo") as root:
        data, key, done = root / "data", root / "demo.key", root / "ingested.pickle"
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # what a worker killed while building left
            result = ingest(write_demo(data, seed=2025), data)
            shutil.copy(key_path(data), key)
            done.write_bytes(pickle.dumps(result))
        mine = key_path(data)  # in this worker's own config folder (../conftest.py), as its user's key
        if not mine.exists():
            mine.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(key, mine)
        return data, pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def demo_dir(_demo) -> Path:
    """A data directory with the demo exports in raw/ and the ingested store."""
    return _demo[0]


@pytest.fixture(scope="session")
def demo_result(_demo):
    """The IngestResult of the demo data."""
    return _demo[1]


@pytest.fixture(scope="session")
def example_publication(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The example data's published tables (:func:`osallisuus.example_data`, every export table,
    min_n 5), made once per test run however many workers need them."""
    from osallisuus.intake.demo import example_data
    from osallisuus.statistics.tables import EXPORT_TABLES, published_tables

    with _once_per_run(tmp_path_factory, "example_publication.pickle") as path:
        if not path.exists():
            part = path.with_suffix(".part")
            part.write_bytes(pickle.dumps(published_tables(example_data(), min_n=5, names=EXPORT_TABLES)[0]))
            part.replace(path)  # whole or not at all, should the worker be killed while writing
        return pickle.loads(path.read_bytes())


@contextmanager
def _once_per_run(tmp_path_factory, name: str) -> Iterator[Path]:
    """A folder ``name`` shared by every xdist worker of this test run (the parent of the
    workers' base temp folders), held under an exclusive file lock: the first worker makes its
    content, the others wait for it and read it (pytest-xdist's "session fixture once" recipe)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed (or its worker dies)
        yield base / name


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> BuiltReports:
    """Every report of a demo store of its own, made as `make report` makes them (params files,
    two workers), once per test run however many workers need it."""
    from osallisuus.intake.store import Store
    from osallisuus.reporting.html import write_index
    from osallisuus.reporting.params import load_job, notebooks_dir, write_params
    from osallisuus.reporting.runner import run_reports

    with _once_per_run(tmp_path_factory, "built_reports") as root:
        data, params, out, done = root / "data", root / "params", root / "reports", root / "outcomes.pickle"
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # what a worker killed while building left
            ingest(write_demo(data, seed=2025), data, key_file=root / "demo.key")  # not in a worker's own config
            write_params(data, params)
            frame = Store(data).read_responses()
            out.mkdir()
            jobs = [load_job(p, data, out, notebooks_dir(), frame) for p in sorted(params.glob("*.yaml"))]
            outcomes = run_reports(jobs, workers=2, progress=False)
            write_index(outcomes, out, Store(data).version())
            done.write_bytes(pickle.dumps(outcomes))
        return BuiltReports(data, out, pickle.loads(done.read_bytes()), params, root / "demo.key")


class BuiltReports(NamedTuple):
    """The shared report batch: its data directory (demo store), the reports folder, the
    outcomes of the run, the params files and the store's key file."""

    data: Path
    out: Path
    outcomes: list
    params: Path
    key: Path


#: Modules that run reports, notebooks or a browser from end to end (marked ``e2e``).
E2E_MODULES = {"test_reports", "test_annual_summary", "test_languages", "test_hostile_text", "test_privacy",
               "test_explore_notebook", "test_report_runs", "test_dashboard"}
#: Fixtures that make a whole batch of reports: a test that uses one is ``e2e`` too.
E2E_FIXTURES = {"built_reports", "published"}


#: The longest modules, longest first: xdist (``--dist loadscope --no-loadscope-reorder``) hands
#: out modules in collection order, so these start at once on the two workers instead of last.
#: test_privacy waits for the report batch that test_reports makes: it comes later. Of those
#: ``make test-fast`` runs (seconds in one process, measured on a loaded machine): test_results 27,
#: test_attacker_occasions 27, test_audit 18, test_themes 11, test_model 10, test_store 10, test_rounds 9,
#: test_figures 8. test_results (it builds the demo store) and test_audit (no store) start the two
#: workers, so that neither waits for the other's store; test_model comes after test_results, whose
#: export tables it reads from the store's cache.
LONGEST_FIRST = ("test_wheel", "test_reports", "test_hostile_text", "test_results", "test_audit", "test_dashboard",
                 "test_languages", "test_attacker_occasions", "test_themes", "test_disclosure", "test_store",
                 "test_report_runs", "test_privacy", "test_rounds", "test_model", "test_figures", "test_masking")


def pytest_collection_modifyitems(items) -> None:
    """Mark end-to-end tests ``e2e`` (``make test-fast`` leaves them and ``slow`` ones out) and
    put the longest modules first."""
    for item in items:
        if item.path.stem in E2E_MODULES or E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: the rest as collected
