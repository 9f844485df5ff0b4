"""The shared block library of every toolbox item body, and the questionnaire blocks.

Every text block is a CharBlock, TextBlock or RichTextBlock so that wagtail-localize extracts it
as a translatable segment; image and document choosers are "overridable" segments, so a
translator can swap a French PDF for its Spanish edition. Block ids are kept across translations,
which the diagnostic questionnaire relies on (see ``services.questionnaire_structure``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]
INLINE_FEATURES = ["bold", "italic", "link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the page outline correct for screen readers."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        help_text=_("Use level 2 for main sections, level 3 inside them."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        description = _("A section title, shown in the page outline.")
        template = "toolbox/blocks/heading.html"
        preview_value = {"text": "Sauvegarder ses données", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text: paragraphs, lists, links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _("Paragraphs, lists and links.")
        template = "toolbox/blocks/paragraph.html"
        preview_value = (
            "<p>Une sauvegarde régulière, testée et conservée hors ligne protège "
            "l'entreprise contre la perte de données.</p>"
        )


class FigureBlock(blocks.StructBlock):
    """An image with its alternative text and an optional caption."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")
        template = "toolbox/blocks/figure.html"


class DownloadBlock(blocks.StructBlock):
    """A downloadable document (PDF, spreadsheet, slides). Translators may swap the file."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"),
        required=False,
        max_length=200,
        help_text=_("Shown instead of the document's own title when set."),
    )
    description = blocks.TextBlock(label=_("description"), required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        description = _("A link to download a document, with its format and size.")
        template = "toolbox/blocks/download.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, an important point or a warning."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=INLINE_FEATURES + ["ul"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        description = _("A highlighted tip, note or warning.")
        template = "toolbox/blocks/callout.html"
        preview_value = {
            "kind": "tip",
            "title": "Règle 3-2-1",
            "text": "<p>Trois copies, sur deux supports, dont une hors site.</p>",
        }


class ChecklistBlock(blocks.StructBlock):
    """A list of concrete actions a business can tick off."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=160)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        description = _("Concrete actions to tick off.")
        template = "toolbox/blocks/checklist.html"
        preview_value = {
            "title": "Avant de partir en congés",
            "items": ["Vérifier la dernière sauvegarde", "Mettre à jour les postes"],
        }


class QuoteBlock(blocks.StructBlock):
    """A testimonial or a quotation, with who said it."""

    text = blocks.TextBlock(label=_("quotation"), max_length=800)
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        description = _("A testimonial with its author.")
        template = "toolbox/blocks/quote.html"
        preview_value = {
            "text": "Depuis que nous sauvegardons chaque soir, une panne n'est plus un drame.",
            "attribution": "Gérante d'une boulangerie, Clermont-Ferrand",
        }


class VideoEmbedBlock(blocks.StructBlock):
    """A video hosted elsewhere (PeerTube, YouTube, Vimeo).

    Rendered as a link with its title: nothing is loaded from the provider until the visitor
    chooses to follow it, so pages stay fast and make no third-party requests.
    """

    video = EmbedBlock(label=_("video URL"))
    title = blocks.CharBlock(label=_("title"), max_length=200)

    class Meta:
        icon = "media"
        label = _("Embedded video")
        description = _("A video hosted on another site, linked without tracking.")
        template = "toolbox/blocks/video_embed.html"


class TableRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(blocks.CharBlock(required=False, max_length=300), label=_("cells"))

    class Meta:
        icon = "list-ul"
        label = _("Row")


