"""Goal Attainment Scaling (GAS), as used by Kela (domain brief, "Neighbouring instruments").

Each goal is scored -2 ... +2 (0 = the expected outcome). Kiresuk-Sherman T-score:
T = 50 + 10 * sum(w*x) / sqrt((1 - rho) * sum(w^2) + rho * (sum w)^2), rho = 0.3.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

GAS_LEVELS = (-2, -1, 0, 1, 2)
DEFAULT_RHO = 0.3


def gas_t_score(
    scores: Sequence[int], weights: Sequence[float] | None = None, rho: float = DEFAULT_RHO
) -> float:
    """Kiresuk-Sherman T-score of one person's goal scores.

    >>> gas_t_score([0, 0, 0])
    50.0
    >>> round(gas_t_score([1, 1]), 2)
    62.4
    """
    if not scores:
        raise ValueError("GAS needs at least one goal score")
    if any(x not in GAS_LEVELS for x in scores):
        raise ValueError(f"GAS goal scores must be -2, -1, 0, 1 or 2, got {list(scores)}")
    w = [1.0] * len(scores) if weights is None else [float(v) for v in weights]
    if len(w) != len(scores) or any(v <= 0 for v in w):
        raise ValueError("GAS needs one positive weight per goal")
    numerator = sum(wi * xi for wi, xi in zip(w, scores))
    denominator = math.sqrt((1 - rho) * sum(wi * wi for wi in w) + rho * sum(w) ** 2)
    return 50.0 + 10.0 * numerator / denominator
