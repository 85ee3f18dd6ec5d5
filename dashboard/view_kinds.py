"""The kinds a view is made of: its mode, the map's layers and the opening frame. Pure values.

Kept apart from `map_builder` (which imports folium) so that the view state, the controls and the
snapshot command can name a mode or a layer without loading the map machinery. The enums are
`StrEnum`s because their values travel as text: in the URL, in widget state and in the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Mode(StrEnum):
    """Whose words the page draws: the latest word, one claimant, or two side by side."""

    COMPOSITE = "composite"
    SINGLE = "single"
    PAIR = "pair"


class MapLayer(StrEnum):
    """A layer the map can draw and the reader can switch off (`layers=` in the URL)."""

    TERRITORY = "territory"
    CONTESTED = "contested"
    CHANGES = "changes"
    SETTLEMENTS = "settlements"


MODES = tuple(Mode)
LAYER_NAMES = {
    MapLayer.TERRITORY: "Asserted territory",
    MapLayer.CONTESTED: "Claimants disagree (fresh words)",
    MapLayer.CHANGES: "Changes since compare date",
    MapLayer.SETTLEMENTS: "Settlements",
}
ALL_LAYERS = tuple(MapLayer)
DEFAULT_CENTER = (51.28, 35.15)
DEFAULT_ZOOM = 9


def layer_keys(requested: Iterable[str]) -> frozenset[MapLayer]:
    """The known layers among `requested` (URL text); anything else is dropped.

    >>> sorted(layer_keys(["settlements", "nonsense", "territory"]))
    [<MapLayer.SETTLEMENTS: 'settlements'>, <MapLayer.TERRITORY: 'territory'>]
    """
    known = {layer.value: layer for layer in MapLayer}
    return frozenset(known[k] for k in requested if k in known)
