from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The trilingual newsletter: contacts merged from the partners' lists with consent per
    country, newsletter issues composed as Wagtail pages, and exactly-once sending by Celery."""

    name = "newsletter"
    verbose_name = _("Newsletter")
