"""REST API rules (409 with merge information) and versioned attachments."""

import json
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from wiki import services
from wiki.models import AttachmentVersion

from .conftest import client_for

TEXT = "Alpha.\n\nBeta.\n\nGamma.\n"


def _put(client, page_id, body):
    return client.put(
        f"/api/v1/wiki/pages/{page_id}/", json.dumps(body), content_type="application/json"
    )


def test_api_create_save_merge_and_conflict(client, world):
    client_for(client, world.member)
    response = client.post(
        "/api/v1/wiki/pages/",
        {"group": world.private.slug, "title": "API page", "language": "es", "content": TEXT},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    page = response.json()
    base = page["current_revision"]
    assert page["revision_number"] == 1 and "<p>Beta.</p>" in page["html"]

    saved = _put(
        client, page["id"], {"base_revision": base, "content": TEXT.replace("Alpha", "ALPHA")}
    )
    assert saved.status_code == 200 and saved.json()["status"] == "saved"

    merged = _put(
        client, page["id"], {"base_revision": base, "content": TEXT.replace("Gamma", "GAMMA")}
    )
    assert merged.status_code == 200
    assert merged.json()["status"] == "merged" and merged.json()["merged_with"] == 2
    assert merged.json()["content"] == "ALPHA.\n\nBeta.\n\nGAMMA.\n"

    conflict = _put(
        client, page["id"], {"base_revision": base, "content": TEXT.replace("Alpha", "alpha!")}
    )
    assert conflict.status_code == 409
    assert conflict["Content-Type"] == "application/problem+json"
    body = conflict.json()
    assert body["status"] == 409 and body["merge"]["clean"] is False
    assert body["merge"]["conflicts"][0] == {
        "base": "Alpha.\n",
        "mine": "alpha!.\n",
        "theirs": "ALPHA.\n",
        "line": 1,
    }
    assert body["current_revision_number"] == 3
    assert client.get(f"/api/v1/wiki/pages/{page['id']}/").json()["revision_number"] == 3

    stale = _put(
        client, page["id"], {"base_revision": world.public_page.current_revision_id, "content": "x"}
    )
    assert stale.status_code == 400 and "base_revision" in stale.json()["errors"]
    missing = _put(client, page["id"], {"content": "x"})
    assert missing.status_code == 400 and "base_revision" in missing.json()["errors"]


def test_api_revisions_are_paginated(client, world):
    page = world.public_page
    for n in range(4):
        page.refresh_from_db()
        services.page_save(
            page=page,
            base_revision_id=page.current_revision_id,
            content=f"v{n}",
            author=world.member,
        )
    data = client.get(f"/api/v1/wiki/pages/{page.pk}/revisions/?page_size=2&page=2").json()
    assert data["count"] == 5 and [r["number"] for r in data["results"]] == [3, 2]
    assert "content" not in data["results"][0]
    assert (
        client.get(f"/api/v1/wiki/pages/{page.pk}/revisions/1/")
        .json()["content"]
        .startswith("# Intro")
    )
    diff = client.get(f"/api/v1/wiki/pages/{page.pk}/diff/?from=4&to=5").json()
    assert diff["words_added"] == 1 and diff["words_removed"] == 1


def test_api_comments_with_mentions(client, world):
    client_for(client, world.observer)
    page = world.private_page
    response = client.post(
        f"/api/v1/wiki/pages/{page.pk}/comments/",
        {"body": "@coord have a look"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["mentions"] == ["coord"]
    reply = client.post(
        f"/api/v1/wiki/pages/{page.pk}/comments/",
        {"body": "ok", "parent": response.json()["id"]},
        content_type="application/json",
    )
    assert reply.json()["parent"] == response.json()["id"]
    empty = client.post(
        f"/api/v1/wiki/pages/{page.pk}/comments/", {"body": " "}, content_type="application/json"
    )
    assert empty.status_code == 400


def test_attachment_versions_are_private_and_downloadable(client, world):
    page = world.private_page
    v1 = services.attachment_upload(
        page=page, uploaded_file=SimpleUploadedFile("plan.txt", b"first"), user=world.member
    )
    v2 = services.attachment_upload(
        page=page,
        uploaded_file=SimpleUploadedFile("plan.txt", b"second"),
        user=world.coordinator,
        comment="updated",
    )
    assert (v1.attachment_id, v1.number, v2.number) == (v2.attachment_id, 1, 2)
    assert v2.sha256 == AttachmentVersion.digest([b"second"])
    # Stored outside MEDIA_ROOT, so no web server serving media can hand it out.
    stored = Path(v2.file.path).resolve()
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    client_for(client, world.observer)
    base = page.get_absolute_url() + f"attachments/{v1.attachment_id}/"
    latest = client.get(base)
    assert b"".join(latest.streaming_content) == b"second"
    assert latest["Cache-Control"] == "private, no-store"
    assert b"".join(client.get(base + "v1/").streaming_content) == b"first"
    assert client.get(base + "v3/").status_code == 404
    listing = client.get(f"/api/v1/wiki/pages/{page.pk}/attachments/").json()
    assert [v["number"] for v in listing[0]["versions"]] == [2, 1]


def test_upload_through_the_api(client, world):
    client_for(client, world.member)
    response = client.post(
        f"/api/v1/wiki/pages/{world.private_page.pk}/attachments/",
        {"file": SimpleUploadedFile("notes.md", b"# notes"), "comment": "first draft"},
    )
    assert response.status_code == 201
    assert response.json()[0]["name"] == "notes.md"


def test_api_rejects_malformed_input_with_400(client, world):
    client_for(client, world.member)
    api = f"/api/v1/wiki/pages/{world.private_page.pk}/"
    for url, body in [
        (api + "comments/", {"body": ["not", "text"]}),
        (api + "comments/", {"body": "x", "parent": "abc"}),
        (api + "revert/", {"revision": "one", "base_revision": 1}),
        (api + "mark-up-to-date/", {"source_revision": "abc"}),
        (api + "handoffs/", {"item_type": ["guide"]}),
        ("/api/v1/wiki/preview/", {"content": {"a": 1}}),
    ]:
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
    assert (
        _put(client, world.private_page.pk, {"base_revision": "x", "content": "y"}).status_code
        == 400
    )


def test_api_schema_documents_the_wiki(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/wiki/pages/{id}/" in schema["paths"]
