"""The snapshot the page and the API serve: a sync's findings as plain JSON, never Google.

A sync turns its result into a snapshot (``from_result``); the service keeps the last good
one in memory and in a file (so every gunicorn worker serves the same one), and pages are
rendered from it alone. No reporter name or phone number ever gets in here.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from jobs.periods import Month, month_due
from jobs.report import REPORTED_STATUSES, STATUS_LABELS, Level, MonthSummary, Status
from sheets.layouts_phu_luc import unit_note

VERSION = 1


def from_result(result: Any) -> dict[str, Any]:
    """Return the snapshot of a SyncResult (see jobs.sync) as JSON-able data."""
    made_at: datetime = result.made_at
    months = {m.iso(): month_json(s) for m, s in sorted(result.summaries.items())}
    errors = sum(1 for p in result.problems if p.level is Level.ERROR)
    return {
        "version": VERSION,
        "spreadsheet_title": result.spreadsheet_title,
        "read_at": made_at.isoformat(),
        "month_due": month_due(made_at).iso(),
        "months": months,
        "problems": {"errors": errors, "warnings": len(result.problems) - errors},
    }


def month_json(summary: MonthSummary) -> dict[str, Any]:
    """Return one month's summary with every expected unit."""
    zone = summary.deadline.tzinfo
    totals = summary.totals
    return {
        "month": summary.month.iso(),
        "label": summary.month.label(),
        "deadline": summary.deadline.isoformat(),
        "expected": summary.expected,
        "reported": summary.reported,
        "on_time": summary.on_time,
        "late": sum(1 for u in summary.units if u.status is Status.LATE),
        "invalid": sum(1 for u in summary.units if u.status is Status.INVALID),
        "missing": sum(1 for u in summary.units if u.status is Status.MISSING),
        "reporting_rate": round(summary.reporting_rate, 4),
        "on_time_rate": round(summary.on_time_rate, 4),
        "totals": _counts(totals),
        "units": [
            {
                "stt": index,
                "name": unit.unit,
                "status": unit.status.value,
                "status_label": STATUS_LABELS[unit.status],
                "submitted_at": unit.submitted_at.isoformat() if unit.submitted_at else None,
                "counts": _counts(unit.counts)
                if unit.counts is not None and unit.status in REPORTED_STATUSES
                else None,
                "means": unit.means,
                "other_forms": unit.other_forms,
                "note": unit_note(unit, zone),
            }
            for index, unit in enumerate(summary.units, start=1)
        ],
    }


def _counts(counts: Any) -> dict[str, int]:
    """Return the four counts by name."""
    return {
        "news": counts.news,
        "articles": counts.articles,
        "programmes": counts.programmes,
        "sessions": counts.sessions,
    }


def months_of(snapshot: dict[str, Any]) -> list[Month]:
    """Return the months a snapshot knows, oldest first."""
    return sorted(Month.parse_iso(key) for key in snapshot.get("months", {}))


def save(snapshot: dict[str, Any], path: Path) -> None:
    """Write a snapshot atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(snapshot, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def load(path: Path) -> dict[str, Any] | None:
    """Read a snapshot file; None when it is missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == VERSION else None
