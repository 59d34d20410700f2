"""gunicorn settings for a Kenesh app server: `gunicorn -c deploy/gunicorn.conf.py kenesh.config.wsgi`.

Each value can be set by an environment variable (see deploy/kenesh.env.example). Both of gunicorn's logs
are JSON lines on standard error, like the app's own (python-json-logger), so one collector reads them all.
"""

import os

bind = os.environ.get("KENESH_BIND", "127.0.0.1:8001")
# Processes x threads: about 2 processes per core; threads overlap the waits on PostgreSQL.
workers = int(os.environ.get("KENESH_WEB_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("KENESH_WEB_THREADS", "4"))
timeout = int(os.environ.get("KENESH_WEB_TIMEOUT", "60"))
graceful_timeout = 20
backlog = 2048
# A worker is replaced after this many requests (with jitter), bounding any slow leak.
max_requests = 5000
max_requests_jitter = 500
# Load Django once in the master and fork the workers from it: a new or replaced worker starts in
# milliseconds instead of spending a second or two of CPU importing every app (measured with py-spy in
# bench/scale.py: worker start-up was 13 % of the app servers' CPU during a vote), and the workers share
# the loaded code's memory. The master closes any database connection before each fork (pre_fork below).
preload_app = os.environ.get("KENESH_WEB_PRELOAD", "1") == "1"
forwarded_allow_ips = os.environ.get("KENESH_TRUSTED_PROXIES", "127.0.0.1")
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)s'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC, as the app's own lines
        }
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    # gunicorn merges this dict over its own defaults key by key: the root logger must name our handler.
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def pre_fork(server, worker):  # gunicorn's hook signature
    """Never hand a forked worker the master's database connection (or pool): each worker opens its own."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        # Django's PostgreSQL backend keeps its pools on the class, made on first use (asking for
        # `connection.pool` would make one): close only a pool that exists, with its threads.
        if connection.alias in getattr(type(connection), "_connection_pools", {}):
            connection.close_pool()


def child_exit(server, worker):  # gunicorn's hook signature
    """With PROMETHEUS_MULTIPROC_DIR set, forget a dead worker's live gauges (prometheus_client's rule)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
