"""Replay real recorded Google Sheets traffic against the emulator and score the answers.

The recordings (``cassettes/``, from gspread's test suite, MIT) hold what gspread sent
to Google and what Google answered. Each cassette is replayed in order against a fresh
emulator: ids Google chose at random (spreadsheets, sheets, named and protected ranges)
are learned from the answers and mapped onto the emulator's in later requests, then
status codes and JSON bodies are compared. The score counts Sheets exchanges only;
Drive exchanges are replayed because later Sheets calls depend on them.

Run ``python -m tests.conformance.replay`` for the full report.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec
import requests

CASSETTES = Path(__file__).parent / "cassettes"
SHEETS_HOST = "sheets.googleapis.com"
ID_KEYS = {"sheetId", "sourceSheetId", "newSheetId", "namedRangeId", "protectedRangeId"}
SPREADSHEET_ID = re.compile(r"\b1[A-Za-z0-9_-]{43}\b")
EMAIL = re.compile(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.iam\.gserviceaccount\.com")
TIMESTAMP_KEYS = {"createdTime", "modifiedTime"}

# Exchanges whose recorded answer depends on the recording account's other files: the
# emulator's Drive holds only what a cassette created, so these are not compared.
ACCOUNT_LISTINGS = {
    ("ClientTest.test_open_all_has_metadata.json", "files.list"),
    ("ClientTest.test_openall.json", "files.list"),
}

# Differences kept on purpose, by (cassette, interaction index): the README names them.
KNOWN_DIFFERENCES: dict[tuple[str, int], str] = {}


@dataclass
class Exchange:
    """The outcome of one replayed request."""

    cassette: str
    index: int
    method: str
    path: str
    sheets: bool
    status: str  # "match", "differ", "skip"
    detail: str = ""


@dataclass
class Report:
    """All outcomes, with the score over Sheets exchanges."""

    exchanges: list[Exchange] = field(default_factory=list)

    def sheets_compared(self) -> list[Exchange]:
        """Return the Sheets exchanges that were compared."""
        return [e for e in self.exchanges if e.sheets and e.status != "skip"]

    @property
    def matched(self) -> int:
        """Return how many Sheets exchanges matched."""
        return sum(1 for e in self.sheets_compared() if e.status == "match")

    @property
    def compared(self) -> int:
        """Return how many Sheets exchanges were compared."""
        return len(self.sheets_compared())

    @property
    def score(self) -> float:
        """Return matched / compared for Sheets exchanges."""
        return self.matched / self.compared if self.compared else 0.0

    def differences(self, *, sheets_only: bool = False) -> list[Exchange]:
        """Return the exchanges that differ."""
        return [e for e in self.exchanges if e.status == "differ" and (e.sheets or not sheets_only)]

    def text(self) -> str:
        """Return the human-readable report."""
        drive = [e for e in self.exchanges if not e.sheets and e.status != "skip"]
        drive_ok = sum(1 for e in drive if e.status == "match")
        sheets_skipped = sum(1 for e in self.exchanges if e.sheets and e.status == "skip")
        lines = [
            f"Sheets exchanges matched: {self.matched}/{self.compared} ({self.score:.1%}); "
            f"{sheets_skipped} more recorded Sheets exchanges skipped (reasons below)",
            f"Drive exchanges matched: {drive_ok}/{len(drive)} (replayed for state, not scored)",
        ]
        differ = self.differences()
        if differ:
            lines.append(f"Differences ({len(differ)}):")
            for e in differ:
                known = KNOWN_DIFFERENCES.get((e.cassette, e.index))
                tag = f" [known: {known}]" if known else ""
                lines.append(f"  {e.cassette}#{e.index} {e.method} {e.path}{tag}\n    {e.detail}")
        skipped = [e for e in self.exchanges if e.status == "skip"]
        if skipped:
            lines.append(f"Skipped ({len(skipped)}):")
            for e in skipped:
                lines.append(f"  {e.cassette}#{e.index} {e.method} {e.path}: {e.detail}")
        return "\n".join(lines)


class IdMap:
    """Ids Google chose, mapped one-to-one onto the ids the emulator chose."""

    def __init__(self) -> None:
        self.forward: dict[str, str] = {}
        self.backward: dict[str, str] = {}

    def bind(self, recorded: Any, actual: Any) -> bool:
        """Learn recorded -> actual; return False if it contradicts what is known."""
        r, a = str(recorded), str(actual)
        if r in self.forward:
            return self.forward[r] == a
        if a in self.backward:
            return self.backward[a] == r
        self.forward[r] = a
        self.backward[a] = r
        return True

    def text(self, value: str) -> str:
        """Replace every known recorded spreadsheet id inside a string."""
        return SPREADSHEET_ID.sub(lambda m: self.forward.get(m.group(0), m.group(0)), value)

    def request_json(self, value: Any, key: str | None = None) -> Any:
        """Rewrite a recorded request body for the emulator."""
        if isinstance(value, dict):
            return {k: self.request_json(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.request_json(v, key) for v in value]
        if key in ID_KEYS and value is not None and str(value) in self.forward:
            mapped = self.forward[str(value)]
            return int(mapped) if isinstance(value, int) else mapped
        if isinstance(value, str):
            return self.text(value)
        return value


def compare(recorded: Any, actual: Any, ids: IdMap, path: str = "$") -> str | None:
    """Return None when the bodies match (learning ids), else where they first differ."""
    if isinstance(recorded, dict) and isinstance(actual, dict):
        if set(recorded) != set(actual):
            missing = sorted(set(recorded) - set(actual))
            extra = sorted(set(actual) - set(recorded))
            return f"{path}: keys differ (missing {missing}, extra {extra})"
        for key in recorded:
            sub = f"{path}.{key}"
            if key in ID_KEYS or key in ("spreadsheetId", "id"):
                if not ids.bind(recorded[key], actual[key]):
                    return f"{sub}: id {recorded[key]!r} vs {actual[key]!r}"
                continue
            if key in TIMESTAMP_KEYS:
                if not (_is_time(recorded[key]) and _is_time(actual[key])):
                    return f"{sub}: {recorded[key]!r} vs {actual[key]!r}"
                continue
            problem = compare(recorded[key], actual[key], ids, sub)
            if problem:
                return problem
        return None
    if isinstance(recorded, list) and isinstance(actual, list):
        if len(recorded) != len(actual):
            return f"{path}: {len(recorded)} items vs {len(actual)}"
        for i, (r, a) in enumerate(zip(recorded, actual, strict=True)):
            problem = compare(r, a, ids, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(recorded, str) and isinstance(actual, str):
        expected = EMAIL.sub("<service-account>", ids.text(recorded))
        if expected != EMAIL.sub("<service-account>", actual):
            return f"{path}: {_short(recorded)} vs {_short(actual)}"
        return None
    numbers = (
        isinstance(recorded, int | float)
        and isinstance(actual, int | float)
        and not isinstance(recorded, bool)
        and not isinstance(actual, bool)
    )
    if recorded == actual and (numbers or type(recorded) is type(actual)):
        return None
    return f"{path}: {_short(recorded)} vs {_short(actual)}"


def _is_time(value: Any) -> bool:
    """Return True for an RFC 3339 timestamp with milliseconds, as Drive prints them."""
    return isinstance(value, str) and bool(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", value)
    )


def _short(value: Any) -> str:
    """Return a value for a report line, cut to a readable length."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def _body(part: dict[str, Any]) -> str | None:
    """Return the recorded body text of a request or response."""
    body = part.get("body")
    if isinstance(body, dict):
        body = body.get("string")
    return body or None


