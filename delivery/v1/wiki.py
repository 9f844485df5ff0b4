"""The wiki's REST API under /api/v1/wiki/, with the same rules as the pages.

Anything the caller may not see is a 404; a save whose changes overlap a concurrent save is a
409 whose body carries the merge information (RFC 7807 problem details plus ``merge``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from delivery.http import ProblemError, RateLimitHeadersMixin
from wiki import notifications, selectors, services
from wiki.downloads import attachment_response
from wiki.markup import render as render_markdown
from wiki.models import (
    AttachmentVersion,
    Handoff,
    WikiComment,
    WikiPage,
    WikiRevision,
    WorkingGroup,
)


class ReadOrSignedIn(BasePermission):
    """Anyone may read what they can see; every write needs a signed-in user."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


def _validation(exc: DjangoValidationError) -> APIValidationError:
    return APIValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


# --- Serializers ----------------------------------------------------------------------


class UserRefSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkingGroup
        fields = ["slug", "name", "theme_key", "description", "visibility"]


class RevisionSummarySerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", default=None)
    base_revision = serializers.IntegerField(source="base_revision.number", default=None)
    reverted_to = serializers.IntegerField(source="reverted_to.number", default=None)

    class Meta:
        model = WikiRevision
        fields = [
            "id",
            "number",
            "title",
            "summary",
            "author",
            "created_at",
            "kind",
            "size",
            "base_revision",
            "reverted_to",
        ]


class RevisionSerializer(RevisionSummarySerializer):
    class Meta(RevisionSummarySerializer.Meta):
        fields = [*RevisionSummarySerializer.Meta.fields, "content"]


class PageListSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.slug")
    current_revision = serializers.IntegerField(source="current_revision_id")

    class Meta:
        model = WikiPage
        fields = [
            "id",
            "group",
            "slug",
            "title",
            "language",
            "parent",
            "translation_of",
            "current_revision",
            "updated_at",
        ]


class PageSerializer(PageListSerializer):
    revision_number = serializers.IntegerField(source="current_revision.number")
    html = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()
    translation_status = serializers.SerializerMethodField()

    class Meta(PageListSerializer.Meta):
        fields = [
            *PageListSerializer.Meta.fields,
            "revision_number",
            "content",
            "html",
            "translations",
            "translation_status",
            "approved_revision",
        ]

    def get_html(self, page) -> str:
        return selectors.page_render(page).html

    def get_translations(self, page) -> list[dict]:
        return [
            {"id": p.pk, "language": p.language, "title": p.title, "slug": p.slug}
            for p in selectors.translations_of(page)
        ]

    def get_translation_status(self, page) -> dict | None:
        status_ = selectors.translation_status(page)
        if status_ is None:
            return None
        return {
            "source": status_.source.pk,
            "follows_revision": status_.followed.number if status_.followed else None,
            "source_revision": status_.current.number if status_.current else None,
            "outdated": status_.outdated,
        }


class PageCreateSerializer(serializers.Serializer):
    group = serializers.SlugField()
    title = serializers.CharField(max_length=200)
    language = serializers.CharField(max_length=8)
    content = serializers.CharField(allow_blank=True, trim_whitespace=False, default="")
    summary = serializers.CharField(allow_blank=True, max_length=300, default="")
    parent = serializers.IntegerField(required=False, allow_null=True)
    translation_of = serializers.IntegerField(required=False, allow_null=True)


class PageSaveSerializer(serializers.Serializer):
    base_revision = serializers.IntegerField(help_text="Id of the revision the edit started from.")
    content = serializers.CharField(allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(allow_blank=True, max_length=300, default="")
    section = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    mark_translation_current = serializers.BooleanField(default=False)


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20_000)
    parent = serializers.IntegerField(required=False, allow_null=True)


class RevertSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=1, help_text="Number of the revision to bring back."
    )
    base_revision = serializers.IntegerField(help_text="Id of the page's revision you saw.")


class MarkUpToDateSerializer(serializers.Serializer):
    source_revision = serializers.IntegerField(required=False, allow_null=True)


