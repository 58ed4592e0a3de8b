"""Check JSON against a discovery document as Google's JSON-to-protobuf parser does.

:func:`check` validates and cleans request bodies, :func:`check_mask` and :func:`check_selector`
resolve field masks against a schema, and :func:`conforms` audits the emulator's responses.
Every function works on the Sheets v4 document unless given another :class:`Discovery`
(the Forms API requests of ``forms/`` are checked against Forms' own document).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from . import fieldmask
from .errors import BAD_REQUEST_TYPE, ApiError, field_violations, invalid_argument
from .fieldmask import FieldMask, FieldMaskError

PACKAGE = "google.apps.sheets.v4"
TYPE_URL = "type.googleapis.com/"

# Field kinds. Scalars carry their protobuf type name; the rest are messages or well-known types.
MESSAGE, ENUM, MAP, VALUE, LIST_VALUE, STRUCT = "message", "enum", "map", "value", "list", "struct"
TIMESTAMP, FIELD_MASK = "timestamp", "fieldmask"
INT32, UINT32, INT64, UINT64 = "TYPE_INT32", "TYPE_UINT32", "TYPE_INT64", "TYPE_UINT64"
FLOAT, DOUBLE, BOOL, STRING, BYTES = (
    "TYPE_FLOAT",
    "TYPE_DOUBLE",
    "TYPE_BOOL",
    "TYPE_STRING",
    "TYPE_BYTES",
)

_INT_RANGES = {
    INT32: (-(2**31), 2**31 - 1),
    UINT32: (0, 2**32 - 1),
    INT64: (-(2**63), 2**63 - 1),
    UINT64: (0, 2**64 - 1),
}
_FLOAT_MAX = 3.4028234663852886e38
_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_INT_TEXT = re.compile(r"[-+]?\d+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(Z|[+-]\d\d:\d\d)?")

# Oneofs the discovery document does not describe, taken from the API reference ("Union field").
_ONEOFS: dict[str, tuple[str, frozenset[str] | None]] = {
    "Request": ("kind", None),  # every field of Request belongs to the union
    "Response": ("kind", None),
    "ExtendedValue": (
        "value",
        frozenset({"numberValue", "stringValue", "boolValue", "formulaValue", "errorValue"}),
    ),
    "ColorStyle": ("kind", frozenset({"rgbColor", "themeColor"})),
    "UpdateCellsRequest": ("area", frozenset({"start", "range"})),
    "DataFilter": ("filter", frozenset({"developerMetadataLookup", "a1Range", "gridRange"})),
    "ConditionValue": ("value", frozenset({"relativeDate", "userEnteredValue"})),
}
# Enum types not named after the stem of their *_UNSPECIFIED value: ValueInputOption is
# confirmed by a Google error, DayOfWeek is the shared google.type enum.
_ENUM_NAMES = {
    "INPUT_VALUE_OPTION": f"{PACKAGE}.ValueInputOption",
    "DAY_OF_WEEK": "google.type.DayOfWeek",
}

_PAYLOAD = "Invalid JSON payload received."
_BAD = object()

Oneofs = Mapping[str, tuple[str, frozenset[str] | None]]


@dataclass(frozen=True, eq=False)
class Discovery:
    """A discovery document, with the proto facts it leaves out (oneofs, some enum names)."""

    document: Mapping[str, Any]
    package: str  # the proto package, e.g. google.apps.sheets.v4 (types in error messages)
    oneofs: Oneofs  # oneofs by message name: (oneof name, members; None = every field)
    enum_names: Mapping[str, str]  # full names of enums not named after their stem

    @classmethod
    def from_json(
        cls,
        text: str,
        *,
        oneofs: Oneofs | None = None,
        enum_names: Mapping[str, str] | None = None,
    ) -> Discovery:
        """Return the document in ``text``; its package is google.apps.<name>.<version>."""
        document = json.loads(text)
        package = f"google.apps.{document['name']}.{document['version']}"
        return cls(document, package, dict(oneofs or {}), dict(enum_names or {}))

    @property
    def schemas(self) -> Mapping[str, Any]:
        """Return the document's schemas by name."""
        return self.document["schemas"]

    def method(self, method_id: str) -> Mapping[str, Any]:
        """Return a method by its dotted path under ``resources``, e.g. ``forms.create``."""
        *names, last = method_id.split(".")
        node: Mapping[str, Any] = self.document
        for name in names:
            node = node["resources"][name]
        return node["methods"][last]

    def url(self, method_id: str) -> str:
        """Return a method's URL template, e.g. ``https://forms.googleapis.com/v1/forms``."""
        path = self.method(method_id)["flatPath"]
        return f"{self.document['rootUrl']}{self.document['servicePath']}{path}"


