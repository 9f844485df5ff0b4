"""Demo content for the toolbox: themes, partners, sections, items, events, a questionnaire.

Idempotent: every object is looked up by its key before being created, and translations are
only added where missing (``home.demo.translate_missing``). Texts live in ``demo_partners``
and ``demo_items``; the French text is the source, the other languages its translations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
import zoneinfo
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Revision

from home.demo import DEMO_ADMIN_PASSWORD, translate_missing

from . import demo_images, services
from .demo_items import ITEMS, SINGLE_LANGUAGE
from .demo_partners import AUDIENCES, INDEX_PAGES, NETWORK_SECTION, PARTNERS, SECTION_INTRO, Tr
from .demo_tags import TAG_LABELS
from .models import (
    Audience,
    CharterPage,
    EventIndexPage,
    GuidePage,
    Partner,
    PartnerIndexPage,
    PartnerSectionPage,
    TagLabel,
    ThemePage,
    ToolboxItemPage,
    VideoPage,
    VideoSubtitleTrack,
)
from .registry import item_type, item_type_for_model

# key -> kind and per-locale fields. Source locale texts come first (fr by default).
THEMES: list[tuple[str, str, dict[str, dict[str, str]]]] = [
    (
        "business-management",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Gestion d'entreprise",
                "slug": "gestion-entreprise",
                "summary": "Outils numériques de gestion : facturation, comptabilité, relation client et ERP pour les petites entreprises.",
            },
            "es": {
                "title": "Gestión empresarial",
                "slug": "gestion-empresarial",
                "summary": "Herramientas digitales de gestión: facturación, contabilidad, relación con clientes y ERP para pequeñas empresas.",
            },
            "pt": {
                "title": "Gestão empresarial",
                "slug": "gestao-empresarial",
                "summary": "Ferramentas digitais de gestão: faturação, contabilidade, relação com clientes e ERP para pequenas empresas.",
            },
            "en": {
                "title": "Business management",
                "slug": "business-management",
                "summary": "Digital management tools: invoicing, accounting, customer relations and ERP for small businesses.",
            },
        },
    ),
    (
        "e-hr",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "e-RH",
                "slug": "e-rh",
                "summary": "Recrutement en ligne, formation à distance, télétravail et gestion numérique des ressources humaines.",
            },
            "es": {
                "title": "e-RRHH",
                "slug": "e-rrhh",
                "summary": "Contratación en línea, formación a distancia, teletrabajo y gestión digital de los recursos humanos.",
            },
            "pt": {
                "title": "e-RH",
                "slug": "e-rh",
                "summary": "Recrutamento online, formação à distância, teletrabalho e gestão digital dos recursos humanos.",
            },
            "en": {
                "title": "e-HR",
                "slug": "e-hr",
                "summary": "Online recruitment, distance learning, remote work and digital human-resources management.",
            },
        },
    ),
    (
        "security",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Sécurité des systèmes d'information",
                "slug": "securite-systemes-information",
                "summary": "Cybersécurité, sauvegardes, mots de passe et protection contre les rançongiciels.",
            },
            "es": {
                "title": "Seguridad de los sistemas de información",
                "slug": "seguridad-sistemas-informacion",
                "summary": "Ciberseguridad, copias de seguridad, contraseñas y protección contra el ransomware.",
            },
            "pt": {
                "title": "Segurança dos sistemas de informação",
                "slug": "seguranca-sistemas-informacao",
                "summary": "Cibersegurança, cópias de segurança, palavras-passe e proteção contra ransomware.",
            },
            "en": {
                "title": "Information-system security",
                "slug": "information-system-security",
                "summary": "Cybersecurity, backups, passwords and protection against ransomware.",
            },
        },
    ),
    (
        "business-intelligence",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Intelligence économique et veille",
                "slug": "intelligence-economique-veille",
                "summary": "Veille concurrentielle, technologique et réglementaire, e-réputation et outils de surveillance.",
            },
            "es": {
                "title": "Inteligencia económica y vigilancia",
                "slug": "inteligencia-economica-vigilancia",
                "summary": "Vigilancia competitiva, tecnológica y normativa, reputación en línea y herramientas de seguimiento.",
            },
            "pt": {
                "title": "Inteligência económica e vigilância",
                "slug": "inteligencia-economica-vigilancia",
                "summary": "Vigilância competitiva, tecnológica e regulamentar, reputação online e ferramentas de monitorização.",
            },
            "en": {
                "title": "Business intelligence and watch",
                "slug": "business-intelligence-watch",
                "summary": "Competitive, technology and regulatory watch, online reputation and monitoring tools.",
            },
        },
    ),
    (
        "mobility",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Mobilité",
                "slug": "mobilite",
                "summary": "Applications mobiles, travail nomade, paiement mobile et sécurité des appareils.",
            },
            "es": {
                "title": "Movilidad",
                "slug": "movilidad",
                "summary": "Aplicaciones móviles, trabajo nómada, pago móvil y seguridad de los dispositivos.",
            },
            "pt": {
                "title": "Mobilidade",
                "slug": "mobilidade",
                "summary": "Aplicações móveis, trabalho nómada, pagamento móvel e segurança dos dispositivos.",
            },
            "en": {
                "title": "Mobility",
                "slug": "mobility",
                "summary": "Mobile apps, nomadic work, mobile payment and device security.",
            },
        },
    ),
    (
        "building",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Bâtiment",
                "slug": "batiment",
                "summary": "Maquette numérique (BIM), devis en ligne et outils de chantier pour les artisans du bâtiment.",
            },
            "es": {
                "title": "Construcción",
                "slug": "construccion",
                "summary": "Modelado digital (BIM), presupuestos en línea y herramientas de obra para los profesionales de la construcción.",
            },
            "pt": {
                "title": "Construção",
                "slug": "construcao",
                "summary": "Modelação digital (BIM), orçamentos online e ferramentas de obra para os profissionais da construção.",
            },
            "en": {
                "title": "Building",
                "slug": "building",
                "summary": "Building information modelling (BIM), online quotes and site tools for building trades.",
            },
        },
    ),
    (
        "tourism",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Tourisme",
                "slug": "tourisme",
                "summary": "Réservation en ligne, avis clients, visibilité sur les plateformes et marketing numérique touristique.",
            },
            "es": {
                "title": "Turismo",
                "slug": "turismo",
                "summary": "Reservas en línea, opiniones de clientes, visibilidad en plataformas y marketing digital turístico.",
            },
            "pt": {
                "title": "Turismo",
                "slug": "turismo",
                "summary": "Reservas online, opiniões de clientes, visibilidade nas plataformas e marketing digital turístico.",
            },
            "en": {
                "title": "Tourism",
                "slug": "tourism",
                "summary": "Online booking, customer reviews, platform visibility and digital tourism marketing.",
            },
        },
    ),
    (
        "commerce",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Commerce",
                "slug": "commerce",
                "summary": "Vente en ligne, caisse connectée, click-and-collect et présence sur les réseaux sociaux.",
            },
            "es": {
                "title": "Comercio",
                "slug": "comercio",
                "summary": "Venta en línea, caja conectada, click and collect y presencia en las redes sociales.",
            },
            "pt": {
                "title": "Comércio",
                "slug": "comercio",
                "summary": "Venda online, caixa conectada, click and collect e presença nas redes sociais.",
            },
            "en": {
                "title": "Retail",
                "slug": "retail",
                "summary": "Online sales, connected tills, click-and-collect and social media presence.",
            },
        },
    ),
    (
        "agri-food",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Agroalimentaire",
                "slug": "agroalimentaire",
                "summary": "Traçabilité, vente directe en ligne et capteurs connectés pour l'agroalimentaire.",
            },
            "es": {
                "title": "Agroalimentación",
                "slug": "agroalimentacion",
                "summary": "Trazabilidad, venta directa en línea y sensores conectados para el sector agroalimentario.",
            },
            "pt": {
                "title": "Agroalimentar",
                "slug": "agroalimentar",
                "summary": "Rastreabilidade, venda direta online e sensores conectados para o setor agroalimentar.",
            },
            "en": {
                "title": "Agri-food",
                "slug": "agri-food",
                "summary": "Traceability, direct online sales and connected sensors for agri-food businesses.",
            },
        },
    ),
    (
        "industry",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Industrie",
                "slug": "industrie",
                "summary": "Industrie 4.0, maintenance prédictive, objets connectés et cybersécurité des équipements.",
            },
            "es": {
                "title": "Industria",
                "slug": "industria",
                "summary": "Industria 4.0, mantenimiento predictivo, objetos conectados y ciberseguridad de los equipos.",
            },
            "pt": {
                "title": "Indústria",
                "slug": "industria",
                "summary": "Indústria 4.0, manutenção preditiva, objetos conectados e cibersegurança dos equipamentos.",
            },
            "en": {
                "title": "Industry",
                "slug": "industry",
                "summary": "Industry 4.0, predictive maintenance, connected devices and equipment cybersecurity.",
            },
        },
    ),
]


INDEX_MODELS = {"events": EventIndexPage, "charter": CharterPage, "partners": PartnerIndexPage}
DEMO_COORDINATOR = "coordination"
DEMO_EDITOR = "editeur-cybermassif"
ID_NAMESPACE = uuid.UUID("6f1c9a52-3b1e-4d55-9c61-2f8f3c0a7e11")


@transaction.atomic
def load(ctx) -> None:
    """Themes, partners, audiences, sections, index pages and items, in every locale."""
    load_themes(ctx)
    load_partners(ctx)
    load_audiences(ctx)
    load_sections(ctx)
    load_index_pages(ctx)
    for spec in ITEMS:
        load_item(ctx, spec)
    for spec in SINGLE_LANGUAGE:
        load_item(ctx, spec)
    load_tag_labels(ctx)
    load_pictures(ctx)
    load_item_pictures(ctx)
    load_uploaded_video(ctx)
    load_guide_pdfs(ctx)
    services.toolbox_access_ensure()
    load_users(ctx)


def _demo_image(title: str, filename: str, data: bytes) -> Image:
    image = Image(title=title, file=ImageFile(io.BytesIO(data), name=filename))
    image.save()
    return image


def load_pictures(ctx) -> None:
    """Partner marks and video posters drawn by the project (toolbox.demo_images)."""
    for index, spec in enumerate(PARTNERS):
        partners = Partner.objects.filter(key=spec["key"])
        if partners.filter(logo__isnull=True).exists():
            mark = demo_images.partner_mark(spec.get("acronym") or spec["name"], index=index)
            image = _demo_image(f"{spec['name']} (demo mark)", f"partner-{spec['key']}.png", mark)
            partners.update(logo=image)
            ctx.count("partner marks")
    missing = VideoPage.objects.filter(poster__isnull=True).exclude(key="")
    for key, theme_key in sorted(set(missing.values_list("key", "theme__key"))):
        start, end = demo_images.theme_colours(theme_key or "")
        poster = demo_images.video_poster(start=start, end=end)
        image = _demo_image(f"{key} (poster)", f"poster-{key}.png", poster)
        # every translation shares the poster (a synchronised field)
        VideoPage.objects.filter(key=key, poster__isnull=True).update(poster=image)
        ctx.count("video posters")


def load_item_pictures(ctx) -> None:
    """A picture for every demo item without one (toolbox.demo_images, drawn by the project),
    shared by the item's translations like the field itself (synchronised). An image already
    drawn (same file hash) is reused, so a re-run adds nothing."""
    missing = ToolboxItemPage.objects.filter(picture__isnull=True).exclude(key="")
    items = {
        key: (theme_key, content_type_id)
        for key, theme_key, content_type_id in missing.values_list(
            "key", "theme__key", "content_type_id"
        ).order_by("key", "path")
    }
    for key, (theme_key, content_type_id) in sorted(items.items()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        described = item_type_for_model(model)
        start, end = demo_images.theme_colours(theme_key or "")
        data = demo_images.item_picture(
            key, described.name if described else "item", start=start, end=end
        )
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's file_hash is SHA-1
        image = Image.objects.filter(file_hash=digest).first()
        if image is None:
            image = Image(
                title=f"{key} (demo picture)",
                file=ImageFile(io.BytesIO(data), name=f"item-{key}.png"),
                file_hash=digest,
                file_size=len(data),
            )
            image.save()
        pages = ToolboxItemPage.objects.filter(key=key, picture__isnull=True)
        revision_ids = list(
            pages.exclude(latest_revision=None).values_list("latest_revision_id", flat=True)
        )
        pages.update(picture=image)
        # no new revision per item: what the editor opens (the latest revision) gets it too
        revisions = list(Revision.objects.filter(pk__in=revision_ids))
        for revision in revisions:
            revision.content["picture"] = image.pk
        Revision.objects.bulk_update(revisions, ["content"])
        ctx.count("item pictures")


DEMO_MEDIA = Path(__file__).parent / "demo_media"
# The demo video played on the site itself (the others link to their host).
UPLOADED_VIDEO = ("phishing-video", "phishing-four-signs", dt.timedelta(seconds=12))


def _demo_document(title: str, path: Path) -> Document:
    document = Document(title=title, file=File(io.BytesIO(path.read_bytes()), name=path.name))
    document.file_size = path.stat().st_size
    document.save()
    return document


def load_uploaded_video(ctx) -> None:
    """One demo video uploaded with its WebVTT subtitles in every language (toolbox/demo_media,
    made by the project), so the site's own player is shown with a poster and subtitles."""
    key, stem, duration = UPLOADED_VIDEO
    videos = list(VideoPage.objects.filter(key=key))
    if not videos or all(v.video_file_id for v in videos):
        return
    video_file = _demo_document("Phishing: four signs (demo video)", DEMO_MEDIA / f"{stem}.webm")
    VideoPage.objects.filter(key=key).update(video_file=video_file, duration=duration)
    tracks = {
        code: _demo_document(f"Phishing: four signs ({code} subtitles)", path)
        for code in ("fr", "es", "pt", "en")
        if (path := DEMO_MEDIA / f"{stem}.{code}.vtt").exists()
    }
    for video in videos:
        for order, (code, document) in enumerate(tracks.items()):
            VideoSubtitleTrack.objects.get_or_create(
                page=video, language=code, defaults={"document": document, "sort_order": order}
            )
    ctx.count("uploaded videos")


