"""What each response row gave in this process's last run, so the next run checks only new rows.

A row's outcome (its report, or its problems and the unit-month it left invalid, or
nothing for a blank row) is a pure function of its values, its row number, the column
of each question, the unit list, the time zones and the current month. So a run
remembers, for every row, the outcome by the row's number and the SHA-256 digest of its
JSON exactly as read; the next run in the same process with the same context decodes
and checks only the rows whose JSON or number is new (a new answer, a correction, rows
moved by a deletion) and takes every other outcome as it was. The scheduler's runs in
a warm process then cost, for a big sheet, a digest per row instead of decoding and
checking it (bench/sync_bench.py, "new row"). A fresh process remembers nothing; a run
in another context starts over; what the remembered outcomes say never depends on when
they were made (the outcomes are kept in a ``jobs.remembered.Remembered``).
"""

from __future__ import annotations

import msgspec

from .periods import Month
from .report import Problem, Report

# The outcome of a blank row: nothing to count, nothing to say.
BLANK = None


class Checked(msgspec.Struct, frozen=True):
    """The outcome of a row that had something to say: its report, if any, and problems."""

    report: Report | None
    problems: tuple[Problem, ...]
    invalid: tuple[str, Month] | None  # the unit-month it left without a valid report


Outcome = Report | Checked | None
Outcomes = dict[tuple[int, bytes], Outcome]
