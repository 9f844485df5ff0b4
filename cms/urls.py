from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from newsletter.urls import one_click_urlpatterns as newsletter_one_click

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", home_views.health, name="health"),
    path("api/", include("cms.api")),
    path("widgets/", include("delivery.widgets")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("home.root_urls")),  # robots.txt, sitemap.xml
    # RFC 8058 One-Click unsubscribe: a POST with no cookie, outside the language prefix.
    path("", include(newsletter_one_click)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages carry their language in the URL: /fr/, /es/, /pt/, /en/.
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("wiki/", include("wiki.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("survey/", include("monitoring.urls")),
    path("", include("home.urls")),
    path("", include("toolbox.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
