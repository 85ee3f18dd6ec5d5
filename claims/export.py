"""What the map shows, and the ledger itself, as finished data: GeoJSON, GeoPackage, KML, CSV.

The layers of a view are built in `claims.export_layers` (latest word, claimants, settlements,
fighting, disagreement); this module writes them. GeoPackage and KML hold one layer per kind under
its name (KML as folders), written by GDAL through GeoPandas/pyogrio; GeoJSON and CSV hold all
layers in one table with a `layer` column, GeoJSON written by GeoPandas. Geometries are WGS 84.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import geopandas as gpd
import pandas as pd
import shapely

from claims.atomic import write_atomically
from claims.model import Claim, Ledger, Provenance
from geodata.crs import STORAGE_CRS

FORMATS = ("geojson", "gpkg", "kml", "csv")
MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
}
Tables = Mapping[str, gpd.GeoDataFrame]
NUMERIC_COLUMNS = frozenset({"area_km2"})
# What GDAL's KML readers add to every layer they read; `Name` is what Google Earth labels.
KML_FIELDS = (
    "id", "Name", "Description", "description", "timestamp", "begin", "end", "altitudeMode",
    "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet",
)  # fmt: skip
KML_NAMESPACE = "http://www.opengis.net/kml/2.2"


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
    return table_frame(rows, columns)


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
        return _geojson(tables).encode("utf-8")
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


def table_frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> gpd.GeoDataFrame:
    """Rows (each with a `geometry`) as a GeoDataFrame of exactly `columns`, in storage CRS."""
    table = pd.DataFrame(list(rows), columns=[*columns, "geometry"])
    return gpd.GeoDataFrame(table, geometry="geometry", crs=STORAGE_CRS)


def _geojson(tables: Tables) -> str:
    """All layers as one FeatureCollection, each feature with its `layer` and only that layer's
    fields (GeoPandas writes it; `na="drop"` leaves out the fields of the other layers)."""
    parts = [frame.assign(layer=layer) for layer, frame in tables.items() if len(frame)]
    if not parts:
        return json.dumps({"type": "FeatureCollection", "features": []})
    joined = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=STORAGE_CRS)
    joined = joined[["layer", *[c for c in joined.columns if c != "layer"]]]
    return str(joined.to_json(na="drop", drop_id=True, ensure_ascii=False))


def _csv(tables: Tables) -> str:
    parts = []
    for layer, frame in tables.items():
        table = pd.DataFrame(frame.drop(columns="geometry"))
        table.insert(0, "layer", layer)
        table["wkt"] = [g.wkt if g is not None else "" for g in frame.geometry]
        parts.append(table)
    joined = pd.concat(parts, ignore_index=True)
    # `wkt` last: layers differ in their columns, and the union would put it in the middle.
    return joined[[*[c for c in joined.columns if c != "wkt"], "wkt"]].to_csv(index=False)


def _write_with_gdal(tables: Tables, fmt: str, path: Path) -> None:
    if fmt == "kml":
        _write_kml(tables, path)
        return
    for number, (layer, frame) in enumerate(tables.items()):
        frame.to_file(path, layer=layer, driver="GPKG", mode="a" if number else "w")


def _write_kml(tables: Tables, path: Path) -> None:
    """One KML document, one folder per layer, written by GDAL's KML driver.

    Not LIBKML: it wraps text in CDATA without splitting a "]]>" inside it, so a claimant's name
    could close the section and write markup into the file. The KML driver escapes text but
    writes one layer per file, so each layer is written alone and the folders joined here
    (ElementTree escapes again whatever it writes).
    """
    ElementTree.register_namespace("", KML_NAMESPACE)
    merged = ElementTree.Element(f"{{{KML_NAMESPACE}}}kml")
    document = ElementTree.SubElement(merged, f"{{{KML_NAMESPACE}}}Document", id="root_doc")
    for layer, frame in tables.items():
        single = path.with_name(f"{path.stem}-{layer}.kml")
        labelled = frame.assign(Name=[_label(row) for row in frame.to_dict("records")])
        labelled.to_file(single, layer=layer, driver="KML")
        written = ElementTree.parse(single).getroot().find(f"{{{KML_NAMESPACE}}}Document")
        if written is not None:
            document.extend(list(written))
    ElementTree.ElementTree(merged).write(path, encoding="utf-8", xml_declaration=True)


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


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))
