"""A small, safe evaluator for the subset of Sheets formulas the emulator computes.

A tokenizer and a Pratt parser build a tree that is evaluated against a cell resolver;
nothing is ever handed to Python's eval.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from sheets.emulator.cellcore import ErrorValue, Locale
from sheets.emulator.formula_functions import FUNCTIONS, Range, scalar
from sheets.emulator.numberformat import format_general
from sheets.emulator.userinput import coerce_number

Resolver = Callable[[str | None, int, int], Any]
PARSE_ERROR = ErrorValue("ERROR", "Formula parse error.")
DEFAULT_ROWS = 1000  # rows a whole-column range covers when the caller gives no sheet size

_TOKEN = r"""\s*(?:
  (?P<string>"(?:[^"]|"")*")
 |(?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?
    (?P<cells>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})
    (?![\w(]))
 |(?P<number>(?:\d+(?:POINT\d*)?|POINT\d+)(?:[eE][+-]?\d+)?)
 |(?P<name>[^\W\d][\w.]*)
 |(?P<op><=|>=|<>|[-+*/^&=<>%(),;])
)"""
_LEXERS = {p: re.compile(_TOKEN.replace("POINT", re.escape(p)), re.VERBOSE) for p in ".,"}
_CELL = re.compile(r"\$?([A-Za-z]+)\$?(\d*)")
# Binary operators: (left binding power, right binding power); ^ is right-associative.
_BINARY = {"=": (10, 11), "<>": (10, 11), "<": (10, 11), ">": (10, 11), "<=": (10, 11),
           ">=": (10, 11), "&": (20, 21), "+": (30, 31), "-": (30, 31), "*": (40, 41),
           "/": (40, 41), "^": (50, 50)}  # fmt: skip
_UNARY_POWER, _PERCENT_POWER = 55, 60  # -2^2 is 4 in Sheets, as in Excel
_OP_NAMES = {"+": "ADD", "-": "MINUS", "*": "MULTIPLY", "/": "DIVIDE", "^": "POW"}


class _ParseError(Exception):
    pass


def evaluate(formula: str, resolve: Resolver, *, locale: Locale, rows: int = DEFAULT_ROWS) -> Any:
    """Return the value of a formula ("=..."); resolve(sheet, row, col) reads cells, 0-based."""
    try:
        tree = _Parser(_tokens(formula.removeprefix("="), locale)).parse()
    except (_ParseError, IndexError, RecursionError):
        return PARSE_ERROR
    result = scalar(_Evaluator(resolve, locale, rows).value(tree))
    return 0.0 if result == 0 and type(result) is float else result


def _tokens(text: str, locale: Locale) -> list[tuple[str, str]]:
    # Sheets reads formulas in the spreadsheet's locale: where "," is the decimal separator
    # (vi_VN) only ";" separates arguments; ";" is accepted in every locale.
    comma_decimal = locale.decimal_separator == ","
    lexer, tokens, position = _LEXERS["," if comma_decimal else "."], [], 0
    separators = (";",) if comma_decimal else (",", ";")
    while position < len(text.rstrip()):
        match = lexer.match(text, position)
        if not match or match.end() == position:
            raise _ParseError
        kind = next(k for k in ("string", "ref", "number", "name", "op") if match.group(k))
        value = match.group(kind)
        if kind == "op" and value in separators:
            kind = "sep"
        elif kind == "number":
            value = value.replace(",", ".")
        tokens.append((kind, value))
        position = match.end()
    return [*tokens, ("end", "")]


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos]

    def take(self, kind: str | None = None, text: str | None = None) -> tuple[str, str]:
        token = self.tokens[self.pos]
        if (kind and token[0] != kind) or (text and token[1] != text):
            raise _ParseError
        self.pos += 1
        return token

    def parse(self) -> tuple:
        tree = self.expression(0)
        self.take("end")
        return tree

    def expression(self, min_power: int) -> tuple:
        left = self.prefix()
        while True:
            kind, text = self.peek()
            if kind == "op" and text == "%" and min_power <= _PERCENT_POWER:
                self.take()
                left = ("percent", left)
                continue
            power = _BINARY.get(text) if kind == "op" else None
            if power is None or power[0] < min_power:
                return left
            self.take()
            left = ("binary", text, left, self.expression(power[1]))

    def prefix(self) -> tuple:
        kind, text = self.take()
        if kind == "number":
            return ("value", float(text))
        if kind == "string":
            return ("value", text[1:-1].replace('""', '"'))
        if kind == "ref":
            return _reference(text)
        if kind == "op" and text in ("+", "-"):
            return ("unary", text, self.expression(_UNARY_POWER))
        if kind == "op" and text == "(":
            inner = self.expression(0)
            self.take("op", ")")
            return inner
        if kind == "name" and self.peek() == ("op", "("):
            return ("call", text.upper(), self.arguments())
        if kind == "name" and text.upper() in ("TRUE", "FALSE"):
            return ("value", text.upper() == "TRUE")
        if kind == "name":
            return ("value", ErrorValue("NAME", f"Unknown range name: '{text}'."))
        raise _ParseError

    def arguments(self) -> list[tuple]:
        self.take("op", "(")
        args: list[tuple] = []
        if self.peek() == ("op", ")"):
            self.take()
            return args
        while True:
            if self.peek()[0] == "sep" or self.peek() == ("op", ")"):
                args.append(("value", None))
            else:
                args.append(self.expression(0))
            token = self.take()
            if token == ("op", ")"):
                return args
            if token[0] != "sep":
                raise _ParseError


def _reference(text: str) -> tuple:
    sheet, _, cells = text.rpartition("!")
    title = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else (sheet or None)
    corners = []
    for part in cells.split(":"):
        letters, digits = _CELL.fullmatch(part).groups()
        col = 0
        for letter in letters.upper():
            col = col * 26 + ord(letter) - 64
        if digits and int(digits) == 0:  # there is no row 0
            raise _ParseError
        corners.append((int(digits) - 1 if digits else None, col - 1))
    if len(corners) == 1:
        return ("ref", title, *corners[0])
    (r1, c1), (r2, c2) = corners
    return ("range", title, r1, c1, r2, c2)


class _Evaluator:
    def __init__(self, resolve: Resolver, locale: Locale, rows: int) -> None:
        self.resolve, self.locale, self.rows = resolve, locale, rows

    def value(self, node: tuple, as_argument: bool = False) -> Any:
        kind = node[0]
        if kind == "value":
            return node[1]
        if kind == "ref":
            value = self.resolve(node[1], node[2], node[3])
            return Range([value]) if as_argument else value
        if kind == "range":
            return self.cells(*node[1:])
        if kind == "call":
            return self.call(node[1], node[2])
        if kind == "percent":
            number = self.number(self.value(node[1]), "UNARY_PERCENT", 1)
            return number if isinstance(number, ErrorValue) else number / 100
        if kind == "unary":
            operand = scalar(self.value(node[2]))
            if node[1] == "+" or isinstance(operand, ErrorValue):
                return operand
            number = self.number(operand, "UMINUS", 1)
            return number if isinstance(number, ErrorValue) else -number
        return self.binary(node[1], scalar(self.value(node[2])), scalar(self.value(node[3])))

    def cells(self, sheet: str | None, r1: int | None, c1: int, r2: int | None, c2: int) -> Range:
        rows = (0, self.rows - 1) if r1 is None or r2 is None else (min(r1, r2), max(r1, r2))
        cols = (min(c1, c2), max(c1, c2))
        return Range(
            self.resolve(sheet, r, c)
            for r in range(rows[0], rows[1] + 1)
            for c in range(cols[0], cols[1] + 1)
        )

    def number(self, value: Any, function: str, position: int) -> float | ErrorValue:
        """Coerce a value to a number the way Sheets' operators and functions do."""
        value = scalar(value)
        if isinstance(value, ErrorValue):
            return value
        if value is None or isinstance(value, bool | int | float):
            return float(value or 0)
        found = coerce_number(value, self.locale)
        if found is None:
            return ErrorValue(
                "VALUE",
                f"Function {function} parameter {position} expects number values. "
                f"But '{value}' is a text and cannot be coerced to a number.",
            )
        return found

    def text(self, value: Any) -> str | ErrorValue:
        value = scalar(value)
        if isinstance(value, ErrorValue | str):
            return value
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        return format_general(float(value), self.locale)

    def boolean(self, value: Any, function: str, position: int) -> bool | ErrorValue:
        value = scalar(value)
        if isinstance(value, ErrorValue | bool):
            return value
        if isinstance(value, str) and value.upper() not in ("TRUE", "FALSE", ""):
            return ErrorValue(
                "VALUE",
                f"Function {function} parameter {position} expects boolean values. "
                f"But '{value}' is a text and cannot be coerced to a boolean.",
            )
        return value.upper() == "TRUE" if isinstance(value, str) else bool(value)

    def binary(self, op: str, left: Any, right: Any) -> Any:
        for side in (left, right):
            if isinstance(side, ErrorValue):
                return side
        if op == "&":
            parts = [self.text(left), self.text(right)]
            errors = [p for p in parts if isinstance(p, ErrorValue)]
            return errors[0] if errors else "".join(parts)
        if op in _OP_NAMES:
            a = self.number(left, _OP_NAMES[op], 1)
            b = self.number(right, _OP_NAMES[op], 2)
            if isinstance(a, ErrorValue) or isinstance(b, ErrorValue):
                return a if isinstance(a, ErrorValue) else b
            return _arithmetic(op, a, b)
        order = _compare(left, right)
        return {"=": order == 0, "<>": order != 0, "<": order < 0, ">": order > 0,
                "<=": order <= 0, ">=": order >= 0}[op]  # fmt: skip

    def call(self, name: str, nodes: list[tuple]) -> Any:
        if name not in FUNCTIONS:
            return ErrorValue("NAME", f"Unknown function: '{name}'.")
        low, high, function = FUNCTIONS[name]
        if not low <= len(nodes) <= (high if high is not None else len(nodes)):
            expected = (
                f"{low}" if low == high
                else f"at least {low}" if high is None
                else f"between {low} and {high}"
            )  # fmt: skip
            return ErrorValue(
                "N_A",
                f"Wrong number of arguments to {name}. Expected {expected} arguments, "
                f"but got {len(nodes)} arguments.",
            )
        return function(self, nodes)


def _arithmetic(op: str, a: float, b: float) -> float | ErrorValue:
    if op == "/" and b == 0:
        return ErrorValue("DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
    try:
        result = {"+": a + b, "-": a - b, "*": a * b}[op] if op in "+-*" else (
            a / b if op == "/" else math.pow(a, b)
        )  # fmt: skip
    except (OverflowError, ValueError, ZeroDivisionError):
        result = math.nan
    if not math.isfinite(result):
        return ErrorValue("NUM", f"Function {_OP_NAMES[op]} caused a number error.")
    return result


def _compare(left: Any, right: Any) -> int:
    """Order two values as Sheets does: numbers < text < booleans, text without case."""
    if left is None:
        left = "" if isinstance(right, str) else False if isinstance(right, bool) else 0.0
    if right is None:
        right = "" if isinstance(left, str) else False if isinstance(left, bool) else 0.0
    rank = [2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0 for v in (left, right)]
    if rank[0] != rank[1]:
        return -1 if rank[0] < rank[1] else 1
    if rank[0] == 1:
        left, right = left.casefold(), right.casefold()
    return (left > right) - (left < right)
