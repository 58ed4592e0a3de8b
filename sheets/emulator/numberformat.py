"""How Google Sheets displays a cell value: its automatic format and the number-format patterns.

The pattern language is the one in https://developers.google.com/sheets/api/guides/formats.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from sheets.emulator.cellcore import ErrorValue, Locale
from sheets.emulator.dateformat import format_date

_CONDITION = re.compile(r"(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d*)?)")
_COLOR = re.compile(r"(?i)black|blue|cyan|green|magenta|red|white|yellow|color\d{1,2}")
_DATE_LETTERS = re.compile(r"[dDyYhHsSmM]|am/pm|a/p|\[[hHmMsS]+\]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')


def format_value(value: object, number_format: dict | None, locale: Locale) -> str:
    """Return the FORMATTED_VALUE Sheets shows for a value under a NumberFormat."""
    if value is None:
        return ""
    if isinstance(value, ErrorValue):
        return value.display
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    pattern = None
    if number_format:
        pattern = number_format.get("pattern") or locale.default_pattern(
            number_format.get("type", "")
        )
    if isinstance(value, str):
        return value if pattern is None else _format_text(value, _sections(pattern))
    number = float(value)
    if pattern is None or not math.isfinite(number):
        return format_general(number, locale)
    return _format_number(number, _sections(pattern), locale)


def format_general(number: float, locale: Locale) -> str:
    """Return a number in Sheets' automatic format: up to 10 significant digits, no grouping."""
    if not math.isfinite(number):
        return "#NUM!"
    if number == 0:
        return "0"
    if abs(number) < 1e15 and float(number).is_integer():
        return str(int(number))
    magnitude = Decimal(repr(abs(number))).adjusted()  # exact, unlike log10 near 10**n
    if magnitude >= 15 or magnitude < -9:
        mantissa, exponent = f"{number:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return mantissa.replace(".", locale.decimal_separator) + "E" + exponent
    if number == int(number):
        return str(int(number))
    text = format(_round(abs(number), max(0, 9 - magnitude)), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return ("-" if number < 0 else "") + text.replace(".", locale.decimal_separator)


def _round(number: float, decimals: int) -> Decimal:
    """Round half away from zero, as Sheets does, reading the float as its shortest repr."""
    return Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


# --- sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    body: str
    condition: tuple[str, float] | None = None

    @property
    def is_text(self) -> bool:
        return "@" in _QUOTED.sub("", self.body)

    @property
    def is_date(self) -> bool:
        return bool(_DATE_LETTERS.search(_QUOTED.sub("", self.body)))

    def matches(self, number: float) -> bool:
        op, limit = self.condition or (">=", -math.inf)
        return {
            "<": number < limit,
            ">": number > limit,
            "=": number == limit,
            "<=": number <= limit,
            ">=": number >= limit,
            "<>": number != limit,
        }[op]


@lru_cache(maxsize=512)
def _sections(pattern: str) -> tuple[_Section, ...]:
    """Split a pattern on unquoted semicolons and lift each section's [condition] and [Color]."""
    parts, current, i = [], "", 0
    while i < len(pattern):
        char = pattern[i]
        if char == '"':
            end = pattern.find('"', i + 1)
            end = len(pattern) - 1 if end < 0 else end
            current, i = current + pattern[i : end + 1], end + 1
            continue
        if char in "\\_*" and i + 1 < len(pattern):
            current, i = current + pattern[i : i + 2], i + 2
            continue
        if char == ";":
            parts.append(current)
            current = ""
        else:
            current += char
        i += 1
    parts.append(current)
    sections = []
    for part in parts:
        condition, body = None, part
        while match := re.match(r"\[([^\]]*)\]", body):
            inner = match.group(1).strip()
            found = _CONDITION.fullmatch(inner)
            if found:
                condition = (found.group(1), float(found.group(2)))
            elif not _COLOR.fullmatch(inner):
                break
            body = body[match.end() :]
        sections.append(_Section(body, condition))
    return tuple(sections)


def _format_text(text: str, sections: tuple[_Section, ...]) -> str:
    if len(sections) >= 4:
        section = sections[3]
    elif sections[-1].is_text:  # a lone "@" section, or a final text section
        section = sections[-1]
    else:
        return text
    return "".join(text if kind == "@" else piece for kind, piece in _number_tokens(section.body))


def _format_number(number: float, sections: tuple[_Section, ...], locale: Locale) -> str:
    numeric = sections[:3] if len(sections) >= 4 else sections
    if len(numeric) >= 2 and numeric[-1].is_text:
        numeric = numeric[:-1]
    if any(section.condition for section in numeric[:2]):
        for section in numeric[:2]:
            if section.condition and section.matches(number):
                return _render(number, section, locale, signed=True)
        if len(numeric) >= 3:
            return _render(number, numeric[2], locale, signed=True)
        return format_general(number, locale)
    if len(numeric) == 1 or number > 0 or (number == 0 and len(numeric) == 2):
        return _render(number, numeric[0], locale, signed=len(numeric) == 1)
    if number < 0:
        return _render(-number, numeric[1], locale, signed=False)
    return _render(number, numeric[2], locale, signed=False)


def _render(number: float, section: _Section, locale: Locale, *, signed: bool) -> str:
    if section.body.strip().lower() == "general":
        return format_general(number if signed else abs(number), locale)
    if section.is_text and not section.is_date:
        return format_general(number, locale)
    if section.is_date:
        return format_date(number, section.body, locale)
    return _render_digits(number, section.body, locale, signed=signed)


def _number_tokens(body: str) -> list[tuple[str, str]]:
    """Split a section into (kind, text) tokens: quoted text, escapes and single characters."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == '"':
            end = body.find('"', i + 1)
            end = len(body) if end < 0 else end
            tokens.append(("lit", body[i + 1 : end]))
            i = end + 1
        elif char in "\\_*" and i + 1 < len(body):
            tokens.append(("lit", {"\\": body[i + 1], "_": " ", "*": ""}[char]))
            i += 2
        elif char in "eE" and body[i + 1 : i + 2] in ("+", "-"):
            tokens.append(("exp", body[i : i + 2]))
            i += 2
        else:
            kind = {"0": "digit", "#": "digit", "?": "digit", ".": "point", ",": "comma"}.get(
                char, "@" if char == "@" else "%" if char == "%" else "lit"
            )
            tokens.append((kind, char))
            i += 1
    return tokens


# --- numbers ------------------------------------------------------------------------------


def _render_digits(number: float, body: str, locale: Locale, *, signed: bool) -> str:
    tokens = _number_tokens(body)
    kinds = [kind for kind, _ in tokens]
    if "digit" not in kinds:  # a section of literals only, such as "HIGH", hides the number
        return "".join(text for kind, text in tokens if kind in ("lit", "%", "point", "comma"))
    if "point" in kinds and "digit" not in kinds[: kinds.index("point")]:
        tokens.insert(kinds.index("point"), ("digit", "#"))  # ".00" still shows whole units
        kinds.insert(kinds.index("point"), "digit")
    end = kinds.index("exp") if "exp" in kinds else len(tokens)
    point = kinds.index("point") if "point" in kinds[:end] else end
    grouping, scale = _commas(kinds, point, end)
    value = abs(number) * 100 ** kinds.count("%") / 1000**scale
    int_slots = [i for i in range(point) if kinds[i] == "digit"]
    frac_slots = [i for i in range(point, end) if kinds[i] == "digit"]
    exp_slots = [i for i in range(end, len(tokens)) if kinds[i] == "digit"]
    exponent = 0
    if end < len(tokens):
        value, exponent = _scientific(value, len(int_slots), len(frac_slots))
    rounded = _round(value, len(frac_slots))
    whole, _, fraction = f"{rounded:f}".partition(".")
    out = {i: "" for i in int_slots + frac_slots + exp_slots}
    holders = [text for _, text in tokens]
    _place_integer(out, whole.lstrip("0"), int_slots, holders, grouping, locale)
    _place_fraction(out, fraction, frac_slots, holders)
    if exp_slots:
        zeros = max(1, [holders[i] for i in exp_slots].count("0"))
        out[exp_slots[0]] = str(abs(exponent)).rjust(zeros, "0")
    pieces = []
    for i, (kind, text) in enumerate(tokens):
        if i in out:
            pieces.append(out[i])
        elif kind == "point":
            pieces.append(locale.decimal_separator if i == point else text)
        elif kind == "exp":
            pieces.append(text[0] + ("-" if exponent < 0 else "+" if text[1] == "+" else ""))
        elif kind in ("lit", "%") or (kind == "comma" and i >= end):
            pieces.append(text)
    negative = signed and number < 0 and rounded != 0
    return ("-" if negative else "") + "".join(pieces)


def _commas(kinds: list[str], point: int, end: int) -> tuple[bool, int]:
    """Read the commas: between integer digits they group; after the last digit they scale."""
    grouping, scale = False, 0
    for i, kind in enumerate(kinds[:end]):
        if kind != "comma":
            continue
        later = [k for k in kinds[i + 1 : end] if k != "comma"]
        if later and later[0] == "digit" and i < point and "digit" in kinds[:i]:
            grouping = True
        elif "digit" not in kinds[i + 1 : end]:
            scale += 1
    return grouping, scale


def _scientific(value: float, int_digits: int, frac_digits: int) -> tuple[float, int]:
    """Split a value into mantissa and exponent; the exponent is a multiple of int_digits."""
    if not value:
        return value, 0
    step = max(1, int_digits)
    exponent = Decimal(repr(value)).adjusted() // step * step
    if _round(value / 10**exponent, frac_digits) >= 10**step:
        exponent += step
    return value / 10**exponent, exponent


def _place_integer(
    out: dict[int, str],
    whole: str,
    slots: list[int],
    holders: list[str],
    grouping: bool,
    locale: Locale,
) -> None:
    """Fill the integer placeholders: surplus digits go to the first, missing ones by 0 # ?."""
    if not slots:
        return
    marks = [holders[i] for i in slots]
    if grouping:
        zeros = len(marks) - marks.index("0") if "0" in marks else 0
        digits = whole.rjust(zeros, "0")
        groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
        out[slots[0]] = locale.grouping_separator.join(groups)
        return
    extra = max(0, len(whole) - len(slots))
    padded = whole.rjust(len(slots), " ")
    for n, (slot, mark) in enumerate(zip(slots, marks, strict=True)):
        digit = (padded[n + extra] if n else padded[: extra + 1]).strip()
        out[slot] = digit or {"0": "0", "?": " ", "#": ""}[mark]


def _place_fraction(
    out: dict[int, str], fraction: str, slots: list[int], holders: list[str]
) -> None:
    """Fill the decimal placeholders, dropping trailing zeros that # and ? make optional."""
    trimming = True
    for slot, digit in reversed(list(zip(slots, fraction, strict=False))):
        if trimming and digit == "0" and holders[slot] != "0":
            out[slot] = " " if holders[slot] == "?" else ""
            continue
        trimming = False
        out[slot] = digit
