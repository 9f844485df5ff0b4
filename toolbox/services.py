"""Toolbox writes: items (create, update, move, translate), questionnaire versions and scoring,
anonymous responses, editorial access.

Every function here is keyword-only and typed, so the admin, the public site, the API and
management commands all go through the same code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey, Model
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.services import translation_create_or_update

# The models module, not its names: model methods and admin forms call these services, so
# this module is imported while the models are still being defined.
from . import models, registry
from .registry import ItemType

# --- Questionnaire structure and versions ------------------------------------------------


def _children(list_value):
    """(id, value) of each item of a ListBlock value (ids are kept across translations)."""
    return [(child.id, child.value) for child in list_value.bound_blocks]


def questionnaire_structure(*, page: models.DiagnosticToolPage) -> dict:
    """The questionnaire of ``page`` as plain data: ids, weights, thresholds and texts."""
    sections = []
    for block in page.questionnaire:
        value = block.value
        questions = []
        for question_id, question in _children(value["questions"]):
            questions.append(
                {
                    "id": question_id,
                    "text": question["text"],
                    "help": question["help"],
                    "answers": [
                        {"id": answer_id, "text": answer["text"], "weight": int(answer["weight"])}
                        for answer_id, answer in _children(question["answers"])
                    ],
                }
            )
        bands = []
        for band_id, band in _children(value["bands"]):
            bands.append(
                {
                    "id": band_id,
                    "min_percent": int(band["min_percent"]),
                    "label": band["label"],
                    "advice": band["advice"].source if band["advice"] else "",
                    "recommended": [p.pk for p in band["recommended"] if p is not None],
                }
            )
        bands.sort(key=lambda band: band["min_percent"])
        sections.append(
            {
                "id": block.id,
                "title": value["title"],
                "intro": value["intro"],
                "questions": questions,
                "bands": bands,
            }
        )
    return {"sections": sections}


def questionnaire_fingerprint(structure: dict) -> str:
    """Hash of what gives a score its meaning: ids, answer weights and band thresholds."""
    skeleton = [
        [
            section["id"],
            [
                [q["id"], [[a["id"], a["weight"]] for a in q["answers"]]]
                for q in section["questions"]
            ],
            [[b["id"], b["min_percent"]] for b in section["bands"]],
        ]
        for section in structure["sections"]
    ]
    return hashlib.sha256(json.dumps(skeleton, separators=(",", ":")).encode()).hexdigest()


def questionnaire_texts(*, page: models.DiagnosticToolPage) -> dict[str, dict]:
    """Texts of sections, questions, answers and bands of ``page`` (its language), by id."""
    texts: dict[str, dict] = {}
    for section in questionnaire_structure(page=page)["sections"]:
        texts[section["id"]] = {"title": section["title"], "intro": section["intro"]}
        for question in section["questions"]:
            texts[question["id"]] = {"text": question["text"], "help": question["help"]}
            for answer in question["answers"]:
                texts[answer["id"]] = {"text": answer["text"]}
        for band in section["bands"]:
            texts[band["id"]] = {
                "label": band["label"],
                "advice": band["advice"],
                "recommended": band["recommended"],
            }
    return texts


def questionnaire_version_ensure(*, page: models.DiagnosticToolPage) -> models.QuestionnaireVersion:
    """The version matching ``page``'s questionnaire, recorded now if it is new.

    Called when a questionnaire is published (signal) and when it is shown; idempotent and
    safe under concurrent calls.
    """
    structure = questionnaire_structure(page=page)
    fingerprint = questionnaire_fingerprint(structure)
    key = page.translation_key
    existing = models.QuestionnaireVersion.objects.filter(
        questionnaire_key=key, fingerprint=fingerprint
    ).first()
    if existing is not None:
        return existing
    for _attempt in range(3):
        latest = (
            models.QuestionnaireVersion.objects.filter(questionnaire_key=key)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        try:
            with transaction.atomic():
                return models.QuestionnaireVersion.objects.create(
                    questionnaire_key=key,
                    number=(latest or 0) + 1,
                    fingerprint=fingerprint,
                    structure=structure,
                    language=page.locale.language_code,
                )
        except IntegrityError:
            existing = models.QuestionnaireVersion.objects.filter(
                questionnaire_key=key, fingerprint=fingerprint
            ).first()
            if existing is not None:
                return existing
    raise RuntimeError("Could not record a questionnaire version")  # pragma: no cover


def questionnaire_version_preview(
    *, page: models.DiagnosticToolPage
) -> models.QuestionnaireVersion:
    """An unsaved version of ``page``'s current (possibly draft) questionnaire, for previews."""
    structure = questionnaire_structure(page=page)
    return models.QuestionnaireVersion(
        questionnaire_key=page.translation_key,
        number=0,
        fingerprint=questionnaire_fingerprint(structure),
        structure=structure,
        language=page.locale.language_code,
    )


