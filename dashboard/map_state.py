"""What one map shows, assembled from claims: the pure step between `claims` and folium.

The page (through its caches in `loaders`) and the snapshots both build their maps from these.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from claims.control import ClaimantView, ControlPicture, Dissent
from claims.diff import view_change
from claims.model import Claim
from claims.territory import Piece, PlaceAssertion
from claims.theatre import Theatre
from claims.timing import effective_day
from dashboard.layer_data import (
    GeoJson,
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
    kept: SettlementFeatures | None = None,
) -> DateLayers:
    """One map's layers for the picture's date; `before` (at the compare date) adds the changes.

    `with_age=False`: word texts leave out how many days old a word is (`layer_data.word_age`).
    `kept`: the settlement features of the day before (a timeline's days, ages left out)."""
    view = picture.view(claimant)
    dissent = picture.dissent(view)
    if kept is not None and not with_age:
        settlements = kept.features(view, on=picture.on, dissent=dissent)
        territory = kept.territory(view, on=picture.on)
    else:
        settlements = settlements_geojson(
            view, theatre, claims_about, on=picture.on, dissent=dissent, with_age=with_age
        )
        territory = territory_geojson(view, on=picture.on, with_age=with_age)
    changes = None
    if before is not None:
        dates = (before.on, picture.on)
        changes = changes_geojson(view_change(before.view(claimant), view, theatre, dates=dates))
    compare = before.on if before is not None else None
    return DateLayers(
        date_text=dates_text(picture.on, picture.as_known_on, compare),
        iso=picture.on.isoformat(),
        figures=key_figures(picture, view),
        settlements=settlements,
        territory=territory,
        contested=contested_geojson(picture.contested),
        changes=changes,
        shown=shown,
    )


# What a settlement's feature shows that can change from day to day (word ages left out): the
# view's word about it and whether it is fresh, a fresh word of fighting over it, how many claims
# about it are in effect, and who disagrees (each of these compared by identity).
_Shown = tuple[PlaceAssertion | None, bool, PlaceAssertion | None, int, tuple[Dissent, ...]]


class SettlementFeatures:
    """`settlements_geojson` and `territory_geojson` (word ages left out) for one theatre on
    successive days, each day's features from the day before's: a settlement's feature is made
    again only when something it shows changed (`_Shown`), a piece's only when it is another
    piece or its freshness changed; else the day before's feature object is given again.

    At 100x a day has 18,000 settlements and only a few hundred change; making every feature
    every day was the largest part of building a timeline. Exact as long as a feature shows
    nothing more than `_Shown` names (tests/test_map_state.py compares every day of the bundled
    ledger with `settlements_geojson`). A series' pictures keep their place words and dissent
    tuples as objects from day to day (`claims.control_series`); other pictures just make every
    feature anew.
    """

    def __init__(self, theatre: Theatre, claims_about: Mapping[str, Sequence[Claim]]) -> None:
        self._theatre = theatre
        self._claims_about = claims_about
        self._days_about = {
            sid: sorted(effective_day(c) for c in about) for sid, about in claims_about.items()
        }
        self._claimant: str | None = None
        self._kept: dict[str, tuple[_Shown, GeoJson]] = {}
        self._pieces: dict[int, tuple[Piece, bool, list[GeoJson]]] = {}
        self._fighting: dict[str, tuple[Claim, list[GeoJson]]] = {}

    def territory(self, view: ClaimantView, *, on: date) -> GeoJson:
        """The territory layer of `view` on `on`: `territory_geojson(with_age=False)`, each
        piece's feature made again only when the piece (an object a series keeps while the
        ground it paints is unchanged) or whether its word is fresh changed; each outline of
        fighting only when its word changed."""
        features: list[GeoJson] = []
        pieces: dict[int, tuple[Piece, bool, list[GeoJson]]] = {}
        for piece in view.painted.pieces:
            fresh = view.is_fresh(piece.claim)
            kept = self._pieces.get(id(piece))
            if kept is None or kept[0] is not piece or kept[1] != fresh:
                alone = replace(view.painted, pieces=(piece,), fighting_cells={})
                made = territory_geojson(replace(view, painted=alone), on=on, with_age=False)
                kept = (piece, fresh, made["features"])
            pieces[id(piece)] = kept
            features.extend(kept[2])
        fighting: dict[str, tuple[Claim, list[GeoJson]]] = {}
        for cell_id, claim in view.painted.fighting_cells.items():
            if not view.is_fresh(claim):
                continue  # as `territory_geojson` leaves it out
            outline = self._fighting.get(cell_id)
            if outline is None or outline[0] is not claim:
                alone = replace(view.painted, pieces=(), fighting_cells={cell_id: claim})
                made = territory_geojson(replace(view, painted=alone), on=on, with_age=False)
                outline = (claim, made["features"])
            fighting[cell_id] = outline
            features.extend(outline[1])
        # Only what was drawn today is kept: what went away is let go.
        self._pieces, self._fighting = pieces, fighting
        return {"type": "FeatureCollection", "features": features}

    def features(
        self,
        view: ClaimantView,
        *,
        on: date,
        dissent: Mapping[str, Sequence[Dissent]],
    ) -> GeoJson:
        """The settlements layer of `view` on `on`: `settlements_geojson(with_age=False)`."""
        if view.claimant != self._claimant:
            self._claimant, self._kept = view.claimant, {}
        shown: dict[str, _Shown] = {}
        changed = []
        for settlement in self._theatre.settlements:
            sid = settlement.id
            now = self._shown(view, sid, on, dissent.get(sid, ()))
            kept = self._kept.get(sid)
            if kept is None or not _same(kept[0], now):
                changed.append(settlement)
                shown[sid] = now
        made = settlements_geojson(
            view,
            self._theatre,
            self._claims_about,
            on=on,
            dissent=dissent,
            with_age=False,
            only=changed,
        )["features"]
        for settlement, feature in zip(changed, made, strict=True):
            self._kept[settlement.id] = (shown[settlement.id], feature)
        return {
            "type": "FeatureCollection",
            "features": [self._kept[s.id][1] for s in self._theatre.settlements],
        }

    def _shown(self, view: ClaimantView, sid: str, on: date, dissent: Sequence[Dissent]) -> _Shown:
        word = view.painted.places.get(sid)
        fresh = word is None or view.is_fresh(word.claim)
        fighting = view.painted.fighting.get(sid)
        if fighting is not None and not view.is_fresh(fighting.claim):
            fighting = None
        known = bisect_right(self._days_about.get(sid, ()), on)
        return word, fresh, fighting, known, tuple(dissent)


def _same(before: _Shown, now: _Shown) -> bool:
    """Whether a settlement shows the same: the same objects, the same flags and counts."""
    return (
        before[0] is now[0]
        and before[1] == now[1]
        and before[2] is now[2]
        and before[3] == now[3]
        and len(before[4]) == len(now[4])
        and all(a is b for a, b in zip(before[4], now[4], strict=True))
    )


def _read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
