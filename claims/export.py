"""What the map shows, and the ledger itself, as finished data: GeoJSON, GeoPackage, KML, CSV.

A view is two layers: `territory` (one feature per claimant per holder: the ground asserted on the
date, with the claims that paint it, their dates and sources) and `settlements` (one point per
claimant per settlement named as held, with the claim that decides it). Geometries are WGS 84.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from claims.atomic import write_atomically
from claims.control import ClaimantView, ControlPicture
from claims.model import Claim, Holder, Ledger, Provenance
from claims.theatre import Theatre
from geodata.crs import STORAGE_CRS, area_km2

FORMATS = ("geojson", "gpkg", "kml", "csv")
MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
}
Tables = Mapping[str, gpd.GeoDataFrame]
TERRITORY_COLUMNS = (
    "claimant", "side", "holder", "word", "date", "area_km2", "claim_ids", "refers_from",
    "refers_until", "sources", "publishers", "attribution",
)  # fmt: skip
SETTLEMENT_COLUMNS = (
    "claimant", "side", "holder", "word", "date", "settlement_id", "settlement", "claim_id",
    "refers_to", "published", "source", "publisher",
)  # fmt: skip
NUMERIC_COLUMNS = frozenset({"area_km2"})
# What GDAL's LIBKML driver adds to every layer it reads; `Name` is what Google Earth labels.
KML_FIELDS = (
    "id", "Name", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate",
    "extrude", "visibility", "drawOrder", "icon", "snippet",
)  # fmt: skip


def view_tables(
    picture: ControlPicture, theatre: Theatre, *, claimants: Sequence[str] | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """The `territory` and `settlements` layers of a picture, for the chosen claimants (or all).

    Parameters
    ----------
    picture
        The picture of one date.
    theatre
        Names settlements and says which are in the home region.
    claimants
        Views to export (claimant names or composite/side view names); all claimants when `None`.

    Returns
    -------
    dict
        ``{"territory": ..., "settlements": ...}``, GeoDataFrames in WGS 84. Raises `KeyError` for
        an unknown claimant.
    """
    views = [picture.view(c) for c in claimants] if claimants else list(picture.claimants)
    day = picture.on.isoformat()
    territory = [row for v in views for row in _territory_rows(v, theatre, day)]
    settlements = [row for v in views for row in _settlement_rows(v, theatre, day)]
    return {
        "territory": _frame(territory, TERRITORY_COLUMNS),
        "settlements": _frame(settlements, SETTLEMENT_COLUMNS),
    }


def ledger_table(ledger: Ledger) -> gpd.GeoDataFrame:
    """Every claim record as one row (geometry where the claim draws one).

    Parameters
    ----------
    ledger
        Any ledger (a store's assessments carry their provenance columns).

    Returns
    -------
    GeoDataFrame
        One row per record, in WGS 84.
    """
    rows = [_ledger_row(c) for c in ledger.records]
    columns = tuple(k for k in (rows[0] if rows else {"geometry": None}) if k != "geometry")
    return _frame(rows, columns)


def export_bytes(tables: Tables, fmt: str) -> bytes:
    """The layers in one file of the given format.

    Parameters
    ----------
    tables
        Layer name to GeoDataFrame.
    fmt
        One of `FORMATS`: geojson, gpkg, kml, csv.

    Returns
    -------
    bytes
        The file's content. Raises `ValueError` for another format.
    """
    if fmt == "geojson":
        return json.dumps(_feature_collection(tables), ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        return _csv(tables).encode("utf-8")
    if fmt in ("gpkg", "kml"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"export.{fmt}"
            _write_with_gdal(tables, fmt, path)
            return path.read_bytes()
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_export(tables: Tables, fmt: str, out: Path) -> None:
    """Write the layers to `out`, replacing it whole or not at all.

    Parameters
    ----------
    tables
        Layer name to GeoDataFrame.
    fmt
        One of `FORMATS`.
    out
        The file to write; its folder is created.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, export_bytes(tables, fmt))


