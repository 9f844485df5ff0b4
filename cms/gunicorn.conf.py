"""gunicorn settings of the production web server, from the environment.

    .venv/bin/gunicorn -c cms/gunicorn.conf.py cms.wsgi:application

Used by ``scripts/services.sh start web``, the ``web`` service of docker-compose.yml and
``bench/load.py``. Threaded workers (gthread): the application is WSGI, and requests mostly wait
on PostgreSQL, Redis and OpenSearch, so a few processes with several threads each hold many
concurrent clients. Scaling: docs/deployment.md.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# This configuration is the production server: production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

bind = os.environ.get("WEB_BIND", "").strip() or "127.0.0.1:" + str(_int("WEB_PORT", 58000))
# One process per core plus one; threads share the process's database pool.
workers = _int("WEB_WORKERS", multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = _int("WEB_THREADS", 4)
# Connections that wait for a free thread; beyond that the kernel's backlog queues them.
backlog = _int("WEB_BACKLOG", 2048)
keepalive = _int("WEB_KEEPALIVE", 5)
timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
# A worker is replaced after this many requests (plus jitter), bounding any slow leak.
max_requests = _int("WEB_MAX_REQUESTS", 5000)
max_requests_jitter = _int("WEB_MAX_REQUESTS_JITTER", 500)
# The reverse proxy in front (docs/deployment.md) sets X-Forwarded-*; trust it from these
# addresses only (comma-separated; "*" behind a private network or a container runtime).
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1,::1"
accesslog = os.environ.get("WEB_ACCESS_LOG", "").strip() or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "").strip() or "info"
# WEB_PRELOAD=1 loads the application once in the master before forking (less memory); off by
# default so that no connection (database pool, Redis, OpenSearch) is ever made before the fork.
preload_app = os.environ.get("WEB_PRELOAD", "0").strip() in {"1", "true", "yes", "on"}
proc_name = "cybersudoe-web"
