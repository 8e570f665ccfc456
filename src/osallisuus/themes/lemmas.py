"""Lemmas from simplemma, its dictionaries kept as tries in a disk cache.

simplemma decodes a language's whole dictionary in every process that first asks it for a lemma
(Finnish: some 4–8 seconds). With ``marisa-trie`` installed, each dictionary is built once into a
trie under the user's cache directory (``osallisuus/lemmas/simplemma-<version>``) and later
processes load it in milliseconds; the words and lemmas are simplemma's own either way. The
cache file is written whole or not at all, so parallel processes never read half a trie.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import simplemma
from platformdirs import user_cache_dir
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory
from simplemma.utils import normalize_token, validate_lang_input

if TYPE_CHECKING:
    from marisa_trie import BytesTrie

CACHE_DIR = Path(user_cache_dir("osallisuus")) / "lemmas" / f"simplemma-{simplemma.__version__}"


class _AtomicTrieFactory(TrieDictionaryFactory):
    """simplemma's trie factory, writing each cached trie through a temporary file."""

    def _write_trie_to_disk(self, lang: str, trie: BytesTrie) -> None:
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self._cache_dir, prefix=f".{lang}.", suffix=".tmp")
        os.close(handle)
        try:
            trie.save(temporary)
            os.replace(temporary, self._cache_dir / f"{lang}.dic")
        finally:
            Path(temporary).unlink(missing_ok=True)


@cache
def _lookup() -> tuple[simplemma.Lemmatizer, DictionaryLookupStrategy]:
    """One lemmatiser and one dictionary lookup, sharing the cached tries."""
    try:
        factory = _AtomicTrieFactory(disk_cache_dir=str(CACHE_DIR))
    except ImportError:  # marisa-trie missing: simplemma's own dictionaries
        return simplemma.Lemmatizer(), DictionaryLookupStrategy()
    return (simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)),
            DictionaryLookupStrategy(factory))


def lemmatize(token: str, lang: str) -> str:
    """The lemma of ``token`` in ``lang`` (``ValueError`` for a language simplemma does not know).

    >>> lemmatize("ihmisten", "fi"), lemmatize("vänner", "sv")
    ('ihminen', 'vän')
    """
    return _lookup()[0].lemmatize(token, lang=lang)


def is_known(token: str, lang: str) -> bool:
    """Whether the dictionary of ``lang`` holds ``token``.

    >>> is_known("porukka", "fi"), is_known("xqzv", "fi")
    (True, False)
    """
    return any(_lookup()[1].get_lemma(normalize_token(token), code) is not None
               for code in validate_lang_input(lang))
