"""One router for every API.

- ``/api/v2/``: Wagtail's content API (pages, images, documents).
- ``/api/v1/``: our own versioned API (Django REST framework); each app contributes its
  ``urlpatterns`` from its ``api.py``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)
wagtail_api.register_endpoint("images", ImagesAPIViewSet)
wagtail_api.register_endpoint("documents", DocumentsAPIViewSet)

v1_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-v1:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-v1:schema"), name="redoc"),
    path("search/", include("search.api")),
    path("wiki/", include("wiki.api")),
    path("", include("toolbox.api")),
]

urlpatterns = [
    path("v1/", include((v1_patterns, "api-v1"))),
    path("v2/", wagtail_api.urls),
]
