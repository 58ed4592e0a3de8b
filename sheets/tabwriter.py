"""Plan the write that brings every managed tab up to date: one batchUpdate, or nothing.

A tab is rewritten only when its content differs from what the read saw: its layout
fingerprint (kept in the description of its warning-only protection) or its values.

Every write also swaps the protection of a "lock" tab (delete by id, add anew): if two
syncs race, the second batch names a protection that no longer exists, Google rejects
the whole batch, and no tab ends up mixing two runs.

Google refuses a request body over 10 MiB. A write whose JSON exceeds ``BATCH_BUDGET``
(a first sync of a big sheet) is split into several batchUpdates, sent in order, each
holding whole tabs (a tab is never split, so it is always entirely from one run) and
each guarded by the lock: the first batch swaps the protection ids the read saw (or
rewrites or adds the lock tab itself, which is why the lock tab always goes in the
first batch); every later batch swaps the protection the previous batch's
``addProtectedRange`` reply created (see :meth:`WritePlan.body`). A run that lost a race
between two of its batches leaves the tabs of its earlier batches whole; it reads again
and rewrites what differs. A tab whose own requests exceed the budget is an error.
"""

from __future__ import annotations

import itertools
import math
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from service.errors import SheetContentError, SheetsError

from .tabkeys import Deferred
from .tabrequests import add_sheet, encode, fill, protect, replace
from .tabs import CellData, TabContent, forget_cells
from .workbook import Tab, Workbook, cell_json, lines_digest

# "[ispeed-report <content fingerprint>]", then (since the input keys) " <input key>
# <values digest>", then (once a read has seen them) " <read digest>" before the
# bracket: see ``tabkeys``.
_FINGERPRINT = re.compile(
    r"\[ispeed-report ([0-9a-f]{16})(?: ([0-9a-f]{16}) ([0-9a-f]{16})(?: ([0-9a-f]{16}))?)?\]"
)
# Bytes of tab requests per batchUpdate: Google's limit is 10 MiB (10,485,760 bytes); the
# rest is room for the envelope, the lock swap and fresh descriptions (a few kilobytes).
BATCH_BUDGET = 9 * 1024 * 1024


@dataclass
class TabWrite:
    """The requests that write one tab, and their JSON (comma-separated, as sent)."""

    title: str
    requests: list[dict[str, Any]]
    body: bytes