def load_guide_pdfs(ctx) -> None:
    """Each demo guide offers itself as a PDF in its language (toolbox/demo_media/guides: the
    guide pages printed by the project with the site's print stylesheet, CC BY 4.0)."""
    for guide in GuidePage.objects.filter(live=True).select_related("locale"):
        path = DEMO_MEDIA / "guides" / f"{guide.key}.{guide.locale.language_code}.pdf"
        if guide.documents or not path.exists():
            continue
        document = _demo_document(guide.title, path)
        value = {"document": document.pk, "title": "", "description": ""}
        raw = [{"type": "document", "value": value, "id": str(uuid.uuid4())}]
        # no new revision per guide (publishing 20 of them doubled load_demo's time): the live
        # page and its latest revision (what the editor opens) both get the download
        GuidePage.objects.filter(pk=guide.pk).update(documents=raw)
        revision = guide.latest_revision
        if revision is not None and "documents" in revision.content:
            revision.content["documents"] = json.dumps(raw)
            revision.save(update_fields=["content"])
        ctx.count("guide PDFs")


def load_tag_labels(ctx) -> None:
    """What each demo tag reads as in every language (the items only carry the slugs)."""
    languages = ("fr", "es", "pt", "en")
    for name, labels in TAG_LABELS.items():
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            continue
        for language, label in zip(languages, labels, strict=True):
            _label, created = TagLabel.objects.get_or_create(
                tag=tag, language=language, defaults={"label": label}
            )
            if created:
                ctx.count("tag labels")


