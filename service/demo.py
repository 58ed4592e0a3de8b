"""``ispeed-report demo``: the whole service on one machine, no Google account.

emulator (quotas and auth as at Google, data in a local file)
-> a Vietnamese spreadsheet, init, sample responses (first run only)
-> the service app + the demo form, scheduler every few seconds, until Ctrl+C
"""

from __future__ import annotations

import logging
import secrets
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import gspread
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from jobs.sync import run_sync
from sheets.client import make_client, translate_errors
from sheets.emulator.faults import GOOGLE_QUOTAS
from sheets.emulator.server import EmulatorServer

from . import demo_form
from .app import create_app
from .cli_common import open_emulator
from .demo_data import DemoPlan, sample_reports
from .demo_sheet import write_sample_tab
from .errors import ISpeedError, SpreadsheetNotFound
from .settings import Settings

log = logging.getLogger("service.demo")
SPREADSHEET_TITLE = "Báo cáo i-Speed thành phố Bắc Kạn (chạy thử)"
LOCAL = "127.0.0.1"


@dataclass(frozen=True)
class Prepared:
    """The demo spreadsheet, and the sample's plan when this run wrote the sample."""

    spreadsheet_id: str
    created: bool
    plan: DemoPlan | None


def start_emulator(port: int, data_path: str | None) -> EmulatorServer:
    """Start the emulator on 127.0.0.1 with its data in a file, quotas and auth as Google's."""
    server = open_emulator(LOCAL, port, data_path, port_option="--emulator-port")
    server.faults.configure({"quotas": dict(GOOGLE_QUOTAS), "require_auth": True})
    return server.start()


def find_or_create(
    client: gspread.Client, title: str = SPREADSHEET_TITLE
) -> tuple[gspread.Spreadsheet, bool]:
    """Return the spreadsheet with this title (found through Drive) or a new Vietnamese one."""
    try:
        with translate_errors():
            return client.open(title), False
    except (SpreadsheetNotFound, gspread.exceptions.SpreadsheetNotFound):
        pass
    with translate_errors():
        spreadsheet = client.create(title)
        spreadsheet.batch_update(
            {
                "requests": [
                    {
                        "updateSpreadsheetProperties": {
                            "properties": {"locale": "vi_VN", "timeZone": "Asia/Ho_Chi_Minh"},
                            "fields": "locale,timeZone",
                        }
                    }
                ]
            }
        )
    return spreadsheet, True


def prepare(
    client: gspread.Client,
    *,
    tz: ZoneInfo,
    deadline_day: int,
    now: datetime | None = None,
    title: str = SPREADSHEET_TITLE,
) -> Prepared:
    """Find or create the demo spreadsheet, run the init, add sample responses if it has none."""
    spreadsheet, created = find_or_create(client, title)
    now = (now or datetime.now(tz)).astimezone(tz)
    result = run_sync(
        client, spreadsheet.id, tz=tz, deadline_day=deadline_day, now=now, require_responses=False
    )
    if result.responses_tab is not None:
        return Prepared(spreadsheet.id, created, None)
    units = [unit.name for unit in result.units if unit.monitored]
    reports, plan = sample_reports(units, now, tz=tz, deadline_day=deadline_day)
    with translate_errors():
        properties = spreadsheet.fetch_sheet_metadata({"fields": "properties.timeZone"})
    sheet_tz = ZoneInfo(properties["properties"]["timeZone"])  # date values are its wall time
    write_sample_tab(spreadsheet, reports, sheet_tz)
    return Prepared(spreadsheet.id, created, plan)


def demo_app(settings: Settings, **options: Any) -> Flask:
    """Return the service app with the demo form mounted (never done in production)."""
    app = create_app(settings, **options)
    app.register_blueprint(demo_form.bp)
    return app


@dataclass(frozen=True)
class DemoOptions:
    """What the command line says."""

    host: str = LOCAL
    port: int = 8080
    emulator_port: int = 8765
    data: str = "demo-data.json"
    interval_seconds: float = 10.0


def run_demo(options: DemoOptions, echo: Callable[[str], None] = print) -> None:
    """Run the whole demo until Ctrl+C (or SIGTERM), then stop everything cleanly."""
    base = Settings.from_env()
    tz = ZoneInfo(base.timezone)
    listener = _listen(options.host, options.port)  # fail before anything has started
    _quiet_routine_logs()
    try:
        with _stopping(start_emulator(options.emulator_port, options.data)) as emulator:
            echo(f"Máy giả lập Google Sheets chạy tại {emulator.url} (dữ liệu: {options.data}).")
            client = make_client(endpoint=emulator.url)
            prepared = prepare(client, tz=tz, deadline_day=base.deadline_day)
            _say_prepared(prepared, echo)
            with tempfile.TemporaryDirectory(prefix="ispeed-demo-") as state_dir:
                settings = replace(
                    base,
                    spreadsheet_id=prepared.spreadsheet_id,
                    sheets_endpoint=emulator.url,
                    credentials_file=None,
                    sync_interval_minutes=options.interval_seconds / 60,
                    scheduler=True,
                    task_token=base.task_token or secrets.token_urlsafe(16),
                    port=listener.getsockname()[1],
                    state_dir=state_dir,
                )
                _serve(demo_app(settings), listener, options, settings, emulator.url, echo)
    finally:
        listener.close()
    echo(f"Đã dừng bản chạy thử. Dữ liệu được giữ trong {options.data} cho lần chạy sau.")


