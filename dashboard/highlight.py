"""A report's text with the spans claims were read from marked: every piece of it escaped.

Pure: text and spans in, an HTML string out. The report is someone else's words and may hold
anything (`<script>`, `{{ 7*7 }}`); only the `<mark>` tags written here are markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

REPORT_STYLE = "white-space: pre-wrap; line-height: 1.5; max-height: 28em; overflow-y: auto"
MARK_STYLE = "background: #E69F0055; border-bottom: 2px solid #E69F00; padding: 0 1px"


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of the text, [start, end), and what was read from it."""

    start: int
    end: int
    label: str


def highlighted_html(text: str, marks: Sequence[Mark]) -> str:
    """The whole text, escaped, with each mark wrapped in `<mark title=label>`.

    Marks out of range or overlapping an earlier one are left out (the field still lists them).

    >>> shown = highlighted_html("Moscow <b>said</b>", [Mark(0, 6, "claimant")])
    >>> shown.split(">", 1)[1]  # doctest: +ELLIPSIS
    '<mark title="claimant" style="...">Moscow</mark> &lt;b&gt;said&lt;/b&gt;</div>'
    """
    pieces: list[str] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < position or mark.end <= mark.start or mark.end > len(text):
            continue
        pieces.append(html.escape(text[position : mark.start]))
        label = html.escape(mark.label, quote=True)
        body = html.escape(text[mark.start : mark.end])
        pieces.append(f'<mark title="{label}" style="{MARK_STYLE}">{body}</mark>')
        position = mark.end
    pieces.append(html.escape(text[position:]))
    return f'<div class="frontline-report" style="{REPORT_STYLE}">{"".join(pieces)}</div>'
