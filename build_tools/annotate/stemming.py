"""Word stems, per language, from the Snowball stemmers (snowballstemmer).

Why Snowball: the `snowballstemmer` package is pure Python, ships every algorithm in
the wheel (English and Russian among them; nothing is downloaded) and is the stemmer
that search engines and Sphinx use. Languages Snowball has no algorithm for (Kazakh,
Uzbek) get no stemmer here: their suffixes are rules kept as data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

SNOWBALL_ALGORITHMS = {"en": "english", "ru": "russian"}
"""ISO 639-1 code -> Snowball algorithm, for the languages whose terms are stemmed."""


@lru_cache(maxsize=None)
def stemmer_for(language: str) -> Callable[[str], str] | None:
    """The stemming function for `language` (ISO 639-1), or None where there is none.
    Cached because building a Snowball stemmer costs more than stemming a word."""
    algorithm = SNOWBALL_ALGORITHMS.get(language)
    if algorithm is None:
        return None
    return snowballstemmer.stemmer(algorithm).stemWord


def stem(word: str, language: str) -> str:
    """`word`'s stem in `language`, lower-cased; the word itself, lower-cased, where the
    language has no stemmer."""
    lowered = word.lower()
    stemmer = stemmer_for(language)
    return stemmer(lowered) if stemmer else lowered
