"""The text of an uploaded report: plain text as it is, HTML with its tags, scripts and styles
taken out. Pure (bytes in, text out); nothing of the page is run or kept as markup."""

from __future__ import annotations

from html.parser import HTMLParser

HTML_SUFFIXES = (".html", ".htm")
# A wire report is a few KB and a saved news page a few hundred; far beyond that is not a report.
MAX_REPORT_BYTES = 5 * 2**20
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"})


class UploadError(ValueError):
    """An upload that is not a text or HTML report."""


def report_text(name: str, data: bytes) -> str:
    """Text of the uploaded file `name`: UTF-8 (a BOM allowed), HTML reduced to its text."""
    if len(data) > MAX_REPORT_BYTES:
        limit = MAX_REPORT_BYTES // 2**20
        raise UploadError(f"{name}: {len(data) / 2**20:.1f} MB; a report is at most {limit} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(f"{name}: not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise UploadError(f"{name}: contains NUL bytes, not text")
    return _html_text(text) if name.lower().endswith(HTML_SUFFIXES) else text


def _html_text(markup: str) -> str:
    reader = _TextOnly()
    reader.feed(markup)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