class HandoffCreateSerializer(serializers.Serializer):
    item_type = serializers.ChoiceField(choices=Handoff.ItemType.choices)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PreviewSerializer(serializers.Serializer):
    content = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=1_000_000)
    page = serializers.IntegerField(required=False, allow_null=True)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", default=None, read_only=True)
    mentions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="username")

    class Meta:
        model = WikiComment
        fields = ["id", "parent", "author", "body", "mentions", "created_at"]
        read_only_fields = ["id", "author", "mentions", "created_at"]


class AttachmentVersionSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.get_username", default=None)

    class Meta:
        model = AttachmentVersion
        fields = [
            "number",
            "size",
            "content_type",
            "sha256",
            "comment",
            "uploaded_by",
            "uploaded_at",
        ]


class HandoffSerializer(serializers.ModelSerializer):
    revision = serializers.IntegerField(source="revision.number")
    status = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()

    class Meta:
        model = Handoff
        fields = [
            "id",
            "revision",
            "item_type",
            "toolbox_page",
            "submitted_at",
            "status",
            "comment",
        ]

    def get_status(self, handoff) -> str:
        return selectors.handoff_status(handoff).status

    def get_comment(self, handoff) -> str:
        return selectors.handoff_status(handoff).comment


def _conflict_error(conflict: services.EditConflict) -> ProblemError:
    return ProblemError(
        status_code=status.HTTP_409_CONFLICT,
        type="https://cybersudoe.eu/problems/edit-conflict",
        title="Edit conflict",
        detail="The page changed since your base revision and the changes overlap; "
        "nothing was saved. Resolve and save again with current_revision as base_revision.",
        base_revision=conflict.base.pk,
        current_revision=conflict.current.pk,
        current_revision_number=conflict.current.number,
        current_content=conflict.current.content,
        your_content=conflict.mine,
        title_conflict=conflict.title_conflict,
        merge=conflict.merge.as_dict(),
    )


# --- Views ----------------------------------------------------------------------------


