"""Endpoints of /api/v1 for toolbox items: ``/items/`` (every type) and one per type.

Filters shared by every item endpoint: ``theme``, ``sector``, ``audience``, ``partner``,
``tag`` (comma-separated keys or tag slugs: any of them matches), ``updated_since``;
``/items/`` adds ``type``; events add date ranges (``starts_after``, ``starts_before``,
``ends_after``, ``ends_before``), ``upcoming``, ``event_format`` and ``country``; guides ``level``;
best practices ``country``, ``year`` and ``golden_rule``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from wagtail.api.rich_text import APIRichText
from wagtail.images import get_image_model

from delivery.serializers import PageDeliverySerializer, PictureSerializer, ProblemSerializer
from delivery.viewsets import LOCALE_PARAMETERS, fields_parameter
from delivery.viewsets import ordering_parameter as _ordering_parameter
from toolbox.models import (
    BestPracticePage,
    DiagnosticToolPage,
    EventPage,
    GuidePage,
    Partner,
    ToolboxItemPage,
    ToolboxItemTag,
    VideoPage,
)
from toolbox.pictures import PICTURE_SPEC, THUMBNAIL_SPEC, picture_representation
from toolbox.registry import item_type_for_model, item_types

from .toolbox import REF_PARAMETER, UPDATED_SINCE, PageDeliveryViewSet, _csv

RICH_TEXT_FORMATS = ["html", "markdown", "db_html", "db_markdown"]
COMMON_ERRORS = {status: ProblemSerializer for status in (400, 401, 403, 404, 429)}
TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}


# --- fields ------------------------------------------------------------------------------
class ThemeRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()


class AudienceRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class PartnerRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    acronym = serializers.CharField()


class _RichTextRequest:
    """The request as StreamField blocks see it: rich text in the format the reader asked."""

    def __init__(self, request, rich_text_format: str):
        self._request = request
        self.GET = QueryDict(mutable=True)
        self.GET["rich_text_format"] = rich_text_format

    def __getattr__(self, name):
        return getattr(self._request, name)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "value": {},
                "id": {"type": "string"},
            },
        },
    }
)
class StreamBodyField(serializers.Field):
    """A StreamField as a list of ``{"type", "value", "id"}`` blocks (Wagtail's API shape)."""

    def to_representation(self, value):
        context = {"request": self.context["rich_text_request"]}
        return value.stream_block.get_api_representation(value, context)


@extend_schema_field({"type": "string", "description": "Rich text, see rich_text_format."})
class ItemRichTextField(serializers.Field):
    def to_representation(self, value):
        return APIRichText.serialize(value or "", format=self.context["rich_text_format"])


def _file_url(context, document_or_image) -> str | None:
    if document_or_image is None:
        return None
    return context["request"].build_absolute_uri(document_or_image.url)


def _item_type(obj):
    """The item's type from its content type (no query: content types are cached), so that
    plain ``ToolboxItemPage`` rows of /items/ need not be loaded as their specific class."""
    return item_type_for_model(ContentType.objects.get_for_id(obj.content_type_id).model_class())


# --- serializers -------------------------------------------------------------------------
class ItemSerializer(PageDeliverySerializer):
    """Fields every toolbox item has."""

    DETAIL_ONLY = ("body",)
    endpoint = "items"

    summary = serializers.CharField()
    picture = serializers.SerializerMethodField(
        help_text="The item's picture (a video without one: its poster), or null."
    )
    theme = serializers.SerializerMethodField()
    sectors = serializers.SerializerMethodField()
    audiences = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()
    body = StreamBodyField()

    @extend_schema_field(
        {"type": "string", "enum": ["guide", "video", "best_practice", "event", "diagnostic"]}
    )
    def get_type(self, obj):
        item_type = _item_type(obj)
        return item_type.name if item_type else "item"

    def get_api_url(self, obj) -> str:
        item_type = _item_type(obj)
        segment = item_type.segment if item_type else self.endpoint
        return f"{self.context['api_base']}{segment}/{obj.pk}/"

    # Relations come from ItemsViewSet.prepare(): a few value queries for the whole page.
    @extend_schema_field(ThemeRefSerializer(allow_null=True))
    def get_theme(self, obj):
        return self.context["relations"]["theme"].get(obj.pk)

    @extend_schema_field(ThemeRefSerializer(many=True))
    def get_sectors(self, obj):
        return self.context["relations"]["sectors"].get(obj.pk, [])

    @extend_schema_field(AudienceRefSerializer(many=True))
    def get_audiences(self, obj):
        return self.context["relations"]["audiences"].get(obj.pk, [])

    def get_tags(self, obj) -> list[str]:
        return self.context["relations"]["tags"].get(obj.pk, [])

    @extend_schema_field(PartnerRefSerializer(allow_null=True))
    def get_partner(self, obj):
        return self.context["relations"]["partner"].get(obj.pk)

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_picture(self, obj):
        image = self.context["relations"]["picture"].get(obj.pk)
        return picture_representation(image, self.context["request"])


class GuideSerializer(ItemSerializer):
    DETAIL_ONLY = ("body", "documents")

    level = serializers.ChoiceField(choices=GuidePage.Level.values)
    reading_time = serializers.IntegerField(help_text="Minutes.")
    documents = StreamBodyField()


class VideoSerializer(ItemSerializer):
    DETAIL_ONLY = ("body", "transcript", "subtitles")

    video_url = serializers.SerializerMethodField(
        help_text="The hosted video's page, or the uploaded file."
    )
    poster_url = serializers.SerializerMethodField()
    duration = serializers.SerializerMethodField(help_text="Seconds.")
    transcript = ItemRichTextField()
    subtitles = serializers.SerializerMethodField()

    def get_video_url(self, obj) -> str | None:
        if obj.video_url:
            return obj.video_url
        return _file_url(self.context, obj.video_file)

    def get_poster_url(self, obj) -> str | None:
        if obj.poster is None:
            return None
        return _file_url(self.context, obj.poster.file)

    def get_duration(self, obj) -> int | None:
        return int(obj.duration.total_seconds()) if obj.duration else None

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"language": {"type": "string"}, "url": {"type": "string"}},
            },
        }
    )
    def get_subtitles(self, obj):
        return [
            {"language": track.language, "url": _file_url(self.context, track.document)}
            for track in obj.subtitle_tracks.all()
        ]


