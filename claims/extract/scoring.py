"""How well extracted candidates match claims written out by hand.

A candidate matches an expected claim when the side is the same, `refers_to` lies within one day
(or within the coarser of the two precisions: seven days for a week, 31 for a month), and either a
figure matches (same unit, value within 1 %) or the holder is the same and the candidate names at
least half of the expected settlements (an expected claim naming none is met by the holder alone;
names compare folded, without their district qualifier).
Each expected claim is matched at most once, greedily in order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from geodata.names import fold_name

Record = Mapping[str, object]
_TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 31}
FIGURE_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    expected: int
    found: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def matches(candidate: Record, expected: Record) -> bool:
    """Whether one candidate record states the expected claim (see the module docstring)."""
    if candidate.get("side") != expected.get("side"):
        return False
    if not _close_in_time(candidate, expected):
        return False
    if _figure_matches(candidate, expected):
        return True
    if expected.get("holder") is None or candidate.get("holder") != expected.get("holder"):
        return False
    wanted = {_name(s) for s in _list(expected.get("settlements"))}
    if not wanted:
        return True
    named = {_name(s) for s in _list(candidate.get("settlements"))}
    return len(wanted & named) * 2 >= len(wanted)


def score(name: str, candidates: Sequence[Record], expected: Sequence[Record]) -> Score:
    unmatched = list(expected)
    matched = 0
    for candidate in candidates:
        hit = next((e for e in unmatched if matches(candidate, e)), None)
        if hit is not None:
            unmatched.remove(hit)
            matched += 1
    return Score(name, len(expected), len(candidates), matched)


def _close_in_time(candidate: Record, expected: Record) -> bool:
    found, wanted = candidate.get("refers_to"), expected.get("refers_to")
    if not isinstance(found, date) or not isinstance(wanted, date):
        return False
    precisions = (str(candidate.get("precision", "day")), str(expected.get("precision", "day")))
    tolerance = max(_TOLERANCE_DAYS.get(p, 1) for p in precisions)
    return abs((found - wanted).days) <= tolerance


def _figure_matches(candidate: Record, expected: Record) -> bool:
    for wanted in _list(expected.get("figures")):
        for found in _list(candidate.get("figures")):
            if not isinstance(wanted, Mapping) or not isinstance(found, Mapping):
                continue
            if wanted.get("unit") != found.get("unit"):
                continue
            want, got = float(str(wanted.get("value"))), float(str(found.get("value")))
            if abs(got - want) <= FIGURE_TOLERANCE * max(abs(want), 1e-9):
                return True
    return False


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _name(value: object) -> str:
    """A settlement name folded, its district qualifier dropped: "Yuzhny (Sudzhansky)" and an
    expected "Yuzhny" name the same place for scoring."""
    return fold_name(str(value).split("(")[0])
