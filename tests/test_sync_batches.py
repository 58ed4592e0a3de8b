"""A first sync too big for one request: whole-tab batches, each guarded by the lock.

The emulator's request limit is lowered to 150 KB (Google's is 10 MiB) and the tab writer's
budget to 120 KB, so a sheet of 120 communes over six months (about 370 KB of requests)
needs several batchUpdates.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest

import jobs.sync
from service.errors import SheetsRequestRejected
from sheets import tabwriter
from sheets.layouts import KIEM_TRA, TINH_HINH_NOP, phu_luc_3_title
from tests.big_corpus import MONTHS, big_sheet
from tests.sync_corpus import RESPONSES, sync, syncs_at_once

LIMIT, BUDGET = 150_000, 120_000
UNITS = 120
# The fourth digest of "[ispeed-report <fingerprint> <key> <values> <read>]".
READ_DIGEST = re.compile(r"(?<=\[ispeed-report (?:[0-9a-f]{16} ){2}[0-9a-f]{16}) [0-9a-f]{16}\]$")
MANAGED = [TINH_HINH_NOP, KIEM_TRA, *(phu_luc_3_title(m) for m in reversed(MONTHS))]


@pytest.fixture
def small_requests(emulator, monkeypatch):
    """Lower Google's request limit in the emulator and the writer's budget under it."""
    emulator.faults.configure({"max_request_bytes": LIMIT})
    monkeypatch.setattr(tabwriter, "BATCH_BUDGET", BUDGET)


@pytest.fixture
def sent(monkeypatch):
    """Record every batchUpdate the sync sends: its body (decoded) and Google's reply."""
    exchanges: list[tuple[dict, dict]] = []
    post = jobs.sync.post_batch

    def recording(client, spreadsheet_id, body):
        assert len(body) <= LIMIT
        reply = post(client, spreadsheet_id, body)
        exchanges.append((json.loads(body), reply))
        return reply

    monkeypatch.setattr(jobs.sync, "post_batch", recording)
    return exchanges


def snapshot(spreadsheet) -> dict[str, object]:
    """Return every managed tab as read back: grid, merges, protections, values, formats.

    A read digest in a description (the JSON a read saw: ``tabwriter.up_to_date``) is left
    out: a run that found a tab up to date adds it with its next write.
    """
    meta = spreadsheet.fetch_sheet_metadata(
        {
            "includeGridData": "true",
            "fields": "sheets(properties(title,index,gridProperties),merges,"
            "protectedRanges(description,warningOnly),"
            "data(rowData(values(userEnteredValue,userEnteredFormat))))",
        }
    )
    out = {}
    for sheet in meta["sheets"]:
        props = sheet["properties"]
        if props["title"] not in MANAGED:
            continue
        merges = sorted(
            (m["startRowIndex"], m["endRowIndex"], m["startColumnIndex"], m["endColumnIndex"])
            for m in sheet.get("merges", [])
        )
        out[props["title"]] = (
            props["index"],
            props["gridProperties"],
            merges,
            [
                {**p, "description": READ_DIGEST.sub("]", p.get("description", ""))}
                for p in sheet.get("protectedRanges", [])
            ],
            sheet["data"][0].get("rowData"),
        )
    return out


def _titles(body: dict, ids: dict[int, str]) -> set[str]:
    """Return the tabs a batch writes: the titles it adds, and the tabs whose cells it sets."""
    titles = set()
    for request in body["requests"]:
        if "addSheet" in request:
            props = request["addSheet"]["properties"]
            ids[props["sheetId"]] = props["title"]
        if "updateCells" in request:
            titles.add(ids[request["updateCells"]["range"]["sheetId"]])
    return titles


_REFERENCE: dict[str, object] = {}


@pytest.fixture
def reference(client):
    """Return the managed tabs a single-batch first sync writes for the same sheet."""
    if not _REFERENCE:  # the same every time: same sheet, same 'now'
        spreadsheet = big_sheet(client, UNITS)
        assert sync(client, spreadsheet).writes == 1
        _REFERENCE.update(snapshot(spreadsheet))
    return dict(_REFERENCE)


def test_a_single_request_over_the_limit_is_refused(client, emulator, monkeypatch):
    spreadsheet = big_sheet(client, UNITS)
    emulator.faults.configure({"max_request_bytes": LIMIT})
    monkeypatch.setattr(tabwriter, "BATCH_BUDGET", 10 * LIMIT)  # as if nothing were split
    with pytest.raises(SheetsRequestRejected) as excinfo:
        sync(client, spreadsheet)
    assert f"Request payload size exceeds the limit: {LIMIT} bytes." in str(excinfo.value)
    assert emulator.faults.stats()["oversized_requests"] == 1