class BestPracticeSerializer(ItemSerializer):
    DETAIL_ONLY = (
        "body",
        "results",
        "indicators",
        "strengths",
        "weaknesses",
        "transferability",
    )

    action_name = serializers.CharField()
    leading_organisation = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField()
    year = serializers.IntegerField()
    target = serializers.CharField()
    budget_range = serializers.ChoiceField(choices=BestPracticePage.BudgetRange.values)
    rating = serializers.IntegerField(min_value=1, max_value=5)
    is_golden_rule = serializers.BooleanField()
    golden_rule = serializers.CharField()
    results = ItemRichTextField()
    indicators = StreamBodyField()
    strengths = ItemRichTextField()
    weaknesses = ItemRichTextField()
    transferability = ItemRichTextField()


class EventSerializer(ItemSerializer):
    DETAIL_ONLY = ("body", "programme")

    event_format = serializers.ChoiceField(choices=EventPage.Format.values)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    timezone = serializers.CharField(help_text="Where the event happens (IANA name).")
    local_start = serializers.SerializerMethodField(help_text="Start, local time at the venue.")
    local_end = serializers.SerializerMethodField()
    venue = serializers.CharField()
    address = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    registration_url = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    participants = serializers.IntegerField(allow_null=True)
    programme = ItemRichTextField()

    def get_local_start(self, obj) -> str:
        return obj.local_start.isoformat()

    def get_local_end(self, obj) -> str:
        return obj.local_end.isoformat()


