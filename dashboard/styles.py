"""Colours and line styles: one meaning each, explained in the legend.

Colours are from the Okabe-Ito palette, which stays distinguishable for colour-blind readers and
in greyscale print. Side is carried by colour; how far a claim was checked is carried by the line
(solid, dashed, dotted) so the two never compete.
"""

from __future__ import annotations

from claims.model import Holder, Side, Verification

HOLDER_COLOURS = {
    Holder.UKRAINE: "#0072B2",
    Holder.RUSSIA: "#D55E00",
    Holder.CONTESTED: "#E69F00",
}
SIDE_COLOURS = {
    Side.UKRAINE: "#0072B2",
    Side.RUSSIA: "#D55E00",
    Side.INDEPENDENT: "#009E73",
    Side.OTHER: "#7F7F7F",
}
NO_CLAIM_COLOUR = "#9E9E9E"
# The base map: drawn on every map, so the legend names the border and rivers too.
OBLAST_FILL = "#F4F1EA"
OBLAST_EDGE = "#555555"
RIVER_COLOUR = "#4A90C2"
BORDER_COLOUR = "#111111"
BORDER_DASH = "10 4 2 4"
# Settlement symbols: a town is a large dot with a heavy ring, a village a small dot; a place with
# no claim is smaller still, so the ~900 places of the gazetteer do not bury the claimed ones.
MARKER_EDGE = "#222222"
APPROXIMATE_EDGE = "#777777"
MARKER_RADIUS = {"town": 7.0, "village": 4.5, "unclaimed": 2.5}
TOWN_RING_WEIGHT = 3.0

# Changes since a compare date are hatched in the side colour of who gained (or lost) them, over
# the ground's own colour: stripes, not a fill, so no third hue appears where they overlap it.
CHANGE_KINDS = ("gained", "lost")

# Ground asserted for Russia inside Russia is the pre-war normal: drawn faintly, so the claims that
# change something stand out.
FILL_OPACITY = {Holder.UKRAINE: 0.35, Holder.RUSSIA: 0.12, Holder.CONTESTED: 0.4}

# A stale word (older than the fresh window) is still drawn, faintly and with a sparse dotted edge,
# so the eye reads it as "said long ago", never as today's ground.
STALE_FILL_OPACITY = 0.08
STALE_DASH = "1 6"
# Live disagreement is an outline over the latest word's colour, never a fill of its own: a fill
# would mix with the colour under it into hues the legend cannot explain.
DISAGREE_COLOUR = "#000000"
DISAGREE_DASH = "6 4"
FIGHTING_DASH = "3 4"
HOLDER_PHRASES = {
    Holder.UKRAINE: "held by Ukraine",
    Holder.RUSSIA: "held by Russia",
    Holder.CONTESTED: "fighting reported",
}

INDEPENDENT_CHECK = frozenset({Verification.ASSESSED_INDEPENDENT, Verification.CORROBORATED})
DISPUTED = frozenset({Verification.DISPUTED, Verification.REFUTED, Verification.RETRACTED})


def dash_for(verification: Verification) -> str | None:
    """Solid for checked by an independent source, dotted for disputed, dashed otherwise."""
    if verification in INDEPENDENT_CHECK:
        return None
    if verification in DISPUTED:
        return "2 6"
    return "8 6"


def verification_label(verification: Verification) -> str:
    return verification.value.replace("_", " ")


def hatch_id(holder: Holder, kind: str) -> str:
    """The id of the SVG pattern that hatches a side's gains or losses (`map_elements`)."""
    return f"frontline-hatch-{holder.value}-{kind}"


def change_style(holder: Holder, kind: str) -> dict[str, object]:
    """Gains hatched one way with a solid edge; losses nobody gained the other way, dashed."""
    return {
        "color": HOLDER_COLOURS[holder],
        "fillColor": f"url(#{hatch_id(holder, kind)})",
        "fillOpacity": 1.0,
        "weight": 2.5,
        "dashArray": None if kind == "gained" else "6 3",
    }
