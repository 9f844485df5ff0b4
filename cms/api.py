"""The API router, mounted at /api/: every API (/api/v1 and /api/v2) is served by the
``delivery`` app, which owns headless delivery (see ``delivery/urls.py``)."""

from django.urls import include, path

urlpatterns = [path("", include("delivery.urls"))]
