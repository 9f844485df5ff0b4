"""Fixed public pages of the site, mounted under /<lang>/ (see cms/urls.py)."""

from django.urls import path

from . import site_pages

urlpatterns = [path("about/<slug:name>/", site_pages.about_page, name="about_page")]
