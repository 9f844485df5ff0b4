"""Model rules of videos, best practices and events."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from toolbox.forms import EventPageForm

from . import factories


def document(name: str, content: bytes = b"WEBVTT\n") -> Document:
    doc = Document(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def errors_of(page) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    return excinfo.value.message_dict


# --- Video --------------------------------------------------------------------------------


def test_video_needs_a_file_or_a_url_but_not_both(tree):
    video = factories.video(tree["section"], tree["security"])
    video.video_url = ""
    assert "video_url" in errors_of(video)
    video.video_url = "https://peertube.example/w/1"
    video.video_file = document("clip.mp4", b"\x00")
    assert "video_url" in errors_of(video)


def test_video_file_must_be_a_video(tree):
    video = factories.video(tree["section"], tree["security"])
    video.video_url = ""
    video.video_file = document("notes.pdf", b"%PDF")
    assert "video_file" in errors_of(video)
    video.video_file = document("clip.webm", b"\x00")
    video.full_clean()


def test_subtitle_tracks_must_be_webvtt(tree):
    from toolbox.models import VideoSubtitleTrack

    video = factories.video(tree["section"], tree["security"])
    track = VideoSubtitleTrack(page=video, language="es", document=document("subs.srt"))
    with pytest.raises(ValidationError):
        track.full_clean()
    track.document = document("subs.vtt")
    track.full_clean()


def test_duration_display(tree):
    video = factories.video(tree["section"], tree["security"], duration=dt.timedelta(seconds=754))
    assert video.duration_display == "12:34"
    assert video.duration_iso == "PT754S"


# --- Best practice ------------------------------------------------------------------------


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_is_between_one_and_five(tree, rating):
    practice = factories.best_practice(tree["section"], tree["security"])
    practice.rating = rating
    assert "rating" in errors_of(practice)


def test_a_golden_rule_needs_its_statement(tree):
    practice = factories.best_practice(tree["section"], tree["security"])
    practice.is_golden_rule = True
    assert "golden_rule" in errors_of(practice)
    practice.golden_rule = "Partir des besoins concrets des entreprises."
    practice.full_clean()


def test_best_practice_year_cannot_be_in_the_future(tree):
    practice = factories.best_practice(tree["section"], tree["security"])
    practice.year = timezone.now().year + 5
    assert "year" in errors_of(practice)


# --- Event --------------------------------------------------------------------------------


def test_event_must_end_after_it_starts(tree):
    event = factories.event(tree["section"], tree["security"])
    event.end = event.start
    assert "end" in errors_of(event)


def test_participants_are_counted_only_after_the_event(tree):
    event = factories.event(tree["section"], tree["security"], capacity=50)
    event.participants = 20
    assert "participants" in errors_of(event)
    past = factories.event(tree["section"], tree["security"], title="Passé", days=-10, capacity=50)
    past.participants = 20
    past.full_clean()
    past.participants = 51
    [message] = errors_of(past)["participants"]
    assert "(51)" in message and "(50)" in message  # participants and capacity, any language


def test_participants_without_capacity_are_unbounded(tree):
    past = factories.event(tree["section"], tree["security"], title="Passé", days=-3)
    past.participants = 500
    past.full_clean()


def test_on_site_event_needs_a_city_but_a_webinar_does_not(tree):
    event = factories.event(tree["section"], tree["security"])
    event.city = ""
    assert "city" in errors_of(event)
    event.event_format = event.Format.WEBINAR
    event.full_clean()


def test_unknown_timezone_is_refused(tree):
    event = factories.event(tree["section"], tree["security"])
    event.timezone = "Mars/Olympus_Mons"
    assert "timezone" in errors_of(event)


def test_local_times_are_shown_in_the_event_timezone(tree):
    start = dt.datetime(2031, 3, 10, 9, 0, tzinfo=dt.UTC)
    event = factories.event(
        tree["section"],
        tree["security"],
        start=start,
        end=start + dt.timedelta(hours=2),
        timezone="Atlantic/Azores",
    )
    assert event.local_start.hour == 8  # UTC-1 in March
    assert event.local_start.utcoffset() == dt.timedelta(hours=-1)


def test_admin_form_shows_stored_times_in_the_event_timezone(tree):
    start = dt.datetime(2031, 6, 1, 8, 0, tzinfo=dt.UTC)
    event = factories.event(
        tree["section"],
        tree["security"],
        start=start,
        end=start + dt.timedelta(hours=2),
        timezone="Europe/Lisbon",
    )
    form_class = event.get_edit_handler().get_form_class()
    assert issubclass(form_class, EventPageForm)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        form = form_class(instance=event, for_user=None, parent_page=tree["section"])
    assert form.initial["start"] == dt.datetime(2031, 6, 1, 9, 0)  # 09:00 in Lisbon (UTC+1)
    assert form.initial["end"] == dt.datetime(2031, 6, 1, 11, 0)
