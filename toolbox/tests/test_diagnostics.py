"""Questionnaire scoring, versioning and anonymous response storage."""

import datetime as dt

import pytest

from home.services import translation_create_or_update
from toolbox import selectors, services
from toolbox.models import DiagnosticResponse, QuestionnaireAnswerError, QuestionnaireVersion

from . import factories

STRUCTURE = {
    "sections": [
        {
            "id": "s1",
            "title": "Sauvegardes",
            "intro": "",
            "questions": [
                {
                    "id": "q1",
                    "text": "",
                    "help": "",
                    "answers": [
                        {"id": "q1a", "text": "", "weight": 0},
                        {"id": "q1b", "text": "", "weight": 2},
                        {"id": "q1c", "text": "", "weight": 4},
                    ],
                },
                {
                    "id": "q2",
                    "text": "",
                    "help": "",
                    "answers": [
                        {"id": "q2a", "text": "", "weight": 0},
                        {"id": "q2b", "text": "", "weight": 6},
                    ],
                },
            ],
            "bands": [
                {"id": "low", "min_percent": 0, "label": "", "advice": "", "recommended": []},
                {"id": "mid", "min_percent": 40, "label": "", "advice": "", "recommended": []},
                {"id": "high", "min_percent": 80, "label": "", "advice": "", "recommended": []},
            ],
        },
        {
            "id": "s2",
            "title": "Mots de passe",
            "intro": "",
            "questions": [
                {
                    "id": "q3",
                    "text": "",
                    "help": "",
                    "answers": [
                        {"id": "q3a", "text": "", "weight": 1},
                        {"id": "q3b", "text": "", "weight": 3},
                    ],
                },
            ],
            "bands": [
                {"id": "weak", "min_percent": 0, "label": "", "advice": "", "recommended": []},
                {"id": "strong", "min_percent": 100, "label": "", "advice": "", "recommended": []},
            ],
        },
    ]
}


# --- Scoring (pure) -----------------------------------------------------------------------


def test_each_section_scores_its_chosen_answers_out_of_its_best_answers():
    result = services.questionnaire_score(
        structure=STRUCTURE, answers={"q1": "q1b", "q2": "q2b", "q3": "q3a"}
    )
    s1, s2 = result.sections
    assert (s1.score, s1.max_score, s1.percent, s1.band_id) == (8, 10, 80, "high")
    assert (s2.score, s2.max_score, s2.percent, s2.band_id) == (1, 3, 33, "weak")
    assert (result.score, result.max_score, result.percent) == (9, 13, 69)


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ({"q1": "q1a", "q2": "q2a"}, "low"),  # 0 %
        ({"q1": "q1c", "q2": "q2a"}, "mid"),  # 40 %: a threshold is inclusive
        ({"q1": "q1b", "q2": "q2a"}, "low"),  # 20 %
        ({"q1": "q1c", "q2": "q2b"}, "high"),  # 100 %
    ],
)
def test_band_is_the_highest_threshold_reached(answers, band):
    result = services.questionnaire_score(structure=STRUCTURE, answers={**answers, "q3": "q3b"})
    assert result.sections[0].band_id == band


def test_missing_and_unknown_answers_are_named():
    with pytest.raises(QuestionnaireAnswerError) as excinfo:
        services.questionnaire_score(
            structure=STRUCTURE, answers={"q1": "q2b", "q3": "q3a", "zz": "x"}
        )
    assert excinfo.value.errors == {
        "q1": "unknown answer",
        "q2": "missing answer",
        "zz": "unknown question",
    }


# --- Versions -----------------------------------------------------------------------------


