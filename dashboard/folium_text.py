"""Folium's rendered output kept as text: never read a second time as a Jinja template.

branca's `MacroElement.render` renders an element's header, html and script macros and wraps each
result in a new `Element(text)`, which compiles that text as a Jinja template and, when the page
is rendered whole (`Figure.render`, as the snapshots do), evaluates it. The text already holds
ledger strings (claimants, quotes, notes), so a quote reading `{{ 7*7 }}` came out as 49, one
reaching Python's `os` module ran it on the server, and a stray `{{` in a quote stopped the page
with a TemplateSyntaxError. The Jinja parse of every rendered script, the settlements' GeoJSON
included, was also most of the cost of rendering a date's layers.

Inside `with rendered_as_text():` that one method is replaced by one that keeps the rendered text
as it is; what goes into the page is byte for byte what branca rendered, minus the second pass.
Nothing is patched at import: every place that renders a map (`map_component`, `snapshot`, the
`st_folium` calls) renders inside the context, and the library is itself again when it ends.
Renders are serialised by one lock, so one thread's render never sees another thread restore
branca's method half way (Streamlit runs sessions on threads). branca is pinned by folium;
tests/test_folium_text.py pins the behaviour, including that branca is untouched outside.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from branca.element import Element, Figure, MacroElement

from dashboard.branca_compat import children, name_kind, template_macros

PARTS = ("header", "html", "script")


class RenderedText(Element):
    """Text a template has already produced; rendering it returns it unchanged."""

    def __init__(self, text: str) -> None:
        super().__init__()
        name_kind(self, "RenderedText")
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _render_macros_as_text(self: MacroElement, **kwargs: Any) -> None:
    figure = self.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{type(self).__name__} cannot be rendered outside a Figure")
    macros = template_macros(self)
    for part in PARTS:
        macro = macros.get(part)
        if macro is not None:
            rendered = RenderedText(str(macro(self, kwargs)))
            getattr(figure, part).add_child(rendered, name=self.get_name())
    for element in children(self):
        element.render(**kwargs)


_RENDER_LOCK = threading.RLock()


@contextmanager
def rendered_as_text() -> Iterator[None]:
    """Within the block, every folium/branca macro element keeps its rendered text as text."""
    with _RENDER_LOCK:
        branca_render = MacroElement.render
        MacroElement.render = _render_macros_as_text  # type: ignore[method-assign]
        try:
            yield
        finally:
            MacroElement.render = branca_render  # type: ignore[method-assign]
