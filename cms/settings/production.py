"""Production: refuses to start with a missing secret key or with debug on.

Meant to run under gunicorn (``cms/gunicorn.conf.py``) behind a TLS-terminating reverse proxy;
docs/deployment.md says what runs where. Every knob below comes from the environment (the
README's configuration table) and defaults to the safe choice: ``manage.py check --deploy``
reports nothing with only ``SECRET_KEY`` and ``ALLOWED_HOSTS`` set.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DATABASES, MIDDLEWARE, STATIC_ROOT, env, env_bool

if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set it to 0).")
DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")

# --- HTTPS behind a reverse proxy ---------------------------------------------------------
# The proxy terminates TLS and says so in this header ("Header-Name: value");
# SECURE_PROXY_SSL_HEADER=off when clients reach gunicorn directly (never trust a header a
# client could send itself).
_proxy_ssl_header = env("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
if _proxy_ssl_header.lower() in {"", "0", "off", "none"}:
    SECURE_PROXY_SSL_HEADER = None
else:
    _name, _, _value = _proxy_ssl_header.partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
USE_X_FORWARDED_PORT = env_bool("USE_X_FORWARDED_PORT", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and scripts/services.sh probe /health/ over plain HTTP on the private side.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# --- Static files and media ---------------------------------------------------------------
# WhiteNoise serves /static/ from STATIC_ROOT (filled by `manage.py collectstatic`): gzip and
# brotli variants made at collectstatic, hashed names cached for a year ("immutable").
STATIC_ROOT = Path(env("STATIC_ROOT") or STATIC_ROOT)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
_served_here = ["whitenoise.middleware.WhiteNoiseMiddleware"]
# Image files from MEDIA_ROOT (cms.security.PublicMediaMiddleware); SERVE_MEDIA=0 when the
# proxy serves /media/images/ and /media/original_images/ itself. Nothing else of MEDIA_ROOT
# is ever served from /media/: documents and wiki files go through their permission checks.
if env_bool("SERVE_MEDIA", True):
    _served_here.append("cms.security.PublicMediaMiddleware")
MIDDLEWARE = MIDDLEWARE[:_after_security] + _served_here + MIDDLEWARE[_after_security:]
PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/")
PUBLIC_MEDIA_MAX_AGE = int(env("PUBLIC_MEDIA_MAX_AGE", "86400"))

# --- Database connections -----------------------------------------------------------------
# Each web process keeps its connections: a psycopg pool shared by its threads when
# DATABASE_POOL_MAX_SIZE > 0 (PostgreSQL only), else one persistent connection per thread for
# DATABASE_CONN_MAX_AGE seconds (default 60 here), checked before reuse.
_database = DATABASES["default"]
_pool_max = int(env("DATABASE_POOL_MAX_SIZE", "0"))
if _pool_max and _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(env("DATABASE_POOL_MIN_SIZE", "1")),
        "max_size": _pool_max,
        "timeout": float(env("DATABASE_POOL_TIMEOUT", "10")),
    }
else:
    _database["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
    _database["CONN_HEALTH_CHECKS"] = True