def read_export(path: Path, fmt: str) -> dict[str, gpd.GeoDataFrame]:
    """Read an export back into its layers, as written (what the round-trip tests compare).

    Formats add what they need and lose a little: columns a layer never fills (GeoJSON and CSV hold
    all layers in one table), KML's own fields, a third coordinate; those are taken away, and empty
    text comes back as "".

    Parameters
    ----------
    path
        A file `write_export` wrote.
    fmt
        Its format.

    Returns
    -------
    dict
        Layer name to GeoDataFrame.
    """
    if fmt == "csv":
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        shapes = [shapely.from_wkt(w) if w else None for w in table.pop("wkt")]
        frames = _split_layers(gpd.GeoDataFrame(table, geometry=shapes, crs=STORAGE_CRS))
    elif fmt == "geojson":
        frames = _split_layers(_read_geojson(path))
    else:
        import pyogrio

        names = [str(row[0]) for row in pyogrio.list_layers(path)]
        frames = {name: gpd.read_file(path, layer=name) for name in names}
    if fmt == "kml":
        frames = {
            name: frame.drop(columns=list(KML_FIELDS), errors="ignore")
            for name, frame in frames.items()
        }
    return {name: _as_written(frame) for name, frame in frames.items()}


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    """A FeatureCollection as one table, text kept as text (GDAL would turn dates into times)."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    table = pd.DataFrame([f["properties"] for f in features])
    shapes = [shapely.geometry.shape(f["geometry"]) if f["geometry"] else None for f in features]
    return gpd.GeoDataFrame(table, geometry=shapes, crs=STORAGE_CRS)


def _as_written(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    for column in frame.columns:
        if column == "geometry":
            continue
        if column in NUMERIC_COLUMNS:
            frame[column] = pd.to_numeric(frame[column])
        else:
            frame[column] = [_text(v) for v in frame[column]]
    shapes = [shapely.force_2d(g) if g is not None else None for g in frame.geometry]
    return frame.set_geometry(gpd.GeoSeries(shapes, index=frame.index, crs=frame.crs))


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _territory_rows(view: ClaimantView, theatre: Theatre, day: str) -> list[dict[str, Any]]:
    rows = []
    for holder, fresh in itertools.product(Holder, (True, False)):
        shape = _multipolygon(
            shapely.intersection(view.territory(holder, fresh=fresh), theatre.home)
        )
        if shape.is_empty:
            continue
        claims = _unique(p.claim for p in view.pieces(holder, fresh=fresh))
        rows.append(
            {
                **_who(view, holder, day),
                "word": _word(fresh),
                "area_km2": round(area_km2(shape), 3),
                "claim_ids": "; ".join(c.id for c in claims),
                "refers_from": min(c.refers_to for c in claims).isoformat(),
                "refers_until": max(c.refers_to_end for c in claims).isoformat(),
                "sources": "; ".join(_unique(s.url for c in claims for s in c.sources)),
                "publishers": "; ".join(_unique(s.publisher for c in claims for s in c.sources)),
                "attribution": "; ".join(_unique(a for c in claims if (a := attribution(c)))),
                "geometry": shape,
            }
        )
    return rows


def _settlement_rows(view: ClaimantView, theatre: Theatre, day: str) -> list[dict[str, Any]]:
    rows = []
    for holder in Holder:
        for settlement_id in view.painted.settlements_held(holder):
            if settlement_id not in theatre.home_cells:
                continue
            settlement = theatre.settlement(settlement_id)
            point = shapely.Point(settlement.lon, settlement.lat)
            claim = view.painted.places[settlement_id].claim
            source = claim.sources[0] if claim.sources else None
            rows.append(
                {
                    **_who(view, holder, day),
                    "word": _word(view.is_fresh(claim)),
                    "settlement_id": settlement_id,
                    "settlement": settlement.name_en,
                    "claim_id": claim.id,
                    "refers_to": claim.refers_to.isoformat(),
                    "published": claim.published.isoformat(),
                    "source": source.url if source else "",
                    "publisher": source.publisher if source else "",
                    "geometry": point,
                }
            )
    return rows


def _word(fresh: bool) -> str:
    """Whether the latest word is within the fresh window: stale ground is exported, but marked."""
    return "fresh" if fresh else "stale"


def _multipolygon(shape: BaseGeometry) -> BaseGeometry:
    """The polygonal parts of a shape as one MultiPolygon: one geometry type per layer."""
    parts = shapely.get_parts(shape)
    polygons = [q for p in parts for q in shapely.get_parts(p) if q.geom_type == "Polygon"]
    return shapely.MultiPolygon(polygons)


def _who(view: ClaimantView, holder: Holder, day: str) -> dict[str, Any]:
    return {"claimant": view.claimant, "side": view.side.value, "holder": holder.value, "date": day}


def attribution(claim: Claim) -> str:
    """The publisher's attribution of an imported assessment ("" for ledger claims)."""
    return claim.provenance.attribution if claim.provenance else ""


