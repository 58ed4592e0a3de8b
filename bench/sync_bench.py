"""Benchmark one sync run (read, check, sum up, write) against the budgets of DESIGN.md §7.

For each size the emulator runs in its own process (its CPU is not counted), gets a vi_VN
spreadsheet with a ``Đơn vị`` tab and a responses tab (see ``sync_data``), and
``jobs.sync.run_sync`` runs in six situations, in this order (two of them in new
processes, each run ``--repeat`` times, below):

- ``first``: writes every managed tab;
- ``second``: finds nothing new, in a new process that has not seen this read (what a
  fresh process pays: the whole read, validation and summaries; the tabs are recognised as up
  to date by their stored digests, see ``sheets.tabkeys``, and not built);
- ``again``: the same read once more: the process remembers that the last run found
  nothing to write and returns its result (what the scheduler's routine runs pay);
- ``new row``: one response row was added (a resubmission of the same answers), in the
  same process: only that row's chunk of rows is decoded and checked (``jobs.row_outcomes``),
  the tabs the second run saw up to date are known by their JSON (``tabwriter.up_to_date``),
  and only Kiểm tra, the one tab it changes, is built and written (the others take the
  digest of their JSON with that write);
- ``new report``: a unit that had not reported the month due sends its answer, in the
  same process: what most answers do, so the routine run of a busy month. Its month's
  summary is made anew, and Tình hình nộp and that month's Phụ lục 3 are built and
  written; the grid takes every other month's column from the last run;
- ``later``: nothing new, in a new process once more: the routine state of a sheet
  that has been written more than once, where only the tabs the last write changed are
  decoded.

Then ``floor`` (``sync_floor``), in ``--repeat`` new processes too: not a sync, but the least
a new process's sync can cost with per-row records in CPython; ``later`` minus ``floor`` is
what name matching, the Đơn vị tab, Kiểm tra, the tabs' keys and the plan cost it.

Each is timed on its own (wall and process CPU time, peak RSS, Google requests from the
emulator's counters). ``second`` and ``later`` run in new processes, each started for that
one sync (``--repeat`` of them, 3 by default; the table shows the median by CPU, the log
every one): nothing is remembered and no cache is warm, as after a deploy or a restart;
their RSS is the whole process's peak. (The bench then syncs once more in its own process,
unmeasured, after forgetting what earlier runs left, so that ``again`` and the runs after
it are those of the process that saw ``second``.) ``later`` and ``first`` are then run
again under tracemalloc, in the bench's process, for the peak of Python allocations
(tracemalloc slows Python down, so it never runs during the timed runs; the first sync is
re-run only when the time limit allows, its write takes the emulator minutes at the large
size). Usage::

    .venv/bin/python bench/sync_bench.py [--sizes small,medium,large] [--time-limit 600]
    .venv/bin/python bench/sync_bench.py --sizes large --profile /tmp/prof  # cProfile files
    .venv/bin/python bench/sync_bench.py --repeat 5  # five fresh processes per fresh run
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import requests
import sync_data  # in bench/, next to this script
from emulator_bench import free_port
from sync_floor import floor_run

from forms.definition import BY_KEY, COUNT_KEYS
from jobs.names import strip_diacritics
from jobs.periods import Month
from jobs.sync import forget_earlier_runs, run_sync
from jobs.units import MONITORED_YES
from sheets.client import COMPACT_JSON, make_client
from sheets.layouts import DON_VI
from sheets.transport import GoogleTransport
from sheets.workbook import READ_FIELDS, gc_paused, parse_workbook

ROOT = Path(__file__).resolve().parent.parent

AUTH = {"Authorization": "Bearer bench"}
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RESPONSES_TAB = "Câu trả lời biểu mẫu 1"
SIZES = {"small": (9, 12), "medium": (500, 24), "large": (3321, 24)}
BUDGET_ROWS, BUDGET_CPU = 100_000, 2.0  # DESIGN §7: 100,000 rows under 2 s of compute
CHUNK = 10_000  # rows per values.update while filling
MIB = 2**20
GOOGLE_MAX_REQUEST = 10 * 2**20  # "Request payload size exceeds the limit: 10485760 bytes."


@dataclass
class Run:
    """The figures of one sync run."""

    wall: float
    cpu: float
    rss: float  # MiB, peak resident set during the run (whole process when not resettable)
    reads: int
    writes: int
    read_mb: float
    write_mb: float
    traced: float | None = None  # MiB, tracemalloc peak
    written: list[str] = field(default_factory=list)  # the tabs the run wrote
    largest: int = 0  # bytes of its largest request body


class Emulator:
    """``ispeed-report emulator --no-quotas`` in a child process, with the admin API."""

    def __init__(self) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        command = [sys.executable, "-m", "service.cli", "emulator", "--no-quotas"]
        self.process = subprocess.Popen(
            [*command, "--port", self.url.rsplit(":", 1)[1]],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.http = requests.Session()
        self.http.headers.update(AUTH)
        for _ in range(400):
            try:
                self.http.get(f"{self.url}/_emulator/health", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the emulator did not start")

    def stop(self) -> None:
        """End the child process."""
        self.process.terminate()
        self.process.wait(timeout=30)

    def call(self, method: str, path: str, **kwargs: object) -> dict:
        """Send one API request and return its JSON answer."""
        reply = self.http.request(method, f"{self.url}{path}", timeout=600, **kwargs)
        reply.raise_for_status()
        return reply.json() if reply.content else {}

    def counters(self) -> dict[str, int]:
        """Return the emulator's request counters."""
        return self.call("GET", "/_emulator/stats")

    def reset_counters(self) -> None:
        """Zero the request counters."""
        self.call("POST", "/_emulator/stats/reset")


