"""Shared fixtures: the demo dataset is generated and ingested once per test session.

Hypothesis profiles: ``ci`` (the default: every property test draws its full number of
examples) and ``dev`` (``make test-fast``, ``--hypothesis-profile=dev``: a tenth of them, see
``tests.helpers.examples``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from osallisuus.intake.demo import write_demo
from osallisuus.intake.ingest import ingest

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=10)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def _demo(tmp_path_factory):
    """The demo exports written and ingested once: the data directory and the IngestResult."""
    data = tmp_path_factory.mktemp("demo")
    return data, ingest(write_demo(data, seed=2025), data)


@pytest.fixture(scope="session")
def demo_dir(_demo) -> Path:
    """A data directory with the demo exports in raw/ and the ingested store."""
    return _demo[0]


@pytest.fixture(scope="session")
def demo_result(_demo):
    """The IngestResult of the demo data."""
    return _demo[1]


@pytest.fixture(scope="session")
def built_reports(demo_dir, tmp_path_factory):
    """Every demo report, made as `make report` makes them (params files, two workers)."""
    from osallisuus.intake.store import Store
    from osallisuus.reporting.html import write_index
    from osallisuus.reporting.params import load_job, notebooks_dir, write_params
    from osallisuus.reporting.runner import run_reports

    params = tmp_path_factory.mktemp("params")
    out = tmp_path_factory.mktemp("reports")
    write_params(demo_dir, params)
    frame = Store(demo_dir).read_responses()
    jobs = [load_job(p, demo_dir, out, notebooks_dir(), frame) for p in sorted(params.glob("*.yaml"))]
    outcomes = run_reports(jobs, workers=2, progress=False)
    write_index(outcomes, out, Store(demo_dir).version())
    return out, outcomes, params


#: Modules that run reports, notebooks or a browser from end to end (marked ``e2e``).
E2E_MODULES = {"test_reports", "test_annual_summary", "test_languages", "test_hostile_text", "test_privacy",
               "test_explore_notebook", "test_report_runs", "test_dashboard"}
#: Fixtures that make a whole batch of reports: a test that uses one is ``e2e`` too.
E2E_FIXTURES = {"built_reports", "published"}


def pytest_collection_modifyitems(items) -> None:
    """Mark end-to-end tests ``e2e`` (``make test-fast`` leaves them and ``slow`` ones out)."""
    for item in items:
        if item.path.stem in E2E_MODULES or E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
