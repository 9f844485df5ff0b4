"""Search settings with their defaults (see the "Search (search app)" block of cms/settings)."""

from django.conf import settings


def query_timeout() -> float:
    return float(getattr(settings, "SEARCH_QUERY_TIMEOUT", 2))


def down_grace() -> float:
    return float(getattr(settings, "SEARCH_DOWN_GRACE", 5))


def index_replicas() -> str:
    return str(getattr(settings, "SEARCH_INDEX_REPLICAS", "0-1"))


def semantic_enabled() -> bool:
    return bool(getattr(settings, "SEARCH_SEMANTIC", True))
