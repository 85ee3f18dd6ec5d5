"""Which side a stretch of text speaks of: actors before a verb, whose losses a number counts."""

from __future__ import annotations

import re

UKRAINE, RUSSIA = "ukraine", "russia"
_SIDE_WORD = re.compile(
    r"(?P<ukraine>\b(?:ukrain\w*|kyiv\w*|kiev\w*|украин\w+|україн\w+|всу|зсу|сил\w* оборони)\b)"
    r"|(?P<russia>\b(?:russia\w*|moscow\w*|north korean\w*|российск\w+|русск\w+|россия\w*|росси\w+|"
    r"російськ\w+|росіян\w*|рф|вс россии)\b)"
    r"|(?P<enemy>\b(?:enemy|противник\w*|враг\w*|ворог\w*|ворож\w+|оккупант\w*|окупант\w*)\b)"
    r"|(?P<own>\b(?:its|our|наш\w*|свои\w*|свій|своїх)\b)",
    re.IGNORECASE,
)


def opposite(side: str) -> str:
    return RUSSIA if side == UKRAINE else UKRAINE


def sides_in(text: str, start: int, end: int, claimant_side: str) -> list[tuple[int, str]]:
    """(position, side) of each side word between start and end; "enemy" and "our" resolved
    against the claimant's side."""
    found: list[tuple[int, str]] = []
    for match in _SIDE_WORD.finditer(text, start, end):
        if match["ukraine"]:
            found.append((match.start(), UKRAINE))
        elif match["russia"]:
            found.append((match.start(), RUSSIA))
        elif claimant_side in (UKRAINE, RUSSIA):
            own = bool(match["own"])
            found.append((match.start(), claimant_side if own else opposite(claimant_side)))
    return found


def nearest_before(text: str, start: int, end: int, claimant_side: str) -> str | None:
    found = sides_in(text, start, end, claimant_side)
    return found[-1][1] if found else None


def losses_side(
    text: str, sentence_start: int, number_start: int, number_end: int, claimant_side: str
) -> tuple[str | None, float]:
    """Whose losses a number counts: a side named right after it ("15,000 Russian soldiers"), else
    the nearest one before it in the sentence ("Ukraine had suffered losses exceeding 49,000"),
    else the side opposite the claimant (each side counts the other's losses)."""
    after = sides_in(text, number_end - 40, number_end, claimant_side)
    after = [(p, s) for p, s in after if p >= number_start]
    if after:
        return after[0][1], 0.85
    before = nearest_before(text, sentence_start, number_start, claimant_side)
    if before:
        return before, 0.7
    if claimant_side in (UKRAINE, RUSSIA):
        return opposite(claimant_side), 0.4
    return None, 0.0
