"""toolbox API under /api/v1/: themes, partners and every type of toolbox item.

Each endpoint is a ``DeliveryViewSet`` (see ``base.py``): locale negotiation, filters, sparse
fields, pagination, conditional GET and the response cache come from there. Diagnostic tools
add their questionnaire and the scoring of answers (``diagnostics.py``).
"""

from rest_framework.routers import SimpleRouter

from ..registry import item_types
from .views import PartnersViewSet, ThemesViewSet

router = SimpleRouter()
router.register("themes", ThemesViewSet, basename="theme")
router.register("partners", PartnersViewSet, basename="partner")

if item_types():  # the item models exist (they are added by the toolbox app's migrations)
    from .diagnostics import DiagnosticToolsEndpoint
    from .items import ITEM_VIEWSETS, ItemsViewSet

    ITEM_VIEWSETS["diagnostic"] = DiagnosticToolsEndpoint
    router.register("items", ItemsViewSet, basename="item")
    for item_type in item_types():
        router.register(item_type.segment, ITEM_VIEWSETS[item_type.name], basename=item_type.name)

urlpatterns = router.urls
