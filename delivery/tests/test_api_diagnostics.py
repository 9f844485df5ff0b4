"""Diagnostic tools over the API: versioned questionnaire, answers scored by the toolbox's own
scoring service, recommendations in the reader's language, 400 naming each problem."""

import pytest

from home.services import translation_create_or_update
from toolbox.models import DiagnosticResponse
from toolbox.tests import factories as f

from .support import build_catalogue, problem


@pytest.fixture
def cat(db):
    return build_catalogue()


def post(client, tool, body, query=""):
    return client.post(
        f"/api/v1/diagnostic-tools/{tool.key}/responses/{query}",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_questionnaire_in_the_readers_language_with_its_version(client, cat):
    translation_create_or_update(
        source=cat.diagnostic,
        locale=cat.locales["es"],
        fields={"title": "Autodiagnóstico"},
    )
    body = client.get(
        f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/questionnaire/?lang=es"
    ).json()
    assert body["tool"]["locale"] == "es" and body["tool"]["title"] == "Autodiagnóstico"
    assert body["version"] == body["current_version"] == 1
    [section] = body["sections"]
    assert [q["id"] for q in section["questions"]] == ["q0", "q1"]
    assert [a["id"] for a in section["questions"][0]["answers"]] == ["q0a0", "q0a1", "q0a2"]
    assert "weight" not in section["questions"][0]["answers"][0]  # scoring stays server-side


def test_answers_are_scored_with_bands_advice_and_recommendations(client, cat):
    response = post(
        client, cat.diagnostic, {"answers": {"q0": "q0a2", "q1": "q1a0"}}, "?lang=pt&fallback=es,fr"
    )
    assert response.status_code == 201, response.content
    result = response.json()
    # weights (0,1,2) and (0,2): 2 of 4 points
    assert (result["score"], result["max_score"], result["percent"]) == (2, 4, 50)
    [section] = result["sections"]
    assert section["band"]["id"] == "b1" and section["band"]["label"] == "Niveau 1"
    assert section["band"]["advice"] == "<p>Conseil 1</p>"
    # the recommended guide, in Portuguese (it exists in pt)
    [guide] = section["recommendations"]
    assert (guide["id"], guide["locale"], guide["type"]) == (cat.guide_pt.pk, "pt", "guide")
    assert guide["api_url"].endswith(f"/api/v1/guides/{cat.guide_pt.pk}/")
    stored = DiagnosticResponse.objects.get(public_id=result["id"])
    assert stored.score == 2 and stored.answers == {"q0": "q0a2", "q1": "q1a0"}


def test_invalid_answers_get_a_400_naming_each_problem_and_nothing_is_stored(client, cat):
    body = problem(post(client, cat.diagnostic, {"answers": {"q0": "q0a9", "q7": "x"}}))
    assert body["errors"] == {
        "answers.q0": ["Not one of this question's answers."],
        "answers.q1": ["Missing answer."],
        "answers.q7": ["No such question in this version."],
    }
    assert not DiagnosticResponse.objects.exists()
    assert set(problem(post(client, cat.diagnostic, {"answer": {}}))["errors"]) == {"answers"}
    not_strings = problem(post(client, cat.diagnostic, {"answers": {"q0": ["q0a1"]}}))
    assert set(not_strings["errors"]) == {"answers.q0"}
    unknown_version = problem(
        post(client, cat.diagnostic, {"version": 9, "answers": {"q0": "q0a1", "q1": "q1a1"}})
    )
    assert set(unknown_version["errors"]) == {"version"}
    broken = client.post(
        f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/responses/",
        "{not json",
        content_type="application/json",
    )
    assert problem(broken)["detail"]
    assert not DiagnosticResponse.objects.exists()


def test_versions_keep_their_meaning(client, cat, django_capture_on_commit_callbacks):
    assert (
        client.get(f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/questionnaire/").json()[
            "version"
        ]
        == 1
    )
    # the editor changes the weights: a new version
    cat.diagnostic.questionnaire = f.questionnaire_data(weights=((0, 5), (0, 5)))
    with django_capture_on_commit_callbacks(execute=True):
        f.publish(cat.diagnostic)
    current = client.get(f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/questionnaire/").json()
    assert current["version"] == 2
    old = client.get(
        f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/questionnaire/?version=1"
    ).json()
    assert (old["version"], old["current_version"]) == (1, 2)
    assert len(old["sections"][0]["questions"][0]["answers"]) == 3
    # answers to version 1 are scored with version 1's weights
    result = post(client, cat.diagnostic, {"version": 1, "answers": {"q0": "q0a2", "q1": "q1a1"}})
    assert result.status_code == 201
    assert (result.json()["score"], result.json()["max_score"]) == (4, 4)
    assert result.json()["outdated"] is True
    latest = post(client, cat.diagnostic, {"answers": {"q0": "q0a1", "q1": "q1a0"}})
    assert (latest.json()["version"], latest.json()["score"], latest.json()["max_score"]) == (
        2,
        5,
        10,
    )
    missing = client.get(f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/questionnaire/?version=7")
    assert problem(missing, 404)


def test_posting_is_throttled_separately(client, cat, settings, quota_window):
    settings.API_POST_ANON_RATE = "1/minute"
    answers = {"answers": {"q0": "q0a1", "q1": "q1a1"}}
    assert post(client, cat.diagnostic, answers).status_code == 201
    refused = post(client, cat.diagnostic, answers)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert client.get(f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/").status_code == 200
