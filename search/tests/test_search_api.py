"""The search API contract, the suggest endpoint, the search page, the query log and report."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from search.models import QueryLogEntry
from search.tests.fixtures import load_corpus, search_engine  # noqa: F401
from search.tests.relevance.corpus import ITEMS, THESAURUS

RESULT_KEYS = {
    "key",
    "type",
    "title",
    "summary",
    "highlight",
    "url",
    "api_url",
    "locale",
    "matched_locale",
    "theme",
    "translations",
    "score",
}


@pytest.fixture
def corpus(search_engine):  # noqa: F811
    load_corpus(ITEMS, THESAURUS)
    return search_engine


@pytest.mark.django_db
def test_contract_and_reader_language(corpus, client):
    data = client.get("/api/v1/search/", {"q": "contraseñas", "lang": "pt"}).json()
    assert {"count", "page", "page_size", "results", "facets"} <= set(data)
    assert data["degraded"] is False
    first = data["results"][0]
    assert RESULT_KEYS <= set(first)
    assert first["key"] == "password-guide"
    assert first["locale"] == "pt" and first["title"] == "Gerir bem as palavras-passe"
    assert first["matched_locale"] == "es"
    assert "<mark>" in first["highlight"]
    assert first["theme"]["slug"] == "security"
    assert set(data["facets"]) == {"type", "theme", "locale", "partner", "sector"}


@pytest.mark.django_db
def test_highlight_is_escaped_html(corpus, client):
    from search import services
    from search.tests.fixtures import corpus_item_data

    services.search_document_write(
        group="corpus:xss",
        label="corpus",
        data=corpus_item_data(
            "xss",
            "guide",
            "security",
            {},
            {"fr": ("Alerte <script>alert(1)</script> sauvegarde", "résumé", "corps")},
        ),
    )
    services.search_engine_push(groups=["corpus:xss"])
    corpus.refresh()
    data = client.get("/api/v1/search/", {"q": "alerte sauvegarde", "lang": "fr"}).json()
    result = next(r for r in data["results"] if r["key"] == "xss")
    assert "<script>" not in result["highlight"]
    assert "&lt;script&gt;" in result["highlight"] and "<mark>" in result["highlight"]


@pytest.mark.django_db
def test_event_fields_facets_and_paging(corpus, client):
    data = client.get("/api/v1/search/", {"q": "", "type": "event", "page_size": 2}).json()
    assert data["count"] == 5 and len(data["results"]) == 2
    assert data["facets"]["type"] == {"event": 5}
    assert {"start", "end", "city"} <= set(data["results"][0])
    page3 = client.get(
        "/api/v1/search/", {"q": "", "type": "event", "page_size": 2, "page": 3}
    ).json()
    assert len(page3["results"]) == 1


@pytest.mark.django_db
def test_empty_query_returns_facets_and_most_recent(corpus, client):
    data = client.get("/api/v1/search/", {"lang": "fr"}).json()
    assert data["count"] == len(ITEMS)
    assert sum(data["facets"]["type"].values()) == len(ITEMS)
    # the corpus publishes an item len(key) days ago: the most recent come first
    ages = [len(r["key"]) for r in data["results"]]
    assert len(ages) == 20
    assert ages == sorted(ages)
    assert ages[0] == min(len(item[0]) for item in ITEMS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, name",
    [
        ({"lang": "de"}, "lang"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page": "1000", "page_size": "100"}, "page"),
        ({"type": "poem"}, "type"),
        ({"locale": "it"}, "locale"),
        ({"date_from": "2024-13-01"}, "date_from"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
        ({"theme": "bad key!"}, "theme"),
        ({"q": "x" * 201}, "q"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_get_400_naming_them(client, params, name):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


@pytest.mark.django_db
def test_suggest(corpus, client):
    data = client.get("/api/v1/search/suggest/", {"q": "organi", "lang": "en"}).json()
    assert data["degraded"] is False
    assert 1 <= len(data["results"]) <= 10
    assert data["results"][0]["title"] == "Organising remote work in a small team"
    data = client.get("/api/v1/search/suggest/", {"q": "contra", "lang": "fr"}).json()
    assert any(r["title"] == "Bien gérer ses mots de passe" for r in data["results"])
    assert client.get("/api/v1/search/suggest/", {"lang": "xx"}).status_code == 400


@pytest.mark.django_db
def test_query_log_has_no_personal_data_and_report(corpus, client):
    client.get("/api/v1/search/", {"q": "Mots de passe", "lang": "fr"})
    client.get("/api/v1/search/", {"q": "mots  de passe", "lang": "fr"})
    client.get("/api/v1/search/", {"q": "jean.dupont@example.com 06 12 34 56 78", "lang": "fr"})
    client.get("/api/v1/search/", {"q": "zzzqqq", "lang": "es"})
    entry = QueryLogEntry.objects.get(query="mots de passe", language="fr")
    assert entry.searches == 2 and entry.zero_results == 0
    assert QueryLogEntry.objects.get(query="zzzqqq", language="es").zero_results == 1
    logged = " ".join(QueryLogEntry.objects.values_list("query", flat=True))
    assert "example.com" not in logged and "56 78" not in logged
    admin = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(admin)
    page = client.get("/admin/search-queries/")
    assert page.status_code == 200
    assert "mots de passe" in page.content.decode() and "zzzqqq" in page.content.decode()


@pytest.mark.django_db
def test_search_page_in_four_languages(corpus, client):
    for code, word in [
        ("fr", "Rechercher"),
        ("es", "Buscar"),
        ("pt", "Pesquisar"),
        ("en", "Search"),
    ]:
        response = client.get(f"/{code}/search/", {"q": "teletrabajo"})
        assert response.status_code == 200
        html = response.content.decode()
        assert word in html
    html = client.get("/pt/search/", {"q": "teletrabajo"}).content.decode()
    assert "Organizar o teletrabalho numa pequena equipa" in html
    html = client.get("/en/search/", {"q": "", "page_size": "5"}).content.decode()
    assert 'rel="next"' in html


@pytest.mark.django_db
def test_thesaurus_in_admin_expands_queries(corpus, client):
    from search.models import ThesaurusConcept

    before = client.get("/api/v1/search/", {"q": "salvaguarda", "lang": "pt"}).json()
    assert "backup-guide" not in [r["key"] for r in before["results"]][:1]
    admin = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/search/thesaurusconcept/add/",
        {
            "name": "backup",
            "terms_fr": "sauvegarde",
            "terms_es": "copia de seguridad",
            "terms_pt": "salvaguarda\ncópia de segurança",
            "terms_en": "backup",
        },
    )
    assert response.status_code in (200, 302)
    assert ThesaurusConcept.objects.filter(name="backup").exists()
    after = client.get("/api/v1/search/", {"q": "salvaguarda", "lang": "pt"}).json()
    assert after["results"][0]["key"] == "backup-guide"
    assert "sauvegarde" in after["expansions"]["fr"]


@pytest.mark.django_db
def test_engine_documents_are_modelsearch_documents(corpus):
    """The compiled document plan gives exactly what modelsearch's mapping gives."""
    from search.models import SearchDocument

    docs = list(SearchDocument.objects.order_by("pk"))
    assert any(d.start for d in docs) and any(d.sectors for d in docs)
    for doc in docs:
        assert corpus.document(doc) == corpus.mapping.get_document(doc)
    # the same from plain rows (what search_reindex reads)
    rows = SearchDocument.objects.order_by("pk").values_list(*corpus.document_columns())
    actions = corpus.bulk_actions_for_rows(rows, index="x")
    assert [{k: v for k, v in a.items() if k not in ("_index", "_id")} for a in actions] == [
        corpus.mapping.get_document(doc) for doc in docs
    ]
    assert [a["_id"] for a in actions] == [str(doc.pk) for doc in docs]


