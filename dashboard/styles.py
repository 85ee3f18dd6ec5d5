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
GAIN_COLOUR = "#009E73"
LOSS_COLOUR = "#CC79A7"

# Ground asserted for Russia inside Russia is the pre-war normal: drawn faintly, so the claims that
# change something stand out.
FILL_OPACITY = {Holder.UKRAINE: 0.35, Holder.RUSSIA: 0.12, Holder.CONTESTED: 0.4}

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
