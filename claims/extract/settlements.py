"""Settlements named in a report, in any spelling the gazetteer knows and any grammatical case.

English names are compared by the gazetteer's folded spelling (`geodata.names.fold_name`). Russian
and Ukrainian names change their endings with case ("Суджа / в Судже / Суджі", "Малую Локню",
"Черкасского Поречного"), so each word is compared by its stem: the case ending stripped, then
folded; pymorphy3's dictionary forms are tried as well. A name the gazetteer holds several times is
settled by the districts of the other places the report names; names in a list that match nothing
are tried against the gazetteer's fuzzy matching and otherwise reported as not in the gazetteer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise, product

from claims.extract.morphology import lemmas
from geodata.gazetteer import Gazetteer, SettlementNotFoundError
from geodata.names import fold_name
from geodata.settlements import Settlement

_WORD = re.compile(r"\d+-?[йяеїі]?\b|[A-Za-zА-Яа-яЁёІіЇїЄєҐґ][\w'’ʼ-]*", re.UNICODE)
_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_ENDINGS = sorted(
    {
        "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ую", "юю", "ая", "яя",
        "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ом", "ем", "ах", "ях", "ов", "ев", "ам",
        "ям", "ою", "ею", "єю", "ій", "ий", "ый", "ої", "у", "ю", "а", "я", "о", "е", "є",
        "ы", "и", "і", "ї", "ь", "й",
    },
    key=len,
    reverse=True,
)  # fmt: skip
# Region and oblast-centre names: "Kursk region", "в Курской области", "угруповання «Курськ»" are
# not the towns.
_NOT_A_PLACE_AFTER = re.compile(
    r"^[»\"”']?\s*(?:region|oblast|province|district|direction|axis|front|operation|group|"
    r"област\w*|район\w*|направлени\w*|операци\w*|облас\w*|напрям\w*|операці\w*|групп\w*)\b",
    re.IGNORECASE,
)
_NOT_A_PLACE_BEFORE = re.compile(
    r"(?:группировк\w*|угруповання|group of forces|group)(?:\s+войск|\s+військ)?\s*[«\"“]\s*$"
    r"|(?:Ukrainska|Komsomolskaya)\s+$",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|\bи\b|\bта\b|\bі\b|:)\s*", re.IGNORECASE)
MAX_NAME_WORDS = 3


@dataclass(frozen=True, slots=True)
class NamedPlace:
    """A settlement named in the text, or a name that looked like one but the gazetteer lacks."""

    label: str  # the ledger's name for it (qualified by district where the name is shared)
    settlement: Settlement | None
    span_start: int
    span_end: int
    confidence: float


def stem(word: str) -> str:
    """A word without its case ending (Cyrillic only), folded: "Судже" and "Суджа" agree."""
    lowered = word.lower().replace("ё", "е").rstrip("'’ʼ")
    if lowered.endswith(("'s", "’s")):
        lowered = lowered[:-2]
    if _CYRILLIC.search(lowered):
        for ending in _ENDINGS:
            if lowered.endswith(ending) and len(lowered) - len(ending) >= 3:
                lowered = lowered[: -len(ending)]
                break
    return fold_name(lowered)


class PlaceIndex:
    """Every name of every settlement, by the stems of its words."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._labels: dict[str, str] = {}
        self.by_key: dict[tuple[str, ...], list[Settlement]] = {}
        for settlement in gazetteer.settlements:
            for name in {n for n in settlement.names if n}:
                key = tuple(stem(w) for w in _WORD.findall(name))
                if key and key not in (("kursk",), ("sumi",), ("belgorod",)):
                    bucket = self.by_key.setdefault(key, [])
                    if settlement not in bucket:
                        bucket.append(settlement)

    def label(self, settlement: Settlement) -> str:
        """The ledger's name for a settlement: its English name, with the district in brackets
        wherever the plain name would not resolve to it alone ("Komarovka (Korenevsky)")."""
        if settlement.id not in self._labels:
            self._labels[settlement.id] = self._unique_label(settlement)
        return self._labels[settlement.id]

    def _unique_label(self, settlement: Settlement) -> str:
        qualified = f"{settlement.name_en} ({settlement.district or settlement.oblast})"
        for label in (settlement.name_en, qualified):
            try:
                if self.gazetteer.resolve(label).id == settlement.id:
                    return label
            except SettlementNotFoundError:
                continue
        return qualified


@cache
def place_index(gazetteer: Gazetteer) -> PlaceIndex:
    return PlaceIndex(gazetteer)


