"""Partner API keys at request time: authentication, quotas (429 + Retry-After), usage counts.

A request may carry a key as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. Without
one, the request is anonymous and throttled per client IP (``API_ANON_RATE``). A key that is
malformed, unknown, revoked or expired is refused with 401 rather than silently downgraded, so a
partner notices at once.

Counters live in the cache (Redis in production): one increment per request in a fixed window
of the key's quota period. Daily usage is written to the database at most once a minute per
key, so counting never costs a database write per request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import BaseThrottle
from wagtail.models import APIToken

from .models import APIKeyDailyUsage, PartnerAPIKey

KEY_SNAPSHOT = "api:key:{hash}"
KEY_SNAPSHOT_TIMEOUT = 300
USAGE_FLUSH_INTERVAL = 60
_MISSING = "missing"


@dataclass(frozen=True)
class KeySnapshot:
    """What a request needs to know about its key, cached so lookups cost no query."""

    id: int
    name: str
    quota: int
    period_seconds: int
    locale_codes: frozenset[str]
    theme_keys: frozenset[str]
    expires_at: float | None  # epoch seconds
    revoked: bool

    @property
    def restricted(self) -> bool:
        return bool(self.locale_codes or self.theme_keys)

    @property
    def scope(self) -> str:
        """Part of the response cache key: responses differ only for restricted keys."""
        return f"key:{self.id}" if self.restricted else "public"

    @property
    def active(self) -> bool:
        return not self.revoked and (self.expires_at is None or self.expires_at > time.time())


def _snapshot(key) -> KeySnapshot:
    return KeySnapshot(
        id=key.pk,
        name=key.name,
        quota=key.quota,
        period_seconds=key.period_seconds,
        locale_codes=key.locale_codes,
        theme_keys=key.theme_keys,
        expires_at=key.expires_at.timestamp() if key.expires_at else None,
        revoked=key.revoked_at is not None,
    )


def api_key_forget(key_hash: str) -> None:
    """Drop the cached snapshot of a key after it changed (called from signal handlers)."""
    cache.delete(KEY_SNAPSHOT.format(hash=key_hash))


def api_key_lookup(plaintext: str) -> KeySnapshot | None:
    """The key matching ``plaintext``, or None. Malformed keys cost no query."""
    if not APIToken.validate_token_format(plaintext):
        return None
    hashes = APIToken.candidate_key_hashes(plaintext)
    cache_key = KEY_SNAPSHOT.format(hash=hashes[0])
    cached = cache.get(cache_key)
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    key = PartnerAPIKey.objects.filter(key_hash__in=hashes).first()
    snapshot = _snapshot(key) if key else None
    cache.set(cache_key, snapshot or _MISSING, KEY_SNAPSHOT_TIMEOUT)
    return snapshot


PARTNER_ORIGINS = "api:partner-origins"


def partner_origins() -> frozenset[str]:
    """Origins set on active partner keys (for CORS), cached until a key changes."""
    origins = cache.get(PARTNER_ORIGINS)
    if origins is None:
        now = timezone.now()
        keys = PartnerAPIKey.objects.filter(revoked_at__isnull=True).exclude(allowed_origins="")
        origins = frozenset(
            origin
            for key in keys
            if key.expires_at is None or key.expires_at > now
            for origin in key.origins
        )
        cache.set(PARTNER_ORIGINS, origins, KEY_SNAPSHOT_TIMEOUT)
    return origins


def partner_origins_forget() -> None:
    cache.delete(PARTNER_ORIGINS)


def presented_key(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class PartnerKeyAuthentication(BaseAuthentication):
    """Sets ``request.auth`` to the partner's ``KeySnapshot``; the user stays anonymous."""

    def authenticate(self, request):
        plaintext = presented_key(request)
        if not plaintext:
            return None
        snapshot = api_key_lookup(plaintext)
        if snapshot is None:
            raise AuthenticationFailed(_("Unknown API key."))
        if not snapshot.active:
            raise AuthenticationFailed(_("This API key has been revoked or has expired."))
        return (AnonymousUser(), snapshot)

    def authenticate_header(self, request):
        return 'Bearer realm="cybersudoe"'


def parse_rate(rate: str) -> tuple[int, int]:
    """'300/minute' -> (300, 60)."""
    count, _slash, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[0]]
    return int(count), seconds


def _incr(key: str, timeout: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)


def _today() -> str:
    return time.strftime("%Y%m%d", time.gmtime())


