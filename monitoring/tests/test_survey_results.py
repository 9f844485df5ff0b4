"""A survey's answers question by question, as its partner reads them in the admin: how many
chose each answer of each question, in the reader's language where the questionnaire is
translated, counting only this survey's answers."""

from __future__ import annotations

import copy
import re

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from monitoring import surveys
from monitoring.models import Survey
from toolbox.tests import factories


@pytest.fixture
def questionnaire(world):
    section = factories.section(world.fr)
    return factories.diagnostic(section, factories.theme(), title="Satisfaction")


def _spanish(questionnaire):
    """The questionnaire translated into Spanish: same block ids, Spanish texts."""
    spanish = questionnaire.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    data = copy.deepcopy(questionnaire.questionnaire.raw_data)
    data[0]["value"]["title"] = "Copias de seguridad"
    for question in data[0]["value"]["questions"]:
        number = question["id"][1:]
        question["value"]["text"] = f"Pregunta {number}"
        for answer in question["value"]["answers"]:
            answer["value"]["text"] = f"Respuesta {answer['id'][-1]}"
    spanish.questionnaire = data
    spanish.save_revision().publish()
    return spanish


def _answer(survey, email, answers):
    invitation = surveys.survey_invite(survey=survey, email=email)
    version = surveys.survey_version(page=survey.questionnaire)
    surveys.survey_answer(invitation=invitation, version=version, answers=answers)


def _rows(html: str) -> list[list[str]]:
    """The answer tables' rows as the reader sees them: [caption, answer, chosen, share]."""
    rows = []
    for table in re.findall(
        r'<table class="listing monitoring-survey-question">(.*?)</table>', html, re.S
    ):
        caption = re.sub(
            r"\s+",
            " ",
            re.sub(r"<[^>]+>", "", re.search(r"<caption>(.*?)</caption>", table, re.S).group(1)),
        ).strip()
        for row in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table):
            share = re.sub(r"<[^>]+>", "", row[2]).strip()
            rows.append([caption, row[0], row[1], share])
    return rows


def test_answers_counted_per_question_in_the_readers_language(client, world, questionnaire):
    survey = surveys.survey_create(
        name="Satisfaction 2026",
        kind=Survey.Kind.SATISFACTION,
        questionnaire=questionnaire,
        partner=world.fr,
    )
    _answer(survey, "ana@example.es", {"q0": "q0a2", "q1": "q1a1"})
    _answer(survey, "jean@example.fr", {"q0": "q0a2", "q1": "q1a0"})
    _answer(survey, "rui@example.pt", {"q0": "q0a0", "q1": "q1a1"})
    surveys.survey_invite(survey=survey, email="silent@example.fr")  # invited, no answer
    # Another survey of the same questionnaire: its answers are not this survey's.
    other = surveys.survey_create(
        name="Suivi", kind=Survey.Kind.FOLLOW_UP, questionnaire=questionnaire, partner=world.fr
    )
    _answer(other, "luis@example.es", {"q0": "q0a1", "q1": "q1a0"})

    profile = UserProfile.get_for_user(world.fr_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(world.fr_user)
    url = reverse("monitoring_survey", args=[survey.pk])
    html = client.get(url).content.decode()
    assert "Réponses par question" in html and "<h4>Sauvegardes</h4>" in html
    assert _rows(html) == [
        ["Question 0 (3 réponses)", "Réponse 0", "1", "33 %"],
        ["Question 0 (3 réponses)", "Réponse 1", "0", "0 %"],
        ["Question 0 (3 réponses)", "Réponse 2", "2", "67 %"],
        ["Question 1 (3 réponses)", "Réponse 0", "1", "33 %"],
        ["Question 1 (3 réponses)", "Réponse 1", "2", "67 %"],
    ]

    # A Spanish reader sees the questionnaire's Spanish texts, same counts.
    _spanish(questionnaire)
    profile.preferred_language = "es"
    profile.save()
    html = client.get(url).content.decode()
    assert "Respuestas por pregunta" in html and "<h4>Copias de seguridad</h4>" in html
    assert _rows(html)[:3] == [
        ["Pregunta 0 (3 respuestas)", "Respuesta 0", "1", "33 %"],
        ["Pregunta 0 (3 respuestas)", "Respuesta 1", "0", "0 %"],
        ["Pregunta 0 (3 respuestas)", "Respuesta 2", "2", "67 %"],
    ]

    # Another partner's staff cannot read them.
    client.force_login(world.es_user)
    assert client.get(url, follow=True).status_code == 404


def test_no_answer_yet_shows_no_table(client, world, questionnaire):
    survey = surveys.survey_create(
        name="Satisfaction 2027",
        kind=Survey.Kind.SATISFACTION,
        questionnaire=questionnaire,
        partner=world.fr,
    )
    surveys.survey_invite(survey=survey, email="jean@example.fr")
    client.force_login(world.fr_user)
    html = client.get(reverse("monitoring_survey", args=[survey.pk])).content.decode()
    assert "monitoring-survey-question" not in html
    assert "jean@example.fr" in html
