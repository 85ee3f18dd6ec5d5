"""The one place that reaches into branca's element tree beyond its public API.

branca (under folium) has no public way to list an element's children, to call the macros of
its template, to name an element's kind or to reach the element it was added to, and the
dashboard needs all four: the scripts and styles a map's elements load (`map_component`), the
vendored-assets check of a snapshot (`snapshot`), rendering a macro element's text without a
second Jinja pass (`folium_text`), and the project's own map elements, whose scripts name the
Leaflet layer or map they act on (`FrontlineElement`). The private names are used only here,
a release this was not built on is refused, and tests/test_map_contract.py checks every name
against the installed release and fails if any other dashboard module reaches into them.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from branca.element import Element, MacroElement

SUPPORTED_RELEASE = "0.8."
# Every private name used below, for the contract test.
INTERNALS = ("_children", "_template", "_name", "_parent")


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


def name_kind(element: Element, kind: str) -> None:
    """Name an element's kind: the prefix of its JavaScript variable (`get_name()`)."""
    element._name = kind


def parent(element: Element) -> Element:
    """The element `element` was added to (`add_to`); an error before it was added."""
    found: Element | None = element._parent
    if found is None:
        raise ValueError(f"{element.get_name()} is drawn before it was added to a map or layer")
    return found


class FrontlineElement(MacroElement):
    """A macro element of this project: named for its kind, and able to name, in its template,
    the Leaflet layer it was added to (`parent_name`) and that layer's map (`map_name`)."""

    def __init__(self, kind: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        name_kind(self, kind)

    @property
    def parent_name(self) -> str:
        return str(parent(self).get_name())

    @property
    def map_name(self) -> str:
        return str(parent(parent(self)).get_name())