def create_sheet(emulator: Emulator, sheet: sync_data.Sheet) -> str:
    """Create the vi_VN spreadsheet with the two office tabs filled; return its id."""
    tabs = [(DON_VI, sheet.units), (RESPONSES_TAB, sheet.responses)]
    body = {
        "properties": {"title": "Báo cáo i-Speed", "locale": "vi_VN", "timeZone": TZ.key},
        "sheets": [
            {"properties": {"title": title, "gridProperties": _grid(rows)}} for title, rows in tabs
        ],
    }
    created = emulator.call("POST", "/v4/spreadsheets", json=body)
    spreadsheet_id = created["spreadsheetId"]
    base = f"/v4/spreadsheets/{spreadsheet_id}"
    for title, rows in tabs:
        for start in range(0, len(rows), CHUNK):
            target = quote(f"'{title}'!A{start + 1}", safe="")
            block = {"values": rows[start : start + CHUNK]}
            emulator.call("PUT", f"{base}/values/{target}?valueInputOption=RAW", json=block)
    responses_id = created["sheets"][1]["properties"]["sheetId"]
    date_time = {"numberFormat": {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm:ss"}}
    column_a = {"sheetId": responses_id, "startRowIndex": 1, "startColumnIndex": 0}
    column_a["endColumnIndex"] = 1
    repeat = {
        "range": column_a,
        "cell": {"userEnteredFormat": date_time},
        "fields": "userEnteredFormat.numberFormat",
    }
    emulator.call("POST", f"{base}:batchUpdate", json={"requests": [{"repeatCell": repeat}]})
    return spreadsheet_id


def _grid(rows: list[list[object]]) -> dict[str, int]:
    """Return a grid just big enough for rows."""
    return {"rowCount": len(rows), "columnCount": max(len(row) for row in rows)}


def drop_managed_tabs(emulator: Emulator, spreadsheet_id: str) -> None:
    """Delete every tab but the office's two, so the next sync is a first sync again."""
    body = emulator.call("GET", f"/v4/spreadsheets/{spreadsheet_id}?fields=sheets.properties")
    doomed = [
        s["properties"].get("sheetId", 0)
        for s in body["sheets"]
        if s["properties"]["title"] not in (DON_VI, RESPONSES_TAB)
    ]
    reqs = [{"deleteSheet": {"sheetId": sheet_id}} for sheet_id in doomed]
    emulator.call("POST", f"/v4/spreadsheets/{spreadsheet_id}:batchUpdate", json={"requests": reqs})


def _reset_peak_rss() -> bool:
    """Reset the kernel's resident-set high-water mark (Linux 4.0+); False when not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@contextmanager
def _traffic(client: object) -> Iterator[list[int]]:
    """Count the bytes of request and response bodies on the client's session."""
    sizes = [0, 0, 0]  # sent, received, largest request body

    def hook(reply: requests.Response, *args: object, **kwargs: object) -> None:
        sent = len(reply.request.body or b"")
        sizes[0] += sent
        sizes[1] += len(reply.content)
        sizes[2] = max(sizes[2], sent)

    hooks = client.http_client.session.hooks["response"]  # type: ignore[attr-defined]
    hooks.append(hook)
    try:
        yield sizes
    finally:
        hooks.remove(hook)


def measure(
    emulator: Emulator, sync: Callable[[], object], *, traced: bool = False, profile: str = ""
) -> Run:
    """Run one sync and return its figures."""
    gc.collect()
    emulator.reset_counters()
    resettable = _reset_peak_rss()
    profiler = cProfile.Profile() if profile else None
    if traced:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    result = sync()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] / MIB if traced else None
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = emulator.counters()
    run = Run(wall, cpu, rss if resettable else -rss, counts.get("read", 0), 0, 0, 0, peak)
    run.writes = counts.get("write", 0)
    run.written = list(getattr(result, "written", []))
    return run


def bench_size(name: str, args: argparse.Namespace, started: float) -> dict[str, Run | int]:
    """Fill an emulator for one size and measure its first and second sync."""
    units, months = SIZES[name]
    print(f"[{name}] generating {units} units × {months} months ...", flush=True)
    sheet = sync_data.build(units, months)
    rows = len(sheet.responses) - 1
    new_row = sheet.responses[-1]  # sent once more: a resubmission, as units do
    new_report = first_report(sheet)  # a unit reports the month due for the first time
    emulator = Emulator()
    try:
        print(f"[{name}] writing {rows:,} response rows into the emulator ...", flush=True)
        spreadsheet_id = create_sheet(emulator, sheet)
        del sheet
        # The emulator needs minutes for the first write of the large size: wait for it.
        transport = GoogleTransport(emulator.url, timeout=(5, 3600))
        client = make_client(endpoint=emulator.url, token="bench", transport=transport)
        out: dict[str, Run | int] = {"rows": rows}
        with _traffic(client) as sizes:
            runner = _Runner(name, args, emulator, client, spreadsheet_id, sizes)
            out["first"] = runner.run("first")
            out["second"] = runner.run("second", fresh=True)
            out["again"] = runner.run("again")
            add_row(emulator, spreadsheet_id, new_row)
            out["new row"] = runner.run("new row")
            if new_report is not None:
                add_row(emulator, spreadsheet_id, new_report)
                out["new report"] = runner.run("new report")
            out["later"] = runner.run("later", fresh=True)
            out["floor"] = runner.floor()
            compare_layouts(name, emulator, spreadsheet_id)
            if not args.memory:
                return out
            traced = runner.run("later", traced=True, fresh=True).traced
            out["later"].traced = traced  # type: ignore[union-attr]
            first = out["first"]
            assert isinstance(first, Run)
            if time.monotonic() - started + 1.2 * first.wall > args.time_limit:
                print(
                    f"[{name}] no tracemalloc run of the first sync: it would pass the time limit"
                )
                return out
            drop_managed_tabs(emulator, spreadsheet_id)
            first.traced = runner.run("first", traced=True).traced
        return out
    finally:
        emulator.stop()


def _cpu(run: Run) -> float:
    """Return a run's CPU time (a sort key)."""
    return run.cpu


class _Runner:
    """Run and measure syncs of one spreadsheet."""

    def __init__(
        self,
        name: str,
        args: argparse.Namespace,
        emulator: Emulator,
        client: object,
        spreadsheet_id: str,
        sizes: list[int],
    ) -> None:
        self.name, self.args, self.emulator = name, args, emulator
        self.client, self.spreadsheet_id, self.sizes = client, spreadsheet_id, sizes

    def run(self, label: str, *, traced: bool = False, fresh: bool = False) -> Run:
        """Run one sync and return its figures (``fresh``: in new processes, see module)."""
        slug = label.replace(", ", "-").replace(" ", "-") + ("-traced" if traced else "")
        prof = f"{self.args.profile}/{self.name}-{slug}.prof" if self.args.profile else ""
        if fresh and not traced:
            run = self._fresh(label, prof)
            forget_earlier_runs()
            self._sync()  # this process sees the read too, for the runs that follow
            return run
        if fresh:
            forget_earlier_runs()
        print(f"[{self.name}] {label} sync{' (tracemalloc)' if traced else ''} ...", flush=True)
        run = measure(self.emulator, self._sync, profile=prof, traced=traced)
        sent, received, run.largest = self.sizes
        run.write_mb, run.read_mb = sent / 1e6, received / 1e6
        self._report_writes(run)
        return run

    def floor(self) -> Run:
        """Time the floor of a new process's sync (``sync_floor``) in ``--repeat`` processes."""
        return self._fresh("floor", "", floor=True)

    def _fresh(self, label: str, profile: str, *, floor: bool = False) -> Run:
        """Run one sync in each of ``--repeat`` new processes; return the median by CPU."""
        if profile:  # one more process, profiled: cProfile slows it, so it is not counted
            self._new_process(label, profile)
        runs = [self._new_process(label, "", floor=floor) for _ in range(self.args.repeat)]
        runs.sort(key=_cpu)
        print(
            f"[{self.name}] {label}: {len(runs)} new process{'es' if len(runs) > 1 else ''}, "
            f"cpu s / RSS MiB {', '.join(f'{run.cpu:.2f} / {run.rss:.0f}' for run in runs)}"
        )
        return runs[len(runs) // 2]

    def _new_process(self, label: str, profile: str, *, floor: bool = False) -> Run:
        """Run one sync (``floor``: its floor) in a new process and return its figures."""
        print(f"[{self.name}] {label} sync in a new process ...", flush=True)
        self.emulator.reset_counters()
        command = [sys.executable, __file__, "--floor-run" if floor else "--fresh-run"]
        done = subprocess.run(
            [*command, self.emulator.url, self.spreadsheet_id, *([] if floor else [profile])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the fresh {label} sync failed:\n{done.stderr}")
        run = Run(**json.loads(done.stdout.splitlines()[-1]))
        counts = self.emulator.counters()
        run.reads, run.writes = counts.get("read", 0), counts.get("write", 0)
        self._report_writes(run)
        return run

    def _report_writes(self, run: Run) -> None:
        """Print what a run wrote, and whether its largest request was within Google's limit."""
        if run.writes and len(run.written) <= 3:
            print(f"[{self.name}] wrote {', '.join(run.written)}")
        if run.writes:
            verdict = "over" if run.largest > GOOGLE_MAX_REQUEST else "within"
            print(
                f"[{self.name}] {run.writes} write request(s), the largest "
                f"{run.largest / 1e6:.1f} MB: {verdict} Google's limit of "
                f"{GOOGLE_MAX_REQUEST:,} bytes"
            )

    def _sync(self) -> object:
        """Run one sync."""
        return sync_once(self.client, self.spreadsheet_id, self.sizes)


def sync_once(client: object, spreadsheet_id: str, sizes: list[int]) -> object:
    """Run one sync of the benchmark's sheet, counting its traffic from zero in ``sizes``."""
    sizes[:] = [0, 0, 0]
    now = sync_data.NOW.replace(tzinfo=TZ)
    return run_sync(client, spreadsheet_id, tz=TZ, deadline_day=10, now=now)  # type: ignore[arg-type]


def _own_peak_rss() -> float:
    """Return this process's peak resident set in MiB (negative: an upper bound only).

    Not ``ru_maxrss``: Linux carries the peak of the process that started this one (the
    bench, hundreds of MiB) over into it. ``VmHWM`` is this program's own.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return -resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_run(url: str, spreadsheet_id: str, profile: str) -> int:
    """Run one sync in this new process and print its figures as JSON (``--fresh-run``).

    Only the sync is timed, not the imports; the RSS is this process's peak, imports and all.
    """
    transport = GoogleTransport(url, timeout=(5, 3600))
    client = make_client(endpoint=url, token="bench", transport=transport)
    with _traffic(client) as sizes:
        profiler = cProfile.Profile() if profile else None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        result = sync_once(client, spreadsheet_id, sizes)
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    figures = {"wall": wall, "cpu": cpu, "rss": _own_peak_rss(), "reads": 0, "writes": 0}
    figures |= {"write_mb": sizes[0] / 1e6, "read_mb": sizes[1] / 1e6, "largest": sizes[2]}
    figures["written"] = list(getattr(result, "written", []))
    print(json.dumps(figures))
    return 0


def floor_process(url: str, spreadsheet_id: str) -> int:
    """Time the floor of a sync in this new process and print its figures (``--floor-run``)."""
    transport = GoogleTransport(url, timeout=(5, 3600))
    client = make_client(endpoint=url, token="bench", transport=transport)
    figures = floor_run(client, spreadsheet_id, TZ)
    figures |= {"rss": _own_peak_rss(), "reads": 0, "writes": 0, "write_mb": 0.0, "largest": 0}
    print(json.dumps(figures))
    return 0


def compare_layouts(name: str, emulator: Emulator, spreadsheet_id: str) -> None:
    """Print the size and cost of the whole-workbook read, indented and compact.

    Google indents its JSON unless asked ``prettyPrint=false``, as the sync does. The cost
    is the process CPU time to receive the answer, digest it and decode every tab.
    """
    for layout, extra in (
        ("indented (Google's default)", {}),
        ("compact (prettyPrint=false)", COMPACT_JSON),
    ):
        gc.collect()
        cpu = time.process_time()
        reply = emulator.http.get(
            f"{emulator.url}/v4/spreadsheets/{spreadsheet_id}",
            params={"includeGridData": "true", "fields": READ_FIELDS, **extra},
            timeout=600,
        )
        reply.raise_for_status()
        body = reply.content
        hashlib.sha256(body).digest()
        with gc_paused():
            cells = sum(
                len(row) for tab in parse_workbook(spreadsheet_id, body).tabs for row in tab.values
            )
        cpu = time.process_time() - cpu
        print(
            f"[{name}] the read {layout}: {len(body) / 1e6:.1f} MB, {cells:,} cells,"
            f" received and decoded in {cpu:.2f} s CPU"
        )
        del reply, body


def add_row(emulator: Emulator, spreadsheet_id: str, row: list[object]) -> None:
    """Append one response row, as a form submission does."""
    target = quote(f"'{RESPONSES_TAB}'!A1", safe="")
    path = f"/v4/spreadsheets/{spreadsheet_id}/values/{target}:append?valueInputOption=RAW"
    emulator.call("POST", path, json={"values": [row]})


def first_report(sheet: sync_data.Sheet) -> list[object] | None:
    """Return the answer of a monitored unit that has not reported the month due, if any.

    Its month then changes on two tabs: the unit's status in Tình hình nộp and its row in
    that month's Phụ lục 3 (what most of a month's answers do). The answer is a clean
    one, sent after the deadline: Kiểm tra has nothing to add.
    """
    header = sheet.responses[0]
    at = {key: header.index(BY_KEY[key].title) for key in ("unit", "month", *COUNT_KEYS)}
    due = sync_data.months_before(1)[0]
    typed = [  # every way the month's answers name a unit (lower case, "UBND ...", ...)
        " ".join(strip_diacritics(str(row[at["unit"]])).lower().split())
        for row in sheet.responses[1:]
        if Month.parse_text(str(row[at["month"]])) in (due, None)
    ]
    name_at, tracked_at = sheet.units[0].index("Đơn vị"), sheet.units[0].index("Theo dõi")
    names = [row[name_at] for row in sheet.units[1:] if row[tracked_at] == MONITORED_YES]
    missing = [
        name for name in names if not any(strip_diacritics(name).lower() in text for text in typed)
    ]
    if not missing:
        return None
    answer = list(sheet.responses[-1])
    answer[0] = sync_data.serial(sync_data.NOW - timedelta(hours=1))
    answer[at["unit"]], answer[at["month"]] = missing[0], due.label()
    for number, key in enumerate(COUNT_KEYS, start=1):
        answer[at[key]] = float(number)
    return answer


def report(results: dict[str, dict[str, Run | int]]) -> None:
    """Print the figures and the ratios against the budgets."""
    head = f"{'size':<7}{'rows':>8} {'sync':<18}{'wall s':>8}{'cpu s':>7}{'/2s':>6}"
    head += f"{'/2s·rows':>9}{'py MiB':>8}{'RSS MiB':>8}{'reads':>6}{'writes':>7}"
    print("\n" + head + f"{'read MB':>8}{'write MB':>9}")
    for name, out in results.items():
        rows = out["rows"]
        assert isinstance(rows, int)
        scaled = BUDGET_CPU * rows / BUDGET_ROWS
        for label, run in out.items():
            if not isinstance(run, Run):
                continue
            traced = f"{run.traced:.0f}" if run.traced is not None else "-"
            rss = f"{run.rss:.0f}" if run.rss >= 0 else f"≤{-run.rss:.0f}"
            print(
                f"{name:<7}{rows:>8,} {label:<18}{run.wall:>8.2f}{run.cpu:>7.2f}"
                f"{run.cpu / BUDGET_CPU:>6.2f}{run.cpu / scaled:>9.2f}{traced:>8}{rss:>8}"
                f"{run.reads:>6}{run.writes:>7}{run.read_mb:>8.1f}{run.write_mb:>9.1f}"
            )
    print(
        "\nBudgets (DESIGN §7): 100,000 rows under 2 s of compute: /2s is cpu / 2 s, /2s·rows"
        " is cpu / (2 s × rows / 100,000); under 1.00 meets it. 1 read per sync; at most 1"
        " write, 0 when nothing changed. py MiB: tracemalloc peak (a separate run); RSS MiB:"
        " peak resident set of the bench's process during the timed run (whole process when"
        " the kernel does not let it be reset: ≤); second and later: the median by CPU of"
        " --repeat new processes, each one's whole peak; floor: the same, not a sync (see"
        " bench/sync_floor.py; its RSS includes its untimed lookups)."
    )
    for name, out in results.items():
        # The floor is no sync: its process reads twice (once untimed, for its lookups).
        runs = [
            (label, run) for label, run in out.items() if isinstance(run, Run) and label != "floor"
        ]
        ok = all(run.reads == 1 and run.writes <= 1 for _, run in runs)
        ok = ok and all(
            run.writes == 0 for label, run in runs if label in ("second", "again", "later")
        )
        split = [run for label, run in runs if label.startswith("first") and run.writes > 1]
        why = (
            f" (a first sync of {split[0].write_mb:.1f} MB is split into {split[0].writes}"
            " batchUpdates: one request would be over Google's 10 MiB limit)"
            if split
            else ""
        )
        print(f"  {name}: requests {'within budget' if ok else 'OVER BUDGET'}{why}")


def main() -> int:
    """Parse the options, run each size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large", help="comma-separated sizes")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds: skip the rest")
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="no tracemalloc")
    parser.add_argument("--profile", default="", help="directory for cProfile files (slower)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="new processes per fresh run (the median is shown)"
    )
    parser.add_argument("--fresh-run", nargs=3, help=argparse.SUPPRESS)  # url, id, profile
    parser.add_argument("--floor-run", nargs=2, help=argparse.SUPPRESS)  # url, id
    args = parser.parse_args()
    if args.fresh_run:
        return fresh_run(*args.fresh_run)
    if args.floor_run:
        return floor_process(*args.floor_run)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {', '.join(SIZES)}")
    if args.profile:  # absolute: the new processes of fresh runs start in the repository
        args.profile = os.path.abspath(args.profile)
        os.makedirs(args.profile, exist_ok=True)
    started = time.monotonic()
    results = {}
    for name in sizes:
        if time.monotonic() - started > args.time_limit:
            print(f"[{name}] skipped: past the time limit of {args.time_limit:.0f} s")
            continue
        results[name] = bench_size(name, args, started)
        print(f"[{name}] done at {time.monotonic() - started:.0f} s", flush=True)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
