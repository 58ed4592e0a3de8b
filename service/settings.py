"""The service's settings: one typed object read from the environment, nowhere else.

Every setting of DESIGN.md §6 is here with its default; a bad value stops the service
with a Vietnamese message naming the variable, not a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Settings:
    """Everything the service can be told through its environment."""

    spreadsheet_id: str | None = None
    sheets_endpoint: str | None = None
    credentials_file: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    deadline_day: int = 10
    sync_interval_minutes: float = 5.0
    scheduler: bool = True
    task_token: str | None = None
    port: int = 8080
    state_dir: str = "state"
    on_app_engine: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read and check the settings from the environment (or a given mapping)."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        on_gae = env.get("GAE_ENV", "").startswith("standard")
        timezone = text("TIMEZONE") or DEFAULT_TIMEZONE
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise _bad("TIMEZONE", timezone, "một múi giờ IANA, ví dụ Asia/Ho_Chi_Minh") from None
        return cls(
            spreadsheet_id=text("SPREADSHEET_ID"),
            sheets_endpoint=text("SHEETS_ENDPOINT"),
            credentials_file=text("GOOGLE_APPLICATION_CREDENTIALS"),
            timezone=timezone,
            deadline_day=_integer(env, "DEADLINE_DAY", 10, 1, 28),
            sync_interval_minutes=_minutes(env, "SYNC_INTERVAL_MINUTES", 5.0),
            scheduler=_switch(env, "SCHEDULER", True),
            task_token=text("TASK_TOKEN"),
            port=_integer(env, "PORT", 8080, 1, 65535),
            # App Engine sets GAE_ENV; there only /tmp is writable.
            state_dir=text("STATE_DIR") or ("/tmp/ispeed-report" if on_gae else "state"),
            on_app_engine=on_gae,
        )

    def require_spreadsheet_id(self) -> str:
        """Return SPREADSHEET_ID, or stop with a message saying how to set it."""
        if not self.spreadsheet_id:
            raise ConfigError(
                "SPREADSHEET_ID is not set",
                user_message=(
                    "Chưa đặt SPREADSHEET_ID: hãy đặt biến môi trường SPREADSHEET_ID bằng mã của "
                    "bảng tính (phần giữa /d/ và /edit trong địa chỉ bảng tính)."
                ),
            )
        return self.spreadsheet_id


def _bad(name: str, value: str, expected: str) -> ConfigError:
    """Return the error for a setting with a value the service cannot use."""
    return ConfigError(
        f"{name}={value!r} is invalid",
        user_message=f"Giá trị {name}={value!r} không hợp lệ: cần {expected}.",
    )


def _integer(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """Read a whole number within bounds."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, raw, f"một số nguyên từ {low} đến {high}") from None
    if not low <= value <= high:
        raise _bad(name, raw, f"một số nguyên từ {low} đến {high}")
    return value


def _minutes(env: Mapping[str, str], name: str, default: float) -> float:
    """Read a number of minutes (decimals allowed, from 0.05 = 3 seconds to one day)."""
    raw = env.get(name, "").strip().replace(",", ".")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise _bad(name, raw, "số phút, từ 0,05 đến 1440") from None
    if not 0.05 <= value <= 24 * 60:
        raise _bad(name, raw, "số phút, từ 0,05 đến 1440")
    return value


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    """Read on/off (also true/false, 1/0, yes/no, có/không)."""
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("on", "true", "1", "yes", "có"):
        return True
    if raw in ("off", "false", "0", "no", "không"):
        return False
    raise _bad(name, raw, "on hoặc off")
