"""Every API of the project, mounted at /api/ by ``cms/api.py``.

- ``/api/v1/``: our own versioned API (Django REST framework), endpoints in ``delivery/v1/``.
  ``/api/v1/schema/`` is the OpenAPI 3 schema, ``/api/v1/docs/`` and ``/api/v1/redoc/`` its
  browsable documentation.
- ``/api/v2/``: Wagtail's content API (pages, images, documents), with a ``translations`` field
  on every page and the v1 HTTP behaviour (``delivery/v2.py``).
"""

from csp.decorators import csp_replace
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter

from toolbox.registry import item_types

from .http import RateLimitHeadersMixin
from .schema import SCHEMA_SETTINGS
from .v1 import monitoring as monitoring_api
from .v1 import search as search_api
from .v1 import wiki as wiki_api
from .v1.diagnostics import DiagnosticToolsEndpoint
from .v1.items import ITEM_VIEWSETS, ItemsViewSet
from .v1.toolbox import PartnersViewSet, ThemesViewSet
from .v2 import DocumentsEndpoint, ImagesEndpoint, PagesEndpoint

#: The documentation pages load nothing from another host: their viewers come from our static
#: files, and Redoc's attribution logo (a third-party image) is refused by the browser.
same_host_images = csp_replace({"img-src": ["'self'", "data:", "blob:"]})

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesEndpoint)
wagtail_api.register_endpoint("images", ImagesEndpoint)
wagtail_api.register_endpoint("documents", DocumentsEndpoint)

ITEM_VIEWSETS["diagnostic"] = DiagnosticToolsEndpoint
router = SimpleRouter()
router.register("themes", ThemesViewSet, basename="theme")
router.register("partners", PartnersViewSet, basename="partner")
router.register("items", ItemsViewSet, basename="item")
for item_type in item_types():
    router.register(item_type.segment, ITEM_VIEWSETS[item_type.name], basename=item_type.name)


@api_view(["GET"])
@permission_classes([AllowAny])
@renderer_classes([JSONRenderer, BrowsableAPIRenderer])
def api_root(request, format=None):
    """The endpoints of /api/v1 and where the documentation is."""

    def link(name):
        return reverse(f"api-v1:{name}", request=request)

    endpoints = {
        "themes": link("theme-list"),
        "partners": link("partner-list"),
        "items": link("item-list"),
    }
    for item_type in item_types():
        endpoints[item_type.segment] = link(f"{item_type.name}-list")
    return Response(
        {
            "endpoints": endpoints,
            "schema": link("schema"),
            "docs": link("docs"),
            "redoc": link("redoc"),
            "wagtail_api_v2": request.build_absolute_uri("/api/v2/pages/"),
        }
    )


# The root is left out of the schema: it is a signpost, not part of the contract.
api_root.cls.schema = None


class NotFoundView(RateLimitHeadersMixin, APIView):
    """Any other address under /api/v1: a 404 in the API's problem shape, not an HTML page."""

    permission_classes = [AllowAny]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()


v1_patterns = [
    path("", api_root, name="v1-index"),
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    path(
        "docs/",
        same_host_images(SpectacularSwaggerView.as_view(url_name="api-v1:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        same_host_images(
            SpectacularRedocView.as_view(
                url_name="api-v1:schema", template_name="delivery/redoc.html"
            )
        ),
        name="redoc",
    ),
    path("search/", include(search_api)),
    path("wiki/", include(wiki_api)),
    path("monitoring/", include(monitoring_api)),
    *router.urls,
    # [\s\S], not ".": an address with an encoded newline (%0A) is an API address too.
    re_path(r"^[\s\S]*$", NotFoundView.as_view()),
]

urlpatterns = [
    path("v1/", include((v1_patterns, "api-v1"))),
    path("v2/", wagtail_api.urls),
]