@cache
def sheets_document() -> Discovery:
    """Return the Sheets v4 discovery document the emulator checks requests against."""
    text = resources.files(__package__).joinpath("discovery/sheets.v4.json").read_text("utf-8")
    return Discovery.from_json(text, oneofs=_ONEOFS, enum_names=_ENUM_NAMES)


class _Field:
    """One field of a schema, compiled once from the discovery document."""

    __slots__ = ("json", "kind", "proto", "ref", "repeated", "type_name")

    def __init__(self, json_name: str, kind: str, ref: Any, type_name: str, repeated: bool):
        self.json = json_name
        self.proto = snake(json_name)
        self.kind = kind
        self.ref = ref  # schema name, enum names, or the value field of a map
        self.type_name = type_name  # as Google names the type in "Invalid value" errors
        self.repeated = repeated


class _BadPath(Exception):
    """A mask path that names no field."""


def snake(name: str) -> str:
    """Return the proto (snake_case) spelling of a camelCase JSON name."""
    return re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name)


def check(
    schema_name: str, body: Any, *, at: str = "", document: Discovery | None = None
) -> dict[str, Any]:
    """Return a cleaned deep copy of ``body``, or raise Google's 400 listing every violation."""
    # ``at`` is where Google places the body in the request message ("data" for
    # values.update). Nulls are dropped, proto names become JSON names, numeric strings
    # become numbers, and a repeated field given a single value gets a one-element list.
    if not isinstance(body, dict):
        raise field_violations(
            [("", f'{_PAYLOAD} Unknown name "": Root element must be a message.')]
        )
    checker = _Checker(document or sheets_document())
    cleaned = checker.message(schema_name, body, at)
    if checker.violations:
        raise field_violations(checker.violations)
    return cleaned


def conforms(schema_name: str, obj: Any, *, document: Discovery | None = None) -> list[str]:
    """Return the problems that keep ``obj`` from being a response Google could send."""
    problems: list[str] = []
    _audit_message(document or sheets_document(), schema_name, obj, "", problems)
    return problems


def check_mask(
    schema_name: str, mask: str | None, *, at: str = "", document: Discovery | None = None
) -> FieldMask:
    """Resolve an update mask to JSON names, or raise the 400 Google answers for it."""
    # ``at`` is where the mask sits, e.g. "requests[0].updateSheetProperties.fields"; errors
    # name the request as Sheets does: "Invalid requests[0].updateSheetProperties: ...".
    owner = at.removesuffix(".fields")
    prefix = f"Invalid {owner}: " if owner else ""
    if not mask:
        raise invalid_argument(
            f"{prefix}At least one field must be listed in 'fields'. "
            "(Use '*' to indicate all fields.)"
        )
    try:
        parsed = fieldmask.parse(mask, keep_spaces=True)
        return _resolve_message(document or sheets_document(), schema_name, parsed, ())
    except FieldMaskError as err:
        raise invalid_argument(f"{prefix}{err}") from None
    except _BadPath as bad:
        raise invalid_argument(
            f"{prefix}Cannot find matching fields for path '{bad.args[0]}'."
        ) from None


