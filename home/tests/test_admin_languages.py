"""The Wagtail admin is available in the four languages."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.users.models import UserProfile

ENGLISH = "Dashboard"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es", "pt-pt", "en"])
def test_admin_speaks_the_editors_language(client, language):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    with translation.override(language):
        expected = translation.gettext(ENGLISH)
    if language != "en":
        assert expected != ENGLISH, f"no admin catalogue for {language}"
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert f'lang="{language}"' in html or f'lang="{language.split("-")[0]}"' in html
