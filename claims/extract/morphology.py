"""Russian and Ukrainian word forms: dictionary forms through pymorphy3's bundled dictionaries.

The analysers load once per process (about a second each) and never touch the network.
"""

from __future__ import annotations

from functools import cache

import pymorphy3


@cache
def _analyzer(language: str) -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang=language)


@cache
def lemma(word: str, language: str) -> str:
    """The dictionary form pymorphy3 ranks first ("августе" -> "август", "серпні" -> "серпень")."""
    if language not in ("ru", "uk"):
        return word
    parses = _analyzer(language).parse(word)
    return str(parses[0].normal_form) if parses else word


@cache
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form either language's analyser offers for a word (lower case)."""
    forms = {word.lower()}
    for language in ("ru", "uk"):
        for parse in _analyzer(language).parse(word.lower())[:4]:
            forms.add(str(parse.normal_form))
    return frozenset(forms)
