"""Admin views of the monitoring (registered in ``wagtail_hooks.py``). Thin: they parse,
check access with ``permissions`` (404 for anyone who may not see), call services or
selectors and render. Anyone outside the partners gets a 404 on every path."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toolbox.forms import QuestionnaireForm
from toolbox.models import Partner

from . import exports, pdf, permissions, selectors, services, surveys
from .forms import InviteForm, MissionForm, SurveyForm
from .models import (
    IndicatorDefinition,
    Mission,
    MissionAttachment,
    PartnerReport,
    ReportLockedError,
    ReportTransitionError,
    Semester,
    Survey,
    SurveyInvitation,
)


def _require_access(request) -> None:
    if not permissions.has_access(request.user):
        raise Http404


def _semester(request, code: str | None = None) -> Semester:
    code = code or request.GET.get("semester")
    semesters = Semester.objects.all()
    semester = semesters.filter(code=code).first() if code else None
    if semester is None:
        semester = semesters.order_by("-start").first()
    if semester is None:
        raise Http404
    return semester


def dashboard(request):
    _require_access(request)
    if not Semester.objects.exists():
        return render(
            request, "monitoring/empty.html", {"is_lead": permissions.is_lead(request.user)}
        )
    semester = _semester(request)
    board = selectors.dashboard(user=request.user, semester=semester)
    charts = [
        {
            "code": row.indicator.code,
            "label": row.indicator.label(),
            "series": row.series,
        }
        for row in board.rows
    ]
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "board": board,
            "all_semesters": Semester.objects.all(),
            "charts_json": json.dumps(charts),
            "rag_labels": selectors.RAG_LABELS,
            "quotas": selectors.mission_quotas(request.user),
            "is_lead": permissions.is_lead(request.user),
        },
    )


def export(request, code: str, fmt: str):
    _require_access(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    semester = get_object_or_404(Semester, code=code)
    board = selectors.dashboard(user=request.user, semester=semester)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(board), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(board),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="indicators-{semester.code}.{fmt}"'
    return response


# --- Semester reports --------------------------------------------------------------------


def reports(request):
    _require_access(request)
    semester = _semester(request)
    partners = selectors.monitoring_partners(request.user)
    existing = {
        r.partner.translation_key: r
        for r in selectors.reports_for(request.user).filter(semester=semester)
    }
    rows = [(p, existing.get(p.translation_key)) for p in partners]
    return render(
        request,
        "monitoring/reports.html",
        {
            "semester": semester,
            "all_semesters": Semester.objects.all(),
            "rows": rows,
            "is_lead": permissions.is_lead(request.user),
        },
    )


def _partner(request, partner_id: int) -> Partner:
    partner = get_object_or_404(Partner, pk=partner_id)
    if not permissions.can_see_partner(request.user, partner):
        raise Http404
    return services.source_partner(partner)


def report(request, code: str, partner_id: int):
    _require_access(request)
    semester = get_object_or_404(Semester, code=code)
    partner = _partner(request, partner_id)
    can_edit = permissions.can_edit_report(request.user, partner)
    existing = PartnerReport.objects.filter(partner=partner, semester=semester).first()
    if existing is None and not can_edit:
        report_obj = None
    else:
        report_obj = (
            existing
            if (existing and not existing.is_editable)
            else services.report_ensure(partner=partner, semester=semester)
        )
    errors: dict = {}
    posted = {}
    if request.method == "POST" and report_obj is not None:
        if not can_edit:
            raise Http404
        entries = {}
        for indicator in IndicatorDefinition.objects.all():
            entries[indicator.pk] = {
                "value": request.POST.get(f"value-{indicator.pk}", ""),
                "comment": request.POST.get(f"comment-{indicator.pk}", ""),
            }
        posted = entries
        try:
            services.report_save(
                report=report_obj,
                user=request.user,
                entries=entries,
                submit="submit" in request.POST,
            )
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, _("The report could not be saved: see the errors below."))
        except ReportLockedError as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Report submitted to the lead partner."))
            else:
                messages.success(request, _("Report saved as a draft."))
            return redirect(request.path)
    lines = []
    if report_obj is not None:
        for value in report_obj.values.select_related("indicator"):
            indicator = value.indicator
            entry = posted.get(indicator.pk)
            lines.append(
                {
                    "indicator": indicator,
                    "value": value,
                    "raw": entry["value"]
                    if entry
                    else ("" if value.value is None else value.value),
                    "comment": entry["comment"] if entry else value.comment,
                    "milestone": services.partner_milestone(
                        partner=partner, indicator=indicator, semester=semester
                    ),
                    "errors": errors.get(indicator.code, []),
                }
            )
    return render(
        request,
        "monitoring/report.html",
        {
            "semester": semester,
            "partner": partner,
            "report": report_obj,
            "lines": lines,
            "can_edit": can_edit and report_obj is not None and report_obj.is_editable,
            "can_approve": permissions.is_lead(request.user)
            and report_obj is not None
            and report_obj.status == PartnerReport.Status.SUBMITTED,
            "events": report_obj.events.select_related("user") if report_obj else [],
        },
    )


@require_POST
def report_decide(request, code: str, partner_id: int, decision: str):
    _require_access(request)
    semester = get_object_or_404(Semester, code=code)
    partner = _partner(request, partner_id)
    report_obj = get_object_or_404(PartnerReport, partner=partner, semester=semester)
    if not permissions.is_lead(request.user):
        raise Http404
    try:
        if decision == "approve":
            services.report_approve(report=report_obj, user=request.user)
            messages.success(request, _("Report approved and locked."))
        else:
            services.report_return(
                report=report_obj, user=request.user, note=request.POST.get("note", "")
            )
            messages.success(request, _("Report returned to the partner."))
    except (ValidationError, ReportTransitionError) as exc:
        messages.error(
            request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
    return redirect("monitoring_report", code=semester.code, partner_id=partner.pk)


# --- Missions ----------------------------------------------------------------------------


def _mission(request, mission_id: int) -> Mission:
    _require_access(request)
    return get_object_or_404(selectors.missions_for(request.user), pk=mission_id)


def missions(request):
    _require_access(request)
    queryset = selectors.missions_for(request.user).select_related("adviser")
    partner = request.GET.get("partner")
    if partner and partner.isdigit():
        queryset = queryset.filter(partner_id=int(partner))
    return render(
        request,
        "monitoring/missions.html",
        {
            "missions": queryset[:200],
            "total": queryset.count(),
            "quotas": selectors.mission_quotas(request.user),
        },
    )


def mission_edit(request, mission_id: int | None = None):
    _require_access(request)
    mission = _mission(request, mission_id) if mission_id else None
    form = MissionForm(
        request.POST or None, request.FILES or None, instance=mission, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        mission = form.save()
        upload = form.cleaned_data.get("attachment")
        if upload:
            services.mission_attachment_add(mission=mission, upload=upload)
        messages.success(request, _("Mission saved."))
        return redirect("monitoring_mission", mission_id=mission.pk)
    return render(request, "monitoring/mission_form.html", {"form": form, "mission": mission})


def mission_maturity(request, mission_id: int, stage: str):
    """The adviser scores the company's digital maturity before or after the mission with one
    of the platform's diagnostic questionnaires (chosen first; the "after" score reuses the
    questionnaire of the "before" one), in the mission's language where it is translated."""
    mission = _mission(request, mission_id)
    if stage not in services.MaturityStage.ALL:
        raise Http404
    other = mission.maturity_after if stage == "before" else mission.maturity_before
    tools = selectors.maturity_questionnaires(language=mission.language)
    page = None
    if other is not None:
        page = selectors.questionnaire_in(
            key=other.version.questionnaire_key, language=mission.language
        )
    elif request.GET.get("questionnaire", "").isdigit():
        page = tools.filter(pk=int(request.GET["questionnaire"])).first()
    form = None
    if page is not None:
        if request.method == "POST":
            version = surveys.survey_version(page=page, number=request.POST.get("version"))
            form = QuestionnaireForm(request.POST, page=page, version=version)
            if form.is_valid():
                try:
                    services.mission_maturity_record(
                        mission=mission, stage=stage, version=version, answers=form.answers()
                    )
                except services.MaturityQuestionnaireError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("Digital maturity scored."))
                    return redirect("monitoring_mission", mission_id=mission.pk)
        else:
            form = QuestionnaireForm(page=page, version=surveys.survey_version(page=page))
    return render(
        request,
        "monitoring/mission_maturity.html",
        {"mission": mission, "stage": stage, "tools": tools, "page": page, "form": form},
    )


