"""Shared fixtures: a real emulator on a free local port and gspread clients talking to it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gspread
import pytest
from hypothesis import settings
from werkzeug.serving import make_server

from sheets.client import make_client
from sheets.emulator.server import EmulatorServer
from sheets.transport import RetryPolicy

# Retries as in production but quick, so tests that provoke them stay fast.
FAST_RETRIES = RetryPolicy(max_attempts=6, base_delay=0.01, max_delay=0.05, deadline=5.0)


@pytest.fixture
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    """Run an emulator (in memory, no quotas, bearer token required) for one test."""
    server = EmulatorServer(port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(emulator: EmulatorServer) -> gspread.Client:
    """Return a gspread client built the production way, pointed at the emulator."""
    return make_client(endpoint=emulator.url, policy=FAST_RETRIES)


@pytest.fixture
def spreadsheet(client: gspread.Client) -> gspread.Spreadsheet:
    """Return a new spreadsheet created through Drive, as gspread does."""
    return client.create("Báo cáo i-Speed (thử nghiệm)")


# Property tests explore new inputs locally; in CI (CI=1) they replay a fixed sequence so a
# red run always means a change, not a newly drawn example.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Return headless Debian Chromium driven by Playwright; skip (not in CI) without it."""
    if not Path(CHROMIUM).exists():
        reason = f"no browser: install Debian's chromium ({CHROMIUM}) to run the page tests"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def artifacts() -> Path:
    """Return the folder where browser tests keep their screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def serve_app() -> Iterator[Any]:
    """Return a function that serves a WSGI app on a free local port and gives its URL."""
    servers = []

    def serve(app: Any) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
