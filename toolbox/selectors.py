"""Toolbox reads: listings for themes, sections, the calendar, the charter and the directory."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

# The models module, not its names: models call these reads (page context), so this module
# is imported while the models are still being defined.
from . import models
from .registry import item_models
from .services import questionnaire_fingerprint, questionnaire_structure, questionnaire_texts


def live_items(*, locale: Locale) -> QuerySet[models.ToolboxItemPage]:
    return models.ToolboxItemPage.objects.live().public().filter(locale=locale)


def for_cards(items: list[models.ToolboxItemPage]) -> list[models.ToolboxItemPage]:
    """``items`` (specific pages) with what their cards and a listing's filters show loaded
    in a few queries (locales, partners, audiences, pictures and video posters with their
    renditions), instead of several queries per card."""
    ids = {item.picture_id for item in items} | {getattr(item, "poster_id", None) for item in items}
    ids.discard(None)
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions() if ids else []
    by_id = {image.pk: image for image in images}
    locales = Locale.objects.in_bulk({item.locale_id for item in items}) if items else {}
    # the partner line and the theme page's filters (audiences, partners)
    prefetch_related_objects(items, "partner", "audiences")
    for item in items:
        item.locale = locales[item.locale_id]
        item.picture = by_id.get(item.picture_id)
        if hasattr(item, "poster_id"):
            item.poster = by_id.get(item.poster_id)
    return items


def items_for_theme(*, theme: models.ThemePage) -> list[models.ToolboxItemPage]:
    """Live items of the theme's locale whose theme or one of whose sectors is ``theme``."""
    items = (
        live_items(locale=theme.locale)
        .filter(Q(theme=theme) | Q(sectors=theme))
        .distinct()
        .order_by("-first_published_at", "title")
    )
    return for_cards(list(items.specific()))


def items_in_section(*, section: models.PartnerSectionPage) -> list[models.ToolboxItemPage]:
    items = models.ToolboxItemPage.objects.child_of(section).live().public().order_by("title")
    return for_cards(list(items.specific()))


def in_event_order(events_) -> list[models.EventPage]:
    """Upcoming (not yet ended) events soonest first, then past events latest first."""
    upcoming = sorted((e for e in events_ if not e.is_past), key=lambda e: e.start)
    past = sorted((e for e in events_ if e.is_past), key=lambda e: e.start, reverse=True)
    return upcoming + past


@dataclass(frozen=True)
class ItemFilters:
    """A listing's filters from the query string: item type, target audience, partner."""

    item_type: str = ""
    audience: str = ""
    partner: str = ""

    @classmethod
    def from_query(cls, query) -> ItemFilters:
        return cls(
            item_type=query.get("type", "")[:40],
            audience=query.get("audience", "")[:80],
            partner=query.get("partner", "")[:80],
        )

    @property
    def is_filtered(self) -> bool:
        return bool(self.item_type or self.audience or self.partner)

    def apply(self, items) -> list:
        """The items that match every filter set."""
        kept = []
        for item in items:
            if self.item_type and type(item).__name__ != self.item_type:
                continue
            if self.partner and getattr(item.partner, "key", "") != self.partner:
                continue
            if self.audience and self.audience not in {a.key for a in item.audiences.all()}:
                continue
            kept.append(item)
        return kept


def item_filter_choices(items) -> dict:
    """The choices a listing's filters offer: only types, audiences and partners it has."""
    types = {type(item) for item in items}
    audiences: dict[str, str] = {}
    partners: dict[str, str] = {}
    for item in items:
        for audience in item.localized_audiences:
            audiences.setdefault(audience.key, audience.name)
        if item.partner:
            partners.setdefault(item.partner.key, item.partner.name)
    return {
        "types": [
            (m.__name__, str(m._meta.verbose_name_plural).capitalize())
            for m in item_models()
            if m in types
        ],
        "audiences": sorted(audiences.items(), key=lambda kv: kv[1].lower()),
        "partners": sorted(partners.items(), key=lambda kv: kv[1].lower()),
    }


def tag_labels(tags, *, language: str) -> list[str]:
    """What ``tags`` read as in ``language``: each tag's label there, else its name with
    hyphens as spaces (never the raw slug)."""
    tags = list(tags)
    labels = dict(
        models.TagLabel.objects.filter(tag__in=tags, language=language).values_list(
            "tag_id", "label"
        )
    )
    return [labels.get(tag.pk) or tag.name.replace("-", " ") for tag in tags]


