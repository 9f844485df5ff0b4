"""RSS, Atom and iCalendar feeds: valid documents, per locale, filters, only live public pages,
events in their own time zone."""

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import pytest
from wagtail.models import PageViewRestriction

from home.services import translation_create_or_update
from toolbox.models import Partner

from . import factories

ATOM = "{http://www.w3.org/2005/Atom}"
UTC = dt.UTC


@pytest.fixture
def site(tree):
    """Live guide, video and events in fr; a draft and a private guide; a Spanish guide."""
    section, security, tourism = tree["section"], tree["security"], tree["tourism"]
    guide = factories.guide(section, security, title="Guide des sauvegardes", key="backups")
    video = factories.video(section, tourism, title="Réserver en ligne", key="booking")
    sector_guide = factories.guide(section, tourism, title="Mots de passe", key="passwords")
    sector_guide.sectors = [tree["tourism"]]
    sector_guide.theme = security
    factories.publish(sector_guide)
    draft = factories.guide(section, security, title="Brouillon secret", key="draft", live=False)
    private = factories.guide(section, security, title="Guide réservé", key="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    lisbon = factories.event(
        section,
        security,
        title="Atelier à Lisbonne",
        key="lisbon-workshop",
        start=dt.datetime(2031, 7, 1, 7, 30, tzinfo=UTC),  # 08:30 at the venue (WEST)
        end=dt.datetime(2031, 7, 1, 9, 0, tzinfo=UTC),
        timezone="Europe/Lisbon",
        city="Lisboa",
        country="PT",
    )
    paris = factories.event(
        section,
        tourism,
        title="Webinaire d'hiver",
        key="winter-webinar",
        start=dt.datetime(2031, 1, 15, 13, 0, tzinfo=UTC),  # 14:00 in Paris (CET)
        end=dt.datetime(2031, 1, 15, 14, 0, tzinfo=UTC),
        timezone="Europe/Paris",
        event_format="webinar",
        city="",
    )
    draft_event = factories.event(section, security, title="Événement brouillon", key="draft-ev")
    draft_event.unpublish()
    es_guide = translation_create_or_update(
        source=guide,
        locale=factories.locales()["es"],
        fields={"title": "Guía de copias de seguridad", "summary": "Copias de seguridad."},
    )
    return {
        **tree,
        "guide": guide,
        "video": video,
        "sector_guide": sector_guide,
        "draft": draft,
        "private": private,
        "lisbon": lisbon,
        "paris": paris,
        "draft_event": draft_event,
        "es_guide": es_guide,
    }


