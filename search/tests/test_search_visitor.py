"""What a visitor gets from the search (issues 13 and 14): the French queries of the demo find
the right item first, themes and partners come apart as "see also", the page shows labels
in the reader's language, and the API says when the index is behind."""

from __future__ import annotations

import pytest
from django.utils import timezone

from search import query as search_query
from search.models import PendingIndexChange
from search.tests.fixtures import search_engine  # noqa: F401
from toolbox.tests import factories

FILLER = [
    ("Choisir son logiciel de facturation", "Les critères de choix d'un outil de gestion."),
    ("Réussir le télétravail dans une petite entreprise", "Organisation de l'équipe à distance."),
    ("Vendre ses produits en ligne en circuit court", "La vente directe des producteurs."),
    ("Gérer les avis clients en ligne", "Répondre aux avis de la clientèle."),
    ("Le BIM expliqué aux artisans du bâtiment", "La maquette numérique de la construction."),
    ("Club de veille des dirigeants", "Une veille partagée entre dirigeants de PME."),
]


def _demo_like(django_capture_on_commit_callbacks):
    """The demo's security items (titles as in toolbox/demo_items.py) among unrelated ones
    that share the common words ("de", "les", "en")."""
    with django_capture_on_commit_callbacks(execute=True):
        factories.home()
        security = factories.theme(title="Sécurité des systèmes d'information")
        section = factories.section(factories.partner(name="Cybermassif Auvergne"))
        factories.guide(
            section,
            security,
            title="Sauvegardes : la règle 3-2-1 pour les TPE",
            summary="Trois copies, deux supports, une hors site.",
        )
        factories.event(
            section,
            security,
            title="Rançongiciels : retours d'expérience",
            summary="Des dirigeants racontent l'attaque subie et la reprise d'activité.",
        )
        factories.guide(
            section,
            security,
            title="Mots de passe : le guide pratique pour les TPE",
            summary="Des mots de passe solides et la double authentification.",
        )
        factories.event(
            section,
            security,
            title="Cybersécurité : les bons réflexes pour les TPE",
            summary="Les gestes simples de la cybersécurité au quotidien.",
        )
        for title, summary in FILLER:
            factories.guide(section, security, title=title, summary=summary)


DEMO_QUERIES = [
    ("sauvegarde", "Sauvegardes : la règle 3-2-1 pour les TPE"),
    ("rançongiciel", "Rançongiciels : retours d'expérience"),
    ("mot de passe", "Mots de passe : le guide pratique pour les TPE"),
    ("cybersécurité", "Cybersécurité : les bons réflexes pour les TPE"),
]


def _check_french_queries(run):
    for q, expected in DEMO_QUERIES:
        outcome = run(search_query.SearchParams(q=q, lang="fr"))
        titles = [r["title"] for r in outcome.results]
        assert titles and titles[0] == expected, (q, titles)
        # items only in the results; the theme (and partners) apart, as "see also"
        assert {r["type"] for r in outcome.results} <= {"guide", "event"}, (q, titles)
    password = run(search_query.SearchParams(q="mot de passe", lang="fr"))
    # a focused set: not every text holding "de" or "passe"
    assert password.count <= 2, [r["title"] for r in password.results]
    cyber = run(search_query.SearchParams(q="cybersécurité", lang="fr"))
    assert cyber.results[0]["type"] == "event"
    security = run(search_query.SearchParams(q="sécurité information", lang="fr"))
    assert [r["type"] for r in security.see_also] == ["theme"]
    assert security.see_also[0]["title"] == "Sécurité des systèmes d'information"


@pytest.mark.django_db
def test_french_queries_of_the_demo_on_the_engine(
    search_engine,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _demo_like(django_capture_on_commit_callbacks)
    search_engine.refresh()
    outcome = search_query.search(search_query.SearchParams(q="sauvegarde", lang="fr"))
    assert outcome.backend == "engine" and not outcome.degraded
    _check_french_queries(search_query.search)


@pytest.mark.django_db
def test_french_queries_of_the_demo_on_the_database(django_capture_on_commit_callbacks):
    """The embedded mode (``make run``: SQLite, no engine) and the engine-down fallback."""
    _demo_like(django_capture_on_commit_callbacks)
    _check_french_queries(lambda params: search_query.database_search(params, degraded=False))


@pytest.mark.django_db
def test_api_says_when_the_index_is_behind(search_engine, client):  # noqa: F811
    response = client.get("/api/v1/search/", {"q": "sauvegarde"})
    assert response.json()["index_pending"] == 0
    assert response["X-Search-Index-Pending"] == "0"
    PendingIndexChange.objects.create(
        group="toolbox.guidepage:not-yet-indexed", queued_at=timezone.now()
    )
    response = client.get("/api/v1/search/", {"q": "sauvegarde"})
    assert response.json()["index_pending"] == 1
    assert response["X-Search-Index-Pending"] == "1"
    assert "still being indexed" in client.get("/en/search/", {"q": "x"}).content.decode()


# A change findable at once (typos, accents, other languages) once the worker has indexed it:
# search/tests/test_search_freshness.py (import, real worker, real engine).
