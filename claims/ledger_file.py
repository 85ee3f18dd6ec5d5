"""Reading a ledger file from disk: size, encoding and YAML checked before any record is parsed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from claims.errors import LedgerError, Problem
from claims.model import Ledger
from claims.parse import ParseContext, parse_ledger

# The bundled ledger is ~100 KB; anything a hundred times larger is a mistake or an attack.
MAX_LEDGER_BYTES = 10 * 1024 * 1024
MAX_NESTING = 12
# YAML aliases can make a small file expand to billions of values ("billion laughs"); a 10 MB ledger
# written out plainly holds about 250,000.
MAX_VALUES = 500_000
TOO_DEEP = "is nested too deeply"
# How libyaml refuses nesting beyond its own limit (1,000 levels); PyYAML's parser recurses instead.
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
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
        root, data = _compose_and_construct(text)
    except yaml.YAMLError as error:
        if LIBYAML_TOO_DEEP in str(getattr(error, "problem", "")):
            raise LedgerError(source, [Problem("file", "yaml", TOO_DEEP)]) from None
        raise LedgerError(source, [Problem("file", "yaml", _yaml_message(error))]) from None
    except RecursionError:
        raise LedgerError(source, [Problem("file", "yaml", TOO_DEEP)]) from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        message = f"is not valid YAML: {type(error).__name__}: {str(error)[:200]}"
        raise LedgerError(source, [Problem("file", "yaml", message)]) from None
    duplicates = duplicate_key_problems(root)
    if duplicates:
        raise LedgerError(source, duplicates)
    depth, values = _measure(data, 0, {}, set())
    if depth > MAX_NESTING:
        message = f"is nested deeper than {MAX_NESTING} levels: not a ledger"
        raise LedgerError(source, [Problem("file", "yaml", message)])
    if values > MAX_VALUES:
        message = f"expands to more than {MAX_VALUES:,} values (YAML aliases?): not a ledger"
        raise LedgerError(source, [Problem("file", "yaml", message)])
    return data


# libyaml's parser where PyYAML was built with it (about ten times faster on the bundled ~0.9 MB
# ledger: 0.3 s against 3.7 s for the two passes it replaces), else PyYAML's own.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LedgerLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, except that a scalar that looks like a date or number but is not
    one (`2024-02-30`, an integer of 5,000 digits) stays text, so the record and field that hold
    it are named when the field is read, instead of the whole file failing with a bare error."""


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, object]:
    """The document's node tree (where duplicate keys are still visible) and the data built from
    it: one parse serves both."""
    loader = _LedgerLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


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


def duplicate_key_problems(root: yaml.Node | None) -> list[Problem]:
    """Keys given twice in one mapping of a composed document. YAML lets the second silently win,
    so a slip or a merge resolved by hand (`holder: russia` then `holder: ukraine`) would flip a
    claim unseen."""
    if root is None:
        return []
    records = root
    if isinstance(root, yaml.MappingNode):
        records = next((v for k, v in root.value if k.value == "records"), root)
    problems: list[Problem] = []
    if isinstance(records, yaml.SequenceNode):
        for position, record in enumerate(records.value):
            label = _record_id(record) or f"#{position + 1}"
            problems.extend(_duplicates_in(record, label, "", set()))
    else:
        problems.extend(_duplicates_in(root, "ledger", "", set()))
    return problems


def _record_id(node: yaml.Node) -> str:
    if not isinstance(node, yaml.MappingNode):
        return ""
    return next((str(v.value) for k, v in node.value if k.value == "id" and v.id == "scalar"), "")


def _duplicates_in(node: yaml.Node, record: str, path: str, seen: set[int]) -> list[Problem]:
    if id(node) in seen:  # an alias: its node was checked where it was defined
        return []
    seen.add(id(node))
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            field = f"{path}.{name}" if path else name
            line = key.start_mark.line + 1
            if name in first_line:
                message = (
                    f"is given twice (lines {first_line[name]} and {line}); YAML would keep "
                    "only the second: remove one"
                )
                problems.append(Problem(record, field, message))
            else:
                first_line[name] = line
            problems.extend(_duplicates_in(value, record, field, seen))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems.extend(_duplicates_in(item, record, f"{path}[{index}]", seen))
    return problems


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"is not valid YAML{where}: {problem}"


Measure = tuple[int, int]


def _measure(data: object, level: int, seen: dict[int, Measure], open_: set[int]) -> Measure:
    """(levels of nesting, values once aliases are expanded) below `data`.

    A node that aliases share is measured once; a node that contains itself is infinitely deep.
    """
    if not isinstance(data, dict | list):
        return 0, 1
    key = id(data)
    if key in seen:
        return seen[key]
    if level > MAX_NESTING or key in open_:
        return MAX_NESTING + 1, 1
    open_.add(key)
    children = data.values() if isinstance(data, dict) else data
    depth, values = 1, 1
    for child in children:
        child_depth, child_values = _measure(child, level + 1, seen, open_)
        depth, values = max(depth, child_depth + 1), values + child_values
    open_.discard(key)
    seen[key] = (depth, values)
    return depth, values