def group_items_by_type(items) -> list[dict]:
    """[{"model": GuidePage, "label": "guides", "items": [...]}, ...] in the catalogue order;
    events upcoming first (soonest first), then past ones (latest first)."""
    groups = []
    for model in item_models():
        of_type = [item for item in items if type(item) is model]
        if model is models.EventPage:
            of_type = in_event_order(of_type)
        if of_type:
            groups.append(
                {
                    "model": model,
                    "type": model.__name__,
                    "label": model._meta.verbose_name_plural,
                    "items": of_type,
                }
            )
    return groups


def home_sections(*, locale: Locale) -> dict:
    """What the home page shows: featured items (self-diagnostics and golden-rule practices
    first), the latest published items, the next events and a few counts."""
    items = live_items(locale=locale).select_related("theme", "partner")
    diagnostics = list(models.DiagnosticToolPage.objects.live().public().filter(locale=locale))
    rules = list(
        models.BestPracticePage.objects.live()
        .public()
        .filter(locale=locale, is_golden_rule=True)
        .select_related("theme", "partner")
        .order_by("-first_published_at")[:3]
    )
    featured = (diagnostics[:1] + rules)[:3]
    featured_ids = {page.pk for page in featured}
    latest = [
        item
        for item in items.exclude(pk__in=featured_ids)
        .not_type(models.EventPage)
        .order_by("-first_published_at", "title")
        .specific()[:6]
    ]
    upcoming = list(events(locale=locale)[:3])
    for_cards(featured + latest + upcoming)
    return {
        "featured_items": featured,
        "latest_items": latest,
        "upcoming_events": upcoming,
        "item_count": items.count(),
        "partner_count": models.Partner.objects.filter(locale=locale).count(),
        "upcoming_count": events(locale=locale).count(),
    }


def golden_rules(*, locale: Locale) -> list[models.BestPracticePage]:
    return list(
        models.BestPracticePage.objects.live()
        .public()
        .filter(locale=locale, is_golden_rule=True)
        .select_related("partner")
        .order_by("title")
    )


@dataclass
class DirectoryEntry:
    partner: models.Partner
    section: models.PartnerSectionPage | None


def partner_directory(*, locale: Locale, country: str = "") -> list[DirectoryEntry]:
    """Partners in ``locale`` (or their source version if untranslated), with their section."""
    partners = models.Partner.objects.filter(locale=locale).select_related("logo")
    translated_keys = set(partners.values_list("translation_key", flat=True))
    fallback = models.Partner.objects.exclude(translation_key__in=translated_keys).order_by(
        "translation_key", "id"
    )
    seen = set()
    entries = list(partners)
    for partner in fallback:
        if partner.translation_key not in seen:
            seen.add(partner.translation_key)
            entries.append(partner)
    if country:
        entries = [p for p in entries if p.country == country]
    sections = {
        section.partner.translation_key: section
        for section in models.PartnerSectionPage.objects.live()
        .public()
        .filter(locale=locale, partner__isnull=False)
        .select_related("partner")
    }
    entries.sort(key=lambda p: p.name.casefold())
    return [DirectoryEntry(partner=p, section=sections.get(p.translation_key)) for p in entries]


# --- Events ------------------------------------------------------------------------------


@dataclass
class EventFilters:
    when: str = "upcoming"  # "upcoming" or "past"
    event_format: str = ""
    theme: str = ""  # theme key
    partner: str = ""  # partner key
    country: str = ""

    @classmethod
    def from_query(cls, query, *, locale: Locale | None = None) -> EventFilters:
        when = query.get("when", "upcoming")
        event_format = query.get("format", "")
        country = query.get("country", "")
        return cls(
            when=when if when in {"upcoming", "past"} else "upcoming",
            event_format=event_format if event_format in models.EventPage.Format.values else "",
            theme=query.get("theme", "")[:80],
            partner=query.get("partner", "")[:80],
            country=country if country in models.Partner.Country.values else "",
        )

    @property
    def is_filtered(self) -> bool:
        return bool(self.event_format or self.theme or self.partner or self.country)


def events(*, locale: Locale, filters: EventFilters | None = None) -> QuerySet[models.EventPage]:
    """Live events in ``locale``: upcoming (not yet ended) soonest first, or past latest first."""
    filters = filters or EventFilters()
    now = timezone.now()
    qs = (
        models.EventPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("partner", "theme", "locale")
        .prefetch_related(
            Prefetch("picture", queryset=get_image_model().objects.prefetch_renditions())
        )
    )
    if filters.when == "past":
        qs = qs.filter(end__lt=now).order_by("-start")
    else:
        qs = qs.filter(end__gte=now).order_by("start")
    return _filtered_events(qs, filters)


def _filtered_events(qs, filters: EventFilters) -> QuerySet[models.EventPage]:
    if filters.event_format:
        qs = qs.filter(event_format=filters.event_format)
    if filters.theme:
        qs = qs.filter(Q(theme__key=filters.theme) | Q(sectors__key=filters.theme)).distinct()
    if filters.partner:
        qs = qs.filter(partner__key=filters.partner)
    if filters.country:
        qs = qs.filter(country=filters.country)
    return qs


