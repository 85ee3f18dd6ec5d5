"""Reading a ledger file from disk: size, encoding and YAML checked before any record is parsed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from claims.errors import LedgerError, Problem
from claims.model import Ledger
from claims.parse import ParseContext, parse_ledger

# The bundled ledger is ~100 KB; anything a hundred times larger is a mistake or an attack.
MAX_LEDGER_BYTES = 10 * 1024 * 1024
MAX_NESTING = 12
BUNDLED_LEDGER = Path(__file__).resolve().parent / "data" / "kursk_2024_25.yaml"


def read_ledger(path: Path, context: ParseContext) -> Ledger:
    """Read and validate a ledger file whole; `LedgerError` names every problem."""
    return parse_ledger(load_ledger_data(path), context, source=str(path))


def load_ledger_data(path: Path) -> object:
    """The raw YAML content of a ledger file, refusing files that cannot be a ledger."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise LedgerError(source, [Problem("file", "path", error.strerror or str(error))]) from None
    if size > MAX_LEDGER_BYTES:
        limit = MAX_LEDGER_BYTES // (1024 * 1024)
        message = f"is {size / 1024 / 1024:.1f} MB; a ledger may be at most {limit} MB"
        raise LedgerError(source, [Problem("file", "size", message)])
    return parse_ledger_text(path.read_bytes(), source=source)


def parse_ledger_text(raw: bytes, *, source: str) -> object:
    """Decode and parse ledger bytes as YAML, with the position of any syntax error."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 (byte {error.start}: {raw[error.start : error.start + 1]!r})"
        raise LedgerError(source, [Problem("file", "encoding", message)]) from None
    if "\x00" in text:
        raise LedgerError(source, [Problem("file", "encoding", "contains NUL bytes: not text")])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise LedgerError(source, [Problem("file", "yaml", _yaml_message(error))]) from None
    except RecursionError:
        raise LedgerError(source, [Problem("file", "yaml", "is nested too deeply")]) from None
    if _depth(data) > MAX_NESTING:
        message = f"is nested deeper than {MAX_NESTING} levels: not a ledger"
        raise LedgerError(source, [Problem("file", "yaml", message)])
    return data


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"is not valid YAML{where}: {problem}"


def _depth(data: object, level: int = 0) -> int:
    if level > MAX_NESTING:
        return level
    if isinstance(data, dict):
        return max((_depth(v, level + 1) for v in data.values()), default=level + 1)
    if isinstance(data, list):
        return max((_depth(v, level + 1) for v in data), default=level + 1)
    return level


def today() -> date:
    return date.today()
