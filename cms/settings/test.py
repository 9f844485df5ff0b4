"""Tests: only makes things fast and isolated. The services come from the environment.

Tasks run eagerly unless a test takes the ``celery_worker`` fixture (see ``conftest.py``), which
sends them through the real broker to a real worker. Test tasks use a queue of their own, so a
developer's running worker (on another database) never picks them up.
"""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F401,F403
from .base import (
    BASE_DIR,
    CACHES,
    REDIS_URL,
    SEARCH_BACKEND,
    SEARCH_INDEX_PREFIX,
    WAGTAILSEARCH_BACKENDS,
)

#: pytest-xdist runs the suite in several processes (``gw0``, ``gw1``...). pytest-django gives
#: each its own test database; everything else they share is split here: search indices, the
#: Redis cache (a database number of its own, since tests clear the cache), media files.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".run" / "test-media" / (XDIST_WORKER or "main")
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_DEFAULT_QUEUE = f"test-{os.getpid()}"
if SEARCH_BACKEND != "database":
    # Test indices never collide with a developer's own indices on the same engine.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = (
        f"test_{XDIST_WORKER + '_' if XDIST_WORKER else ''}{SEARCH_INDEX_PREFIX}"
    )
if REDIS_URL:
    # Redis databases 0 and 1 are the running site's cache and the broker, and tests clear
    # the cache: the suite caches in database 3, xdist worker N in 4 + N.
    _test_database = 4 + int(XDIST_WORKER.removeprefix("gw")) if XDIST_WORKER else 3
    CACHES["default"]["LOCATION"] = urlsplit(REDIS_URL)._replace(path=f"/{_test_database}").geturl()
# API quotas out of the way of the suite's own traffic (every test client is 127.0.0.1); the
# quota tests lower them (the ``settings`` fixture).
API_ANON_RATE = "100000/minute"
API_POST_ANON_RATE = "100000/minute"
API_USER_RATE = "100000/minute"
# Login throttling off: Django's test client logs in without a request, which axes refuses.
# tests/test_security.py switches it on (override_settings) to test the lockout.
AXES_ENABLED = False