def load_themes(ctx) -> None:
    """The themes, as children of the source home page, each translated into every locale."""
    source_code = ctx.source_locale.language_code
    for key, kind, texts in THEMES:
        theme = ThemePage.objects.filter(key=key, locale=ctx.source_locale).first()
        if theme is None:
            theme = ThemePage(key=key, kind=kind, locale=ctx.source_locale, **texts[source_code])
            ctx.home.add_child(instance=theme)
            theme.save_revision(user=ctx.user).publish()
            ctx.count("themes")
        translate_missing(ctx, theme, texts)


# --- Helpers ------------------------------------------------------------------------------


def pick(value, code: str):
    """``value`` with every ``Tr`` replaced by its text in ``code``."""
    if isinstance(value, Tr):
        return value[code]
    if isinstance(value, list):
        return [pick(v, code) for v in value]
    if isinstance(value, tuple):
        return tuple(pick(v, code) for v in value)
    if isinstance(value, dict):
        return {k: pick(v, code) for k, v in value.items()}
    return value


def block_id(*parts) -> str:
    """A stable block id, the same in every language, so translations line up."""
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(str(p) for p in parts)))


def list_items(values, *id_parts) -> list[dict]:
    return [
        {"type": "item", "id": block_id(*id_parts, j), "value": value}
        for j, value in enumerate(values)
    ]


