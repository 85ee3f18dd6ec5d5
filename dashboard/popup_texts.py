"""The popups' text as files the browser fetches when a popup opens.

The popup catalogue (`layer_data.place_catalogue`: every place's and claim's plain text) is
mostly never read, yet it travelled with the base map in the first message: the bundled ledger's
~0.46 MB of the 1.7 MB map (the first map drawn ~0.1-0.2 s later for it), at 100x 20 MB of the
41 MB first map (84,000 claims). So the catalogue is written as `SHARDS` JSON files under the
app's static folder (`dashboard/static/texts/<digest>/<n>.json`, served at `/app/static/texts/...`,
from the dashboard's own server, so a popup opens offline), each holding the places and claims
whose id falls in it (`shard_of`, computed the same way in the browser); the map carries only
where they are (`map_elements.ClaimCatalogue`), and a popup fetches the one to seven files it
needs, once each (it opens with the place's name and fills itself when they are in).

The folder is named by a digest of the dataset it was made from (the disk cache's digest, which
covers the ledger, the geodata and the code) or of its content, and appears all at once (written
under a temporary name, then renamed), so a reader never sees half of it; the newest
`KEPT_FOLDERS` are kept. Where the folder cannot be written (or `MODE_ENV` says `inline`) the
catalogue travels with the map as before. Text, not HTML, as inline: the browser sets it with
`textContent`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from dashboard.map_builder import BaseLayers
from dashboard.served_folder import write_whole

# Files for any ledger with claims: the bundled one (~860 claims) as much as 100x (84,000). Was
# 5,000: at the bundled ledger's size the files did not seem worth a fetch per popup.
INLINE_CLAIMS = 0
SHARDS = 256
KEPT_FOLDERS = 8
TEXTS_FOLDER = Path(__file__).resolve().parent / "static" / "texts"
# Absolute: the map lives in the component's iframe, where relative URLs 404 (see `offline.py`).
TEXTS_URL = "/app/static/texts"
# FRONTLINE_POPUP_TEXTS: auto (files past INLINE_CLAIMS claims: any), inline, files.
MODE_ENV = "FRONTLINE_POPUP_TEXTS"
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193

Catalogue = dict[str, dict[str, Any]]


def shard_of(key: str, shards: int = SHARDS) -> int:
    """Which file holds a place's or claim's text: 32-bit FNV-1a over the id's code points,
    modulo `shards`. `ClaimCatalogue`'s script computes the same in the browser.

    >>> shard_of("syn-000001"), shard_of("Sudzha")
    (3, 88)
    """
    value = FNV_OFFSET
    for character in key:
        value = ((value ^ ord(character)) * FNV_PRIME) & 0xFFFFFFFF
    return value % shards


def mode_setting() -> str:
    """`MODE_ENV` as set: "auto" (the default, also for anything else), "inline" or "files"."""
    mode = os.environ.get(MODE_ENV, "auto").strip().lower()
    return mode if mode in {"inline", "files"} else "auto"


def served_as_files(claims: int) -> bool:
    """Whether a catalogue of `claims` claims is served as files (`MODE_ENV` may say always or
    never)."""
    mode = mode_setting()
    if mode == "files":
        return True
    if mode == "inline":
        return False
    return claims > INLINE_CLAIMS


def shards(catalogue: Mapping[str, Mapping[str, Any]], count: int = SHARDS) -> list[Catalogue]:
    """The catalogue split by `shard_of`: each file's places and claims."""
    split: list[Catalogue] = [{"places": {}, "claims": {}} for _ in range(count)]
    for kind in ("places", "claims"):
        for key, entry in catalogue[kind].items():
            split[shard_of(key, count)][kind][key] = entry
    return split


def content_digest(catalogue: Mapping[str, Mapping[str, Any]]) -> str:
    text = json.dumps(catalogue, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write_files(
    catalogue: Mapping[str, Mapping[str, Any]],
    digest: str,
    folder: Path | None = None,
    url: str = TEXTS_URL,
) -> dict[str, Any] | None:
    """Write the catalogue's files under `folder/digest` (by default `TEXTS_FOLDER`) unless they
    are there; where the browser finds them (`{"url", "shards"}`), or None when the folder cannot
    be written."""

    def texts() -> dict[str, str]:
        return {
            str(index): json.dumps(part, ensure_ascii=False, separators=(",", ":"))
            for index, part in enumerate(shards(catalogue))
        }

    if write_whole(folder or TEXTS_FOLDER, digest, texts, keep=KEPT_FOLDERS) is None:
        return None
    return {"url": f"{url}/{digest}", "shards": SHARDS}


def served(base: BaseLayers, digest: str = "") -> BaseLayers:
    """`base` with its catalogue served as files when it is big enough (`served_as_files`): the
    map then carries only where they are. `digest` names the dataset (the disk cache's; empty:
    the catalogue's own digest names the files)."""
    catalogue = base.catalogue
    if catalogue is None or not served_as_files(len(catalogue["claims"])):
        return base
    source = write_files(catalogue, digest or content_digest(catalogue))
    if source is None:
        return base
    return replace(base, catalogue={"places": {}, "claims": {}}, catalogue_source=source)


def is_written(digest: str) -> bool:
    return (TEXTS_FOLDER / digest).is_dir()