def parse_month(value: str, *, today: date | None = None) -> date:
    """The first day of the month ``YYYY-MM`` (years 2000-2100), else of the current month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in value.split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_calendar(*, locale: Locale, month: date, filters: EventFilters | None = None) -> dict:
    """A month of the agenda, Monday first: ``weeks`` (7 days each: date, in_month, today,
    events starting that day in their own time zone), the month's ``events`` in order,
    ``previous``/``next`` months."""
    filters = filters or EventFilters()
    first_day = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    grid_start, grid_end = first_day[0][0], first_day[-1][-1]
    around = dt.timedelta(days=1)  # time zones: fetch a day more on each side
    qs = (
        models.EventPage.objects.live()
        .public()
        .filter(locale=locale)
        .filter(
            start__date__gte=grid_start - around,
            start__date__lte=grid_end + around,
        )
        .select_related("partner", "theme")
        .order_by("start")
    )
    by_day: dict[date, list] = {}
    for event in _filtered_events(qs, filters):
        by_day.setdefault(event.local_start.date(), []).append(event)
    today = timezone.localdate()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "today": day == today,
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in first_day
    ]
    events_ = [e for day in sorted(by_day) if day.month == month.month for e in by_day[day]]
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return {
        "month": month,
        "weeks": weeks,
        "weekdays": [day["date"] for day in weeks[0]],
        "events": events_,
        "previous": previous,
        "next": following,
    }


def group_events_by_month(events_) -> list[dict]:
    """[{"month": date(2027, 3, 1), "events": [...]}, ...] by the events' local start."""
    months: OrderedDict[date, list] = OrderedDict()
    for event in events_:
        local = event.local_start
        months.setdefault(date(local.year, local.month, 1), []).append(event)
    return [{"month": month, "events": items} for month, items in months.items()]


def event_filter_choices(*, locale: Locale) -> dict:
    themes = models.ThemePage.objects.live().filter(locale=locale).order_by("kind", "title")
    partners = models.Partner.objects.filter(locale=locale).order_by("name")
    return {
        "formats": models.EventPage.Format.choices,
        "themes": [(t.key, t.title) for t in themes],
        "partners": [(p.key, p.name) for p in partners],
        "countries": models.Partner.Country.choices,
    }


# --- Diagnostics -------------------------------------------------------------------------


def live_translation(page: Page | None, locale: Locale) -> Page | None:
    """``page`` in ``locale`` if live and public there, else the page itself if live and
    public, else None (a page behind a view restriction is not named to visitors)."""
    if page is None:
        return None
    translated = page.get_translation_or_none(locale)
    for candidate in (translated, page):
        if (
            candidate is not None
            and candidate.live
            and not candidate.get_view_restrictions().exists()
        ):
            return candidate.specific
    return None


@dataclass
class SectionResult:
    title: str
    score: int
    max_score: int
    percent: int
    band_label: str
    advice: str
    recommended: list


@dataclass
class DiagnosticResult:
    response: models.DiagnosticResponse
    sections: list[SectionResult]
    outdated: bool  # scored with an earlier version of the questionnaire

    @property
    def percent(self) -> int:
        return self.response.percent


def diagnostic_result(
    *, page: models.DiagnosticToolPage, public_id: str
) -> DiagnosticResult | None:
    """A stored response shown in ``page``'s language: texts from the page where the ids still
    exist, otherwise from the version's snapshot; recommendations as live translations."""
    try:
        response = (
            models.DiagnosticResponse.objects.select_related("version")
            .prefetch_related("section_scores")
            .get(public_id=public_id, version__questionnaire_key=page.translation_key)
        )
    except (models.DiagnosticResponse.DoesNotExist, ValueError, ValidationError):
        return None
    version = response.version
    texts = questionnaire_texts(page=page)
    snapshot = {s["id"]: s for s in version.structure["sections"]}
    current_pages = {
        p.pk: p for p in Page.objects.filter(pk__in=_recommended_ids(version.structure, texts))
    }
    sections = []
    for section_score in response.section_scores.all():
        snap = snapshot.get(section_score.section_id, {})
        band_snapshot = next(
            (b for b in snap.get("bands", []) if b["id"] == section_score.band_id), {}
        )
        section_texts = texts.get(section_score.section_id, {})
        band_texts = texts.get(section_score.band_id, {})
        recommended_ids = band_texts.get("recommended", band_snapshot.get("recommended", []))
        recommended = []
        for pk in recommended_ids:
            shown = live_translation(current_pages.get(pk), page.locale)
            if shown is not None:
                recommended.append(shown)
        sections.append(
            SectionResult(
                title=section_texts.get("title") or snap.get("title", ""),
                score=section_score.score,
                max_score=section_score.max_score,
                percent=section_score.percent,
                band_label=band_texts.get("label") or band_snapshot.get("label", ""),
                advice=band_texts.get("advice") or band_snapshot.get("advice", ""),
                recommended=recommended,
            )
        )
    outdated = version.fingerprint != questionnaire_fingerprint(questionnaire_structure(page=page))
    return DiagnosticResult(response=response, sections=sections, outdated=outdated)


