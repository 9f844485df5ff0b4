"""Diagnostic tools over the API: the versioned questionnaire, and answers scored.

``GET  /api/v1/diagnostic-tools/<ref>/questionnaire/[?version=N]`` gives the questions in the
negotiated language with the version number to send back; ``POST .../responses/`` with
``{"version": N, "answers": {question_id: answer_id}}`` scores them with the toolbox's own
scoring service (``toolbox.services``) and returns the scores, each section's band and advice,
and recommended toolbox items in the reader's language. Invalid answers get a 400 naming each
problem (``answers.<question id>``); nothing is stored then.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from wagtail.models import Page

from delivery.keys import WriteQuotaThrottle
from delivery.viewsets import DETAIL_PARAMS, LOCALE_PARAMETERS, page_urls
from toolbox import selectors, services
from toolbox.models import QuestionnaireAnswerError, QuestionnaireVersion, ToolboxItemPage

from .items import COMMON_ERRORS, REF_PARAMETER, DiagnosticToolsViewSet, _item_type

ANSWER_MESSAGES = {
    "missing answer": gettext_lazy("Missing answer."),
    "unknown answer": gettext_lazy("Not one of this question's answers."),
    "unknown question": gettext_lazy("No such question in this version."),
}


# --- serializers -------------------------------------------------------------------------
class AnswerOptionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    help = serializers.CharField()
    answers = AnswerOptionSerializer(many=True)


class SectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    intro = serializers.CharField()
    questions = QuestionSerializer(many=True)


class ToolRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    locale = serializers.CharField()
    fallback = serializers.BooleanField()
    url = serializers.CharField(allow_null=True)


class QuestionnaireSerializer(serializers.Serializer):
    tool = ToolRefSerializer()
    version = serializers.IntegerField(help_text="Send it back with the answers.")
    current_version = serializers.IntegerField()
    sections = SectionSerializer(many=True)


class AnswersSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The version answered; default: the current one."
    )
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Question id to the chosen answer id, for every question.",
    )


class RecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    locale = serializers.CharField()
    fallback = serializers.BooleanField()
    url = serializers.CharField(allow_null=True)
    api_url = serializers.CharField()


class BandSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    advice = serializers.CharField(help_text="HTML.")


class SectionResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    percent = serializers.IntegerField()
    band = BandSerializer(allow_null=True)
    recommendations = RecommendationSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Public id of the stored (anonymous) response.")
    tool = ToolRefSerializer()
    version = serializers.IntegerField()
    outdated = serializers.BooleanField(
        help_text="True when scored with an earlier version than the current one."
    )
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    percent = serializers.IntegerField()
    sections = SectionResultSerializer(many=True)


# --- the endpoints -------------------------------------------------------------------------
class DiagnosticToolsEndpoint(DiagnosticToolsViewSet):
    """Diagnostic tools: listing and detail (as every item type), questionnaire, responses."""

    def _tool(self, ref: str):
        return self.find(ref)

    def _tool_ref(self, tool) -> dict:
        code = self.served_code
        return {
            "id": tool.pk,
            "key": tool.key,
            "title": tool.title,
            "locale": code,
            "fallback": code != self.chain.requested,
            "url": page_urls(self.request)(tool),
        }

    @extend_schema(
        summary="The questionnaire of a diagnostic tool, in the reader's language",
        parameters=[
            REF_PARAMETER,
            *LOCALE_PARAMETERS,
            OpenApiParameter(
                "version",
                OpenApiTypes.INT,
                description="An earlier version (default: the current one).",
            ),
        ],
        responses={200: QuestionnaireSerializer, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="questionnaire")
    def questionnaire(self, request, ref=None):
        errors = self.check_params((DETAIL_PARAMS - {"fields"}) | {"version"})
        number = request.query_params.get("version")
        if number is not None and not (number.isdigit() and int(number) >= 1):
            errors["version"] = [_("Must be a whole number of at least 1.")]
        if errors:
            raise ValidationError(errors)
        tool = self._tool(ref)
        current = services.questionnaire_version_ensure(page=tool)
        version = current
        if number is not None and int(number) != current.number:
            version = QuestionnaireVersion.objects.filter(
                questionnaire_key=tool.translation_key, number=int(number)
            ).first()
            if version is None:
                raise NotFound(_("This questionnaire has no version %(n)s.") % {"n": number})
        texts = services.questionnaire_texts(page=tool)
        sections = []
        for section in version.structure["sections"]:
            section_texts = texts.get(section["id"], {})
            sections.append(
                {
                    "id": section["id"],
                    "title": section_texts.get("title") or section["title"],
                    "intro": section_texts.get("intro", section["intro"]) or "",
                    "questions": [
                        {
                            "id": question["id"],
                            "text": texts.get(question["id"], {}).get("text") or question["text"],
                            "help": texts.get(question["id"], {}).get("help", question["help"])
                            or "",
                            "answers": [
                                {
                                    "id": answer["id"],
                                    "text": texts.get(answer["id"], {}).get("text")
                                    or answer["text"],
                                }
                                for answer in question["answers"]
                            ],
                        }
                        for question in section["questions"]
                    ],
                }
            )
        response = Response(
            {
                "tool": self._tool_ref(tool),
                "version": version.number,
                "current_version": current.number,
                "sections": sections,
            }
        )
        response["Content-Language"] = self.served_code
        return response

    @extend_schema(
        summary="Score answers to a diagnostic tool",
        description="Stores the answers anonymously (for statistics) and returns the scores, "
        "each section's band and advice, and recommended toolbox items.",
        parameters=[REF_PARAMETER, *LOCALE_PARAMETERS],
        request=AnswersSerializer,
        responses={201: ResultSerializer, **COMMON_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="responses",
        throttle_classes=[WriteQuotaThrottle],
    )
    def responses(self, request, ref=None):
        errors = self.check_params(DETAIL_PARAMS - {"fields"})
        if errors:
            raise ValidationError(errors)
        tool = self._tool(ref)
        body = AnswersSerializer(data=request.data)
        if not body.is_valid():
            raise ValidationError(_flatten(body.errors))
        number = body.validated_data.get("version")
        if number is None:
            version = services.questionnaire_version_ensure(page=tool)
        else:
            version = QuestionnaireVersion.objects.filter(
                questionnaire_key=tool.translation_key, number=number
            ).first()
            if version is None:
                raise ValidationError(
                    {"version": [_("This questionnaire has no version %(n)s.") % {"n": number}]}
                )
        try:
            stored = services.diagnostic_response_create(
                version=version,
                answers=body.validated_data["answers"],
                language=self.served_code,
            )
        except QuestionnaireAnswerError as exc:
            raise ValidationError(
                {
                    f"answers.{question_id}": [str(ANSWER_MESSAGES.get(message, message))]
                    for question_id, message in exc.errors.items()
                }
            ) from exc
        result = selectors.diagnostic_result(page=tool, public_id=str(stored.public_id))
        recommended = self._recommendations(version.structure, tool)
        sections = []
        scores = result.response.section_scores.all()
        for section, shown in zip(scores, result.sections, strict=True):
            sections.append(
                {
                    "id": section.section_id,
                    "title": shown.title,
                    "score": section.score,
                    "max_score": section.max_score,
                    "percent": section.percent,
                    "band": {
                        "id": section.band_id,
                        "label": shown.band_label,
                        "advice": shown.advice,
                    }
                    if section.band_id
                    else None,
                    "recommendations": recommended.get(section.band_id, []),
                }
            )
        return Response(
            {
                "id": str(stored.public_id),
                "tool": self._tool_ref(tool),
                "version": version.number,
                "outdated": result.outdated,
                "score": stored.score,
                "max_score": stored.max_score,
                "percent": stored.percent,
                "sections": sections,
            },
            status=status.HTTP_201_CREATED,
        )

    def _recommendations(self, structure: dict, tool) -> dict[str, list[dict]]:
        """Recommended items per band, each in the best language of the chain, visible only.

        The band's current texts win over the version's snapshot (as on the public page).
        """
        texts = services.questionnaire_texts(page=tool)
        by_band = {}
        for section in structure["sections"]:
            for band in section["bands"]:
                by_band[band["id"]] = texts.get(band["id"], {}).get(
                    "recommended", band["recommended"]
                )
        pks = {pk for pks in by_band.values() for pk in pks}
        keys = dict(Page.objects.filter(pk__in=pks).values_list("pk", "translation_key"))
        visible = self.recommendable()
        candidates = visible.filter(
            translation_key__in=set(keys.values()),
            locale_id__in=[self.chain.ids[code] for code in self.chain.chain],
        )
        codes = {pk: code for code, pk in self.chain.ids.items()}
        best: dict = {}
        rank = {code: position for position, code in enumerate(self.chain.chain)}
        for item in candidates:
            code = codes[item.locale_id]
            current = best.get(item.translation_key)
            if current is None or rank[code] < rank[codes[current.locale_id]]:
                best[item.translation_key] = item
        api_base = self.get_serializer_context()["api_base"]
        result = {}
        for band_id, band_pks in by_band.items():
            links = []
            for pk in band_pks:
                item = best.get(keys.get(pk))
                if item is None:
                    continue
                item_type = _item_type(item)
                code = codes[item.locale_id]
                links.append(
                    {
                        "id": item.pk,
                        "key": item.key,
                        "type": item_type.name if item_type else "item",
                        "title": item.title,
                        "locale": code,
                        "fallback": code != self.chain.requested,
                        "url": page_urls(self.request)(item),
                        "api_url": f"{api_base}{item_type.segment if item_type else 'items'}/"
                        f"{item.pk}/",
                    }
                )
            result[band_id] = links
        return result

    def recommendable(self) -> QuerySet:
        queryset = ToolboxItemPage.objects.live().public()
        allowed = getattr(self.api_key, "theme_keys", frozenset())
        if allowed:
            queryset = queryset.filter(theme__key__in=allowed)
        return queryset


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """``{"answers": {"q1": ["..."]}}`` -> ``{"answers.q1": ["..."]}``."""
    flat: dict[str, list[str]] = {}
    for name, value in errors.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{key}."))
        else:
            flat[key] = [str(message) for message in value]
    return flat
