"""What visitors find comes from the real, published content: every kind of item, the text of
the PDF documents an item offers, editors' picks, and pages moved in the tree.

Content is created with the toolbox's own builders and published; the index is updated by the
real signal handlers and the Celery task (run on commit), on the real engine.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile

from search.tests.fixtures import make_pdf, search_engine  # noqa: F401
from toolbox.tests import factories


def pdf_document(title: str, text: str, collection=None):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    document = get_document_model()(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(make_pdf(text)))
    document.save()
    return document


def search(client, q, **params):
    response = client.get("/api/v1/search/", {"q": q, "lang": "fr", **params})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["degraded"] is False
    return data["results"]


@pytest.fixture
def site(search_engine, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        factories.home()
        security = factories.theme()
        partner = factories.partner(name="Cybermassif Auvergne")
        section = factories.section(partner)
    return {"engine": search_engine, "security": security, "section": section}


@pytest.mark.django_db
def test_every_kind_of_item_is_found(site, client, django_capture_on_commit_callbacks):
    section, security = site["section"], site["security"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.guide(section, security, title="Guide des sauvegardes chiffrées")
        factories.video(section, security, title="Vidéo hameçonnage bancaire")
        factories.best_practice(section, security, title="Ateliers mutualisés artisans")
        factories.event(section, security, title="Conférence authentification forte")
        factories.diagnostic(section, security, title="Autodiagnostic messagerie")
    site["engine"].refresh()
    for q, kind in [
        ("sauvegardes chiffrées", "guide"),
        ("hameçonnage bancaire", "video"),
        ("ateliers mutualisés", "best_practice"),
        ("authentification forte", "event"),
        ("autodiagnostic messagerie", "diagnostic"),
    ]:
        results = search(client, q)
        assert results, q
        assert results[0]["type"] == kind, (q, results[0])
    # themes and partners come apart from the items, as "see also"
    for q, kind in [("Cybermassif Auvergne", "partner"), ("Sécurité", "theme")]:
        data = client.get("/api/v1/search/", {"q": q, "lang": "fr"}).json()
        assert kind not in {r["type"] for r in data["results"]}, q
        assert data["see_also"] and data["see_also"][0]["type"] == kind, (q, data["see_also"])
        assert (
            client.get("/api/v1/search/", {"q": q, "lang": "fr", "type": kind}).json()["results"][
                0
            ]["type"]
            == kind
        )
    event = search(client, "authentification forte", type="event")[0]
    assert event["city"] == "Clermont-Ferrand" and event["start"]
    # the partner of the section an item lives in is a filter and a facet (the partner's own
    # entry included)
    response = client.get("/api/v1/search/", {"q": "", "partner": "cybermassif"}).json()
    assert response["count"] == 5 and response["facets"]["partner"] == {"cybermassif": 5}
    assert {r["type"] for r in response["results"]} == {
        "guide",
        "video",
        "best_practice",
        "event",
        "diagnostic",
    }
    assert client.get("/api/v1/search/", {"q": "", "partner": "other"}).json()["count"] == 0


@pytest.mark.django_db
def test_text_of_offered_pdf_finds_the_item(site, client, django_capture_on_commit_callbacks):
    from wagtail.models import Collection, CollectionViewRestriction

    section, security = site["section"], site["security"]
    public = pdf_document("Fiche reflexe", "Procedure zythogramme pour les incidents")
    private_collection = Collection.get_first_root_node().add_child(name="Partenaires")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    private = pdf_document("Note interne", "Tarifs quixotisme confidentiels", private_collection)
    with django_capture_on_commit_callbacks(execute=True):
        guide = factories.guide(
            section,
            security,
            title="Réagir à un incident",
            documents=json.dumps(
                [
                    {
                        "type": "document",
                        "value": {"document": d.pk, "title": "", "description": ""},
                    }
                    for d in (public, private)
                ]
            ),
        )
    site["engine"].refresh()

    results = search(client, "zythogramme")
    assert [r["key"] for r in results] == [guide.key]  # the item offering it, not the file
    assert results[0]["title"] == "Réagir à un incident"
    assert results[0]["url"] == guide.url
    # a document in a restricted collection is not for every visitor: its text is not found
    assert search(client, "quixotisme") == []

    # the collection made public: the items offering its documents are re-indexed
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.filter(collection=private_collection).delete()
    site["engine"].refresh()
    assert [r["key"] for r in search(client, "quixotisme")] == [guide.key]


@pytest.mark.django_db
def test_editors_pick_comes_first(site, client, django_capture_on_commit_callbacks):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    section, security = site["section"], site["security"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.guide(section, security, title="Sauvegardes : la règle 3-2-1")
        pick = factories.guide(
            section, security, title="Externaliser", summary="Confier ses sauvegardes."
        )
    site["engine"].refresh()
    assert search(client, "sauvegardes")[0]["title"] == "Sauvegardes : la règle 3-2-1"

    SearchPromotion.objects.create(query=Query.get("sauvegardes"), page=pick, sort_order=0)
    first = search(client, "Sauvegardes")[0]
    assert first["title"] == "Externaliser" and first["promoted"] is True
    assert "promoted" not in search(client, "règle 3-2-1")[0]


@pytest.mark.django_db
def test_moved_page_is_found_at_its_new_address(site, client, django_capture_on_commit_callbacks):
    section, security = site["section"], site["security"]
    other = factories.section(factories.partner(key="cybersud", name="Cybersud"))
    with django_capture_on_commit_callbacks(execute=True):
        guide = factories.guide(section, security, title="Guide du télétravail serein")
    site["engine"].refresh()
    before = search(client, "télétravail serein")[0]["url"]
    assert before == guide.url

    with django_capture_on_commit_callbacks(execute=True):
        guide.move(other, pos="last-child")
    site["engine"].refresh()
    guide.refresh_from_db()
    after = search(client, "télétravail serein")[0]["url"]
    assert after == guide.url and after != before and "/cybersud/" in after


@pytest.mark.django_db
def test_new_translation_is_shown_in_the_readers_language(
    site, client, django_capture_on_commit_callbacks
):
    from home.services import translation_create_or_update

    section, security = site["section"], site["security"]
    locale_es = factories.locales()["es"]
    with django_capture_on_commit_callbacks(execute=True):
        guide = factories.guide(
            section, security, title="Chiffrer ses sauvegardes", summary="Le chiffrement."
        )
    site["engine"].refresh()
    result = search(client, "chiffrer sauvegardes", lang="es")[0]
    assert (result["locale"], result["title"]) == ("fr", "Chiffrer ses sauvegardes")

    with django_capture_on_commit_callbacks(execute=True):
        factories.home("es")
        translation_create_or_update(source=security, locale=locale_es, fields={})
        translation_create_or_update(source=section, locale=locale_es, fields={})
        translation_create_or_update(
            source=guide,
            locale=locale_es,
            fields={"title": "Cifrar las copias de seguridad", "summary": "El cifrado."},
        )
    site["engine"].refresh()
    result = search(client, "chiffrer sauvegardes", lang="es")[0]
    assert (result["locale"], result["title"]) == ("es", "Cifrar las copias de seguridad")
    assert result["matched_locale"] == "fr"
    assert {t["locale"] for t in result["translations"]} == {"fr", "es"}
    assert search(client, "cifrar copias", lang="es")[0]["matched_locale"] == "es"
