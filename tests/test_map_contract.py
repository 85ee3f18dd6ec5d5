"""What dashboard.streamlit_folium_compat and timeline.js rely on in streamlit-folium beyond its
public `st_folium`, and what dashboard.branca_compat relies on in branca's element tree: an upgrade
that changes any of it fails here, not in a user's browser."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import streamlit_folium as sf
from branca.element import MacroElement

from dashboard.branca_compat import INTERNALS as BRANCA_INTERNALS
from dashboard.branca_compat import SUPPORTED_RELEASE as BRANCA_RELEASE
from dashboard.branca_compat import check_branca
from dashboard.streamlit_folium_compat import (
    INTERNALS,
    SUPPORTED_RELEASE,
    check_streamlit_folium,
)

FRONTEND = Path(sf.__file__).parent / "frontend" / "build" / "static" / "js"


def test_the_installed_release_is_the_one_the_module_is_built_on() -> None:
    assert check_streamlit_folium().startswith(SUPPORTED_RELEASE)


def test_the_internals_map_component_calls_exist() -> None:
    missing = [name for name in INTERNALS if not hasattr(sf, name)]
    assert missing == []


def test_the_component_takes_a_change_callback() -> None:
    # `follow_map` moves the date slider from the component's on_change callback.
    assert "on_change" in inspect.signature(sf._component_func).parameters


def test_the_map_page_puts_the_component_library_on_window() -> None:
    # timeline.js sends the day back with window.Streamlit.setComponentValue.
    bundles = [path.read_text(encoding="utf-8") for path in FRONTEND.glob("main.*.js")]
    assert bundles, f"no streamlit-folium frontend bundle under {FRONTEND}"
    assert any(re.search(r"window\.Streamlit\s*=", text) for text in bundles)
    assert any("setComponentValue" in text for text in bundles)


def test_only_the_compatibility_module_reaches_into_streamlit_folium() -> None:
    dashboard = Path(check_streamlit_folium.__code__.co_filename).parent
    users = sorted(
        path.name
        for path in dashboard.glob("*.py")
        if re.search(r"\b(sf|streamlit_folium)\._\w", path.read_text(encoding="utf-8"))
    )
    assert users == ["streamlit_folium_compat.py"]


def test_the_installed_branca_is_the_one_the_module_is_built_on() -> None:
    assert check_branca().startswith(BRANCA_RELEASE)


def test_the_branca_internals_exist() -> None:
    missing = [name for name in BRANCA_INTERNALS if not hasattr(MacroElement(), name)]
    assert missing == []


def test_only_the_compatibility_module_reaches_into_branca_elements() -> None:
    dashboard = Path(check_branca.__code__.co_filename).parent
    users = sorted(
        path.name
        for path in dashboard.glob("*.py")
        # by attribute, in code or in a template (this._parent), or by name (getattr(e, "_name"))
        if re.search(
            r"\.(_children|_template|_name|_parent)\b|[\"']_(children|template|name|parent)[\"']",
            path.read_text(encoding="utf-8"),
        )
    )
    assert users == ["branca_compat.py"]
