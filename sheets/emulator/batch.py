"""spreadsheets.batchUpdate: run every request on one fork, commit all or nothing.

Handlers live in small modules by subject and register themselves with ``@handler``.
A handler receives the working copy, the request body of its kind and a
:class:`Context`; it returns the reply body (or None for ``{}``) and raises
:class:`RequestError` with Google's wording, which becomes
``Invalid requests[i].kind: message``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import fieldmask
from .errors import ApiError, invalid_argument
from .model import Spreadsheet
from .schema import check_selector
from .store import Store

Handler = Callable[[Spreadsheet, dict[str, Any], "Context"], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}


# Google's answer to an update request whose ``fields`` mask is empty.
EMPTY_MASK = "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"


class RequestError(Exception):
    """A request of a batch is invalid; the message is Google's, without the prefix."""


@dataclass(frozen=True)
class Context:
    """What a handler may need besides the request: who asks, which request it is."""

    user_email: str
    index: int
    kind: str


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register a function as the handler of one request kind."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def run(
    store: Store, spreadsheet_id: str, body: dict[str, Any], *, user: str, fields: str | None = None
) -> dict[str, Any]:
    """Apply a checked BatchUpdateSpreadsheetRequest atomically and return the response."""
    from . import resource  # late: resource imports handlers' helpers

    _load_handlers()
    requests = body.get("requests") or []
    if not requests:
        raise invalid_argument("Must specify at least one request.")
    with store.writing(spreadsheet_id) as work:
        replies = [_apply(work, i, request, user) for i, request in enumerate(requests)]
        response: dict[str, Any] = {"spreadsheetId": spreadsheet_id, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            response["updatedSpreadsheet"] = resource.render(
                work,
                ranges=body.get("responseRanges", []),
                include_grid_data=bool(body.get("responseIncludeGridData")),
                fields=None,
                user=user,
            )
    if fields:
        response = fieldmask.select(
            check_selector("BatchUpdateSpreadsheetResponse", fields), response
        )
    return response


def _apply(work: Spreadsheet, index: int, request: dict[str, Any], user: str) -> dict[str, Any]:
    """Run one request of a batch and return its reply."""
    kinds = list(request)
    if not kinds:
        raise invalid_argument(f"Invalid requests[{index}]: No request set.")
    kind = kinds[0]  # schema.check already refused a request setting two kinds
    function = HANDLERS.get(kind)
    if function is None:
        raise ApiError(
            501,
            f"Invalid requests[{index}]: the Sheets emulator does not implement {kind}.",
            status="UNIMPLEMENTED",
        )
    try:
        reply = function(work, request[kind], Context(user_email(user), index, kind))
    except RequestError as err:
        raise invalid_argument(f"Invalid requests[{index}].{kind}: {err}") from None
    return reply or {}


def user_email(user: str) -> str:
    """Return the e-mail the emulator shows for a caller (its bearer token)."""
    local = "".join(ch if ch.isalnum() else "-" for ch in user.lower())[:30] or "anonymous"
    return f"{local}@emulator.iam.gserviceaccount.com"


def _load_handlers() -> None:
    """Import the handler modules so they register (Python imports each only once)."""
    from . import cell_requests, dimension_groups, paste_requests, sheet_requests, structure  # noqa: F401
