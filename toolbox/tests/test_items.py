"""Rules shared by every toolbox item: key, partner, references across translations."""

import pytest
from django.core.exceptions import ValidationError

from home.services import translation_create_or_update
from toolbox.models import ToolboxItemPage

from . import factories


def test_key_is_derived_from_the_title(tree):
    guide = factories.guide(tree["section"], tree["security"], title="Sauvegardes : la règle 3-2-1")
    assert guide.key == "sauvegardes-la-regle-3-2-1"


def test_derived_key_is_made_unique_across_item_types(tree):
    first = factories.guide(tree["section"], tree["security"], title="Rançongiciels")
    second = factories.video(tree["section"], tree["security"], title="Rançongiciels")
    assert first.key == "rancongiciels"
    assert second.key == "rancongiciels-2"


def test_an_explicit_key_used_by_another_item_is_refused(tree):
    factories.guide(tree["section"], tree["security"], key="backups")
    other = factories.video(tree["section"], tree["security"], title="Autre")
    other.key = "backups"
    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()
    assert "backups" in excinfo.value.message_dict["key"][0]


def test_translations_share_the_key_and_point_to_their_own_locale(tree):
    locs = factories.locales()
    es_security = translation_create_or_update(
        source=tree["security"],
        locale=locs["es"],
        fields={"title": "Seguridad", "slug": "seguridad"},
    )
    es_partner = tree["partner"].copy_for_translation(locs["es"])
    es_partner.save()
    guide = factories.guide(tree["section"], tree["security"], title="Guide des sauvegardes")
    assert guide.partner == tree["partner"]
    es_guide = translation_create_or_update(
        source=guide, locale=locs["es"], fields={"title": "Guía de copias de seguridad"}
    )
    assert es_guide.key == guide.key == "guide-des-sauvegardes"
    assert es_guide.title == "Guía de copias de seguridad"
    assert es_guide.theme == es_security
    assert es_guide.partner == es_partner
    assert es_guide.get_parent().specific.partner == es_partner
    assert ToolboxItemPage.objects.filter(key=guide.key).count() == 2


def test_sectors_and_audiences_follow_the_locale(tree):
    locs = factories.locales()
    es_tourism = translation_create_or_update(
        source=tree["tourism"], locale=locs["es"], fields={"title": "Turismo", "slug": "turismo"}
    )
    micro = factories.audience()
    es_micro = micro.copy_for_translation(locs["es"])
    es_micro.name = "Microempresas"
    es_micro.save()
    guide = factories.guide(tree["section"], tree["security"])
    guide.sectors = [tree["tourism"]]
    guide.audiences = [micro]
    factories.publish(guide)
    es_guide = translation_create_or_update(source=guide, locale=locs["es"], fields={})
    assert list(es_guide.sectors.all()) == [es_tourism]
    assert list(es_guide.audiences.all()) == [es_micro]


def test_tags_are_shared_by_translations(tree):
    guide = factories.guide(tree["section"], tree["security"])
    guide.tags.add("ransomware", "RGPD")
    factories.publish(guide)
    es_guide = translation_create_or_update(
        source=guide, locale=factories.locales()["es"], fields={}
    )
    assert sorted(es_guide.tags.names()) == ["RGPD", "ransomware"]


def test_network_section_items_have_no_partner(tree):
    network = factories.section(None)
    guide = factories.guide(network, tree["security"])
    assert guide.partner is None
    assert guide.item_type == "guide"


def test_reading_time_is_computed_from_the_body(tree):
    words = " ".join(["mot"] * 650)
    guide = factories.guide(tree["section"], tree["security"], body=factories.paragraph(words))
    assert guide.reading_time == 4  # 650 words + summary, at 200 a minute, rounded up
    short = factories.guide(tree["section"], tree["security"], title="Court", body=[])
    assert short.reading_time == 1
