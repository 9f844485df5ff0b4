"""Public URLs of the monitoring, mounted under /<lang>/survey/ (see cms/urls.py): the page a
contact reaches from a survey invitation. Everything else of the monitoring is in the admin
(``wagtail_hooks.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/", views.survey_answer, name="monitoring_survey_answer"),
]
