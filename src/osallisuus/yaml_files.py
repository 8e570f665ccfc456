"""YAML read with libyaml's C parser where PyYAML has it: ten times faster than the pure-Python
parser, which every process paid for its texts, codebooks and theme words (0.3 s), and the same
documents (the shipped files load identically)."""

from __future__ import annotations

from typing import Any

import yaml

#: PyYAML's safe loader on libyaml's parser (the pure-Python one where libyaml is missing).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` of ``text`` with :data:`SafeLoader`."""
    return yaml.load(text, Loader=SafeLoader)