def test_a_first_sync_too_big_for_one_request_is_split_into_whole_tabs(
    client, emulator, reference, small_requests, sent
):
    spreadsheet = big_sheet(client, UNITS)
    emulator.faults.reset_stats()
    result = sync(client, spreadsheet)
    assert len(sent) >= 3
    assert (result.reads, result.writes) == (1, len(sent))
    assert emulator.faults.stats()["write"] == len(sent)
    assert result.written == MANAGED
    # Every tab is written by exactly one batch, in the order of the plan.
    ids: dict[int, str] = {}
    per_batch = [_titles(body, ids) for body, _ in sent]
    written = [title for titles in per_batch for title in sorted(titles, key=MANAGED.index)]
    assert written == MANAGED
    assert TINH_HINH_NOP in per_batch[0]  # the lock tab comes first
    lock_id = next(i for i, title in ids.items() if title == TINH_HINH_NOP)
    # Each later batch swaps the lock protection that the previous batch's reply named.
    for (_, reply), (after, _) in itertools.pairwise(sent):
        created = [
            answer["addProtectedRange"]["protectedRange"]
            for answer in reply["replies"]
            if "addProtectedRange" in (answer or {})
            and answer["addProtectedRange"]["protectedRange"]["range"]["sheetId"] == lock_id
        ]
        deleted = [
            r["deleteProtectedRange"]["protectedRangeId"]
            for r in after["requests"]
            if "deleteProtectedRange" in r
        ]
        added = [
            r["addProtectedRange"]["protectedRange"]
            for r in after["requests"]
            if "addProtectedRange" in r
            and r["addProtectedRange"]["protectedRange"]["range"]["sheetId"] == lock_id
        ]
        assert deleted == [p["protectedRangeId"] for p in created] and len(deleted) == 1
        assert [(p["range"], p["description"]) for p in added] == [
            ({"sheetId": lock_id}, created[0]["description"])
        ]
    assert snapshot(spreadsheet) == reference
    emulator.faults.reset_stats()
    assert sync(client, spreadsheet).writes == 0
    assert emulator.faults.stats().get("write", 0) == 0


def test_a_normal_sync_after_a_split_first_sync_is_one_batch(client, small_requests, sent):
    spreadsheet = big_sheet(client, UNITS)
    sync(client, spreadsheet)
    del sent[:]
    spreadsheet.worksheet(RESPONSES).update([[9]], "D2")  # one count of one report
    result = sync(client, spreadsheet)
    assert result.writes == 1 and len(sent) == 1
    assert set(result.written) == {phu_luc_3_title(MONTHS[0])}


def test_a_race_between_batches_leaves_whole_tabs_and_converges(
    client, reference, small_requests, monkeypatch
):
    spreadsheet = big_sheet(client, UNITS)
    post = jobs.sync.post_batch
    others: list[jobs.sync.SyncResult] = []

    def interrupted(client_, spreadsheet_id, body):
        reply = post(client_, spreadsheet_id, body)
        if not others:  # after the first batch of the first run, a whole other run
            monkeypatch.setattr(jobs.sync, "post_batch", post)
            others.append(sync(client, spreadsheet))
        return reply

    monkeypatch.setattr(jobs.sync, "post_batch", interrupted)
    result = sync(client, spreadsheet)
    # The other run found our first batch and wrote the rest; our second batch then
    # named a lock protection that no longer existed, and our fresh read found nothing to do.
    assert TINH_HINH_NOP in result.written
    assert others[0].writes >= 2
    assert sorted(others[0].written + result.written) == sorted(MANAGED)
    assert (result.reads, result.writes) == (2, 1)
    assert snapshot(spreadsheet) == reference
    assert sync(client, spreadsheet).writes == 0


def test_racing_split_first_syncs_never_mix_tabs(client, reference, small_requests):
    spreadsheet = big_sheet(client, UNITS)
    results, errors = syncs_at_once(client, spreadsheet)
    assert all(isinstance(err, SheetsRequestRejected) for err in errors)  # lost twice, cleanly
    assert all(
        "already exists" in str(err) or "protectedrange" in str(err).lower().replace(" ", "")
        for err in errors
    )
    assert results  # the run that committed last had no other commit since its read
    titles = [w.title for w in spreadsheet.worksheets()]
    assert len(titles) == len(set(titles))
    # Whatever the interleaving, every tab is whole: equal to the reference (tab order aside).
    written = snapshot(spreadsheet)
    assert sorted(written) == sorted(reference)
    assert all(written[title][1:] == reference[title][1:] for title in written)
    assert sync(client, spreadsheet).writes == 0
