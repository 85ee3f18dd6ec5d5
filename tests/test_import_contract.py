"""The import contract: each package imports only the layers below it, and the UI stays at the edge.

geodata <- claims <- dashboard; bench (harness and benchmarks) may use all three; tests may use
everything. Nothing below imports upward, and only `dashboard` imports streamlit, folium, branca or
streamlit_folium. Read from the source text, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
UI = frozenset({"streamlit", "folium", "branca", "streamlit_folium"})
PROJECT = frozenset({"geodata", "claims", "dashboard", "bench", "tests"})
MODULE_NAME = re.compile(r"(geodata|claims|dashboard|bench|tests)(\.[a-z_]+)+")
MAY_IMPORT = {
    "geodata": frozenset({"geodata"}),
    "claims": frozenset({"geodata", "claims"}),
    "dashboard": frozenset({"geodata", "claims", "dashboard"}) | UI,
    "bench": frozenset({"geodata", "claims", "dashboard", "bench"}) | UI,
}


def imported_roots(path: Path) -> set[str]:
    """The top-level names of every absolute import in a module, wherever it sits, and of every
    dotted project module named in a string (what `importlib.import_module` would load)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and MODULE_NAME.fullmatch(str(node.value)):
            roots.add(str(node.value).split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_each_package_imports_only_the_layers_below_it(package: str) -> None:
    allowed = MAY_IMPORT[package]
    broken = {
        f"{path.relative_to(REPO)} imports {root}"
        for path in (REPO / package).rglob("*.py")
        for root in imported_roots(path)
        if (root in PROJECT or root in UI) and root not in allowed
    }
    assert not broken, sorted(broken)


def test_the_contract_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("def f():\n    from dashboard.loaders import picture\n", encoding="utf-8")
    assert "dashboard" in imported_roots(module)
    module.write_text('VERBS = ("dashboard.snapshot_cli",)\n', encoding="utf-8")
    assert "dashboard" in imported_roots(module)
