"""The site's fixed pages linked from the footer (legal notice, privacy, contact) and
robots.txt."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

ABOUT_PAGES = ("legal", "privacy", "contact")


def about_page(request, name: str):
    """``/<lang>/about/<name>/``: one of ``ABOUT_PAGES``, in the reader's language."""
    if name not in ABOUT_PAGES:
        raise Http404(name)
    return render(request, f"home/about/{name}.html")


def robots_txt(request):
    """``/robots.txt``: the public site is open to crawlers; the admin, the APIs, the partner
    wiki and search result pages are not. Points to ``/sitemap.xml`` on the reader's host."""
    context = {
        "language_codes": [code for code, _name in settings.LANGUAGES],
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "home/robots.txt", context, content_type="text/plain; charset=utf-8")
