"""`frontline import` / `export` / `state --store`: the store from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from dashboard.command import main

DATA = Path(__file__).resolve().parent / "data"
IMPORT = DATA / "import"
SNAPSHOTS = IMPORT / "deepstate"
MAPPING = Path(__file__).resolve().parents[1] / "claims" / "data" / "kml_mapping.example.yaml"
DEEPSTATE = "DeepStateMap (imported)"


@pytest.fixture(autouse=True)
def no_store_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)


def deepstate_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    store = tmp_path / "store.gpkg"
    assert main(["import", str(SNAPSHOTS), "--format", "deepstate", "--store", str(store)]) == 0
    capsys.readouterr()
    return store


def state(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    assert main(["state", "--format", "json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_help_lists_import_and_export(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "import" in out and "export" in out


def test_folder_imports_with_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store.gpkg"
    assert main(["import", str(SNAPSHOTS), "--format", "deepstate", "--store", str(store)]) == 0
    captured = capsys.readouterr()
    assert "3 file(s) added" in captured.out and "1 unchanged" in captured.out
    assert "importing [" in captured.err and "3/3" in captured.err


def test_reimport_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = deepstate_store(tmp_path, capsys)
    before = store.read_bytes()
    again = [str(p) for p in sorted(SNAPSHOTS.iterdir())]
    assert main(["import", *again, "--format", "deepstate", "--store", str(store)]) == 0
    assert "3 already in the store" in capsys.readouterr().out
    assert store.read_bytes() == before


def test_corrupt_file_halfway_leaves_store_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store.gpkg"
    first = SNAPSHOTS / "1723939200.geojson"
    assert main(["import", str(first), "--format", "deepstate", "--store", str(store)]) == 0
    before = store.read_bytes()
    folder = tmp_path / "snapshots"
    shutil.copytree(SNAPSHOTS, folder)
    text = (SNAPSHOTS / "1726617600.geojson").read_text(encoding="utf-8")
    (folder / "1725000000.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(folder), "--format", "deepstate", "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "import failed, store unchanged: 1725000000.geojson" in err
    assert store.read_bytes() == before


def test_failed_first_import_creates_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store.gpkg"
    odd = tmp_path / "snapshot.geojson"  # no time in the name
    shutil.copy(SNAPSHOTS / "1723939200.geojson", odd)
    assert main(["import", str(odd), "--format", "deepstate", "--store", str(store)]) == 1
    assert "give --taken-at" in capsys.readouterr().err
    assert not store.exists()
    argv = ["import", str(odd), "--format", "deepstate", "--store", str(store)]
    assert main([*argv, "--taken-at", "2024-08-18"]) == 0


def test_state_lists_the_assessor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = deepstate_store(tmp_path, capsys)
    picture = state(["--date", "2024-08-20", "--store", str(store)], capsys)
    views = {c["claimant"]: c for c in picture["claimants"]}
    assessor = views[DEEPSTATE]
    assert assessor["side"] == "independent"
    assert assessor["held"]["ukraine"]["area_km2"] > 700
    assert assessor["held"]["ukraine"]["settlements"]
    assert "Sudzha" in assessor["held"]["ukraine"]["settlements"]
    later = state(["--date", "2024-09-20", "--store", str(store)], capsys)
    after = next(c for c in later["claimants"] if c["claimant"] == DEEPSTATE)
    assert 0 < after["held"]["ukraine"]["area_km2"] < assessor["held"]["ukraine"]["area_km2"]
    assert after["held"]["russia"]["area_km2"] > 0
    plain = state(["--date", "2024-08-20"], capsys)
    assert DEEPSTATE not in {c["claimant"] for c in plain["claimants"]}


def test_state_reads_the_store_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = deepstate_store(tmp_path, capsys)
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    picture = state(["--date", "2024-08-20"], capsys)
    assert DEEPSTATE in {c["claimant"] for c in picture["claimants"]}


def test_diff_takes_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = deepstate_store(tmp_path, capsys)
    argv = ["diff", "--from", "2024-08-20", "--to", "2024-09-20", "--store", str(store)]
    assert main([*argv, "--format", "json"]) == 0
    changes = {c["claimant"]: c for c in json.loads(capsys.readouterr().out)}
    assert changes[DEEPSTATE]["sides"]["ukraine"]["lost_km2"] > 0


def test_isw_and_kml_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store.gpkg")
    isw = str(IMPORT / "isw_kursk_2024-08-20.geojson")
    assert main(["import", isw, "--format", "isw", "--store", store]) == 0
    kml = [str(IMPORT / "mymaps_kursk_2024-08-25.kml"), str(IMPORT / "mymaps_kursk_2024-09-12.kmz")]
    assert main(["import", *kml, "--format", "kml", "--store", store]) == 1
    assert "needs a mapping file" in capsys.readouterr().err
    assert (
        main(["import", *kml, "--format", "kml", "--mapping", str(MAPPING), "--store", store]) == 0
    )
    capsys.readouterr()
    picture = state(["--date", "2024-08-25", "--store", store], capsys)
    views = {c["claimant"]: c for c in picture["claimants"]}
    assert views["ISW/CTP (imported)"]["held"]["ukraine"]["area_km2"] > 0
    assert views["ISW/CTP (imported)"]["held"]["contested"]["area_km2"] > 0
    assert views["Example mapper (imported)"]["side"] == "independent"


def test_deepstate_refuses_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store.gpkg"
    isw = str(IMPORT / "isw_kursk_2024-08-20.geojson")
    assert main(["import", isw, "--format", "deepstate", "--store", str(store)]) == 1
    assert "not a DeepStateMap snapshot" in capsys.readouterr().err


def test_import_needs_a_store(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SNAPSHOTS), "--format", "deepstate"]) == 2
    assert "FRONTLINE_STORE" in capsys.readouterr().err
