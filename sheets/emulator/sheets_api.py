"""Routes of the Sheets API v4: read the request, call the method, return Google's body."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request

from . import append, batch, resource, values
from .errors import ApiError, invalid_argument
from .params import Params
from .schema import check
from .store import Store

_SPREADSHEET = re.compile(r"^/v4/spreadsheets/([^/:]+)$")
_BATCH = re.compile(r"^/v4/spreadsheets/([^/:]+):batchUpdate$")
_VALUES_BATCH = re.compile(r"^/v4/spreadsheets/([^/:]+)/values:(batchGet|batchUpdate|batchClear)$")
_VALUES = re.compile(r"^/v4/spreadsheets/([^/:]+)/values/(.+?)(?::(append|clear))?$", re.DOTALL)

Route = tuple[str, str, Callable[..., Any]]  # (kind, API method name, handler)


def route(method: str, path: str) -> tuple[str, str, Callable[..., Any], tuple[str, ...]] | None:
    """Return (read|write, API method, handler, path arguments) for a Sheets request."""
    if path == "/v4/spreadsheets" and method == "POST":
        return "write", "spreadsheets.create", create, ()
    if m := _SPREADSHEET.match(path):
        if method == "GET":
            return "read", "spreadsheets.get", get_spreadsheet, m.groups()
        return None
    if m := _BATCH.match(path):
        if method == "POST":
            return "write", "spreadsheets.batchUpdate", batch_update, m.groups()
        return None
    if m := _VALUES_BATCH.match(path):
        name = m.group(2)
        if name == "batchGet" and method == "GET":
            return "read", "values.batchGet", values_batch_get, (m.group(1),)
        if name == "batchUpdate" and method == "POST":
            return "write", "values.batchUpdate", values_batch_update, (m.group(1),)
        if name == "batchClear" and method == "POST":
            return "write", "values.batchClear", values_batch_clear, (m.group(1),)
        return None
    if m := _VALUES.match(path):
        spreadsheet_id, range_text, action = m.groups()
        if action == "append" and method == "POST":
            return "write", "values.append", values_append, (spreadsheet_id, range_text)
        if action == "clear" and method == "POST":
            return "write", "values.clear", values_clear, (spreadsheet_id, range_text)
        # GET and PUT have no custom method: everything after /values/ is the range.
        whole = path.split("/values/", 1)[1]
        if method == "GET":
            return "read", "values.get", values_get, (spreadsheet_id, whole)
        if method == "PUT":
            return "write", "values.update", values_update, (spreadsheet_id, whole)
    return None


def _render_options(params: Params) -> dict[str, str]:
    """Return the value/date render options of a read."""
    return {
        "major": params.enum("majorDimension", "ROWS") or "ROWS",
        "value_render": params.enum("valueRenderOption", values.FORMATTED) or values.FORMATTED,
        "date_render": params.enum("dateTimeRenderOption", values.SERIAL) or values.SERIAL,
    }


def _input_option(params: Params) -> str:
    """Return valueInputOption, which Google requires on writes."""
    option = params.enum("valueInputOption")
    if option is None:
        raise invalid_argument("'valueInputOption' is required but not specified")
    return option


def create(store: Store, request: Request, body: Any, user: str) -> dict[str, Any]:
    """Answer spreadsheets.create."""
    Params(request.args, ())
    return resource.create(store, check("Spreadsheet", body or {}, at="spreadsheet"))


def get_spreadsheet(store: Store, request: Request, body: Any, user: str, sid: str) -> Any:
    """Answer spreadsheets.get."""
    params = Params(request.args, ("ranges", "includeGridData", "excludeTablesInBandedRanges"))
    with store.reading(sid) as spreadsheet:
        return resource.render(
            spreadsheet,
            ranges=params.texts("ranges"),
            include_grid_data=params.flag("includeGridData"),
            fields=params.text("fields"),
            user=user,
        )


def batch_update(store: Store, request: Request, body: Any, user: str, sid: str) -> Any:
    """Answer spreadsheets.batchUpdate."""
    Params(request.args, ())
    checked = check("BatchUpdateSpreadsheetRequest", body or {})
    return batch.run(store, sid, checked, user=user, fields=request.args.get("fields"))


def values_get(store: Store, request: Request, body: Any, user: str, sid: str, rng: str) -> Any:
    """Answer values.get."""
    params = Params(request.args, ("majorDimension", "valueRenderOption", "dateTimeRenderOption"))
    options = _render_options(params)
    with store.reading(sid) as spreadsheet:
        return values.get(spreadsheet, rng, **options)


def values_batch_get(store: Store, request: Request, body: Any, user: str, sid: str) -> Any:
    """Answer values.batchGet."""
    params = Params(
        request.args, ("ranges", "majorDimension", "valueRenderOption", "dateTimeRenderOption")
    )
    options = _render_options(params)
    with store.reading(sid) as spreadsheet:
        return values.batch_get(spreadsheet, params.texts("ranges"), **options)


_WRITE_PARAMS = (
    "valueInputOption",
    "includeValuesInResponse",
    "responseValueRenderOption",
    "responseDateTimeRenderOption",
)


def values_update(store: Store, request: Request, body: Any, user: str, sid: str, rng: str) -> Any:
    """Answer values.update."""
    params = Params(request.args, _WRITE_PARAMS)
    option = _input_option(params)
    data = check("ValueRange", body or {}, at="data")
    _check_body_range(data, rng)
    with store.writing(sid) as spreadsheet:
        return values.update(
            spreadsheet,
            rng,
            data,
            option,
            include_values=params.flag("includeValuesInResponse"),
            response_render=params.enum("responseValueRenderOption", values.FORMATTED) or "",
            response_date_render=params.enum("responseDateTimeRenderOption", values.SERIAL) or "",
        )


def values_append(store: Store, request: Request, body: Any, user: str, sid: str, rng: str) -> Any:
    """Answer values.append."""
    params = Params(request.args, (*_WRITE_PARAMS, "insertDataOption"))
    option = _input_option(params)
    data = check("ValueRange", body or {}, at="data")
    _check_body_range(data, rng)
    with store.writing(sid) as spreadsheet:
        return append.append(
            spreadsheet,
            rng,
            data,
            option,
            insert_option=params.enum("insertDataOption", "OVERWRITE") or "OVERWRITE",
            include_values=params.flag("includeValuesInResponse"),
            response_render=params.enum("responseValueRenderOption", values.FORMATTED) or "",
            response_date_render=params.enum("responseDateTimeRenderOption", values.SERIAL) or "",
        )


def _check_body_range(data: dict[str, Any], url_range: str) -> None:
    """Refuse a body whose range differs from the URL's, as Google does."""
    body_range = data.get("range")
    if body_range and body_range != url_range:
        raise invalid_argument(
            f"Invalid data[0]: Requested range [{body_range}] must match the range in the URL "
            f"[{url_range}]."
        )


def values_batch_update(store: Store, request: Request, body: Any, user: str, sid: str) -> Any:
    """Answer values.batchUpdate."""
    Params(request.args, ())
    checked = check("BatchUpdateValuesRequest", body or {})
    with store.writing(sid) as spreadsheet:
        return values.batch_update(spreadsheet, checked)


def values_clear(store: Store, request: Request, body: Any, user: str, sid: str, rng: str) -> Any:
    """Answer values.clear."""
    Params(request.args, ())
    check("ClearValuesRequest", body or {})
    with store.writing(sid) as spreadsheet:
        return values.clear(spreadsheet, rng)


def values_batch_clear(store: Store, request: Request, body: Any, user: str, sid: str) -> Any:
    """Answer values.batchClear."""
    Params(request.args, ())
    checked = check("BatchClearValuesRequest", body or {})
    with store.writing(sid) as spreadsheet:
        return values.batch_clear(spreadsheet, checked.get("ranges", []))


__all__ = ["ApiError", "route"]
