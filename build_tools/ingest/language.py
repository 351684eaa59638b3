"""The language of an article, detected from its title and lead, and its English name.

Detection is py3langid's naive Bayes model (140 languages, among them en, ru, kk,
ky, tg and uz in Latin and Cyrillic script), which ships inside the package: nothing
is downloaded. Codes are ISO 639-1 where the language has one (ISO 639-3 otherwise,
such as crh), as HTML's `lang` attribute and Pagefind take them. A correction's
`language:` wins over detection (`corrections.py`).

Measure it on the labelled excerpts with
`python -m build_tools.tools.evaluate.language tests/fixtures/languages/excerpts.yml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import py3langid
from babel import Locale

DETECTION_SAMPLE = 400
"""Characters of title and body read. The model walks the text byte by byte in Python (about 0.7 ms for
this many): 400 characters keep 10,000 articles under 8 s of CPU, and the labelled excerpts were all read
right from 80 characters on (`main`)."""


def detect_language(title: str, paragraphs: Iterable[str]) -> str:
    """The language code of an article: the model's best guess on the start of its title and body."""
    sample = title
    for paragraph in paragraphs:
        if len(sample) >= DETECTION_SAMPLE:
            break
        sample += "\n" + paragraph
    # py3langid loads its model on the first call, once per process (1.5 s: it is stored compressed).
    language, _ = py3langid.classify(sample[:DETECTION_SAMPLE])
    return language


def language_name(code: str) -> str:
    """The English name of a language code ("ru" -> "Russian"): the site's interface is English."""
    return _english_names().get(code, code)


def is_language_code(code: str) -> bool:
    """Whether a correction's `language:` names a language: a lower-case ISO 639 code (no region or script, as
    the corrections schema says) that Babel's locale data knows."""
    return 2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.islower() and code in _english_names()


@cache
def _english_names() -> dict[str, str]:
    return dict(Locale("en").languages)
