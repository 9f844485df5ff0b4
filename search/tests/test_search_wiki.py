"""Wiki pages in search, with the wiki's permissions: a group-only page is found by the
group's members and by nobody else (anonymous visitors, partners of other organisations,
signed-in people without a partner), through the API, the suggestions and the search page.

Pages reach the real index through the real signal handlers, the outbox and the sync task run
on commit; access is checked against the real engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from search import query as search_query
from search.models import PendingIndexChange, SearchDocument
from search.sources import audiences_for
from search.tests.fixtures import search_engine  # noqa: F401
from wiki import services as wiki_services
from wiki.models import Role, Visibility
from wiki.tests.conftest import make_group, make_user, world  # noqa: F401


def _find(client, user, q, **params):
    client.logout()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    response = client.get("/api/v1/search/", {"q": q, "lang": "fr", **params})
    assert response.status_code == 200
    data = response.json()
    assert data["degraded"] is False
    return [r["title"] for r in data["results"]]


def _suggest(client, user, q):
    client.logout()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    response = client.get("/api/v1/search/suggest/", {"q": q, "lang": "fr"})
    assert response.status_code == 200
    return [r["title"] for r in response.json()["results"]]


@pytest.fixture
def indexed_world(search_engine, world, django_capture_on_commit_callbacks):  # noqa: F811
    """The wiki world (one group per visibility, a page in each) as the index sees it."""
    from search import services

    with django_capture_on_commit_callbacks(execute=True):
        services.search_groups_sync(groups=services.all_groups())
    search_engine.refresh()
    return world


@pytest.mark.django_db
def test_wiki_pages_found_only_by_those_allowed(indexed_world, client):
    w = indexed_world
    private, partners, public = (
        "Secret plan group",
        "Secret plan partners",
        "Secret plan public",
    )
    who_finds = {
        "anonymous": {public},
        "stranger": {public},  # signed in, no partner organisation
        "outsider": {public, partners},  # a partner, not a member
        "staff": {public},  # admin status gives nothing in the wiki
        "observer": {public, partners, private},
        "member": {public, partners, private},
        "coordinator": {public, partners, private},
    }
    for role, expected in who_finds.items():
        found = set(_find(client, w.role(role), "secret plan"))
        assert found == expected, role
        # the page is also found by words of its text, and by its group's facets
        assert (private in _find(client, w.role(role), "details group")) == (private in expected)
    # suggestions follow the same rule
    assert private not in _suggest(client, w.outsider, "secret pl")
    assert private not in _suggest(client, AnonymousUser(), "secret pl")
    assert private in _suggest(client, w.member, "secret pl")
    # and the public search page
    client.logout()
    page = client.get("/fr/search/", {"q": "secret plan"}).content.decode()
    assert public in page and private not in page
    client.force_login(w.member)
    page = client.get("/fr/search/", {"q": "secret plan"}).content.decode()
    assert private in page


@pytest.mark.django_db
def test_wiki_result_shape_and_translation(
    indexed_world, client, django_capture_on_commit_callbacks
):
    w = indexed_world
    with django_capture_on_commit_callbacks(execute=True):
        wiki_services.page_create(
            group=w.private,
            title="Plano secreto",
            language="pt",
            content="Texto do plano do grupo.",
            author=w.member,
            translation_of=w.private_page,
        )
    w.private.refresh_from_db()
    from search.engine import get_engine

    get_engine().refresh()
    client.force_login(w.member)
    data = client.get("/api/v1/search/", {"q": "plano secreto", "lang": "pt"}).json()
    result = next(r for r in data["results"] if r["type"] == "wiki")
    assert result["title"] == "Plano secreto" and result["locale"] == "pt"
    assert (
        result["url"] == f"/pt/wiki/g/{w.private.slug}/{result['url'].rstrip('/').split('/')[-1]}/"
    )
    assert {t["locale"] for t in result["translations"]} == {"fr", "pt"}
    # one document for the page and its translation
    assert (
        SearchDocument.objects.filter(kind="wiki", item_key=f"wiki-{w.private_page.pk}").count()
        == 1
    )
    # the outsider still finds nothing of it, in any language
    assert "Plano secreto" not in _find(client, w.outsider, "plano secreto", lang="pt")


@pytest.mark.django_db
def test_wiki_changes_reach_the_index(indexed_world, client, django_capture_on_commit_callbacks):
    """Saving, membership and visibility changes, deletion: through the outbox, on commit."""
    w = indexed_world
    from search.engine import get_engine

    engine = get_engine()
    # an edit: recorded in the outbox in the save's transaction, synced on commit
    with django_capture_on_commit_callbacks(execute=True):
        wiki_services.page_save(
            page=w.private_page,
            base_revision_id=w.private_page.current_revision_id,
            content="Nouveau texte : chiffrement des sauvegardes du groupe.",
            author=w.member,
        )
    engine.refresh()
    assert not PendingIndexChange.objects.exists()
    assert "Secret plan group" in _find(client, w.member, "chiffrement sauvegardes")
    assert "Secret plan group" not in _find(client, w.outsider, "chiffrement sauvegardes")

    # a new member finds the group's pages at once; a removed one no longer does
    newcomer = make_user("newcomer", language="fr")
    assert "Secret plan group" not in _find(client, newcomer, "secret plan")
    wiki_services.membership_set(group=w.private, user=newcomer, role=Role.OBSERVER)
    assert "Secret plan group" in _find(client, newcomer, "secret plan")
    w.private.memberships.filter(user=newcomer).delete()
    assert "Secret plan group" not in _find(client, newcomer, "secret plan")

    # the group made public: everyone finds it; back to group-only: outsiders lose it
    with django_capture_on_commit_callbacks(execute=True):
        w.private.visibility = Visibility.PUBLIC
        w.private.save()
    engine.refresh()
    assert "Secret plan group" in _find(client, AnonymousUser(), "secret plan")
    with django_capture_on_commit_callbacks(execute=True):
        w.private.visibility = Visibility.GROUP
        w.private.save()
    engine.refresh()
    assert "Secret plan group" not in _find(client, AnonymousUser(), "secret plan")
    assert "Secret plan group" not in _find(client, w.outsider, "secret plan")

    # deleted: gone from the index for everyone
    with django_capture_on_commit_callbacks(execute=True):
        w.private_page.delete()
    engine.refresh()
    assert "Secret plan group" not in _find(client, w.member, "secret plan")
    assert not SearchDocument.objects.filter(item_key=f"wiki-{w.private_page.pk}").exists()


@pytest.mark.django_db
def test_other_partner_group_never_leaks(
    search_engine,  # noqa: F811 (the fixture imported above)
    db,
    client,
    django_capture_on_commit_callbacks,
):
    """Two group-only groups: each one's members find their own pages and not the other's."""
    from search import services

    alpha, beta = make_group("alpha-team"), make_group("beta-team")
    anna, bruno = make_user("anna"), make_user("bruno")
    wiki_services.membership_set(group=alpha, user=anna, role=Role.MEMBER)
    wiki_services.membership_set(group=beta, user=bruno, role=Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        for group, author in ((alpha, anna), (beta, bruno)):
            wiki_services.page_create(
                group=group,
                title=f"Budget {group.slug}",
                language="fr",
                content="Budget confidentiel du projet.",
                author=author,
            )
    search_engine.refresh()
    assert set(services.all_groups()) >= {
        g for g in SearchDocument.objects.filter(kind="wiki").values_list("doc_key", flat=True)
    }
    assert _find(client, anna, "budget confidentiel") == ["Budget alpha-team"]
    assert _find(client, bruno, "budget confidentiel") == ["Budget beta-team"]
    assert _find(client, AnonymousUser(), "budget confidentiel") == []
    # not even through a type filter or an empty query listing the most recent items
    client.logout()
    data = client.get("/api/v1/search/", {"q": "", "type": "wiki"}).json()
    assert data["count"] == 0 and data["facets"]["type"].get("wiki") is None


@pytest.mark.django_db
def test_pdf_attached_to_a_wiki_page_is_found_by_its_readers_only(
    indexed_world, client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from search.engine import get_engine
    from search.tests.fixtures import make_pdf

    w = indexed_world

    def attach(text):
        upload = SimpleUploadedFile("compte-rendu.pdf", make_pdf(text), "application/pdf")
        with django_capture_on_commit_callbacks(execute=True):
            wiki_services.attachment_upload(
                page=w.private_page, uploaded_file=upload, user=w.member
            )
        get_engine().refresh()

    attach("Decision xylophage du groupe")
    assert _find(client, w.member, "xylophage") == [w.private_page.title]
    assert _find(client, w.outsider, "xylophage") == []
    assert _find(client, AnonymousUser(), "xylophage") == []

    # a new version of the file replaces the old text
    attach("Decision ornithorynque du groupe")
    assert _find(client, w.member, "ornithorynque") == [w.private_page.title]
    assert _find(client, w.member, "xylophage") == []


@pytest.mark.django_db
def test_did_you_mean_never_suggests_a_word_the_reader_may_not_see(indexed_world, client):
    w = indexed_world

    def did_you_mean(user):
        client.logout()
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client.get("/api/v1/search/", {"q": "secret plan partnrs", "lang": "fr"}).json()[
            "did_you_mean"
        ]

    # "partners" is only in the page of the partners-only group (not for anonymous visitors
    # nor for people signed in without a partner organisation)
    assert did_you_mean(w.member) == "secret plan partners"
    assert did_you_mean(w.outsider) == "secret plan partners"
    assert did_you_mean(w.stranger) is None
    assert did_you_mean(AnonymousUser()) is None


@pytest.mark.django_db
def test_search_filtered_by_visibility(indexed_world):
    """Each reader finds the pages of the groups they may read, and only those (moved here from
    ``wiki/tests/test_privacy.py`` when the wiki's own search index went: same readers, same
    pages, through the project's search)."""
    w = indexed_world
    for user, expected in [
        (w.member, {w.private_page.pk, w.partners_page.pk, w.public_page.pk}),
        (w.outsider, {w.partners_page.pk, w.public_page.pk}),
        (w.anonymous, {w.public_page.pk}),
    ]:
        outcome = search_query.search(
            search_query.SearchParams(q="plan", lang="fr", audiences=audiences_for(user))
        )
        assert outcome.degraded is False
        found = {r["key"] for r in outcome.results if r["type"] == "wiki"}
        assert found == {f"wiki-{pk}" for pk in expected}, user


def test_search_reads_the_wiki_only_through_its_indexing_interface():
    """The search sits above the wiki and knows it through ``wiki.indexing`` alone: no module of
    the search app imports another wiki module, nor looks a wiki model up by name."""
    app = Path(__file__).resolve().parents[1]
    offending = []
    for path in sorted(app.rglob("*.py")):
        if "tests" in path.relative_to(app).parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = (
                    [node.module]
                    if node.module != "wiki"
                    else [f"wiki.{alias.name}" for alias in node.names]
                )
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get_model"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).split(".")[0] == "wiki"
            ):
                names = [f"wiki.models (apps.get_model({node.args[0].value!r}))"]
            else:
                continue
            for name in names:
                if (name == "wiki" or name.startswith("wiki.")) and name != "wiki.indexing":
                    offending.append(f"{path.relative_to(app)}:{node.lineno} {name}")
    assert offending == []