def body_stream(blocks, code: str, *id_parts) -> list[dict]:
    raw = []
    for i, (block_type, value) in enumerate(blocks):
        value = pick(value, code)
        if block_type == "checklist":
            value = {**value, "items": list_items(value["items"], *id_parts, i)}
        elif block_type == "table":
            value = {
                "caption": value["caption"],
                "header": list_items(value["header"], *id_parts, i, "h"),
                "rows": list_items(
                    [
                        {"cells": list_items(cells, *id_parts, i, "r", r)}
                        for r, cells in enumerate(value["rows"])
                    ],
                    *id_parts,
                    i,
                    "rows",
                ),
            }
        raw.append({"type": block_type, "id": block_id(*id_parts, i), "value": value})
    return raw


def indicators_stream(indicators, code: str, key: str) -> list[dict]:
    return [
        {
            "type": "indicator",
            "id": block_id(key, "indicator", i),
            "value": {"label": pick(label, code), "value": value},
        }
        for i, (label, value) in enumerate(indicators)
    ]


def questionnaire_stream(sections, code: str, key: str, page_ids: dict[str, int]) -> list[dict]:
    raw = []
    for s, section in enumerate(sections):
        questions = []
        for q, question in enumerate(section["questions"]):
            answers = [
                {
                    "type": "item",
                    "id": block_id(key, s, q, "a", a),
                    "value": {"text": pick(answer["text"], code), "weight": answer["weight"]},
                }
                for a, answer in enumerate(question["answers"])
            ]
            questions.append(
                {
                    "type": "item",
                    "id": block_id(key, s, "q", q),
                    "value": {
                        "text": pick(question["text"], code),
                        "help": pick(question["help"], code),
                        "answers": answers,
                    },
                }
            )
        bands = []
        for b, (start, label, advice, recommended) in enumerate(section["bands"]):
            pks = [page_ids[k] for k in recommended if k in page_ids]
            bands.append(
                {
                    "type": "item",
                    "id": block_id(key, s, "b", b),
                    "value": {
                        "min_percent": start,
                        "label": pick(label, code),
                        "advice": pick(advice, code),
                        "recommended": list_items(pks, key, s, "b", b, "r"),
                    },
                }
            )
        raw.append(
            {
                "type": "section",
                "id": block_id(key, "section", s),
                "value": {
                    "title": pick(section["title"], code),
                    "intro": pick(section["intro"], code),
                    "questions": questions,
                    "bands": bands,
                },
            }
        )
    return raw