@dataclass
class WritePlan:
    """What a run writes: each changed tab's requests, grouped into batchUpdates.

    ``batches`` is empty when nothing changed, one batch normally, several only when
    one would exceed ``BATCH_BUDGET``; send them in order with :meth:`body`.
    """

    tabs: list[TabWrite] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    batches: list[list[TabWrite]] = field(default_factory=list)
    lock_swap: list[dict[str, Any]] = field(default_factory=list)  # in the first batch
    lock_sheet_id: int | None = None
    # New digests for the descriptions of unchanged tabs whose digests were stale; sent
    # with the first batch, only when there is one (they alone never cause a write).
    touch_ups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Return every request in order, as one batch (with the first batch's lock swap)."""
        return [r for tab in self.tabs for r in tab.requests] + self.touch_ups + self.lock_swap

    def body(self, index: int, previous_reply: dict[str, Any] | None = None) -> bytes:
        """Return the JSON body of batch ``index``, its lock swap included.

        The first batch also carries the fresh descriptions of unchanged tabs (``touch_ups``).

        From the second batch on, the lock swap deletes the lock tab's protections that the
        previous batch created, by the ids in that batch's reply (``previous_reply``).
        """
        if index == 0:
            guard = self.touch_ups + self.lock_swap
        else:
            guard = swap_after(previous_reply or {}, self.lock_sheet_id)
            if not guard and self.lock_sheet_id is not None:
                # Never send a later batch unguarded: a racing run could then mix tabs.
                raise SheetsError(
                    f"the reply to batch {index} of {len(self.batches)} names no protection "
                    "of the lock tab; the remaining batches were not sent",
                    user_message=(
                        "Google Sheets trả lời không như dự kiến giữa hai lần ghi; lần đồng bộ "
                        "dừng lại, các trang đã ghi vẫn nguyên vẹn và lần sau sẽ ghi tiếp."
                    ),
                )
        parts = [tab.body for tab in self.batches[index]] + [encode(r) for r in guard]
        return b'{"requests":[' + b",".join(parts) + b"]}"

    def titles(self, index: int) -> list[str]:
        """Return the titles of the tabs batch ``index`` writes."""
        return [tab.title for tab in self.batches[index]]


def describe(
    content: TabContent, key: str | None = None, values: str | None = None, read: str | None = None
) -> str:
    """Return the protection description: the note for people plus the fingerprint.

    With an input ``key`` (see ``tabkeys``), the key and the digest of the tab's values
    follow the fingerprint: ``values``, or else the digest of the content's values; then
    the ``read`` digest of the tab's JSON, when a read has seen the tab hold them.
    """
    digests = [content.fingerprint()]
    if key is not None:
        digests += [key, values or _content_digest(content)]
        if read is not None:
            digests.append(read)
    return f"{content.protection or ''} {_marks(digests)}".strip()


def _marks(digests: list[str]) -> str:
    """Return the service's marks as a description holds them (``_FINGERPRINT``)."""
    return f"[ispeed-report {' '.join(digests)}]"


def stored_fingerprint(tab: Tab) -> str | None:
    """Return the fingerprint a previous run left in the tab's protection, if any."""
    found = _stored(tab)
    return found[1].group(1) if found else None


def stored_digests(tab: Tab) -> tuple[str, str, str | None] | None:
    """Return the (input key, values digest, read digest or None) left in the tab, if any."""
    found = _stored(tab)
    if found is None or found[1].group(2) is None:
        return None
    return found[1].group(2), found[1].group(3), found[1].group(4)


def up_to_date(tab: Tab, key: str | None) -> bool:
    """Return True when the tab's stored digests say it holds what ``key`` makes.

    The JSON of the tab exactly as a read saw it holding its values (the read digest,
    stored in the tab or seen by this process) answers without decoding it; otherwise
    its values are digested. A tab stored with another key is not looked at here.
    """
    if key is None:
        return False
    stored = stored_digests(tab)
    if stored is None or stored[0] != key:
        # Built and compared (``unchanged``): when its content is new, as it almost always
        # is then, the tab is rewritten without ever being decoded.
        return False
    read = tab.read_digest()
    if read is not None and (stored[2] == read or (key, stored[1], read) in _SEEN_READS):
        return True
    values = tab.values_digest()
    if stored[1] != values:
        return False
    if read is not None:
        if len(_SEEN_READS) >= _SEEN_READS_LIMIT:
            _SEEN_READS.clear()
        _SEEN_READS.add((key, values, read))
    return True


# The read digests this process saw holding a tab's stored values, with its input key and
# values digest: a later run of the process whose read of the tab has the same bytes knows
# it without decoding, before the next write stores that digest in the tab itself.
_SEEN_READS: set[tuple[str, str, str]] = set()
_SEEN_READS_LIMIT = 10_000  # a spreadsheet has a few dozen managed tabs


def forget_reads() -> None:
    """Forget the read digests seen, as a fresh process knows none."""
    _SEEN_READS.clear()


def _stored(tab: Tab) -> tuple[dict[str, Any], re.Match[str]] | None:
    """Return the protection holding the service's marks, and the marks, if any."""
    for protection in tab.protections:
        match = _FINGERPRINT.search(str(protection.get("description", "")))
        if match:
            return protection, match
    return None


def plan(
    workbook: Workbook,
    contents: list[TabContent | Deferred],
    *,
    lock_title: str,
    insert_after: str | None = None,
    budget: int | None = None,
) -> WritePlan:
    """Return the requests that make the managed tabs equal to ``contents``, in batches.

    New tabs are added after ``insert_after`` (when it exists) or at the end. When nothing
    differs the plan is empty and the caller writes nothing. ``budget`` is the most bytes
    of tab requests one batch may hold (``BATCH_BUDGET`` when None). A :class:`Deferred`
    content is built only when its tab's stored digests do not show it up to date.
    Planning is a run's last look at its cells: the cells its layouts shared, and what was
    worked out about them, are forgotten afterwards, so that none outlives the run.
    """
    try:
        out = _plan(workbook, contents, lock_title, insert_after)
        out.batches = _batches(out.tabs, lock_title, BATCH_BUDGET if budget is None else budget)
        return out
    finally:
        forget_cells()
        _PLAINS.clear()
        _JSONS.clear()


def _plan(
    workbook: Workbook,
    contents: list[TabContent | Deferred],
    lock_title: str,
    insert_after: str | None,
) -> WritePlan:
    """Return the plan's tabs and lock (see ``plan``), not yet in batches."""
    out = WritePlan()
    used = set(workbook.used_sheet_ids())
    anchor = workbook.tab(insert_after) if insert_after else None
    next_index = anchor.index + 1 if anchor else len(workbook.tabs)
    lock = workbook.tab(lock_title)
    out.lock_sheet_id = lock.sheet_id if lock is not None else None
    renamed: dict[int, str] = {}  # protection id -> description with fresh digests
    for item in contents:
        tab = workbook.tab(item.title)
        key = item.key if isinstance(item, Deferred) else None
        if tab is not None and up_to_date(tab, key):
            out.unchanged.append(item.title)
            renamed.update(_learned_read(tab))
            continue
        content = item.make() if isinstance(item, Deferred) else item
        if tab is not None and unchanged(tab, content):
            out.unchanged.append(content.title)
            if key is not None:
                renamed.update(_fresh_description(tab, content, key))
            continue
        out.written.append(content.title)
        if tab is None:
            sheet_id = _new_sheet_id(used)
            requests = [add_sheet(content, sheet_id, next_index), *fill(content, sheet_id)]
            next_index += 1
            if content.protection is not None:
                requests.append(protect(sheet_id, describe(content, key)))
            if content.title == lock_title:
                out.lock_sheet_id = sheet_id
        else:
            requests = replace(tab, content, describe(content, key))
        body = b",".join(encode(request) for request in requests)
        out.tabs.append(TabWrite(content.title, requests, body))
    if out.tabs and lock is not None and lock.title not in out.written:
        out.lock_swap = [
            r
            for p in lock.protections
            for r in _swap(lock.sheet_id, _renamed(p, renamed.pop(p["protectedRangeId"], None)))
        ]
    if out.tabs:  # fresh digests ride along with a write, never cause one
        out.touch_ups = [_describe_anew(pid, text) for pid, text in renamed.items()]
    return out


def _fresh_description(tab: Tab, content: TabContent, key: str) -> dict[int, str]:
    """Return {protection id: description} when an unchanged tab's digests are stale.

    The tab holds ``content`` (its fingerprint, and values equal but for volatile cells),
    so its description may take the new key, with the digest of the values as read: the
    ones the next run will read.
    """
    found = _stored(tab)
    description = describe(content, key, tab.values_digest(), tab.read_digest())
    if found is None or found[0].get("description") == description:
        return {}
    return {found[0]["protectedRangeId"]: description}


def _learned_read(tab: Tab) -> dict[int, str]:
    """Return {protection id: description} when an up-to-date tab lacks its read digest.

    The tab was recognised by its values digest: the JSON this read returned holds them,
    so its digest may join the marks, and the next run need not decode the tab.
    """
    found = _stored(tab)
    read = tab.read_digest()
    if found is None or read is None or found[1].group(4) == read:
        return {}
    protection, match = found
    marks = _marks([match.group(1), match.group(2), match.group(3), read])
    text = str(protection.get("description", ""))
    return {protection["protectedRangeId"]: text[: match.start()] + marks + text[match.end() :]}


def _renamed(protection: dict[str, Any], description: str | None) -> dict[str, Any]:
    """Return the protection with a new description (itself when there is none)."""
    return protection if description is None else {**protection, "description": description}


def _describe_anew(protection_id: int, description: str) -> dict[str, Any]:
    """Return the request that changes only a protection's description."""
    protected = {"protectedRangeId": protection_id, "description": description}
    return {"updateProtectedRange": {"protectedRange": protected, "fields": "description"}}


def _batches(tabs: list[TabWrite], lock_title: str, budget: int) -> list[list[TabWrite]]:
    """Group the tabs into batches of at most ``budget`` bytes, in order, never splitting one.

    The tabs up to the lock tab (when it is written) go together in the first batch: later
    batches swap the lock protection it leaves.
    """
    lock_at = next((i for i, tab in enumerate(tabs) if tab.title == lock_title), -1)
    groups = [tabs[: lock_at + 1]] if lock_at >= 0 else []
    groups += [[tab] for tab in tabs[lock_at + 1 :]]
    batches: list[list[TabWrite]] = []
    room = 0
    for group in groups:
        size = sum(len(tab.body) + 1 for tab in group)
        if size > budget:
            raise _too_big(group, size, budget)
        if batches and size <= room:
            batches[-1].extend(group)
            room -= size
        else:
            batches.append(list(group))
            room = budget - size
    return batches


def _too_big(group: list[TabWrite], size: int, budget: int) -> SheetContentError:
    """Return the error for tabs whose requests cannot go in one batchUpdate."""
    titles = ", ".join(repr(tab.title) for tab in group)
    largest = max(group, key=lambda tab: len(tab.body)).title
    return SheetContentError(
        f"the requests that write tab(s) {titles} take {size:,} bytes of JSON, more than the "
        f"{budget:,} bytes one batchUpdate may carry (Google refuses request bodies over "
        "10,485,760 bytes). A tab is never split across batchUpdates, so that a racing sync "
        "cannot leave it half written; make this tab's content smaller (fewer rows or "
        "months, formats shared by more cells) or write it in several tabs.",
        user_message=(
            f"Trang “{largest}” quá lớn để Google Sheets nhận trong một lần ghi (giới hạn 10 MB). "
            "Hãy báo cho người phụ trách kỹ thuật."
        ),
    )


def unchanged(tab: Tab, content: TabContent) -> bool:
    """Return True when a tab already holds exactly this content (volatile cells aside)."""
    if content.protection is not None and stored_fingerprint(tab) != content.fingerprint():
        return False
    return _values_match(tab.values, content)


def _values_match(values: list[list[Any]], content: TabContent) -> bool:
    """Compare a tab's effective values with the content's values.

    A row equal to the content's plain values matches as a whole (equal values are the
    same values; empty cells at the end of a row are absent from a read, so they are left
    out on both sides); any other row, and a row with volatile cells, is compared cell by
    cell.
    """
    volatile_rows = {r for r, _ in content.volatile}
    pairs = itertools.zip_longest(values, content.rows, fillvalue=[])
    for r, (have, want) in enumerate(pairs):
        if r not in volatile_rows and _without_trailing_none(have) == _plain_row(want):
            continue
        if not _row_matches(r, have, want, content.volatile):
            return False
    return True


def _row_matches(
    r: int, have: list[Any], want: list[CellData], volatile: frozenset[tuple[int, int]]
) -> bool:
    """Compare one row cell by cell, numbers with a tolerance, volatile cells left out."""
    for c in range(max(len(have), len(want))):
        if (r, c) in volatile:
            continue
        current = have[c] if c < len(have) else None
        desired = _plain(want[c]) if c < len(want) else None
        if not _same(current, desired):
            return False
    return True


# The plain value of each cell seen, by id; the entry holds the cell, so its id stays its own.
# Cells of a Style recur in every month and every run (CellData is read-only once built).
_PLAINS: dict[int, tuple[CellData, Any]] = {}
_PLAINS_LIMIT = 300_000


def _plain_row(row: list[CellData]) -> list[Any]:
    """Return the plain values of a row of cells, without the empty ones at its end."""
    if len(_PLAINS) > _PLAINS_LIMIT:
        _PLAINS.clear()
    return _without_trailing_none([(_PLAINS.get(id(d)) or _remember_plain(d))[1] for d in row])


# The cell_json of each cell seen, by id, as _PLAINS (and forgotten with it).
_JSONS: dict[int, tuple[CellData, bytes]] = {}


def _content_digest(content: TabContent) -> str:
    """Return the values digest of what a content writes (``workbook.values_digest``)."""
    if len(_JSONS) > _PLAINS_LIMIT:
        _JSONS.clear()
    jsons = _JSONS
    return lines_digest(
        [[(jsons.get(id(d)) or _remember_json(d))[1] for d in row] for row in content.rows]
    )


def _remember_json(data: CellData) -> tuple[CellData, bytes]:
    """Return (and remember) a cell with the JSON of its plain value."""
    found = _JSONS[id(data)] = (data, cell_json(_plain(data)))
    return found


def _without_trailing_none(values: list[Any]) -> list[Any]:
    """Return the values without the None values at their end (the list itself if none)."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values if end == len(values) else values[:end]


def _remember_plain(data: CellData) -> tuple[CellData, Any]:
    """Return (and remember) a cell with its plain value."""
    found = _PLAINS[id(data)] = (data, _plain(data))
    return found


def _plain(data: CellData) -> Any:
    """Return the value a CellData writes, as a read would see it."""
    value = data.get("userEnteredValue") or {}
    if "stringValue" in value:
        return value["stringValue"] or None
    if "numberValue" in value:
        return float(value["numberValue"])
    if "boolValue" in value:
        return value["boolValue"]
    return None


def _same(current: Any, desired: Any) -> bool:
    """Compare two cell values, numbers with a tolerance for float round trips."""
    if isinstance(current, str) and not current:
        current = None
    if isinstance(current, float) and isinstance(desired, float):
        return math.isclose(current, desired, rel_tol=1e-9, abs_tol=1e-9)
    return current == desired


_MIN_SHEET_ID = 1_000_000_000


def _new_sheet_id(used: set[int]) -> int:
    """Return a random sheet id not in use (and remember it).

    Always ten digits (Google's ids are below 2**31), so that a plan's size in bytes, and
    therefore how it is split into batches, does not depend on the draw.
    """
    while True:
        candidate = _MIN_SHEET_ID + secrets.randbelow(2**31 - 1 - _MIN_SHEET_ID)
        if candidate not in used:
            used.add(candidate)
            return candidate


def _swap(sheet_id: int, protection: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the compare-and-swap of one lock protection: delete it by id, add it anew."""
    added = protect(
        sheet_id,
        str(protection.get("description", "")),
        bool(protection.get("warningOnly", True)),
    )
    added["addProtectedRange"]["protectedRange"]["range"] = {
        **protection.get("range", {}),
        "sheetId": sheet_id,
    }
    return [{"deleteProtectedRange": {"protectedRangeId": protection["protectedRangeId"]}}, added]


def swap_after(reply: dict[str, Any], lock_sheet_id: int | None) -> list[dict[str, Any]]:
    """Return the lock swap of the batch after one whose batchUpdate answered ``reply``.

    The protections that batch added to the lock tab (its lock swap, or the lock tab's own
    protection when it was rewritten or added) are the lock now; the reply of each
    ``addProtectedRange`` names its new id.
    """
    requests: list[dict[str, Any]] = []
    if lock_sheet_id is None:
        return requests
    for answer in reply.get("replies", []):
        added = (answer or {}).get("addProtectedRange", {}).get("protectedRange")
        if added and int(added.get("range", {}).get("sheetId", 0)) == lock_sheet_id:
            requests.extend(_swap(lock_sheet_id, added))
    return requests
