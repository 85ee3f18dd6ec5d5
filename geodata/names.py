"""Folding settlement names so that spellings of one name compare equal.

Transliteration is left to `unidecode` (Cyrillic, Ukrainian letters, diacritics); the few rules here
only fold the choices that English-language reports make differently for the same Cyrillic letters
(Tyotkino / Tetkino / Tiotkino, Bolshoye / Bol'shoe, Kazachya / Kazach'ia).
"""

from __future__ import annotations

import re

from unidecode import unidecode

# Longest first: each Cyrillic sound that reports spell several ways becomes one spelling.
_SPELLING_FOLDS = (
    ("shch", "sch"),
    ("kh", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("yo", "e"),
    ("io", "e"),
    ("jo", "e"),
    ("ye", "e"),
    ("ie", "e"),
    ("je", "e"),
    ("ya", "a"),
    ("ia", "a"),
    ("ja", "a"),
    ("yu", "u"),
    ("iu", "u"),
    ("ju", "u"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
)
_FOLD_PATTERN = re.compile("|".join(re.escape(src) for src, _ in _SPELLING_FOLDS))
_FOLD_MAP = dict(_SPELLING_FOLDS)
_APOSTROPHES = re.compile(r"['’ʼ`´\"]")
_SEPARATORS = re.compile(r"[\s\-‐–—.,/]+")
_REPEATS = re.compile(r"([a-z])\1+")  # doubled letters only: "10-y" and "100" stay apart


def fold_name(name: str) -> str:
    """The comparison key of a settlement name: same key, same spelling family.

    >>> fold_name("Тёткино") == fold_name("Tyotkino") == fold_name("Tetkino")
    True
    >>> fold_name("Bol'shoye Soldatskoye") == fold_name("Большое Солдатское")
    True
    """
    text = unidecode(name).lower()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    text = _FOLD_PATTERN.sub(lambda m: _FOLD_MAP[m.group(0)], text)
    return _REPEATS.sub(r"\1", text)