def fetch(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith(content_type)
    return response


def rss_items(client, url) -> tuple[ET.Element, list[dict]]:
    response = fetch(client, url, "application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    items = []
    for item in channel.findall("item"):
        for required in ("title", "link", "guid", "pubDate", "description"):
            assert item.findtext(required), required
        # RFC 822 dates, as RSS 2.0 requires
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        assert item.find("guid").get("isPermaLink") == "false"
        items.append(
            {
                "title": item.findtext("title"),
                "link": item.findtext("link"),
                "guid": item.findtext("guid"),
                "categories": [c.text for c in item.findall("category")],
            }
        )
    return channel, items


def atom_entries(client, url) -> tuple[ET.Element, list[dict]]:
    response = fetch(client, url, "application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        # RFC 3339 timestamps with an offset
        assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo is not None
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate" and link.get("href").startswith("http")
        entries.append({"title": entry.findtext(f"{ATOM}title"), "href": link.get("href")})
    return root, entries


def test_rss_lists_live_public_items_of_the_locale_only(client, site):
    channel, items = rss_items(client, "/fr/feeds/rss/")
    assert channel.findtext("language") == "fr"
    titles = {item["title"] for item in items}
    assert titles == {
        "Guide des sauvegardes",
        "Réserver en ligne",
        "Mots de passe",
        "Atelier à Lisbonne",
        "Webinaire d'hiver",
    }
    assert "Brouillon secret" not in titles
    assert "Guide réservé" not in titles
    assert "Événement brouillon" not in titles
    guide_item = next(item for item in items if item["title"] == "Guide des sauvegardes")
    assert guide_item["link"] == "http://testserver" + site["guide"].get_url()
    assert "Sécurité" in guide_item["categories"]


def test_atom_feed_is_valid_and_excludes_drafts_and_private_pages(client, site):
    root, entries = atom_entries(client, "/fr/feeds/atom/")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    titles = {entry["title"] for entry in entries}
    assert "Guide des sauvegardes" in titles
    assert not titles & {"Brouillon secret", "Guide réservé", "Événement brouillon"}
    # a private page stays out even after it is republished
    factories.publish(site["private"])
    _root, entries = atom_entries(client, "/fr/feeds/atom/")
    assert "Guide réservé" not in {entry["title"] for entry in entries}


def test_each_language_has_its_own_feed(client, site):
    channel, items = rss_items(client, "/es/feeds/rss/")
    assert channel.findtext("language") == "es"
    assert [item["title"] for item in items] == ["Guía de copias de seguridad"]
    assert items[0]["link"] == "http://testserver" + site["es_guide"].get_url()
    _channel, fr_items = rss_items(client, "/fr/feeds/rss/")
    fr_guid = next(i["guid"] for i in fr_items if i["title"] == "Guide des sauvegardes")
    assert items[0]["guid"] != fr_guid  # one id per item and language


def test_feeds_filter_by_theme_including_sectors(client, site):
    _channel, items = rss_items(client, "/fr/feeds/rss/?theme=tourism")
    assert {item["title"] for item in items} == {
        "Réserver en ligne",
        "Mots de passe",  # tourism is one of its sectors
        "Webinaire d'hiver",
    }
    channel, _items = rss_items(client, "/fr/feeds/rss/?theme=security")
    assert "Sécurité" in channel.findtext("title")


def test_feeds_filter_by_type(client, site):
    _root, entries = atom_entries(client, "/fr/feeds/atom/?type=event")
    assert {entry["title"] for entry in entries} == {"Atelier à Lisbonne", "Webinaire d'hiver"}
    _root, entries = atom_entries(client, "/fr/feeds/atom/?type=video,guide&theme=tourism")
    assert {entry["title"] for entry in entries} == {"Réserver en ligne", "Mots de passe"}


def test_unknown_filters_are_not_found(client, site):
    assert client.get("/fr/feeds/rss/?theme=nope").status_code == 404
    assert client.get("/fr/feeds/atom/?type=podcast").status_code == 404
    assert client.get("/fr/events.ics?partner=nope").status_code == 404
    assert client.get("/fr/events.ics?theme=nope").status_code == 404


def test_pages_advertise_their_feeds(client, site):
    theme_html = client.get(site["security"].get_url()).content.decode()
    head = theme_html.split("</head>")[0]
    assert 'type="application/rss+xml" href="/fr/feeds/rss/?theme=security"' in head
    assert 'type="application/atom+xml" href="/fr/feeds/atom/?theme=security"' in head
    assert 'type="text/calendar" href="/fr/events.ics?theme=security"' in head
    item_head = client.get(site["guide"].get_url()).content.decode().split("</head>")[0]
    assert 'href="/fr/feeds/rss/?theme=security"' in item_head
    section_head = client.get(site["section"].get_url()).content.decode().split("</head>")[0]
    assert 'type="text/calendar" href="/fr/events.ics?partner=cybermassif"' in section_head


# --- iCalendar ----------------------------------------------------------------------------


def calendar(client, url) -> icalendar.Calendar:
    response = fetch(client, url, "text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events_by_summary(cal) -> dict[str, icalendar.Event]:
    return {str(event["summary"]): event for event in cal.walk("VEVENT")}


def test_calendar_has_local_times_with_their_time_zones(client, site):
    cal = calendar(client, "/fr/events.ics")
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    events = events_by_summary(cal)
    assert set(events) == {"Atelier à Lisbonne", "Webinaire d'hiver"}

    lisbon = events["Atelier à Lisbonne"]
    assert lisbon["dtstart"].params["TZID"] == "Europe/Lisbon"
    start = lisbon.decoded("dtstart")
    assert (start.hour, start.minute) == (8, 30)  # summer time at the venue
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(UTC) == site["lisbon"].start
    assert lisbon.decoded("dtend").astimezone(UTC) == site["lisbon"].end
    assert "Lisboa" in str(lisbon["location"])
    assert str(lisbon["url"]) == "http://testserver" + site["lisbon"].get_url()

    winter = events["Webinaire d'hiver"]
    assert winter["dtstart"].params["TZID"] == "Europe/Paris"
    assert winter.decoded("dtstart") == dt.datetime(
        2031, 1, 15, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")
    )
    assert winter.decoded("dtstart").utcoffset() == dt.timedelta(hours=1)

    # every TZID used has its VTIMEZONE, with the offsets in force on the events' dates
    timezones = {str(tz["tzid"]): tz for tz in cal.walk("VTIMEZONE")}
    assert set(timezones) == {"Europe/Lisbon", "Europe/Paris"}
    assert cal.get_missing_tzids() == set()
    lisbon_tz = timezones["Europe/Lisbon"].to_tz()
    assert dt.datetime(2031, 7, 1, 8, 30, tzinfo=lisbon_tz).utcoffset() == dt.timedelta(hours=1)
    for event in events.values():
        assert event["uid"] and event["dtstamp"]
        assert event.decoded("dtstamp").tzinfo is not None


def test_calendar_excludes_drafts_private_and_old_events(client, site):
    old = factories.event(
        site["section"],
        site["security"],
        title="Conférence de 2020",
        key="old-conference",
        start=dt.datetime(2020, 3, 1, 9, 0, tzinfo=UTC),
        end=dt.datetime(2020, 3, 1, 11, 0, tzinfo=UTC),
    )
    PageViewRestriction.objects.create(
        page=site["lisbon"], restriction_type="password", password="x"
    )
    summaries = set(events_by_summary(calendar(client, "/fr/events.ics")))
    assert summaries == {"Webinaire d'hiver"}
    assert old.live


def test_calendar_per_partner_and_per_theme(client, site):
    other = Partner.objects.create(
        key="cci-lisboa", name="CCI Lisboa", country="PT", locale=factories.locales()["fr"]
    )
    other_section = factories.section(other)
    factories.event(
        other_section,
        site["tourism"],
        title="Salon du tourisme",
        key="tourism-fair",
        city="Porto",
        country="PT",
    )
    assert set(events_by_summary(calendar(client, "/fr/events.ics?partner=cci-lisboa"))) == {
        "Salon du tourisme"
    }
    assert set(events_by_summary(calendar(client, "/fr/events.ics?partner=cybermassif"))) == {
        "Atelier à Lisbonne",
        "Webinaire d'hiver",
    }
    assert set(events_by_summary(calendar(client, "/fr/events.ics?theme=tourism"))) == {
        "Webinaire d'hiver",
        "Salon du tourisme",
    }
    cal = calendar(client, "/fr/events.ics?partner=cci-lisboa&theme=tourism")
    assert set(events_by_summary(cal)) == {"Salon du tourisme"}
    assert "CCI Lisboa" in str(cal["x-wr-calname"])


def test_calendar_is_per_locale(client, site):
    es_event = translation_create_or_update(
        source=site["lisbon"],
        locale=factories.locales()["es"],
        fields={"title": "Taller en Lisboa"},
    )
    events = events_by_summary(calendar(client, "/es/events.ics"))
    assert set(events) == {"Taller en Lisboa"}
    event = events["Taller en Lisboa"]
    assert event.decoded("dtstart").astimezone(UTC) == es_event.start == site["lisbon"].start
    assert str(event["url"]) == "http://testserver" + es_event.get_url()
    # the same event has the same UID in every language
    fr_events = events_by_summary(calendar(client, "/fr/events.ics"))
    assert str(fr_events["Atelier à Lisbonne"]["uid"]) == str(event["uid"])
