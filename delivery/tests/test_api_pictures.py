"""Items' pictures in the APIs: v1 ``picture`` (alt, size, absolute URLs of a fixed-size
rendition and a thumbnail) and v2 ``picture`` / ``picture_thumbnail`` (Wagtail's rendition
shape), on the reader's host, shared by translations, a video's poster when it has no
picture, null without one or when the image is in a private collection."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from home.services import translation_create_or_update
from toolbox.tests import factories as f

from .support import build_catalogue, results

DESCRIPTION = "Un serveur de sauvegarde dans une armoire"


def photo(name="sauvegarde.png", description=DESCRIPTION, **kwargs) -> Image:
    return Image.objects.create(
        title=name,
        description=description,
        file=get_test_image_file(name, size=(1600, 900)),
        **kwargs,
    )


@pytest.fixture
def cat(db, settings):
    # /media/images/ served as in production (cms.security.PublicMediaMiddleware)
    settings.MIDDLEWARE = ["cms.security.PublicMediaMiddleware", *settings.MIDDLEWARE]
    settings.PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/")
    settings.PUBLIC_MEDIA_MAX_AGE = 60
    catalogue = build_catalogue()
    guide = catalogue.guide
    guide.picture = photo()
    f.publish(guide)
    # the translation brought up to date with its source: the picture comes along
    catalogue.guide_es = translation_create_or_update(
        source=guide, locale=catalogue.locales["es"], fields={"title": "Guía de copias"}
    )
    catalogue.video.poster = photo("affiche.png", description="")
    f.publish(catalogue.video)
    cache.clear()
    return catalogue


def by_key(response) -> dict[str, dict]:
    return {entry["key"]: entry for entry in results(response)}


def assert_serves_an_image(client, url: str, content_type: str = "image/png") -> None:
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type


def test_v1_items_have_their_picture_with_absolute_urls(client, cat):
    guide = by_key(client.get("/api/v1/guides/"))[cat.guide.key]
    picture = guide["picture"]
    assert set(picture) == {"alt", "width", "height", "url", "thumbnail_url"}
    assert picture["alt"] == DESCRIPTION
    assert (picture["width"], picture["height"]) == (1200, 675)
    assert re.fullmatch(
        r"http://testserver/media/images/sauvegarde[^/]*fill-1200x675\.png", picture["url"]
    )
    assert re.fullmatch(
        r"http://testserver/media/images/sauvegarde[^/]*fill-480x270\.png", picture["thumbnail_url"]
    )
    assert_serves_an_image(client, picture["url"])
    assert_serves_an_image(client, picture["thumbnail_url"])
    # the detail says the same, and items without a picture say null
    detail = client.get(f"/api/v1/guides/{cat.guide.key}/").json()
    assert detail["picture"] == picture
    best_practice = client.get(f"/api/v1/best-practices/{cat.best_practice.pk}/").json()
    assert best_practice["picture"] is None


def test_v1_a_video_without_picture_gives_its_poster(client, cat):
    items = by_key(client.get("/api/v1/items/?type=video,guide"))
    video = items[cat.video.key]
    assert re.search(r"/media/images/affiche[^/]*fill-1200x675\.png$", video["picture"]["url"])
    assert video["picture"]["alt"] == ""  # no description: decorative
    assert video["picture"] == client.get(f"/api/v1/videos/{cat.video.pk}/").json()["picture"]


def test_v1_translations_share_the_picture(client, cat):
    spanish = by_key(client.get("/api/v1/guides/?lang=es"))[cat.guide.key]
    assert spanish["locale"] == "es"
    french = client.get(f"/api/v1/guides/{cat.guide.key}/").json()
    assert spanish["picture"] == french["picture"]


@override_settings(ALLOWED_HOSTS=["cms.example.org", "testserver"])
def test_v1_picture_urls_are_on_the_readers_host(client, cat):
    response = client.get(
        f"/api/v1/items/{cat.guide.pk}/", HTTP_HOST="cms.example.org:8443", secure=True
    )
    picture = response.json()["picture"]
    assert picture["url"].startswith("https://cms.example.org:8443/media/images/")
    assert picture["thumbnail_url"].startswith("https://cms.example.org:8443/media/images/")


def test_v1_sparse_fields_leave_the_picture_out(client, cat):
    guide = by_key(client.get("/api/v1/guides/?fields=key,title"))[cat.guide.key]
    assert "picture" not in guide
    guide = by_key(client.get("/api/v1/guides/?fields=key,picture"))[cat.guide.key]
    assert guide["picture"]["alt"] == DESCRIPTION


def test_v1_pictures_of_a_listing_cost_the_same_queries_for_more_items(client, cat):
    def queries_for_listing() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert results(client.get("/api/v1/guides/?page_size=50"))
        return len(queries.captured_queries)

    queries_for_listing()  # renditions made once
    few = queries_for_listing()
    for n in range(3):
        f.guide(cat.section, cat.security, title=f"Guide illustré {n}", picture=photo(f"g{n}.png"))
    queries_for_listing()
    assert queries_for_listing() == few


def test_v1_a_picture_in_a_private_collection_is_null(client, cat):
    private = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    Image.objects.filter(pk=cat.guide.picture_id).update(collection=private)
    cache.clear()
    assert client.get(f"/api/v1/guides/{cat.guide.key}/").json()["picture"] is None
    [v2_guide] = client.get(
        "/api/v2/pages/?type=toolbox.GuidePage&locale=fr&fields=picture,picture_thumbnail"
    ).json()["items"]
    assert v2_guide["picture"] is None and v2_guide["picture_thumbnail"] is None


def test_v2_pages_give_picture_renditions(client, cat):
    [guide] = client.get(
        "/api/v2/pages/?type=toolbox.GuidePage&locale=fr&fields=picture,picture_thumbnail"
    ).json()["items"]
    picture, thumbnail = guide["picture"], guide["picture_thumbnail"]
    assert set(picture) == {"url", "full_url", "width", "height", "alt"}
    assert (picture["width"], picture["height"], picture["alt"]) == (1200, 675, DESCRIPTION)
    assert (thumbnail["width"], thumbnail["height"]) == (480, 270)
    assert picture["full_url"] == "http://testserver" + picture["url"]
    assert_serves_an_image(client, picture["full_url"])
    assert_serves_an_image(client, thumbnail["full_url"])
    # the same as v1's
    v1 = client.get(f"/api/v1/guides/{cat.guide.key}/").json()["picture"]
    assert (v1["url"], v1["thumbnail_url"]) == (picture["full_url"], thumbnail["full_url"])

    detail = client.get(f"/api/v2/pages/{cat.guide_es.pk}/").json()
    assert detail["picture"] == picture  # the Spanish version: the same picture
    video = client.get(f"/api/v2/pages/{cat.video.pk}/").json()
    assert "/media/images/affiche" in video["picture"]["url"]
    best_practice = client.get(f"/api/v2/pages/{cat.best_practice.pk}/").json()
    assert best_practice["picture"] is None and best_practice["picture_thumbnail"] is None


@override_settings(ALLOWED_HOSTS=["cms.example.org", "testserver"])
def test_v2_full_url_is_on_the_readers_host(client, cat):
    detail = client.get(
        f"/api/v2/pages/{cat.guide.pk}/", HTTP_HOST="cms.example.org:8443", secure=True
    ).json()
    assert detail["picture"]["full_url"].startswith("https://cms.example.org:8443/media/images/")
