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

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "osallisuus.store",
    "Store": "osallisuus.store",
    "score": "osallisuus.instruments",
    "gas_t_score": "osallisuus.instruments",
    "summary": "osallisuus.describe",
    "items": "osallisuus.describe",
    "cronbach_alpha": "osallisuus.reliability",
    "paired_change": "osallisuus.change",
    "item_change": "osallisuus.change",
    "respondent_types": "osallisuus.change",
    "cross_sectional": "osallisuus.change",
    "mixed_model": "osallisuus.change",
    "suppress": "osallisuus.disclosure",
    "result_tables": "osallisuus.results",
    "export": "osallisuus.results",
    "plot_means": "osallisuus.plots",
    "plot_change": "osallisuus.plots",
    "example_data": "osallisuus.demo",
    "write_demo": "osallisuus.demo",
}
_RENAMED = {"score": "score_all"}
__all__ = sorted([*_EXPORTS, "ingest", "reliability"])

# These two share their module's name: bind the functions now, or importing the submodule
# later would leave the module object in their place.
from .ingest import ingest  # noqa: E402
from .reliability import reliability  # noqa: E402


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'osallisuus' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
