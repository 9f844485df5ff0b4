"""Version numbers in the shared cache: how processes learn that something they keep changed.

Each process keeps some state in memory (the thesaurus entries, the document vectors, the
answers about which words the index knows, ...) and reads a version number from the shared
cache before using it; whoever changes the underlying data bumps the number.
"""

from __future__ import annotations

from django.core.cache import cache


def bump(key: str) -> None:
    """Increase the version stored under ``key`` (1 when there is none yet)."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)
