"""Tests of the retrying, redirecting adapter against a scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import logging
import random
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from sheets.transport import (
    BODY_CHUNK,
    GoogleTransport,
    RetryPolicy,
    backoff_delay,
    retry_after_seconds,
)

NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
POLICY = RetryPolicy()


# ---------------------------------------------------------------- a scripted HTTP server


@dataclass
class Reply:
    """What the stub answers to one request."""

    status: int = 200
    body: bytes = b'{"ok": true}'
    headers: dict[str, str] = field(default_factory=dict)
    truncated: bool = False  # promise more bytes than sent, then close the connection
    hold: threading.Event | None = None  # wait for this before answering


@dataclass
class Seen:
    """One request as the stub received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StubServer

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        seen = Seen(
            self.command,
            self.path,
            {key.lower(): value for key, value in self.headers.items()},
            self.rfile.read(length),
        )
        reply = self.server.record(seen)
        if reply.hold is not None:
            reply.hold.wait(30)
        self.send_response_only(reply.status)
        headers = {"Date": self.date_time_string(), "Content-Type": "application/json"}
        headers.update(reply.headers)
        headers["Content-Length"] = str(len(reply.body) + (100 if reply.truncated else 0))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(reply.body)
        if reply.truncated:
            self.close_connection = True

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class StubServer(ThreadingHTTPServer):
    """An HTTP server answering scripted replies; the last reply repeats forever."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: list[Reply] = [Reply()]
        self.choose: Callable[[Seen], Reply] | None = None
        self.seen: list[Seen] = []
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def record(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            if self.choose is not None:
                return self.choose(seen)
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hung up (a timed-out request) instead of printing tracebacks."""


@pytest.fixture
def stub() -> Iterator[StubServer]:
    server = StubServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield server
    for reply in server.replies:
        if reply.hold is not None:
            reply.hold.set()
    server.shutdown()
    server.server_close()
    thread.join()


class FakeTime:
    """A clock that moves only when something sleeps, recording every sleep."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def open_sessions() -> Iterator[list[requests.Session]]:
    sessions: list[requests.Session] = []
    yield sessions
    for session in sessions:
        session.close()


@pytest.fixture
def make_session(
    stub: StubServer, fake_time: FakeTime, open_sessions: list[requests.Session]
) -> Callable[..., requests.Session]:
    """Return a factory of sessions whose Google hosts go to the stub through GoogleTransport."""

    def make(**kwargs: Any) -> requests.Session:
        options: dict[str, Any] = {
            "sleep": fake_time.sleep,
            "clock": fake_time.clock,
            "rng": lambda: 1.0,
        }
        options.update(kwargs)
        endpoint = options.pop("endpoint", stub.base_url)
        transport = GoogleTransport(endpoint, **options)
        session = requests.Session()
        session.mount("https://sheets.googleapis.com/", transport)
        session.mount("https://www.googleapis.com/", transport)
        open_sessions.append(session)
        return session

    return make


SHEETS_URL = "https://sheets.googleapis.com/v4/spreadsheets/abc"


def closed_port() -> int:
    """Return a local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- pure helpers


def test_backoff_delay_doubles_from_base_delay_until_max_delay() -> None:
    delays = [backoff_delay(attempt, POLICY, lambda: 1.0) for attempt in range(8)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 32.0]


def test_backoff_delay_scales_the_ceiling_by_the_injected_random_number() -> None:
    assert backoff_delay(3, POLICY, lambda: 0.25) == 1.0
    assert backoff_delay(3, POLICY, lambda: 0.0) == 0.0


def test_backoff_delay_stays_capped_for_huge_attempt_numbers() -> None:
    assert backoff_delay(10_000, POLICY, lambda: 1.0) == POLICY.max_delay


@given(attempt=st.integers(0, 500), draw=st.floats(0, 1, exclude_max=True))
def test_backoff_delay_lies_between_zero_and_its_ceiling(attempt: int, draw: float) -> None:
    delay = backoff_delay(attempt, POLICY, lambda: draw)
    assert 0 <= delay <= min(POLICY.max_delay, POLICY.base_delay * 2 ** min(attempt, 64))


def test_backoff_delay_jitters_with_a_real_random_source() -> None:
    rng = random.Random(7).random
    delays = {backoff_delay(4, POLICY, rng) for _ in range(20)}
    assert len(delays) > 1
    assert all(0 <= delay < 8.0 for delay in delays)


def test_backoff_delay_refuses_a_negative_attempt() -> None:
    with pytest.raises(ValueError):
        backoff_delay(-1, POLICY, lambda: 1.0)


def test_retry_policy_refuses_zero_attempts() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


def test_retry_after_reads_delta_seconds() -> None:
    assert retry_after_seconds("3", NOW) == 3.0
    assert retry_after_seconds(" 120 ", NOW) == 120.0


def test_retry_after_reads_an_http_date_relative_to_now() -> None:
    later = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, NOW) == 90.0