def localized_page(model, locale: Locale, **filters):
    return model.objects.filter(locale=locale, **filters).first()


# --- Partners, audiences, sections, index pages -------------------------------------------


def load_partners(ctx) -> None:
    source_code = ctx.source_locale.language_code
    for spec in PARTNERS:
        partner = Partner.objects.filter(key=spec["key"], locale=ctx.source_locale).first()
        if partner is None:
            partner = Partner.objects.create(
                locale=ctx.source_locale,
                **{k: v for k, v in spec.items() if k != "description"},
                description=spec["description"][source_code],
            )
            ctx.count("partners")
        translate_missing(
            ctx,
            partner,
            {code: {"description": text} for code, text in spec["description"].items()},
        )


def load_audiences(ctx) -> None:
    source_code = ctx.source_locale.language_code
    for key, names in AUDIENCES:
        audience = Audience.objects.filter(key=key, locale=ctx.source_locale).first()
        if audience is None:
            audience = Audience.objects.create(
                key=key, name=names[source_code], locale=ctx.source_locale
            )
            ctx.count("audiences")
        translate_missing(ctx, audience, {code: {"name": name} for code, name in names.items()})


def load_sections(ctx) -> None:
    """One section per partner, and the network's own section, in every locale."""
    source_code = ctx.source_locale.language_code
    specs = [(None, NETWORK_SECTION["title"], NETWORK_SECTION["slug"], NETWORK_SECTION["intro"])]
    for partner_spec in PARTNERS:
        name = Tr(*(partner_spec["name"],) * 4)
        slug = Tr(*(partner_spec["key"],) * 4)
        specs.append((partner_spec["key"], name, slug, SECTION_INTRO))
    for partner_key, title, slug, intro in specs:
        section = section_for(partner_key, ctx.source_locale)
        if section is None:
            partner = (
                Partner.objects.get(key=partner_key, locale=ctx.source_locale)
                if partner_key
                else None
            )
            section = PartnerSectionPage(
                title=title[source_code],
                slug=slug[source_code],
                intro=intro[source_code],
                partner=partner,
                locale=ctx.source_locale,
            )
            ctx.home.add_child(instance=section)
            section.save_revision(user=ctx.user).publish()
            ctx.count("partner sections")
        texts = {
            code: {"title": title[code], "slug": slug[code], "intro": intro[code]} for code in title
        }
        translate_missing(ctx, section, texts)


