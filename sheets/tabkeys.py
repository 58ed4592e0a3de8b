"""Recognise a managed tab that is already up to date without building its content.

Building a tab (its cells, then their fingerprint) and comparing it with the read is most
of a sync's time on a big sheet, yet almost every tab is unchanged on almost every run.
So when a tab is written, its protection's description keeps two short digests next to
the content fingerprint (see ``tabwriter.describe``):

- the **input key**: what the content was made from (a month's summary, the problems),
  together with the source of the code that lays contents out, so a new layout is never
  mistaken for the old one;
- the **values digest**: the values the write left in the tab.

A later run whose input key is the same and whose read of the tab has the same values
digest knows the tab holds exactly what it would write, and skips building it. Anything
else (a hand edit, new data, new code, a digest missing or from an older version) falls
back to building the content and comparing it cell by cell, so the digests can only
save time, never decide a write on their own.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from .tabs import TabContent
from .workbook import DIGEST_SIZE

# Every module whose code shapes what a layout builds from its input. A change to any of
# them (or of JUDGING_MODULES) changes every input key, and each tab is built and
# compared once again (a test checks that the list is exactly what ``sheets.layouts``
# imports, directly or not).
LAYOUT_MODULES = (
    "sheets.tabs",
    "sheets.layouts",
    "sheets.layouts_common",
    "sheets.layouts_checks",
    "sheets.layouts_phu_luc",
    "jobs.report",
    "jobs.periods",
    "jobs.remembered",  # the grid's columns of the last run (sheets.layouts_checks)
    "jobs.units",  # for the Đơn vị tab's name; it needs jobs.names
    "jobs.names",
)
# The modules that judge whether a tab is up to date: how a read becomes values and a
# digest, how a content is compared with it and described. Stricter rules in a new
# version must not trust digests stamped under the old ones.
JUDGING_MODULES = ("sheets.workbook", "sheets.tabwriter", "sheets.tabkeys")

_ENCODER = msgspec.json.Encoder()


@dataclass(frozen=True)
class Deferred:
    """A managed tab whose content is built only if the read does not show it up to date."""

    title: str
    key: str | None  # the input key; None when it cannot be known (then always built)
    make: Callable[[], TabContent]


def encode_input(value: Any) -> bytes:
    """Return the canonical bytes of a layout's input (records, dates, enums, numbers)."""
    return _ENCODER.encode(value)


def input_digest(value: Any) -> bytes:
    """Return the SHA-256 digest of ``encode_input(value)``, to stand for it in a key.

    A part kept for the next run costs 32 bytes instead of its encoding.
    """
    return hashlib.sha256(_ENCODER.encode(value)).digest()


def input_key(kind: str, parts: Iterable[bytes]) -> str | None:
    """Return the input key of a ``kind`` of tab made from ``parts``, None without the code.

    Each part is hashed with its length, so that no two different lists of parts give the
    same stream of bytes.
    """
    code = layout_code_digest()
    if code is None:
        return None
    digest = hashlib.sha256(code + kind.encode() + b"\0")
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()[:DIGEST_SIZE].hex()


def _source_digest(names: Iterable[str]) -> bytes | None:
    """Return a digest of the source files of modules, None when one cannot be read."""
    digest = hashlib.sha256()
    for name in names:
        spec = importlib.util.find_spec(name)
        path = spec.origin if spec is not None else None
        if not path or not path.endswith(".py"):
            return None
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            return None
    return digest.digest()


# Read once, as this module is imported with the rest of the code this process runs: a
# process that keeps running while newer files are installed must not stamp tabs with
# the newer code's digest.
_CODE_DIGEST = _source_digest(LAYOUT_MODULES + JUDGING_MODULES)


def layout_code_digest() -> bytes | None:
    """Return the digest of the code that makes and judges the tabs (None: unknown)."""
    return _CODE_DIGEST
