"""Serializers of /api/v1: one small field per concern, sparse fieldsets, locale statement."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from .viewsets import page_urls


class TranslationLinkSerializer(serializers.Serializer):
    """One published version of the same content: what an hreflang block needs."""

    locale = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class PartnerTranslationLinkSerializer(serializers.Serializer):
    locale = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()


class PictureSerializer(serializers.Serializer):
    """An item's picture (``toolbox.pictures``): one fixed-size rendition and a thumbnail."""

    alt = serializers.CharField(
        help_text="Alternative text (the image's description); empty when it is decorative."
    )
    width = serializers.IntegerField(help_text="Width of the image at url, in pixels.")
    height = serializers.IntegerField(help_text="Height of the image at url, in pixels.")
    url = serializers.URLField(
        help_text="The picture cropped to 1200×675 around its focal point (smaller when the "
        "original is), absolute."
    )
    thumbnail_url = serializers.URLField(help_text="The picture cropped to 480×270, absolute.")


class ProblemSerializer(serializers.Serializer):
    """Every error: status, a title, a readable detail and, for 400, each bad parameter."""

    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400: each bad parameter or field and what is wrong with it.",
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="For 429: seconds to wait (also in Retry-After)."
    )


class RichTextField(serializers.Field):
    """Rich text as HTML with internal links and embeds expanded."""

    def to_representation(self, value):
        return expand_db_html(value) if value else ""


extend_schema_field({"type": "string", "format": "html"})(RichTextField)


class DeliverySerializer(serializers.Serializer):
    """Base: drops fields not asked for (``?fields=``) and states the served locale."""

    ALWAYS = ("id", "locale", "fallback")
    #: fields left out of list responses unless asked for (bodies)
    DETAIL_ONLY: tuple[str, ...] = ()

    id = serializers.IntegerField()
    locale = serializers.SerializerMethodField(help_text="Language of this version.")
    fallback = serializers.SerializerMethodField(
        help_text="True when this is not the language asked for but a fallback."
    )

    @classmethod
    def available_fields(cls) -> list[str]:
        return list(cls._declared_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        context = self.context
        wanted = context.get("fields")
        if wanted is not None:
            keep = set(wanted) | set(self.ALWAYS)
        elif context.get("many"):
            keep = set(self.fields) - set(self.DETAIL_ONLY)
        else:
            return
        for name in list(self.fields):
            if name not in keep:
                self.fields.pop(name)

    @classmethod
    def many_init(cls, *args, **kwargs):
        kwargs.setdefault("context", {})["many"] = True
        return super().many_init(*args, **kwargs)

    def get_locale(self, obj) -> str:
        return self.context["locale_codes"][obj.locale_id]

    def get_fallback(self, obj) -> bool:
        chain = self.context["chain"]
        return self.context["locale_codes"][obj.locale_id] != chain.requested


class PageDeliverySerializer(DeliverySerializer):
    """Fields every toolbox page has."""

    key = serializers.CharField()
    type = serializers.SerializerMethodField()
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The page on the public site.")
    api_url = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(
        source="last_published_at", help_text="When this version was last published."
    )
    translations = serializers.SerializerMethodField(
        help_text="Every published version, this one included (for hreflang)."
    )

    type_name = ""
    endpoint = ""

    def get_type(self, obj) -> str:
        return self.type_name

    def get_url(self, obj) -> str | None:
        return page_urls(self.context["request"])(obj)

    def get_api_url(self, obj) -> str:
        return f"{self.context['api_base']}{self.endpoint}/{obj.pk}/"

    @extend_schema_field(TranslationLinkSerializer(many=True))
    def get_translations(self, obj):
        return self.context["translations"].get(obj.translation_key, [])


class ThemeSerializer(PageDeliverySerializer):
    DETAIL_ONLY = ("intro",)
    type_name = "theme"
    endpoint = "themes"

    kind = serializers.ChoiceField(choices=["general", "sectoral"])
    summary = serializers.CharField()
    intro = RichTextField()


class PartnerSerializer(DeliverySerializer):
    DETAIL_ONLY = ("description",)

    key = serializers.CharField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField()
    website = serializers.CharField()
    logo_url = serializers.SerializerMethodField()
    description = RichTextField()
    contact_email = serializers.CharField()
    api_url = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField(
        help_text="Every version of this partner, this one included."
    )

    def get_logo_url(self, obj) -> str | None:
        if not obj.logo_id:
            return None
        return self.context["request"].build_absolute_uri(obj.logo.file.url)

    def get_api_url(self, obj) -> str:
        return f"{self.context['api_base']}partners/{obj.pk}/"

    @extend_schema_field(PartnerTranslationLinkSerializer(many=True))
    def get_translations(self, obj):
        return self.context["translations"].get(obj.translation_key, [])