def check_selector(schema_name: str, mask: str, *, document: Discovery | None = None) -> FieldMask:
    """Resolve a ``fields`` query parameter against a response schema, as Google expands it."""
    # An empty parameter selects everything; spaces are part of names, as in Google's parser.
    if not mask:
        return {fieldmask.ALL: None}
    try:
        parsed = fieldmask.parse(mask, keep_spaces=True)
        return _resolve_message(document or sheets_document(), schema_name, parsed, ())
    except FieldMaskError as err:
        raise _selector_error(mask, str(err)) from None
    except _BadPath as bad:
        raise _selector_error(
            mask,
            "Error expanding 'fields' parameter. "
            f"Cannot find matching fields for path '{bad.args[0]}'.",
        ) from None


def enum_type(schema_name: str, field_name: str, *, document: Discovery | None = None) -> str:
    """Return the type URL this module uses for an enum field, e.g. for a ``Dimension``."""
    field = _fields(document or sheets_document(), schema_name)[field_name]
    if field.kind != ENUM:
        raise ValueError(f"{schema_name}.{field_name} is not an enum")
    return field.type_name


# --- the discovery document, compiled once ------------------------------------------------


@cache
def _fields(doc: Discovery, schema_name: str) -> dict[str, _Field]:
    """Return a schema's fields by JSON name and by proto name."""
    schema = doc.schemas.get(schema_name)
    if schema is None:
        raise ValueError(f"unknown schema {schema_name!r}")
    table: dict[str, _Field] = {}
    for name, spec in schema.get("properties", {}).items():
        field = _compile(doc, name, spec)
        table[name] = field
        table.setdefault(field.proto, field)
    return table


@cache
def _json_fields(doc: Discovery, schema_name: str) -> dict[str, _Field]:
    fields = _fields(doc, schema_name)
    return {name: field for name, field in fields.items() if name == field.json}


def _compile(doc: Discovery, name: str, spec: dict[str, Any]) -> _Field:
    repeated = spec.get("type") == "array"
    item = spec["items"] if repeated else spec
    kind, ref, type_name = _kind(doc, name, item)
    return _Field(name, kind, ref, type_name, repeated)


def _kind(doc: Discovery, name: str, spec: dict[str, Any]) -> tuple[str, Any, str]:
    """Return the kind, reference and error type name of a property (or array item) spec."""
    if "$ref" in spec:
        return MESSAGE, spec["$ref"], f"{TYPE_URL}{doc.package}.{spec['$ref']}"
    kind, fmt = spec.get("type"), spec.get("format")
    if kind == "array":
        return LIST_VALUE, None, f"{TYPE_URL}google.protobuf.ListValue"
    if kind == "object":
        if "additionalProperties" in spec:
            value = _compile(doc, "value", spec["additionalProperties"])
            return MAP, value, value.type_name
        return STRUCT, None, f"{TYPE_URL}google.protobuf.Struct"
    if kind == "string":
        if "enum" in spec:
            names = tuple(spec["enum"])
            return ENUM, names, f"{TYPE_URL}{_enum_name(doc, name, names)}"
        if fmt == "google-datetime":
            return TIMESTAMP, None, f"{TYPE_URL}google.protobuf.Timestamp"
        if fmt == "google-fieldmask":
            return FIELD_MASK, None, f"{TYPE_URL}google.protobuf.FieldMask"
        scalar = {"int64": INT64, "uint64": UINT64, "byte": BYTES}.get(fmt or "", STRING)
        return scalar, None, scalar
    if kind == "integer":
        scalar = {"uint32": UINT32, "int64": INT64, "uint64": UINT64}.get(fmt or "", INT32)
        return scalar, None, scalar
    if kind == "number":
        scalar = FLOAT if fmt == "float" else DOUBLE
        return scalar, None, scalar
    if kind == "boolean":
        return BOOL, None, BOOL
    return VALUE, None, f"{TYPE_URL}google.protobuf.Value"