def mission_detail(request, mission_id: int):
    mission = _mission(request, mission_id)
    return render(
        request,
        "monitoring/mission_detail.html",
        {"mission": mission, "maturity": selectors.maturity_comparison(mission)},
    )


def mission_pdf(request, mission_id: int):
    mission = _mission(request, mission_id)
    with translation.override(mission.language):
        content = pdf.mission_report_pdf(mission=mission, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mission-{mission.pk}.pdf"'
    return response


def attachment(request, mission_id: int, attachment_id: int):
    mission = _mission(request, mission_id)
    item = get_object_or_404(MissionAttachment, mission=mission, pk=attachment_id)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.name,
        content_type=item.content_type or "application/octet-stream",
    )


# --- Surveys (admin) ---------------------------------------------------------------------


def _survey(request, survey_id: int) -> Survey:
    _require_access(request)
    return get_object_or_404(selectors.surveys_for(request.user), pk=survey_id)


def survey_list(request):
    _require_access(request)
    return render(
        request,
        "monitoring/surveys.html",
        {"surveys": selectors.surveys_for(request.user).select_related("partner")},
    )


def survey_add(request):
    _require_access(request)
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        survey = surveys.survey_create(**form.cleaned_data)
        messages.success(request, _("Survey created: invite its contacts below."))
        return redirect("monitoring_survey", survey_id=survey.pk)
    return render(request, "monitoring/survey_form.html", {"form": form})


