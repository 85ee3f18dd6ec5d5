"""The one place that reaches into branca's element tree beyond its public API.

branca (under folium) has no public way to list an element's children or to call the macros of
its template, and the dashboard needs both: the scripts and styles a map's elements load
(`map_component`), the vendored-assets check of a snapshot (`snapshot`), and rendering a macro
element's text without a second Jinja pass (`folium_text`). The private names are used only here,
a release this was not built on is refused, and tests/test_map_contract.py checks every name
against the installed release and fails if any other dashboard module reaches into them.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from branca.element import Element, MacroElement

SUPPORTED_RELEASE = "0.8."
# Every private name used below, for the contract test.
INTERNALS = ("_children", "_template")


def check_branca() -> str:
    """The installed branca's version, or a clear error if this module was not built on it."""
    found = metadata.version("branca")
    if not found.startswith(SUPPORTED_RELEASE):
        raise RuntimeError(
            f"dashboard.branca_compat is built on branca {SUPPORTED_RELEASE}x internals; "
            f"{found} is installed (see tests/test_map_contract.py before moving the pin)"
        )
    return found


check_branca()


def children(element: Element) -> list[Element]:
    """An element's direct children, in the order they were added."""
    return list(element._children.values())


def descendants(element: Element) -> list[Element]:
    """The element and every element under it, level by level: a map's own scripts come before
    its layers' (the order the component loads them in)."""
    found, pending = [], [element]
    while pending:
        current = pending.pop(0)
        found.append(current)
        pending.extend(children(current))
    return found


def template_macros(element: MacroElement) -> dict[str, Any]:
    """The macros (`header`, `html`, `script`) of a macro element's template, by name."""
    return dict(element._template.module.__dict__)
