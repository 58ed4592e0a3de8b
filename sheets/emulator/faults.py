"""Fault injection and measurement: Google's quotas, forced errors, latency, counters.

Tests set these in-process (``server.faults``) or over HTTP (``/_emulator/faults``);
benchmarks read the counters (``/_emulator/stats``) to show how many Google requests
an operation cost.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError

# What Google documents for the Sheets API (per minute); DESIGN.md §7.
GOOGLE_QUOTAS = {
    "read_per_user": 60,
    "write_per_user": 60,
    "read_per_project": 300,
    "write_per_project": 300,
}

_QUOTA_NAMES = {
    "read_per_user": (
        "Read requests",
        "Read requests per minute per user",
        "ReadRequestsPerMinutePerUser",
    ),
    "write_per_user": (
        "Write requests",
        "Write requests per minute per user",
        "WriteRequestsPerMinutePerUser",
    ),
    "read_per_project": (
        "Read requests",
        "Read requests per minute",
        "ReadRequestsPerMinutePerProject",
    ),
    "write_per_project": (
        "Write requests",
        "Write requests per minute",
        "WriteRequestsPerMinutePerProject",
    ),
}

PROJECT_NUMBER = "000000000000"

# Google refuses any request body over 10 MiB, before looking at it:
# 400 INVALID_ARGUMENT "Request payload size exceeds the limit: 10485760 bytes."
GOOGLE_MAX_REQUEST_BYTES = 10 * 1024 * 1024


def payload_too_large(limit: int) -> ApiError:
    """Return the 400 Google sends for a request body over ``limit`` bytes."""
    return ApiError(400, f"Request payload size exceeds the limit: {limit} bytes.")


def quota_error(limit_key: str, value: int) -> ApiError:
    """Return the 429 Google sends when a per-minute quota is exhausted."""
    metric, limit_name, limit_id = _QUOTA_NAMES[limit_key]
    kind = "read" if limit_key.startswith("read") else "write"
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{limit_name}' of service "
        f"'sheets.googleapis.com' for consumer 'project_number:{PROJECT_NUMBER}'."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_metric": f"sheets.googleapis.com/{kind}_requests",
                "quota_limit": limit_id,
                "service": "sheets.googleapis.com",
                "consumer": f"projects/{PROJECT_NUMBER}",
                "quota_location": "global",
                "quota_limit_value": str(value),
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]
    return ApiError(429, message, details=details)


@dataclass
class Faults:
    """What the emulator should do wrong, and what it has counted; thread-safe."""

    quotas: dict[str, int] = field(default_factory=dict)
    fail_next: int = 0
    fail_status: int = 503
    fail_retry_after: float | None = None
    fail_methods: frozenset[str] = frozenset()
    latency: float = 0.0
    truncate_next: int = 0
    truncate_mode: str = "connection"
    require_auth: bool = True
    window_seconds: float = 60.0
    max_request_bytes: int = GOOGLE_MAX_REQUEST_BYTES
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _events: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    counts: Counter[str] = field(default_factory=Counter)

    # -- settings -----------------------------------------------------------------

    def configure(self, settings: dict[str, Any]) -> None:
        """Change settings from a dict (the admin endpoint's JSON body)."""
        with self._lock:
            if "quotas" in settings:
                quotas = settings["quotas"]
                if quotas == "google":
                    quotas = dict(GOOGLE_QUOTAS)
                self.quotas = {k: int(v) for k, v in (quotas or {}).items() if k in _QUOTA_NAMES}
                self._events.clear()
            if "fail_next" in settings:
                self.fail_next = int(settings["fail_next"])
            if "fail_status" in settings:
                self.fail_status = int(settings["fail_status"])
            if "fail_retry_after" in settings:
                value = settings["fail_retry_after"]
                self.fail_retry_after = None if value is None else float(value)
            if "fail_methods" in settings:
                self.fail_methods = frozenset(settings["fail_methods"] or ())
            if "latency" in settings:
                self.latency = float(settings["latency"])
            if "truncate_next" in settings:
                self.truncate_next = int(settings["truncate_next"])
            if "truncate_mode" in settings:
                if settings["truncate_mode"] not in ("connection", "json"):
                    raise ValueError("truncate_mode must be 'connection' or 'json'")
                self.truncate_mode = settings["truncate_mode"]
            if "require_auth" in settings:
                self.require_auth = bool(settings["require_auth"])
            if "window_seconds" in settings:
                self.window_seconds = float(settings["window_seconds"])
            if "max_request_bytes" in settings:
                value = settings["max_request_bytes"]
                limit = GOOGLE_MAX_REQUEST_BYTES if value is None else int(value)
                if limit < 1:
                    raise ValueError("max_request_bytes must be at least 1")
                self.max_request_bytes = limit

    def clear(self) -> None:
        """Stop every injected fault and restore Google's request size limit (counters kept)."""
        self.configure(
            {
                "quotas": {},
                "max_request_bytes": None,
                "fail_next": 0,
                "latency": 0,
                "truncate_next": 0,
                "fail_retry_after": None,
                "fail_methods": [],
            }
        )

    def snapshot(self) -> dict[str, Any]:
        """Return the settings as JSON."""
        with self._lock:
            return {
                "quotas": dict(self.quotas),
                "fail_next": self.fail_next,
                "fail_status": self.fail_status,
                "fail_retry_after": self.fail_retry_after,
                "fail_methods": sorted(self.fail_methods),
                "latency": self.latency,
                "truncate_next": self.truncate_next,
                "truncate_mode": self.truncate_mode,
                "require_auth": self.require_auth,
                "window_seconds": self.window_seconds,
                "max_request_bytes": self.max_request_bytes,
            }

    # -- per request --------------------------------------------------------------

    def admit(self, *, kind: str, method: str, user: str, now: float | None = None) -> None:
        """Count a Sheets request and raise the error it should get, if any.

        ``kind`` is "read" or "write" (Google counts every non-GET Sheets call as a
        write); ``method`` names the API method, e.g. "values.batchGet".
        """
        now = time.monotonic() if now is None else now
        with self._lock:
            self.counts[kind] += 1
            self.counts[method] += 1
            if self.fail_next > 0 and (not self.fail_methods or method in self.fail_methods):
                self.fail_next -= 1
                self.counts["injected_failures"] += 1
                headers = {}
                if self.fail_retry_after is not None:
                    headers["Retry-After"] = f"{self.fail_retry_after:g}"
                raise ApiError(self.fail_status, headers=headers)
            for scope, key in (("user", f"{kind}:user:{user}"), ("project", f"{kind}:project")):
                limit_key = f"{kind}_per_{scope}"
                limit = self.quotas.get(limit_key)
                if limit is None:
                    continue
                events = self._events.setdefault(key, deque())
                while events and events[0] <= now - self.window_seconds:
                    events.popleft()
                if len(events) >= limit:
                    self.counts["quota_rejections"] += 1
                    raise quota_error(limit_key, limit)
            for scope, key in (("user", f"{kind}:user:{user}"), ("project", f"{kind}:project")):
                if self.quotas.get(f"{kind}_per_{scope}") is not None:
                    self._events.setdefault(key, deque()).append(now)

    def admit_size(self, length: int) -> None:
        """Raise Google's 400 when a request body of ``length`` bytes is over the limit."""
        with self._lock:
            if length <= self.max_request_bytes:
                return
            self.counts["oversized_requests"] += 1
            limit = self.max_request_bytes
        raise payload_too_large(limit)

    def take_truncation(self) -> str | None:
        """Return the truncation mode if this response must be cut, else None."""
        with self._lock:
            if self.truncate_next > 0:
                self.truncate_next -= 1
                self.counts["truncated_responses"] += 1
                return self.truncate_mode
            return None

    def stats(self) -> dict[str, int]:
        """Return the counters."""
        with self._lock:
            return dict(self.counts)

    def reset_stats(self) -> None:
        """Zero the counters."""
        with self._lock:
            self.counts.clear()
