"""How each unit of a stated figure reads in text: "km deep", not `km_depth`.

Machine output (JSON, exports) keeps the units' stable codes (`Unit` values); people read these.
"""

from __future__ import annotations

from claims.model import Unit

UNIT_LABELS: dict[Unit, tuple[str, str]] = {
    # unit: (label for one, label for several)
    Unit.KM2: ("km²", "km²"),
    Unit.SETTLEMENTS: ("settlement", "settlements"),
    Unit.KM_DEPTH: ("km deep", "km deep"),
    Unit.KM_FRONT: ("km of front", "km of front"),
    Unit.PERSONNEL_KILLED: ("personnel killed", "personnel killed"),
    Unit.PERSONNEL_WOUNDED: ("personnel wounded", "personnel wounded"),
    Unit.PERSONNEL_TOTAL: ("personnel (total)", "personnel (total)"),
    Unit.PERSONNEL_CAPTURED: ("personnel captured", "personnel captured"),
    Unit.TANKS: ("tank", "tanks"),
    Unit.ARMOURED_VEHICLES: ("armoured vehicle", "armoured vehicles"),
    Unit.ARTILLERY: ("artillery system", "artillery systems"),
}


def unit_label(unit: Unit, value: float) -> str:
    """The unit as words, singular for exactly one."""
    one, several = UNIT_LABELS[unit]
    return one if value == 1 else several


def counted(value: float, unit: Unit) -> str:
    """A number with its unit: "1,263 km²", "1 settlement", "2.5 km deep"."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{number} {unit_label(unit, value)}"
