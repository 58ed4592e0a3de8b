"""Shared fixtures: a real emulator on a free local port and gspread clients talking to it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import gspread
import pytest
from hypothesis import settings

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
