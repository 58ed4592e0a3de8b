"""Numbers and colours printed the way Google's protobuf JSON prints them.

Google keeps colours at 8 bits a channel and prints them as 32-bit floats: a blue of 0.5
comes back as 0.49803922 (127/255). Components equal to zero are left out, so
``{"red": 1, "green": 0}`` prints as ``{"red": 1}``.
"""

from __future__ import annotations

import math
import struct
from typing import Any

_COLOR_KEYS = ("red", "green", "blue", "alpha")


def float32(value: float) -> float | int:
    """Return the shortest decimal that reads back as the same 32-bit float."""
    single = struct.unpack("f", struct.pack("f", float(value)))[0]
    if single == int(single) and abs(single) < 2**31:
        return int(single)
    for digits in range(6, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return float(text)
    return single


def color(value: dict[str, Any] | None) -> dict[str, Any]:
    """Return a Color with 32-bit components and zero components dropped."""
    out: dict[str, Any] = {}
    for key in _COLOR_KEYS:
        if value and value.get(key) not in (None, 0):
            # Google rounds halves down: 0.5 becomes 127/255, not 128/255.
            channel = math.ceil(min(max(float(value[key]), 0.0), 1.0) * 255 - 0.5) / 255
            if channel:
                out[key] = float32(channel)
    return out


def color_style(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return a ColorStyle normalised, or None when it is unset (``rgbColor: null``)."""
    if not value:
        return None
    if "themeColor" in value:
        return {"themeColor": value["themeColor"]}
    if value.get("rgbColor") is None:
        return None
    return {"rgbColor": color(value["rgbColor"])}


def normalize_colors(obj: Any) -> Any:
    """Return a format-like object with every Color and ColorStyle normalised."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for key, item in obj.items():
            if key.endswith("ColorStyle") or key == "colorStyle":
                style = color_style(item)
                if style is not None:
                    out[key] = style
            elif (key.endswith("Color") or key == "color") and isinstance(item, dict):
                out[key] = color(item)
            else:
                out[key] = normalize_colors(item)
        return out
    if isinstance(obj, list):
        return [normalize_colors(item) for item in obj]
    return obj