def section_for(partner_key: str | None, locale: Locale) -> PartnerSectionPage | None:
    sections = PartnerSectionPage.objects.filter(locale=locale)
    if partner_key is None:
        return sections.filter(partner__isnull=True).first()
    return sections.filter(partner__key=partner_key).first()


def load_index_pages(ctx) -> None:
    source_code = ctx.source_locale.language_code
    for name, model in INDEX_MODELS.items():
        texts = INDEX_PAGES[name]
        page = localized_page(model, ctx.source_locale)
        if page is None:
            page = model(
                title=texts["title"][source_code],
                slug=texts["slug"][source_code],
                intro=texts["intro"][source_code],
                locale=ctx.source_locale,
            )
            ctx.home.add_child(instance=page)
            page.save_revision(user=ctx.user).publish()
            ctx.count("index pages")
        translate_missing(ctx, page, {code: pick(texts, code) for code in texts["title"]})


# --- Items --------------------------------------------------------------------------------


def item_fields(spec: dict, code: str, page_ids: dict[str, int]) -> dict:
    """The translatable fields of an item in ``code`` (title, slug, summary, body, ...)."""
    key = spec["key"] or spec["title"][spec.get("languages", ["fr"])[0]]
    title = spec["title"][code]
    fields = {
        "title": title,
        "slug": slugify(title)[:80],
        "summary": spec["summary"][code],
        "body": body_stream(spec["body"], code, key, "body"),
    }
    for name, text in spec.get("texts", {}).items():
        if text[code]:
            fields[name] = text[code]
    if spec["type"] == "best_practice":
        fields["indicators"] = indicators_stream(spec["fields"]["indicators"], code, key)
    if spec["type"] == "diagnostic":
        fields["questionnaire"] = questionnaire_stream(spec["questionnaire"], code, key, page_ids)
    return fields