class DiagnosticSerializer(ItemSerializer):
    DETAIL_ONLY = ("body", "results_intro")

    question_count = serializers.IntegerField()
    estimated_minutes = serializers.IntegerField()
    results_intro = ItemRichTextField()
    questionnaire_url = serializers.SerializerMethodField()
    responses_url = serializers.SerializerMethodField()

    def get_questionnaire_url(self, obj) -> str:
        return f"{self.context['api_base']}diagnostic-tools/{obj.pk}/questionnaire/"

    def get_responses_url(self, obj) -> str:
        return f"{self.context['api_base']}diagnostic-tools/{obj.pk}/responses/"


# --- filters ------------------------------------------------------------------------------
def _bool_param(params, name: str, errors: dict) -> bool | None:
    raw = params.get(name)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    errors[name] = [_("Expected true or false.")]
    return None


def _choice_param(params, name: str, choices, errors: dict) -> list[str] | None:
    raw = params.get(name)
    if raw is None:
        return None
    values = _csv(raw)
    bad = [value for value in values if value not in choices]
    if bad or not values:
        errors[name] = [
            _("Unknown value %(bad)s. Expected: %(choices)s.")
            % {"bad": ", ".join(bad) or "''", "choices": ", ".join(choices)}
        ]
        return None
    return values


ITEM_FILTER_PARAMS = {
    "theme",
    "sector",
    "audience",
    "partner",
    "tag",
    "updated_since",
    "rich_text_format",
}


def item_filter_parameters(extra: list[OpenApiParameter] = ()) -> list[OpenApiParameter]:
    def keys(name, what):
        return OpenApiParameter(
            name, OpenApiTypes.STR, description=f"Comma-separated {what} keys (any of them)."
        )

    return [
        *LOCALE_PARAMETERS,
        keys("theme", "theme"),
        keys("sector", "sectoral theme"),
        keys("audience", "audience"),
        keys("partner", "partner"),
        OpenApiParameter("tag", OpenApiTypes.STR, description="Comma-separated tag slugs."),
        UPDATED_SINCE,
        RICH_TEXT_PARAMETER,
        *extra,
    ]


RICH_TEXT_PARAMETER = OpenApiParameter(
    "rich_text_format",
    OpenApiTypes.STR,
    enum=RICH_TEXT_FORMATS,
    description="Rich text as display HTML (default), Markdown, or Wagtail's database formats.",
)


def item_relations(items: list, *, pictures: bool = True) -> dict[str, dict]:
    """Theme, sectors, audiences, tags and partner of ``items`` as plain values, by item id:
    four small queries for a whole listing and no model instances to build; with
    ``pictures``, each item's picture (else a video's poster) with its renditions, in two."""
    ids = [item.pk for item in items]
    relations: dict[str, dict] = {
        "theme": {},
        "partner": {},
        "sectors": {},
        "audiences": {},
        "tags": {},
        "picture": {},
    }
    if not ids:
        return relations
    rows = ToolboxItemPage.objects.filter(pk__in=ids).values_list(
        "pk",
        "theme__key",
        "theme__title",
        "partner__key",
        "partner__name",
        "partner__acronym",
        "picture",
        "videopage__poster",
    )
    picture_ids = {}
    for (
        pk,
        theme_key,
        theme_title,
        partner_key,
        partner_name,
        partner_acronym,
        picture_id,
        poster_id,
    ) in rows:
        if picture_id or poster_id:
            picture_ids[pk] = picture_id or poster_id
        if theme_key is not None:
            relations["theme"][pk] = {"key": theme_key, "title": theme_title}
        if partner_key is not None:
            relations["partner"][pk] = {
                "key": partner_key,
                "name": partner_name,
                "acronym": partner_acronym,
            }
    sectors = ToolboxItemPage.sectors.through.objects.filter(toolboxitempage_id__in=ids)
    for pk, key, title in sectors.values_list(
        "toolboxitempage_id", "themepage__key", "themepage__title"
    ).order_by("themepage__path"):
        relations["sectors"].setdefault(pk, []).append({"key": key, "title": title})
    audiences = ToolboxItemPage.audiences.through.objects.filter(toolboxitempage_id__in=ids)
    for pk, key, name in audiences.values_list(
        "toolboxitempage_id", "audience__key", "audience__name"
    ).order_by("audience__name"):
        relations["audiences"].setdefault(pk, []).append({"key": key, "name": name})
    tags = ToolboxItemTag.objects.filter(content_object_id__in=ids)
    for pk, slug in tags.values_list("content_object_id", "tag__slug").order_by("tag__slug"):
        relations["tags"].setdefault(pk, []).append(slug)
    if pictures and picture_ids:
        images = get_image_model().objects.filter(pk__in=set(picture_ids.values()))
        by_id = {
            image.pk: image for image in images.prefetch_renditions(PICTURE_SPEC, THUMBNAIL_SPEC)
        }
        relations["picture"] = {pk: by_id.get(image_id) for pk, image_id in picture_ids.items()}
    return relations


