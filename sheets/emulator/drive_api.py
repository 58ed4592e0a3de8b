"""Routes of Drive that gspread uses for spreadsheets: create, get, list, delete, copy, export.

Only spreadsheets live in this Drive. Listing understands the two query forms gspread
sends (``mimeType="..."`` and ``... and name = "..."``).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from werkzeug.wrappers import Request

from . import fieldmask
from .errors import ApiError, invalid_argument, not_found
from .evaluation import Evaluator
from .model import Spreadsheet
from .ranges import resolve
from .store import Store
from .values import read_range

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
_FILE = re.compile(r"^/drive/v3/files/([^/]+)$")
_FILE_ACTION = re.compile(r"^/drive/v3/files/([^/]+)/(copy|export|comments)$")
_UPLOAD = re.compile(r"^/upload/drive/v2/files/([^/]+)$")
# Drive gives a converted upload this time zone, whatever the account's (recorded in 2023).
IMPORT_TIME_ZONE = "America/Los_Angeles"
_NAME_QUERY = re.compile(r'name\s*=\s*"((?:[^"\\]|\\.)*)"')


def route(method: str, path: str) -> tuple[str, Any, tuple[str, ...]] | None:
    """Return (API method, handler, path arguments) for a Drive request."""
    if path == "/drive/v3/files":
        if method == "POST":
            return "files.create", create, ()
        if method == "GET":
            return "files.list", list_files, ()
    if m := _FILE.match(path):
        if method == "GET":
            return "files.get", get_file, m.groups()
        if method == "DELETE":
            return "files.delete", delete_file, m.groups()
        if method == "PATCH":
            return "files.update", update_file, m.groups()
    if m := _FILE_ACTION.match(path):
        action = m.group(2)
        if action == "copy" and method == "POST":
            return "files.copy", copy_file, (m.group(1),)
        if action == "export" and method == "GET":
            return "files.export", export_file, (m.group(1),)
        if action == "comments" and method == "GET":
            return "comments.list", list_comments, (m.group(1),)
    if (m := _UPLOAD.match(path)) and method == "PUT":
        return "files.import", import_csv, m.groups()
    return None


def file_json(spreadsheet: Spreadsheet, fields: str | None, *, kind: bool = True) -> dict[str, Any]:
    """Return a Drive file resource, trimmed by a ``fields`` selector like Drive's."""
    full = {
        "kind": "drive#file",
        "id": spreadsheet.spreadsheet_id,
        "name": spreadsheet.title,
        "mimeType": SPREADSHEET_MIME,
        "createdTime": spreadsheet.created_time,
        "modifiedTime": spreadsheet.modified_time,
    }
    if fields:
        return fieldmask.select(fieldmask.parse(fields), full)
    return {k: full[k] for k in ("kind", "id", "name", "mimeType")} if kind else full


def create(store: Store, request: Request, body: Any, user: str) -> dict[str, Any]:
    """Create a file; only Google Sheets files can be made here."""
    body = body or {}
    mime = body.get("mimeType")
    if mime != SPREADSHEET_MIME:
        raise invalid_argument(
            f"The Sheets emulator's Drive only creates spreadsheets (mimeType {SPREADSHEET_MIME})."
        )
    spreadsheet = store.create(str(body.get("name") or "Untitled spreadsheet"))
    return file_json(spreadsheet, request.args.get("fields"))


def get_file(store: Store, request: Request, body: Any, user: str, file_id: str) -> Any:
    """Return a file's metadata."""
    with store.lock:
        return file_json(_file(store, file_id), request.args.get("fields"))


def update_file(store: Store, request: Request, body: Any, user: str, file_id: str) -> Any:
    """Rename a file."""
    with store.lock:
        spreadsheet = _file(store, file_id)
        if body and "name" in body:
            with store.writing(file_id) as work:
                work.properties["title"] = str(body["name"])
            spreadsheet = store.spreadsheets[file_id]
        return file_json(spreadsheet, request.args.get("fields"))


