"""A requests adapter for Google's APIs: optionally aims them at the emulator, and retries.

Hand-written rather than ``gspread.BackOffHTTPClient``, which has no jitter, keeps its retry
counter on the shared client instance (wrong under threads), ignores ``Retry-After``, retries by
recursion and can sleep for about four minutes; and rather than ``urllib3.Retry``, which has no
bound on the total time, does not cap ``Retry-After`` and retries statuses inside urllib3 before
requests (and our logging) ever sees the response.
"""

from __future__ import annotations

import http.client
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from requests.utils import should_bypass_proxies

logger = logging.getLogger("sheets.transport")

GOOGLE_HOSTS = frozenset({"sheets.googleapis.com", "www.googleapis.com"})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

# Failures after which the request may or may not have reached Google: safe to repeat only
# for idempotent methods. SSL errors (a subclass of ConnectionError) are never retried.
RETRYABLE_ERRORS: tuple[type[BaseException], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    urllib3.exceptions.ProtocolError,
    http.client.IncompleteRead,
)

TimeoutType = float | tuple[float | None, float | None]

# How much of a body is read at a time. requests reads 10 KiB at a time, which for the
# 87 MB answer of a big sheet costs three times the CPU of reading it in 1 MiB pieces.
BODY_CHUNK = 2**20


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a request to Google."""

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 32.0
    deadline: float = 60.0
    retry_statuses: frozenset[int] = field(default=frozenset({408, 429, 500, 502, 503, 504}))

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {self.max_attempts}")
        if min(self.base_delay, self.max_delay, self.deadline) < 0:
            raise ValueError("base_delay, max_delay and deadline must not be negative")


DEFAULT_POLICY = RetryPolicy()


def backoff_delay(attempt: int, policy: RetryPolicy, rng: Callable[[], float]) -> float:
    """Return the delay before retry number ``attempt`` (0 for the first): full-jitter backoff."""
    if attempt < 0:
        raise ValueError(f"attempt must not be negative, not {attempt}")
    ceiling = min(policy.max_delay, policy.base_delay * 2 ** min(attempt, 64))
    return rng() * ceiling


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Return the wait a ``Retry-After`` header asks for, or None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"[0-9]+", text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, (_aware(when) - _aware(now)).total_seconds())


def _aware(moment: datetime) -> datetime:
    """Return ``moment`` with UTC assumed when it carries no time zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _server_now(response: requests.Response) -> datetime:
    """Return the time the server stamped on ``response`` (its clock), else our UTC time."""
    try:
        return parsedate_to_datetime(response.headers["Date"])
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return datetime.now(UTC)


def _replayable(body: object) -> bool:
    """Tell whether a request body can be sent again (a stream would already be consumed)."""
    return body is None or isinstance(body, bytes | str)


def _normalise_endpoint(endpoint: str) -> str:
    """Return ``endpoint`` without a trailing slash, or raise ValueError if it is no base URL."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"endpoint must look like http://host:port, not {endpoint!r}")
    return endpoint.rstrip("/")


class GoogleTransport(HTTPAdapter):
    """Send requests for Google's API hosts, optionally to an emulator, retrying with backoff."""

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        policy: RetryPolicy = DEFAULT_POLICY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
        timeout: TimeoutType = (5, 60),
        **kwargs: Any,
    ) -> None:
        self.endpoint = _normalise_endpoint(endpoint) if endpoint else None
        self.policy = policy
        self.default_timeout = timeout
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        super().__init__(**kwargs)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """Send ``request``, retrying as the policy allows; return the last response."""
        request, proxies = self._route(request, proxies)
        timeout = self.default_timeout if timeout is None else timeout
        method = (request.method or "GET").upper()
        resendable = _replayable(request.body)
        started = self._clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = super().send(
                    request,
                    stream=stream,
                    timeout=timeout,
                    verify=verify,
                    cert=cert,
                    proxies=proxies,
                )
                if not stream:  # read now, so that a truncated body fails (and retries) here
                    _read_body(response)
            except requests.exceptions.SSLError:
                raise
            except RETRYABLE_ERRORS as err:
                delay = None
                if resendable and method in IDEMPOTENT_METHODS:
                    delay = self._next_delay(attempt, started, None)
                if delay is None:
                    raise
                reason = f"{type(err).__name__}: {err}"
            else:
                if response.status_code not in self.policy.retry_statuses or not resendable:
                    return response
                wait = retry_after_seconds(
                    response.headers.get("Retry-After"), _server_now(response)
                )
                delay = self._next_delay(attempt, started, wait)
                if delay is None:
                    return response
                response.close()
                reason = f"HTTP {response.status_code}"
            logger.warning(
                "Retrying %s %s after %s (attempt %d of %d) in %.2f s",
                method,
                urlsplit(request.url).path,
                reason,
                attempt,
                self.policy.max_attempts,
                delay,
            )
            self._sleep(delay)

    def _next_delay(self, attempt: int, started: float, retry_after: float | None) -> float | None:
        """Return how long to wait before the next attempt, or None when no attempt is left."""
        remaining = self.policy.deadline - (self._clock() - started)
        if attempt >= self.policy.max_attempts or remaining <= 0:
            return None
        if retry_after is None:
            retry_after = backoff_delay(attempt - 1, self.policy, self._rng)
        return min(retry_after, remaining)

    def _route(
        self, request: requests.PreparedRequest, proxies: dict[str, str] | None
    ) -> tuple[requests.PreparedRequest, dict[str, str] | None]:
        """Return the request aimed at the emulator when one is set, with proxies to match."""
        url = request.url or ""
        parts = urlsplit(url)
        if (
            self.endpoint is None
            or parts.scheme.lower() != "https"
            or parts.hostname not in GOOGLE_HOSTS
            or parts.port not in (None, 443)
            or parts.username is not None
        ):
            return request, proxies
        # Slice instead of re-joining so the path's percent-encoding stays byte-for-byte.
        rest = url[len(parts.scheme) + 3 + len(parts.netloc) :]
        if not rest.startswith("/"):
            rest = "/" + rest
        routed = request.copy()
        routed.url = self.endpoint + rest
        if proxies and should_bypass_proxies(routed.url, no_proxy=proxies.get("no_proxy")):
            proxies = {}
        return routed, proxies


def _read_body(response: requests.Response) -> None:
    """Read a response's whole body, as ``response.content`` would, in ``BODY_CHUNK`` pieces.

    ``iter_content`` raises requests' own errors for a truncated or undecodable body;
    the body is then kept where ``content`` returns it from. A big body is gathered in a
    bytearray, which grows in place: joining the pieces would hold the body twice at
    once (87 MB more at the peak of reading a big sheet). Small bodies stay bytes.
    """
    pieces = response.iter_content(BODY_CHUNK)
    first = next(pieces, b"")
    second = next(pieces, None)
    if second is None:
        response._content = first
        return
    body = bytearray(first)
    body += second
    for piece in pieces:
        body += piece
    response._content = body
