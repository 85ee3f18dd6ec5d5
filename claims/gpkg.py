"""The GeoPackage container written by hand over SQLite, so every write is one SQL transaction.

Only what the standard requires for QGIS and GDAL to open the file: the spatial reference table,
the contents table, the geometry columns table, and geometries in GeoPackage binary (a small header
with the SRS id and envelope, then little-endian WKB).
"""

from __future__ import annotations

import sqlite3
import struct

import shapely
from shapely.geometry.base import BaseGeometry

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10400  # GeoPackage 1.4
SRS_ID = 4326
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
_CORE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
    table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
    ('WGS 84 geodetic', {SRS_ID}, 'EPSG', {SRS_ID}, '{_WGS84_WKT}', 'longitude/latitude');
"""


def create_core(connection: sqlite3.Connection) -> None:
    """Make an empty SQLite database a GeoPackage (inside the caller's transaction)."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {USER_VERSION}")
    for statement in _CORE_SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)


def register_table(
    connection: sqlite3.Connection,
    table: str,
    *,
    description: str,
    geometry_column: str | None = None,
    geometry_type: str = "GEOMETRY",
) -> None:
    """List a table in gpkg_contents (as features when it has a geometry column)."""
    data_type = "features" if geometry_column else "attributes"
    srs = SRS_ID if geometry_column else None
    connection.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description,"
        " srs_id) VALUES (?, ?, ?, ?, ?)",
        (table, data_type, table, description, srs),
    )
    if geometry_column:
        connection.execute(
            "INSERT OR IGNORE INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
            (table, geometry_column, geometry_type, SRS_ID),
        )


def touch_contents(connection: sqlite3.Connection, table: str, extent: BaseGeometry) -> None:
    """Record a change to a feature table and widen its extent to cover `extent`."""
    if extent.is_empty:
        return
    minx, miny, maxx, maxy = extent.bounds
    connection.execute(
        "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
        " min_x = min(coalesce(min_x, ?), ?), min_y = min(coalesce(min_y, ?), ?),"
        " max_x = max(coalesce(max_x, ?), ?), max_y = max(coalesce(max_y, ?), ?)"
        " WHERE table_name = ?",
        (minx, minx, miny, miny, maxx, maxx, maxy, maxy, table),
    )


def encode(shape: BaseGeometry) -> bytes:
    """GeoPackage binary of a 2D geometry in WGS 84."""
    wkb: bytes = shapely.to_wkb(shape, byte_order=1, output_dimension=2)
    if shape.is_empty:
        return b"GP" + bytes([0, 0b0001_0001]) + struct.pack("<i", SRS_ID) + wkb
    minx, miny, maxx, maxy = shape.bounds
    envelope = struct.pack("<4d", minx, maxx, miny, maxy)
    return b"GP" + bytes([0, 0b0000_0011]) + struct.pack("<i", SRS_ID) + envelope + wkb


def decode(blob: bytes) -> BaseGeometry:
    """A geometry from GeoPackage binary."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    envelope = _ENVELOPE_BYTES[(blob[3] >> 1) & 0b111]
    shape: BaseGeometry = shapely.from_wkb(blob[8 + envelope :])
    return shape
