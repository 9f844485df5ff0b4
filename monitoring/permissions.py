"""Who sees what of the programme monitoring. One place, used by the admin views, the
exports, attachment downloads, the API and the alerts.

- A partner's staff (members of the partner's editor group, or whose wiki profile names the
  partner) see their partner's missions and reports, and fill in its semester reports.
- The lead partner's staff (``MONITORING_LEAD_PARTNER``, Cybermassif by default) and
  superusers see everything, approve and return reports.
- Anybody else sees nothing: every path answers 404, as if monitoring did not exist.

Partners are translatable rows; a partner is identified by its ``translation_key`` so that
every locale's row of the same organisation counts as the same partner.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from toolbox.models import Partner

_CACHE_ATTR = "_monitoring_partner_keys"
_LEAD_CACHE_ATTR = "_monitoring_is_lead"


def lead_partner_key() -> str:
    return getattr(settings, "MONITORING_LEAD_PARTNER", "cybermassif")


def partner_keys_of(user) -> frozenset[uuid.UUID]:
    """translation_keys of the partners ``user`` works for (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            Partner.objects.filter(
                Q(editor_group__user=user) | Q(wiki_profiles__user=user)
            ).values_list("translation_key", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def is_lead(user) -> bool:
    """Lead-partner staff and superusers: see every partner, approve reports."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _LEAD_CACHE_ATTR, None)
    if cached is None:
        lead = Partner.objects.filter(key=lead_partner_key()).values_list(
            "translation_key", flat=True
        )
        cached = bool(partner_keys_of(user) & set(lead))
        setattr(user, _LEAD_CACHE_ATTR, cached)
    return cached


def has_access(user) -> bool:
    return is_lead(user) or bool(partner_keys_of(user))


def visible_partner_keys(user) -> frozenset[uuid.UUID] | None:
    """None means every partner (lead); an empty set means none."""
    if is_lead(user):
        return None
    return partner_keys_of(user)


def filter_by_partner(queryset: QuerySet, user, field: str = "partner") -> QuerySet:
    """``queryset`` restricted to the rows of partners ``user`` may see."""
    keys = visible_partner_keys(user)
    if keys is None:
        return queryset
    return queryset.filter(**{f"{field}__translation_key__in": keys})


def can_see_partner(user, partner: Partner) -> bool:
    keys = visible_partner_keys(user)
    return keys is None or partner.translation_key in keys


def can_edit_report(user, partner: Partner) -> bool:
    """Only the partner's own staff fill in its report (the lead fills in its own)."""
    return partner.translation_key in partner_keys_of(user) or bool(
        user.is_authenticated and user.is_superuser
    )


def staff_of(partner: Partner) -> QuerySet:
    """Active users who work for ``partner`` (any of its translations), as ``partner_keys_of``
    counts them: members of its editor group or whose wiki profile names it."""
    rows = Partner.objects.filter(translation_key=partner.translation_key)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__in=rows.exclude(editor_group=None).values("editor_group"))
            | Q(wiki_profile__partner__in=rows)
        )
        .distinct()
    )


def lead_staff() -> QuerySet:
    """Active users of the lead partner (those who approve reports and hear every alert)."""
    lead = Partner.objects.filter(key=lead_partner_key()).first()
    if lead is None:
        return get_user_model().objects.none()
    return staff_of(lead)
