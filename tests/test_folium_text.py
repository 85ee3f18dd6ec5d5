"""Ledger text inside folium's output stays text: Jinja never evaluates or parses it a second time.

branca re-read every rendered macro as a Jinja template (dashboard/folium_text.py): a quote reading
`{{ cycler.__init__.__globals__.os.getcwd() }}` ran on the server when a snapshot was rendered,
and an unclosed `{{` in a quote stopped the dashboard. tests/data/hostile_ledger.yaml carries both.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import folium
import pytest
from branca.element import MacroElement

import dashboard.map_builder
from dashboard.folium_text import rendered_as_text
from dashboard.map_elements import DateStamp
from dashboard.snapshot import SnapshotOptions, snapshot_html, snapshot_source
from dashboard.view_kinds import Mode
from dashboard.view_state import ViewState

HOSTILE_LEDGER = Path(__file__).parent / "data" / "hostile_ledger.yaml"
TEMPLATE_PAYLOADS = (
    "{{ cycler.__init__.__globals__.os.getcwd() }}",  # a quote
    "Test analyst {{ 7*7 }}",  # a claimant
    "{# comment",  # a publisher
)


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{{ unclosed", "{% for x in y %}", "{# a", "}}"])
def test_a_rendered_macro_keeps_template_syntax_as_text(text: str) -> None:
    fmap = folium.Map(location=(51.5, 35.5), zoom_start=9, tiles=None)
    DateStamp(text, "2024-08-20").add_to(fmap)
    with rendered_as_text():
        page = fmap.get_root().render()
    assert f"box.textContent = {json.dumps(text)};" in page


def test_branca_is_itself_outside_the_context() -> None:
    """Nothing patches the library at import: the fix holds only where the project renders."""
    branca_render = MacroElement.__dict__["render"]
    assert branca_render.__module__ == "branca.element"
    with rendered_as_text():
        assert MacroElement.__dict__["render"].__module__ == "dashboard.folium_text"
    assert MacroElement.__dict__["render"] is branca_render
    fmap = folium.Map(location=(51.5, 35.5), zoom_start=9, tiles=None)
    DateStamp("{{ 7*7 }}", "2024-08-20").add_to(fmap)
    assert 'box.textContent = "49";' in fmap.get_root().render()  # branca's own second pass


RENDERERS = {"st_folium", "render", "_get_html", "_get_header", "_get_map_string",
             "_get_feature_group_string", "_get_layer_control_string",
             # streamlit_folium_compat's wrappers of those: their callers hold the context
             "map_parts", "feature_group_script", "layer_control_script"}  # fmt: skip


def _unguarded_renders(tree: ast.AST) -> list[int]:
    """Lines that call a folium/st_folium renderer outside `with rendered_as_text():`."""
    found: list[int] = []

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.With):
            guarded = guarded or any(
                isinstance(item.context_expr, ast.Call)
                and getattr(item.context_expr.func, "id", "") == "rendered_as_text"
                for item in node.items
            )
        if isinstance(node, ast.Call) and not guarded:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            # branca's `render()` takes no arguments here; a Jinja page's `render(**values)` does.
            jinja_page = name == "render" and bool(node.args or node.keywords)
            if name in RENDERERS and not jinja_page:
                found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return found


def test_every_render_in_the_dashboard_is_inside_the_context() -> None:
    package = Path(dashboard.map_builder.__file__).parent
    # Where the context and the text element are defined, and the thin wrappers of
    # streamlit-folium's renderers (their calls are checked where they are made).
    skip = {"folium_text.py", "streamlit_folium_compat.py"}
    unguarded = {
        path.name: lines
        for path in sorted(package.glob("*.py"))
        if path.name not in skip
        and (lines := _unguarded_renders(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert not unguarded, f"folium rendered outside rendered_as_text(): {unguarded}"


@pytest.mark.parametrize("on", [date(2024, 8, 15), date(2024, 8, 20), date(2025, 3, 13)])
def test_a_snapshot_shows_template_syntax_in_ledger_text_as_written(on: date) -> None:
    hostile = snapshot_source(HOSTILE_LEDGER)
    names = [name for name, _ in hostile.ledger.claimants]
    state = ViewState(on=on, mode=Mode.PAIR, claimants=(names[0], names[1]))
    page = snapshot_html(hostile, state, SnapshotOptions(interactive=True))
    for payload in TEMPLATE_PAYLOADS:
        assert payload in page
    assert "Test analyst 49" not in page
    assert str(Path.cwd()) not in page, "the quote's call into os ran"
