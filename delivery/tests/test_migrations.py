"""The API keys, webhooks and widgets moved from ``home`` to ``delivery`` without losing data.

The database is taken back to the state the previous release left it in (home 0002, no delivery
app), filled through the historical models as that release would have, then migrated forward.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import APIToken, Locale

from delivery.keys import api_key_lookup
from delivery.models import APIKeyDailyUsage, PartnerAPIKey, WebhookDelivery, WebhookEndpoint

BEFORE = [("home", "0002_integrations"), ("delivery", None)]


def migrate(targets):
    """Migrate to ``targets``; the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_keys_usage_rows_and_deliveries_survive_the_move_from_home():
    secret = APIToken.generate_token()
    old = migrate(BEFORE)
    assert "home_partnerapikey" in table_names()
    assert "delivery_partnerapikey" not in table_names()

    locale = old.get_model("wagtailcore", "Locale").objects.get(language_code="fr")
    key = old.get_model("home", "PartnerAPIKey").objects.create(
        name="CCI Toulouse website",
        prefix="abcd1234",
        key_hash=APIToken.hash_token(secret),
        quota=500,
        request_count=42,
    )
    key.allowed_locales.add(locale)
    old.get_model("home", "APIKeyDailyUsage").objects.create(
        key=key, day=dt.date(2026, 11, 30), requests=40, throttled=2
    )
    endpoint = old.get_model("home", "WebhookEndpoint").objects.create(
        name="Partner CMS", url="https://partner.example.org/hook", events=["item.published"]
    )
    endpoint.locales.add(locale)
    old.get_model("home", "WebhookDelivery").objects.create(
        endpoint=endpoint, event="item.published", payload={"id": "x"}, status="delivered"
    )
    old_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="home", model="partnerapikey"
    )
    editors = Group.objects.create(name="Integration managers")
    editors.permissions.add(
        Permission.objects.get(content_type_id=old_type.pk, codename="view_partnerapikey")
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert {"delivery_partnerapikey", "delivery_partnerapikey_allowed_locales"} <= table_names()
    assert not {
        name for name in table_names() if name.startswith("home_") and name != "home_homepage"
    }
    moved = PartnerAPIKey.objects.get(name="CCI Toulouse website")
    assert (moved.quota, moved.request_count) == (500, 42)
    assert list(moved.allowed_locales.all()) == [Locale.objects.get(language_code="fr")]
    assert list(
        APIKeyDailyUsage.objects.filter(key=moved).values_list("requests", "throttled")
    ) == [(40, 2)]
    assert api_key_lookup(secret).id == moved.pk  # the partner's key still works
    hook = WebhookEndpoint.objects.get(name="Partner CMS")
    assert [d.status for d in WebhookDelivery.objects.filter(endpoint=hook)] == ["delivered"]
    assert hook.locales.count() == 1
    # The content type moved with its id, so the group keeps its permission.
    new_type = ContentType.objects.get_for_model(PartnerAPIKey)
    assert new_type.pk == old_type.pk and new_type.app_label == "delivery"
    assert (
        Group.objects.get(name="Integration managers")
        .permissions.filter(codename="view_partnerapikey", content_type=new_type)
        .exists()
    )
    assert not ContentType.objects.filter(app_label="home", model="partnerapikey").exists()