def named_places(text: str, start: int, end: int, index: PlaceIndex) -> list[NamedPlace]:
    """The settlements named between `start` and `end` of `text` (offsets into the report)."""
    words = [
        (m.start() + start, m.end() + start, m.group(0)) for m in _WORD.finditer(text[start:end])
    ]
    found: list[tuple[int, int, list[Settlement]]] = []
    position = 0
    while position < len(words):
        match = _match_at(words, position, text, index)
        if match is None:
            position += 1
            continue
        length, settlements = match
        found.append((words[position][0], words[position + length - 1][1], settlements))
        position += length
    places = _disambiguate(found, index)
    return places + _unmatched_list_items(text, places, start, end, index)


def _match_at(
    words: Sequence[tuple[int, int, str]], position: int, text: str, index: PlaceIndex
) -> tuple[int, list[Settlement]] | None:
    first = words[position][2]
    if not (first[0].isupper() or first[0].isdigit()):
        return None
    for length in range(min(MAX_NAME_WORDS, len(words) - position), 0, -1):
        chunk = words[position : position + length]
        if any(w[0] - p[1] > 2 for p, w in pairwise(chunk)):
            continue  # the words of one name stand next to each other
        settlements = _lookup([w[2] for w in chunk], index)
        if settlements and _is_place_context(text, chunk[0][0], chunk[-1][1]):
            return length, settlements
    return None


def _lookup(chunk: list[str], index: PlaceIndex) -> list[Settlement]:
    exact = index.by_key.get(tuple(stem(w) for w in chunk))
    if exact:
        return exact
    if not any(_CYRILLIC.search(w) for w in chunk):
        return []
    # Dictionary forms as well: pymorphy3 knows irregular cases the ending list does not.
    options = [sorted({stem(w)} | {stem(f) for f in lemmas(w)})[:4] for w in chunk]
    for key in product(*options):
        if key in index.by_key:
            return index.by_key[key]
    return []


def _is_place_context(text: str, start: int, end: int) -> bool:
    if _NOT_A_PLACE_AFTER.match(text[end : end + 30]):
        return False
    return not _NOT_A_PLACE_BEFORE.search(text[max(0, start - 40) : start])


def _disambiguate(
    found: list[tuple[int, int, list[Settlement]]], index: PlaceIndex
) -> list[NamedPlace]:
    """One settlement per name: a shared name goes to the district the other names point to."""
    districts = Counter(s[0].district for _, _, s in found if len(s) == 1)
    places: list[NamedPlace] = []
    for start, end, settlements in found:
        ranked = sorted(settlements, key=lambda s: (-districts[s.district], s.oblast != "Kursk"))
        clear = (
            len(settlements) == 1 or districts[ranked[0].district] > districts[ranked[1].district]
        )
        best = ranked[0]
        places.append(NamedPlace(index.label(best), best, start, end, 0.9 if clear else 0.5))
    return places


def _unmatched_list_items(
    text: str, places: list[NamedPlace], start: int, end: int, index: PlaceIndex
) -> list[NamedPlace]:
    """Items of a list of places ("A, B, C и 10-й Октябрь") that matched no settlement."""
    if len(places) < 2:
        return []
    first, last = places[0].span_start, places[-1].span_end
    colon = text.rfind(":", start, first)  # a list introduced by a colon starts there
    if colon >= 0 and not re.search(r"[.;!?]", text[colon:first]):
        first = colon + 1
    tail = re.match(r"[^.;:!?]*", text[last:end])
    stretch_end = last + (tail.end() if tail else 0)
    extra: list[NamedPlace] = []
    for item in _items(text, first, stretch_end):
        item_start, item_end, item_text = item
        if any(p.span_start < item_end and item_start < p.span_end for p in places):
            continue
        if not (item_text[0].isupper() or item_text[0].isdigit()) or len(item_text.split()) > 3:
            continue
        extra.append(_fuzzy_place(item_text, item_start, item_end, index))
    return extra


def _items(text: str, start: int, end: int) -> Iterable[tuple[int, int, str]]:
    position = start
    for separator in _LIST_SEPARATOR.finditer(text, start, end):
        piece = text[position : separator.start()].strip()
        if piece:
            offset = text.index(piece, position)
            yield offset, offset + len(piece), piece
        position = separator.end()
    piece = text[position:end].strip().rstrip(".")
    if piece:
        offset = text.index(piece, position)
        yield offset, offset + len(piece), piece


def _fuzzy_place(name: str, start: int, end: int, index: PlaceIndex) -> NamedPlace:
    try:
        settlement = index.gazetteer.resolve(name)
    except SettlementNotFoundError:
        return NamedPlace(name, None, start, end, 0.3)
    return NamedPlace(index.label(settlement), settlement, start, end, 0.6)
