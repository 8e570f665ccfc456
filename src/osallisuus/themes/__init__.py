"""Themes of the open answers: an offline, explainable coding that staff confirm.

* :mod:`.codebook`: the theme codebook, data files per language (users add their own);
* :mod:`.coding`: rules on lemmas (simplemma) -> themes, effect direction and evidence;
* :mod:`.confirm`: answer ids, the suggestion file staff edit, and storing their corrections;
* :mod:`.tables`: the tidy theme table for reports and ``export``, and masked examples.
"""

from .codebook import EFFECTS, load_codebook
from .coding import Coder, Coding

__all__ = ["EFFECTS", "Coder", "Coding", "load_codebook"]
