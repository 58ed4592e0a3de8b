"""The Flask service, its settings and the ``ispeed-report`` command line."""
