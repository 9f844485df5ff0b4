"""What a visitor reads on theme and item pages: tags in their language, a theme's events
upcoming first, the theme's filters, French typography in callouts, and the demo's own
pictures (partner marks, video posters) and uploaded video with subtitles."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from taggit.models import Tag

from toolbox import demo
from toolbox.models import EventIndexPage, Partner, PartnerIndexPage, TagLabel

from . import factories


class Counter:
    def __init__(self):
        self.counts: dict[str, int] = {}

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_tags_read_in_the_visitors_language_never_as_slugs(client, tree):
    fr_guide = factories.guide(tree["section"], tree["security"], title="Mots de passe")
    fr_guide.tags.add("passwords", "e-invoicing")
    factories.publish(fr_guide)
    es_home = factories.home("es")
    es_theme = factories.theme(parent=es_home, title="Seguridad")
    es_section = factories.section(tree["partner"], parent=es_home)
    es_guide = factories.guide(es_section, es_theme, title="Contraseñas")
    es_guide.tags.add("passwords")
    factories.publish(es_guide)
    passwords = Tag.objects.get(name="passwords")
    TagLabel.objects.create(tag=passwords, language="fr", label="mots de passe")
    TagLabel.objects.create(tag=passwords, language="es", label="contraseñas")

    fr = html_of(client, fr_guide.get_url())
    tags = re.search(r'<ul class="tags"[^>]*>(.*?)</ul>', fr, re.S).group(1)
    assert "<li>mots de passe</li>" in tags
    assert "<li>e invoicing</li>" in tags  # no label yet: spaced, not the slug
    assert "passwords" not in tags and "e-invoicing" not in tags
    es = html_of(client, es_guide.get_url())
    assert "<li>contraseñas</li>" in es and "passwords" not in es.split('class="tags"')[1]


def test_theme_lists_upcoming_events_first_and_filters_its_items(client, tree):
    section, theme = tree["section"], tree["security"]
    micro = factories.audience()
    factories.event(section, theme, title="Passé récent", days=-10)
    factories.event(section, theme, title="Dans quarante jours", days=40)
    factories.event(section, theme, title="Passé ancien", days=-60)
    factories.event(section, theme, title="Dans cinq jours", days=5)
    guide = factories.guide(section, theme, title="Guide pour les TPE")
    guide.audiences.add(micro)
    factories.publish(guide)

    html = html_of(client, theme.get_url())
    titles = re.findall(r"(Dans cinq jours|Dans quarante jours|Passé récent|Passé ancien)", html)
    assert titles == ["Dans cinq jours", "Dans quarante jours", "Passé récent", "Passé ancien"]
    assert html.count("Événement passé") == 2
    assert '<option value="GuidePage">Guides</option>' in html
    assert '<option value="micro">Micro-entreprises</option>' in html
    assert "Tous les types" in html and "Tous les publics" in html
    assert "5 ressources" in html

    only_guides = html_of(client, theme.get_url() + "?type=GuidePage")
    assert "Guide pour les TPE" in only_guides and "Dans cinq jours" not in only_guides
    assert "1 ressource<" in only_guides and "Effacer les filtres" in only_guides
    for_micro = html_of(client, theme.get_url() + "?audience=micro")
    assert "Guide pour les TPE" in for_micro and "Passé récent" not in for_micro


def test_callout_typography_and_print_source(client, tree):
    guide = factories.guide(
        tree["section"],
        tree["security"],
        body=[("callout", {"kind": "tip", "title": "La phrase de passe", "text": "<p>x</p>"})],
    )
    html = html_of(client, guide.get_url())
    assert "Astuce\u202f: La phrase de passe" in html
    # printed, the page says where it comes from, on the host the reader used
    source = re.search(r'<footer class="print-only item-source">(.*?)</footer>', html).group(1)
    assert source.endswith(f"Interreg Sudoe\u202f: http://testserver{guide.get_url()}")


def test_demo_pictures_and_uploaded_video_with_poster_and_subtitles(client, tree):
    section, theme = tree["section"], tree["security"]
    video = factories.video(section, theme, title="Hameçonnage", key="phishing-video")
    partner = Partner.objects.get(key="cybermassif")
    index = PartnerIndexPage(title="Partenaires", slug="partenaires")
    factories.home().add_child(instance=index)
    factories.publish(index)
    ctx = Counter()
    demo.load_pictures(ctx)
    demo.load_uploaded_video(ctx)
    demo.load_pictures(ctx)  # idempotent: nothing drawn twice
    demo.load_uploaded_video(ctx)
    assert ctx.counts == {"partner marks": 1, "video posters": 1, "uploaded videos": 1}

    partner.refresh_from_db()
    assert partner.logo.width == 320 and partner.logo.file.name.endswith(".png")
    assert re.search(
        r'<img [^>]*src="/media/images/partner-cybermassif', html_of(client, index.url)
    )

    card = html_of(client, theme.get_url()).split('class="card item-card item-card--video')[1]
    assert re.search(r'<img [^>]*src="/media/images/poster-phishing-video[^"]*"', card)
    assert '<span class="play-mark" aria-hidden="true"></span>' in card

    html = html_of(client, video.get_url())
    player = re.search(r"<video .*?</video>", html, re.S).group(0)
    assert re.search(r'poster="/media/images/poster-phishing-video[^"]*\.png"', player)
    assert '<source src="/documents/' in player and 'type="video/webm"' in player
    tracks = re.findall(r'<track kind="subtitles" src="([^"]+)" srclang="(\w+)"', player)
    assert [lang for _src, lang in tracks] == ["fr", "es", "pt", "en"]
    assert 'srclang="fr" label="Français" default' in player
    vtt = client.get(tracks[0][0])
    assert b"".join(vtt.streaming_content).startswith(b"WEBVTT")


def test_agenda_month_view_places_events_on_their_day(client, tree):
    section, theme = tree["section"], tree["security"]
    agenda = EventIndexPage(title="Agenda", slug="agenda")
    factories.home().add_child(instance=agenda)
    factories.publish(agenda)
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2030, 3, 14, 9, 30, tzinfo=paris)
    factories.event(
        section, theme, title="Atelier de mars", start=start, end=start + dt.timedelta(hours=2)
    )
    april = dt.datetime(2030, 4, 2, 18, 0, tzinfo=paris)
    factories.event(
        section, theme, title="Soirée d'avril", start=april, end=april + dt.timedelta(hours=2)
    )

    html = html_of(client, agenda.url + "?view=month&month=2030-03")
    assert '<a href="?view=month" aria-current="page">Vue mensuelle</a>' in html
    assert '<h2 id="calendar-month">Mars 2030</h2>' in html
    headers = re.findall(r'<th scope="col"><abbr title="([^"]+)">', html)
    assert headers[0] == "Lundi" and headers[-1] == "Dimanche"
    cell = re.search(r'<time datetime="2030-03-14">14</time></span>(.*?)</td>', html, re.S)
    assert "09:30 Atelier de mars" in cell.group(1)
    assert "1 événement" in html and "Soirée d&#x27;avril" not in html
    assert "month=2030-02" in html and "month=2030-04" in html

    empty = html_of(client, agenda.url + "?view=month&month=2030-05")
    assert "Aucun événement ce mois-ci." in empty
    # a month the visitor typed wrong falls back to the current month
    assert html_of(client, agenda.url + "?view=month&month=abc").count('class="calendar"') == 1


def test_demo_guides_offer_their_pdf_in_their_language(client, tree):
    guide = factories.guide(tree["section"], tree["security"], key="passwords-guide")
    ctx = Counter()
    ctx.user = None
    demo.load_guide_pdfs(ctx)
    demo.load_guide_pdfs(ctx)  # idempotent
    assert ctx.counts == {"guide PDFs": 1}

    html = html_of(client, guide.get_url())
    link = re.search(r"<a href=\"(/documents/\d+/passwords-guide[^\"]*\.pdf)\" download>", html)
    info = re.search(r"<span class=\"file-info\">([^<]*)<", html).group(1)
    assert link and re.fullmatch(r"\(PDF, [\d,.]+\s(Kio|Ko|KB)\)", info), (link, info)
    assert link.group(1).endswith(".fr.pdf")  # the guide's own language
    pdf = b"".join(client.get(link.group(1)).streaming_content)
    assert pdf.startswith(b"%PDF-")
    guide.refresh_from_db()  # the editor opens the latest revision: it has the download too
    assert guide.latest_revision.as_object().documents[0].value["document"].title == guide.title
