"""`python -m dashboard.serve` (what `make run` starts) imports the first page's modules and reads
the ledger while the browser loads Streamlit's page, and leaves streamlit-folium to the first
script run: a component declared outside a run is not registered, and the map's frame would
answer 404. (Every browser test serves the dashboard this way, through `bench.harness`.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims.dataset import DATASET_KIND
from dashboard.serve import APP, early_modules

REPO = Path(__file__).resolve().parents[1]
# In a fresh interpreter: the early imports, then what the app's script imports besides.
AFTER_EARLY_IMPORTS = """
import json, sys
from dashboard.serve import import_early
import_early()
early = {m for m in sys.modules if m.split(".")[0] in ("claims", "dashboard")}
folium_component_early = "streamlit_folium" in sys.modules
import dashboard.add_claims, streamlit_folium
later = {m for m in sys.modules if m.split(".")[0] in ("claims", "dashboard")} - early
print(json.dumps({"component_early": folium_component_early, "later": sorted(later)}))
"""


def test_the_early_imports_are_the_apps_own() -> None:
    names = early_modules()
    assert {"dashboard.loaders", "dashboard.map_component", "dashboard.add_claims"} <= set(names)
    assert str(APP).endswith("dashboard/app.py")


def test_early_imports_leave_streamlit_folium_to_the_first_run_and_miss_nothing_else() -> None:
    found = subprocess.run(
        [sys.executable, "-c", AFTER_EARLY_IMPORTS],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(found.stdout.strip().splitlines()[-1])
    assert result["component_early"] is False
    # Nothing of the project's is left for the first run to import.
    assert result["later"] == []


def test_the_ledger_read_early_is_kept_for_the_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.serve import read_ledger_early

    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    read_ledger_early()
    assert list(tmp_path.glob(f"{DATASET_KIND}-*.pickle"))


# In a fresh interpreter: which of the early-imported modules `inspect` has indexed by file.
INDEXED = """
import inspect, json, sys
from dashboard.serve import import_early, index_modules_by_file
import_early()
if sys.argv[1] == "index":
    index_modules_by_file()
names = [m.__name__ for m in list(sys.modules.values())
         if getattr(m, "__file__", None) and m.__name__.split(".")[0] in ("claims", "dashboard")]
print(json.dumps(sorted(n for n in names if n not in inspect.modulesbyfile.values())))
"""


def test_the_early_imports_are_indexed_by_file_before_the_first_run() -> None:
    """streamlit-folium's component declaration (in the first run) finds them indexed."""
    args = [sys.executable, "-c", INDEXED]
    left = json.loads(subprocess.run([*args, "index"], cwd=REPO, capture_output=True, text=True,
                                     check=True).stdout)  # fmt: skip
    assert left == []
    unindexed = json.loads(subprocess.run([*args, "skip"], cwd=REPO, capture_output=True,
                                          text=True, check=True).stdout)  # fmt: skip
    assert "dashboard.loaders" in unindexed, "without it, left to the first run"


def test_make_run_is_streamlit_run_of_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m dashboard.serve ARGS` is `streamlit run dashboard/app.py ARGS` (with the early
    imports beside it), and leaves Python's thread switch interval alone: 0.5 ms there made
    20 sessions' scrubbing 5-10x slower (README, *Sixth pass*)."""
    from streamlit.web import cli

    from dashboard import serve

    ran: list[list[str]] = []
    monkeypatch.setattr(cli, "main", lambda args, prog_name: ran.append(args))
    monkeypatch.setattr(serve, "_prepare", lambda: None)
    before = sys.getswitchinterval()
    assert serve.main(["--server.port", "8765"]) == 0
    assert sys.getswitchinterval() == before
    assert ran == [["run", str(APP), "--server.port", "8765"]]
