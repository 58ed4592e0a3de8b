"""Snapshots and apps for the status page tests: the messy corpus month, and a hostile one."""

from __future__ import annotations

import functools
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from flask import Flask

from jobs.periods import Month, deadline
from jobs.report import Counts, MonthSummary, Status, UnitMonth
from jobs.sync import run_sync
from service.app import create_app
from service.settings import Settings
from service.snapshot import from_result
from sheets.client import make_client
from sheets.emulator.server import EmulatorServer
from sheets.transport import RetryPolicy
from tests.sync_corpus import NOW, TZ, messy_office

HOSTILE_UNIT = "<script>alert(1)</script>"
HOSTILE_NOTE = "<b>đậm</b> & <i>nghiêng</i>"
OCTOBER = Month(2026, 10)


@functools.cache
def corpus_result() -> Any:
    """Return the sync result of the corpus month, through gspread and the emulator (once)."""
    server = EmulatorServer(port=0)
    server.start()
    try:
        policy = RetryPolicy(max_attempts=6, base_delay=0.01, max_delay=0.05, deadline=5.0)
        client = make_client(endpoint=server.url, policy=policy)
        spreadsheet = messy_office(client)
        result = run_sync(client, spreadsheet.id, tz=TZ, deadline_day=10, now=NOW)
    finally:
        server.stop()
    return result


def corpus_snapshot() -> dict[str, Any]:
    """Return the snapshot a sync of the corpus month leaves for the page."""
    return from_result(corpus_result())


def hostile_summary() -> MonthSummary:
    """Return October with a unit whose name is markup and a note that is markup."""
    due = deadline(OCTOBER, deadline_day=10, tz=TZ)
    units = (
        UnitMonth(
            1,
            HOSTILE_UNIT,
            Status.ON_TIME,
            datetime(2026, 11, 3, 7, 5, tzinfo=TZ),
            Counts(1, 2, 3, 4),
            "<img src=x onerror=alert(2)>",
            "Zalo",
            HOSTILE_NOTE,
        ),
        UnitMonth(2, "Phường Sông Cầu", Status.MISSING),
    )
    return MonthSummary(OCTOBER, due, units)


def hostile_snapshot() -> dict[str, Any]:
    """Return a snapshot (made as a sync makes it) of the hostile month."""
    result = SimpleNamespace(
        made_at=NOW,
        summaries={OCTOBER: hostile_summary()},
        problems=[],
        spreadsheet_title="<em>Bảng tính</em>",
    )
    return from_result(result)


def make_app(state_dir: Path, snapshot: dict[str, Any] | None) -> Flask:
    """Return the app serving a snapshot (none: as before the first sync)."""
    settings = Settings(state_dir=str(state_dir), scheduler=False, sync_interval_minutes=5)
    app = create_app(settings, start_scheduler=False)
    if snapshot is not None:
        app.extensions["ispeed"].state.record_success(snapshot, wrote=True, reads=1, writes=1)
    return app


class Tables(HTMLParser):
    """Collect the text of every table cell, by the table's class, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs).get("class") or ""
        if tag == "table":
            self._table = self.tables.setdefault(names, [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "span" and ("sr-only" in names.split() or self._hidden):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """Return the visible text of the page's tables by class (caption rows left out)."""
    parser = Tables()
    parser.feed(html)
    return {name: [row for row in rows if row] for name, rows in parser.tables.items()}