def _api_method(method: str, path: str) -> str:
    """Name the API method of a recorded request, for the skip list."""
    if (
        path.startswith("/drive/v3/files")
        and method == "GET"
        and path.rstrip("/") == ("/drive/v3/files")
    ):
        return "files.list"
    return f"{method} {path}"


def _foreign_private_ids(interactions: list[dict[str, Any]]) -> set[str]:
    """Return spreadsheet ids the cassette reads but never creates and Google refused (403)."""
    created: set[str] = set()
    private: set[str] = set()
    for it in interactions:
        text = _body(it["response"]) or ""
        for sid in SPREADSHEET_ID.findall(text):
            created.add(sid)
        if it["response"]["status"]["code"] == 403:
            for sid in SPREADSHEET_ID.findall(it["request"]["uri"]):
                if sid not in created:
                    private.add(sid)
    return private


def replay_cassette(base_url: str, path: Path, session: requests.Session) -> list[Exchange]:
    """Replay one cassette against a freshly reset emulator."""
    session.post(f"{base_url}/_emulator/reset", timeout=30).raise_for_status()
    data = json.loads(path.read_text(encoding="utf-8"))
    interactions = data["interactions"]
    for sid in _foreign_private_ids(interactions):
        session.post(
            f"{base_url}/_emulator/spreadsheets",
            json={"id": sid, "title": "someone else's", "private": True},
            timeout=30,
        ).raise_for_status()
    ids = IdMap()
    out: list[Exchange] = []
    for index, it in enumerate(interactions):
        request, response = it["request"], it["response"]
        parts = urlsplit(request["uri"])
        target = ids.text(parts.path)
        url = f"{base_url}{target}" + (f"?{ids.text(parts.query)}" if parts.query else "")
        is_sheets = parts.netloc == SHEETS_HOST
        method = request["method"]
        label = parts.path
        raw = _body(request)
        headers = {"Authorization": "Bearer conformance"}
        content_type = (request.get("headers", {}).get("Content-Type") or [None])[0]
        data_bytes: bytes | None = None
        if raw is not None:
            try:
                data_bytes = json.dumps(ids.request_json(json.loads(raw))).encode()
                headers["Content-Type"] = "application/json"
            except json.JSONDecodeError:
                data_bytes = raw.encode()
                if content_type:
                    headers["Content-Type"] = content_type
        answer = session.request(method, url, data=data_bytes, headers=headers, timeout=60)
        if (path.name, _api_method(method, parts.path)) in ACCOUNT_LISTINGS:
            out.append(
                Exchange(
                    path.name,
                    index,
                    method,
                    label,
                    is_sheets,
                    "skip",
                    "lists the recording account's older files",
                )
            )
            continue
        if _reads_older_file(request["uri"], response, ids):
            out.append(
                Exchange(
                    path.name,
                    index,
                    method,
                    label,
                    is_sheets,
                    "skip",
                    "opens a file of the recording account older than the recording",
                )
            )
            continue
        detail = _compare_answer(response, answer, ids)
        out.append(
            Exchange(
                path.name,
                index,
                method,
                label,
                is_sheets,
                "match" if detail is None else "differ",
                detail or "",
            )
        )
    return out


