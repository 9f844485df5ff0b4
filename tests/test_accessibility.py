"""Every public page type, in the four locales, as a phone shows it (390 px wide), in headless
Chromium on the demo content: axe-core finds no serious or critical violation, and nothing
overflows horizontally.

axe-core is the npm package pinned in tests/a11y/package.json (installed by
scripts/install_browser.sh) and injected into each page from the disk: nothing comes from a CDN.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page

from toolbox.models import EventIndexPage

from .public_pages import PAGE_TYPES
from .public_pages import VIEWS as PUBLIC_VIEWS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("a11y") / "node_modules" / "axe-core" / "axe.min.js"
LOCALES = ["fr", "es", "pt", "en"]
# Of the views that are not Wagtail pages, one of each template: the search page, the footer's
# legal page (privacy and contact share its template), the newsletter's subscription form and
# its archive (the UI-language test visits them all).
VIEWS = {
    label: PUBLIC_VIEWS[label] for label in ("search", "legal", "newsletter", "newsletter archive")
}
PHONE = {"width": 390, "height": 844}
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
# The widest element that sticks out of the viewport, to name it in the failure.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  let widest = null;
  for (const el of document.querySelectorAll('body *')) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 1 && (!widest || right > widest.right)) {
      widest = {right, tag: el.tagName.toLowerCase(), cls: el.className.toString()};
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, widest};
}"""

NAV_LINES = """() => new Set([...document.querySelectorAll('.site-nav > a')]
  .map(a => Math.round(a.getBoundingClientRect().top))).size"""


def public_urls() -> list[tuple[str, str]]:
    """(label, path) of one live public page of each type in each locale, and of each view."""
    urls = []
    for lang in LOCALES:
        for model in PAGE_TYPES:
            page = (
                Page.objects.live()
                .public()
                .type(model)
                .filter(locale__language_code=lang)
                .order_by("path")
                .first()
            )
            assert page is not None, f"the demo has no live {model.__name__} in {lang}"
            urls.append((f"{lang} {model.__name__}", page.specific.url))
            if model is EventIndexPage:  # the agenda's month view too
                urls.append((f"{lang} agenda month", page.specific.url + "?view=month"))
        for label, pattern in VIEWS.items():
            urls.append((f"{lang} {label}", pattern.format(lang=lang)))
    return urls


def test_every_page_type_is_accessible_and_fits_a_phone(live_server, chromium):
    assert AXE.exists(), f"{AXE} is missing: run scripts/install_browser.sh"
    # --no-index: indexing the demo takes minutes; the search page is checked with its form,
    # filters and empty state (tests/test_search_* check its results)
    call_command("load_demo", "--no-index", verbosity=0)
    # bypass_csp: the site's CSP (script-src 'self') would refuse the injected axe script
    browser = chromium(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    page = browser.new_page()
    problems = []
    for label, path in public_urls():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{label}: {path} answered {response.status}"
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(RUN_AXE):
            problems.append(
                f"{label} {path}: {violation['impact']} {violation['id']} "
                f"({violation['help']}) at {violation['targets']}"
            )
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            problems.append(f"{label} {path}: {overflow['scrollWidth']} px wide, {overflow}")
    # On a desktop (1280 px) the header's navigation fits on one line in every language.
    page.set_viewport_size({"width": 1280, "height": 900})
    for lang in LOCALES:
        page.goto(f"{live_server.url}/{lang}/")
        lines = page.evaluate(NAV_LINES)
        if lines != 1:
            problems.append(f"{lang} home at 1280 px: the main navigation takes {lines} lines")
    assert not problems, "\n".join(problems)
