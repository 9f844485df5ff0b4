"""Public newsletter pages, mounted under /<lang>/newsletter/ (see cms/urls.py): subscription,
the signed pages of a subscriber, and the archive of issues with its RSS and Atom feeds. The
One-Click endpoint of the List-Unsubscribe header is ``one_click_urlpatterns``, mounted outside
the language prefix: a mailbox provider POSTs to it with no cookie and no language. The open
image and the click redirect of the optional counting (newsletter.tracking) are mounted there
too."""

from django.urls import path

from . import feeds, views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.subscribe_sent, name="subscribe_sent"),
    path("issues/", views.archive, name="archive"),
    path("issues/rss/", feeds.IssuesRssFeed(), name="feed_rss"),
    path("issues/atom/", feeds.IssuesAtomFeed(), name="feed_atom"),
    path("confirm/<str:signature>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:signature>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:signature>/", views.preferences, name="preferences"),
    path("preferences/<str:signature>/export/", views.export, name="export"),
    path("preferences/<str:signature>/erase/", views.erase, name="erase"),
]

one_click_urlpatterns = [
    path("newsletter/one-click/<str:signature>/", views.one_click, name="newsletter-one-click"),
    # opens and clicks, counted only when NEWSLETTER_TRACK_OPENS_CLICKS is on
    path("newsletter/o/<str:token>.gif", views.track_open, name="newsletter-open"),
    path("newsletter/c/<str:token>/", views.track_click, name="newsletter-click"),
]
