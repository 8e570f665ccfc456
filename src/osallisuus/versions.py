"""What made a result: the package versions and the data version, for reports and exports.

A thesis or a published report can be reproduced a year later only when it says which versions
of osallisuus and of its statistics libraries made it, and from which version of the data
(the store's fingerprint, :meth:`osallisuus.intake.store.Store.version`). The tested set of
versions is pinned in ``requirements.lock`` (see README, "Reproducing results").
"""

from __future__ import annotations

import platform
from importlib import metadata

import pandas as pd

#: The libraries whose versions can change a published number or figure.
PACKAGES = ("osallisuus", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "pyarrow", "babel")


def provenance(data_version: str | None = None) -> dict[str, str]:
    """Python and package versions (and the data version, when given) as one flat mapping.

    Parameters
    ----------
    data_version : str, optional
        The store's fingerprint (``osa.Store(DIR).version()``); left out when None.

    Returns
    -------
    dict
        ``python``, then one key per package of :data:`PACKAGES` (``"not installed"`` when
        missing), then ``data_version`` when given.

    >>> record = provenance("0123456789")
    >>> list(record)[:3], record["data_version"]
    (['python', 'osallisuus', 'pandas'], '0123456789')
    """
    record = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            record[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            record[name] = "not installed"
    if data_version is not None:
        record["data_version"] = data_version
    return record


def provenance_line(data_version: str | None = None) -> str:
    """The same as one line for a report's methods section: ``python 3.11.9, osallisuus 0.1.0, …``.

    >>> provenance_line("abc").endswith("data_version abc")
    True
    """
    return ", ".join(f"{key} {value}" for key, value in provenance(data_version).items())


def provenance_table(data_version: str | None = None) -> pd.DataFrame:
    """The same as a two-column table (``key``, ``value``), written beside exported tables.

    >>> provenance_table("abc").tail(1).values.tolist()
    [['data_version', 'abc']]
    """
    return pd.DataFrame(list(provenance(data_version).items()), columns=["key", "value"])
