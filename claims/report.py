"""Plain data (dicts) of control pictures and changes, for JSON and text output.

Text is for people: only claimants with something to say (or named), units in words, no zero
changes. JSON is for programs: every key is always present and units keep their codes
(`km_depth`); `silent_claimants` names the claimants left out of `claimants`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claims.control import ClaimantView, ControlPicture, Scope
from claims.diff import ClaimantChange, SideChange
from claims.figures import StatedFigure
from claims.model import Holder
from claims.theatre import Theatre
from claims.unit_labels import counted

# Areas print to 0.1 km²: anything smaller would read "0.0 km²", which says nothing.
SHOWN_KM2 = 0.05

Json = dict[str, Any]


def shown_views(picture: ControlPicture, named: Sequence[str] = ()) -> tuple[ClaimantView, ...]:
    """The views named (in that order), or every claimant with something to say by the date."""
    if named:
        return tuple(picture.view(n) for n in named)
    return tuple(v for v in picture.claimants if has_word(v))


def has_word(view: ClaimantView) -> bool:
    """Whether a claimant has said anything by the date: ground, a place, or a figure."""
    return bool(view.painted.pieces or view.painted.places or view.stated)


def picture_json(picture: ControlPicture, theatre: Theatre, named: Sequence[str] = ()) -> Json:
    views = shown_views(picture, named)
    shown = {v.claimant for v in views}
    return {
        "date": picture.on.isoformat(),
        "as_known_on": picture.as_known_on.isoformat() if picture.as_known_on else None,
        "claimants": [_view_json(v, theatre) for v in views],
        "silent_claimants": [v.claimant for v in picture.claimants if v.claimant not in shown],
        "composite": {"held": _held_json(picture.composite, theatre)},
        "sides": [
            {"view": v.claimant, "side": v.side.value, "held": _held_json(v, theatre)}
            for v in picture.sides
        ],
        "contested_km2": round(picture.contested_km2, 1),
        "disagree_km2": round(picture.contested_km2, 1),
        "fighting_km2": round(picture.fighting.km2, 1),
        "footprint_km2": round(picture.footprint.km2, 1),
        "fresh_days": picture.fresh_days,
        "areas": (
            "held area_km2 counts fresh words within the footprint (ground anyone ever asserted "
            "Ukrainian-held or contested); stale_km2 is ground whose latest word is older than "
            "fresh_days; oblast_km2 is fresh ground in the whole oblast"
        ),
    }


def stated_json(stated: StatedFigure) -> Json:
    figure = stated.figure
    return {
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "unit": figure.unit.value,
        "basis": figure.basis.value,
        "about": stated.about.value if stated.about else None,
        "claim_id": stated.claim.id,
        "published": stated.claim.published.isoformat(),
        "refers_to": stated.claim.refers_to.isoformat(),
    }


def change_json(change: ClaimantChange) -> Json:
    return {
        "claimant": change.claimant,
        "from": change.before.isoformat(),
        "to": change.after.isoformat(),
        "sides": {
            side.holder.value: {
                "gained_km2": round(side.gained_km2, 1),
                "lost_km2": round(side.lost_km2, 1),
                "settlements_gained": list(side.settlements_gained),
                "settlements_lost": list(side.settlements_lost),
            }
            for side in change.sides
        },
    }


def picture_text(picture: ControlPicture, theatre: Theatre, named: Sequence[str] = ()) -> str:
    when = picture.on.isoformat()
    known = f" (as known on {picture.as_known_on})" if picture.as_known_on else ""
    lines = [f"Asserted control on {when}{known}: claims, not verified facts", ""]
    views = shown_views(picture, named)
    for view in (picture.composite, *views) if not named else views:
        lines.extend(_view_text(view, theatre))
    silent = len(picture.claimants) - len(views) if not named else 0
    if silent:
        lines.append(f"({silent} other claimant{_s(silent)} had said nothing by {when})")
    fresh = f"{picture.fresh_days} days" if picture.fresh_days else "no limit"
    lines.append(f"\nClaimants disagree (fresh words): {picture.contested_km2:,.1f} km²")
    lines.append(f"Fighting reported (latest word): {picture.fighting.km2:,.1f} km²")
    lines.append(
        f"Areas are fresh words (window {fresh}) within the footprint of "
        f"{picture.footprint.km2:,.1f} km² (ground anyone asserted Ukrainian-held or contested)"
    )
    return "\n".join(lines)


def _view_text(view: ClaimantView, theatre: Theatre) -> list[str]:
    lines = [f"{view.claimant} [{view.side.value}]"]
    for holder in Holder:
        places = view.settlements_held(holder, theatre)
        area, stale = view.area_km2(holder), view.stale_km2(holder)
        if area < SHOWN_KM2 and not places and stale < SHOWN_KM2:
            continue
        stale_text = f"  (stale: {stale:,.1f} km²)" if stale >= SHOWN_KM2 else ""
        settlements = f"{len(places)} settlement{_s(len(places))}"
        lines.append(f"  {holder.value:<10} {area:8,.1f} km²  {settlements:>15}{stale_text}")
    lines.extend(f"  stated: {_stated_text(s)}" for s in view.stated)
    lines.extend(f"  {c.text}" for c in view.coverage())
    if len(lines) == 1:
        lines.append("  nothing to show in the oblast on this date")
    return lines


def has_change(change: ClaimantChange) -> bool:
    """Whether anything a claimant asserts moved between the two dates (to the 0.1 km² shown)."""
    return any(_side_changed(side) for side in change.sides)


def changes_text(changes: Sequence[ClaimantChange], *, keep_unchanged: bool = False) -> str:
    """The changes worth reading; `keep_unchanged` says "no change" for the rest (named ones)."""
    shown = [c for c in changes if keep_unchanged or has_change(c)]
    if not shown and changes:
        first = changes[0]
        return f"No claimant's word changed between {first.before} and {first.after}"
    return "\n".join(change_text(c) for c in shown)


def change_text(change: ClaimantChange) -> str:
    lines = [f"{change.claimant}: {change.before} → {change.after}"]
    lines.extend(_side_change_text(side) for side in change.sides if _side_changed(side))
    if len(lines) == 1:
        lines.append("  no change")
    return "\n".join(lines)


def _side_changed(side: SideChange) -> bool:
    moved = side.gained_km2 >= SHOWN_KM2 or side.lost_km2 >= SHOWN_KM2
    return moved or bool(side.settlements_gained or side.settlements_lost)


def _side_change_text(side: SideChange) -> str:
    parts = []
    for verb, km2, places in (
        ("gained", side.gained_km2, side.settlements_gained),
        ("lost", side.lost_km2, side.settlements_lost),
    ):
        if km2 < SHOWN_KM2 and not places:
            continue
        area = f" {km2:,.1f} km²" if km2 >= SHOWN_KM2 else ""
        named = f" ({', '.join(places)})" if places else ""
        parts.append(f"{verb}{area}{named}")
    return f"  {side.holder.value:<8} " + "; ".join(parts)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _view_json(view: ClaimantView, theatre: Theatre) -> Json:
    return {
        "claimant": view.claimant,
        "side": view.side.value,
        "held": _held_json(view, theatre),
        "stated": [stated_json(s) for s in view.stated],
        "coverage": [
            {
                "holder": c.holder.value,
                "stated_km2": c.stated_km2,
                "mapped_km2": round(c.mapped_km2, 1),
            }
            for c in view.coverage()
        ],
    }


def _held_json(view: ClaimantView, theatre: Theatre) -> Json:
    return {
        holder.value: {
            "area_km2": round(view.area_km2(holder), 1),
            "stale_km2": round(view.stale_km2(holder), 1),
            "oblast_km2": round(view.area_km2(holder, scope=Scope.OBLAST), 1),
            "settlements": view.settlements_held(holder, theatre),
        }
        for holder in Holder
    }


def _stated_text(stated: StatedFigure) -> str:
    figure = stated.figure
    low = f"{figure.low:,.0f}" if figure.low is not None else "?"
    high = f"{figure.high:,.0f}" if figure.high is not None else "?"
    span = f" (range {low}–{high})" if figure.low is not None or figure.high is not None else ""
    about = f" about {stated.about.value.title()}" if stated.about else ""
    return f"{counted(figure.value, figure.unit)}{span}{about} [{stated.claim.id}]"