USAGE_KEY = "api:usage:{id}:{day}"
THROTTLED_KEY = "api:usage-throttled:{id}:{day}"
FLUSH_LOCK = "api:usage-flush:{id}"


class QuotaThrottle(BaseThrottle):
    """Fixed-window quota: the key's own, ``API_USER_RATE`` per signed-in account, or
    ``API_ANON_RATE`` per IP for anonymous reads."""

    scope_rate_setting = "API_ANON_RATE"

    def allow_request(self, request, view):
        auth = getattr(request, "auth", None)
        snapshot = auth if isinstance(auth, KeySnapshot) else None
        now = time.time()
        user = getattr(request, "user", None)
        if snapshot is not None:
            limit, period = snapshot.quota, snapshot.period_seconds
            ident = f"key:{snapshot.id}"
        elif user is not None and user.is_authenticated:
            limit, period = parse_rate(settings.API_USER_RATE)
            ident = f"user:{user.pk}"
        else:
            limit, period = parse_rate(getattr(settings, self.scope_rate_setting))
            ident = f"{self.scope_rate_setting}:{self.get_ident(request)}"
        window = int(now // period)
        count = _incr(f"api:quota:{ident}:{period}:{window}", period + 5)
        reset = (window + 1) * period - now
        request.rate_limit = (limit, max(limit - count, 0), int(reset) + 1)
        allowed = count <= limit
        if snapshot is not None:
            api_key_count_usage(snapshot.id, throttled=not allowed)
        if not allowed:
            self._wait = reset
        return allowed

    def wait(self):
        return max(1, int(self._wait) + 1)

    def get_ident(self, request):
        """The client's address. X-Forwarded-For is only believed for the number of proxies
        we run behind (``API_NUM_PROXIES``), so a client cannot pick a fresh allowance by
        sending the header itself."""
        proxies = getattr(settings, "API_NUM_PROXIES", 0)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if proxies and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if hops:
                return hops[-min(proxies, len(hops))]
        return request.META.get("REMOTE_ADDR", "")


class WriteQuotaThrottle(QuotaThrottle):
    """Stricter anonymous rate for POST (diagnostic answers are computed, not cached)."""

    scope_rate_setting = "API_POST_ANON_RATE"


def api_key_count_usage(key_id: int, *, throttled: bool = False) -> None:
    """Count one request of a key; write the day's totals to the database once a minute."""
    day = _today()
    _incr(USAGE_KEY.format(id=key_id, day=day), 3 * 86400)
    if throttled:
        _incr(THROTTLED_KEY.format(id=key_id, day=day), 3 * 86400)
    if cache.add(FLUSH_LOCK.format(id=key_id), 1, USAGE_FLUSH_INTERVAL):
        api_key_usage_flush(key_id=key_id, day=day)


def api_key_usage_flush(*, key_id: int, day: str | None = None) -> None:
    """Copy a key's counters for ``day`` (default today, UTC) to the database.

    The cache holds the day's running total, so the write is idempotent: the stored count only
    ever grows to the cached one.
    """
    day = day or _today()
    values = cache.get_many(
        [USAGE_KEY.format(id=key_id, day=day), THROTTLED_KEY.format(id=key_id, day=day)]
    )
    requests = int(values.get(USAGE_KEY.format(id=key_id, day=day), 0))
    throttled = int(values.get(THROTTLED_KEY.format(id=key_id, day=day), 0))
    if not requests and not throttled:
        return  # nothing counted that day (or the counters expired): no empty rows
    date = timezone.datetime.strptime(day, "%Y%m%d").date()
    with transaction.atomic():
        if not PartnerAPIKey.objects.filter(pk=key_id).exists():
            return
        usage, _created = APIKeyDailyUsage.objects.select_for_update().get_or_create(
            key_id=key_id, day=date
        )
        if requests > usage.requests or throttled > usage.throttled:
            usage.requests = max(usage.requests, requests)
            usage.throttled = max(usage.throttled, throttled)
            usage.save(update_fields=["requests", "throttled"])
        totals = APIKeyDailyUsage.objects.filter(key_id=key_id).aggregate(
            requests=Sum("requests"), throttled=Sum("throttled")
        )
        PartnerAPIKey.objects.filter(pk=key_id).update(
            request_count=totals["requests"] or 0,
            throttled_count=totals["throttled"] or 0,
            last_used_at=timezone.now() if requests else F("last_used_at"),
        )
