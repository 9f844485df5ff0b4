"""sitemap.xml: every live, public page of the site in every locale, with hreflang alternates."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedPagesSitemap(Sitemap):
    """The site's pages in all its locales (Wagtail's own sitemap only walks the default
    locale's tree). Drafts, private pages (view restrictions) and pages without a URL are left
    out. Each URL lists its live public translations as ``xhtml:link`` alternates, and the
    default language's copy as ``x-default``."""

    def _roots(self) -> Q:
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True).live()
        tree = Q(pk__in=[])
        for home in homes:
            tree |= Q(path__startswith=home.path)
        return tree

    def _pages(self):
        return Page.objects.live().public().filter(self._roots())

    def items(self):
        return self._pages().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        for translation in (
            self._pages()
            .filter(translation_key__in={item.translation_key for item in items})
            .select_related("locale")
        ):
            url = translation.get_full_url(self.request)
            if url:
                translations[translation.translation_key].append(
                    (translation.locale.language_code, url)
                )
        urls = []
        last_mods = set()
        for item in items:
            location = item.get_full_url(self.request)
            if not location:
                continue
            versions = sorted(translations[item.translation_key])
            alternates = []
            if len(versions) > 1:
                alternates = [{"lang_code": code, "location": url} for code, url in versions]
                default = dict(versions).get(settings.LANGUAGE_CODE)
                if default:
                    alternates.append({"lang_code": "x-default", "location": default})
            lastmod = self.lastmod(item)
            last_mods.add(lastmod)
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": None,
                    "alternates": alternates,
                }
            )
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
