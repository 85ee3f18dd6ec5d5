"""Reading a report: plain text or HTML from a file or standard input, split into sentences.

HTML is reduced to its visible text with the standard library's parser; script, style and template
content never reach the extractor.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# A report is a page of news, not a book: anything far larger is a mistake (or an attack).
MAX_REPORT_CHARS = 1_000_000
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_LOOKS_LIKE_HTML = re.compile(r"^\s*(<!doctype html|<html|<body|<p[\s>]|<div|<article)", re.I)
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "head", "svg", "iframe"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr", "td"}
)


class ReportError(ValueError):
    """A report that cannot be read: named by path and problem."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def read_report(path_or_dash: str) -> str:
    """The text of a report: a .txt or .html file, or "-" for standard input."""
    if path_or_dash == "-":
        raw = sys.stdin.buffer.read(MAX_REPORT_CHARS * 4 + 1)
        name = "standard input"
    else:
        path = Path(path_or_dash)
        name = str(path)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise ReportError(f"{name}: {error.strerror or error}") from None
    return report_from_bytes(raw, name)


def report_from_bytes(raw: bytes, name: str) -> str:
    """The text of a report given as bytes (a file, standard input, an upload named `name`):
    UTF-8 (a BOM allowed); HTML, by its suffix or its opening tag, reduced to its visible text."""
    text = _decode(raw, name)
    if Path(name).suffix.lower() in _HTML_SUFFIXES or _LOOKS_LIKE_HTML.match(text):
        text = html_text(text)
    check_size(text, name)
    return text


def check_size(text: str, name: str = "report") -> None:
    if len(text) > MAX_REPORT_CHARS:
        raise ReportError(
            f"{name}: {len(text):,} characters; a report may be at most {MAX_REPORT_CHARS:,}"
        )


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportError(f"{name}: not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise ReportError(f"{name}: contains NUL bytes: not text")
    return text


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one block per line."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    lines = (
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)


# A sentence ends at . ! ? … (maybe closed by a quote mark) before a capital letter, a digit or an
# opening quote; or at a blank line (a single line break is only a wrapped line).
# "sq. km", "кв. км" and "Jan. 5" do not end one.
_BOUNDARY = re.compile(
    r"(?<=[.!?…])[\"»”’)]*\s+(?=[«\"“„(]?[A-ZА-ЯЁІЇЄҐ0-9])|\n[ \t]*\n\s*", re.UNICODE
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"No|vs|Lt\.? Gen|г|гг|т\.е|им|ген|пос|с|д|н\.п)\.)$",
    re.UNICODE,
)


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` with their character offsets."""
    found: list[Sentence] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        piece_end = boundary.start()
        if _ABBREVIATIONS.search(text[max(start, piece_end - 12) : piece_end]):
            continue
        _append(found, text, start, piece_end)
        start = boundary.end()
    _append(found, text, start, len(text))
    return found


# A news sentence is rarely longer than a few hundred characters. A longer stretch without a full
# stop (a list, a table, a hostile input) is cut at a comma or a space, so that the work per
# sentence stays bounded and the whole report is read in time proportional to its length.
MAX_SENTENCE_CHARS = 1200


def _append(found: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(", "), window.rfind("; "))
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else MAX_SENTENCE_CHARS
        _append_one(found, text, start, start + cut)
        start += cut
    _append_one(found, text, start, end)


def _append_one(found: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    offset = start + (len(piece) - len(piece.lstrip()))
    found.append(Sentence(offset, offset + len(stripped), stripped))


_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_LATIN = re.compile(r"[A-Za-z]")


def language_of(text: str) -> str:
    """'en', 'ru' or 'uk': the script first, then the letters only one of the two languages uses."""
    sample = text[:20_000]
    if len(_CYRILLIC.findall(sample)) <= len(_LATIN.findall(sample)):
        return "en"
    ukrainian = len(_UKRAINIAN_LETTERS.findall(sample))
    russian = len(_RUSSIAN_LETTERS.findall(sample))
    return "uk" if ukrainian > russian else "ru"
