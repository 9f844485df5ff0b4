from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def health(request):
    """JSON state of every configured service: 200 when all are up, 503 naming what is down."""
    healthy, report = run_checks()
    return JsonResponse(report, status=200 if healthy else 503)
