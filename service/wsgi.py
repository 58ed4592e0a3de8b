"""The WSGI entry point: ``gunicorn --config gunicorn.conf.py service.wsgi:app``."""

from __future__ import annotations

import logging

from .app import create_app

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
