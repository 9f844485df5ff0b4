"""Security headers on every response, a strict CSP on public pages, login lockouts."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import override_settings

from search.tests.fixtures import search_engine  # noqa: F401
from toolbox.tests import factories

PASSWORD = "a-good-password-1"
LOCKOUT_EN = "Too many failed sign-in attempts with this user name from your connection."


def csp(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: sources}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def site(db, request):
    """A French home page, a theme, a partner section with a guide and a questionnaire (and
    the search index, on an engine, for the search page)."""
    if settings.SEARCH_BACKEND != "database":
        request.getfixturevalue("search_engine")
    factories.home()
    theme = factories.theme()
    section = factories.section(factories.partner())
    return {
        "theme": theme,
        "guide": factories.guide(section, theme),
        "diagnostic": factories.diagnostic(section, theme),
    }


# --- headers ------------------------------------------------------------------------------
def test_public_pages_carry_a_strict_policy_and_the_security_headers(client, site):
    for url in ("/fr/", site["theme"].get_url(), site["guide"].get_url(), "/fr/search/?q=x"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = csp(response)
        assert policy["default-src"] == ["'self'"]
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[directive], (url, directive)
            assert "'unsafe-eval'" not in policy[directive], (url, directive)
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_errors_and_api_responses_carry_the_headers_too(client, site):
    for url, status in (("/fr/no-such-page/", 404), ("/api/v1/themes/", 200), ("/health/", None)):
        response = client.get(url)
        if status:
            assert response.status_code == status, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"], url


def test_public_pages_hold_no_inline_script_or_style(client, site):
    """What the strict policy would block: inline <script>, <style>, style= and on*= handlers."""
    diagnostic = site["diagnostic"]
    html = client.get(diagnostic.get_url()).content.decode()
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    answered = client.post(
        diagnostic.get_url(), {"version": version, "q_q0": "q0a2", "q_q1": "q1a0"}
    )
    pages = [
        "/fr/",
        site["theme"].get_url(),
        site["guide"].get_url(),
        diagnostic.get_url(),
        answered["Location"].split("#")[0],  # the results, with a score meter per section
        "/fr/search/?q=sauvegardes",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", html), url
        assert "<style" not in html, url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
    results = client.get(pages[4]).content.decode()
    assert re.search(r'<meter class="meter" min="0" max="100" value="50"', results)


def test_the_admin_has_its_own_laxer_policy_and_cannot_be_framed(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = csp(response)
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's templates hold inline scripts
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_iframe_widget_may_be_framed_by_any_site(client, site):
    response = client.get("/widgets/frame/", {"content": "latest", "lang": "fr"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = csp(response)
    assert policy["frame-ancestors"] == ["*"]
    assert "script-src" not in policy and policy["default-src"] == ["'none'"]  # no script at all
    # the script-tag widget's data and script stay readable from any origin
    data = client.get("/widgets/items.json", {"content": "latest", "lang": "fr"})
    assert data.status_code == 200 and data["Access-Control-Allow-Origin"] == "*"


# --- login throttling ----------------------------------------------------------------------
LOGINS = {"wagtail": "/admin/login/", "django": "/django-admin/login/"}


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def attempt(client, login: str, username: str, password: str, language: str = "en"):
    return client.post(
        LOGINS[login],
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value=|nonce=|"CSRF_TOKEN": )"[^"]*"', "", html)


@pytest.mark.parametrize("login", sorted(LOGINS))
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failed_logins_lock_the_user_name_out_with_a_message(client, editor, login):
    for _ in range(2):
        response = attempt(client, login, "editor", "wrong")
        assert response.status_code == 200  # the login form again, with its error
        assert LOCKOUT_EN not in response.content.decode()
    third = attempt(client, login, "editor", "wrong")
    assert third.status_code == 429
    html = third.content.decode()
    assert LOCKOUT_EN in html
    assert "try again in 15 minutes" in html
    assert int(third["Retry-After"]) == 15 * 60
    # even the right password is refused now, and nobody is signed in
    right = attempt(client, login, "editor", PASSWORD)
    assert right.status_code == 429 and LOCKOUT_EN in right.content.decode()
    assert "_auth_user_id" not in client.session
    # another user name from the same address is not locked
    get_user_model().objects.create_user("other", "o@example.org", PASSWORD, is_staff=True)
    assert attempt(client, login, "other", PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_lockout_does_not_tell_whether_the_user_exists(client, editor):
    def lock(username):
        responses = [attempt(client, "wagtail", username, "wrong") for _ in range(4)]
        pages = [(r.status_code, without_tokens(r.content.decode())) for r in responses]
        # the lockout page does not even repeat the name; the login form echoes what was typed
        assert all(username not in html for status, html in pages if status == 429)
        return [(status, html.replace(username, "<typed>")) for status, html in pages]

    existing, unknown = lock("editor"), lock("nobody-here")
    assert [status for status, _ in existing] == [200, 200, 429, 429]
    assert existing == unknown


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_the_lockout_message_is_translated(client, editor):
    attempt(client, "wagtail", "editor", "wrong", language="fr")
    html = attempt(client, "wagtail", "editor", "wrong", language="fr").content.decode()
    assert "Trop de tentatives de connexion" in html
    assert 'lang="fr"' in html


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_a_successful_login_resets_the_count_and_force_login_is_unaffected(client, editor):
    attempt(client, "wagtail", "editor", "wrong")
    assert attempt(client, "wagtail", "editor", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "wagtail", "editor", "wrong").status_code == 200  # count restarted
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


# --- in a browser ------------------------------------------------------------------------
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.browser
def test_a_browser_sees_no_policy_violation_on_public_pages_or_in_the_editor(
    live_server, chromium, site, editor
):
    """What the headers and the templates mean together: Chromium reports every refused script,
    style, image or frame; a visitor's pages (questionnaire answered) and an editor's page edit
    view must have none."""
    try:
        context = chromium(locale="fr-FR")
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text or "CSP violation" in message.text
                else None
            ),
        )
        for url in (
            "/fr/",
            site["theme"].get_url(),
            site["guide"].get_url(),
            "/fr/search/?q=guide",
        ):
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
        page.goto(live_server.url + site["diagnostic"].get_url())
        for question in ("q_q0", "q_q1"):
            page.locator(f"input[type=radio][name={question}]").last.check()
        page.locator("[data-questionnaire] [type=submit]").click()
        page.wait_for_selector("meter.meter")

        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/pages/{site['guide'].pk}/edit/")
        page.wait_for_selector("form#page-edit-form")
        page.wait_for_load_state("networkidle")
    finally:
        # Queries made while Playwright's loop runs may open their own connection (as in
        # toolbox/tests/test_browser.py): closed, so that the test database can be dropped.
        connections.close_all()
    assert violations == [], "\n".join(violations)