@pytest.mark.django_db
def test_only_unknown_words_are_matched_fuzzily(corpus, client):
    from django.core.cache import cache

    from search import query, services
    from search.engine import INDEX_VERSION_KEY
    from search.models import PUBLIC_AUDIENCE, SearchDocument
    from search.tests.fixtures import corpus_item_data

    def unknown(text):
        version = cache.get(INDEX_VERSION_KEY, 0)
        return query.unknown_words(corpus, text, [PUBLIC_AUDIENCE], version)

    assert unknown("contrasenas robutas de") == {"robutas"}
    assert unknown("Contraseñas") == frozenset()
    # the typo is still forgiven, and the item found first
    data = client.get("/api/v1/search/", {"q": "contrasenas robutas", "lang": "es"}).json()
    assert data["results"][0]["key"] == "password-guide"
    # a word that only a non-public document contains is unknown to visitors
    services.search_document_write(
        group="corpus:robutas",
        data=corpus_item_data(
            "robutas-note", "guide", "security", {}, {"es": ("Robutas", "Robutas", "Robutas")}
        ),
        label="corpus",
    )
    SearchDocument.objects.filter(doc_key="corpus:robutas").update(audience="group:private")
    services.search_engine_push(groups=["corpus:robutas"])
    corpus.refresh()
    assert unknown("robutas") == {"robutas"}
    # once public, the word is known (the answer is not kept past a change of the index)
    SearchDocument.objects.filter(doc_key="corpus:robutas").update(audience=PUBLIC_AUDIENCE)
    services.search_engine_push(groups=["corpus:robutas"])
    corpus.refresh()
    assert unknown("robutas") == frozenset()


