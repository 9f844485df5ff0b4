"""Toolbox models. See docs/toolbox.md for how they fit together."""

from .diagnostics import (
    DiagnosticResponse,
    DiagnosticSectionScore,
    DiagnosticToolPage,
    QuestionnaireAnswerError,
    QuestionnaireVersion,
)
from .events import EventIndexPage, EventPage
from .items import (
    BestPracticePage,
    CharterPage,
    GuidePage,
    ToolboxItemPage,
    ToolboxItemTag,
    VideoPage,
    VideoSubtitleTrack,
)
from .tags import TagLabel
from .themes import Audience, Partner, PartnerIndexPage, PartnerSectionPage, ThemePage

__all__ = [
    "Audience",
    "BestPracticePage",
    "CharterPage",
    "DiagnosticResponse",
    "DiagnosticSectionScore",
    "DiagnosticToolPage",
    "EventIndexPage",
    "EventPage",
    "GuidePage",
    "Partner",
    "PartnerIndexPage",
    "PartnerSectionPage",
    "QuestionnaireAnswerError",
    "QuestionnaireVersion",
    "TagLabel",
    "ThemePage",
    "ToolboxItemPage",
    "ToolboxItemTag",
    "VideoPage",
    "VideoSubtitleTrack",
]