def _enum_name(doc: Discovery, field_name: str, names: tuple[str, ...]) -> str:
    """Derive a proto enum's full name, since the discovery document does not give one."""
    # HORIZONTAL_ALIGN_UNSPECIFIED gives HorizontalAlign (its stem, in CamelCase); an enum
    # without such a sentinel takes the name of a property holding the same values,
    # preferring one not called "type" (pasteType -> PasteType).
    for value in names:
        for suffix in ("_UNSPECIFIED", "_UNDEFINED"):
            if value.endswith(suffix):
                stem = value.removesuffix(suffix)
                camel = "".join(word.capitalize() for word in stem.split("_"))
                return doc.enum_names.get(stem, f"{doc.package}.{camel}")
    candidates = _enum_properties(doc).get(names, [field_name])
    chosen = next((n for n in candidates if n != "type"), field_name)
    return f"{doc.package}.{chosen[0].upper()}{chosen[1:]}"


@cache
def _enum_properties(doc: Discovery) -> dict[tuple[str, ...], list[str]]:
    found: dict[tuple[str, ...], list[str]] = {}
    for schema in doc.schemas.values():
        for name, spec in schema.get("properties", {}).items():
            names = spec.get("enum") or spec.get("items", {}).get("enum")
            if names:
                found.setdefault(tuple(names), []).append(name)
    return found


# --- request bodies -----------------------------------------------------------------------


class _Checker:
    """Walks a request body once, collecting violations and building the cleaned copy."""

    def __init__(self, doc: Discovery) -> None:
        self.doc = doc
        self.violations: list[tuple[str, str]] = []

    def fail(self, field: str, description: str) -> object:
        self.violations.append((field, description))
        return _BAD

    def invalid(self, path: str, field: _Field, rendered: str) -> object:
        return self.fail(path, f"Invalid value at '{path}' ({field.type_name}), {rendered}")

    def message(self, schema_name: str, obj: dict[str, Any], path: str) -> dict[str, Any]:
        fields = _fields(self.doc, schema_name)
        oneof = self.doc.oneofs.get(schema_name)
        chosen: str | None = None
        out: dict[str, Any] = {}
        for key, value in obj.items():
            field = fields.get(key)
            if field is None:
                where = f" at '{path}'" if path else ""
                self.fail(
                    path,
                    f'{_PAYLOAD} Unknown name "{key}"{where}: Cannot find field.',
                )
                continue
            if value is None:
                continue
            if oneof and (oneof[1] is None or field.json in oneof[1]):
                if chosen is not None:
                    self.fail(
                        path,
                        _at(
                            path,
                            f"(oneof), oneof field '{oneof[0]}' is already set. Cannot set '{key}'",
                        ),
                    )
                    continue
                chosen = key
            cleaned = self.field(field, value, path, key)
            if cleaned is not _BAD:
                out[field.json] = cleaned
        return out

    def field(self, field: _Field, value: Any, parent: str, key: str) -> Any:
        path = f"{parent}.{field.proto}" if parent else field.proto
        if field.repeated:
            if not isinstance(value, list):  # Google takes a lone value as a one-element list
                item = self.item(field, value, path, parent, key)
                return _BAD if item is _BAD else [item]
            out: list[Any] = []
            self.items(field, value, path, parent, key, out)
            return out
        if isinstance(value, list) and field.kind != VALUE:
            where = f" at '{parent}'" if parent else ""
            return self.fail(
                parent,
                f'{_PAYLOAD} Unknown name "{field.proto}"{where}: '
                "Proto field is not repeating, cannot start list.",
            )
        return self.item(field, value, path, parent, key)

    def items(
        self, field: _Field, values: list[Any], path: str, parent: str, key: str, out: list[Any]
    ) -> None:
        for index, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, list) and field.kind != LIST_VALUE:  # nested lists are flattened
                self.items(field, value, f"{path}[{index}]", parent, key, out)
                continue
            item = self.item(field, value, f"{path}[{index}]", parent, key)
            if item is not _BAD:
                out.append(item)

    def item(self, field: _Field, value: Any, path: str, parent: str, key: str) -> Any:
        kind = field.kind
        if kind == MESSAGE:
            if isinstance(value, dict):
                return self.message(field.ref, value, path)
            return self.invalid(path, field, _render(value))
        if kind == VALUE:
            return _clone(value)
        if kind == LIST_VALUE:
            if isinstance(value, list):
                return _clone(value)
            return self.invalid(path, field, _render(value))
        if kind == STRUCT:
            if isinstance(value, dict):
                return _clone(value)
            return self.invalid(path, field, _render(value))
        if kind == MAP:
            return self.map(field, value, path, key)
        if isinstance(value, dict):
            return self.fail(
                parent, _at(parent, f"({field.proto}), Starting an object on a scalar field")
            )
        if kind == TIMESTAMP:
            problem = _timestamp_problem(value)
            if problem is None:
                return value
            return self.invalid(path, field, f"Field '{key}', {problem}")
        if kind == FIELD_MASK:
            if not isinstance(value, str):
                problem = f"Invalid data type for field mask, value is {_render(value)}"
            else:
                try:
                    fieldmask.parse(value, keep_spaces=True)
                    return value
                except FieldMaskError as err:
                    problem = str(err)
            return self.invalid(path, field, f"Field '{key}', {problem}")
        cleaned = _scalar(field, value)
        if cleaned is _BAD:
            return self.invalid(path, field, _render(value))
        return cleaned

    def map(self, field: _Field, value: Any, path: str, key: str) -> Any:
        if not isinstance(value, dict):
            return self.invalid(path, field, _render(value))
        out: dict[str, Any] = {}
        for index, (name, item) in enumerate(value.items()):
            if item is None:
                continue
            entry = f"{path}[{index}]"
            cleaned = self.item(field.ref, item, f"{entry}.value", entry, key)
            if cleaned is not _BAD:
                out[name] = cleaned
        return out


