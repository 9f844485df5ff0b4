"""Locale negotiation: ``?lang=pt&fallback=es,fr`` and the strict ``?locale=es`` filter.

- ``lang`` names the language wanted (default: the site's default language);
  ``fallback`` the languages to try, in order, for content that has no ``lang`` version.
  Each translatable thing (a page and its translations share a ``translation_key``) is served
  once, in the first language of that chain in which it is visible.
- ``locale`` is a strict filter: only content in that language, never a fallback.

Every response says which locale it served and whether that is a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied, ValidationError
from wagtail.models import Locale

from delivery.cache import content_state

_locale_memo: tuple[int, dict[str, int]] | None = None


def locale_ids(generation: int | None = None) -> dict[str, int]:
    """``{language_code: Locale id}`` for the configured languages, memoised per generation."""
    global _locale_memo
    if generation is None:
        generation = content_state().generation
    if _locale_memo is None or _locale_memo[0] != generation:
        configured = [code for code, _name in settings.LANGUAGES]
        rows = dict(
            Locale.objects.filter(language_code__in=configured).values_list("language_code", "pk")
        )
        _locale_memo = (generation, {code: rows[code] for code in configured if code in rows})
    return _locale_memo[1]


@dataclass(frozen=True, eq=False)
class LocaleChain:
    """The languages to serve, in order of preference."""

    requested: str
    chain: tuple[str, ...]
    strict: bool  # True for ?locale=: no fallback
    ids: dict  # language code -> Locale id

    @property
    def fallbacks(self) -> tuple[str, ...]:
        return self.chain[1:]

    def served(self, code: str) -> dict:
        return {"locale": code, "fallback": code != self.requested}

    def as_dict(self) -> dict:
        return {"requested": self.requested, "chain": list(self.chain)}

    def apply(self, queryset: QuerySet, visible: QuerySet) -> QuerySet:
        """Keep, for each translation_key, the version in the best language of the chain.

        ``visible`` is everything a reader may see, before the reader's own filters: a version
        in a later language is dropped when the same content is visible in an earlier one.
        """
        ids = self.ids
        queryset = queryset.filter(locale_id__in=[ids[code] for code in self.chain])
        for position, code in enumerate(self.chain[1:], start=1):
            better = visible.filter(locale_id__in=[ids[c] for c in self.chain[:position]]).values(
                "translation_key"
            )
            queryset = queryset.exclude(Q(locale_id=ids[code]) & Q(translation_key__in=better))
        return queryset


def _codes(value: str) -> list[str]:
    return [code.strip().lower() for code in value.split(",") if code.strip()]


def negotiate(
    params, allowed: frozenset[str] = frozenset(), generation: int | None = None
) -> LocaleChain:
    """The chain asked for by the query parameters, or a 400 naming each bad parameter.

    ``allowed`` restricts the languages (a partner key's restriction; empty means all): asking
    for another language is refused with 403.
    """
    available = locale_ids(generation)
    errors: dict[str, list[str]] = {}
    lang = params.get("lang", "").strip().lower()
    strict = params.get("locale", "").strip().lower()
    fallback = _codes(params.get("fallback", ""))

    def unknown(code: str) -> str:
        return _("Unknown language '%(code)s'. Available: %(available)s.") % {
            "code": code,
            "available": ", ".join(available),
        }

    if lang and strict:
        errors["locale"] = [_("Use either lang (with an optional fallback) or locale, not both.")]
    if strict and fallback:
        errors["fallback"] = [_("fallback only applies to lang; locale never falls back.")]
    for name, code in (("lang", lang), ("locale", strict)):
        if code and code not in available:
            errors.setdefault(name, []).append(unknown(code))
    bad_fallbacks = [code for code in fallback if code not in available]
    if bad_fallbacks:
        errors.setdefault("fallback", []).extend(unknown(code) for code in bad_fallbacks)
    if errors:
        raise ValidationError(errors)

    requested = lang or strict
    if not requested:
        default = settings.LANGUAGE_CODE
        requested = default if not allowed or default in allowed else sorted(allowed)[0]
    chain = [requested]
    for code in fallback:
        if code not in chain:
            chain.append(code)

    if allowed:
        refused = [code for code in chain if code not in allowed]
        if refused:
            raise PermissionDenied(
                _("This API key may only read %(allowed)s; not %(refused)s.")
                % {"allowed": ", ".join(sorted(allowed)), "refused": ", ".join(refused)}
            )
    return LocaleChain(requested=requested, chain=tuple(chain), strict=bool(strict), ids=available)
