"""The picture of a toolbox item, as visitors and API readers get it.

An item's ``picture`` (a Wagtail image, shared by its translations) is shown at a few fixed
sizes, always through renditions, never the uploaded original:

- on cards, a 16:7 thumbnail (``CARD_SPECS``, the shape of the theme illustrations it
  replaces) in WebP, and at the top of the item's page a 2:1 banner (``HERO_SPECS``) in AVIF
  and WebP, each with a JPEG fallback and in two sizes for dense screens (``<picture>``).
  Cards get no AVIF: encoding one takes some 250 ms against 20 for WebP, a listing of twenty
  cards would take seconds to render the first time, and at thumbnail size AVIF saves little;
- in the APIs and as the page's ``og:image``, one 16:9 rendition (``PICTURE_SPEC``) and a
  thumbnail (``THUMBNAIL_SPEC``).

A video without a picture shows its poster (``VideoPage.display_picture``).

A picture is only ever shown with an item the reader may see. An image in a collection with
a view restriction the reader does not pass (Wagtail's collection privacy) is left out, as
Wagtail's own image API leaves it out (``visible_picture``).
"""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Q
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import SourceImageIOError
from wagtail.models import Collection, CollectionViewRestriction

from home.public_urls import absolute_url

PICTURE_SPEC = "fill-1200x675"
THUMBNAIL_SPEC = "fill-480x270"
# Expanded like {% picture %}'s: sizes x formats, JPEG being the <img> fallback.
CARD_SPECS = "format-{webp,jpeg} fill-{400x175,800x350}"
HERO_SPECS = "format-{avif,webp,jpeg} fill-{800x400,1600x800}"


def restricted_collection_ids(request) -> set[int]:
    """The collections (with their descendants) whose view restriction ``request`` does not
    pass: what Wagtail's image API leaves out (``wagtail.api.v2.utils``, which cannot be
    imported while models load)."""
    roots = [
        restriction.collection.path
        for restriction in CollectionViewRestriction.objects.select_related("collection")
        if not restriction.accept_request(request)
    ]
    if not roots:
        return set()
    under = Q()
    for path in roots:
        under |= Q(path__startswith=path)
    return set(Collection.objects.filter(under).values_list("pk", flat=True))


def visible_picture(image, request):
    """``image``, or None when it is in a collection whose privacy ``request`` does not pass
    (worked out once per request)."""
    if image is None:
        return None
    if request is None:
        return image
    restricted = getattr(request, "_restricted_collection_ids", None)
    if restricted is None:
        restricted = request._restricted_collection_ids = restricted_collection_ids(request)
    return None if image.collection_id in restricted else image


def picture_alt(image) -> str:
    """The alternative text of ``image`` where it carries meaning (the item's page, the API):
    its description, Wagtail's field for alt text. Without one the picture is decorative
    (``""``): an image's title is often a file name, never a description."""
    return (getattr(image, "description", "") or "").strip()


class PictureDict(TypedDict):
    alt: str
    width: int
    height: int
    url: str
    thumbnail_url: str


def picture_representation(image, request) -> PictureDict | None:
    """``{"alt", "width", "height", "url", "thumbnail_url"}`` of ``image`` with absolute URLs
    on the reader's host (``home.public_urls``); None without an image the reader may see or
    when its file is missing. ``width`` and ``height`` are those of the ``url`` rendition."""
    image = visible_picture(image, request)
    if image is None:
        return None
    try:
        large = image.get_rendition(PICTURE_SPEC)
        thumbnail = image.get_rendition(THUMBNAIL_SPEC)
    except SourceImageIOError:
        return None
    return {
        "alt": picture_alt(image),
        "width": large.width,
        "height": large.height,
        "url": absolute_url(large.url, request),
        "thumbnail_url": absolute_url(thumbnail.url, request),
    }


class PictureRenditionField(ImageRenditionField):
    """Wagtail's ``ImageRenditionField`` (``url``, ``full_url``, ``width``, ``height``,
    ``alt``) with ``full_url`` on the request's host, the alt text of ``picture_alt``, and
    null for an image the reader may not see."""

    def to_representation(self, image):
        if visible_picture(image, self.context.get("request")) is None:
            return None
        data = super().to_representation(image)
        if "url" in data:
            data["full_url"] = absolute_url(data["url"], self.context.get("request"))
            data["alt"] = picture_alt(image)
        return data