def _recommended_ids(structure: dict, texts: dict) -> set[int]:
    ids = {pk for s in structure["sections"] for b in s["bands"] for pk in b["recommended"]}
    for value in texts.values():
        ids.update(value.get("recommended", []))
    return ids


@dataclass
class SectionStatistics:
    section_id: str
    title: str
    responses: int
    average_percent: int
    bands: dict[str, int]  # band label -> number of responses in that band


@dataclass
class VersionStatistics:
    number: int
    responses: int
    languages: dict[str, int]
    sections: list[SectionStatistics]


def diagnostic_statistics(*, page: models.DiagnosticToolPage) -> list[VersionStatistics]:
    """Aggregate figures of the anonymous responses to ``page``'s questionnaire, per version
    (every translation counts): responses, languages, average score and bands per section.
    Visitors' self-diagnostics only: survey answers and advisers' scores use the same engine
    but are the monitoring's figures."""
    results = []
    versions = models.QuestionnaireVersion.objects.filter(questionnaire_key=page.translation_key)
    for version in versions.order_by("number"):
        responses = models.DiagnosticResponse.objects.filter(
            version=version, origin=models.DiagnosticResponse.Origin.VISITOR
        )
        languages = dict(
            responses.values_list("language").annotate(n=Count("id")).order_by("language")
        )
        scores = models.DiagnosticSectionScore.objects.filter(response__in=responses)
        sections = []
        for section in version.structure["sections"]:
            of_section = scores.filter(section_id=section["id"])
            totals = of_section.aggregate(score=Avg("score"), max_score=Avg("max_score"))
            average = (
                round(100 * totals["score"] / totals["max_score"]) if totals["max_score"] else 0
            )
            labels = {band["id"]: band["label"] for band in section["bands"]}
            bands = {labels[band["id"]]: 0 for band in section["bands"]}
            for band_id, n in of_section.values_list("band_id").annotate(n=Count("id")):
                bands[labels.get(band_id, band_id)] = n
            sections.append(
                SectionStatistics(
                    section_id=section["id"],
                    title=section["title"],
                    responses=of_section.count(),
                    average_percent=average,
                    bands=bands,
                )
            )
        results.append(
            VersionStatistics(
                number=version.number,
                responses=responses.count(),
                languages=languages,
                sections=sections,
            )
        )
    return results


@dataclass
class AnswerStatistics:
    text: str
    weight: int
    chosen: int
    percent: int  # of the question's answers


@dataclass
class QuestionStatistics:
    section_title: str
    text: str
    answered: int
    answers: list[AnswerStatistics]


def answer_distribution(
    *,
    version: models.QuestionnaireVersion,
    responses: QuerySet[models.DiagnosticResponse],
    page: models.DiagnosticToolPage | None = None,
) -> list[QuestionStatistics]:
    """How often each answer of each question of ``version`` was chosen among ``responses``
    (those of other versions are ignored), in the questionnaire's order. Texts are ``page``'s
    (a translation of the questionnaire, for the reader's language) where it still has the
    question, else the version's own."""
    texts = questionnaire_texts(page=page) if page is not None else {}
    chosen: Counter[tuple[str, str]] = Counter()
    answered: Counter[str] = Counter()
    rows = responses.filter(version=version).values_list("answers", flat=True)
    for answers in rows.iterator(chunk_size=2000):
        for question_id, answer_id in answers.items():
            chosen[question_id, answer_id] += 1
            answered[question_id] += 1
    questions = []
    for section in version.structure["sections"]:
        section_title = texts.get(section["id"], {}).get("title") or section["title"]
        for question in section["questions"]:
            total = answered[question["id"]]
            questions.append(
                QuestionStatistics(
                    section_title=section_title,
                    text=texts.get(question["id"], {}).get("text") or question["text"],
                    answered=total,
                    answers=[
                        AnswerStatistics(
                            text=texts.get(answer["id"], {}).get("text") or answer["text"],
                            weight=answer["weight"],
                            chosen=chosen[question["id"], answer["id"]],
                            percent=round(100 * chosen[question["id"], answer["id"]] / total)
                            if total
                            else 0,
                        )
                        for answer in question["answers"]
                    ],
                )
            )
    return questions
