"""Effective values of cells: stored values as they are, formulas evaluated on read.

Formulas are evaluated when a request reads them, with a cache for that one request,
so a write never has to find and recompute dependent cells.
"""

from __future__ import annotations

from typing import Any

from .cellvalues import ErrorValue, Locale, locale_for
from .formulas import evaluate
from .model import Cell, Sheet, Spreadsheet

CIRCULAR = ErrorValue(
    "REF",
    "Circular dependency detected. To resolve with iterative calculation, see File > Settings.",
)


class Evaluator:
    """Compute effective values for one read of one spreadsheet."""

    def __init__(self, spreadsheet: Spreadsheet) -> None:
        self.spreadsheet = spreadsheet
        self.locale: Locale = locale_for(str(spreadsheet.properties.get("locale", "en_US")))
        self._cache: dict[tuple[int, int, int], Any] = {}
        self._active: set[tuple[int, int, int]] = set()

    def value(self, sheet: Sheet, row: int, col: int) -> Any:
        """Return the effective value of a cell (None when empty)."""
        item = sheet.get(row, col)
        if type(item) is not Cell:
            return item
        if item.formula is None:
            return item.value
        return self.formula_value(sheet, row, col, item.formula)

    def formula_value(self, sheet: Sheet, row: int, col: int, formula: str) -> Any:
        """Evaluate a formula cell, guarding against circular references."""
        key = (id(sheet), row, col)
        if key in self._cache:
            return self._cache[key]
        if key in self._active:
            return CIRCULAR
        self._active.add(key)
        try:
            result = evaluate(
                formula, self._resolver(sheet), locale=self.locale, rows=sheet.row_count
            )
        finally:
            self._active.discard(key)
        self._cache[key] = result
        return result

    def _resolver(self, home: Sheet) -> Any:
        """Return the callback formulas use to read other cells."""

        def resolve(title: str | None, row: int, col: int) -> Any:
            sheet = home if title is None else self.spreadsheet.sheet_by_title(title)
            if sheet is None:
                return ErrorValue("REF", f"Unresolved sheet name '{title}'.")
            return self.value(sheet, row, col)

        return resolve
