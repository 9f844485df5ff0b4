"""Satisfaction and follow-up surveys: invitations, their e-mails and reminders, answers.

A survey asks one of the toolbox's diagnostic questionnaires (one questionnaire engine): the
form is ``toolbox.forms.QuestionnaireForm``, versions come from
``toolbox.services.questionnaire_version_ensure`` and answers are scored and stored by
``toolbox.services.diagnostic_response_create``. What this module adds is the per-contact
link: each invitation carries a random token, is the only credential to answer, and works
once. Invitations are e-mailed in the contact's language; those still unanswered
``Survey.reminder_after_days`` after the invitation get one reminder (Celery beat,
``monitoring.send_surveys``). Answers feed the result indicators computed in
``monitoring.computed`` (``survey_satisfaction``, ``surveys_answered``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from home.public_urls import public_base_url
from newsletter.models import Contact, Suppression
from toolbox import services as toolbox_services
from toolbox.models import DiagnosticResponse, DiagnosticToolPage, Partner, QuestionnaireVersion

from .models import Mission, Survey, SurveyInvitation

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class InvitationUsedError(Exception):
    """The invitation link was already used (single use)."""


# --- Creating surveys and invitations -----------------------------------------------------


def survey_create(
    *,
    name: str,
    kind: str,
    questionnaire: DiagnosticToolPage,
    partner: Partner,
    reminder_after_days: int = 7,
) -> Survey:
    """A new survey of ``partner`` asking ``questionnaire`` (any translation of it)."""
    return Survey.objects.create(
        name=name,
        kind=kind,
        questionnaire=questionnaire,
        partner=partner,
        reminder_after_days=reminder_after_days,
    )


def _language(language: str | None, fallback: str) -> str:
    language = (language or "")[:2].lower()
    return language if language in LANGUAGES else fallback


def survey_invite(
    *,
    survey: Survey,
    email: str,
    name: str = "",
    language: str = "",
    mission: Mission | None = None,
) -> SurveyInvitation | None:
    """Invite one contact, once per survey; None when the address is on the newsletter's
    suppression list (nobody is written to against their will) or already invited."""
    email = email.strip().lower()
    if not email or Suppression.objects.filter(email__iexact=email).exists():
        return None
    if SurveyInvitation.objects.filter(survey=survey, email__iexact=email).exists():
        return None
    try:
        with transaction.atomic():
            return SurveyInvitation.objects.create(
                survey=survey,
                email=email,
                name=name.strip()[:200],
                language=_language(language, settings.LANGUAGE_CODE),
                mission=mission,
            )
    except IntegrityError:
        return None


def survey_invite_lines(*, survey: Survey, lines: Iterable[str]) -> list[SurveyInvitation]:
    """Invite contacts given one per line as ``e-mail; name; language`` (name and language
    optional), e.g. an event's participant list. Returns the invitations created."""
    created = []
    for line in lines:
        parts = [p.strip() for p in line.replace(",", ";").split(";")]
        if not parts or "@" not in parts[0]:
            continue
        invitation = survey_invite(
            survey=survey,
            email=parts[0],
            name=parts[1] if len(parts) > 1 else "",
            language=parts[2] if len(parts) > 2 else "",
        )
        if invitation is not None:
            created.append(invitation)
    return created


def survey_invite_assisted(
    *, survey: Survey, since: datetime.date | None = None
) -> list[SurveyInvitation]:
    """Invite the newsletter contacts of the companies the survey's partner assisted (done
    missions, since ``since``), each linked to its latest mission and in its own language."""
    missions = Mission.objects.filter(
        partner__translation_key=survey.partner.translation_key,
        status=Mission.Status.DONE,
        company__isnull=False,
    ).order_by("company_id", "-date")
    if since is not None:
        missions = missions.filter(date__gte=since)
    latest: dict[int, Mission] = {}
    for mission in missions:
        latest.setdefault(mission.company_id, mission)
    created = []
    contacts = Contact.objects.filter(company_id__in=latest).exclude(
        status=Contact.Status.UNSUBSCRIBED
    )
    for contact in contacts.order_by("id"):
        name = f"{contact.first_name} {contact.last_name}".strip()
        invitation = survey_invite(
            survey=survey,
            email=contact.email,
            name=name,
            language=contact.language,
            mission=latest[contact.company_id],
        )
        if invitation is not None:
            created.append(invitation)
    return created


