"""Google field masks: the ``fields`` partial-response selector and the update masks of requests.

A mask is parsed into a tree: a dict from field name to its sub-mask, where ``None`` selects
the whole value and the name ``*`` selects every field at its level.
"""

from __future__ import annotations

from typing import Any, TypeAlias

FieldMask: TypeAlias = dict[str, "FieldMask | None"]

ALL = "*"
_SEPARATORS = "./"
_SPECIAL = ".,/()"
_SKIP = object()


class FieldMaskError(ValueError):
    """A field mask that cannot be parsed."""


def parse(fields: str, *, keep_spaces: bool = False) -> FieldMask:
    """Parse a mask such as ``sheets(properties(title,sheetId),merges)`` into a tree."""
    # Whitespace around names is ignored unless keep_spaces is set: the Sheets API's own
    # parser keeps it, so "title, index" names a field called " index" there.
    text = fields if keep_spaces else fields.strip()
    if not text:
        return {}
    parser = _Parser(text, keep_spaces)
    root: FieldMask = {}
    parser.parse_list(root)
    if parser.pos < len(text):  # parse_list only stops early at a ')'
        raise parser.error("Cannot find matching '(' for all ')'.")
    return root


def paths(mask: FieldMask) -> list[tuple[str, ...]]:
    """Return the leaf paths of a mask, e.g. ``[("gridProperties", "rowCount")]``."""
    found: list[tuple[str, ...]] = []
    _collect(mask, (), found)
    return found


def select(mask: FieldMask, obj: Any) -> Any:
    """Return the partial response of ``obj`` holding only what ``mask`` selects."""
    # Selected objects are kept even when nothing inside them is selected, lists are
    # projected element by element, and selected leaves are shared with obj, not copied.
    picked = _select(mask, obj)
    return None if picked is _SKIP else picked


def apply_update(target: dict[str, Any], source: dict[str, Any], mask: FieldMask) -> None:
    """Copy every field ``mask`` names from ``source`` into ``target``, in place."""
    # A named field missing (or null) in source is removed from target, as Google clears
    # fields the mask names but the message leaves unset; "*" replaces every field.
    if ALL in mask:
        target.clear()
        target.update(_clone(source))
        return
    for name, sub in mask.items():
        value = source.get(name)
        if sub is None:
            if value is None:
                target.pop(name, None)
            else:
                target[name] = _clone(value)
        elif isinstance(value, dict):
            inner = target.get(name)
            if not isinstance(inner, dict):
                inner = target[name] = {}
            apply_update(inner, value, sub)
        elif value is None:
            inner = target.get(name)
            if isinstance(inner, dict):
                apply_update(inner, {}, sub)
        else:
            target[name] = _clone(value)


class _Parser:
    """Recursive-descent reader of the mask grammar ``item(,item)*`` with nested groups."""

    def __init__(self, text: str, keep_spaces: bool) -> None:
        self.text = text
        self.keep_spaces = keep_spaces
        self.pos = 0

    def error(self, reason: str) -> FieldMaskError:
        return FieldMaskError(f"Invalid FieldMask '{self.text}'. {reason}")

    def parse_list(self, node: FieldMask) -> None:
        while True:
            self.parse_item(node)
            if self.pos < len(self.text) and self.text[self.pos] == ",":
                self.pos += 1
                continue
            return

    def parse_item(self, node: FieldMask) -> None:
        names = [self.name()]
        while self.pos < len(self.text) and self.text[self.pos] in _SEPARATORS:
            self.pos += 1
            names.append(self.name())
        if ALL in names[:-1]:
            raise self.error("'*' can only end a path.")
        sub: FieldMask | None = None
        if self.pos < len(self.text) and self.text[self.pos] == "(":
            if names[-1] == ALL:
                raise self.error("'*' can only end a path.")
            self.pos += 1
            sub = {}
            self.parse_list(sub)
            if self.pos >= len(self.text) or self.text[self.pos] != ")":
                raise self.error("Cannot find matching ')' for all '('.")
            self.pos += 1
            self.skip_spaces()
            if self.pos < len(self.text) and self.text[self.pos] not in ",)":
                raise self.error(f"Expected ',' or ')' after ')' at position {self.pos}.")
        _insert(node, names, sub)

    def name(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _SPECIAL:
            self.pos += 1
        name = self.text[start : self.pos]
        if not self.keep_spaces:
            name = name.strip()
        if not name:
            raise self.error(f"Empty field name at position {start}.")
        return name

    def skip_spaces(self) -> None:
        if not self.keep_spaces:
            while self.pos < len(self.text) and self.text[self.pos].isspace():
                self.pos += 1


def _insert(node: FieldMask, names: list[str], sub: FieldMask | None) -> None:
    """Add the path ``names`` (ending in ``sub``) to ``node``; a whole-value leaf wins."""
    for name in names[:-1]:
        if ALL in node or (name in node and node[name] is None):
            return
        node = node.setdefault(name, {})  # type: ignore[assignment]
    last = names[-1]
    existing = node.get(last, {})
    if last == ALL:
        node.clear()
        node[ALL] = None
    elif ALL in node:
        return
    elif sub is None or existing is None:
        node[last] = None
    elif last in node:
        for name, inner in sub.items():
            _insert(existing, [name], inner)
    else:
        node[last] = sub


def _collect(mask: FieldMask, prefix: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    for name, sub in mask.items():
        if sub is None:
            found.append((*prefix, name))
        else:
            _collect(sub, (*prefix, name), found)


def _select(mask: FieldMask | None, value: Any) -> Any:
    if mask is None or ALL in mask:
        return value
    if isinstance(value, dict):
        out = {}
        for name, item in value.items():
            if name in mask:
                picked = _select(mask[name], item)
                if picked is not _SKIP:
                    out[name] = picked
        return out
    if isinstance(value, list):
        return [picked for item in value if (picked := _select(mask, item)) is not _SKIP]
    return _SKIP  # a scalar has no sub-fields to select


def _clone(value: Any) -> Any:
    """Return a deep copy of a JSON-like value."""
    if isinstance(value, dict):
        return {key: _clone(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clone(item) for item in value]
    return value
