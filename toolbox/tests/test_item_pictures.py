"""What a visitor sees of an item's picture: a small thumbnail on its card (decorative, the
title being the link), a banner at the top of its page (with the image's description as alt
text) and its og:image; renditions that are served as images; the same picture in every
translation; a video without a picture shows its poster; no picture, no broken markup; and
the demo's own pictures."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from home.services import translation_create_or_update
from toolbox import demo
from toolbox.models import EventIndexPage, ToolboxItemPage

from . import factories

DESCRIPTION = "Deux artisans devant l'écran d'un ordinateur portable"


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def card_of(html: str, title: str) -> str:
    cards = re.findall(r'<li class="card item-card.*?</li>', html, re.S)
    [card] = [card for card in cards if f">{title}</a>" in card]
    return card


def attributes(tag: str) -> dict[str, str]:
    return {
        name: html_lib.unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag)
    }


def img_attributes(html: str) -> dict[str, str]:
    [tag] = re.findall(r"<img [^>]*>", html)
    return attributes(tag)


def source_types(html: str) -> dict[str, str]:
    """``{type: srcset}`` of the ``<source>`` elements of a ``<picture>``, in their order."""
    sources = [attributes(tag) for tag in re.findall(r"<source [^>]*>", html)]
    return {source["type"]: source["srcset"] for source in sources}


def photo(title="Atelier", description=DESCRIPTION, **kwargs) -> Image:
    return Image.objects.create(
        title=title,
        description=description,
        file=get_test_image_file("atelier.png", size=(1600, 900)),
        **kwargs,
    )


@pytest.fixture
def public_media(settings):
    """/media/images/ served as in production (cms.security.PublicMediaMiddleware)."""
    settings.MIDDLEWARE = ["cms.security.PublicMediaMiddleware", *settings.MIDDLEWARE]
    settings.PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/")
    settings.PUBLIC_MEDIA_MAX_AGE = 60


def test_the_card_shows_a_decorative_thumbnail_in_modern_formats(client, tree, public_media):
    guide = factories.guide(tree["section"], tree["security"], title="Sauvegardes", picture=photo())
    card = card_of(html_of(client, tree["security"].url), guide.title)

    thumb = re.search(r'<div class="card-thumb"><picture>(.*?)</picture>', card, re.S).group(1)
    sources = source_types(thumb)
    assert list(sources) == ["image/webp"]
    img = img_attributes(thumb)
    # the title next to it is the link text: the thumbnail adds nothing to read
    assert img["alt"] == ""
    assert (img["width"], img["height"]) == ("400", "175")
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert re.fullmatch(r"/media/images/atelier[^ ]*fill-400x175[^ ]*\.jpg", img["src"])
    assert " 800w" in img["srcset"]
    for url, content_type in [(img["src"], "image/jpeg")] + [
        (srcset.split(" ")[0], kind) for kind, srcset in sources.items()
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type
        assert b"".join(response.streaming_content)[:4]


def test_the_item_page_opens_on_the_picture_with_its_description(client, tree, public_media):
    guide = factories.guide(tree["section"], tree["security"], title="Sauvegardes", picture=photo())
    html = html_of(client, guide.url)

    hero = re.search(r'<div class="item-hero"><picture>(.*?)</picture></div>', html, re.S)[1]
    sources = source_types(hero)
    assert list(sources) == ["image/avif", "image/webp"]  # the browser's first choice: AVIF
    assert all(" 1600w" in srcset for srcset in sources.values())
    assert client.get(sources["image/avif"].split(" ")[0])["Content-Type"] == "image/avif"
    img = img_attributes(hero)
    assert img["alt"] == DESCRIPTION
    assert (img["width"], img["height"]) == ("800", "400")
    assert "loading" not in img  # the first thing on the page: not lazy
    assert img["decoding"] == "async" and img["fetchpriority"] == "high"
    assert client.get(img["src"])["Content-Type"] == "image/jpeg"
    # shared on social networks: the API's 1200x675 rendition, absolute
    og = {
        name: html_lib.unescape(value)
        for name, value in re.findall(
            r'<meta property="og:image(?::(\w+))?" content="([^"]*)">', html
        )
    }
    assert re.fullmatch(r"http://testserver/media/images/atelier[^ ]*fill-1200x675.*", og[""])
    assert (og["width"], og["height"], og["alt"]) == ("1200", "675", DESCRIPTION)
    assert client.get(og[""].removeprefix("http://testserver")).status_code == 200


def test_a_picture_without_description_is_decorative_on_the_item_page(client, tree):
    guide = factories.guide(
        tree["section"], tree["security"], picture=photo(title="IMG_2041.png", description="")
    )
    html = html_of(client, guide.url)
    hero = re.search(r'<div class="item-hero">(.*?)</div>', html, re.S).group(1)
    assert img_attributes(hero)["alt"] == ""  # never the file name
    assert 'property="og:image:alt"' not in html


def test_an_item_without_picture_keeps_its_theme_illustration(client, tree):
    guide = factories.guide(tree["section"], tree["security"], title="Sans image")
    card = card_of(html_of(client, tree["security"].url), guide.title)
    assert "<picture>" not in card
    img = img_attributes(card)
    assert img["src"].endswith("/toolbox/img/themes/security.svg") and img["alt"] == ""

    html = html_of(client, guide.url)
    assert 'class="item-hero"' not in html and "og:image" not in html
    assert "<picture>" not in html and 'src=""' not in html and "not-found" not in html


def test_a_video_without_picture_shows_its_poster(client, tree):
    poster = photo(title="Affiche", description="Affiche de la vidéo")
    video = factories.video(tree["section"], tree["security"], title="Rançongiciels", poster=poster)
    assert video.picture is None and video.display_picture == poster
    card = card_of(html_of(client, tree["security"].url), video.title)
    assert re.search(r'<img [^>]*src="/media/images/atelier[^"]*fill-400x175', card)
    assert '<span class="play-mark" aria-hidden="true"></span>' in card
    html = html_of(client, video.url)
    # the player (here the link to the host) carries the poster: no banner above it
    assert 'class="item-hero"' not in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/', html)


def test_a_translation_shows_the_same_picture(client, tree):
    locs = factories.locales()
    factories.home("es")
    translation_create_or_update(
        source=tree["security"], locale=locs["es"], fields={"title": "Seguridad"}
    )
    picture = photo()
    guide = factories.guide(tree["section"], tree["security"], title="Sauvegardes", picture=picture)
    es_guide = translation_create_or_update(
        source=guide, locale=locs["es"], fields={"title": "Copias de seguridad"}
    )
    assert es_guide.picture == picture

    def hero_src(page):
        html = html_of(client, page.url)
        return img_attributes(re.search(r'<div class="item-hero">(.*?)</div>', html, re.S)[1])

    assert hero_src(es_guide) == hero_src(guide)
    assert hero_src(es_guide)["alt"] == DESCRIPTION


def test_a_picture_in_a_private_collection_is_not_shown(client, tree):
    private = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    guide = factories.guide(
        tree["section"], tree["security"], title="Interne", picture=photo(collection=private)
    )
    card = card_of(html_of(client, tree["security"].url), guide.title)
    assert "<picture>" not in card and "/toolbox/img/themes/" in card
    html = html_of(client, guide.url)
    assert 'class="item-hero"' not in html and "og:image" not in html


def test_editors_choose_the_picture_next_to_the_summary(admin_client, tree):
    guide = factories.guide(tree["section"], tree["security"])
    html = html_lib.unescape(html_of(admin_client, f"/admin/pages/{guide.pk}/edit/"))
    assert html.index('id="id_summary"') < html.index('id="id_picture"')
    # the admin speaks the editor's language (French here)
    assert "la description de l'image en est le texte alternatif" in html


class Counter:
    def __init__(self):
        self.counts: dict[str, int] = {}

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


def test_demo_item_pictures_are_drawn_once_per_item_and_shared(tree):
    locs = factories.locales()
    factories.home("es")
    translation_create_or_update(
        source=tree["security"], locale=locs["es"], fields={"title": "Seguridad"}
    )
    guide = factories.guide(tree["section"], tree["security"], title="Sauvegardes")
    other = factories.guide(tree["section"], tree["security"], title="Mots de passe")
    video = factories.video(tree["section"], tree["security"])
    es_guide = translation_create_or_update(source=guide, locale=locs["es"], fields={})
    ctx = Counter()
    demo.load_item_pictures(ctx)
    demo.load_item_pictures(ctx)  # idempotent
    assert ctx.counts == {"item pictures": 3}
    for page in (guide, other, video, es_guide):
        page.refresh_from_db()
    assert es_guide.picture == guide.picture
    pictures = {guide.picture, other.picture, video.picture}
    assert None not in pictures and len(pictures) == 3  # one each, all different
    assert len({p.file_hash for p in pictures}) == 3
    assert {(p.width, p.height) for p in pictures} == {(800, 450)}
    assert guide.picture.description == ""  # decorative: drawn shapes, no text
    # the editor opens the latest revision: it has the picture too
    assert guide.get_latest_revision_as_object().picture == guide.picture
    # a picture the demo drew already is found by its content, not drawn again
    ToolboxItemPage.objects.filter(pk=other.pk).update(picture=None)
    before = Image.objects.count()
    demo.load_item_pictures(ctx)
    other.refresh_from_db()
    assert Image.objects.count() == before and other.picture is not None


@pytest.mark.django_db
def test_load_demo_gives_every_item_a_picture(client):
    call_command("load_demo", "--no-index", verbosity=0)
    items = ToolboxItemPage.objects.select_related("picture")
    assert items.count() > 20
    assert not items.filter(picture__isnull=True).exists()
    by_key = {}
    for item in items:
        by_key.setdefault(item.key, set()).add(item.picture_id)
    assert all(len(ids) == 1 for ids in by_key.values())  # shared by the translations
    assert len({ids.pop() for ids in by_key.values()}) == len(by_key)  # distinct per item
    # and shown: every card of the Spanish home page has its picture
    html = html_of(client, "/es/")
    cards = re.findall(r'<li class="card item-card.*?</li>', html, re.S)
    assert cards and all("<picture>" in card for card in cards)


def test_listing_queries_do_not_grow_with_the_pictures(client, tree):
    """A theme page, the home page and the agenda load their cards' pictures, posters,
    renditions and locales together: three more cards with pictures cost no more queries."""
    theme, section = tree["security"], tree["section"]

    def add(n: int) -> None:
        factories.guide(section, theme, title=f"Guide {n}", picture=photo(f"Guide {n}"))
        factories.event(section, theme, title=f"Atelier {n}", picture=photo(f"Atelier {n}"))

    def queries(url: str) -> int:
        client.get(url)  # renditions made, caches warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(0)
    agenda = EventIndexPage(title="Agenda", slug="agenda")
    tree["home"].add_child(instance=agenda)
    urls = [theme.url, "/fr/", factories.publish(agenda).url]
    before = {url: queries(url) for url in urls}
    for n in (1, 2, 3):
        add(n)
    assert {url: queries(url) for url in urls} == before