def test_retry_after_in_the_past_means_no_wait() -> None:
    earlier = format_datetime(NOW - timedelta(minutes=5), usegmt=True)
    assert retry_after_seconds(earlier, NOW) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5", "Mon, 99 Foo 2024"])
def test_retry_after_ignores_missing_or_garbage_values(value: str | None) -> None:
    assert retry_after_seconds(value, NOW) is None


# ---------------------------------------------------------------- retries against the stub


def test_two_429s_then_200_are_retried_with_growing_delays(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(429), Reply(429), Reply(200, b'{"done": 1}'))
    response = make_session().get(SHEETS_URL)
    assert response.status_code == 200
    assert response.json() == {"done": 1}
    assert len(stub.seen) == 3
    assert fake_time.sleeps == [0.5, 1.0]


def test_503_forever_stops_after_max_attempts_and_returns_the_last_response(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(503, b'{"error": {"code": 503, "message": "down"}}'))
    response = make_session(policy=RetryPolicy(max_attempts=4)).get(SHEETS_URL)
    assert response.status_code == 503
    assert response.json()["error"]["message"] == "down"
    assert len(stub.seen) == 4
    assert fake_time.sleeps == [0.5, 1.0, 2.0]


def test_status_not_in_retry_statuses_is_returned_at_once(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(400), Reply(200))
    assert make_session().get(SHEETS_URL).status_code == 400
    assert len(stub.seen) == 1
    assert fake_time.sleeps == []


def test_retry_after_seconds_replace_the_backoff_delay(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(429, headers={"Retry-After": "3"}), Reply(200))
    assert make_session().get(SHEETS_URL).status_code == 200
    assert fake_time.sleeps == [3.0]


def test_retry_after_http_date_is_measured_against_the_servers_date_header(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    server_now = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    headers = {
        "Date": format_datetime(server_now, usegmt=True),
        "Retry-After": format_datetime(server_now + timedelta(seconds=7), usegmt=True),
    }
    stub.script(Reply(503, headers=headers), Reply(200))
    assert make_session().get(SHEETS_URL).status_code == 200
    assert fake_time.sleeps == [7.0]


def test_retry_after_is_capped_by_the_remaining_deadline(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(429, headers={"Retry-After": "120"}))
    response = make_session(policy=RetryPolicy(deadline=10)).get(SHEETS_URL)
    assert response.status_code == 429
    assert fake_time.sleeps == [10.0]
    assert len(stub.seen) == 2


def test_deadline_bounds_the_total_of_requested_sleeps(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(503))
    policy = RetryPolicy(max_attempts=100, base_delay=1, max_delay=100, deadline=10)
    response = make_session(policy=policy).get(SHEETS_URL)
    assert response.status_code == 503
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 3.0]
    assert sum(fake_time.sleeps) <= policy.deadline
    assert len(stub.seen) == 5


def test_post_with_a_retryable_status_is_retried_with_the_same_body(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(503), Reply(200))
    response = make_session().post(SHEETS_URL + "/values/A1:append", json={"values": [[1]]})
    assert response.status_code == 200
    assert [seen.body for seen in stub.seen] == [b'{"values": [[1]]}'] * 2
    assert fake_time.sleeps == [0.5]


def test_truncated_body_of_a_get_is_retried(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(200, b'{"partial": ', truncated=True), Reply(200, b'{"whole": true}'))
    response = make_session().get(SHEETS_URL)
    assert response.json() == {"whole": True}
    assert len(stub.seen) == 2
    assert fake_time.sleeps == [0.5]


