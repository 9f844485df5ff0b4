"""Absolute public URLs, on the host the reader actually uses.

Wagtail builds a page's full URL from its ``Site`` record (``http://localhost`` for the demo's
site, port 80), whatever address the site is served on. Links we hand out must work where
they are read:

- answering a request (API, widgets, feeds), the request's scheme, host and port, when the
  page belongs to the site that request is for (another site's pages keep that site's root);
- with no request (e-mails, webhooks), the configured public address, ``BASE_URL``
  (``settings.WAGTAILADMIN_BASE_URL``, which follows ``PORT`` by default), for pages of the
  default site.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Site


def public_base_url() -> str:
    """The configured public address, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_root_url(request, site_id: int | None, root_url: str) -> str:
    """The scheme and host to put before a path of site ``site_id`` (``root_url`` being what
    Wagtail's Site record says)."""
    if request is not None:
        current = Site.find_for_request(request)
        if current is None or current.pk == site_id:
            return request.build_absolute_uri("/").rstrip("/")
        return root_url
    default = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    if default is None or default == site_id:
        return public_base_url()
    return root_url


def page_full_url(page, request=None) -> str | None:
    """``page.get_full_url(request)``, on the reader's host (see the module docstring)."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    site_id, root_url, page_path = parts
    return site_root_url(request, site_id, root_url) + page_path


def absolute_url(path: str, request=None) -> str:
    """A site path (``/fr/wiki/...``) made absolute for ``request``, or on ``BASE_URL``."""
    if request is not None:
        return request.build_absolute_uri(path)
    return public_base_url() + path
