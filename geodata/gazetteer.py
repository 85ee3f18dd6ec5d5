"""Resolve a settlement name, in any usual spelling, to exactly one settlement.

Exact matches on the folded name (see `geodata.names`) win; otherwise the closest folded names by
edit similarity (rapidfuzz). A name shared by places in several districts is ambiguous unless the
caller qualifies it with the district: "Nikolayevka (Glushkovsky)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from geodata.names import fold_name
from geodata.settlements import Settlement

# A fuzzy match must be this close (0-100), and clearly ahead of any other place, to be accepted.
ACCEPT_SCORE = 88.0
CLEAR_MARGIN = 4.0
CANDIDATE_FLOOR = 55.0
_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<district>[^()]+)\)\s*$")


class SettlementNotFoundError(LookupError):
    """No settlement, or more than one, answers to a name."""

    def __init__(self, name: str, problem: str, candidates: Sequence[Settlement]) -> None:
        self.name = name
        self.problem = problem
        self.candidates = tuple(candidates)
        listed = "; ".join(c.label for c in candidates) or "none close"
        super().__init__(f"{problem} settlement {name!r}; nearest candidates: {listed}")


@dataclass(frozen=True, slots=True)
class _Match:
    settlement: Settlement
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    """The place a name was read as, and whether it was written as the gazetteer lists it."""

    written: str
    settlement: Settlement
    as_listed: bool

    def __str__(self) -> str:
        place = self.settlement
        where = place.district or place.oblast
        return f"{self.written!r} → {place.name_en} ({where})"


class Gazetteer:
    """An index of settlements by every folded spelling of their names."""

    def __init__(self, settlements: Iterable[Settlement]) -> None:
        self._settlements = tuple(settlements)
        self._by_key: dict[str, list[Settlement]] = {}
        for settlement in self._settlements:
            for key in {fold_name(n) for n in settlement.names if n}:
                self._by_key.setdefault(key, []).append(settlement)
        self._keys = list(self._by_key)
        # Names found before: a large ledger names each place many times (the 100x theatre's
        # 84,000 records name 18,000 places 235,000 times), and a name's answer never changes.
        self._resolved: dict[str, Resolution] = {}

    def __len__(self) -> int:
        return len(self._settlements)

    @property
    def settlements(self) -> tuple[Settlement, ...]:
        return self._settlements

    def resolve(self, name: str) -> Settlement:
        """The settlement `name` means, or `SettlementNotFoundError` naming the nearest ones."""
        return self.resolution(name).settlement

    def resolution(self, name: str) -> Resolution:
        """How `name` resolves: the place (as `resolve`) and whether the name is one of its
        listed spellings as written (case and spacing aside), or a guess: a folded spelling
        ("Sudzhaa" folds to "Sudzha") or a close match by edit similarity."""
        known = self._resolved.get(name)
        if known is not None:
            return known
        resolution = self._resolution(name)
        self._resolved[name] = resolution
        return resolution

    def _resolution(self, name: str) -> Resolution:
        settlement = self._settlement(name)
        plain, _ = _split_qualifier(name)
        written = " ".join(plain.split()).casefold()
        as_listed = written in {" ".join(n.split()).casefold() for n in settlement.names if n}
        return Resolution(name, settlement, as_listed)

    def _settlement(self, name: str) -> Settlement:
        plain, district = _split_qualifier(name)
        key = fold_name(plain)
        exact = _in_district(self._by_key.get(key, []), district)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise SettlementNotFoundError(name, "ambiguous (add the district in brackets)", exact)
        matches = _in_district_matches(self._fuzzy(key), district)
        if matches and _is_clear_winner(matches):
            return matches[0].settlement
        # Even for nonsense the nearest few are worth showing: the user may have meant one of them.
        close = [m.settlement for m in matches if m.score >= CANDIDATE_FLOOR][:5] or [
            m.settlement for m in matches[:3]
        ]
        problem = "ambiguous" if matches and matches[0].score >= ACCEPT_SCORE else "unknown"
        raise SettlementNotFoundError(name, problem, close)

    def resolvable_name(self, settlement: Settlement) -> str | None:
        """A name for `settlement` that resolves back to it (the English name, qualified by its
        district or oblast where namesakes need it), or None where no name tells it apart."""
        qualifiers = [q for q in (settlement.district, settlement.oblast) if q]
        for name in (settlement.name_en, *(f"{settlement.name_en} ({q})" for q in qualifiers)):
            try:
                if self.resolve(name).id == settlement.id:
                    return name
            except SettlementNotFoundError:
                continue
        return None

    def candidates(self, name: str, *, limit: int = 5) -> list[Settlement]:
        """The places whose names are closest to `name`, best first."""
        plain, district = _split_qualifier(name)
        matches = _in_district_matches(self._fuzzy(fold_name(plain)), district)
        return [m.settlement for m in matches[:limit]]

    def _fuzzy(self, key: str) -> list[_Match]:
        best: dict[str, _Match] = {}
        hits = process.extract(key, self._keys, scorer=fuzz.ratio, limit=25)
        for matched_key, score, _ in hits:
            for settlement in self._by_key[matched_key]:
                if settlement.id not in best or best[settlement.id].score < score:
                    best[settlement.id] = _Match(settlement, float(score))
        return sorted(best.values(), key=lambda m: -m.score)


def _split_qualifier(name: str) -> tuple[str, str | None]:
    match = _QUALIFIED.match(name.strip())
    if match is None:
        return name.strip(), None
    return match["name"], match["district"]


def _district_matches(settlement: Settlement, district: str | None) -> bool:
    if district is None:
        return True
    wanted = fold_name(district).removesuffix(" district").removesuffix(" raion")
    return fold_name(settlement.district).startswith(wanted[:6]) or fold_name(
        settlement.oblast
    ).startswith(wanted[:6])


def _in_district(found: list[Settlement], district: str | None) -> list[Settlement]:
    return [s for s in found if _district_matches(s, district)]


def _in_district_matches(found: list[_Match], district: str | None) -> list[_Match]:
    return [m for m in found if _district_matches(m.settlement, district)]


def _is_clear_winner(matches: list[_Match]) -> bool:
    if matches[0].score < ACCEPT_SCORE:
        return False
    return len(matches) == 1 or matches[0].score - matches[1].score >= CLEAR_MARGIN
