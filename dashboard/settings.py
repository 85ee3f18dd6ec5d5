"""The dashboard's settings, read from the environment once. The only knobs there are.

FRONTLINE_LEDGER  path of the ledger to show (default: the bundled Kursk ledger)
FRONTLINE_TILES   on | off | auto: web map tiles; auto tries to reach the tile server once
FRONTLINE_REBUILD_MAP  1: rebuild the whole map on every rerun (the naive baseline benchmarks
                  compare against; never what users get)
FRONTLINE_SERVER_TIMELINE  1: every day step goes to the server and back (the path before the
                  browser timeline, kept as the fallback and the benchmarks' round-trip baseline)
FRONTLINE_TIMING  1: print each rerun's Python time, and marks of its phases, to stderr (read by
                  the benchmarks)
FRONTLINE_EXTRA_SETTLEMENTS  a settlements CSV added to the gazetteer (geodata.layers reads it)
FRONTLINE_CACHE_DIR  where results kept between runs go (claims.disk_cache reads it; `off`: none;
                  default $XDG_CACHE_HOME/frontline, else ~/.cache/frontline)
FRONTLINE_POPUP_TEXTS  auto | inline | files: the popups' text in the map, or as files fetched
                  when a popup opens (auto: files, any ledger with claims; popup_texts.py reads it)
FRONTLINE_STORE   GeoPackage store of imported assessments (`frontline import`)
FRONTLINE_ACCOUNTS  accounts file (outside the repository) of the analysts who may add claims
                  on the *Add claims* page (`frontline accounts add NAME`); OIDC login is set in
                  `.streamlit/secrets.toml` instead (see dashboard/auth.py)
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from claims.accounts import accounts_path
from claims.ledger_file import BUNDLED_LEDGER
from claims.store import store_path

TILE_HOST = ("tile.openstreetmap.org", 443)
TILE_PROBE_SECONDS = 1.5


@dataclass(frozen=True)
class Settings:
    ledger_path: Path
    tiles: str
    rebuild_map: bool = False
    timing: bool = False
    server_timeline: bool = False
    store_path: Path | None = None
    accounts_path: Path | None = None


def read_settings() -> Settings:
    tiles = os.environ.get("FRONTLINE_TILES", "auto").strip().lower()
    ledger = os.environ.get("FRONTLINE_LEDGER")
    return Settings(
        ledger_path=Path(ledger) if ledger else BUNDLED_LEDGER,
        tiles=tiles if tiles in {"on", "off", "auto"} else "auto",
        rebuild_map=os.environ.get("FRONTLINE_REBUILD_MAP") == "1",
        timing=os.environ.get("FRONTLINE_TIMING") == "1",
        server_timeline=os.environ.get("FRONTLINE_SERVER_TIMELINE") == "1",
        store_path=store_path(None),
        accounts_path=accounts_path(),
    )


def tile_server_reachable() -> bool:
    """Whether web tiles can load: a closed network leaves the map to its own vector layers."""
    try:
        with socket.create_connection(TILE_HOST, timeout=TILE_PROBE_SECONDS):
            return True
    except OSError:
        return False
