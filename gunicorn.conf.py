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
# Two threads: a view answers from the in-memory snapshot in under a millisecond, so more
# threads only add GIL contention to the latency tail (bench/load_bench.py: p99 of the page
# 22-36 ms with 2 threads, 33-40+ ms with 4 or 8, same throughput); the second thread keeps
# pages served while /tasks/sync waits on Google. Override: GUNICORN_CMD_ARGS="--threads N".
threads = 2
preload_app = False
timeout = 120  # /tasks/sync reads and writes the whole sheet
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = "info"