def questionnaire_version_for_post(
    *, page: models.DiagnosticToolPage, number: str | int | None
) -> models.QuestionnaireVersion:
    """The version a submitted form was built from, or the current one if it is unknown."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = None
    if number:
        version = models.QuestionnaireVersion.objects.filter(
            questionnaire_key=page.translation_key, number=number
        ).first()
        if version is not None:
            return version
    return questionnaire_version_ensure(page=page)


# --- Scoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    score: int
    max_score: int
    band_id: str

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


@dataclass(frozen=True)
class QuestionnaireScore:
    sections: list[SectionScore] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(s.score for s in self.sections)

    @property
    def max_score(self) -> int:
        return sum(s.max_score for s in self.sections)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


def band_for_percent(bands: list[dict], percent: int) -> dict | None:
    """The band with the highest threshold not above ``percent``."""
    eligible = [band for band in bands if band["min_percent"] <= percent]
    return max(eligible, key=lambda band: band["min_percent"]) if eligible else None


def questionnaire_score(*, structure: dict, answers: Mapping[str, str]) -> QuestionnaireScore:
    """Score ``answers`` (question id to answer id) against a questionnaire ``structure``.

    A section scores the sum of its chosen answers' points out of the sum of each question's
    best answer; its band is the one whose threshold the percentage reaches. Every question
    must be answered with one of its answers, else ``QuestionnaireAnswerError`` names them.
    """
    errors: dict[str, str] = {}
    known_questions = {q["id"] for s in structure["sections"] for q in s["questions"]}
    for question_id in answers:
        if question_id not in known_questions:
            errors[question_id] = "unknown question"
    sections = []
    for section in structure["sections"]:
        score = max_score = 0
        for question in section["questions"]:
            weights = {answer["id"]: answer["weight"] for answer in question["answers"]}
            max_score += max(weights.values(), default=0)
            chosen = answers.get(question["id"])
            if chosen is None or chosen == "":
                errors[question["id"]] = "missing answer"
            elif chosen not in weights:
                errors[question["id"]] = "unknown answer"
            else:
                score += weights[chosen]
        percent = round(100 * score / max_score) if max_score else 0
        band = band_for_percent(section["bands"], percent)
        sections.append(
            SectionScore(
                section_id=section["id"],
                score=score,
                max_score=max_score,
                band_id=band["id"] if band else "",
            )
        )
    if errors:
        raise models.QuestionnaireAnswerError(errors)
    return QuestionnaireScore(sections=sections)


@transaction.atomic
def diagnostic_response_create(
    *,
    version: models.QuestionnaireVersion,
    answers: Mapping[str, str],
    language: str,
    today: date | None = None,
    origin: str = "visitor",
) -> models.DiagnosticResponse:
    """Score and store one anonymous response; nothing is written if an answer is invalid.
    ``origin`` tells visitors' self-diagnostics from survey answers and advisers' scores."""
    result = questionnaire_score(structure=version.structure, answers=answers)
    response = models.DiagnosticResponse.objects.create(
        version=version,
        origin=origin,
        language=language,
        submitted_on=today or timezone.localdate(),
        answers=dict(answers),
        score=result.score,
        max_score=result.max_score,
    )
    models.DiagnosticSectionScore.objects.bulk_create(
        models.DiagnosticSectionScore(
            response=response,
            position=position,
            section_id=section.section_id,
            score=section.score,
            max_score=section.max_score,
            band_id=section.band_id,
        )
        for position, section in enumerate(result.sections)
    )
    return response


# --- Editorial access: groups, page permissions, moderation workflow ----------------------

COORDINATORS_GROUP = "Coordinators"
EDITORS_GROUP_PREFIX = "Editors · "
WORKFLOW_NAME = "Toolbox review"
APPROVAL_TASK_NAME = "Coordinator approval"

COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
COORDINATOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_localize", "translation", "submit_translation"),
    ("toolbox", "partner", "add_partner"),
    ("toolbox", "partner", "change_partner"),
    ("toolbox", "partner", "delete_partner"),
    ("toolbox", "audience", "add_audience"),
    ("toolbox", "audience", "change_audience"),
    ("toolbox", "audience", "delete_audience"),
]
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_localize", "translation", "submit_translation"),
]
COORDINATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def _model_permissions(specs) -> list[Permission]:
    found = []
    for app_label, _model, codename in specs:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def _collection_permissions_grant(group: Group, specs) -> None:
    root = Collection.get_first_root_node()
    if root is None:
        return
    for app_label, codename in specs:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _page_permissions_grant(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def toolbox_access_ensure() -> Group | None:
    """Create (or complete) the Coordinators group and the moderation workflow.

    Coordinators may add, edit and publish every page (permissions on the tree root, so every
    locale) and approve submissions. The "Toolbox review" workflow (one "Coordinator approval"
    task) applies to the whole tree. Idempotent; returns the Coordinators group.
    """
    root = Page.get_first_root_node()
    if root is None:
        return None
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    coordinators.permissions.add(*_model_permissions(COORDINATOR_MODEL_PERMISSIONS))
    _page_permissions_grant(coordinators, root, COORDINATOR_PAGE_PERMISSIONS)
    _collection_permissions_grant(coordinators, COORDINATOR_COLLECTION_PERMISSIONS)

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(coordinators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    for partner in models.Partner.objects.all():
        partner_editor_group_ensure(partner=partner)
    for section in models.PartnerSectionPage.objects.filter(partner__isnull=False):
        partner_section_permissions_grant(section=section)
    return coordinators


@transaction.atomic
def partner_editor_group_ensure(*, partner: models.Partner) -> Group:
    """The editor group of ``partner`` (shared by its translations), created if missing."""
    translations = models.Partner.objects.filter(translation_key=partner.translation_key)
    group = next((p.editor_group for p in translations if p.editor_group_id), None)
    if group is None:
        source = translations.order_by("id").first() or partner
        name = f"{EDITORS_GROUP_PREFIX}{source.acronym or source.name}"[:150]
        group, _created = Group.objects.get_or_create(name=name)
    translations.filter(editor_group__isnull=True).update(editor_group=group)
    partner.editor_group = group
    group.permissions.add(*_model_permissions(EDITOR_MODEL_PERMISSIONS))
    _collection_permissions_grant(group, EDITOR_COLLECTION_PERMISSIONS)
    return group


def partner_section_permissions_grant(*, section: models.PartnerSectionPage) -> None:
    """Let the section's partner editors add and edit pages in it (publishing stays with
    coordinators, through the moderation workflow)."""
    if not section.partner_id:
        return
    group = partner_editor_group_ensure(partner=section.partner)
    _page_permissions_grant(group, section, EDITOR_PAGE_PERMISSIONS)


def editable_partner_keys(*, user) -> set[str] | None:
    """Partner keys whose sections ``user`` may edit; None means every partner."""
    if user.is_superuser or user.groups.filter(name=COORDINATORS_GROUP).exists():
        return None
    return set(
        models.Partner.objects.filter(editor_group__user=user)
        .values_list("key", flat=True)
        .distinct()
    )


# --- Items: create, update, move, translate ----------------------------------------------
#
# The one way toolbox items are written outside the admin: the import, the demo data and the
# wiki hand-off all create and update items here, so they get the same tree position,
# revisions, log entries, validation and translations. The rules follow Wagtail's own
# actions (``wagtail.actions.CreateAction`` / ``EditAction``): a revision is saved and logged,
# then published if asked; a draft is held to Wagtail's draft rules only (a title and a free
# slug, required fields deferred to publishing) unless ``clean=True`` asks for every rule.


class ItemWriteError(Exception):
    """Base of the errors of the item services (model validation raises ``ValidationError``)."""


class ItemParentError(ItemWriteError):
    """Items live under a partner section: ``parent`` is not one."""


def _item_type_of(name_or_type: str | ItemType) -> ItemType:
    return name_or_type if isinstance(name_or_type, ItemType) else registry.item_type(name_or_type)


def _assign(page: models.ToolboxItemPage, name: str, value) -> None:
    """Set one value on ``page``: model fields by name, foreign keys as objects or ids,
    many-to-many fields and tags as lists, subtitle tracks as dicts or tracks."""
    if name == "tags":
        page.tags.set(list(value))
        return
    if name == "subtitle_tracks":
        page.subtitle_tracks = [
            track
            if isinstance(track, models.VideoSubtitleTrack)
            else models.VideoSubtitleTrack(
                language=track["language"], document_id=track["document"]
            )
            for track in value
        ]
        return
    model_field = page._meta.get_field(name)
    if model_field.many_to_many:
        setattr(page, name, list(value))
    elif isinstance(model_field, ForeignKey) and not isinstance(value, Model | None):
        setattr(page, model_field.attname, value)
    else:
        setattr(page, name, value)


def _save(page, *, user, publish: bool, clean: bool | None, unpublish: bool = False):
    """Save a revision of ``page`` (logged as an edit), then publish or unpublish it."""
    if clean is None:
        clean = publish
    revision = page.save_revision(user=user, log_action=True, clean=clean)
    if publish:
        revision.publish(user=user)
    elif unpublish and page.live:
        page.unpublish(user=user)
    return page.specific_class.objects.get(pk=page.pk)


@transaction.atomic
def item_create(
    *,
    parent: models.PartnerSectionPage,
    item_type: str | ItemType,
    fields: Mapping[str, object],
    user=None,
    publish: bool = False,
    clean: bool | None = None,
    submit_for_moderation: bool = False,
) -> models.ToolboxItemPage:
    """Create an item of ``item_type`` (a registry name) under the partner section ``parent``,
    in the section's locale; returns the saved page.

    ``fields`` are model values by field name (see ``_assign``). The page is created as a
    draft with one revision (logged like the admin's create view: ``wagtail.create`` then
    ``wagtail.edit``), then published if ``publish``. Validation: with ``publish`` every rule
    applies; a draft is checked like Wagtail checks drafts (title, free slug), so required
    fields may stay empty until publishing, unless ``clean=True`` (imports: a file must be
    valid even for a draft). ``submit_for_moderation`` starts the workflow that applies under
    ``parent``. Raises ``UnknownItemType``, ``ItemParentError`` or ``ValidationError``;
    nothing is written then.
    """
    spec = _item_type_of(item_type)
    parent = parent.specific
    if not isinstance(parent, models.PartnerSectionPage):
        raise ItemParentError(f"items live under a partner section, not under “{parent}”")
    page = spec.model(locale=parent.locale, owner=user)
    for name, value in fields.items():
        _assign(page, name, value)
    # Wagtail's draft check of the title names no field; name it.
    try:
        page.title = page._meta.get_field("title").clean(page.title, page)
    except ValidationError as exc:
        raise ValidationError({"title": exc.error_list}) from None
    page.live = False
    parent.add_child(instance=page)
    page = _save(page, user=user, publish=publish, clean=clean)
    if submit_for_moderation and not publish:
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
    return page


@transaction.atomic
def item_update(
    *,
    item: models.ToolboxItemPage,
    fields: Mapping[str, object],
    user=None,
    publish: bool = False,
    unpublish: bool = False,
    clean: bool | None = None,
) -> models.ToolboxItemPage:
    """Save ``fields`` on ``item`` as a new revision (logged as ``wagtail.edit``); publish it,
    or with ``unpublish`` take a live item offline, else leave it a draft. ``item`` is the
    content to start from (the page, or its latest revision as an object). Validation as in
    :func:`item_create`. Returns the saved page."""
    for name, value in fields.items():
        _assign(item, name, value)
    return _save(item, user=user, publish=publish, clean=clean, unpublish=unpublish)


@transaction.atomic
def item_move(
    *, item: models.ToolboxItemPage, section: models.PartnerSectionPage, user=None
) -> models.ToolboxItemPage:
    """Move ``item`` and its translations to another partner's section, each into the section
    of its own locale (translated from ``section`` first where it is missing)."""
    item.move(section, pos="last-child", user=user)
    for translation in item.get_translations().filter(alias_of__isnull=True):
        target = section.get_translation_or_none(translation.locale)
        if target is None:
            target = translation_create_or_update(
                source=section, locale=translation.locale, fields={}, user=user
            )
        translation.move(target, pos="last-child", user=user)
    return models.ToolboxItemPage.objects.get(pk=item.pk).specific


def item_translate(
    *,
    item: models.ToolboxItemPage,
    locale: Locale,
    fields: Mapping[str, object],
    user=None,
    publish: bool = True,
    tool_name: str = "",
) -> models.ToolboxItemPage:
    """Create or update the ``locale`` translation of ``item`` from per-locale ``fields``,
    through wagtail-localize (``home.services.translation_create_or_update``: linked to its
    source, reported stale when the source changes). Published if ``publish``; otherwise a
    live translation is taken offline. Returns the translated page."""
    target = translation_create_or_update(
        source=item,
        locale=locale,
        fields=dict(fields),
        user=user,
        publish=publish,
        tool_name=tool_name,
    )
    if not publish and target.live:
        target.unpublish(user=user)
    return target