def survey_detail(request, survey_id: int):
    survey = _survey(request, survey_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = surveys.survey_invite_lines(
            survey=survey, lines=form.cleaned_data["contacts"].splitlines()
        )
        if form.cleaned_data["assisted"]:
            created += surveys.survey_invite_assisted(survey=survey)
        messages.success(
            request,
            _("%(count)s contacts invited; the e-mails leave within the hour.")
            % {"count": len(created)},
        )
        return redirect("monitoring_survey", survey_id=survey.pk)
    invitations = survey.invitations.select_related("response", "mission")
    stats = selectors.survey_statistics(survey)
    # the questions and answers in the reader's language where the questionnaire has it
    page = surveys.questionnaire_page(survey=survey, language=translation.get_language())
    return render(
        request,
        "monitoring/survey_detail.html",
        {
            "survey": survey,
            "form": form,
            "invitations": invitations,
            "stats": stats,
            "results": selectors.survey_results(survey, page=page),
        },
    )


# --- Surveys (public: the contact's single-use link) -------------------------------------


def survey_answer(request, token: str):
    """The questionnaire of a survey, reached from an invitation e-mail. The token is the
    only credential; once answered, the link shows a thank-you and takes no more answers."""
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("survey__partner", "survey__questionnaire"),
        token=token,
    )
    language = translation.get_language()
    page = surveys.questionnaire_page(survey=invitation.survey, language=language)
    context = {"invitation": invitation, "survey": invitation.survey}
    if invitation.is_used:
        response = render(request, "monitoring/survey_done.html", context)
    else:
        if request.method == "POST":
            version = surveys.survey_version(page=page, number=request.POST.get("version"))
            form = QuestionnaireForm(request.POST, page=page, version=version)
            if form.is_valid():
                try:
                    surveys.survey_answer(
                        invitation=invitation, version=version, answers=form.answers()
                    )
                except surveys.InvitationUsedError:
                    pass
                return redirect(request.path)
        else:
            version = surveys.survey_version(page=page)
            form = QuestionnaireForm(page=page, version=version)
        context.update(form=form, page=page)
        response = render(request, "monitoring/survey_answer.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
