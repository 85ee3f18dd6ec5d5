"""Download buttons for the current view: GeoJSON, GeoPackage, KML and CSV.

Each file is built only when its button is clicked (Streamlit runs the callable then, off the page
script), so showing the buttons costs the page nothing on a slider step. The files hold the layers
`frontline export` writes (`claims.export_layers.view_layers`: latest word, the shown claimants,
settlements, fighting, disagreement), built by the same function from the same dataset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import streamlit as st

from claims import export
from claims.control import DEFAULT_FRESH_DAYS
from claims.dataset import Dataset
from claims.export_layers import view_layers

LABELS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "kml": "KML", "csv": "CSV"}
HELP = {
    "geojson": "The view's layers as GeoJSON (web maps, GIS): shapes with claim ids and dates.",
    "gpkg": "The view's layers as a GeoPackage, one table per layer (opens in QGIS).",
    "kml": "The view's layers as KML (Google Earth).",
    "csv": "The view's features as a CSV table: one row each, no shapes (spreadsheets).",
}


@dataclass(frozen=True, slots=True)
class ExportFile:
    fmt: str
    label: str
    file_name: str
    mime: str
    build: Callable[[], bytes]


def export_files(
    dataset: Dataset,
    on: date,
    claimants: Sequence[str],
    *,
    as_known_on: date | None = None,
    fresh_days: int | None = DEFAULT_FRESH_DAYS,
    stem: str = "frontline",
) -> list[ExportFile]:
    """One deferred file per format of the view: the chosen claimants on the date."""
    chosen = tuple(claimants)
    name = f"{stem}-{on.isoformat()}"

    def builder(fmt: str) -> Callable[[], bytes]:
        def build() -> bytes:
            layers = view_layers(
                dataset, on, as_known_on=as_known_on, fresh_days=fresh_days, claimants=chosen
            )
            return export.export_bytes(layers, fmt)

        return build

    return [
        ExportFile(fmt, LABELS[fmt], f"{name}.{fmt}", export.MEDIA_TYPES[fmt], builder(fmt))
        for fmt in export.FORMATS
    ]


def download_buttons(
    dataset: Dataset,
    on: date,
    claimants: Sequence[str],
    *,
    as_known_on: date | None = None,
    fresh_days: int | None = DEFAULT_FRESH_DAYS,
    key: str = "export",
) -> None:
    """A row of download buttons for the view; clicking one does not rerun the page."""
    files = export_files(dataset, on, claimants, as_known_on=as_known_on, fresh_days=fresh_days)
    # A wrapping row of buttons as wide as their labels: a narrow panel moves a button to the next
    # line instead of cutting its label to "G…".
    with st.container(horizontal=True, gap="small"):
        for file in files:
            st.download_button(
                file.label,
                data=file.build,
                file_name=file.file_name,
                mime=file.mime,
                key=f"{key}-{file.fmt}",
                help=HELP[file.fmt],
                on_click="ignore",
                icon=":material/download:",
                width="content",
            )
