"""The permission matrix: every path × every role × every visibility.

A reader who may not see a group's page gets the same 404 as for a page that does not exist,
on every path (pages, history, diffs, blame, comments, attachments, API, preview, lists and
notifications; the project's search, which reads the wiki through ``wiki.indexing``, is checked
in ``search/tests/test_search_wiki.py``); a reader who may see it but lacks the role for an
action gets 403.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wiki import selectors, services
from wiki.models import Notification, Watch

from .conftest import ROLES, client_for

VISIBILITIES = ["private", "partners", "public"]

# Who may read a page of a group of each visibility.
READERS = {
    "private": {"coordinator", "member", "observer"},
    "partners": {"coordinator", "member", "observer", "outsider"},
    "public": set(ROLES),
}
EDITORS = {"coordinator", "member"}
COORDINATORS = {"coordinator"}
PARTNER_ROLES = {"coordinator", "member", "observer", "outsider"}  # have a partner or a role


def commenters(visibility: str) -> set[str]:
    return READERS[visibility] & PARTNER_ROLES


def _prepare(world, visibility: str):
    group = getattr(world, visibility)
    page = getattr(world, f"{visibility}_page")
    services.page_save(
        page=page,
        base_revision_id=page.current_revision_id,
        content=page.content + "\nSecond revision.\n",
        author=world.member,
    )
    page.refresh_from_db()
    services.comment_create(page=page, author=world.member, body="Confidential remark")
    version = services.attachment_upload(
        page=page,
        uploaded_file=SimpleUploadedFile("budget.txt", b"secret budget", "text/plain"),
        user=world.member,
    )
    return group, page, version.attachment


def _read_paths(group, page, attachment) -> list[tuple[str, str]]:
    base = f"/fr/wiki/g/{group.slug}/{page.slug}/"
    api = f"/api/v1/wiki/pages/{page.pk}/"
    return [
        ("page", base),
        ("history", base + "history/"),
        ("diff inline", base + "diff/?from=1&to=2"),
        ("diff side", base + "diff/?from=1&to=2&mode=side"),
        ("revision", base + "revisions/1/"),
        ("blame", base + "blame/"),
        ("download latest", base + f"attachments/{attachment.pk}/"),
        ("download version", base + f"attachments/{attachment.pk}/v1/"),
        ("group", f"/fr/wiki/g/{group.slug}/"),
        ("api page", api),
        ("api revisions", api + "revisions/"),
        ("api revision", api + "revisions/1/"),
        ("api diff", api + "diff/?from=1&to=2"),
        ("api blame", api + "blame/"),
        ("api comments", api + "comments/"),
        ("api attachments", api + "attachments/"),
        ("api download", api + f"attachments/{attachment.pk}/versions/1/download/"),
        ("api handoffs", api + "handoffs/"),
        ("api group", f"/api/v1/wiki/groups/{group.slug}/"),
    ]


def _get(client, url):
    """GET, following only the project-wide LocaleMiddleware redirect of a non-prefixed 404.

    Django's LocaleMiddleware answers a 404 outside /<lang>/ with a redirect to /fr/<path>
    whenever that path resolves, and Wagtail's catch-all makes every path resolve: API 404s
    thus arrive as a 302 to a page that is itself a 404, for existing and missing pages alike.
    """
    response = client.get(url)
    if response.status_code == 302 and response.url == "/fr" + url:
        response = client.get(response.url)
    return response


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_read_paths(client, world, visibility, role):
    group, page, attachment = _prepare(world, visibility)
    user = world.role(role)
    client_for(client, user)
    allowed = role in READERS[visibility]
    wrong = []
    for name, url in _read_paths(group, page, attachment):
        response = _get(client, url)
        expected = 200 if allowed else 404
        if response.status_code != expected:
            wrong.append((name, url, response.status_code, expected))
        elif not allowed:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"Confidential remark" not in body and b"secret budget" not in body
    assert not wrong, wrong

    # Lists and the index show the page exactly to its readers.
    listed = {
        "index": page.title in client.get("/fr/wiki/").content.decode(),
        "api list": any(
            p["id"] == page.pk
            for p in client.get("/api/v1/wiki/pages/?page_size=100").json()["results"]
        ),
        "api groups": any(
            g["slug"] == group.slug for g in client.get("/api/v1/wiki/groups/").json()["results"]
        ),
        "selector": selectors.pages_visible_to(user).filter(pk=page.pk).exists(),
    }
    assert listed == dict.fromkeys(listed, allowed)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_write_paths(client, world, visibility, role):
    group, page, attachment = _prepare(world, visibility)
    user = world.role(role)
    client_for(client, user)
    readable = role in READERS[visibility]
    base = f"/fr/wiki/g/{group.slug}/{page.slug}/"
    api = f"/api/v1/wiki/pages/{page.pk}/"
    current = page.current_revision_id

    def expect(allowed_roles: set[str]) -> set[int]:
        if role == "anonymous":
            return {302, 401, 403}  # sent to the login page (web) or refused (API)
        if not readable:
            return {404}
        return {200, 201, 302} if role in allowed_roles else {403}

    cases = [
        ("edit form", "get", base + "edit/", None, EDITORS),
        (
            "edit",
            "post",
            base + "edit/",
            {"base_revision": None, "content": "x", "title": page.title},
            EDITORS,
        ),
        ("comment", "post", base + "comments/", {"body": "hello"}, commenters(visibility)),
        (
            "upload",
            "post",
            base + "attachments/",
            {"file": SimpleUploadedFile("a.txt", b"a")},
            EDITORS,
        ),
        ("watch", "post", base + "watch/", {"on": "1"}, commenters(visibility)),
        ("translate form", "get", base + "translate/", None, EDITORS),
        ("approve", "post", base + "approve/", {}, COORDINATORS),
        ("revert", "post", base + "revisions/1/revert/", {"base_revision": None}, EDITORS),
        ("new page form", "get", f"/fr/wiki/g/{group.slug}/new/", None, EDITORS),
    ]
    api_cases = [
        ("api save", "put", api, {"base_revision": current, "content": "y"}, EDITORS),
        ("api comment", "post", api + "comments/", {"body": "hi"}, commenters(visibility)),
        ("api watch", "post", api + "watch/", {}, commenters(visibility)),
        ("api approve", "post", api + "approve/", {}, COORDINATORS),
        ("api revert", "post", api + "revert/", {"revision": 1, "base_revision": current}, EDITORS),
    ]
    wrong = []
    for name, method, url, data, allowed_roles in cases:
        if data and "base_revision" in data:
            data["base_revision"] = current
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        if response.status_code not in expect(allowed_roles):
            wrong.append((name, response.status_code, expect(allowed_roles)))
        page.refresh_from_db()
        current = page.current_revision_id
    for name, method, url, data, allowed_roles in api_cases:
        if "base_revision" in data:
            data["base_revision"] = current
        response = getattr(client, method)(url, json.dumps(data), content_type="application/json")
        if response.status_code == 302 and response.url == "/fr" + url:
            # see _get: the API's 404 seen through LocaleMiddleware
            response = getattr(client, method)(
                response.url, json.dumps(data), content_type="application/json"
            )
        if response.status_code not in expect(allowed_roles):
            wrong.append((name, response.status_code, expect(allowed_roles)))
        page.refresh_from_db()
        current = page.current_revision_id
    assert not wrong, wrong


def test_preview_does_not_reveal_private_page_titles(client, world):
    client_for(client, world.outsider)
    text = f"[[{world.private_page.title}]]"
    response = client.post("/fr/wiki/preview/", {"content": text, "page": world.private_page.pk})
    assert response.status_code == 200
    assert world.private.slug not in response.json()["html"]
    response = client.post("/fr/wiki/preview/", {"content": text, "group": world.private.slug})
    assert world.private.slug not in response.json()["html"]
    response = client.post(
        "/api/v1/wiki/preview/", {"content": text, "page": world.private_page.pk}
    )
    assert response.status_code in (302, 404)
    assert world.private.slug not in response.content.decode()


def test_notifications_never_about_pages_the_reader_cannot_see(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    # The outsider watched the partners group, and the group then became group-only.
    Watch.objects.create(user=world.outsider, group=world.partners)
    Watch.objects.create(user=world.observer, group=world.partners)
    world.partners.visibility = "group"
    world.partners.save()
    page = world.partners_page
    with django_capture_on_commit_callbacks(execute=True):
        services.page_save(
            page=page,
            base_revision_id=page.current_revision_id,
            content="changed",
            author=world.member,
        )
    assert Notification.objects.filter(recipient=world.observer).exists()  # the control
    assert [m.to for m in mailoutbox] == [[world.observer.email]]
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    client_for(client, world.outsider)
    assert page.title not in client.get("/fr/wiki/notifications/").content.decode()
    assert client.get("/api/v1/wiki/notifications/").json() == []


def test_mentioning_an_outsider_on_a_private_page_tells_them_nothing(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(
            page=world.private_page, author=world.member, body="@outsider and @observer, look"
        )
    assert list(comment.mentions.all()) == [world.observer]
    assert Notification.objects.filter(recipient=world.observer, kind="mention").exists()
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    assert all(world.outsider.email not in m.to for m in mailoutbox)
