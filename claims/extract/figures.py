"""Stated numbers: value, unit and range ("more than 1,200 square kilometres", "up to 30 km",
"between 1 and 3 km", "свыше 49 тысяч военнослужащих", "40 кв. км", "74 населені пункти").

Only a number followed by a unit this module knows becomes a figure: dates, ordinals ("10-й
Октябрь") and bare numbers stay out. Whose ground or losses a number is about is left to the caller
(see `claims.extract.sides`), which knows the holder and the claimant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_THOUSAND = r"(?:\s*(?:thousand|тыс\.|тысяч[аиу]?|тис\.|тисяч[аі]?))?"
_AREA = (
    r"square kilomet(?:er|re)s?|sq\.? ?km|km²|km2|кв\.? ?км\.?|км²|км2|"
    r"квадратн\w+ километр\w*|квадратн\w+ кілометр\w*"
)
_LENGTH = r"kilomet(?:er|re)s?|km|километр\w*|км|кілометр\w*"
_SETTLEMENTS = (
    r"villages?|settlements?|towns?|localities|населённ\w* пункт\w*|населенн\w* пункт\w*|"
    r"населен\w* пункт\w*|сёл|сел[оа]?|сіл|села|н\.\s?п\."
)
_PERSONNEL = (
    r"troops|soldiers|servicemen|service members|personnel|fighters|militants|men|"
    r"военнослужащ\w*|военн\w*|бойц\w*|боевик\w*|солдат\w*|человек|"
    r"військовослужбов\w*|військов\w*|бійц\w*|солдат\w*|окупант\w*|осіб|особового складу"
)
_TANKS = r"tanks?|танк\w*"
_ARMOUR = (
    r"armou?red (?:combat )?vehicles|armou?red personnel carriers|APCs|IFVs|infantry fighting vehicles|"
    r"бронетехник\w*|бронемашин\w*|боев\w+ бронированн\w+ машин\w*|ББМ|бронетранспорт\w*|"
    r"бойов\w+ броньован\w+ машин\w*"
)
_ARTILLERY = r"artillery (?:pieces|systems|guns)|guns|орудий|артиллерийск\w+ систем\w*|артилерійськ\w+ систем\w*|гармат\w*"
_KILLED = r"killed|dead|irretrievabl\w*|убит\w*|погибш\w*|безвозвратн\w*|уничтожен\w+ (?:военнослужащ|боевик)\w*|вбит\w*|загибл\w*|ліквідован\w*|безповоротн\w*"
_WOUNDED = r"wounded|injured|ранен\w*|поранен\w*"
_CAPTURED = r"captured|prisoners?|taken prisoner|пленн\w*|в плен\w*|полонен\w*|в полон\w*"
_FRONT = r"front|фронт\w*"
_KILLED_AND_WOUNDED = re.compile(
    rf"(?:\w+\s+)?(?:{_KILLED})\s+(?:and|и|і|та|or|или)\s+(?:{_WOUNDED})", re.IGNORECASE
)

_UNIT_AFTER = re.compile(
    rf"^\s*(?:of\s+)?(?:(?:russian|ukrainian|enemy|north korean|российск\w+|украинск\w+|"
    rf"російськ\w+|українськ\w+|вражеск\w+|ворож\w+)\s+)?"
    rf"(?P<unit>(?P<area>{_AREA})|(?P<settlements>{_SETTLEMENTS})|(?P<length>{_LENGTH})|"
    rf"(?P<personnel>{_PERSONNEL})|(?P<tanks>{_TANKS})|(?P<armour>{_ARMOUR})|(?P<artillery>{_ARTILLERY})|"
    rf"(?P<state>{_KILLED}|{_WOUNDED}|{_CAPTURED}))(?![\w])",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(rf"(?<![\w.,-])(?P<number>{_NUMBER}){_THOUSAND}", re.IGNORECASE)
_RANGE = re.compile(
    rf"(?:between|from|от|від)\s+(?P<low>{_NUMBER}){_THOUSAND}\s*(?:and|to|до)\s+(?P<high>{_NUMBER}){_THOUSAND}"
    rf"|(?P<low2>{_NUMBER})\s*[-–—]\s*(?P<high2>{_NUMBER}){_THOUSAND}(?=\s)",
    re.IGNORECASE,
)
_MORE_THAN = re.compile(
    r"(?:more than|over|exceeding|in excess of|above|at least|upwards of|more then|"
    r"более(?: чем)?|свыше|больше|не менее|понад|більше(?: ніж)?|більш як|щонайменше)\s*$",
    re.IGNORECASE,
)
_UP_TO = re.compile(
    r"(?:up to|as many as|no more than|до|не более|не більше|до)\s*$", re.IGNORECASE
)
_ORDINAL = re.compile(r"^-?(?:й|я|го|th|st|nd|rd|е|ї|і)\b", re.IGNORECASE)
_INCREMENTAL = re.compile(
    r"\b(?:another|further|additional|past day|past 24 hours|за сутки|за последние сутки|"
    r"ещё|еще|ще|протягом доби|за добу|за минулу добу)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class StatedNumber:
    """One figure as the text states it; `about` is set by the caller."""

    value: float
    unit: str
    low: float | None
    high: float | None
    incremental: bool
    span_start: int
    span_end: int
    confidence: float


def stated_numbers(text: str, offset: int = 0) -> list[StatedNumber]:
    """The figures of one sentence, in order; spans are offsets into the whole report."""
    found: list[StatedNumber] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        low = _number(match["low"] or match["low2"], match.group(0))
        high = _number(match["high"] or match["high2"], match.group(0))
        unit = _unit_at(text, match.end())
        if unit is None or low is None or high is None or high < low:
            continue
        name, unit_end = unit
        value = (low + high) / 2
        found.append(_stated(text, offset, match.start(), unit_end, value, name, low, high))
        taken.append((match.start(), unit_end))
    for match in _NUMBER_RE.finditer(text):
        if any(s <= match.start() < e for s, e in taken) or _ORDINAL.match(text[match.end() :]):
            continue
        number = _number(match["number"], match.group(0))
        unit = _unit_at(text, match.end())
        if unit is None or number is None:
            continue
        name, unit_end = unit
        before = text[max(0, match.start() - 30) : match.start()]
        low = number if _MORE_THAN.search(before) else None
        high = number if _UP_TO.search(before) and low is None else None
        start = match.start() - len(before) + (_qualifier_start(before))
        found.append(_stated(text, offset, start, unit_end, number, name, low, high))
    return sorted(found, key=lambda n: n.span_start)


def _qualifier_start(before: str) -> int:
    qualifier = _MORE_THAN.search(before) or _UP_TO.search(before)
    return qualifier.start() if qualifier else len(before)


def _stated(
    text: str, offset: int, start: int, end: int, value: float, unit: str,
    low: float | None, high: float | None,
) -> StatedNumber:  # fmt: skip
    window = text[max(0, start - 60) : end + 30]
    return StatedNumber(
        value=value,
        unit=unit,
        low=low,
        high=high,
        incremental=bool(_INCREMENTAL.search(window)),
        span_start=offset + start,
        span_end=offset + end,
        confidence=0.9 if unit != "km_depth" else 0.75,
    )


def _number(raw: str, whole: str) -> float | None:
    digits = re.sub(r"[,\u00a0\u202f ](?=\d{3}\b)", "", raw).replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    if re.search(r"thousand|тыс|тис", whole, re.IGNORECASE):
        value *= 1000
    return value


def _unit_at(text: str, position: int) -> tuple[str, int] | None:
    """The unit named right after a number, and where it ends."""
    after = text[position : position + 80]
    match = _UNIT_AFTER.match(after)
    if match is None:
        return None
    end = position + match.end()
    if match["area"]:
        return "km2", end
    if match["settlements"]:
        return "settlements", end
    if match["length"]:
        front = re.search(rf"\b(?:{_FRONT})", text[max(0, position - 40) : end + 30], re.I)
        return ("km_front" if front else "km_depth"), end
    if match["tanks"]:
        return "tanks", end
    if match["armour"]:
        return "armoured_vehicles", end
    if match["artillery"]:
        return "artillery", end
    return _personnel_unit(text, position, end, bool(match["state"])), end


def _personnel_unit(text: str, number_end: int, unit_end: int, state_given: bool) -> str:
    """killed / wounded / captured from the words right after the unit (or the unit itself)."""
    look = text[number_end : unit_end + 40] if state_given else text[unit_end : unit_end + 40]
    if _KILLED_AND_WOUNDED.match(look.strip()):
        return "personnel_total"  # "killed and wounded": the casualties together
    look = re.split(r"[,;]| and | и | і | та ", look, maxsplit=1)[0] if not state_given else look
    for pattern, unit in (
        (_KILLED, "personnel_killed"),
        (_WOUNDED, "personnel_wounded"),
        (_CAPTURED, "personnel_captured"),
    ):
        if re.search(pattern, look, re.IGNORECASE):
            return unit
    return "personnel_total"
