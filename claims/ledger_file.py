"""Reading a ledger file from disk: size, encoding and YAML checked before any record is parsed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from claims.errors import LedgerError, Problem
from claims.model import Ledger
from claims.parse import ParseContext, parse_ledger

# The bundled ledger is ~1.2 MB and the synthetic theatre a hundred times its size (`bench/`)
# ~30 MB; a file twice that is a mistake or an attack. The size bounds the memory reading takes:
# libyaml's node tree of a 30 MB ledger is ~1.4 GB.
MAX_LEDGER_BYTES = 64 * 1024 * 1024
MAX_NESTING = 12
# Anchors and aliases are refused (`ALIAS`), so a ledger holds no more values than it spells out: a
# real one ~1 per 20-45 bytes. The cap, ~1 per 8 bytes, refuses a file of little else but values.
MAX_VALUES = MAX_LEDGER_BYTES // 8
ALIAS = (
    "repeats the value written at line {line} through a YAML alias (*name); a ledger spells every "
    "value out, since a few lines of anchors and aliases can expand to billions of values"
)
# Enough aliases named for a ledger that used a few by mistake; a hostile file is refused anyway.
MAX_ALIAS_PROBLEMS = 3
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
    loader = _LedgerLoader(text)
    try:
        return _checked_data(loader, source)
    finally:
        loader.dispose()


def _checked_data(loader: yaml.SafeLoader, source: str) -> object:
    """The document's node tree first, where aliases (one node reached twice) and duplicate keys
    are still visible; the data is built from it only once those are checked."""
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        if LIBYAML_TOO_DEEP in str(getattr(error, "problem", "")):
            raise LedgerError(source, [Problem("file", "yaml", TOO_DEEP)]) from None
        raise LedgerError(source, [Problem("file", "yaml", _yaml_message(error))]) from None
    except RecursionError:
        raise LedgerError(source, [Problem("file", "yaml", TOO_DEEP)]) from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        raise LedgerError(source, [_not_yaml(error)]) from None
    problems = _shape_problems(root) or duplicate_key_problems(root)
    if problems:
        raise LedgerError(source, problems)
    try:
        return loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:  # an unhashable key, a tag it will not build
        raise LedgerError(source, [Problem("file", "yaml", _yaml_message(error))]) from None
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


def _shape_problems(root: yaml.Node | None) -> list[Problem]:
    """Aliases, then nesting beyond `MAX_NESTING` or more than `MAX_VALUES` values, in the node
    tree before any value is built from it.

    libyaml gives an alias the node its anchor named, so a node reached a second time is an alias;
    refusing them before anything is built keeps a "billion laughs" file from expanding anywhere.
    """
    if root is None:
        return []
    seen: set[int] = set()
    aliases: list[Problem] = []
    deepest, values = 0, 0
    # Depth first in document order, so an anchored node is met before its aliases.
    stack: list[tuple[yaml.Node, int, str, str]] = [(root, 0, "file", "")]
    while stack and len(aliases) < MAX_ALIAS_PROBLEMS:
        node, level, record, path = stack.pop()
        if id(node) in seen:
            where = (record, path or "yaml")
            aliases.append(Problem(*where, ALIAS.format(line=node.start_mark.line + 1)))
            continue
        seen.add(id(node))
        values += 1
        if isinstance(node, yaml.ScalarNode):
            continue
        deepest = max(deepest, level + 1)
        if level >= MAX_NESTING:
            continue  # deeper than a ledger: refused below whatever lies further down
        stack.extend(reversed(_children(node, level, record, path)))
    if aliases:
        return aliases
    if deepest > MAX_NESTING:
        message = f"is nested deeper than {MAX_NESTING} levels: not a ledger"
        return [Problem("file", "yaml", message)]
    if values > MAX_VALUES:
        message = f"holds more than {MAX_VALUES:,} values: not a ledger"
        return [Problem("file", "yaml", message)]
    return []


def _children(
    node: yaml.Node, level: int, record: str, path: str
) -> list[tuple[yaml.Node, int, str, str]]:
    """A collection node's values (and a mapping's keys), each with the record and field it
    belongs to: a record is an item of the top-level `records` list (or of a top-level list)."""
    top = level == 0
    if isinstance(node, yaml.MappingNode):
        children: list[tuple[yaml.Node, int, str, str]] = []
        for key, value in node.value:
            name = str(key.value)
            field = f"{path}.{name}" if path else name
            children.append((key, level + 1, record, field))
            children.append(
                (value, level + 1, record, "records" if top and name == "records" else field)
            )
        return children
    items: list[yaml.Node] = node.value
    if top or (level == 1 and path == "records"):
        return [
            (item, level + 1, _record_id(item) or f"#{index + 1}", "")
            for index, item in enumerate(items)
        ]
    return [(item, level + 1, record, f"{path}[{index}]") for index, item in enumerate(items)]
