"""Site-wide files served at the root, outside the language prefix: robots.txt, sitemap.xml."""

from django.urls import path
from wagtail.contrib.sitemaps import views as sitemap_views

from . import site_pages
from .sitemaps import TranslatedPagesSitemap

urlpatterns = [
    path("robots.txt", site_pages.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"pages": TranslatedPagesSitemap}},
        name="sitemap",
    ),
]
