"""Fixtures of the wiki tests: people in every role, and one group of each visibility."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Locale

from toolbox.models import Partner
from wiki import services
from wiki.models import Role, Visibility, WikiPage, WorkingGroup

PASSWORD = "pw-for-tests-1"


def make_partner(key: str = "cci-test", name: str = "CCI Test", country: str = "FR") -> Partner:
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    partner, _ = Partner.objects.get_or_create(
        key=key, locale=locale, defaults={"name": name, "country": country}
    )
    return partner


def make_user(username: str, *, partner: bool = True, language: str = "fr", **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    services.profile_update(
        user=user, partner=make_partner() if partner else None, language=language
    )
    return user


def make_group(slug: str, visibility: str = Visibility.GROUP, theme_key: str = "security"):
    return WorkingGroup.objects.create(
        name=slug.replace("-", " ").title(), slug=slug, theme_key=theme_key, visibility=visibility
    )


@dataclass
class World:
    coordinator: object
    member: object
    observer: object
    outsider: object  # a partner, not in the group
    stranger: object  # signed in, no partner organisation
    staff: object  # superuser, not in the group
    anonymous: object
    private: WorkingGroup
    partners: WorkingGroup
    public: WorkingGroup
    private_page: WikiPage
    partners_page: WikiPage
    public_page: WikiPage

    def role(self, name: str):
        return getattr(self, name)


ROLES = ["coordinator", "member", "observer", "outsider", "stranger", "staff", "anonymous"]


@pytest.fixture
def world(db) -> World:
    coordinator = make_user("coord", language="es")
    member = make_user("member", language="fr")
    observer = make_user("observer", language="pt")
    outsider = make_user("outsider", language="en")
    stranger = make_user("stranger", partner=False)
    staff = make_user("staff", partner=False, is_staff=True, is_superuser=True)
    groups = {}
    pages = {}
    for visibility in (Visibility.GROUP, Visibility.PARTNERS, Visibility.PUBLIC):
        group = make_group(f"{visibility}-group", visibility)
        services.membership_set(group=group, user=coordinator, role=Role.COORDINATOR)
        services.membership_set(group=group, user=member, role=Role.MEMBER)
        services.membership_set(group=group, user=observer, role=Role.OBSERVER)
        groups[visibility] = group
        pages[visibility] = services.page_create(
            group=group,
            title=f"Secret plan {visibility}",
            language="fr",
            content=f"# Intro\n\nText of {visibility} page.\n\n# Details\n\nMore {visibility}.\n",
            author=member,
        )
    return World(
        coordinator=coordinator,
        member=member,
        observer=observer,
        outsider=outsider,
        stranger=stranger,
        staff=staff,
        anonymous=AnonymousUser(),
        private=groups[Visibility.GROUP],
        partners=groups[Visibility.PARTNERS],
        public=groups[Visibility.PUBLIC],
        private_page=pages[Visibility.GROUP],
        partners_page=pages[Visibility.PARTNERS],
        public_page=pages[Visibility.PUBLIC],
    )


def client_for(client, user):
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client
