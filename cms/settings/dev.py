"""Local development: debug on, console email, everything else from the environment."""

from .base import *  # noqa: F401,F403
from .base import LOGGING, env_bool

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Without a broker (`make run`), tasks run in-process: one INFO line per task and kombu's
# "no hostname" warning are noise in the terminal. A worker's own log keeps them (base.py).
LOGGING = {
    **LOGGING,
    "loggers": {
        **LOGGING["loggers"],
        "celery.app.trace": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}