# --- views --------------------------------------------------------------------------------
class ItemsViewSet(PageDeliveryViewSet):
    """Every type of toolbox item, in the reader's language (common fields only)."""

    model = ToolboxItemPage
    serializer_class = ItemSerializer
    filter_params = ITEM_FILTER_PARAMS | {"type"}
    default_ordering = ["-first_published_at"]

    detail_params = {"rich_text_format"}

    def visible_queryset(self) -> QuerySet:
        queryset = super().visible_queryset()
        allowed = getattr(self.api_key, "theme_keys", frozenset())
        if allowed:
            queryset = queryset.filter(theme__key__in=allowed)
        if self.action == "retrieve":
            queryset = self.with_relations(queryset)
        return queryset

    def parse_detail_params(self, errors: dict) -> None:
        self.rich_text_format = self._rich_text_format(errors)

    def _rich_text_format(self, errors: dict) -> str:
        raw = self.request.query_params.get("rich_text_format", "html")
        if raw not in RICH_TEXT_FORMATS:
            errors["rich_text_format"] = [
                _("Expected one of: %(choices)s.") % {"choices": ", ".join(RICH_TEXT_FORMATS)}
            ]
            return "html"
        return raw

    def parse_filters(self, errors: dict) -> dict:
        params = self.request.query_params
        self.rich_text_format = self._rich_text_format(errors)
        filters: dict = {}
        for name, lookup in (
            ("theme", "theme__key__in"),
            ("sector", "sectors__key__in"),
            ("audience", "audiences__key__in"),
            ("partner", "partner__key__in"),
        ):
            if name in params:
                keys = _csv(params[name])
                if not keys:
                    errors[name] = [_("Give at least one key.")]
                filters[lookup] = keys
        allowed_themes = getattr(self.api_key, "theme_keys", frozenset())
        refused = sorted(set(filters.get("theme__key__in", [])) - allowed_themes)
        if allowed_themes and refused:
            raise PermissionDenied(
                _("This API key may only read the themes %(allowed)s; not %(refused)s.")
                % {"allowed": ", ".join(sorted(allowed_themes)), "refused": ", ".join(refused)}
            )
        if "tag" in params:
            filters["tag"] = [slug.lower() for slug in _csv(params["tag"])]
        if "updated_since" in params:
            filters["last_published_at__gte"] = self.parse_datetime_param("updated_since", errors)
        if "type" in params:
            names = {item_type.name: item_type for item_type in item_types()}
            chosen = _choice_param(params, "type", list(names), errors)
            if chosen:
                filters["type"] = [names[name].model for name in chosen]
        return filters

    def filter_queryset_by(self, queryset, filters):
        filters = dict(filters)
        tags = filters.pop("tag", None)
        models = filters.pop("type", None)
        relation_lookups = {"sectors__key__in", "audiences__key__in"}
        for lookup in relation_lookups & set(filters):
            # through a subquery: no duplicate rows, no DISTINCT over the whole listing
            matching = ToolboxItemPage.objects.filter(**{lookup: filters.pop(lookup)})
            queryset = queryset.filter(pk__in=matching.values("pk"))
        if tags is not None:
            tagged = ToolboxItemTag.objects.filter(tag__slug__in=tags).values("content_object_id")
            queryset = queryset.filter(pk__in=tagged)
        if models is not None:
            queryset = queryset.type(*models)
        return queryset.filter(**filters)

    def paginate_queryset(self, queryset):
        return super().paginate_queryset(self.for_listing(queryset))

    def for_listing(self, queryset: QuerySet) -> QuerySet:
        """Bodies are left out of listings unless asked for with ``fields``."""
        wanted = set(getattr(self, "fields", None) or ())
        heavy = [name for name in self.serializer_class.DETAIL_ONLY if name not in wanted]
        queryset = self.with_relations(queryset)
        return queryset.defer(*(name for name in heavy if name in self.model_fields()))

    def model_fields(self) -> set[str]:
        return {field.name for field in self.model._meta.get_fields()}

    def with_relations(self, queryset: QuerySet) -> QuerySet:
        """What the detail of one item needs besides the relations of ``prepare``."""
        return queryset

    def prepare(self, objects: list) -> None:
        super().prepare(objects)
        wanted = getattr(self, "fields", None)
        self.relations = item_relations(objects, pictures=wanted is None or "picture" in wanted)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["relations"] = getattr(self, "relations", None) or item_relations([])
        rich_text_format = getattr(self, "rich_text_format", "html")
        context["rich_text_format"] = rich_text_format
        context["rich_text_request"] = _RichTextRequest(self.request, rich_text_format)
        return context


