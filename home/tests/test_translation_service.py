"""home.services.translation_create_or_update: linked, published translations of pages and snippets."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation

from home.services import translation_create_or_update
from toolbox.models import Partner


@pytest.mark.django_db
def test_translates_a_snippet_without_drafts():
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    es = Locale.objects.get_or_create(language_code="es")[0]
    partner = Partner.objects.create(
        key="cci-test",
        name="CCI Test",
        country="FR",
        locale=fr,
        description="<p>Accompagne les petites entreprises.</p>",
    )
    translated = translation_create_or_update(
        source=partner,
        locale=es,
        fields={"description": "<p>Acompaña a las pequeñas empresas.</p>"},
    )
    assert translated.locale == es
    assert translated.translation_key == partner.translation_key
    assert translated.description == "<p>Acompaña a las pequeñas empresas.</p>"
    assert translated.name == "CCI Test"  # synchronised, not translated
    assert Translation.objects.filter(
        target_locale=es, source__object_id=partner.translation_key
    ).exists()


@pytest.mark.django_db
def test_updating_a_translation_changes_it_in_place(demo):
    from toolbox.models import ThemePage

    source = ThemePage.objects.get(key="mobility", locale__language_code="fr")
    es = Locale.objects.get(language_code="es")
    updated = translation_create_or_update(
        source=source, locale=es, fields={"summary": "Resumen nuevo de movilidad."}
    )
    assert updated.pk == ThemePage.objects.get(key="mobility", locale=es).pk
    assert updated.live
    assert ThemePage.objects.get(key="mobility", locale=es).summary == "Resumen nuevo de movilidad."
