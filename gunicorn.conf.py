"""Gunicorn settings, used by App Engine's entrypoint, `ispeed-report serve` and systemd.

Workers: gunicorn's own WEB_CONCURRENCY (default 1: App Engine's F1 has one small CPU and
384 MB). Each worker runs the in-process scheduler when SCHEDULER=on, and a file lock
makes exactly one of them sync (service/scheduler.py). The app is NOT preloaded: the
scheduler must start in the workers, never in the master that forks them.
"""

from service.settings import Settings

_settings = Settings.from_env()

bind = f"0.0.0.0:{_settings.port}"
worker_class = "gthread"
threads = 8
preload_app = False
timeout = 120  # /tasks/sync reads and writes the whole sheet
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = "info"
