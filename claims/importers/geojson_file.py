"""Opening a GeoJSON file an importer was given, with an error that names the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claims.importers.assessment import ImportFileError


def read_geojson(path: Path) -> dict[str, Any]:
    """The decoded FeatureCollection (a BOM is allowed), or ImportFileError naming the file."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileError(path.name, f"is not a GeoJSON file ({error})") from None
    if not isinstance(data, dict):
        raise ImportFileError(path.name, "is not a GeoJSON FeatureCollection")
    return data