class GuidesViewSet(ItemsViewSet):
    model = GuidePage
    serializer_class = GuideSerializer
    filter_params = ITEM_FILTER_PARAMS | {"level"}

    def parse_filters(self, errors):
        filters = super().parse_filters(errors)
        levels = _choice_param(self.request.query_params, "level", GuidePage.Level.values, errors)
        if levels:
            filters["level__in"] = levels
        return filters


class VideosViewSet(ItemsViewSet):
    model = VideoPage
    serializer_class = VideoSerializer
    filter_params = ITEM_FILTER_PARAMS

    def with_relations(self, queryset):
        return (
            super()
            .with_relations(queryset)
            .select_related("video_file", "poster")
            .prefetch_related("subtitle_tracks__document")
        )


COUNTRIES = list(Partner.Country.values)


def _countries(params, errors: dict) -> list[str] | None:
    if "country" not in params:
        return None
    countries = [code.upper() for code in _csv(params["country"])]
    bad = [code for code in countries if code not in COUNTRIES]
    if bad or not countries:
        errors["country"] = [
            _("Unknown country %(bad)s. Expected: %(choices)s.")
            % {"bad": ", ".join(bad) or "''", "choices": ", ".join(COUNTRIES)}
        ]
        return None
    return countries


class BestPracticesViewSet(ItemsViewSet):
    model = BestPracticePage
    serializer_class = BestPracticeSerializer
    filter_params = ITEM_FILTER_PARAMS | {"country", "year", "golden_rule"}
    ordering_fields = {**ItemsViewSet.ordering_fields, "year": "year", "rating": "rating"}

    def parse_filters(self, errors):
        params = self.request.query_params
        filters = super().parse_filters(errors)
        countries = _countries(params, errors)
        if countries:
            filters["country__in"] = countries
        if "year" in params:
            try:
                filters["year"] = int(params["year"])
            except ValueError:
                errors["year"] = [_("Expected a year, e.g. 2024.")]
        golden = _bool_param(params, "golden_rule", errors)
        if golden is not None:
            filters["is_golden_rule"] = golden
        return filters