class GroupViewSet(RateLimitHeadersMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupSerializer
    lookup_field = "slug"
    permission_classes = [ReadOrSignedIn]

    def get_queryset(self):
        return selectors.groups_visible_to(self.request.user).order_by("name")


class RevisionPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def paginate_revisions(self, page: WikiPage, request) -> tuple[list, dict]:
        try:
            number = max(1, int(request.query_params.get("page", 1)))
            size = min(
                self.max_page_size,
                max(1, int(request.query_params.get("page_size", self.page_size))),
            )
        except ValueError as exc:
            raise ParseError("page and page_size must be integers") from exc
        total = selectors.revision_count(page)
        items = selectors.history_list(page, offset=(number - 1) * size, limit=size)
        return items, {"count": total, "page": number, "page_size": size}


class PageViewSet(RateLimitHeadersMixin, viewsets.GenericViewSet):
    permission_classes = [ReadOrSignedIn]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return WikiPage.objects.none()
        qs = selectors.pages_visible_to(self.request.user).select_related(
            "group", "current_revision"
        )
        params = self.request.query_params
        if params.get("group"):
            qs = qs.filter(group__slug=params["group"])
        if params.get("language"):
            qs = qs.filter(language=params["language"])
        return qs.order_by("group__slug", "title")

    def get_serializer_class(self):
        return PageSerializer if self.action == "retrieve" else PageListSerializer

    def _page(self, pk) -> WikiPage:
        try:
            return selectors.page_get_visible(self.request.user, pk=int(pk))
        except (ValueError, Http404) as exc:
            raise NotFound from exc

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PageListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(PageSerializer(self._page(pk)).data)

    @extend_schema(request=PageCreateSerializer, responses={201: PageSerializer})
    def create(self, request):
        data = PageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            group = selectors.group_get_visible(request.user, v["group"])
        except Http404 as exc:
            raise NotFound from exc
        parent = group.pages.filter(pk=v["parent"]).first() if v.get("parent") else None
        source = (
            group.pages.filter(pk=v["translation_of"]).first() if v.get("translation_of") else None
        )
        try:
            page = services.page_create(
                group=group,
                title=v["title"],
                language=v["language"],
                content=v["content"],
                summary=v["summary"],
                parent=parent,
                translation_of=source,
                author=request.user,
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response(PageSerializer(page).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PageSaveSerializer,
        responses={
            200: PageSerializer,
            409: OpenApiResponse(
                description="Edit conflict: the page changed since base_revision and the changes "
                "overlap. Nothing was saved; the body (application/problem+json) has "
                "current_revision, current_content, your_content and merge {clean, text, "
                "conflicts[{base, mine, theirs, line}]}."
            ),
        },
    )
    def update(self, request, pk=None):
        page = self._page(pk)
        data = PageSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            outcome = services.page_save(
                page=page,
                base_revision_id=v["base_revision"],
                content=v["content"],
                title=v.get("title"),
                summary=v["summary"],
                section=v.get("section"),
                mark_translation_current=v["mark_translation_current"],
                author=request.user,
            )
        except services.EditConflict as conflict:
            raise _conflict_error(conflict) from None
        except services.StaleBase as exc:
            raise APIValidationError({"base_revision": "Not a revision of this page."}) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        body = PageSerializer(outcome.page).data
        body["status"] = outcome.status
        body["revision"] = RevisionSummarySerializer(outcome.revision).data
        if outcome.merged_with is not None:
            body["merged_with"] = outcome.merged_with.number
        return Response(body)

    partial_update = update

    @action(detail=True, methods=["get"])
    def revisions(self, request, pk=None):
        page = self._page(pk)
        items, meta = RevisionPagination().paginate_revisions(page, request)
        return Response({**meta, "results": RevisionSummarySerializer(items, many=True).data})

    @extend_schema(operation_id="wiki_page_revision_retrieve", responses=RevisionSerializer)
    @action(detail=True, methods=["get"], url_path=r"revisions/(?P<number>\d+)")
    def revision(self, request, pk=None, number=None):
        page = self._page(pk)
        try:
            revision = selectors.revision_get(page, int(number))
        except Http404 as exc:
            raise NotFound from exc
        return Response(RevisionSerializer(revision).data)

    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        page = self._page(pk)
        try:
            new = selectors.revision_get(
                page, int(request.query_params.get("to") or page.current_revision.number)
            )
            old = selectors.revision_get(
                page, int(request.query_params.get("from") or max(1, new.number - 1))
            )
        except ValueError as exc:
            raise ParseError("from and to are revision numbers") from exc
        except Http404 as exc:
            raise NotFound from exc
        result = selectors.diff_revisions(old, new)
        rows = []
        for row in result.rows:
            if row.kind == "skipped":
                rows.append({"kind": "skipped", "count": row.count})
            else:
                rows.append(
                    {
                        "kind": row.kind,
                        "left_line": row.left_line,
                        "right_line": row.right_line,
                        "segments": [[op, text] for op, text in row.inline],
                    }
                )
        return Response(
            {
                "from": old.number,
                "to": new.number,
                "words_added": result.words_added,
                "words_removed": result.words_removed,
                "rows": rows,
            }
        )

    @action(detail=True, methods=["get"])
    def blame(self, request, pk=None):
        page = self._page(pk)
        return Response(
            [
                {
                    "text": item["text"],
                    "revision": item["revision"].number if item["revision"] else None,
                    "author": item["revision"].author.get_username()
                    if item["revision"] and item["revision"].author
                    else None,
                }
                for item in selectors.blame(page)
            ]
        )

    @extend_schema(request=RevertSerializer)
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        page = self._page(pk)
        data = RevertSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        base = data.validated_data["base_revision"]
        try:
            revision = selectors.revision_get(page, data.validated_data["revision"])
        except Http404 as exc:
            raise NotFound from exc
        try:
            outcome = services.page_revert(
                page=page, revision=revision, author=request.user, base_revision_id=base
            )
        except services.EditConflict as conflict:
            raise _conflict_error(conflict) from None
        except services.StaleBase as exc:
            raise APIValidationError({"base_revision": "Not a revision of this page."}) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        return Response(
            {"status": outcome.status, "revision": RevisionSummarySerializer(outcome.revision).data}
        )

    @extend_schema(request=CommentCreateSerializer, responses=CommentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        page = self._page(pk)
        if request.method == "GET":
            items = (
                WikiComment.objects.filter(page=page)
                .select_related("author")
                .prefetch_related("mentions")
            )
            return Response(CommentSerializer(items, many=True).data)
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data["body"]
        parent = None
        if data.validated_data.get("parent"):
            parent = WikiComment.objects.filter(page=page, pk=data.validated_data["parent"]).first()
            if parent is None:
                raise APIValidationError({"parent": "No such comment on this page."})
        try:
            comment = services.comment_create(
                page=page, author=request.user, body=body, parent=parent
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttachmentUploadSerializer)
    @action(detail=True, methods=["get", "post"])
    def attachments(self, request, pk=None):
        page = self._page(pk)
        if request.method == "POST":
            data = AttachmentUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            try:
                services.attachment_upload(
                    page=page,
                    uploaded_file=data.validated_data["file"],
                    user=request.user,
                    name=data.validated_data.get("name") or None,
                    comment=data.validated_data["comment"],
                )
            except DjangoPermissionDenied as exc:
                raise PermissionDenied from exc
            except DjangoValidationError as exc:
                raise _validation(exc) from exc
        items = page.attachments.prefetch_related("versions__uploaded_by")
        data = [
            {
                "id": a.pk,
                "name": a.name,
                "versions": AttachmentVersionSerializer(a.versions.all(), many=True).data,
            }
            for a in items
        ]
        return Response(data, status=status.HTTP_201_CREATED if request.method == "POST" else 200)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment>\d+)/versions/(?P<number>\d+)/download",
    )
    def download(self, request, pk=None, attachment=None, number=None):
        version = selectors.attachment_version_get(self._page(pk), attachment, number)
        if version is None:
            raise NotFound
        return attachment_response(version)

    @action(detail=True, methods=["post", "delete"])
    def watch(self, request, pk=None):
        page = self._page(pk)
        try:
            services.watch_set(user=request.user, page=page, on=request.method == "POST")
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        return Response({"watching": request.method == "POST"})

    @extend_schema(request=MarkUpToDateSerializer, responses=PageSerializer)
    @action(detail=True, methods=["post"], url_path="mark-up-to-date")
    def mark_up_to_date(self, request, pk=None):
        page = self._page(pk)
        try:
            data = MarkUpToDateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.translation_mark_current(
                page=page,
                user=request.user,
                source_revision_id=data.validated_data.get("source_revision"),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _validation(exc) from exc
        return Response(PageSerializer(self._page(pk)).data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        page = self._page(pk)
        try:
            services.page_approve(page=page, user=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        return Response({"approved_revision": page.approved_revision_id})

    @extend_schema(request=HandoffCreateSerializer, responses=HandoffSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def handoffs(self, request, pk=None):
        page = self._page(pk)
        if request.method == "POST":
            try:
                data = HandoffCreateSerializer(data=request.data)
                data.is_valid(raise_exception=True)
                handoff = services.handoff_submit(
                    page=page, user=request.user, item_type=data.validated_data["item_type"]
                )
            except DjangoPermissionDenied as exc:
                raise PermissionDenied from exc
            except DjangoValidationError as exc:
                raise _validation(exc) from exc
            except services.HandoffUnavailable as exc:
                raise APIValidationError({"item_type": str(exc)}) from exc
            return Response(HandoffSerializer(handoff).data, status=status.HTTP_201_CREATED)
        return Response(HandoffSerializer(Handoff.objects.filter(page=page), many=True).data)


class NotificationsView(RateLimitHeadersMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request):
        if not request.user.is_authenticated:
            raise PermissionDenied
        items = selectors.notifications_for(request.user)[:100]
        return Response(
            [
                {
                    "id": n.pk,
                    "kind": n.kind,
                    "page": n.page_id,
                    "text": notifications.describe(n),
                    "url": notifications.target_url(n),
                    "created_at": n.created_at,
                }
                for n in items
            ]
        )


class PreviewView(RateLimitHeadersMixin, APIView):
    @extend_schema(request=PreviewSerializer, responses=dict)
    def post(self, request):
        if not request.user.is_authenticated:
            raise PermissionDenied
        data = PreviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data["content"]
        page_id = data.validated_data.get("page")
        if page_id:
            try:
                page = selectors.page_get_visible(request.user, pk=page_id)
            except Http404 as exc:
                raise NotFound from exc
            return Response({"html": selectors.page_render(page, text).html})
        return Response({"html": render_markdown(text).html})


router = DefaultRouter()
router.register("groups", GroupViewSet, basename="wiki-group")
router.register("pages", PageViewSet, basename="wiki-page")

urlpatterns = [
    path("notifications/", NotificationsView.as_view(), name="wiki-notifications"),
    path("preview/", PreviewView.as_view(), name="wiki-preview"),
    *router.urls,
]
