"""The response cache of the delivery API and its invalidation.

Every cached response is stored under the current *content generation*, a counter in the
cache that is incremented after any change to published content commits (publish, unpublish,
a translation published, a page moved or deleted, a view restriction, a partner edited...).
Bumping the counter makes every earlier entry unreachable at once, so no path-by-path purge can
be forgotten and a visitor never gets content that has since been unpublished.

A reader must read the generation *before* it queries the database: the bump happens after the
commit, so a response computed from pre-commit data is always stored under an older generation.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.http import http_date

GENERATION_KEY = "api:content-generation"
CHANGED_AT_KEY = "api:content-changed-at"
RESPONSE_KEY = "api:response:{generation}:{digest}"


@dataclass(frozen=True)
class ContentState:
    """The generation responses are cached under, and when published content last changed."""

    generation: int
    changed_at: int  # epoch seconds, what Last-Modified reports

    @property
    def last_modified(self) -> str:
        return http_date(self.changed_at)


def content_state() -> ContentState:
    """The current generation, created on first use (one cache round trip when it exists)."""
    values = cache.get_many([GENERATION_KEY, CHANGED_AT_KEY])
    generation = values.get(GENERATION_KEY)
    changed_at = values.get(CHANGED_AT_KEY)
    if generation is None or changed_at is None:
        # A flushed cache starts a new era: a generation nobody has used (never reuse a number)
        # and "changed now", which only makes clients revalidate once.
        # Microseconds: far above any count of bumps, and never the same twice.
        seed = time.time_ns() // 1000
        cache.add(GENERATION_KEY, seed, timeout=None)
        cache.add(CHANGED_AT_KEY, seed // 1_000_000, timeout=None)
        values = cache.get_many([GENERATION_KEY, CHANGED_AT_KEY])
        generation = values.get(GENERATION_KEY, seed)
        changed_at = values.get(CHANGED_AT_KEY, seed // 1_000_000)
    return ContentState(generation=int(generation), changed_at=int(changed_at))


def content_changed_now() -> None:
    """Invalidate every cached response, right away (callers normally use ``content_changed``)."""
    previous = content_state()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between the two calls
        cache.set(GENERATION_KEY, previous.generation + 1, timeout=None)
    # Last-Modified moves forward by at least a second, so a client revalidating with
    # If-Modified-Since (second precision) never gets a 304 for changed content.
    cache.set(CHANGED_AT_KEY, max(int(time.time()), previous.changed_at + 1), timeout=None)


def content_changed() -> None:
    """Invalidate cached responses once the current transaction commits."""
    transaction.on_commit(content_changed_now)


def response_cache_key(generation: int, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return RESPONSE_KEY.format(generation=generation, digest=digest)


def cached_response_get(key: str):
    return cache.get(key)


def cached_response_set(key: str, value) -> None:
    cache.set(key, value, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
