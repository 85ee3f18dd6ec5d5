"""Tests for dashboard.popup_texts: a big theatre's popup text as files fetched on demand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.bundle import load_ledger
from claims.places import claims_by_settlement
from claims.theatre import Theatre
from dashboard import popup_texts
from dashboard.layer_data import place_catalogue
from dashboard.map_builder import CREDITS, BaseLayers, build_base_map
from dashboard.popup_texts import (
    MODE_ENV,
    SHARDS,
    TEXTS_URL,
    Catalogue,
    served,
    shard_of,
    write_files,
)
from geodata.layers import DATA_DIR

EMPTY: dict[str, object] = {"type": "FeatureCollection", "features": []}
OBLASTS: dict[str, object] = json.loads((DATA_DIR / "oblasts.geojson").read_text("utf-8"))


@pytest.fixture(scope="module")
def catalogue(kursk: Theatre) -> Catalogue:
    return place_catalogue(kursk, claims_by_settlement(load_ledger().records, kursk))


def base_with(catalogue: Catalogue) -> BaseLayers:
    return BaseLayers(OBLASTS, EMPTY, EMPTY, credits=CREDITS, catalogue=catalogue)


def read_back(folder: Path) -> Catalogue:
    whole: Catalogue = {"places": {}, "claims": {}}
    for index in range(SHARDS):
        part = json.loads((folder / f"{index}.json").read_text(encoding="utf-8"))
        for kind in ("places", "claims"):
            assert all(shard_of(key) == index for key in part[kind]), "each id in its own file"
            whole[kind].update(part[kind])
    return whole


def test_the_files_hold_the_whole_catalogue_each_entry_once(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    source = write_files(catalogue, "digest", tmp_path)
    assert source == {"url": f"{TEXTS_URL}/digest", "shards": SHARDS}
    assert source["url"].startswith("/app/static/"), "absolute: the map lives in an iframe"
    assert read_back(tmp_path / "digest") == catalogue
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no scratch left"


def test_the_bundled_ledger_serves_its_catalogue_as_files(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(MODE_ENV, raising=False)
    monkeypatch.setattr(popup_texts, "TEXTS_FOLDER", tmp_path)
    base = served(base_with(catalogue), "digest")
    assert base.catalogue == {"places": {}, "claims": {}}, "not in the first message"
    assert base.catalogue_source == {"url": f"{TEXTS_URL}/digest", "shards": SHARDS}
    assert read_back(tmp_path / "digest") == catalogue


def test_inline_keeps_the_catalogue_in_the_map(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MODE_ENV, "inline")
    monkeypatch.setattr(popup_texts, "TEXTS_FOLDER", tmp_path)
    assert served(base_with(catalogue), "digest").catalogue == catalogue
    assert list(tmp_path.iterdir()) == []


def test_a_big_catalogue_is_served_as_files_and_the_map_carries_only_where(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(MODE_ENV, raising=False)
    monkeypatch.setattr(popup_texts, "TEXTS_FOLDER", tmp_path)
    monkeypatch.setattr(popup_texts, "INLINE_CLAIMS", len(catalogue["claims"]) - 1)
    base = served(base_with(catalogue), "digest")
    assert base.catalogue == {"places": {}, "claims": {}}
    assert base.catalogue_source == {"url": f"{TEXTS_URL}/digest", "shards": SHARDS}
    assert read_back(tmp_path / "digest") == catalogue
    page = build_base_map(base, tiles=False).get_root().render()
    quote = next(c["quote"] for c in catalogue["claims"].values() if c["quote"])
    assert json.dumps(quote)[1:-1] not in page, "no claim text in the map"
    assert f"{TEXTS_URL}/digest" in page


def test_a_folder_that_cannot_be_written_leaves_the_catalogue_in_the_map(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MODE_ENV, "files")
    blocker = tmp_path / "texts"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(popup_texts, "TEXTS_FOLDER", blocker)
    assert served(base_with(catalogue), "digest").catalogue == catalogue


def test_old_catalogues_are_pruned_the_one_in_use_kept(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    small: Catalogue = {"places": {}, "claims": dict(list(catalogue["claims"].items())[:3])}
    for n in range(popup_texts.KEPT_FOLDERS + 3):
        write_files(small, f"d{n:02d}", tmp_path)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == popup_texts.KEPT_FOLDERS
    assert f"d{popup_texts.KEPT_FOLDERS + 2:02d}" in kept
