"""Checks on a ledger's YAML node tree before any value is built from it: aliases, nesting,
the number of values and keys given twice, in one walk.

libyaml gives an alias the very node its anchor named, so a node reached a second time is an
alias. The walk visits collection nodes one by one and takes each one's children in bulk (a set
of their ids, a set of a mapping's keys): the 30 MB of the 100x theatre are ~2.6 million nodes,
and a Python step per node took ~9 s where these bulk steps take ~1.5 s. Only a node where
something is wrong is looked at child by child, to name the record and field.
"""

from __future__ import annotations

import yaml

from claims.errors import Problem

ALIAS = (
    "repeats the value written at line {line} through a YAML alias (*name); a ledger spells every "
    "value out, since a few lines of anchors and aliases can expand to billions of values"
)
# Enough aliases named for a ledger that used a few by mistake; a hostile file is refused anyway.
MAX_ALIAS_PROBLEMS = 3

# A collection node, the record it belongs to ("file" outside any record) and its field path.
Visit = tuple[yaml.CollectionNode, int, str, str]


def node_problems(root: yaml.Node | None, max_nesting: int, max_values: int) -> list[Problem]:
    """Aliases; else nesting deeper than `max_nesting` or more than `max_values` values (keys
    and values); else every key given twice in one mapping. Empty when the tree is fine."""
    if not isinstance(root, yaml.CollectionNode):
        return []
    seen = {id(root)}
    values, deepest = 1, 0
    aliases: list[Problem] = []
    duplicates: list[Problem] = []
    stack: list[Visit] = [(root, 0, "file", "")]
    while stack and len(aliases) < MAX_ALIAS_PROBLEMS:
        node, level, record, path = stack.pop()
        deepest = max(deepest, level + 1)
        if level >= max_nesting:
            continue  # deeper than a ledger: refused below, whatever lies further down
        if isinstance(node, yaml.MappingNode):
            children: list[yaml.Node] = [n for pair in node.value for n in pair]
            duplicates.extend(_duplicate_keys(node, record, path))
        else:
            children = node.value
        values += len(children)
        ids = set(map(id, children))
        below = _collections_below(node, level, record, path)
        if len(ids) != len(children) or not seen.isdisjoint(ids):
            aliases.extend(_aliases(node, level, record, path, seen))
            below = _first_visits(below, seen)  # an alias's node is walked where it was written
        seen |= ids
        stack.extend(reversed(below))
    if aliases:
        return aliases[:MAX_ALIAS_PROBLEMS]
    if deepest > max_nesting:
        return [
            Problem("file", "yaml", f"is nested deeper than {max_nesting} levels: not a ledger")
        ]
    if values > max_values:
        return [Problem("file", "yaml", f"holds more than {max_values:,} values: not a ledger")]
    return duplicates


def _aliases(
    node: yaml.CollectionNode, level: int, record: str, path: str, seen: set[int]
) -> list[Problem]:
    """The children of `node` met before (elsewhere, or earlier among its own), named."""
    found: list[Problem] = []
    met = set(seen)
    for child, field in _labelled_children(node, level, record, path):
        if id(child) in met:
            child_record, child_field = field
            message = ALIAS.format(line=child.start_mark.line + 1)
            found.append(Problem(child_record, child_field or "yaml", message))
        met.add(id(child))
    return found


def _first_visits(visits: list[Visit], seen: set[int]) -> list[Visit]:
    met = set(seen)
    first: list[Visit] = []
    for visit in visits:
        if id(visit[0]) not in met:
            first.append(visit)
            met.add(id(visit[0]))
    return first


def _duplicate_keys(node: yaml.MappingNode, record: str, path: str) -> list[Problem]:
    """Keys given twice in one mapping. YAML lets the second silently win, so a slip or a merge
    resolved by hand (`holder: russia` then `holder: ukraine`) would flip a claim unseen."""
    try:
        if len({key.value for key, _ in node.value}) == len(node.value):
            return []
    except TypeError:
        pass  # a list or mapping as a key: compared as text below
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for key, _ in node.value:
        name = str(key.value)
        line = key.start_mark.line + 1
        if name in first_line:
            message = (
                f"is given twice (lines {first_line[name]} and {line}); YAML would keep "
                "only the second: remove one"
            )
            problems.append(Problem(record, _field(path, name), message))
        else:
            first_line[name] = line
    return problems


def _collections_below(
    node: yaml.CollectionNode, level: int, record: str, path: str
) -> list[Visit]:
    return [
        (child, level + 1, *label)
        for child, label in _labelled_children(node, level, record, path, collections_only=True)
        if isinstance(child, yaml.CollectionNode)
    ]


def _labelled_children(
    node: yaml.CollectionNode,
    level: int,
    record: str,
    path: str,
    *,
    collections_only: bool = False,
) -> list[tuple[yaml.Node, tuple[str, str]]]:
    """Each child of `node` with the record and field it belongs to: a record is an item of the
    top-level `records` list (or of a top-level list)."""
    top = level == 0
    if isinstance(node, yaml.MappingNode):
        labelled: list[tuple[yaml.Node, tuple[str, str]]] = []
        for key, value in node.value:
            if collections_only and not isinstance(value, yaml.CollectionNode):
                if isinstance(key, yaml.CollectionNode):
                    labelled.append((key, (record, path)))
                continue
            name = str(key.value)
            labelled.append((key, (record, _field(path, name))))
            field = "records" if top and name == "records" else _field(path, name)
            labelled.append((value, (record, field)))
        return labelled
    if top or (level == 1 and path == "records"):
        return [
            (item, (_record_id(item) or f"#{index + 1}", ""))
            for index, item in enumerate(node.value)
        ]
    return [(item, (record, f"{path}[{index}]")) for index, item in enumerate(node.value)]


def _field(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _record_id(node: yaml.Node) -> str:
    if not isinstance(node, yaml.MappingNode):
        return ""
    return next((str(v.value) for k, v in node.value if k.value == "id" and v.id == "scalar"), "")
