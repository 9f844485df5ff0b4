"""What the site-wide visitor tests visit: every public page type and the public views.

Shared by tests/test_ui_language.py (every string in the URL's language) and
tests/test_accessibility.py (axe-core and a phone's width); tests/test_site_pages.py checks that
every page model a visitor can reach is listed here or named in NOT_VISITED with the reason.
"""

from home.models import HomePage
from newsletter.models import NewsletterIssuePage
from toolbox.models import (
    BestPracticePage,
    CharterPage,
    DiagnosticToolPage,
    EventIndexPage,
    EventPage,
    GuidePage,
    PartnerIndexPage,
    PartnerSectionPage,
    ThemePage,
    VideoPage,
)

#: One live page of each of these types is visited in every locale.
PAGE_TYPES = [
    HomePage,
    ThemePage,
    PartnerIndexPage,
    PartnerSectionPage,
    GuidePage,
    VideoPage,
    BestPracticePage,
    CharterPage,
    DiagnosticToolPage,
    EventIndexPage,
    EventPage,
    NewsletterIssuePage,
]

#: Page models that are not visited, and why.
NOT_VISITED: dict[type, str] = {}

#: Public views that are not Wagtail pages, by label.
VIEWS = {
    "search": "/{lang}/search/?q=sauvegarde",
    "no results": "/{lang}/search/?q=zzzyyx",
    "legal": "/{lang}/about/legal/",
    "privacy": "/{lang}/about/privacy/",
    "contact": "/{lang}/about/contact/",
    "newsletter": "/{lang}/newsletter/",
    "newsletter archive": "/{lang}/newsletter/issues/",
}
