"""`python -m dashboard.serve [streamlit options]`: `streamlit run dashboard/app.py`, with the
first page's imports and the ledger read while the browser is still loading Streamlit's page.

Streamlit runs the app's script only once a browser has connected, so on a fresh server the app's
imports (pandas, folium, shapely, the project: ~1 s) and the ledger (0.05 s from the disk cache,
~0.5 s parsed) came after Streamlit's own page had loaded in the browser (~1 s), one after the
other. Here a thread started with the server does them in the meantime; the first run finds the
modules imported and the parsed ledger kept on disk (`claims.dataset.load_dataset_cached`, which
makes a second reader wait for the first).

Not imported early: streamlit-folium. Importing it declares its component, and Streamlit
registers a component only when it is declared inside a script run; imported here, the map's
frame would answer 404. The project reaches it only through `streamlit_folium_compat`, which
imports it on first use, and the app's script imports it at its top, so the first run declares
it before any thread of the server could.

Everything else is `streamlit run`'s: any option given is passed on (`--server.port 8765`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import logging
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

APP = Path(__file__).resolve().parent / "app.py"
PROJECT_PACKAGES = ("claims", "dashboard")
RUNTIME_POLL_SECONDS = 0.01
RUNTIME_WAIT_SECONDS = 30.0
log = logging.getLogger(__name__)


def early_modules(script: Path = APP) -> list[str]:
    """The project modules the app's script imports (its own import statements, read from the
    file, so the list cannot fall behind it)."""
    found: list[str] = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            package = name.split(".")[0]
            if package in PROJECT_PACKAGES and name not in found:
                found.append(name)
    return found


def import_early(script: Path = APP) -> None:
    """Import what the app's first run needs (streamlit-folium excepted: see the module)."""
    for name in early_modules(script):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            continue  # `from package import function`: the name is not a module


def read_ledger_early() -> None:
    """Read the ledger the app will show (and keep it on disk) before the first run asks."""
    from claims.dataset import load_dataset_cached
    from dashboard.settings import read_settings

    settings = read_settings()
    store = settings.store_path.resolve() if settings.store_path else None
    load_dataset_cached(settings.ledger_path.resolve(), store)


def index_modules_by_file() -> None:
    """Have `inspect` index every module loaded so far by its file, now rather than in the first
    run. Declaring streamlit-folium's component (the first run imports it) looks up the
    declaring module with `inspect.getmodule`, which indexes every module not indexed yet: ~1,500
    after the early imports, a realpath each, 0.04 s quiet and 0.1 s under load of the first run's
    time. Looked up here for a file no module has, it indexes them all, and the first run's
    lookup finds them done."""
    lookup = compile("sys._getframe()", "<frontline: index the modules by file>", "eval")
    inspect.getmodule(eval(lookup, {"sys": sys}))


def _prepare() -> None:
    from streamlit import runtime

    try:
        # After the server has started: done beside its start, this work held the interpreter
        # while it got ready and its health check answered ~0.3 s later. The browser has not
        # connected yet; loading Streamlit's page takes it about a second.
        waited = 0.0
        while not _started(runtime) and waited < RUNTIME_WAIT_SECONDS:
            time.sleep(RUNTIME_POLL_SECONDS)
            waited += RUNTIME_POLL_SECONDS
        import_early()
        read_ledger_early()
        index_modules_by_file()
    except Exception:  # the first run does the same and shows the error on the page
        log.exception("frontline: early imports and ledger read failed; the first run retries")


def _started(runtime: ModuleType) -> bool:
    """Whether Streamlit's runtime is up (then the dashboard's caches, declared at import, find
    it: before, each declaration logs "No runtime found")."""
    if not runtime.exists():
        return False
    return bool(runtime.get_instance().state.name != "INITIAL")


def main(argv: list[str]) -> int:
    threading.Thread(target=_prepare, name="frontline-prepare", daemon=True).start()
    from streamlit.web import cli

    # `streamlit run` itself (the console script calls the same); it exits when the server stops.
    cli.main(["run", str(APP), *argv], prog_name="streamlit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
