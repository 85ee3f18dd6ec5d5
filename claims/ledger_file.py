"""Reading a ledger file from disk: size, encoding and YAML checked before any record is parsed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from claims.errors import LedgerError, Problem
from claims.gc_paused import gc_paused
from claims.model import Ledger
from claims.parse import ParseContext, parse_ledger
from claims.yaml_events import read_document

# The bundled ledger is ~1.2 MB and the synthetic theatre a hundred times its size (`bench/`)
# ~30 MB; a file twice that is a mistake or an attack. The size bounds the memory reading takes:
# libyaml's node tree of a 30 MB ledger is ~1.4 GB.
MAX_LEDGER_BYTES = 64 * 1024 * 1024
MAX_NESTING = 12
# Anchors and aliases are refused (`claims.yaml_events`), so a ledger holds no more values than it
# spells out: a real one ~1 per 20-45 bytes. The cap, ~1 per 8 bytes, refuses a file of little
# else but values.
MAX_VALUES = MAX_LEDGER_BYTES // 8
TOO_DEEP = "is nested too deeply"
# How libyaml refuses nesting beyond its own limit (1,000 levels); PyYAML's parser recurses instead.
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
BUNDLED_LEDGER = Path(__file__).resolve().parent / "data" / "kursk_2024_25.yaml"


def read_ledger(path: Path, context: ParseContext) -> Ledger:
    """Read and validate a ledger file whole; `LedgerError` names every problem."""
    with gc_paused():
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
    loader = _LedgerLoader(text)
    try:
        with gc_paused():
            return _checked_data(loader, source)
    finally:
        loader.dispose()


def _checked_data(loader: yaml.SafeLoader, source: str) -> object:
    """The document's values, checked as they are read (`claims.yaml_events`)."""
    try:
        return read_document(loader, source, max_nesting=MAX_NESTING, max_values=MAX_VALUES)
    except LedgerError:
        raise  # a ValueError too, but already the problem named
    except yaml.YAMLError as error:
        if LIBYAML_TOO_DEEP in str(getattr(error, "problem", "")):
            raise LedgerError(source, [Problem("file", "yaml", TOO_DEEP)]) from None
        raise LedgerError(source, [Problem("file", "yaml", _yaml_message(error))]) from None
    except RecursionError:
        raise LedgerError(source, [Problem("file", "yaml", TOO_DEEP)]) from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        raise LedgerError(source, [_not_yaml(error)]) from None


def _not_yaml(error: Exception) -> Problem:
    return Problem("file", "yaml", f"is not valid YAML: {type(error).__name__}: {str(error)[:200]}")


# libyaml's parser where PyYAML was built with it (about ten times faster on the bundled ~0.9 MB
# ledger: 0.3 s against 3.7 s for the two passes it replaces), else PyYAML's own.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LedgerLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, except that a scalar that looks like a date or number but is not
    one (`2024-02-30`, an integer of 5,000 digits) stays text, so the record and field that hold
    it are named when the field is read, instead of the whole file failing with a bare error."""


Construct = Callable[[yaml.SafeLoader, yaml.ScalarNode], object]


def _scalar_or_text(build: Construct) -> Construct:
    def construct(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
        try:
            return build(loader, node)
        except (ValueError, AttributeError, OverflowError):
            return loader.construct_scalar(node)

    return construct


_SCALARS: dict[str, Construct] = {
    "timestamp": yaml.SafeLoader.construct_yaml_timestamp,
    "int": yaml.SafeLoader.construct_yaml_int,
    "float": yaml.SafeLoader.construct_yaml_float,
}
for _tag, _build in _SCALARS.items():
    _LedgerLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _scalar_or_text(_build))


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"is not valid YAML{where}: {problem}"