def test_publishing_records_a_version_once(tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    versions = QuestionnaireVersion.objects.filter(questionnaire_key=page.translation_key)
    assert versions.count() == 1
    version = versions.get()
    assert version.number == 1
    assert [q["id"] for q in version.structure["sections"][0]["questions"]] == ["q0", "q1"]
    factories.publish(page)  # republishing unchanged content
    assert versions.count() == 1


def test_text_edits_and_translations_keep_the_version(tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    data = factories.questionnaire_data()
    data[0]["value"]["title"] = "Sauvegarde des données"
    page.questionnaire = data
    factories.publish(page)
    translation_create_or_update(
        source=page, locale=factories.locales()["es"], fields={"title": "Autodiagnóstico"}
    )
    assert QuestionnaireVersion.objects.filter(questionnaire_key=page.translation_key).count() == 1


def test_changing_weights_or_bands_creates_a_new_version_and_old_results_keep_theirs(tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    v1 = services.questionnaire_version_ensure(page=page)
    old = services.diagnostic_response_create(
        version=v1, answers={"q0": "q0a2", "q1": "q1a1"}, language="fr"
    )
    assert (old.score, old.max_score) == (4, 4)

    page.questionnaire = factories.questionnaire_data(weights=((0, 1, 5), (0, 5)))
    factories.publish(page)
    v2 = services.questionnaire_version_ensure(page=page)
    assert v2.number == 2 and v2.pk != v1.pk

    page.questionnaire = factories.questionnaire_data(weights=((0, 1, 5), (0, 5)), bands=(0, 60))
    factories.publish(page)
    assert services.questionnaire_version_ensure(page=page).number == 3

    old.refresh_from_db()
    assert old.version == v1
    assert (old.score, old.max_score) == (4, 4)
    # The same answers under the new version mean something else.
    new = services.diagnostic_response_create(
        version=v2, answers={"q0": "q0a2", "q1": "q1a1"}, language="es"
    )
    assert (new.score, new.max_score) == (10, 10)


def test_responses_are_stored_anonymously_with_section_scores(tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    version = services.questionnaire_version_ensure(page=page)
    response = services.diagnostic_response_create(
        version=version,
        answers={"q0": "q0a1", "q1": "q1a0"},
        language="pt",
        today=dt.date(2031, 5, 2),
    )
    assert response.submitted_on == dt.date(2031, 5, 2)
    field_names = {f.name for f in DiagnosticResponse._meta.get_fields()}
    assert not field_names & {"user", "ip", "ip_address", "user_agent", "session", "email"}
    [section] = response.section_scores.all()
    assert (section.section_id, section.score, section.max_score, section.band_id) == (
        "s0",
        1,
        4,
        "b0",
    )


def test_an_invalid_response_writes_nothing(tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    version = services.questionnaire_version_ensure(page=page)
    with pytest.raises(QuestionnaireAnswerError):
        services.diagnostic_response_create(version=version, answers={"q0": "q0a1"}, language="fr")
    assert DiagnosticResponse.objects.count() == 0


def test_statistics_aggregate_every_language_per_version(tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    v1 = services.questionnaire_version_ensure(page=page)
    for language, answers in [
        ("fr", {"q0": "q0a2", "q1": "q1a1"}),  # 4/4: band 2 (from 80 %)
        ("es", {"q0": "q0a0", "q1": "q1a1"}),  # 2/4: band 1 (from 50 %)
        ("es", {"q0": "q0a0", "q1": "q1a0"}),  # 0/4: band 0
    ]:
        services.diagnostic_response_create(version=v1, answers=answers, language=language)
    page.questionnaire = factories.questionnaire_data(weights=((0, 1, 5), (0, 5)))
    factories.publish(page)
    v2 = services.questionnaire_version_ensure(page=page)
    services.diagnostic_response_create(
        version=v2, answers={"q0": "q0a2", "q1": "q1a1"}, language="pt"
    )

    first, second = selectors.diagnostic_statistics(page=page)
    assert (first.number, first.responses, first.languages) == (1, 3, {"es": 2, "fr": 1})
    [section] = first.sections
    assert section.average_percent == 50  # (4 + 2 + 0) / (3 * 4)
    assert section.bands == {"Niveau 0": 1, "Niveau 1": 1, "Niveau 2": 1}
    assert (second.number, second.responses, second.languages) == (2, 1, {"pt": 1})
    assert second.sections[0].average_percent == 100