def _reads_older_file(uri: str, response: dict[str, Any], ids: IdMap) -> bool:
    """Return True when a request reads a spreadsheet this replay never created.

    gspread's ``openall`` opens every spreadsheet the recording account could see; Google
    answered with files made long before the recording, which no replay can recreate.
    """
    if not 200 <= response["status"]["code"] < 300:
        return False
    found = SPREADSHEET_ID.findall(uri)
    return bool(found) and any(sid not in ids.forward for sid in found)


def _compare_answer(recorded: dict[str, Any], answer: requests.Response, ids: IdMap) -> str | None:
    """Compare one recorded answer with the emulator's."""
    expected_status = recorded["status"]["code"]
    if answer.status_code != expected_status:
        return f"status {expected_status} vs {answer.status_code}: {_short(answer.text[:300])}"
    text = _body(recorded)
    if text is None:
        return None if not answer.content else f"body: none vs {_short(answer.text)}"
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        return None if text == answer.text else f"body: {_short(text)} vs {_short(answer.text)}"
    try:
        actual = answer.json()
    except ValueError:
        return f"body is not JSON: {_short(answer.text)}"
    difference = compare(expected, actual, ids)
    if difference is None and _google_layout(text.encode()) and not _google_layout(answer.content):
        return f"body not laid out as Google's (indented, final newline): {_short(answer.text)}"
    return difference


def _google_layout(body: bytes) -> bool:
    """Tell whether JSON is laid out as Google's answers are by default (no ``prettyPrint``)."""
    return body == msgspec.json.format(body, indent=2) + b"\n"


def replay_all(base_url: str, cassettes: list[Path] | None = None) -> Report:
    """Replay every cassette and return the report."""
    report = Report()
    with requests.Session() as session:
        for path in cassettes or sorted(CASSETTES.glob("*.json")):
            report.exchanges.extend(replay_cassette(base_url, path, session))
    return report


def main() -> int:
    """Start an emulator, replay everything, print the report."""
    from sheets.emulator.server import EmulatorServer

    with EmulatorServer() as server:
        report = replay_all(server.url)
    print(report.text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