# --- The public form ----------------------------------------------------------------------


def questionnaire_page(*, survey: Survey, language: str) -> DiagnosticToolPage:
    """The survey's questionnaire in ``language`` if it is translated, else as chosen."""
    return (
        DiagnosticToolPage.objects.filter(
            translation_key=survey.questionnaire.translation_key,
            locale__language_code=language,
        ).first()
        or survey.questionnaire
    )


def survey_version(*, page: DiagnosticToolPage, number=None) -> QuestionnaireVersion:
    """The version a form is built from (the current one) or was posted with."""
    if number is None:
        return toolbox_services.questionnaire_version_ensure(page=page)
    return toolbox_services.questionnaire_version_for_post(page=page, number=number)


@transaction.atomic
def survey_answer(
    *, invitation: SurveyInvitation, version: QuestionnaireVersion, answers: dict[str, str]
) -> DiagnosticResponse:
    """Score and store a contact's answers with the toolbox's questionnaire engine, once:
    a second answer through the same link raises ``InvitationUsedError``."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered_at is not None:
        raise InvitationUsedError
    response = toolbox_services.diagnostic_response_create(
        version=version,
        answers=answers,
        language=invitation.language,
        origin=DiagnosticResponse.Origin.SURVEY,
    )
    invitation.response = response
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["response", "answered_at"])
    return response


# --- E-mails ------------------------------------------------------------------------------


def invitation_url(invitation: SurveyInvitation) -> str:
    with translation.override(invitation.language):
        path = reverse("monitoring_survey_answer", args=[invitation.token])
    return f"{public_base_url()}{path}"


def _send(invitation: SurveyInvitation, *, reminder: bool) -> None:
    with translation.override(invitation.language):
        survey = invitation.survey
        context = {
            "invitation": invitation,
            "partner": survey.partner.name,
            "url": invitation_url(invitation),
            "reminder": reminder,
        }
        subject = (
            _("Reminder: %(partner)s would like your opinion")
            if reminder
            else _("%(partner)s would like your opinion")
        ) % {"partner": survey.partner.name}
        body = render_to_string("monitoring/email/survey_invitation.txt", context)
    EmailMessage(subject, body, to=[invitation.email]).send()


def send_due(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """E-mail invitations not sent yet, and one reminder to those sent at least the
    survey's ``reminder_after_days`` ago and still unanswered. Returns (invited, reminded).

    Each row is claimed (its timestamp set) before its e-mail goes, in its own transaction,
    so two runs at once never send the same message twice."""
    now = now or timezone.now()
    invited = reminded = 0
    for pk in SurveyInvitation.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = SurveyInvitation.objects.filter(pk=pk, sent_at__isnull=True).update(
                sent_at=now
            )
            if claimed:
                _send(
                    SurveyInvitation.objects.select_related("survey__partner").get(pk=pk),
                    reminder=False,
                )
                invited += 1
    due = SurveyInvitation.objects.filter(
        sent_at__isnull=False, answered_at__isnull=True, reminded_at__isnull=True
    ).select_related("survey")
    for invitation in due:
        if invitation.sent_at > now - datetime.timedelta(
            days=invitation.survey.reminder_after_days
        ):
            continue
        with transaction.atomic():
            claimed = SurveyInvitation.objects.filter(
                pk=invitation.pk, reminded_at__isnull=True, answered_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                _send(invitation, reminder=True)
                reminded += 1
    return invited, reminded