class EventsViewSet(ItemsViewSet):
    model = EventPage
    serializer_class = EventSerializer
    filter_params = ITEM_FILTER_PARAMS | {
        "starts_after",
        "starts_before",
        "ends_after",
        "ends_before",
        "upcoming",
        "event_format",
        "country",
    }
    ordering_fields = {**ItemsViewSet.ordering_fields, "start": "start", "end": "end"}
    default_ordering = ["start"]

    def parse_filters(self, errors):
        params = self.request.query_params
        filters = super().parse_filters(errors)
        for name, lookup in (
            ("starts_after", "start__gte"),
            ("starts_before", "start__lt"),
            ("ends_after", "end__gte"),
            ("ends_before", "end__lt"),
        ):
            if name in params:
                filters[lookup] = self.parse_datetime_param(name, errors)
        upcoming = _bool_param(params, "upcoming", errors)
        if upcoming is True:
            filters["end__gte"] = max(filters.get("end__gte") or timezone.now(), timezone.now())
        elif upcoming is False:
            filters["end__lt"] = timezone.now()
        formats = _choice_param(params, "event_format", EventPage.Format.values, errors)
        if formats:
            filters["event_format__in"] = formats
        countries = _countries(params, errors)
        if countries:
            filters["country__in"] = countries
        starts = (filters.get("start__gte"), filters.get("start__lt"))
        if all(starts) and starts[0] >= starts[1]:
            errors["starts_before"] = [_("Must be later than starts_after.")]
        ends = (filters.get("end__gte"), filters.get("end__lt"))
        if all(ends) and ends[0] >= ends[1]:
            errors["ends_before"] = [_("Must be later than ends_after.")]
        return filters


class DiagnosticToolsViewSet(ItemsViewSet):
    model = DiagnosticToolPage
    serializer_class = DiagnosticSerializer
    filter_params = ITEM_FILTER_PARAMS


# --- schema -------------------------------------------------------------------------------
def _date_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.DATETIME, description=f"{what} (ISO 8601 date or date-time)."
    )


EXTRA_PARAMETERS = {
    ItemsViewSet: [
        OpenApiParameter(
            "type",
            OpenApiTypes.STR,
            description="Comma-separated item types: guide, video, best_practice, event, "
            "diagnostic.",
        )
    ],
    GuidesViewSet: [
        OpenApiParameter("level", OpenApiTypes.STR, description="beginner, intermediate, advanced")
    ],
    VideosViewSet: [],
    BestPracticesViewSet: [
        OpenApiParameter("country", OpenApiTypes.STR, description="FR, ES, PT or AD."),
        OpenApiParameter("year", OpenApiTypes.INT),
        OpenApiParameter("golden_rule", OpenApiTypes.BOOL),
    ],
    EventsViewSet: [
        _date_param("starts_after", "Events starting at or after this moment"),
        _date_param("starts_before", "Events starting before this moment"),
        _date_param("ends_after", "Events ending at or after this moment"),
        _date_param("ends_before", "Events ending before this moment"),
        OpenApiParameter(
            "upcoming",
            OpenApiTypes.BOOL,
            description="true: not yet over (ends now or later); false: past events.",
        ),
        OpenApiParameter(
            "event_format", OpenApiTypes.STR, description="conference, workshop or webinar."
        ),
        OpenApiParameter("country", OpenApiTypes.STR, description="FR, ES, PT or AD."),
    ],
    DiagnosticToolsViewSet: [],
}


def _documented(view, label: str, default_ordering: str):
    serializer = view.serializer_class
    fields = fields_parameter(serializer.available_fields())
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {label}",
            parameters=[
                *item_filter_parameters(EXTRA_PARAMETERS[view]),
                fields,
                _ordering_parameter(list(view.ordering_fields), default_ordering),
            ],
            responses={200: serializer(many=True), **COMMON_ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"One of the {label}, by id or key",
            parameters=[REF_PARAMETER, *LOCALE_PARAMETERS, fields, RICH_TEXT_PARAMETER],
            responses={200: serializer, **COMMON_ERRORS},
        ),
    )(view)


ItemsViewSet = _documented(ItemsViewSet, "toolbox items of every type", "-first_published_at")
GuidesViewSet = _documented(GuidesViewSet, "guides", "-first_published_at")
VideosViewSet = _documented(VideosViewSet, "videos", "-first_published_at")
BestPracticesViewSet = _documented(BestPracticesViewSet, "best practices", "-first_published_at")
EventsViewSet = _documented(EventsViewSet, "events", "start")
DiagnosticToolsViewSet = _documented(
    DiagnosticToolsViewSet, "diagnostic tools", "-first_published_at"
)

ITEM_VIEWSETS = {
    "guide": GuidesViewSet,
    "video": VideosViewSet,
    "best_practice": BestPracticesViewSet,
    "event": EventsViewSet,
    "diagnostic": DiagnosticToolsViewSet,
}
