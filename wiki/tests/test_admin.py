"""Working groups and profiles are managed in the Wagtail admin; pages are not there."""

from .conftest import client_for


def test_admin_lists_and_edits_working_groups(client, world):
    client_for(client, world.staff)
    listing = client.get("/admin/snippets/wiki/workinggroup/")
    assert listing.status_code == 200
    assert world.private.name in listing.content.decode()
    edit = client.get(f"/admin/snippets/wiki/workinggroup/edit/{world.private.pk}/")
    assert edit.status_code == 200
    assert "memberships" in edit.content.decode()
    assert client.get("/admin/snippets/wiki/wikiprofile/").status_code == 200
    # Page texts are not reachable through the admin.
    assert client.get("/admin/snippets/wiki/wikipage/", follow=True).status_code == 404
