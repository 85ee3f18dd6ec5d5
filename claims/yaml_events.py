"""A ledger's YAML built straight from libyaml's events, checked as it is read.

PyYAML's usual way composes the whole document into a node tree first: ~1.4 GB for the 30 MB
ledger of the 100x theatre (two marks per node), more than the data it becomes (~0.4 GB). Built
from the event stream, only the values are kept, and the checks a ledger needs are made on the
way, before anything more is read:

- no anchors or aliases (`&name`, `*name`): a few lines of them can expand to billions of values
  ("billion laughs"); a ledger spells every value out;
- at most `max_nesting` levels and `max_values` values, so a hostile file stops early;
- no key given twice in one mapping (YAML would silently keep the second);
- only the plain shapes of a ledger: text, numbers, dates, booleans, nulls, lists, mappings; no
  merge keys (`<<`) and no tags on lists or mappings (`!!set`, `!!python/...`).

Scalars are typed as PyYAML's safe loader types them (its resolver and, but for text, dates,
booleans and nulls, its constructors), so the values are the same.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from claims.errors import LedgerError, Problem

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq"
_DATE, _BOOL, _NULL = f"{_TAG}timestamp", f"{_TAG}bool", f"{_TAG}null"
_MERGE, _VALUE = f"{_TAG}merge", f"{_TAG}value"
ANCHOR = (
    "marks a value with the YAML anchor &{name}; a ledger spells every value out, since a few "
    "lines of anchors and aliases (*name) can expand to billions of values: write the value "
    "itself wherever it is used"
)
ALIAS = "repeats a value through the YAML alias *{name}; a ledger spells every value out"
MERGE = "is a YAML merge key (<<); a ledger spells every field out"
TAGGED = "has the YAML tag {tag}: a ledger holds only text, numbers, dates, lists and mappings"


def read_document(
    loader: yaml.SafeLoader, source: str, *, max_nesting: int, max_values: int
) -> object:
    """The one document `loader` reads, as PyYAML's safe loader builds it; `LedgerError` names
    what a ledger may not hold. The loader's YAML errors (syntax) pass through."""
    return _Builder(loader, source, max_nesting, max_values).document()


