"""The functions the emulator's formulas can call, with Sheets' coercions and error messages."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sheets.emulator.cellcore import ErrorValue

# The evaluator (formulas._Evaluator) is passed in as `ev`; functions use its value(),
# number(), text() and boolean() to read and coerce their arguments.
Evaluator = Any


class Range(list):
    """The values of a range (or of a reference used as a function argument), row by row."""


def scalar(value: Any) -> Any:
    """Return the single value a range stands for in a scalar context."""
    if isinstance(value, Range):
        if len(value) == 1:
            return value[0]
        return ErrorValue("VALUE", "An array value could not be found.")
    return value


def _numbers(ev: Evaluator, nodes: list[tuple], name: str) -> list[float] | ErrorValue:
    """Collect numbers: from ranges only numeric cells; direct arguments are coerced."""
    found: list[float] = []
    for position, node in enumerate(nodes, 1):
        value = ev.value(node, as_argument=True)
        if isinstance(value, Range):
            for item in value:
                if isinstance(item, ErrorValue):
                    return item
                if isinstance(item, int | float) and not isinstance(item, bool):
                    found.append(float(item))
        elif value is not None:
            number = ev.number(value, name, position)
            if isinstance(number, ErrorValue):
                return number
            found.append(number)
    return found


def _aggregate(name: str, combine: Callable[[list[float]], Any]) -> Callable:
    def function(ev: Evaluator, nodes: list[tuple]) -> Any:
        numbers = _numbers(ev, nodes, name)
        return numbers if isinstance(numbers, ErrorValue) else combine(numbers)

    return function


def _average(numbers: list[float]) -> float | ErrorValue:
    if not numbers:
        return ErrorValue(
            "DIVIDE_BY_ZERO", "Evaluation of function AVERAGE caused a divide by zero error."
        )
    return math.fsum(numbers) / len(numbers)


def _count(ev: Evaluator, nodes: list[tuple], any_value: bool) -> float:
    total = 0
    for node in nodes:
        value = ev.value(node, as_argument=True)
        items = value if isinstance(value, Range) else [value]
        for item in items:
            numeric = isinstance(item, int | float) and not isinstance(item, bool)
            if (any_value and item is not None) or (not any_value and numeric):
                total += 1
    return float(total)


def _round(ev: Evaluator, nodes: list[tuple]) -> float | ErrorValue:
    number = ev.number(ev.value(nodes[0]), "ROUND", 1)
    places = ev.number(ev.value(nodes[1]), "ROUND", 2) if len(nodes) > 1 else 0.0
    if isinstance(number, ErrorValue) or isinstance(places, ErrorValue):
        return number if isinstance(number, ErrorValue) else places
    step = Decimal(1).scaleb(-int(places))
    return float(Decimal(repr(number)).quantize(step, ROUND_HALF_UP))


def _if(ev: Evaluator, nodes: list[tuple]) -> Any:
    condition = ev.boolean(ev.value(nodes[0]), "IF", 1)
    if isinstance(condition, ErrorValue):
        return condition
    if condition:
        return scalar(ev.value(nodes[1]))
    return scalar(ev.value(nodes[2])) if len(nodes) > 2 else False


def _logical(name: str, combine: Callable[[list[bool]], bool]) -> Callable:
    def function(ev: Evaluator, nodes: list[tuple]) -> Any:
        found: list[bool] = []
        for position, node in enumerate(nodes, 1):
            value = ev.value(node, as_argument=True)
            if isinstance(value, Range):  # ranges and references: text and blanks are skipped
                for item in value:
                    if isinstance(item, ErrorValue):
                        return item
                    if isinstance(item, bool | int | float):
                        found.append(bool(item))
                continue
            flag = ev.boolean(value, name, position)
            if isinstance(flag, ErrorValue):
                return flag
            found.append(flag)
        if not found:
            return ErrorValue("VALUE", f"{name} has no valid input data.")
        return combine(found)

    return function


def _text_function(transform: Callable[[str], Any]) -> Callable:
    def function(ev: Evaluator, nodes: list[tuple]) -> Any:
        text = ev.text(ev.value(nodes[0]))
        return text if isinstance(text, ErrorValue) else transform(text)

    return function


def _concatenate(ev: Evaluator, nodes: list[tuple]) -> str | ErrorValue:
    parts = []
    for node in nodes:
        value = ev.value(node, as_argument=True)
        for item in value if isinstance(value, Range) else [value]:
            text = ev.text(item)
            if isinstance(text, ErrorValue):
                return text
            parts.append(text)
    return "".join(parts)


def _abs(ev: Evaluator, nodes: list[tuple]) -> float | ErrorValue:
    number = ev.number(ev.value(nodes[0]), "ABS", 1)
    return number if isinstance(number, ErrorValue) else abs(number)


def _not(ev: Evaluator, nodes: list[tuple]) -> bool | ErrorValue:
    flag = ev.boolean(ev.value(nodes[0]), "NOT", 1)
    return flag if isinstance(flag, ErrorValue) else not flag


# name -> (fewest arguments, most arguments or None for any number, implementation)
FUNCTIONS: dict[str, tuple[int, int | None, Callable[[Evaluator, list[tuple]], Any]]] = {
    "SUM": (1, None, _aggregate("SUM", math.fsum)),
    "AVERAGE": (1, None, _aggregate("AVERAGE", _average)),
    "MIN": (1, None, _aggregate("MIN", lambda n: min(n, default=0.0))),
    "MAX": (1, None, _aggregate("MAX", lambda n: max(n, default=0.0))),
    "COUNT": (1, None, lambda ev, nodes: _count(ev, nodes, any_value=False)),
    "COUNTA": (1, None, lambda ev, nodes: _count(ev, nodes, any_value=True)),
    "ROUND": (1, 2, _round),
    "ABS": (1, 1, _abs),
    "IF": (2, 3, _if),
    "AND": (1, None, _logical("AND", all)),
    "OR": (1, None, _logical("OR", any)),
    "NOT": (1, 1, _not),
    "CONCATENATE": (1, None, _concatenate),
    "LEN": (1, 1, _text_function(lambda s: float(len(s)))),
    "UPPER": (1, 1, _text_function(str.upper)),
    "LOWER": (1, 1, _text_function(str.lower)),
    "TRIM": (1, 1, _text_function(lambda s: re.sub(" +", " ", s).strip(" "))),
}