def _ledger_row(claim: Claim) -> dict[str, Any]:
    return {
        "claim_id": claim.id,
        "claimant": claim.claimant,
        "side": claim.side.value,
        "published": claim.published.isoformat(),
        "refers_to": claim.refers_to.isoformat(),
        "refers_to_end": claim.refers_to_end.isoformat(),
        "precision": claim.precision.value,
        "kind": claim.kind.value,
        "holder": claim.holder.value if claim.holder else "",
        "verification": claim.verification.value,
        "settlement_ids": "; ".join(claim.settlement_ids),
        "figures": "; ".join(f"{f.value:g} {f.unit.value} {f.basis.value}" for f in claim.figures),
        "gist": claim.gist,
        "quote": claim.quote.text if claim.quote else "",
        "sources": "; ".join(s.url for s in claim.sources),
        "publishers": "; ".join(_unique(s.publisher for s in claim.sources)),
        "geometry_origin": claim.geometry.origin.value if claim.geometry else "",
        "note": claim.note,
        **_provenance_columns(claim.provenance),
        "geometry": claim.geometry.shape if claim.geometry else None,
    }


def _provenance_columns(provenance: Provenance | None) -> dict[str, str]:
    """Where an imported claim came from, as columns ("" for a ledger record)."""
    found = provenance or Provenance("", "", "", "")
    return {
        "attribution": found.attribution,
        "licence": found.licence,
        "source_file": found.source_file,
        "source_sha256": found.source_sha256,
    }


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> gpd.GeoDataFrame:
    table = pd.DataFrame(rows, columns=[*columns, "geometry"])
    return gpd.GeoDataFrame(table, geometry="geometry", crs=STORAGE_CRS)


def _feature_collection(tables: Tables) -> dict[str, Any]:
    features = []
    for layer, frame in tables.items():
        for record in frame.to_dict("records"):
            shape: BaseGeometry | None = record.pop("geometry")
            geometry = shapely.geometry.mapping(shape) if shape is not None else None
            properties = {"layer": layer, **{k: _plain(v) for k, v in record.items()}}
            features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _csv(tables: Tables) -> str:
    parts = []
    for layer, frame in tables.items():
        table = pd.DataFrame(frame.drop(columns="geometry"))
        table.insert(0, "layer", layer)
        table["wkt"] = [g.wkt if g is not None else "" for g in frame.geometry]
        parts.append(table)
    return pd.concat(parts, ignore_index=True).to_csv(index=False)


def _write_with_gdal(tables: Tables, fmt: str, path: Path) -> None:
    driver = "GPKG" if fmt == "gpkg" else "LIBKML"
    for number, (layer, frame) in enumerate(tables.items()):
        if fmt == "kml":
            frame = frame.assign(Name=[_label(row) for row in frame.to_dict("records")])
        frame.to_file(path, layer=layer, driver=driver, mode="a" if number else "w")


def _label(row: Mapping[str, Any]) -> str:
    parts = [row.get("claimant"), row.get("settlement") or row.get("claim_id"), row.get("holder")]
    return ": ".join(str(p) for p in parts if p)


def _split_layers(frame: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """One table per `layer`, without the columns only other layers fill."""
    layers = {}
    for layer, part in frame.groupby("layer", sort=False):
        part = part.drop(columns="layer").reset_index(drop=True)
        unused = [c for c in part.columns if c != "geometry" and _unfilled(part[c])]
        layers[str(layer)] = part.drop(columns=unused)
    return layers


def _unfilled(column: pd.Series) -> bool:
    return all(_text(v) == "" for v in column)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN: a missing number
        return None
    return value


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))
