"""What a tag reads as in each language: tags are shared slugs ('passwords'), visitors see a
label in their language ('mots de passe', 'contraseñas')."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel


class TagLabel(models.Model):
    """The label of a tag in one language. A tag without a label in the reader's language is
    shown as its name with hyphens turned into spaces."""

    tag = models.ForeignKey(
        Tag,
        verbose_name=_("tag"),
        on_delete=models.CASCADE,
        related_name="labels",
        help_text=_("The tag as editors type it on items (e.g. 'passwords')."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language visitors read this label in."),
    )
    label = models.CharField(
        _("label"), max_length=100, help_text=_("What visitors read (e.g. 'mots de passe').")
    )

    panels = [FieldPanel("tag"), FieldPanel("language"), FieldPanel("label")]

    class Meta:
        verbose_name = _("tag label")
        verbose_name_plural = _("tag labels")
        ordering = ["tag__name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["tag", "language"], name="unique_tag_label_language")
        ]

    def __str__(self) -> str:
        return f"{self.tag.name} ({self.language}): {self.label}"
