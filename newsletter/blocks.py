"""Blocks of a newsletter issue. Text blocks are Char/Text/RichText blocks so wagtail-localize
extracts them for translation; item and event choosers are resolved to the reader's language
when the e-mail is rendered (``newsletter.rendering``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ToolboxItemBlock(blocks.StructBlock):
    """A toolbox item (guide, video, best practice, diagnostic) shown as a card."""

    page = blocks.PageChooserBlock(
        label=_("toolbox item"),
        page_type=[
            "toolbox.GuidePage",
            "toolbox.VideoPage",
            "toolbox.BestPracticePage",
            "toolbox.DiagnosticToolPage",
        ],
    )
    comment = blocks.TextBlock(
        label=_("comment"), required=False, help_text=_("Why readers should look at it.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Toolbox item")
        description = _("A card linking to an item of the toolbox, in the reader's language.")


class EventBlock(blocks.StructBlock):
    """An event of the toolbox with its date and place."""

    page = blocks.PageChooserBlock(label=_("event"), page_type=["toolbox.EventPage"])
    comment = blocks.TextBlock(label=_("comment"), required=False)

    class Meta:
        icon = "date"
        label = _("Event")
        description = _("An event with its date, place and registration link.")


class FreeTextBlock(blocks.StructBlock):
    """A heading and paragraphs written for this issue."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("text"), features=TEXT_FEATURES)

    class Meta:
        icon = "pilcrow"
        label = _("Free text")
        description = _("A heading and paragraphs of the issue's own text.")


class IssueStreamBlock(blocks.StreamBlock):
    text = FreeTextBlock()
    item = ToolboxItemBlock()
    event = EventBlock()
