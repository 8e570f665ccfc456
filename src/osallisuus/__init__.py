"""osallisuus: clean, score and report participation surveys (THL Osallisuusindikaattori).

The public API, for own analyses in JupyterLab::

    import osallisuus as osa
    frame = osa.load("data")                  # the processed store (canonical rows + scores)
    osa.summary(frame)                        # counts, ESIS mean and 95 % CI per unit and round
    osa.paired_change(frame)                  # change for the same respondents
    osa.reliability(frame)                    # Cronbach's alpha with a Feldt CI
    osa.plot_means(osa.summary(frame))        # a figure for a thesis

Every table is suppressed (groups under ``min_n`` = 5 hidden); the columns are described in
the README, "Data dictionary". Names are imported on first use, so ``import osallisuus`` is
quick.
"""

import importlib as _importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load": "osallisuus.intake.store",
    "Store": "osallisuus.intake.store",
    "score": "osallisuus.instruments",
    "gas_t_score": "osallisuus.instruments",
    "summary": "osallisuus.statistics.describe",
    "items": "osallisuus.statistics.describe",
    "cronbach_alpha": "osallisuus.statistics.reliability",
    "paired_change": "osallisuus.statistics.change",
    "item_change": "osallisuus.statistics.change",
    "respondent_types": "osallisuus.statistics.change",
    "cross_sectional": "osallisuus.statistics.change",
    "mixed_model": "osallisuus.statistics.change",
    "suppress": "osallisuus.statistics.disclosure",
    "result_tables": "osallisuus.statistics.tables",
    "published_tables": "osallisuus.statistics.tables",
    "export": "osallisuus.reporting.export",
    "plot_means": "osallisuus.reporting.figures",
    "plot_change": "osallisuus.reporting.figures",
    "ingest": "osallisuus.intake.ingest",
    "reliability": "osallisuus.statistics.reliability",
    "example_data": "osallisuus.intake.demo",
    "write_demo": "osallisuus.intake.demo",
    "provenance": "osallisuus.versions",
    "apa_table": "osallisuus.reporting.apa",
    "references": "osallisuus.reference_values",
}
_RENAMED = {"score": "score_all"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'osallisuus' has no attribute {name!r}")
    value = getattr(_importlib.import_module(_EXPORTS[name]), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names only (``dir(osa)``, tab completion): the API and ``__version__``."""
    return [*__all__, "__version__"]
