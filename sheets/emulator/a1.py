"""A1 notation: parse the ranges clients send and print ranges the way Google prints them.

    'Đơn vị'!A1:F10   Sheet1   A:C   2:5   A5:C   Sheet1!A1:1   R2C3:R4C5   NamedRange

Indexes are zero-based and end-exclusive, as in the API's GridRange; ``None`` means
"open" (to the end of the grid) until a range is bound to a sheet's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$")
_R1C1 = re.compile(r"^[Rr]([0-9]+)[Cc]([0-9]+)$")
_SAFE_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_CELL = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|[A-Za-z]{1,3}|[0-9]+)$")


class A1Error(ValueError):
    """The text is not a range Google would understand."""


@dataclass(frozen=True)
class CellSpan:
    """Rows and columns of a range, zero-based, end-exclusive; ``None`` is open-ended."""

    start_row: int | None
    end_row: int | None
    start_col: int | None
    end_col: int | None

    def bind(self, row_count: int, col_count: int) -> Bounds:
        """Close the open ends against a sheet of the given size."""
        return Bounds(
            self.start_row or 0,
            row_count if self.end_row is None else self.end_row,
            self.start_col or 0,
            col_count if self.end_col is None else self.end_col,
        )


@dataclass(frozen=True)
class Bounds:
    """A closed rectangle of cells: zero-based, end-exclusive."""

    start_row: int
    end_row: int
    start_col: int
    end_col: int

    @property
    def rows(self) -> int:
        """Return the number of rows."""
        return max(0, self.end_row - self.start_row)

    @property
    def cols(self) -> int:
        """Return the number of columns."""
        return max(0, self.end_col - self.start_col)


@dataclass(frozen=True)
class ParsedRange:
    """A range as written: an optional sheet title and either cells or a bare name.

    ``name`` is set when the text after the sheet (or the whole text) is not A1
    notation: it may be a sheet title or a named range, which only the spreadsheet
    can tell.
    """

    sheet: str | None
    span: CellSpan | None
    name: str | None
    text: str
    cells_text: str


def column_index(letters: str) -> int:
    """Return the zero-based index of column letters (A -> 0, Z -> 25, AA -> 26)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def column_letters(index: int) -> str:
    """Return the column letters of a zero-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quote_title(title: str) -> str:
    """Return a sheet title as Google prints it in a range: quoted unless plainly safe."""
    if _SAFE_TITLE.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_range(title: str, bounds: Bounds) -> str:
    """Return a bound range in Google's normalised form, e.g. ``Sheet1!A1:D4``."""
    start = f"{column_letters(bounds.start_col)}{bounds.start_row + 1}"
    end = f"{column_letters(bounds.end_col - 1)}{bounds.end_row}"
    cells = start if start == end else f"{start}:{end}"
    return f"{quote_title(title)}!{cells}"


def split_sheet(text: str) -> tuple[str | None, str]:
    """Split ``'Sheet name'!A1:B2`` into the unquoted title and the part after ``!``."""
    text = text.strip()
    if text.startswith("'"):
        i, title = 1, []
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    title.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return "".join(title), ""
                if rest.startswith("!"):
                    return "".join(title), rest[1:]
                raise A1Error(text)
            title.append(ch)
            i += 1
        raise A1Error(text)
    if "!" in text:
        title, _, rest = text.rpartition("!")
        return title, rest
    return None, text


def _endpoint(text: str) -> tuple[int | None, int | None] | None:
    """Parse one end of a range (``B3``, ``$B$3``, ``B``, ``3``) into (row, col)."""
    match = _CELL.match(text)
    if not match or not text.strip("$"):
        return None
    letters, digits = match.groups()
    if letters is None and digits is None:
        return None
    row = int(digits) - 1 if digits is not None else None
    if row is not None and row < 0:
        return None
    col = column_index(letters) if letters else None
    return row, col


def parse_cells(text: str) -> CellSpan | None:
    """Parse the cells part of a range, or return None if it is not A1/R1C1 notation."""
    if not text:
        return None
    parts = text.split(":")
    if len(parts) > 2:
        return None
    r1c1 = [_R1C1.match(p) for p in parts]
    if all(r1c1):
        rows = [int(m.group(1)) - 1 for m in r1c1 if m]
        cols = [int(m.group(2)) - 1 for m in r1c1 if m]
        if min(rows) < 0 or min(cols) < 0:
            return None
        return CellSpan(min(rows), max(rows) + 1, min(cols), max(cols) + 1)
    ends = [_endpoint(p) for p in parts]
    if any(e is None for e in ends):
        return None
    (r1, c1) = ends[0]  # type: ignore[misc]
    if len(ends) == 1:
        if r1 is None or c1 is None:
            return None  # a lone "B" or "3" is a name, not a range
        return CellSpan(r1, r1 + 1, c1, c1 + 1)
    (r2, c2) = ends[1]  # type: ignore[misc]
    if (r1 is None) != (r2 is None) and c1 is None:
        return None  # "3:B7" is not valid
    if c1 is None and c2 is not None and r1 is not None:
        return None
    start_row, end_row = _order(r1, r2)
    start_col, end_col = _order(c1, c2)
    if r1 is None and r2 is None:
        start_row, end_row = None, None
    if c1 is None and c2 is None:
        start_col, end_col = None, None
    return CellSpan(start_row, end_row, start_col, end_col)


def _order(a: int | None, b: int | None) -> tuple[int | None, int | None]:
    """Return (start, end-exclusive) for two ends, either of which may be open."""
    if a is not None and b is not None:
        return min(a, b), max(a, b) + 1
    if a is not None:
        return a, None
    if b is not None:
        return 0, b + 1
    return None, None


def parse_range(text: str) -> ParsedRange:
    """Parse a range as a client wrote it; raise A1Error when it cannot be a range."""
    if text is None or not text.strip():
        raise A1Error(text or "")
    title, cells = split_sheet(text)
    if title is not None and cells == "":
        return ParsedRange(title, None, None, text, "")
    span = parse_cells(cells.strip())
    if span is not None:
        return ParsedRange(title, span, None, text, cells.strip())
    name = cells.strip()
    if not name or any(ch in name for ch in "!:'"):
        raise A1Error(text)
    return ParsedRange(title, None, name, text, name)
