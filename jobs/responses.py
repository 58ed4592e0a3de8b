"""Find the form's responses tab and map its columns to the form's questions.

The tab is found by its header (``Dấu thời gian`` or ``Timestamp`` in column A), not by its
name. Columns are matched by folded title, tolerating reordered, slightly renamed and
extra columns; an unknown column is reported once and otherwise ignored.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from forms.definition import QUESTIONS, TIMESTAMP_TITLES, Question
from sheets.workbook import CellValue, Tab, Workbook

from .names import fold

TIMESTAMP = "timestamp"
SIMILARITY = 0.85  # how close a renamed header must be to a question's title


@dataclass
class ResponseTable:
    """The responses tab: which column holds which answer, and its non-blank rows."""

    title: str
    columns: dict[str, int]
    unknown_columns: list[tuple[int, str]] = field(default_factory=list)
    missing: list[Question] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (header, question title)
    tab: Tab | None = None
    # For a tab from a read, each row after the header with its number and its JSON as
    # read, which validation may recognise from an earlier run without decoding it.
    lines: list[tuple[int, Any]] | None = None
    _rows: list[tuple[int, list[CellValue]]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[tuple[int, list[CellValue]]]:
        """Return the numbered rows that hold anything, as values (decoded once)."""
        if self._rows is None:
            values = self.tab.values[1:] if self.tab is not None else []
            self._rows = [
                (number, row) for number, row in enumerate(values, start=2) if holds_answers(row)
            ]
        return self._rows


def find_responses_tab(workbook: Workbook) -> Tab | None:
    """Return the first tab whose A1 is the form's timestamp header."""
    wanted = {fold(title) for title in TIMESTAMP_TITLES}
    for tab in sorted(workbook.tabs, key=lambda t: t.index):
        header = tab.header()
        if header and isinstance(header[0], str) and fold(header[0]) in wanted:
            return tab
    return None


def read_responses(tab: Tab) -> ResponseTable:
    """Map the header to questions and collect the rows that hold anything."""
    header = [str(h).strip() if h is not None else "" for h in tab.header()]
    table = ResponseTable(title=tab.title, columns={TIMESTAMP: 0})
    names: dict[str, Question] = {}
    for question in QUESTIONS:
        for title in (question.title, *question.other_titles):
            names.setdefault(fold(title), question)
    pending: list[tuple[int, str]] = []
    for index, text in enumerate(header[1:], start=1):
        if not text:
            continue
        question = names.get(fold(text))
        if question is not None and question.key not in table.columns:
            table.columns[question.key] = index
        else:
            pending.append((index, text))
    for index, text in pending:
        question = _closest(text, [q for q in QUESTIONS if q.key not in table.columns])
        if question is None:
            table.unknown_columns.append((index, text))
        else:
            table.columns[question.key] = index
            table.renamed.append((text, question.title))
    table.missing = [q for q in QUESTIONS if q.key not in table.columns]
    table.tab = tab
    spans = tab.row_spans()
    if spans is not None:
        table.lines = list(enumerate(spans[1:], start=2))
    return table


def holds_answers(row: list[CellValue]) -> bool:
    """Tell whether a response row holds anything (blank rows are skipped, not problems)."""
    # Most rows start with their timestamp, a number: only others are looked through.
    first = row[0] if row else None
    return (first is not None and type(first) is not str) or any(map(_holds_something, row))


def _holds_something(value: CellValue) -> bool:
    """Tell whether a cell holds anything (text of spaces only is nothing)."""
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _closest(text: str, candidates: list[Question]) -> Question | None:
    """Return the one question whose title is clearly closest to a renamed header."""
    key = fold(text)
    scored = []
    for question in candidates:
        best = max(
            difflib.SequenceMatcher(None, key, fold(title)).ratio()
            for title in (question.title, *question.other_titles)
        )
        scored.append((best, question))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] < SIMILARITY:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02:
        return None  # two questions fit about equally well: do not guess
    return scored[0][1]
