"""What each chunk of response rows gave in the last run, so the next run checks only new rows.

What a row gives (its report, or its problems and the unit-month it left invalid, or
nothing for a blank row) is a pure function of its values, its row number, the column
of each question, the unit list, the time zones and the current month. So a run
remembers the outcome of every chunk of ``CHUNK_ROWS`` consecutive rows (the first
chunk starts at row 2) by its first row number and the SHA-256 digest of the chunk's
JSON exactly as read. The next run in the same process with the same context decodes
and checks only the chunks whose JSON or place is new (a new answer, a correction, rows
moved by a deletion) and takes every other chunk's reports and problems as they were,
a few list extensions per chunk. The scheduler's runs in a warm process then cost, for
a big sheet, one digest per 64 rows instead of decoding and checking each
(bench/sync_bench.py, "new row"). A fresh process remembers nothing; a run in another
context starts over; what the remembered outcomes say never depends on when they were
made (the outcomes are kept in a ``jobs.remembered.Remembered``).
"""

from __future__ import annotations

import msgspec

from .periods import Month
from .report import Problem, Report

# Rows per chunk: a digest per row cost more than checking a new chunk's rows saves (a
# row is checked in a few microseconds, a digest and its bookkeeping cost about as much).
CHUNK_ROWS = 64


class Chunk(msgspec.Struct, frozen=True):
    """What a chunk of consecutive rows gave, in row order."""

    reports: tuple[Report, ...]
    problems: tuple[Problem, ...]
    invalid: tuple[tuple[str, Month], ...]  # the unit-months its rows left without a report
    months: tuple[Month, ...]  # the months its reports and invalid unit-months name


Outcomes = dict[tuple[int, bytes], Chunk]  # by (first row number, digest of the JSON)
