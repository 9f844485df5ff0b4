"""The programme monitoring's figures under /api/v1/monitoring/, read-only and private.

The same figures as the admin dashboard (``monitoring.selectors.dashboard``): per indicator
and semester, the partner's milestone, cumulative actual, gap and red/amber/green, plus the
partner's missions. Who may read: the partner's staff (signed in) and the lead partner's,
and a partner API key issued to that partner (a key of the lead partner reads every
partner). Anybody else, anonymous callers included, gets a 404, as if nothing were there.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.rich_text import expand_db_html

from delivery.http import RateLimitHeadersMixin
from delivery.keys import KeySnapshot
from delivery.models import PartnerAPIKey
from delivery.serializers import ProblemSerializer
from monitoring import permissions, selectors, services
from monitoring.models import Mission, PartnerReport, PartnerTarget, Semester
from toolbox.models import Partner

ERRORS = {status: ProblemSerializer for status in (400, 401, 403, 404, 429)}
PARTNER_PARAMETER = OpenApiParameter(
    "partner", OpenApiTypes.STR, OpenApiParameter.PATH, description="The partner's key."
)
SEMESTER_PARAMETER = OpenApiParameter(
    "semester",
    OpenApiTypes.STR,
    description="A semester code such as 2026-S1; the latest semester when left out.",
)


def _figure(**kwargs):
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, allow_null=True, **kwargs
    )


# --- Serializers ----------------------------------------------------------------------


class SemesterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Semester
        fields = ["code", "start", "end", "due"]


class IndicatorFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="In the language of the request.")
    kind = serializers.ChoiceField(choices=["output", "result", "impact", "financial"])
    unit = serializers.ChoiceField(choices=["count", "percent", "eur", "days", "score"])
    source = serializers.ChoiceField(choices=["computed", "entered"])
    milestone = _figure(help_text="The partner's cumulative milestone for the semester.")
    final_target = _figure(help_text="The partner's final target.")
    actual = _figure(help_text="Cumulative (sums) or latest (averages) up to the semester.")
    gap = _figure(help_text="actual - milestone.")
    rag = serializers.ChoiceField(
        choices=["green", "amber", "red", "none"], help_text="Red/amber/green, or no target."
    )


class PartnerIndicatorsSerializer(serializers.Serializer):
    partner = serializers.CharField(help_text="The partner's key.")
    semester = SemesterSerializer()
    report_status = serializers.ChoiceField(
        choices=["", *PartnerReport.Status.values],
        help_text="The partner's semester report: draft, submitted, approved, returned; "
        "empty when not started.",
    )
    indicators = IndicatorFigureSerializer(many=True)


class MissionSerializer(serializers.ModelSerializer):
    partner = serializers.CharField(source="partner.key")
    adviser = serializers.CharField(source="adviser.get_full_name", default=None)
    themes = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField(help_text="The report's rich text, as HTML.")
    maturity_gain = serializers.IntegerField(
        allow_null=True, help_text="Digital-maturity points gained (after - before)."
    )
    attachments = serializers.IntegerField(source="attachment_count")
    duration_days = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False)

    class Meta:
        model = Mission
        fields = [
            "id",
            "partner",
            "company_name",
            "adviser",
            "date",
            "duration_days",
            "status",
            "themes",
            "language",
            "situation",
            "needs",
            "actions",
            "recommended_solutions",
            "specification_prepared",
            "follow_up",
            "report",
            "maturity_gain",
            "attachments",
        ]

    def get_themes(self, mission) -> list[str]:
        return sorted({theme.key for theme in mission.themes.all()})

    def get_report(self, mission) -> str:
        return expand_db_html(mission.report)


class MissionPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


# --- Access ---------------------------------------------------------------------------


def visible_partner_keys(request):
    """None for every partner, else the translation keys the caller may read (maybe none)."""
    user = request.user
    if user is not None and user.is_authenticated and permissions.has_access(user):
        return permissions.visible_partner_keys(user)
    if isinstance(request.auth, KeySnapshot):
        partner = (
            PartnerAPIKey.objects.filter(pk=request.auth.id)
            .values_list("partner__key", "partner__translation_key")
            .first()
        )
        if partner and partner[1]:
            return None if partner[0] == permissions.lead_partner_key() else frozenset({partner[1]})
    return frozenset()


class MonitoringView(RateLimitHeadersMixin, APIView):
    """Private figures: never stored by a shared cache, 404 for whoever may not read them."""

    permission_classes = [AllowAny]  # access is decided per partner, as a 404

    def partner(self, key: str) -> Partner:
        visible = visible_partner_keys(self.request)
        partner = Partner.objects.filter(key=key).order_by("id").first()
        if partner is None or (visible is not None and partner.translation_key not in visible):
            raise NotFound()
        return services.source_partner(partner)

    def semester(self) -> Semester:
        code = self.request.query_params.get("semester")
        semesters = Semester.objects.order_by("-start")
        semester = semesters.filter(code=code).first() if code else semesters.first()
        if semester is None:
            if code:
                raise ValidationError(
                    {
                        "semester": [
                            _("Unknown value %(bad)s. Expected: %(choices)s.")
                            % {
                                "bad": code,
                                "choices": ", ".join(semesters.values_list("code", flat=True)),
                            }
                        ]
                    }
                )
            raise NotFound()
        return semester

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code < 400:
            response["Cache-Control"] = "private, no-store"
        response["Vary"] = "Authorization, X-API-Key, Cookie, Accept-Language"
        return response


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


class PartnerIndicatorsView(MonitoringView):
    @extend_schema(
        operation_id="monitoring_partner_indicators",
        summary="A partner's indicators for a semester",
        description="Target against actual per indicator up to the semester, as on the "
        "monitoring dashboard. Partners' staff and keys only; a 404 for anybody else.",
        parameters=[PARTNER_PARAMETER, SEMESTER_PARAMETER],
        responses={200: PartnerIndicatorsSerializer, **ERRORS},
    )
    def get(self, request, partner: str):
        partner_obj = self.partner(partner)
        semester = self.semester()
        board = selectors.dashboard(user=None, semester=semester)
        finals = dict(
            PartnerTarget.objects.filter(partner=partner_obj).values_list(
                "indicator_id", "final_target"
            )
        )
        report = board.reports.get(partner_obj.translation_key)
        rows = []
        for row in board.rows:
            cell = row.partners.get(partner_obj.translation_key)
            indicator = row.indicator
            rows.append(
                {
                    "code": indicator.code,
                    "name": indicator.label(),
                    "kind": indicator.kind,
                    "unit": indicator.unit,
                    "source": indicator.source,
                    "milestone": _number(cell.target) if cell else None,
                    "final_target": _number(finals.get(indicator.pk)),
                    "actual": _number(cell.actual) if cell else None,
                    "gap": _number(cell.gap) if cell else None,
                    "rag": cell.rag if cell else selectors.NONE,
                }
            )
        data = {
            "partner": partner_obj.key,
            "semester": semester,
            "report_status": report.status if report else "",
            "indicators": rows,
        }
        return Response(PartnerIndicatorsSerializer(data).data)


class SemestersView(MonitoringView):
    @extend_schema(
        operation_id="monitoring_semesters",
        summary="The programme's semesters",
        parameters=[PARTNER_PARAMETER],
        responses={200: SemesterSerializer(many=True), **ERRORS},
    )
    def get(self, request, partner: str):
        self.partner(partner)
        return Response(SemesterSerializer(Semester.objects.order_by("start"), many=True).data)


def _missions(partner: Partner):
    return (
        Mission.objects.filter(partner__translation_key=partner.translation_key)
        .select_related("partner", "adviser", "maturity_before", "maturity_after")
        .prefetch_related("themes")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-date", "-id")
    )


class MissionsView(MonitoringView):
    @extend_schema(
        operation_id="monitoring_partner_missions",
        summary="A partner's assistance missions",
        description="Newest first, optionally those of one semester. Partners' staff and keys "
        "only; a 404 for anybody else.",
        parameters=[
            PARTNER_PARAMETER,
            OpenApiParameter(
                "semester", OpenApiTypes.STR, description="Only the missions of this semester."
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 200."),
        ],
        responses={200: MissionSerializer(many=True), **ERRORS},
    )
    def get(self, request, partner: str):
        queryset = _missions(self.partner(partner))
        if request.query_params.get("semester"):
            semester = self.semester()
            queryset = queryset.filter(date__gte=semester.start, date__lte=semester.end)
        paginator = MissionPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(MissionSerializer(page, many=True).data)


class MissionView(MonitoringView):
    @extend_schema(
        operation_id="monitoring_partner_mission",
        summary="One assistance mission and its report",
        parameters=[PARTNER_PARAMETER],
        responses={200: MissionSerializer, **ERRORS},
    )
    def get(self, request, partner: str, mission_id: int):
        mission = _missions(self.partner(partner)).filter(pk=mission_id).first()
        if mission is None:
            raise NotFound()
        return Response(MissionSerializer(mission).data)


urlpatterns = [
    path(
        "partners/<slug:partner>/indicators/",
        PartnerIndicatorsView.as_view(),
        name="monitoring-indicators",
    ),
    path(
        "partners/<slug:partner>/semesters/",
        SemestersView.as_view(),
        name="monitoring-semesters",
    ),
    path("partners/<slug:partner>/missions/", MissionsView.as_view(), name="monitoring-missions"),
    path(
        "partners/<slug:partner>/missions/<int:mission_id>/",
        MissionView.as_view(),
        name="monitoring-mission",
    ),
]
