"""Write the synthetic import fixtures in this folder (run once; the outputs are kept in the repo).

Every shape here is invented for the tests: boxes near Sudzha, not any publisher's data. The files
copy the publishers' formats and their quirks (non-breaking spaces and newlines around `///`,
missing spaces, third coordinates, unit markers, KML folders, KMZ zipping).

    .venv/bin/python tests/data/import/make_fixtures.py
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NBSP = "\u00a0"
BLUE, GREY, GREEN, RED = "#01579b", "#bcaaa4", "#0f9d58", "#a52714"


def ring(west: float, south: float, east: float, north: float, z: float | None = 0.0) -> list[Any]:
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return [[x, y, z] if z is not None else [x, y] for x, y in corners]


def feature(name: str, geometry: dict[str, Any], **style: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"name": name, **style}, "geometry": geometry}


def polygon(*box: float, z: float | None = 0.0) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring(*box, z=z)]}


def deepstate(blue_west: float, *, grey: bool, units: list[str], flip: bool) -> dict[str, Any]:
    held = f"Звільнено{NBSP}///{NBSP}Liberated\n///geoJSON.status.dismissed"
    features = [
        feature(held, polygon(blue_west, 51.12, 35.5, 51.35), fill=BLUE, stroke=BLUE),
        feature(
            "Звільнено ///Liberated/// geoJSON.status.dismissed",
            {"type": "MultiPolygon", "coordinates": [[ring(35.5, 51.2, 35.6, 51.3, z=12.5)]]},
            fill=BLUE,
        ),
        feature(
            f"Звільнено /// Liberated{NBSP}/// geoJSON.status.dismissed",
            polygon(34.6, 50.9, 34.9, 51.05),
            fill=GREEN,
        ),
        feature(
            "Окуповано /// Occupied /// geoJSON.status.occupied",
            polygon(37.5, 48.0, 37.7, 48.2, z=None),
            fill=RED,
        ),
        feature(
            "Напрямок атаки /// Direction of attack /// geoJSON.status.attack_direction",
            {"type": "LineString", "coordinates": [[35.2, 51.1, 0], [35.3, 51.25, 0]]},
            stroke=RED,
        ),
    ]
    if grey:
        features.append(
            feature(
                f"Невідомо\n{NBSP}///\nUnknown///geoJSON.status.unknown",
                polygon(35.0, 51.2, 35.1, 51.32),
                fill=GREY,
            )
        )
    for number, unit in enumerate(units):
        point = {"type": "Point", "coordinates": [35.2 + number / 100, 51.2, 0]}
        features.append(feature(f"{unit} /// {unit} /// geoJSON.units.brigade", point))
    if flip:
        features.reverse()
    return {"type": "FeatureCollection", "features": features}


def isw() -> dict[str, Any]:
    def layer(name: str, geometry: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "Feature",
            "properties": {"layer": name, "date": "2024-08-20"},
            "geometry": geometry,
        }

    return {
        "type": "FeatureCollection",
        "name": "Kursk Incursion",
        "features": [
            layer(
                "Kursk Incursion Ukrainian Advances in Russia",
                polygon(35.05, 51.1, 35.5, 51.4, z=None),
            ),
            layer(
                "Kursk Incursion Russian Claims in Russia",
                polygon(35.05, 51.3, 35.15, 51.4, z=None),
            ),
            layer(
                "Claimed Limit of Ukrainian Advance",
                {"type": "LineString", "coordinates": [[35.0, 51.45], [35.6, 51.45]]},
            ),
            layer("Ukrainian Partisan Activity", {"type": "Point", "coordinates": [36.2, 51.7]}),
        ],
    }


def kml_box(*box: float) -> str:
    coordinates = " ".join(f"{x},{y},0" for x, y, _ in ring(*box))
    return (
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>\n"
        f"          {coordinates}\n"
        "        </coordinates></LinearRing></outerBoundaryIs></Polygon>"
    )


def kml(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>{title}</name>
    <Folder>
      <name>Ukrainian held</name>
      <Placemark><name>Sudzha pocket</name>
        {kml_box(35.1, 51.12, 35.5, 51.35)}
      </Placemark>
    </Folder>
    <Folder>
      <name>Contested</name>
      <Placemark><name>West flank</name>
        <MultiGeometry>{kml_box(35.0, 51.2, 35.1, 51.32)}</MultiGeometry>
      </Placemark>
    </Folder>
    <Folder>
      <name>Russia retaken</name>
      <Folder>
        <name>September</name>
        <Placemark><name>Snagost area</name>{kml_box(34.85, 51.28, 34.95, 51.35)}</Placemark>
      </Folder>
    </Folder>
    <Folder>
      <name>Notes</name>
      <Placemark><name>Field HQ</name><Point><coordinates>35.3,51.2,0</coordinates></Point>
      </Placemark>
    </Folder>
  </Document>
</kml>
"""


def main() -> None:
    snapshots = {
        "1723939200.geojson": deepstate(35.1, grey=True, units=["47 ОМБр"], flip=False),
        "1724025600.geojson": deepstate(35.1, grey=True, units=["22 ОМБр", "82 ОДШБр"], flip=True),
        "1726617600.geojson": deepstate(35.2, grey=False, units=[], flip=False),
    }
    folder = HERE / "deepstate"
    folder.mkdir(exist_ok=True)
    for name, data in snapshots.items():
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    (HERE / "isw_kursk_2024-08-20.geojson").write_text(json.dumps(isw(), indent=1), "utf-8")
    (HERE / "mymaps_kursk_2024-08-25.kml").write_text(kml("Kursk (synthetic)"), "utf-8")
    with zipfile.ZipFile(HERE / "mymaps_kursk_2024-09-12.kmz", "w") as archive:
        entry = zipfile.ZipInfo("doc.kml", date_time=(2024, 9, 12, 0, 0, 0))
        archive.writestr(entry, kml("Kursk KMZ (synthetic)"), zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main()