class _Builder:
    """Values under construction: `stack` the open lists and mappings, `keys` each open
    mapping's key waiting for its value (as a 1-tuple; None when the next scalar is a key)."""

    def __init__(
        self, loader: yaml.SafeLoader, source: str, max_nesting: int, max_values: int
    ) -> None:
        # Any: PyYAML's stubs leave the event API (get_event, the marks) untyped.
        self.loader: Any = loader
        self.source = source
        self.max_nesting = max_nesting
        self.max_values = max_values
        self.stack: list[Any] = []
        self.keys: list[tuple[object] | None] = []
        self.key_lines: list[dict[object, int]] = []
        self.duplicates: list[Problem] = []

    def document(self) -> object:
        get: Any = self.loader.get_event
        get()  # StreamStartEvent
        if isinstance(get(), yaml.StreamEndEvent):
            return None  # an empty file
        root = self._root()
        end = get()  # DocumentEndEvent
        following = get()
        if not isinstance(following, yaml.StreamEndEvent):
            line = following.start_mark.line + 1 if following.start_mark else end.end_mark.line
            message = f"is not valid YAML at line {line}: a second document; a ledger is one"
            self._refuse("file", "yaml", message)
        if self.duplicates:
            raise LedgerError(self.source, self.duplicates)
        return root

    def _root(self) -> object:
        """Every event of the document's one root value, built into it."""
        loader, stack = self.loader, self.stack
        get, resolve = loader.get_event, loader.resolve
        scalar_event, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        values = 0
        while True:
            event = get()
            kind = type(event)
            if getattr(event, "anchor", None) is not None:
                self._refuse_here(ANCHOR.format(name=event.anchor))
            values += 1
            if values > self.max_values:
                message = f"holds more than {self.max_values:,} values: not a ledger"
                self._refuse("file", "yaml", message)
            if kind is scalar_event:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                value = event.value if tag == _STR else self._scalar(event, tag)
            elif kind is mapping_start or kind is sequence_start:
                self._open(event, kind is mapping_start)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                values -= 1  # counted at its start
                value = stack.pop()
                self.keys.pop()
                if kind is yaml.MappingEndEvent:
                    self.key_lines.pop()
            elif kind is yaml.AliasEvent:
                self._refuse_here(ALIAS.format(name=event.anchor))
            else:
                raise yaml.YAMLError(f"unexpected {kind.__name__}")
            if not stack:
                return value
            self._add(value, event)

    def _open(self, event: Any, mapping: bool) -> None:
        if event.tag not in (None, "!", _MAP if mapping else _SEQ):
            self._refuse_here(TAGGED.format(tag=event.tag))
        if len(self.stack) >= self.max_nesting:
            message = f"is nested deeper than {self.max_nesting} levels: not a ledger"
            self._refuse("file", "yaml", message)
        self.stack.append({} if mapping else [])
        self.keys.append(None)
        if mapping:
            self.key_lines.append({})

    def _scalar(self, event: Any, tag: str) -> object:
        text = event.value
        if tag == _DATE and len(text) == 10:
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass  # not a real day: the loader's constructor keeps it as text
        elif tag == _BOOL:
            return self.loader.bool_values[text.lower()]
        elif tag == _NULL:
            return None
        elif tag == _VALUE:
            return text  # "=" stays text, as PyYAML writes a key of it
        elif tag == _MERGE:
            record, path = self._where()
            self._refuse(record, f"{path}.<<" if path else "<<", MERGE)
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        value = self.loader.construct_object(node, deep=True)
        self.loader.constructed_objects.pop(node, None)
        return value

    def _add(self, value: object, event: Any) -> None:
        """`value`, just read, into the innermost open list or mapping."""
        top = self.stack[-1]
        if type(top) is list:
            top.append(value)
            return
        waiting = self.keys[-1]
        if waiting is None:  # `value` is a key
            if isinstance(value, list | dict):
                line = event.start_mark.line + 1
                self._refuse(
                    "file", "yaml", f"is not valid YAML at line {line}: found unhashable key"
                )
            self.keys[-1] = (value,)
            lines = self.key_lines[-1]
            if value in lines:
                self._duplicate(value, lines[value], event.start_mark.line + 1)
            else:
                lines[value] = event.start_mark.line + 1
            return
        top[waiting[0]] = value
        self.keys[-1] = None

    def _duplicate(self, key: object, first: int, line: int) -> None:
        record, path = self._where()
        message = (
            f"is given twice (lines {first} and {line}); YAML would keep only the second: "
            "remove one"
        )
        self.duplicates.append(Problem(record, path or "yaml", message))

    def _where(self) -> tuple[str, str]:
        """The record and field being read: a record is an item of the top-level `records`
        list (or of a top-level list); outside any record, the record is `file`."""
        stack, keys = self.stack, self.keys
        first = 1
        if stack and type(stack[0]) is dict and keys[0] == ("records",) and len(stack) > 1:
            first = 2
        elif not (stack and type(stack[0]) is list):
            first = 0
        record = "file"
        if first and len(stack) > first - 1 and type(stack[first - 1]) is list:
            records = stack[first - 1]
            item = stack[first] if len(stack) > first else None
            known = item.get("id") if isinstance(item, dict) else None
            record = known if isinstance(known, str) else f"#{len(records) + 1}"
        else:
            first = 0
        path = ""
        for level in range(first, len(stack)):
            container, key = stack[level], keys[level]
            if type(container) is list:
                path = f"{path}[{len(container)}]"
            elif key is not None:
                path = f"{path}.{key[0]}" if path else str(key[0])
        return record, path

    def _refuse_here(self, message: str) -> None:
        record, path = self._where()
        self._refuse(record, path or "yaml", message)

    def _refuse(self, record: str, field: str, message: str) -> None:
        raise LedgerError(self.source, [Problem(record, field, message)])