def test_a_body_of_several_read_pieces_arrives_whole_and_gzip_decoded(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    text = json.dumps({"rows": [[i, f"đơn vị {i}"] for i in range(200_000)]}).encode()
    assert len(text) > 2 * BODY_CHUNK  # read in several pieces
    stub.script(Reply(200, gzip.compress(text), headers={"Content-Encoding": "gzip"}))
    response = make_session().get(SHEETS_URL)
    assert response.content == text
    assert response.json()["rows"][-1] == [199_999, "đơn vị 199999"]
    assert response.text == text.decode()


def test_truncated_body_of_a_post_is_raised_without_a_second_request(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(200, b'{"partial": ', truncated=True), Reply(200))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        make_session().post(SHEETS_URL + "/values/A1:append", json={"values": [[1]]})
    assert len(stub.seen) == 1
    assert fake_time.sleeps == []


def test_refused_connection_of_a_get_is_retried_then_raised(
    fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    session = make_session(
        endpoint=f"http://127.0.0.1:{closed_port()}", policy=RetryPolicy(max_attempts=3)
    )
    with pytest.raises(requests.ConnectionError):
        session.get(SHEETS_URL)
    assert fake_time.sleeps == [0.5, 1.0]


def test_refused_connection_of_a_post_is_raised_at_once(
    fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    session = make_session(endpoint=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(requests.ConnectionError):
        session.post(SHEETS_URL + ":batchUpdate", json={"requests": []})
    assert fake_time.sleeps == []


def test_default_timeout_applies_when_the_caller_passes_none(
    stub: StubServer, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(hold=threading.Event()))
    session = make_session(timeout=(5, 0.2))
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.post(SHEETS_URL + ":batchUpdate", json={}, timeout=None)
    assert len(stub.seen) == 1


def test_read_timeout_of_a_get_is_retried(
    stub: StubServer, fake_time: FakeTime, make_session: Callable[..., requests.Session]
) -> None:
    stub.script(Reply(hold=threading.Event()), Reply(200, b'{"late": false}'))
    held = stub.replies[0]
    try:
        response = make_session(timeout=(5, 0.2)).get(SHEETS_URL)
    finally:
        assert held.hold is not None
        held.hold.set()
    assert response.json() == {"late": False}
    assert fake_time.sleeps == [0.5]


def test_each_retry_is_logged_with_method_path_status_and_delay(
    stub: StubServer,
    make_session: Callable[..., requests.Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    stub.script(Reply(429), Reply(200))
    with caplog.at_level(logging.WARNING, logger="sheets.transport"):
        make_session().get(SHEETS_URL + "?fields=secret")
    [record] = [r for r in caplog.records if r.name == "sheets.transport"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "GET /v4/spreadsheets/abc " in message
    assert "HTTP 429" in message
    assert "0.50 s" in message
    assert "secret" not in message


def test_concurrent_requests_keep_separate_retry_counts(
    stub: StubServer, make_session: Callable[..., requests.Session]
) -> None:
    first_sightings: set[str] = set()

    def flaky_once_per_path(seen: Seen) -> Reply:
        if seen.path in first_sightings:
            return Reply(200)
        first_sightings.add(seen.path)
        return Reply(503)

    stub.choose = flaky_once_per_path
    session = make_session(sleep=lambda _seconds: None, policy=RetryPolicy(max_attempts=2))
    statuses: dict[int, int] = {}

    def fetch(index: int) -> None:
        statuses[index] = session.get(f"{SHEETS_URL}{index}").status_code

    threads = [threading.Thread(target=fetch, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == dict.fromkeys(range(8), 200)
    assert len(stub.seen) == 16


def test_real_sleep_and_clock_retry_once_against_the_stub(
    stub: StubServer, open_sessions: list[requests.Session]
) -> None:
    stub.script(Reply(503), Reply(200))
    transport = GoogleTransport(stub.base_url, policy=RetryPolicy(base_delay=0.01, max_delay=0.01))
    session = requests.Session()
    open_sessions.append(session)
    session.mount("https://sheets.googleapis.com/", transport)
    assert session.get(SHEETS_URL).status_code == 200
    assert len(stub.seen) == 2


# ---------------------------------------------------------------- redirection to the endpoint


def test_sheets_url_reaches_the_endpoint_with_path_and_query_byte_for_byte(
    stub: StubServer, make_session: Callable[..., requests.Session]
) -> None:
    path = (
        "/v4/spreadsheets/abc/values/%27T%C3%AAn%20tab%27%21A1:B2?valueRenderOption=FORMATTED_VALUE"
    )
    make_session().get("https://sheets.googleapis.com" + path)
    assert [seen.path for seen in stub.seen] == [path]


def test_drive_upload_url_reaches_the_endpoint(
    stub: StubServer, make_session: Callable[..., requests.Session]
) -> None:
    path = "/upload/drive/v2/files/abc?uploadType=media&convert=true"
    make_session().put("https://www.googleapis.com" + path, data="a,b\n")
    assert [(seen.method, seen.path, seen.body) for seen in stub.seen] == [("PUT", path, b"a,b\n")]


def test_endpoint_with_a_trailing_slash_and_a_prefix_keeps_one_slash(
    stub: StubServer, make_session: Callable[..., requests.Session]
) -> None:
    make_session(endpoint=stub.base_url + "/emu/").get(SHEETS_URL)
    assert [seen.path for seen in stub.seen] == ["/emu/v4/spreadsheets/abc"]


def test_other_hosts_are_not_redirected(
    stub: StubServer, open_sessions: list[requests.Session]
) -> None:
    transport = GoogleTransport(f"http://127.0.0.1:{closed_port()}", sleep=lambda _s: None)
    session = requests.Session()
    open_sessions.append(session)
    session.mount("http://", transport)
    assert session.get(stub.base_url + "/direct").status_code == 200
    assert [seen.path for seen in stub.seen] == ["/direct"]


def test_redirected_request_skips_a_proxy_that_no_proxy_excludes(
    stub: StubServer,
    make_session: Callable[..., requests.Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dead_proxy = f"http://127.0.0.1:{closed_port()}"
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    assert make_session(policy=RetryPolicy(max_attempts=1)).get(SHEETS_URL).status_code == 200
    assert len(stub.seen) == 1


@pytest.mark.parametrize("endpoint", ["127.0.0.1:8765", "ftp://host", "http://", "http://h/?q=1"])
def test_endpoint_that_is_no_base_url_is_refused(endpoint: str) -> None:
    with pytest.raises(ValueError):
        GoogleTransport(endpoint)