def neutral_fields(spec: dict) -> dict:
    """Language-neutral model fields of an item, converted from the demo notation."""
    fields = dict(spec["fields"])
    fields.pop("indicators", None)
    if spec["type"] == "video" and "duration_seconds" in fields:
        fields["duration"] = dt.timedelta(seconds=fields.pop("duration_seconds"))
    if spec["type"] == "event":
        tz = zoneinfo.ZoneInfo(fields["timezone"])
        day = timezone.localdate() + dt.timedelta(days=fields.pop("days_from_now"))
        start = dt.datetime.combine(day, dt.time(fields.pop("local_hour")), tzinfo=tz)
        fields["start"] = start
        fields["end"] = start + dt.timedelta(hours=fields.pop("duration_hours"))
    return fields


def existing_item(spec: dict, locale: Locale) -> ToolboxItemPage | None:
    if spec["key"]:
        return ToolboxItemPage.objects.filter(key=spec["key"], locale=locale).first()
    model = item_type(spec["type"]).model
    return model.objects.filter(title=spec["title"][locale.language_code], locale=locale).first()


def load_item(ctx, spec: dict) -> ToolboxItemPage:
    languages = spec.get("languages")
    source_code = languages[0] if languages else ctx.source_locale.language_code
    locale = ctx.locales[source_code]
    page_ids = dict(
        ToolboxItemPage.objects.filter(locale=ctx.source_locale).values_list("key", "pk")
    )
    page = existing_item(spec, locale)
    if page is None:
        page = services.item_create(
            parent=section_for(spec["partner"], locale),
            item_type=spec["type"],
            fields={
                "key": spec["key"],
                "theme": ThemePage.objects.get(key=spec["theme"], locale=locale),
                "sectors": ThemePage.objects.filter(key__in=spec["sectors"], locale=locale),
                "audiences": Audience.objects.filter(key__in=spec["audiences"], locale=locale),
                "tags": spec["tags"],
                **neutral_fields(spec),
                **item_fields(spec, source_code, page_ids),
            },
            user=ctx.user,
            publish=True,
        )
        ctx.count(f"{spec['type']} items")
    if not languages:
        texts = {
            code: item_fields(spec, code, page_ids) for code in ctx.locales if spec["title"][code]
        }
        translate_missing(ctx, page, texts)
    return page


# --- Demo users ---------------------------------------------------------------------------


def load_users(ctx) -> None:
    """A coordinator and an editor of Cybermassif, to try the review workflow."""
    User = get_user_model()
    editor_group = Partner.objects.get(key="cybermassif", locale=ctx.source_locale).editor_group
    for username, group in (
        (DEMO_COORDINATOR, Group.objects.get(name=services.COORDINATORS_GROUP)),
        (DEMO_EDITOR, editor_group),
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@cybersudoe.localhost", "is_staff": True},
        )
        if created:
            user.set_password(DEMO_ADMIN_PASSWORD)
            user.save()
            ctx.count("demo editors")
        user.groups.add(group)
