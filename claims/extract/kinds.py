"""What a statement claims happened, and for whom: took, retook, liberated, advanced, repelled,
thwarted, attacked, holds, fighting; in English, Russian and Ukrainian.

Each trigger names a ledger kind and how to find the holder: the side named just before it (the
actor: "Ukrainian forces attacked", "ВСУ атаковали"), the claimant's own side when the verb has no
actor ("были освобождены", "відбито", "liberated"), or the side opposite to the one attacked
("they were attacked").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTOR, OWN, OPPOSITE_OF_TARGET, CONTESTED = "actor", "own", "opposite", "contested"


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    holder_rule: str
    extent: str | None
    span_start: int
    span_end: int
    confidence: float


_TRIGGERS: tuple[tuple[str, str, str, str | None, float], ...] = (
    # repelled / thwarted: the defender holds
    (r"\b(?:repelled|repulsed|thwarted|fought off|foiled|beat back|beaten back|stopped|"
     r"отразил\w*|отбил\w*|отбит\w*|сорвал\w*|сорван\w*|отражен\w*|пресечен\w*|"
     r"відбил\w*|відбито|відбили|зірвал\w*|зірвано|відбивають)\b", "repelled_attack", ACTOR, None, 0.8),
    # fighting in a place: nobody is said to hold it
    (r"\b(?:fighting (?:is |was )?(?:going on|under way|continues|raging) in|fighting in|battles? (?:for|in)|"
     r"бои идут|идут бои|ведутся бои|бои (?:за|в)|тривають бої|точаться бої|бої (?:за|в|у))\b", "settlement_control", CONTESTED, "fighting", 0.7),
    # took / retook / liberated
    (r"\b(?:retook|retaken|recaptured|regained|reclaimed|liberated|took back|taken back|"
     r"освободил\w*|освобожден\w*|освобождён\w*|освобождени\w*|вернул\w* под (?:свой )?контроль|"
     r"звільнил\w*|звільнен\w*|звільнено|повернул\w* під контроль)\b", "capture", ACTOR, "held", 0.85),
    (r"\b(?:took|taken|captured|seized|occupied|took control of|taken control of|"
     r"взял\w*|занял\w*|захватил\w*|установил\w* контроль|перешл\w* под (?:свой |наш )?контроль|"
     r"под контроль [\w ]{0,40}?перешл\w*|перейшл\w* під контроль|під контроль [\w ]{0,40}?перейшл\w*|"
     r"cleared|зачистил\w*|зачищен\w*|"
     r"зайнял\w*|захопил\w*|взяли під (?:свій )?контроль|взяли під контроль|встановил\w* контроль)\b", "capture", ACTOR, "held", 0.8),
    # advanced
    (r"\b(?:advanced|advancing|advances|pushed (?:forward|deeper)|made gains|"
     r"продвинул\w*|продвижени\w*|продвига\w*|просунул\w*|просування|просуваються)\b", "advance", ACTOR, None, 0.75),
    # attacked (an offensive began)
    (r"\b(?:attacked|launched (?:an? )?(?:new )?(?:attack|offensive|counter-?attack|counter-?offensive)|"
     r"offensive began|counter-?attacked|were attacked|was attacked|came under attack|"
     r"атаковал\w*|атакован\w*|контратаковал\w*|перешл\w* в наступление|начал\w* наступление|"
     r"атакувал\w*|атаковані|перейшл\w* в наступ|розпочал\w* наступ)\b", "attack", ACTOR, None, 0.7),
    # holds / controls
    (r"\b(?:control over|controls?|in control of|under (?:its|their|our|ukrainian|russian) control|"
     r"holds?|holding|"
     r"под контролем|контролиру\w+|удержива\w+|удерживают|"
     r"під контролем|контролю\w+|утриму\w+)\b", "settlement_control", ACTOR, "held", 0.7),
)  # fmt: skip
_COMPILED = tuple(
    (re.compile(p, re.IGNORECASE), kind, rule, extent, conf)
    for p, kind, rule, extent, conf in _TRIGGERS
)
PASSIVE = re.compile(
    r"\b(?:were|was|been|being)\s+(?:\w+\s+)?(?:attacked|liberated|retaken|recaptured|repelled|"
    r"thwarted|captured|taken)\b|\b(?:освобожден\w*|освобождён\w*|отбит\w*|сорван\w*|атакован\w*|"
    r"отражен\w*|звільнен\w*|звільнено|відбито|зірвано|атаковані)\b",
    re.IGNORECASE,
)


def triggers_in(text: str, start: int, end: int) -> list[Trigger]:
    """The claim triggers of one sentence; one per stretch of text, strongest pattern first."""
    found: list[Trigger] = []
    for pattern, kind, rule, extent, confidence in _COMPILED:
        for match in pattern.finditer(text, start, end):
            if any(t.span_start < match.end() and match.start() < t.span_end for t in found):
                continue
            word = match.group(0)
            if rule == ACTOR and kind == "attack" and PASSIVE.fullmatch(word):
                rule = OPPOSITE_OF_TARGET
            elif rule == ACTOR and PASSIVE.fullmatch(word):
                rule = OWN
            found.append(Trigger(kind, rule, extent, match.start(), match.end(), confidence))
    return sorted(found, key=lambda t: t.span_start)
