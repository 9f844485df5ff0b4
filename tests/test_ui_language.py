"""Every page type speaks the visitor's language: header, navigation, footer and the page's own
UI strings are in the language of the URL, with no English (source) or French leftover from our
catalogues."""

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale

from home.demo import DemoContext
from home.models import HomePage
from newsletter import demo as newsletter_demo
from toolbox import demo as toolbox_demo
from toolbox.demo_items import ITEMS

from .public_pages import PAGE_TYPES, VIEWS

LANGUAGES = ["fr", "es", "pt"]
CATALOGUES = [
    Path(settings.BASE_DIR) / folder / "locale"
    for folder in ("", "toolbox", "search", "newsletter")
]

#: The header, navigation and footer strings every page shows, per language.
CHROME = {
    "fr": [
        "Aller au contenu",
        "Outils numériques pour les petites entreprises",
        "Accueil",
        "Wiki des partenaires",
        "Rechercher dans la boîte à outils",
        "Rechercher guides, événements…",
        "À propos",
        "Mentions légales",
        "Confidentialité",
        "Flux RSS",
        "API pour les sites partenaires",
        "Cofinancé par l'Union européenne",
        "Contenus publiés par les partenaires du réseau CyberSudoe",
    ],
    "es": [
        "Saltar al contenido",
        "Herramientas digitales para pequeñas empresas",
        "Inicio",
        "Wiki de los socios",
        "Buscar en la caja de herramientas",
        "Buscar guías, eventos…",
        "Acerca de",
        "Aviso legal",
        "Privacidad",
        "Canal RSS",
        "API para los sitios de los socios",
        "Cofinanciado por la Unión Europea",
        "Contenidos publicados por los socios de la red CyberSudoe",
    ],
    "pt": [
        "Saltar para o conteúdo",
        "Ferramentas digitais para pequenas empresas",
        "Início",
        "Wiki dos parceiros",
        "Pesquisar na caixa de ferramentas",
        "Pesquisar guias, eventos…",
        "Sobre",
        "Aviso legal",
        "Privacidade",
        "Feed RSS",
        "API para os sites dos parceiros",
        "Cofinanciado pela União Europeia",
        "Conteúdos publicados pelos parceiros da rede CyberSudoe",
    ],
}

#: English UI strings that must never show on a fr/es/pt page (header, footer, page types).
ENGLISH = [
    "Skip to content",
    "Digital tools for small businesses",
    "Main navigation",
    "Partner wiki",
    "Search the toolbox",
    "Search guides, events",
    "About the site",
    "Legal notice",
    "Privacy",
    "RSS feed",
    "API for partner sites",
    "Co-funded by the European Union",
    "Content published by the partners",
    "Not yet translated",
    "Upcoming events",
    "Latest resources",
    "Featured",
    "Subscribe to the calendar",
    "Backups, invoicing",
    "Print",
    "Level:",
    "minute read",
    "Add to my calendar",
    "Past event",
    "Event calendar",
    "Partner directory",
    "Sign out",
]


class VisibleText(HTMLParser):
    """The text a visitor reads or hears: text nodes and the labelling attributes, not scripts."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "content"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value and not value.startswith(("#", "http", "/")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", " ".join(parser.parts))


@lru_cache
def catalogue_strings(language: str) -> dict[str, str]:
    """Our front catalogues for ``language``: English msgid -> translation (no placeholders)."""
    strings = {}
    for folder in CATALOGUES:
        for entry in polib.pofile(str(folder / language / "LC_MESSAGES" / "django.po")):
            if entry.msgid_plural or "%" in entry.msgid or "<" in entry.msgid:
                continue
            strings[entry.msgid] = entry.msgstr
    return strings


@lru_cache
def foreign_patterns(language: str) -> list[tuple[str, re.Pattern]]:
    """The strings :func:`leftovers` looks for on a ``language`` page, compiled once."""
    own = catalogue_strings(language)
    own_values = set(own.values())
    others = {msgid: msgid for msgid in own}
    if language != "fr":
        others.update({fr: msgid for msgid, fr in catalogue_strings("fr").items()})
    return [
        (foreign, re.compile(r"(?<!\w)" + re.escape(foreign) + r"(?!\w)"))
        for foreign, msgid in others.items()
        if len(foreign.split()) >= 2 and foreign != own.get(msgid) and foreign not in own_values
    ]


def leftovers(text: str, language: str) -> list[str]:
    """Catalogue strings of another language found in ``text``: English sources and, on a
    Spanish or Portuguese page, French translations. Only strings of two words or more whose
    translation differs are checked (one word such as "Contact" may be content)."""
    return [
        foreign
        for foreign, pattern in foreign_patterns(language)
        if foreign in text and pattern.search(text)
    ]


@pytest.fixture
def site_pages(db):
    """The site skeleton in four locales, a partner section, the index pages (partners, charter,
    agenda), one translated item of each type and the newsletter issues (which point to those
    items) from the demo content; the URL of one page of each public type and of each public
    view, per language."""
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)
    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    source = locales[settings.LANGUAGE_CODE]
    ctx = DemoContext(
        user=None,
        locales=locales,
        source_locale=source,
        home=HomePage.objects.get(locale=source),
        log=lambda *_: None,
    )
    toolbox_demo.load_partners(ctx)
    toolbox_demo.load_audiences(ctx)
    toolbox_demo.load_sections(ctx)
    toolbox_demo.load_index_pages(ctx)
    for item_type in ("guide", "video", "best_practice", "diagnostic", "event"):
        spec = next(s for s in ITEMS if s["type"] == item_type and not s.get("languages"))
        toolbox_demo.load_item(ctx, spec)
    newsletter_demo.load(ctx)
    pages = {}
    for code in LANGUAGES:
        pages[code] = {}
        for model in PAGE_TYPES:
            page = model.objects.live().filter(locale=locales[code]).order_by("path").first()
            assert page is not None, f"no live {model.__name__} in {code}"
            pages[code][model.__name__] = page.url
        for label, pattern in VIEWS.items():
            pages[code][label] = pattern.format(lang=code)
    return pages


def test_page_types_speak_the_url_language(client, site_pages):
    """Every public page type and view in fr, es and pt (one small site built once)."""
    problems = []
    for language in LANGUAGES:
        for page_type, url in site_pages[language].items():
            assert url.startswith(f"/{language}/"), (page_type, url)
            response = client.get(url)
            assert response.status_code == 200, (page_type, url)
            html = response.content.decode()
            assert f'<html lang="{language}">' in html
            text = VisibleText.of(html)
            where = f"{language} {page_type} {url}"
            missing = [s for s in CHROME[language] if s not in text]
            if missing:
                problems.append(f"{where}: not shown {missing}")
            english = [s for s in ENGLISH if re.search(r"(?<!\w)" + re.escape(s), text)]
            if english:
                problems.append(f"{where}: English left {english}")
            foreign = leftovers(text, language)
            if foreign:
                problems.append(f"{where}: other-language UI strings {foreign}")
    assert not problems, "\n".join(problems)


def test_leftover_check_catches_an_english_or_french_string():
    """The check above can fail: an English source or a French translation on a Spanish page."""
    assert leftovers("Aviso legal · Latest resources", "es") == ["Latest resources"]
    assert "Mentions légales" in leftovers("Mentions légales", "es")
    assert leftovers("Aviso legal · Inicio", "es") == []
