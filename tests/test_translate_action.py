"""The admin's "Translate this page" (wagtail-localize) on a live item, end to end.

Before: the untranslated French copy went live under /es/ with lang="es", the API served it as
Spanish (no fallback) and the translation status report said "up to date". Now the copy is a
draft until a translator publishes it: visitors and the API get the stated fallback, the report
says "Not published yet".
"""

from __future__ import annotations

import pytest
from django.utils import translation
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation

from toolbox.models import GuidePage
from toolbox.staleness import UNPUBLISHED, translation_state
from toolbox.tests import factories as f

REPORT_URL = "/admin/reports/translation-status/"


@pytest.fixture
def guide(db):
    f.locales()
    for code in ("es", "pt", "en"):
        f.home(code)
    security = f.theme()
    section = f.section(f.partner())
    return f.guide(section, security, title="Guide des sauvegardes", key="backups")


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def translate_this_page(client, page, code: str):
    spanish = Locale.objects.get(language_code=code)
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [spanish.pk]})
    assert response.status_code == 302, response.content[:500]
    return GuidePage.objects.get(translation_key=page.translation_key, locale=spanish)


def test_translate_this_page_leaves_the_copy_unpublished_until_translated(
    editor_client, client, guide
):
    spanish = translate_this_page(editor_client, guide, "es")
    assert not spanish.live
    assert spanish.has_unpublished_changes

    # the status report does not call it up to date
    assert translation_state(source=guide, locale=spanish.locale).status == UNPUBLISHED
    rows = editor_client.get(f"{REPORT_URL}results/?locale=es").content.decode()
    assert 'data-status="unpublished"' in rows and "Not published yet" in rows

    # visitors: the copy is not served, the stable item URL states the fallback to French
    client.logout()
    assert client.get("/es/" + spanish.url_path.split("/", 2)[2]).status_code == 404
    served = client.get("/es/items/backups/")
    assert served.status_code == 200
    html = served.content.decode()
    assert 'lang="fr"' in html and "Guide des sauvegardes" in html

    # the API: French, marked as a fallback, and no Spanish version listed
    body = client.get("/api/v1/guides/backups/?lang=es&fallback=fr").json()
    assert (body["locale"], body["fallback"]) == ("fr", True)
    assert "es" not in {link["locale"] for link in body["translations"]}
    assert client.get("/api/v1/guides/?lang=es").json()["results"] == []


def test_once_translated_and_published_the_copy_is_spanish(
    editor_client, client, guide, django_capture_on_commit_callbacks
):
    spanish = translate_this_page(editor_client, guide, "es")
    translation_record = Translation.objects.get(
        source__object_id=guide.translation_key, target_locale=spanish.locale
    )
    for segment in translation_record.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=spanish.locale,
            context=segment.context,
            data="ES " + segment.string.data,
        )
    translation_record.save_target(publish=False)
    spanish.refresh_from_db()
    # the translator publishes from the editor; its commit renews the API's response cache
    with django_capture_on_commit_callbacks(execute=True):
        spanish.save_revision().publish()
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == "ES Guide des sauvegardes"
    body = client.get("/api/v1/guides/backups/?lang=es&fallback=fr").json()
    assert (body["locale"], body["fallback"]) == ("es", False)
    assert body["title"] == "ES Guide des sauvegardes"
    with translation.override("en"):
        assert translation_state(source=guide, locale=spanish.locale).status == "up_to_date"
