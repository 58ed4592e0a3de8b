"""The emulator's WSGI application and a small threaded HTTP server to run it.

One application serves both Google hosts' paths (Sheets ``/v4/...``, Drive
``/drive/v3/...`` and ``/upload/drive/v2/...``), so a client points both at one base
URL. Like Google, it refuses an API request whose body is over 10 MiB (the limit is a
fault setting, ``max_request_bytes``, so tests can lower it). ``/_emulator/...`` is the
admin API for tests and benchmarks: faults, counters, reset, private spreadsheets.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from typing import Any

import msgspec
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from . import drive_api, sheets_api
from .errors import ApiError, field_violations
from .faults import Faults
from .store import Store

log = logging.getLogger("sheets.emulator")
JSON_TYPE = "application/json; charset=UTF-8"


class Emulator:
    """The WSGI application: routes, authentication, faults, Google-shaped errors."""

    def __init__(self, store: Store | None = None, faults: Faults | None = None) -> None:
        self.store = store or Store()
        self.faults = faults or Faults()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    # -- dispatch -----------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        """Answer one request; never let an exception escape as a traceback."""
        try:
            if request.path.startswith("/_emulator/"):
                return self._admin(request)
            return self._api(request)
        except ApiError as err:
            return _error_response(err, _pretty(request))
        except Exception:
            log.exception("emulator failed on %s %s", request.method, request.path)
            return _error_response(ApiError(500), _pretty(request))

    def _api(self, request: Request) -> Response:
        """Answer a Sheets or Drive request."""
        method, path = request.method, request.path
        if self.faults.latency:
            time.sleep(self.faults.latency)
        if not path.startswith("/upload/"):  # media uploads have limits of their own
            self._check_size(request)
        sheets_route = sheets_api.route(method, path)
        drive_route = None if sheets_route else drive_api.route(method, path)
        if sheets_route is None and drive_route is None:
            raise ApiError(404, f"Method not found: {method} {path}", status="NOT_FOUND")
        user = self._authenticate(request)
        wants_json = method in ("POST", "PUT", "PATCH") and not path.startswith("/upload/")
        body = _json_body(request) if wants_json else None
        if sheets_route is not None:
            kind, api_method, function, args = sheets_route
            self.faults.admit(kind=kind, method=api_method, user=user)
        else:
            api_method, function, args = drive_route  # type: ignore[misc]
            self.faults.admit(kind="drive", method=f"drive.{api_method}", user=user)
        result = function(self.store, request, body, user, *args)
        return self._respond(result, _pretty(request))

    def _check_size(self, request: Request) -> None:
        """Refuse a body over Google's limit (``faults.max_request_bytes``) as Google does.

        A body announced too large is read and dropped in pieces, so the connection stays
        usable and the emulator never holds it. A chunked body (no length announced; gspread
        never sends one) is read whole and then measured.
        """
        length = request.content_length
        if length is None:
            length = len(request.get_data(cache=True))
        elif length > self.faults.max_request_bytes:
            while request.stream.read(1 << 20):
                pass
        self.faults.admit_size(length)

    def _authenticate(self, request: Request) -> str:
        """Return the caller's token, or raise Google's 401 when one is required."""
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
        if self.faults.require_auth:
            details = [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "CREDENTIALS_MISSING",
                    "domain": "googleapis.com",
                    "metadata": {"service": "sheets.googleapis.com"},
                }
            ]
            raise ApiError(401, details=details)
        return "anonymous"

    def _respond(self, result: Any, pretty: bool) -> Response:
        """Serialise a handler's result (see ``google_json``), cut short when a fault says so."""
        if result is None:
            return Response(status=204)
        if isinstance(result, tuple):
            content_type, text = result
            payload = text.encode("utf-8")
        else:
            content_type = JSON_TYPE
            payload = google_json(result, pretty)
        mode = self.faults.take_truncation()
        if mode == "json":
            return Response(payload[: max(1, len(payload) // 2)], content_type=content_type)
        if mode == "connection":
            return _TruncatedResponse(payload, content_type)
        return Response(payload, content_type=content_type)

    # -- admin --------------------------------------------------------------------

    def _admin(self, request: Request) -> Response:
        """Answer the admin API used by tests, benchmarks and the demo."""
        path, method = request.path, request.method
        if path == "/_emulator/health":
            return _json({"ok": True, "spreadsheets": len(self.store.spreadsheets)})
        if path == "/_emulator/faults":
            if method == "POST":
                try:
                    self.faults.configure(_json_body(request) or {})
                except (TypeError, ValueError) as err:
                    raise ApiError(400, f"Bad fault settings: {err}") from err
            return _json(self.faults.snapshot())
        if path == "/_emulator/stats":
            return _json(self.faults.stats())
        if path == "/_emulator/stats/reset" and method == "POST":
            self.faults.reset_stats()
            return _json({})
        if path == "/_emulator/reset" and method == "POST":
            self.store.reset()
            self.faults.clear()
            self.faults.reset_stats()
            return _json({})
        if path == "/_emulator/spreadsheets" and method == "POST":
            body = _json_body(request) or {}
            spreadsheet = self.store.create(
                str(body.get("title", "Untitled spreadsheet")),
                locale=str(body.get("locale", "en_US")),
                time_zone=str(body.get("timeZone", "Etc/GMT")),
                spreadsheet_id=body.get("id"),
                private=bool(body.get("private", False)),
            )
            return _json({"spreadsheetId": spreadsheet.spreadsheet_id})
        raise ApiError(404, f"No admin route {method} {path}")


class _TruncatedResponse(Response):
    """A response that promises the whole body but sends half, then drops the connection."""

    def __init__(self, payload: bytes, content_type: str) -> None:
        super().__init__(
            [payload[: max(1, len(payload) // 2)]],
            content_type=content_type,
            headers={"Content-Length": str(len(payload)), "Connection": "close"},
        )


def _json(body: Any) -> Response:
    """Return a JSON response."""
    return Response(json.dumps(body, ensure_ascii=False), content_type=JSON_TYPE)


def google_json(value: Any, pretty: bool) -> bytes:
    """Return JSON as Google's APIs write it.

    Unless the request said otherwise, indented by two spaces, ``"key": value``, with a final
    newline: every JSON body of the recorded traffic is exactly that
    (``tests/conformance``). With the system parameter ``prettyPrint=false`` it is compact,
    without the whitespace: for a read of a big sheet's cells, a third of the bytes
    (bench/sync_bench.py).
    """
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return msgspec.json.format(compact, indent=2) + b"\n" if pretty else compact


def _pretty(request: Request) -> bool:
    """Return False when the request asked for compact JSON (``prettyPrint=false``)."""
    return request.args.get("prettyPrint", "true").strip().lower() not in ("false", "0")


def _error_response(err: ApiError, pretty: bool) -> Response:
    """Return Google's error body for an ApiError."""
    response = Response(google_json(err.to_json(), pretty), status=err.code, content_type=JSON_TYPE)
    for name, value in err.headers.items():
        response.headers[name] = value
    return response


def _json_body(request: Request) -> Any:
    """Parse a JSON body; answer malformed JSON the way Google does."""
    raw = request.get_data(cache=True)
    if not raw or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        text = raw.decode("utf-8", "replace")
        position = getattr(err, "pos", 0) or 0
        line_start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        caret = " " * (position - line_start) + "^"
        description = f"Invalid JSON payload received. Unexpected token.\n{line}\n{caret}"
        raise field_violations([("", description)]) from None


class EmulatorServer:
    """Run an :class:`Emulator` on a local port in a background thread (for tests and the demo)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        data_path: str | None = None,
        emulator: Emulator | None = None,
    ) -> None:
        self.app = emulator or Emulator(Store(data_path))
        # Bind here so a busy port raises OSError (werkzeug would print and exit instead).
        listener = socket.create_server((host, port))
        try:
            self._server: BaseWSGIServer = make_server(
                host,
                listener.getsockname()[1],
                self.app,
                threaded=True,
                request_handler=_QuietHandler,
                fd=listener.fileno(),
            )
        finally:
            listener.close()
        self.host = host
        self.port = self._server.port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Return the base URL to give clients (``SHEETS_ENDPOINT``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def store(self) -> Store:
        """Return the emulator's store."""
        return self.app.store

    @property
    def faults(self) -> Faults:
        """Return the emulator's fault settings and counters."""
        return self.app.faults

    def start(self) -> EmulatorServer:
        """Serve in a daemon thread and return self."""
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # so stop() returns quickly
            name="sheets-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _QuietHandler(WSGIRequestHandler):
    """Request handler that speaks HTTP/1.1 and logs through ``logging`` at DEBUG."""

    protocol_version = "HTTP/1.1"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug('"%s" %s %s', self.requestline, code, size)
