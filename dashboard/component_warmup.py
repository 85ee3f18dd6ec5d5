"""An empty component early in the page, so that Streamlit's page has its script for components
by the time the map's component arrives.

Streamlit's page loads the script of each kind of element when the first one of that kind
arrives, and shows what such an element holds no sooner than 0.3 s after the last element it
had to wait for (React's pacing of what it reveals). The map was the page's first component: its
frame was created 0.3 s or more after its arguments had arrived. This component, drawn at the end
of the sidebar (the run's first elements), has the page load that script while the run computes
the map. Its page says it is ready and takes no height (`component_warmup/index.html`).

Declared on first use, inside a run: Streamlit registers a component's files only when it is
declared in a script run (see `dashboard.serve`, which imports the project before any run).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

NAME = "frontline_component_warmup"
FILES = Path(__file__).resolve().parent / "component_warmup"
KEY = "component_warmup"
_declared: list[Callable[..., Any]] = []


def warm_component_script() -> None:
    """Draw the empty component (in the sidebar: it takes no room; the same each run, so its
    frame is kept)."""
    if not _declared:
        _declared.append(components.declare_component(NAME, path=str(FILES)))
    _declared[0](key=KEY, default=None)
