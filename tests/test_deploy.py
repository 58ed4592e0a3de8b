"""Deployment files agree with the code: requirements, App Engine, cron, gunicorn."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    """Return requirements.txt as {name: version}."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_requirements_pin_exactly_the_declared_dependencies():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    requirements = {canonicalize_name(Requirement(d).name): Requirement(d) for d in declared}
    pins = _pins()
    assert set(pins) == set(requirements)
    for name, requirement in requirements.items():
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} not {requirement}"


def test_app_engine_runs_gunicorn_with_the_repository_config_and_no_scheduler():
    text = (ROOT / "app.yaml").read_text()
    assert "runtime: python312" in text
    assert "instance_class: F1" in text
    assert "entrypoint: gunicorn --config gunicorn.conf.py service.wsgi:app" in text
    assert 'SCHEDULER: "off"' in text


def test_cron_calls_the_sync_task():
    text = (ROOT / "cron.yaml").read_text()
    assert "url: /tasks/sync" in text
    assert "timezone: Asia/Ho_Chi_Minh" in text


def test_gunicorn_config_never_preloads_the_app():
    namespace: dict[str, object] = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # our own config file
    assert namespace["preload_app"] is False
    assert namespace["worker_class"] == "gthread"


def test_nothing_secret_or_heavy_is_deployed():
    ignored = (ROOT / ".gcloudignore").read_text().split()
    for entry in (".venv/", "tests/", "bench/", ".git", "state/"):
        assert entry in ignored
