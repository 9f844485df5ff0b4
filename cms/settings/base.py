"""Settings shared by every environment.

Every integration is chosen from the environment (see the README's configuration table):
with nothing set, the project runs embedded (SQLite, local-memory cache, eager tasks and
database search); each variable switches one real service on.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "toolbox",
    "wiki",
    "search",
    "newsletter",
    "monitoring",
    "delivery",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Approving an incomplete draft from the dashboard: a message, not an error page.
    "toolbox.middleware.IncompleteDraftApprovalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cybersudoe"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (Celery) --------------------------------------------------------
# Without a broker, tasks run eagerly in-process so the embedded default needs no worker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "cybersudoe")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Every periodic task of every app, in one place. The services' worker runs beat too
# (scripts/services.sh); each entry names its task, so nothing here imports an app.
CELERY_BEAT_SCHEDULE = {
    # Scheduled publishing and unpublishing of pages.
    "toolbox-publish-scheduled": {"task": "toolbox.publish_scheduled", "schedule": 60.0},
    # Webhook deliveries whose task was lost in a broker outage.
    "delivery-send-due-webhooks": {"task": "delivery.send_due_webhooks", "schedule": 300.0},
    # Partner-key usage counters, from the cache to the database.
    "delivery-flush-api-key-usage": {"task": "delivery.flush_api_key_usage", "schedule": 600.0},
    # Search: replay the index backlog an engine or broker outage left (only when the outbox
    # holds undelivered changes and the engine answers; never from a visitor's request).
    "search-replay-backlog": {"task": "search.replay_backlog", "schedule": 30.0},
    # Newsletter: claims a dead worker left and batches a lost task left go out again.
    "newsletter-campaigns-recover": {"task": "newsletter.campaigns_recover", "schedule": 60.0},
    # Newsletter: DSNs in the bounce Maildir (NEWSLETTER_BOUNCE_MAILDIR / SMTP_MAILDIR).
    "newsletter-bounces-process": {"task": "newsletter.bounces_process", "schedule": 300.0},
    # Wiki daily digests at 07:00 UTC (also available as manage.py wiki_send_digests).
    "wiki-daily-digests": {
        "task": "wiki.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Monitoring alerts (gaps against the forecast, late reports) at 06:30 UTC; idempotent.
    "monitoring-send-alerts": {
        "task": "monitoring.send_alerts",
        "schedule": crontab(hour=6, minute=30),
    },
    # Monitoring surveys: new invitations and reminders of unanswered ones; idempotent.
    "monitoring-send-surveys": {"task": "monitoring.send_surveys", "schedule": 3600.0},
}

# --- Search ---------------------------------------------------------------------------
# SEARCH_BACKEND: "database" (default), "opensearch2", "opensearch3", "elasticsearch8",
# "elasticsearch9"; "opensearch" is an alias of "opensearch2". SEARCH_URL points at the engine.
SEARCH_BACKEND = env("SEARCH_BACKEND", "database").lower()
SEARCH_URL = env("SEARCH_URL")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "cybersudoe_")
SEARCH_BACKEND_ALIASES = {"opensearch": "opensearch2", "elasticsearch": "elasticsearch8"}
SEARCH_BACKEND = SEARCH_BACKEND_ALIASES.get(SEARCH_BACKEND, SEARCH_BACKEND)
if SEARCH_BACKEND != "database" and SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": env_list("SEARCH_URL"),
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
            "TIMEOUT": int(env("SEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    SEARCH_BACKEND = "database"
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
    }

# --- Passwords ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------
# fr is the default content language; the order of LANGUAGES is the order of the switcher.
LANGUAGE_CODE = env("DEFAULT_LANGUAGE", "fr")
LANGUAGES = [
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Wagtail ships its admin catalogues as pt_PT (and pt_BR), not pt: the admin offers "pt-pt",
# which also finds our own "pt" catalogues through gettext's language fallback.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("fr", "Français"),
    ("es", "Español"),
    ("pt-pt", "Português"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# When a page is missing in the requested locale, try these locales in order.
CONTENT_FALLBACK_CHAIN = env_list("CONTENT_FALLBACK_CHAIN", "fr,es,pt,en")
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CyberSudoe <no-reply@cybersudoe.localhost>")

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "CyberSudoe"
# The public address in links sent with no request to read the host from (e-mails, webhooks);
# answers to a request link to the request's own host (home/public_urls.py).
WAGTAILADMIN_BASE_URL = env("BASE_URL", f"http://127.0.0.1:{env('PORT', '8000')}")
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
    "vtt",
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # downloads go through Wagtail's permission checks
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# "Translate this page" makes a draft copy of the source, published only once translated
# (wagtail-localize would publish the untranslated copy live when the source is live).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
if env("LIBRETRANSLATE_URL"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env("LIBRETRANSLATE_URL"),
            "API_KEY": env("LIBRETRANSLATE_API_KEY"),
        },
    }

# --- API ------------------------------------------------------------------------------
# One policy for every /api/v1 endpoint (delivery/): partner keys (or the signed-in session of
# partner staff, for the wiki), quotas and throttling, and one problem+json error shape.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "delivery.keys.PartnerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["delivery.keys.QuotaThrottle"],
    "EXCEPTION_HANDLER": "delivery.http.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CyberSudoe API",
    "DESCRIPTION": "The shared trilingual toolbox of the CyberSudoe network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/v1 only, here too and not just in the schema view's settings: drf-spectacular's
    # deploy check (`check --deploy`) generates the schema from these global settings, and
    # the admin's and Wagtail v2's views are not part of our contract.
    "PREPROCESSING_HOOKS": ["delivery.schema.only_api_v1"],
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api|widgets)/.*$"

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "opensearch": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF (and of its import) at INFO
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Labels shown in the health report and the admin.
SERVICE_LABELS = {
    "database": _("Database"),
    "cache": _("Cache"),
    "broker": _("Task broker"),
    "worker": _("Task worker"),
    "search": _("Search engine"),
}

# --- Headless delivery: API v1 caching and limits, webhooks, widgets ------------------------
# Responses of /api/v1 are kept in the cache above and dropped as soon as content changes.
API_RESPONSE_CACHE_TIMEOUT = int(env("API_RESPONSE_CACHE_TIMEOUT", "86400"))
# Browsers and CDNs must revalidate (ETag/Last-Modified) so unpublished content never lingers.
API_HTTP_MAX_AGE = int(env("API_HTTP_MAX_AGE", "0"))
# Anonymous reads per client IP; partners get keys with their own quotas (admin: API keys).
API_ANON_RATE = env("API_ANON_RATE", "300/minute")
API_POST_ANON_RATE = env("API_POST_ANON_RATE", "30/minute")
# Signed-in partner staff (wiki API), per account.
API_USER_RATE = env("API_USER_RATE", "1200/minute")
# Reverse proxies in front of the site: how many X-Forwarded-For hops to believe (0: none).
API_NUM_PROXIES = int(env("API_NUM_PROXIES", "0"))
WEBHOOK_TIMEOUT_SECONDS = float(env("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_MAX_ATTEMPTS = int(env("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_BASE_SECONDS = float(env("WEBHOOK_RETRY_BASE_SECONDS", "30"))
# A 404 under /api/ or /widgets/ stays a 404 (Django's LocaleMiddleware would redirect it to
# /<lang>/api/..., which Wagtail's catch-all page route makes look valid).
MIDDLEWARE = [
    "delivery.http.LocaleMiddleware" if m == "django.middleware.locale.LocaleMiddleware" else m
    for m in MIDDLEWARE
]
# Browsers calling /api/ from a partner origin (CORS_ALLOWED_ORIGINS, or the origins set on a
# partner's API key in the admin) may send a key and conditional-request headers.
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "user-agent",
    "x-csrftoken",
    "x-requested-with",
    "x-api-key",
    "if-none-match",
    "if-modified-since",
)

# --- Search (search app) ------------------------------------------------------------------
# Seconds a visitor's search may wait for the engine before the API answers from the database
# ("degraded": true); writes use a longer timeout. After a failure the engine is skipped for
# SEARCH_DOWN_GRACE seconds, so a dead engine does not slow every request.
SEARCH_QUERY_TIMEOUT = float(env("SEARCH_QUERY_TIMEOUT", "2"))
SEARCH_DOWN_GRACE = float(env("SEARCH_DOWN_GRACE", "5"))
# Replicas of the search index: 0 on one node, 1 as soon as there are two (failover).
SEARCH_INDEX_REPLICAS = env("SEARCH_INDEX_REPLICAS", "0-1")
# Cross-lingual sentence embeddings (offline, bundled model) combined with the engine ranking.
SEARCH_SEMANTIC = env_bool("SEARCH_SEMANTIC", True)
if SEARCH_BACKEND != "database":
    # Our language analyzers, so that modelsearch (update_index) can build the search index too.
    from search.analysis import index_settings as _search_index_settings

    WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"] = _search_index_settings()
# --- end Search ---------------------------------------------------------------------------

# --- Security: headers, Content-Security-Policy, login throttling ---------------------------
# HTTPS (HSTS, SSL redirect, secure cookies, proxy headers) is switched on in production.py.
from datetime import timedelta  # noqa: E402

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS += ["csp", "axes"]
# The CSP header on every response (error pages too); axes last, to see every login's outcome.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "cms.security.SiteCSPMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # CSP frame-ancestors below is what current browsers apply
# Public pages: no inline script or style (static files, or the request's nonce).
# CSP_MEDIA_ORIGINS: extra origins of images and videos (a CDN in front of MEDIA_ROOT).
_csp_media = [SELF, *env_list("CSP_MEDIA_ORIGINS")]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [*_csp_media, "data:"],
        "media-src": _csp_media,
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }
}
# The admins and the API documentation: the templates of Wagtail, wagtail-localize, Django's
# admin and Swagger UI/Redoc (served from our static files) hold inline scripts and styles.
CSP_ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/", "/api/v1/docs/", "/api/v1/redoc/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "font-src": [SELF, "data:"],
        # avatars (Gravatar), oEmbed thumbnails and players in the editor, Redoc's workers
        "img-src": [*_csp_media, "data:", "blob:", "https:"],
        "media-src": _csp_media,
        "frame-src": [SELF, "https:"],
        "worker-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }
}
# Logins (Wagtail admin, which the wiki uses, and Django admin): after LOGIN_FAILURE_LIMIT
# failures for one user name from one address, that pair is locked for LOGIN_COOLOFF_MINUTES,
# whether or not the user exists; the same page is shown either way.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(env("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
# The client's address as the API throttling sees it (API_NUM_PROXIES hops of X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # lockouts; not every attempt or start
# The admin calls no third party (nothing calls the internet by default; the admin's CSP
# allows 'self' for connections): no Gravatar (editors' e-mail hashes), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# --- end Security ---------------------------------------------------------------------------