class TableBlock(blocks.StructBlock):
    """A simple data table with a caption and an optional header row (accessible markup)."""

    caption = blocks.CharBlock(label=_("caption"), max_length=200)
    header = blocks.ListBlock(
        blocks.CharBlock(max_length=120),
        label=_("column headings"),
        required=False,
        help_text=_("Leave empty for a table without headings."),
    )
    rows = blocks.ListBlock(TableRowBlock(), label=_("rows"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Table")
        description = _("A table with a caption and column headings.")
        template = "toolbox/blocks/table.html"
        preview_value = {
            "caption": "Types de sauvegarde",
            "header": ["Type", "Fréquence"],
            "rows": [
                {"cells": ["Complète", "Hebdomadaire"]},
                {"cells": ["Incrémentale", "Quotidienne"]},
            ],
        }


class BodyBlock(blocks.StreamBlock):
    """The body of every toolbox item."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    download = DownloadBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    quote = QuoteBlock()
    video = VideoEmbedBlock()
    table = TableBlock()

    class Meta:
        block_counts = {}


class IndicatorBlock(blocks.StructBlock):
    """One result indicator of a best practice, e.g. "Companies reached: 240"."""

    label = blocks.CharBlock(label=_("indicator"), max_length=160)
    value = blocks.CharBlock(label=_("value"), max_length=80)

    class Meta:
        icon = "order"
        label = _("Indicator")
        preview_value = {"label": "Entreprises sensibilisées", "value": "240"}


# --- Diagnostic questionnaire -------------------------------------------------------------


class AnswerBlock(blocks.StructBlock):
    """One possible answer to a question and the points it earns."""

    text = blocks.CharBlock(label=_("answer"), max_length=300)
    weight = blocks.IntegerBlock(
        label=_("points"),
        min_value=0,
        max_value=100,
        default=0,
        help_text=_("Points earned by this answer; the best answer earns the most."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    """A single-choice question."""

    text = blocks.CharBlock(label=_("question"), max_length=400)
    help = blocks.CharBlock(
        label=_("help text"),
        required=False,
        max_length=400,
        help_text=_("Explains the question to a visitor who is unsure."),
    )
    answers = blocks.ListBlock(AnswerBlock(), label=_("answers"), min_num=2)

    class Meta:
        icon = "help"
        label = _("Question")


class ScoreBandBlock(blocks.StructBlock):
    """What a section score from ``min_percent`` upwards means, and what to read next."""

    min_percent = blocks.IntegerBlock(
        label=_("from (percent)"),
        min_value=0,
        max_value=100,
        help_text=_(
            "The band applies from this percentage of the section's maximum score up to the "
            "next band. One band of the section must start at 0."
        ),
    )
    label = blocks.CharBlock(label=_("label"), max_length=120)
    advice = blocks.RichTextBlock(label=_("advice"), features=INLINE_FEATURES + ["ul"])
    recommended = blocks.ListBlock(
        blocks.PageChooserBlock(
            page_type=[
                "toolbox.GuidePage",
                "toolbox.VideoPage",
                "toolbox.BestPracticePage",
                "toolbox.EventPage",
                "toolbox.DiagnosticToolPage",
            ]
        ),
        label=_("recommended toolbox items"),
        required=False,
        help_text=_("Shown in the visitor's language when a translation exists."),
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Score band")


class QuestionnaireSectionBlock(blocks.StructBlock):
    """A section of the questionnaire: its questions and how to read its score."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.TextBlock(label=_("introduction"), required=False, max_length=800)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)
    bands = blocks.ListBlock(ScoreBandBlock(), label=_("score bands"), min_num=1)

    class Meta:
        icon = "form"
        label = _("Section")

    def clean(self, value):
        value = super().clean(value)
        starts = [band["min_percent"] for band in value["bands"]]
        if 0 not in starts:
            raise StructBlockValidationError(
                block_errors={"bands": ValidationError(_("One score band must start at 0%."))}
            )
        if len(set(starts)) != len(starts):
            raise StructBlockValidationError(
                block_errors={
                    "bands": ValidationError(_("Two score bands start at the same percentage."))
                }
            )
        return value


class QuestionnaireBlock(blocks.StreamBlock):
    section = QuestionnaireSectionBlock()

    class Meta:
        min_num = 1
