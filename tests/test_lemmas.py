"""The lemmatiser's disk cache: same lemmas as simplemma, and a cached trie is written whole."""

import random

import pytest
import simplemma

from osallisuus.themes import lemmas


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_lemmas_are_simplemmas_own(lang):
    random.seed(lang)
    words = ["ihmisten", "porukkaan", "vänner", "friends", "Pekan", "kärkölässä", "olla", "ole"]
    words += ["".join(random.choice("abdeghijklmnoprstuvyäö") for _ in range(random.randint(3, 10)))
              for _ in range(100)]
    for word in words:
        assert lemmas.lemmatize(word, lang) == simplemma.lemmatize(word, lang=lang), word
        assert lemmas.is_known(word, lang) == simplemma.is_known(word, lang=lang), word


def test_a_language_simplemma_lacks_is_an_error():
    with pytest.raises(ValueError):
        lemmas.lemmatize("sana", "xx")


def test_a_trie_is_written_beside_and_moved_in_whole(tmp_path):
    """A process reading the cache meanwhile finds no file or the whole trie, never half of it."""
    target = tmp_path / "fi.dic"
    seen = []

    class Trie:
        def __init__(self, fail):
            self.fail = fail

        def save(self, path):
            seen.append((str(path), target.exists()))
            with open(path, "wb") as f:
                f.write(b"half a trie")
            if self.fail:
                raise OSError("disk full")

    factory = lemmas._AtomicTrieFactory(disk_cache_dir=str(tmp_path))
    with pytest.raises(OSError):
        factory._write_trie_to_disk("fi", Trie(fail=True))
    assert list(tmp_path.iterdir()) == []
    factory._write_trie_to_disk("fi", Trie(fail=False))
    assert [p.name for p in tmp_path.iterdir()] == ["fi.dic"]
    assert all(path != str(target) and not existed for path, existed in seen)


def test_a_cached_trie_is_loaded_back(tmp_path):
    factory = lemmas._AtomicTrieFactory(disk_cache_dir=str(tmp_path))
    first = factory.get_dictionary("en")
    assert [p.name for p in tmp_path.iterdir()] == ["en.dic"]
    again = lemmas._AtomicTrieFactory(disk_cache_dir=str(tmp_path)).get_dictionary("en")
    assert again.get("friends") == first.get("friends") == "friend"