@pytest.mark.django_db
def test_reader_language_from_accept_language_sector_and_date_window(corpus, client):
    import datetime as dt

    from django.utils import timezone

    # no lang: the reader's language comes from Accept-Language
    data = client.get(
        "/api/v1/search/", {"q": "contraseñas"}, HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9,en;q=0.5"
    ).json()
    first = data["results"][0]
    assert (first["key"], first["locale"]) == ("password-guide", "pt")
    assert first["title"] == "Gerir bem as palavras-passe"

    # a sector: only its items, and the facet agrees with the count
    data = client.get("/api/v1/search/", {"q": "", "sector": "tourism", "lang": "fr"}).json()
    assert data["count"] >= 2
    assert data["facets"]["sector"]["tourism"] == data["count"]
    assert {"tourism-booking", "event-pau-tourism"} <= {r["key"] for r in data["results"]}

    # events between today and 50 days from now: Zaragoza (10), Toulouse (20), Porto (45)
    today = timezone.localdate()
    data = client.get(
        "/api/v1/search/",
        {
            "q": "",
            "type": "event",
            "date_from": today.isoformat(),
            "date_to": (today + dt.timedelta(days=50)).isoformat(),
        },
    ).json()
    assert {r["key"] for r in data["results"]} == {
        "event-zaragoza-hr",
        "event-toulouse",
        "event-porto",
    }
    assert data["count"] == 3


@pytest.mark.django_db
def test_cached_semantic_candidates_follow_new_documents(corpus, client):
    """Candidates are cached per query, but never past a change of the vectors."""
    from search import embeddings, services
    from search.tests.fixtures import corpus_item_data

    vector = embeddings.query_vector("caisse enregistreuse connectée")
    before = embeddings.store.nearest(vector, ["fr", "es", "pt", "en"], 5, 0.0)
    assert before == embeddings.store.nearest(vector, ["fr", "es", "pt", "en"], 5, 0.0)
    assert before[0][0] != "corpus:till-note"
    services.search_document_write(
        group="corpus:till-note",
        data=corpus_item_data(
            "till-note",
            "guide",
            "commerce",
            {},
            {"pt": ("Caixa registadora ligada", "Caixa registadora ligada", "")},
        ),
        label="corpus",
    )
    after = embeddings.store.nearest(vector, ["fr", "es", "pt", "en"], 5, 0.0)
    assert after[0][0] == "corpus:till-note" and after[0][2] == "pt"


@pytest.mark.django_db
def test_did_you_mean_corrects_unknown_words_from_the_results(corpus, client):
    data = client.get("/api/v1/search/", {"q": "maintenence predictive", "lang": "en"}).json()
    assert data["results"][0]["key"] == "predictive-maintenance"
    assert data["did_you_mean"] == "maintenance predictive"
    data = client.get("/api/v1/search/", {"q": "contrasenas robutas", "lang": "es"}).json()
    assert data["did_you_mean"] == "contrasenas robustas"
    # nothing to correct: no suggestion
    data = client.get("/api/v1/search/", {"q": "predictive maintenance", "lang": "en"}).json()
    assert data["did_you_mean"] is None
    # the search page links to the corrected query, keeping the filters
    html = client.get("/en/search/", {"q": "maintenence predictive", "type": "guide"}).content
    html = html.decode()
    assert "Did you mean:" in html
    assert "?q=maintenance+predictive&amp;type=guide" in html or (
        "?type=guide&amp;q=maintenance+predictive" in html
    )
    html = client.get("/fr/search/", {"q": "maintenence predictive"}).content.decode()
    assert "Vouliez-vous dire" in html


@pytest.mark.django_db
def test_reindex_answers_throughout_and_swaps_the_alias(corpus, client, monkeypatch):
    """search_reindex loads a new index while searches use the old one, then swaps the alias."""
    import io

    from django.core.management import call_command

    def keys():
        data = client.get("/api/v1/search/", {"q": "mots de passe", "lang": "fr"}).json()
        assert data["degraded"] is False
        return [r["key"] for r in data["results"]]

    expected = keys()
    assert expected[0] == "password-guide"
    old_indices = set(corpus.call("indices.get_alias", name=corpus.alias))
    during = []
    real_bulk_actions = corpus.bulk_actions_for_rows

    def bulk_actions_and_search(rows, index=None):
        if index not in (None, corpus.alias):  # loading the new index, batch by batch
            during.append(keys())
        return real_bulk_actions(rows, index=index)

    monkeypatch.setattr(corpus, "bulk_actions_for_rows", bulk_actions_and_search)
    out = io.StringIO()
    call_command("search_reindex", "--engine-only", "--batch-size", "10", stdout=out)
    assert len(during) >= 3 and all(found == expected for found in during)
    new_indices = set(corpus.call("indices.get_alias", name=corpus.alias))
    assert new_indices and not new_indices & old_indices
    assert not corpus.call("indices.exists", index=",".join(old_indices))
    assert keys() == expected
    lines = out.getvalue().splitlines()
    assert any(line.startswith("index") and "100%" in line for line in lines), lines
    assert "rebuilt with" in lines[-1]


@pytest.mark.django_db
def test_no_index_yet_answers_from_the_database_not_an_error(search_engine, client):  # noqa: F811
    from search.tests.fixtures import drop_search_indices

    drop_search_indices(search_engine)  # a fresh deployment before search_reindex
    response = client.get("/api/v1/search/", {"q": "sauvegarde", "lang": "fr"})
    assert response.status_code == 200
    assert response.json()["degraded"] is True