def _scalar(field: _Field, value: Any) -> Any:
    """Return ``value`` coerced to a scalar field's type, or ``_BAD``."""
    kind = field.kind
    if kind in (STRING, BYTES):
        return value if isinstance(value, str) else _BAD
    if kind == BOOL:
        return value if isinstance(value, bool) else _BAD
    if kind == ENUM:
        return value if isinstance(value, str) and value in field.ref else _BAD
    if isinstance(value, bool):
        return _BAD
    if kind in _INT_RANGES:
        number = _integral(value)
        low, high = _INT_RANGES[kind]
        return number if number is not None and low <= number <= high else _BAD
    # TYPE_FLOAT and TYPE_DOUBLE: JSON numbers stay as they are, strings become floats.
    if isinstance(value, int):
        number: float | int = value if abs(value) <= 2**53 else float(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and value in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value]
    elif isinstance(value, str) and _FLOAT_TEXT.fullmatch(value):
        number = float(value)
    else:
        return _BAD
    if kind == FLOAT and math.isfinite(number) and abs(number) > _FLOAT_MAX:
        return _BAD
    return number


def _integral(value: Any) -> int | None:
    """Return the integer a JSON number or numeric string stands for, if it is integral."""
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_TEXT.fullmatch(value):
        return int(value)
    return None


def _timestamp_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "Invalid data type for timestamp"
    match = _TIMESTAMP.fullmatch(value)
    if match is None:
        return "Invalid time format: Failed to parse input"
    if match.group(1) is None:
        return (
            "Illegal timestamp format; timestamps must end with 'Z' or have a valid timezone "
            "offset."
        )
    return None


def _at(path: str, rest: str) -> str:
    """Return ``Invalid value at '<path>' <rest>``, without the location at the top level."""
    return f"Invalid value at '{path}' {rest}" if path else f"Invalid value {rest}"


