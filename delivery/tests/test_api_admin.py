"""The admin side of partner integrations: API keys, webhooks and their delivery log."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from delivery.models import PartnerAPIKey, WebhookDelivery, WebhookEndpoint
from toolbox.tests import factories as f


@pytest.fixture
def tree(db):
    f.locales()
    return {"security": f.theme(), "partner": f.partner()}


def test_a_key_is_shown_once_and_only_its_digest_is_stored(admin_client, tree):
    response = admin_client.post(
        "/admin/partner_api_keys/new/",
        {
            "name": "CCI Toulouse website",
            "partner": tree["partner"].pk,
            "contact_email": "web@cci.example",
            "quota": 500,
            "quota_period": "hour",
            "allowed_locales": [f.locales()["es"].pk],
            "allowed_origins": "https://www.cci-toulouse.fr",
        },
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    html = response.content.decode()
    [plaintext] = re.findall(r'value="(wagtail_[0-9A-Za-z]+)"', html)
    key = PartnerAPIKey.objects.get()
    assert plaintext not in (key.key_hash, key.prefix) and plaintext.startswith(key.prefix)
    assert key.locale_codes == {"es"}
    # the key works, and the edit page never shows it again
    api = admin_client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert api.status_code == 200 and api.json()["locale"]["requested"] == "es"
    edit = admin_client.get(f"/admin/partner_api_keys/edit/{key.pk}/").content.decode()
    assert plaintext not in edit and key.prefix in edit
    assert "1 requests in all" in edit or "1 requêtes au total" in edit


def test_revoking_a_key_in_the_admin(admin_client, tree):
    key, plaintext = PartnerAPIKey.issue(name="Old site")
    key.save()
    response = admin_client.post(
        f"/admin/partner_api_keys/edit/{key.pk}/",
        {"name": "Old site", "quota": 1000, "quota_period": "hour", "revoke": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert admin_client.get("/api/v1/themes/", HTTP_X_API_KEY=plaintext).status_code == 401
    listing = admin_client.get("/admin/partner_api_keys/").content.decode()
    assert "Old site" in listing


def test_webhook_endpoints_and_the_delivery_log(admin_client, tree):
    response = admin_client.post(
        "/admin/webhook_endpoints/new/",
        {
            "name": "Socio",
            "url": "https://socio.example/hooks",
            "events": ["item.published", "translation.published"],
            "secret": "whsec_test",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["item.published", "translation.published"]
    refused = admin_client.post(
        "/admin/webhook_endpoints/new/",
        {"name": "x", "url": "https://x.example", "events": ["item.exploded"], "secret": "s"},
    )
    assert refused.status_code == 200 and not WebhookEndpoint.objects.filter(name="x").exists()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="item.published", payload={"event": "item.published"}
    )
    assert "Socio" in admin_client.get("/admin/webhook_deliveries/").content.decode()
    inspect = admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/")
    assert inspect.status_code == 200 and "item.published" in inspect.content.decode()
    with pytest.raises(NoReverseMatch):  # deliveries come from publishing, never by hand
        reverse("webhook_deliveries:add")
