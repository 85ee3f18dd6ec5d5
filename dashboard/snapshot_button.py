"""The dashboard's "Download snapshot" button: the current view as a finished PNG, one click.

The picture is drawn only when the button is pressed (Streamlit calls `data` lazily), in a worker
thread: Playwright's sync API refuses to run on a thread that has an asyncio loop, as Streamlit's
server thread does.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from dashboard import loaders
from dashboard.view_state import ViewState

if TYPE_CHECKING:
    from dashboard.snapshot import SnapshotSource

SNAPSHOT_SIZE = "1920x1080"
RENDER_SECONDS = 60


def snapshot_download(state: ViewState, key: str) -> None:
    """A download button for the PNG of `state`, as `frontline snapshot` would draw it."""
    st.download_button(
        "Download snapshot (PNG)",
        data=partial(snapshot_png, state, tiles=loaders.tiles_enabled()),
        file_name=f"frontline-{state.on.isoformat()}-{state.mode}.png",
        mime="image/png",
        key=key,
        on_click="ignore",
        help="A 1920×1080 picture of this view: title, dates, legend, scale, sources, credits.",
        icon=":material/photo_camera:",
    )


def snapshot_png(state: ViewState, *, tiles: bool = False) -> bytes:
    """The PNG of a view state, drawn in headless chromium on a worker thread."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-snapshot") as pool:
        return pool.submit(_draw, state, tiles).result(timeout=RENDER_SECONDS)


def _draw(state: ViewState, tiles: bool) -> bytes:
    from dashboard.snapshot import SIZES, SnapshotOptions, snapshot_html
    from dashboard.snapshot_render import SnapshotBrowser

    source = snapshot_source_now()
    size = SIZES[SNAPSHOT_SIZE]
    page = snapshot_html(source, state, SnapshotOptions(size=size, tiles=tiles))
    with SnapshotBrowser(tiles=tiles) as browser:
        return browser.png_bytes(page, size)


def snapshot_source_now() -> SnapshotSource:
    """The ledger and store the page reads (the settings), with their base layers."""
    return _source(loaders.current_ledger_key())


# Keyed like the page's caches (`loaders.LedgerKey`), but its own: the picture is drawn on a worker
# thread with no Streamlit session, where Streamlit's caches cannot show their spinners.
@cache
def _source(key: loaders.LedgerKey) -> SnapshotSource:
    """The ledger, store and base layers, read again only when a file changes."""
    from dashboard.snapshot import snapshot_source

    return snapshot_source(Path(key.ledger), Path(key.store) if key.store else None)
