"""What one map shows, assembled from claims: the pure step between `claims` and folium.

The page (through its caches in `loaders`) and the snapshots both build their maps from these.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from claims.control import ControlPicture
from claims.diff import view_change
from claims.model import Claim
from claims.theatre import Theatre
from dashboard.layer_data import (
    changes_geojson,
    contested_geojson,
    display_collection,
    place_catalogue,
    settlement_labels_geojson,
    settlements_geojson,
    territory_geojson,
)
from dashboard.map_builder import CREDITS, BaseLayers, DateLayers
from dashboard.view_kinds import MapLayer
from dashboard.wording import dates_text, key_figures
from geodata.layers import DATA_DIR


def base_layers_for(theatre: Theatre, claims_about: Mapping[str, Sequence[Claim]]) -> BaseLayers:
    """Everything on the map that does not change with the date, for one ledger."""
    return BaseLayers(
        oblasts=display_collection(_read_json(DATA_DIR / "oblasts.geojson")),
        border=display_collection(_read_json(DATA_DIR / "border.geojson")),
        rivers=display_collection(_read_json(DATA_DIR / "rivers.geojson")),
        credits=CREDITS,
        labels=settlement_labels_geojson(theatre, claims_about),
        catalogue=place_catalogue(theatre, claims_about),
    )


def date_layers_for(
    picture: ControlPicture,
    before: ControlPicture | None,
    claimant: str,
    theatre: Theatre,
    claims_about: Mapping[str, Sequence[Claim]],
    *,
    shown: frozenset[MapLayer],
    with_age: bool = True,
) -> DateLayers:
    """One map's layers for the picture's date; `before` (at the compare date) adds the changes.

    `with_age=False`: word texts leave out how many days old a word is (`layer_data.word_age`)."""
    view = picture.view(claimant)
    changes = None
    if before is not None:
        dates = (before.on, picture.on)
        changes = changes_geojson(view_change(before.view(claimant), view, theatre, dates=dates))
    compare = before.on if before is not None else None
    return DateLayers(
        date_text=dates_text(picture.on, picture.as_known_on, compare),
        iso=picture.on.isoformat(),
        figures=key_figures(picture, view),
        settlements=settlements_geojson(
            view,
            theatre,
            claims_about,
            on=picture.on,
            dissent=picture.dissent(view),
            with_age=with_age,
        ),
        territory=territory_geojson(view, on=picture.on, with_age=with_age),
        contested=contested_geojson(picture.contested),
        changes=changes,
        shown=shown,
    )


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
