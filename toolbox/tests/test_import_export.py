"""import_toolbox / export_toolbox: the documented JSON format, the round trip, every error
class, all-or-nothing writes and dry runs."""

import copy
import datetime as dt
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.models import Page, Revision
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import Translation, TranslationSource

from home.services import translation_create_or_update
from toolbox.exchange import (
    ITEM_TYPES,
    ImportFileError,
    dumps,
    toolbox_export,
    toolbox_import,
)
from toolbox.models import (
    DiagnosticToolPage,
    EventPage,
    GuidePage,
    ToolboxItemPage,
    VideoPage,
)

from . import factories

DOCS = Path(settings.BASE_DIR) / "docs"
UTC = dt.UTC


def document(name: str, content: bytes) -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def locales():
    return factories.locales()


@pytest.fixture
def toolbox(tree):
    """One item of every type, with translations (one of them a draft) and a draft item."""
    section, security, tourism = tree["section"], tree["security"], tree["tourism"]
    network = factories.section(None)
    micro = factories.audience()
    pdf = document("guide.pdf", b"%PDF-1.4\n")
    vtt = document("es.vtt", b"WEBVTT\n")
    es, pt = locales()["es"], locales()["pt"]
    translation_create_or_update(
        source=security, locale=es, fields={"title": "Seguridad", "slug": "seguridad"}
    )

    guide = factories.guide(
        section,
        security,
        title="Guide des sauvegardes",
        key="backups",
        level="intermediate",
        body=[
            {"type": "heading", "value": {"text": "La règle 3-2-1", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Trois <b>copies</b>, deux supports.</p>"},
            {"type": "checklist", "value": {"title": "À faire", "items": ["Tester", "Chiffrer"]}},
            {"type": "callout", "value": {"kind": "tip", "title": "", "text": "<p>Astuce</p>"}},
        ],
        documents=[
            {
                "type": "document",
                "value": {"document": pdf.pk, "title": "Le guide", "description": ""},
            }
        ],
    )
    guide.sectors = [tourism]
    guide.audiences = [micro]
    guide.tags.add("sauvegarde", "RGPD")
    factories.publish(guide)
    body = guide.body.get_prep_value()
    body[0]["value"]["text"] = "La regla 3-2-1"
    body[1]["value"] = "<p>Tres <b>copias</b>, dos soportes.</p>"
    body[2]["value"]["title"] = "Por hacer"
    translation_create_or_update(
        source=guide,
        locale=es,
        fields={"title": "Guía de copias de seguridad", "slug": "guia-copias", "body": body},
    )
    translation_create_or_update(
        source=guide, locale=pt, fields={"title": "Guia de cópias"}, publish=False
    )

    video = factories.video(
        network,
        security,
        title="Rançongiciels en 3 minutes",
        key="ransomware-video",
        duration=dt.timedelta(minutes=3, seconds=5),
        transcript="<p>Bonjour.</p>",
    )
    video.subtitle_tracks.create(language="es", document=vtt)
    factories.publish(video)

    practice = factories.best_practice(
        section,
        tourism,
        title="Cyber-ateliers",
        key="cyber-workshops",
        indicators=[{"type": "indicator", "value": {"label": "Entreprises", "value": "240"}}],
        is_golden_rule=True,
        golden_rule="Former avant d'équiper.",
    )
    event = factories.event(
        section,
        security,
        title="Atelier à Lisbonne",
        key="lisbon-workshop",
        start=dt.datetime(2031, 7, 1, 7, 30, tzinfo=UTC),
        end=dt.datetime(2031, 7, 1, 9, 0, tzinfo=UTC),
        timezone="Europe/Lisbon",
        city="Lisbonne",
        country="PT",
        capacity=30,
    )
    translation_create_or_update(
        source=event, locale=es, fields={"title": "Taller en Lisboa", "city": "Lisboa"}
    )
    diagnostic = factories.diagnostic(
        section,
        security,
        title="Autodiagnostic",
        key="self-check",
        questionnaire=factories.questionnaire_data(recommended=[guide.pk, video.pk]),
    )
    draft = factories.guide(section, security, title="Brouillon", key="draft-guide", live=False)
    draft.save_revision()
    return {
        **tree,
        "network": network,
        "guide": guide,
        "video": video,
        "practice": practice,
        "event": event,
        "diagnostic": diagnostic,
        "draft": draft,
        "pdf": pdf,
        "vtt": vtt,
    }


def export_text() -> str:
    return dumps(toolbox_export())


def import_text(text, **kwargs):
    return toolbox_import(text=text if isinstance(text, str) else json.dumps(text), **kwargs)


def wipe_items():
    for page in ToolboxItemPage.objects.order_by("-pk"):
        page.delete()
    assert not ToolboxItemPage.objects.exists()


def entry_of(document: dict, key: str) -> dict:
    return next(item for item in document["items"] if item["key"] == key)


def statuses(result) -> dict[str, dict[str, str]]:
    return {entry.key: entry.locales for entry in result.entries}


def snapshot() -> tuple[int, int, int]:
    return (Page.objects.count(), Revision.objects.count(), TranslationSource.objects.count())


def minimal_guide(key="new-guide", **overrides) -> dict:
    entry = {
        "type": "guide",
        "key": key,
        "source_locale": "fr",
        "theme": "security",
        "partner": "cybermassif",
        "locales": {"fr": {"title": "Nouveau guide", "summary": "Un résumé."}},
    }
    entry.update(overrides)
    return entry


def document_with(*entries) -> str:
    return json.dumps({"format": "cybersudoe-toolbox", "version": 1, "items": list(entries)})


# --- The format ---------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", sorted(ITEM_TYPES))
def test_format_covers_every_translatable_and_synchronised_field(type_name):
    """Per-locale fields are wagtail-localize's translatable fields, shared fields its
    synchronised ones: a field added to a model must be added to the format."""
    spec = ITEM_TYPES[type_name]
    fields = get_translatable_fields(spec.model)
    translatable = {f.field_name for f in fields if isinstance(f, TranslatableField)}
    synchronised = {f.field_name for f in fields if isinstance(f, SynchronizedField)}
    top_level = {"key", "theme", "sectors", "audiences", "tags", "tagged_items", "show_in_menus"}
    assert set(spec.locale_fields) == translatable
    assert set(spec.shared) == synchronised - top_level


def test_export_writes_the_documented_format(toolbox):
    document = json.loads(export_text())
    schema = json.loads((DOCS / "import-format.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert [item["key"] for item in document["items"]] == sorted(
        [
            "backups",
            "ransomware-video",
            "cyber-workshops",
            "lisbon-workshop",
            "self-check",
            "draft-guide",
        ]
    )
    guide = entry_of(document, "backups")
    assert guide["type"] == "guide" and guide["source_locale"] == "fr"
    assert guide["theme"] == "security" and guide["partner"] == "cybermassif"
    assert guide["sectors"] == ["tourism"] and guide["audiences"] == ["micro"]
    assert guide["tags"] == ["RGPD", "sauvegarde"]
    assert guide["fields"] == {"picture": None, "level": "intermediate"}
    assert list(guide["locales"]) == ["fr", "es", "pt"]
    assert guide["locales"]["es"]["title"] == "Guía de copias de seguridad"
    assert guide["locales"]["es"]["body"][1]["value"] == "<p>Tres <b>copias</b>, dos soportes.</p>"
    # block ids are shared by the translations
    assert [b["id"] for b in guide["locales"]["es"]["body"]] == [
        b["id"] for b in guide["locales"]["fr"]["body"]
    ]
    assert guide["locales"]["pt"]["live"] is False
    video = entry_of(document, "ransomware-video")
    assert video["partner"] is None
    assert video["fields"]["duration"] == "00:03:05"
    assert video["fields"]["subtitle_tracks"] == [{"language": "es", "document": toolbox["vtt"].pk}]
    event = entry_of(document, "lisbon-workshop")
    # local time at the venue, with its offset
    assert event["fields"]["start"] == "2031-07-01T08:30:00+01:00"
    assert event["fields"]["timezone"] == "Europe/Lisbon"
    assert event["locales"]["es"]["city"] == "Lisboa"
    diagnostic = entry_of(document, "self-check")
    band = diagnostic["locales"]["fr"]["questionnaire"][0]["value"]["bands"][0]["value"]
    assert [r["value"] for r in band["recommended"]] == ["backups", "ransomware-video"]
    assert entry_of(document, "draft-guide")["locales"]["fr"]["live"] is False


def test_the_documented_example_validates_and_imports(tree):
    text = (DOCS / "import-format.md").read_text()
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    document = json.loads(example)
    jsonschema.validate(document, json.loads((DOCS / "import-format.schema.json").read_text()))
    factories.audience()
    result = import_text(example)
    assert all(status == "created" for entry in result.entries for status in entry.locales.values())
    assert ToolboxItemPage.objects.filter(key__in=[i["key"] for i in document["items"]]).exists()


# --- Round trip ---------------------------------------------------------------------------


def test_export_wipe_import_export_is_identical(toolbox):
    first = export_text()
    wipe_items()
    result = import_text(first)
    assert statuses(result)["backups"] == {"fr": "created", "es": "created", "pt": "created"}
    assert export_text() == first
    # the translations are wagtail-localize translations of their source
    guide = GuidePage.objects.get(key="backups", locale__language_code="fr")
    source = TranslationSource.objects.get_for_instance(guide)
    assert set(
        Translation.objects.filter(source=source).values_list(
            "target_locale__language_code", flat=True
        )
    ) == {"es", "pt"}
    es_guide = GuidePage.objects.get(key="backups", locale__language_code="es")
    assert es_guide.live and es_guide.translation_key == guide.translation_key
    assert not GuidePage.objects.get(key="backups", locale__language_code="pt").live
    assert not GuidePage.objects.get(key="draft-guide").live


def test_modified_items_are_brought_back_by_an_import(toolbox):
    first = export_text()
    guide = toolbox["guide"]
    guide.title = "Titre changé"
    guide.level = "advanced"
    guide.tags.add("nouveau")
    factories.publish(guide)
    event = toolbox["event"]
    event.end = event.end + dt.timedelta(hours=1)
    factories.publish(event)
    es_event = EventPage.objects.get(key="lisbon-workshop", locale__language_code="es")
    es_event.unpublish()
    result = import_text(first)
    assert statuses(result)["backups"] == {"fr": "updated", "es": "updated", "pt": "updated"}
    assert statuses(result)["lisbon-workshop"] == {"fr": "updated", "es": "updated"}
    assert statuses(result)["self-check"] == {"fr": "unchanged"}
    assert export_text() == first


def test_importing_the_same_file_again_changes_nothing(toolbox):
    first = export_text()
    before = snapshot()
    result = import_text(first)
    assert {s for entry in result.entries for s in entry.locales.values()} == {"unchanged"}
    assert snapshot() == before
    assert export_text() == first


def test_an_update_by_key_keeps_translations_linked(toolbox):
    document = json.loads(export_text())
    guide = entry_of(document, "backups")
    guide["locales"]["fr"]["summary"] = "Nouveau résumé."
    guide["locales"]["es"]["summary"] = "Nuevo resumen."
    del guide["locales"]["pt"]
    result = import_text(document)
    assert statuses(result)["backups"] == {"fr": "updated", "es": "updated"}
    es_guide = GuidePage.objects.get(key="backups", locale__language_code="es")
    assert es_guide.summary == "Nuevo resumen."
    assert es_guide.title == "Guía de copias de seguridad"  # kept
    assert GuidePage.objects.filter(key="backups").count() == 3  # nothing deleted
    source = TranslationSource.objects.get_for_instance(toolbox["guide"])
    assert json.loads(source.content_json)["summary"] == "Nouveau résumé."


def test_files_without_block_ids_import_and_reimport_unchanged(tree):
    entry = minimal_guide(
        key="no-ids",
        locales={
            "fr": {
                "title": "Sans identifiants",
                "summary": "Résumé.",
                "body": [
                    {"type": "heading", "value": {"text": "Titre"}},
                    {"type": "paragraph", "value": "<p>Bonjour</p>"},
                ],
            },
            "es": {
                "title": "Sin identificadores",
                "body": [
                    {"type": "heading", "value": {"text": "Título"}},
                    {"type": "paragraph", "value": "<p>Hola</p>"},
                ],
            },
        },
    )
    text = document_with(entry)
    assert statuses(import_text(text))["no-ids"] == {"fr": "created", "es": "created"}
    es_guide = GuidePage.objects.get(key="no-ids", locale__language_code="es")
    assert [
        b.value["text"] if b.block_type == "heading" else b.value.source for b in es_guide.body
    ] == [
        "Título",
        "<p>Hola</p>",
    ]
    assert statuses(import_text(text))["no-ids"] == {"fr": "unchanged", "es": "unchanged"}


def test_questionnaires_may_recommend_items_created_by_the_same_file(tree):
    questionnaire = factories.questionnaire_data()
    questionnaire[0]["value"]["bands"][0]["value"]["recommended"] = ["later-guide"]
    diagnostic = {
        "type": "diagnostic",
        "key": "quiz",
        "source_locale": "fr",
        "theme": "security",
        "partner": "cybermassif",
        "locales": {"fr": {"title": "Quiz", "summary": "Quiz.", "questionnaire": questionnaire}},
    }
    import_text(document_with(diagnostic, minimal_guide(key="later-guide")))
    quiz = DiagnosticToolPage.objects.get(key="quiz")
    band = quiz.questionnaire[0].value["bands"][0]
    assert [page.specific.key for page in band["recommended"]] == ["later-guide"]


# --- Dry run ------------------------------------------------------------------------------


def test_dry_run_reports_and_changes_nothing(toolbox):
    document = json.loads(export_text())
    entry_of(document, "backups")["locales"]["es"]["summary"] = "Otro resumen."
    entry_of(document, "ransomware-video")["locales"]["pt"] = {"title": "Ransomware"}
    document["items"].append(minimal_guide())
    before, exported = snapshot(), export_text()
    result = import_text(document, dry_run=True)
    assert result.dry_run
    found = statuses(result)
    assert found["backups"] == {"fr": "unchanged", "es": "updated", "pt": "unchanged"}
    assert found["ransomware-video"] == {"fr": "unchanged", "pt": "created"}
    assert found["new-guide"] == {"fr": "created"}
    assert found["self-check"] == {"fr": "unchanged"}
    assert snapshot() == before
    assert export_text() == exported


def test_dry_run_command_prints_what_would_change(toolbox, tmp_path):
    document = json.loads(export_text())
    document["items"].append(minimal_guide())
    path = tmp_path / "items.json"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command("import_toolbox", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert re.search(r"items\[6\] new-guide \(guide\): fr created", text)
    assert "items[0] backups (guide): fr unchanged, es unchanged, pt unchanged" in text
    assert "Dry run, nothing changed." in text
    assert "created: 1," in text
    assert not ToolboxItemPage.objects.filter(key="new-guide").exists()


def test_export_command_writes_a_file_the_import_command_reads(toolbox, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_toolbox", str(path), stderr=io.StringIO())
    assert path.read_text(encoding="utf-8") == export_text()
    wipe_items()
    out = io.StringIO()
    call_command("import_toolbox", str(path), "--no-progress", stdout=out)
    assert "Imported." in out.getvalue()
    assert path.read_text(encoding="utf-8") == export_text()
    stdout = io.StringIO()
    call_command("export_toolbox", "--key", "backups", stdout=stdout)
    assert [item["key"] for item in json.loads(stdout.getvalue())["items"]] == ["backups"]


# --- Errors: the file is refused, nothing changes, the message names entry and field --------


def assert_refused(text, *, message: str, index=None, key=None, field=""):
    before = snapshot()
    with pytest.raises(ImportFileError) as excinfo, translation.override("en"):
        import_text(text)
    error = excinfo.value
    assert message in error.message, error.message
    assert (error.index, error.key, error.field) == (index, key, field), str(error)
    if index is not None:
        assert f"items[{index}]" in str(error)
    if field:
        assert f"field “{field}”" in str(error)
    assert snapshot() == before
    return error


def test_bad_json_is_refused_with_its_position(tree, tmp_path):
    error = assert_refused('{"format": "cybersudoe-toolbox", "items": [}', message="not valid JSON")
    assert "line 1" in error.message
    path = tmp_path / "bad.json"
    path.write_text('{"items": [\n  {"key": "x",}\n]}')
    with pytest.raises(CommandError, match=r"bad\.json: not valid JSON: .*line 2"):
        call_command("import_toolbox", str(path))


def test_wrong_envelope_is_refused(tree):
    assert_refused(json.dumps([]), message="must be a JSON object")
    assert_refused(json.dumps({"format": "other", "version": 1, "items": []}), message="“format”")
    assert_refused(
        json.dumps({"format": "cybersudoe-toolbox", "version": 2, "items": []}),
        message="unsupported “version”",
    )


def test_unknown_type_is_refused(tree):
    assert_refused(
        document_with(minimal_guide(), minimal_guide(key="pod", type="podcast")),
        message="unknown item type 'podcast'",
        index=1,
        key="pod",
        field="type",
    )


def test_missing_or_malformed_key_is_refused(tree):
    entry = minimal_guide()
    del entry["key"]
    assert_refused(
        document_with(minimal_guide(key="ok"), entry), message="required", index=1, field="key"
    )
    assert_refused(
        document_with(minimal_guide(key="Not a slug!")),
        message="must be a slug",
        index=0,
        key="Not a slug!",
        field="key",
    )


def test_duplicate_keys_are_refused(tree):
    assert_refused(
        document_with(
            minimal_guide(key="same"), minimal_guide(key="other"), minimal_guide(key="same")
        ),
        message="duplicate key: items[0] has it too",
        index=2,
        key="same",
        field="key",
    )


def test_unknown_references_are_refused(tree):
    assert_refused(
        document_with(minimal_guide(theme="astrology")),
        message="unknown theme “astrology”",
        index=0,
        key="new-guide",
        field="theme",
    )
    assert_refused(
        document_with(minimal_guide(partner="nobody")),
        message="unknown partner “nobody”",
        index=0,
        key="new-guide",
        field="partner",
    )
    assert_refused(
        document_with(minimal_guide(sectors=["security"])),  # a general theme, not a sector
        message="unknown sector",
        index=0,
        key="new-guide",
        field="sectors",
    )
    assert_refused(
        document_with(minimal_guide(audiences=["astronauts"])),
        message="unknown audience “astronauts”",
        index=0,
        key="new-guide",
        field="audiences",
    )


def test_unknown_locales_are_refused(tree):
    assert_refused(
        document_with(minimal_guide(source_locale="de")),
        message="unknown locale 'de'",
        index=0,
        key="new-guide",
        field="source_locale",
    )
    entry = minimal_guide()
    entry["locales"]["it"] = {"title": "Nuova guida"}
    assert_refused(
        document_with(entry), message="unknown locale", index=0, key="new-guide", field="locales.it"
    )


def test_unknown_fields_are_refused(tree):
    assert_refused(
        document_with(minimal_guide(colour="blue")),
        message="unknown field",
        index=0,
        key="new-guide",
        field="colour",
    )
    assert_refused(
        document_with(minimal_guide(fields={"year": 2024})),
        message="not a shared field of a guide",
        index=0,
        key="new-guide",
        field="fields.year",
    )
    entry = minimal_guide()
    entry["locales"]["fr"]["transcript"] = "<p>?</p>"
    assert_refused(
        document_with(entry),
        message="not a per-locale field of a guide",
        index=0,
        key="new-guide",
        field="locales.fr.transcript",
    )


def event_entry(**fields) -> dict:
    shared = {
        "event_format": "workshop",
        "timezone": "Europe/Madrid",
        "start": "2031-03-04T09:30:00",
        "end": "2031-03-04T12:00:00",
    }
    shared.update(fields)
    return {
        "type": "event",
        "key": "new-event",
        "source_locale": "fr",
        "theme": "security",
        "partner": "cybermassif",
        "fields": shared,
        "locales": {"fr": {"title": "Atelier", "summary": "Un atelier.", "city": "Madrid"}},
    }


def test_invalid_field_values_are_refused(tree):
    assert_refused(
        document_with(minimal_guide(), event_entry(start="next tuesday")),
        message="must be an ISO 8601 date and time",
        index=1,
        key="new-event",
        field="fields.start",
    )
    assert_refused(
        document_with(event_entry(capacity="thirty")),
        message="must be a whole number",
        index=0,
        key="new-event",
        field="fields.capacity",
    )
    entry = minimal_guide()
    entry["locales"]["fr"]["body"] = [{"type": "marquee", "value": "<p>!</p>"}]
    assert_refused(
        document_with(entry),
        message="unknown type “marquee”",
        index=0,
        key="new-guide",
        field="locales.fr.body",
    )
    entry = minimal_guide()
    entry["locales"]["es"] = {"live": "yes"}
    assert_refused(
        document_with(entry),
        message="must be true or false",
        index=0,
        key="new-guide",
        field="locales.es.live",
    )


def test_model_validation_failures_are_refused_and_roll_back_earlier_entries(tree):
    # the first entry is valid and written before the second fails on save
    error = assert_refused(
        document_with(minimal_guide(key="written-first"), event_entry(end="2031-03-04T08:00:00")),
        message="The event must end after it starts.",
        index=1,
        key="new-event",
        field="fields.end",
    )
    assert "items[1] (key “new-event”), field “fields.end”" in str(error)
    assert not ToolboxItemPage.objects.filter(key="written-first").exists()
    practice = {
        "type": "best_practice",
        "key": "golden",
        "source_locale": "fr",
        "theme": "security",
        "partner": "cybermassif",
        "fields": {
            "leading_organisation": "CCI",
            "country": "FR",
            "year": 2024,
            "rating": 4,
            "is_golden_rule": True,
        },
        "locales": {
            "fr": {"title": "Pratique", "summary": "R.", "action_name": "A", "target": "T"}
        },
    }
    assert_refused(
        document_with(practice),
        message="State the golden rule",
        index=0,
        key="golden",
        field="locales.fr.golden_rule",
    )
    entry = minimal_guide(fields={"level": "expert"})
    assert_refused(
        document_with(entry), message="expert", index=0, key="new-guide", field="fields.level"
    )
    entry = minimal_guide()
    entry["locales"]["fr"]["title"] = ""
    assert_refused(
        document_with(entry), message="blank", index=0, key="new-guide", field="locales.fr.title"
    )


def test_a_translation_that_does_not_follow_its_source_is_refused(toolbox):
    document = json.loads(export_text())
    guide = entry_of(document, "backups")
    guide["locales"]["es"]["body"][0]["value"]["level"] = "h3"  # a choice, not a text
    assert_refused(
        json.dumps(document),
        message="does not match the source's structure",
        index=0,
        key="backups",
        field="locales.es.body",
    )


def test_changing_the_type_or_source_locale_of_an_item_is_refused(toolbox):
    document = json.loads(export_text())
    video = entry_of(document, "ransomware-video")
    index = document["items"].index(video)
    video_as_guide = copy.deepcopy(video)
    video_as_guide.update(type="guide", fields={})
    video_as_guide["locales"]["fr"].pop("transcript")
    assert_refused(
        document_with(video_as_guide),
        message="exists as a video",
        index=0,
        key="ransomware-video",
        field="type",
    )
    entry = entry_of(document, "backups")
    entry["source_locale"] = "es"
    assert_refused(
        json.dumps(document),
        message="its source locale cannot change",
        index=document["items"].index(entry),
        key="backups",
        field="source_locale",
    )
    assert index >= 0


def test_command_names_entry_and_field_and_imports_nothing(tree, tmp_path):
    path = tmp_path / "items.json"
    path.write_text(document_with(minimal_guide(key="ok"), minimal_guide(key="bad", theme="nope")))
    with pytest.raises(CommandError) as excinfo:
        call_command("import_toolbox", str(path), "--no-progress")
    message = str(excinfo.value)
    assert "items[1] (key “bad”), field “theme”: unknown theme “nope”" in message
    assert "Nothing was imported." in message
    assert not ToolboxItemPage.objects.filter(key="ok").exists()


def test_partner_change_moves_the_item_and_its_translations(toolbox):
    document = json.loads(export_text())
    entry_of(document, "backups")["partner"] = None
    result = import_text(document)
    assert statuses(result)["backups"]["fr"] == "updated"
    network = toolbox["network"]
    guide = GuidePage.objects.get(key="backups", locale__language_code="fr")
    assert guide.get_parent().pk == network.pk
    es_guide = GuidePage.objects.get(key="backups", locale__language_code="es")
    assert es_guide.get_parent().specific.translation_key == network.translation_key
    assert VideoPage.objects.filter(key="ransomware-video").exists()


def test_a_translation_slug_that_cannot_be_used_is_refused(toolbox):
    document = json.loads(export_text())
    event_es_slug = entry_of(document, "lisbon-workshop")["locales"]["es"]["slug"]
    guide = entry_of(document, "backups")
    guide["locales"]["es"]["slug"] = event_es_slug  # taken by a sibling page in Spanish
    assert_refused(
        json.dumps(document),
        message="could not be set as given",
        index=document["items"].index(guide),
        key="backups",
        field="locales.es.slug",
    )