def _serve(
    app: Flask,
    listener: socket.socket,
    options: DemoOptions,
    settings: Settings,
    emulator_url: str,
    echo: Callable[[str], None],
) -> None:
    """Serve the app on the bound socket until interrupted, then stop its scheduler."""
    try:
        server = make_server(options.host, settings.port, app, threaded=True, fd=listener.fileno())
        try:
            _serve_until_interrupted(
                server, lambda: _say_ready(options, settings, emulator_url, echo)
            )
        finally:
            server.server_close()
    finally:
        scheduler = app.extensions.get("ispeed-scheduler")
        if scheduler is not None:
            scheduler.shutdown(wait=True)


def _quiet_routine_logs() -> None:
    """Keep the terminal to the demo's Vietnamese lines unless -v asked for details."""
    if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
        return
    for name in ("apscheduler", "werkzeug", "service.syncer", "service.scheduler", "service.demo"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _listen(host: str, port: int) -> socket.socket:
    """Bind the web port now, so a busy port is a clear error before anything starts."""
    try:
        return socket.create_server((host, port))
    except OSError as err:
        raise ISpeedError(
            str(err),
            user_message=f"Không mở được cổng {host}:{port} cho trang web ({err.strerror}). "
            "Hãy chọn cổng khác bằng --port.",
        ) from err


@contextmanager
def _stopping(server: EmulatorServer) -> Iterator[EmulatorServer]:
    """Stop the emulator on the way out, whatever happened."""
    try:
        yield server
    finally:
        server.stop()


def _serve_until_interrupted(server: BaseWSGIServer, say_ready: Callable[[], None]) -> None:
    """Say ready, then serve until Ctrl+C; SIGTERM stops the same way.

    Ready is said inside the interruptible block: Ctrl+C pressed the moment the URLs
    appear stops the demo cleanly instead of escaping as a traceback. SIGINT is handled
    even when the demo was started with it ignored (a shell script's ``demo &``), as
    Python then leaves it.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
    with suppress(KeyboardInterrupt):
        say_ready()
        server.serve_forever(poll_interval=0.2)


def _interrupt(signum: int, frame: object) -> None:
    """Turn SIGTERM (and SIGINT, however the demo was started) into the Ctrl+C path."""
    raise KeyboardInterrupt


def _say_prepared(prepared: Prepared, echo: Callable[[str], None]) -> None:
    """Tell what the demo spreadsheet holds."""
    action = "Đã tạo" if prepared.created else "Dùng lại"
    echo(f"{action} bảng tính “{SPREADSHEET_TITLE}” (mã {prepared.spreadsheet_id}).")
    plan = prepared.plan
    if plan is None:
        echo("Bảng tính đã có câu trả lời từ lần chạy trước: giữ nguyên, không thêm dữ liệu mẫu.")
        return
    echo(
        f"Đã ghi dữ liệu mẫu. Tháng {plan.month.label()}: {len(plan.on_time)} đơn vị đúng hạn, "
        f"{len(plan.late)} muộn, {len(plan.invalid)} có lỗi, {len(plan.missing)} chưa báo cáo."
    )
    if plan.silent:
        echo(f"  Thử gửi báo cáo cho đơn vị chưa báo cáo: {plan.silent}.")


def _say_ready(
    options: DemoOptions, settings: Settings, emulator_url: str, echo: Callable[[str], None]
) -> None:
    """Print the addresses to open, in Vietnamese."""
    shown = LOCAL if options.host in ("0.0.0.0", "::", "") else options.host
    web = f"http://{shown}:{settings.port}"
    seconds = f"{options.interval_seconds:g}".replace(".", ",")
    echo("")
    echo("Bản chạy thử đã sẵn sàng (không cần tài khoản Google):")
    echo(f"  Trang tình hình báo cáo:     {web}/")
    echo(f"  Biểu mẫu báo cáo (chạy thử): {web}/demo/form")
    echo(f"  Dữ liệu JSON:                {web}/api/status")
    echo(f"  Máy giả lập Google Sheets:   {emulator_url}")
    echo(f"Tự động đồng bộ bảng tính mỗi {seconds} giây. Đồng bộ ngay:")
    echo(f'  curl -X POST -H "Authorization: Bearer {settings.task_token}" {web}/tasks/sync')
    echo("Nhấn Ctrl+C để dừng.")
