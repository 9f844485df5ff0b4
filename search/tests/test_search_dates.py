"""Search's date window: a bare date is a day in the site's time zone (Europe/Paris), on the
engine as in the database fallback and the /api/v1/ filters."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from search.tests.fixtures import load_corpus, search_engine  # noqa: F401

EVENT = (
    "new-year-workshop",
    "event",
    "security",
    {"start": dt.timedelta(minutes=45), "city": "Toulouse"},
    {"fr": ("Atelier du nouvel an", "Sauvegardes pour les TPE.", "Sauvegardes.")},
)


@pytest.mark.django_db
def test_date_window_is_a_day_in_the_site_time_zone(search_engine, client):  # noqa: F811
    # 23:30 in Paris on 31 December (22:30 UTC): the event starts at 00:15 on 1 January in
    # Paris, still 31 December (23:15) in UTC.
    with time_machine.travel("2026-12-31T22:30:00Z", tick=True):
        load_corpus([EVENT])

        def keys(**window):
            data = client.get("/api/v1/search/", {"q": "", "type": "event", **window}).json()
            assert data["degraded"] is False
            return [r["key"] for r in data["results"]]

        assert keys(date_from="2027-01-01", date_to="2027-01-01") == ["new-year-workshop"]
        assert keys(date_from="2027-01-01") == ["new-year-workshop"]
        assert keys(date_to="2026-12-31") == []
        assert keys(date_from="2026-12-31", date_to="2026-12-31") == []