def delete_file(store: Store, request: Request, body: Any, user: str, file_id: str) -> None:
    """Delete a file (no trash here); Drive answers 204."""
    with store.lock:
        _file(store, file_id)
        store.delete(file_id)


def list_files(store: Store, request: Request, body: Any, user: str) -> dict[str, Any]:
    """List spreadsheets, optionally by exact name, newest first as Drive does."""
    query = request.args.get("q", "")
    wanted = None
    if match := _NAME_QUERY.search(query):
        wanted = re.sub(r"\\(.)", r"\1", match.group(1))
    with store.lock:
        files = [
            s
            for s in store.spreadsheets.values()
            if not s.private and (wanted is None or s.title == wanted)
        ]
    files.sort(key=lambda s: s.created_time, reverse=True)
    full = {
        "kind": "drive#fileList",
        "files": [file_json(s, None, kind=False) for s in files],
    }
    fields = request.args.get("fields")
    return fieldmask.select(fieldmask.parse(fields), full) if fields else full


def copy_file(store: Store, request: Request, body: Any, user: str, file_id: str) -> Any:
    """Copy a spreadsheet with all its sheets."""
    with store.lock:
        source = _file(store, file_id)
        name = (body or {}).get("name") or f"Copy of {source.title}"
        copy = store.create(str(name), with_default_sheet=False)
        with store.writing(copy.spreadsheet_id) as work:
            work.properties.update({k: v for k, v in source.properties.items() if k != "title"})
            work.sheets = [s.clone() for s in source.sheets]
            work.named_ranges = [dict(n) for n in source.named_ranges]
        return file_json(store.spreadsheets[copy.spreadsheet_id], request.args.get("fields"))


def export_file(store: Store, request: Request, body: Any, user: str, file_id: str) -> Any:
    """Export the first sheet as CSV (the only export format the emulator offers)."""
    mime = request.args.get("mimeType")
    if mime != "text/csv":
        raise ApiError(400, f"The Sheets emulator exports only text/csv, not {mime}.")
    with store.lock:
        spreadsheet = _file(store, file_id)
        sheet = spreadsheet.sheets[0]
        target = resolve(spreadsheet, _quoted(sheet.title))
        rows = read_range(Evaluator(spreadsheet), target).get("values", [])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("text/csv", out.getvalue().rstrip("\r\n"))


def list_comments(store: Store, request: Request, body: Any, user: str, file_id: str) -> Any:
    """List comments: the emulator keeps none."""
    with store.lock:
        _file(store, file_id)
    return {"comments": []}


def import_csv(store: Store, request: Request, body: Any, user: str, file_id: str) -> Any:
    """Replace a spreadsheet's content with an uploaded CSV, as Drive's convert does."""
    text = request.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    with store.lock:
        _file(store, file_id)
        with store.writing(file_id) as work:
            from .model import Sheet
            from .store import new_sheet_properties

            sheet = Sheet(new_sheet_properties(work.new_sheet_id(), work.title))
            for r, line in enumerate(rows):
                for c, value in enumerate(line):
                    if value != "":
                        sheet.put(r, c, value)
            work.sheets = [work.adopt(sheet)]
            work.properties["timeZone"] = IMPORT_TIME_ZONE
        return {
            "kind": "drive#file",
            "id": file_id,
            "title": work.title,
            "mimeType": SPREADSHEET_MIME,
        }


def _file(store: Store, file_id: str) -> Spreadsheet:
    """Return a file or raise Drive's 404."""
    spreadsheet = store.spreadsheets.get(file_id)
    if spreadsheet is None or spreadsheet.private:
        raise not_found(f"File not found: {file_id}.")
    return spreadsheet


def _quoted(title: str) -> str:
    """Return a sheet title quoted for A1 notation."""
    return "'" + title.replace("'", "''") + "'"
