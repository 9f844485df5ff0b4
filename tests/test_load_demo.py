"""load_demo creates the trilingual site and can be run again without duplicating anything."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation

from home.models import HomePage
from toolbox.models import ThemePage


def counts():
    return {
        "locales": Locale.objects.count(),
        "pages": Page.objects.count(),
        "homes": HomePage.objects.count(),
        "themes": ThemePage.objects.count(),
        "translations": Translation.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent(capsys):
    call_command("load_demo", "--no-index")
    first = counts()
    out = capsys.readouterr().out
    assert "Admin login: admin / " in out
    assert first["locales"] == 4
    assert first["homes"] == 4
    assert first["themes"] == 40
    call_command("load_demo", "--no-index")
    assert counts() == first
    assert "nothing to add" in capsys.readouterr().out


@pytest.mark.django_db
def test_translations_are_linked_and_translated():
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)
    source = ThemePage.objects.get(key="security", locale__language_code="fr")
    translated = {p.locale.language_code: p.specific for p in source.get_translations()}
    assert translated["es"].title == "Seguridad de los sistemas de información"
    assert translated["pt"].summary.startswith("Cibersegurança")
    assert translated["en"].key == "security"
    assert {code: p.live for code, p in translated.items()} == {"es": True, "pt": True, "en": True}
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == HomePage.objects.get(locale__language_code="fr")