def _render(value: Any) -> str:
    """Render a value as Google quotes it in errors: strings quoted but not escaped."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = f"{value:.15g}"
        return text if float(text) == value else f"{value:.17g}"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _clone(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _clone(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clone(item) for item in value]
    return value


# --- field masks --------------------------------------------------------------------------


def _resolve_message(
    doc: Discovery, schema_name: str, mask: FieldMask, prefix: tuple[str, ...]
) -> FieldMask:
    """Return ``mask`` with JSON names, or raise ``_BadPath`` naming the first unknown path."""
    fields = _fields(doc, schema_name)
    out: FieldMask = {}
    for name, sub in mask.items():
        if name == fieldmask.ALL:
            out[name] = None
            continue
        field = fields.get(name)
        if field is None:
            raise _BadPath(_dotted(prefix, name, sub))
        if sub is None or fieldmask.ALL in sub:
            out[field.json] = sub
        elif field.kind == MESSAGE:
            out[field.json] = _resolve_message(doc, field.ref, sub, (*prefix, name))
        elif field.kind in (MAP, STRUCT):
            out[field.json] = sub
        else:
            raise _BadPath(_dotted(prefix, name, sub))
    return out


def _dotted(prefix: tuple[str, ...], name: str, sub: FieldMask | None) -> str:
    """Return the first full path through ``name``, as Google names it in errors."""
    tail = fieldmask.paths(sub)[0] if sub else ()
    return ".".join((*prefix, name, *tail))


def _selector_error(mask: str, description: str) -> ApiError:
    violation = {"field": mask, "description": description}
    details = [{"@type": BAD_REQUEST_TYPE, "fieldViolations": [violation]}]
    return ApiError(400, "Request contains an invalid argument.", details=details)


# --- responses ----------------------------------------------------------------------------


def _audit_message(
    doc: Discovery, schema_name: str, obj: Any, path: str, problems: list[str]
) -> None:
    if not isinstance(obj, dict):
        problems.append(f"{path or '<root>'}: expected a {schema_name} object, got {_render(obj)}")
        return
    fields = _json_fields(doc, schema_name)
    oneof_name, oneof_members = doc.oneofs.get(schema_name, ("", frozenset()))
    members = []
    for key, value in obj.items():
        where = f"{path}.{key}" if path else key
        field = fields.get(key)
        if field is None:
            problems.append(f"{where}: unknown field of {schema_name}")
            continue
        if oneof_name and (oneof_members is None or key in oneof_members):
            members.append(key)
        if field.repeated:
            if not isinstance(value, list):
                problems.append(f"{where}: expected a list, got {_render(value)}")
                continue
            for index, item in enumerate(value):
                _audit_value(doc, field, item, f"{where}[{index}]", problems)
        else:
            _audit_value(doc, field, value, where, problems)
    if len(members) > 1:
        problems.append(f"{path or '<root>'}: oneof '{oneof_name}' has several members {members}")


def _audit_value(doc: Discovery, field: _Field, value: Any, path: str, problems: list[str]) -> None:
    kind = field.kind
    if value is None and kind != VALUE:
        problems.append(f"{path}: null")
    elif kind == MESSAGE:
        _audit_message(doc, field.ref, value, path, problems)
    elif kind == MAP:
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {_render(value)}")
            return
        for name, item in value.items():
            _audit_value(doc, field.ref, item, f"{path}.{name}", problems)
    elif not _conforming(field, value):
        problems.append(f"{path}: {_render(value)} is not a valid {field.type_name}")


def _conforming(field: _Field, value: Any) -> bool:
    """Tell whether a non-message value is printed as Google's JSON prints its type."""
    kind = field.kind
    if kind == VALUE:
        return True
    if kind == LIST_VALUE:
        return isinstance(value, list)
    if kind == STRUCT:
        return isinstance(value, dict)
    if kind == TIMESTAMP:
        return _timestamp_problem(value) is None
    if kind in (STRING, BYTES, FIELD_MASK):
        return isinstance(value, str)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == ENUM:
        return isinstance(value, str) and value in field.ref
    if kind in (INT64, UINT64):  # 64-bit integers are printed as strings
        return isinstance(value, str) and _scalar(field, value) is not _BAD
    if kind in (INT32, UINT32):
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and _scalar(field, value) is not _BAD
        )
    if isinstance(value, str):
        return value in _SPECIAL_FLOATS
    return isinstance(value, (int, float)) and not isinstance(value, bool)
