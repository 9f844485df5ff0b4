"""load_demo creates the trilingual site and can be run again without duplicating anything,
and prints only a few progress lines in the terminal of `make run`."""

import logging.config

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation

from cms.settings import dev as dev_settings
from home.management.commands import load_demo
from home.models import HomePage
from newsletter.models import Contact, NewsletterIssuePage
from toolbox.models import ThemePage


def counts():
    return {
        "locales": Locale.objects.count(),
        "pages": Page.objects.count(),
        "homes": HomePage.objects.count(),
        "themes": ThemePage.objects.count(),
        "translations": Translation.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "newsletter issues": NewsletterIssuePage.objects.count(),
        "newsletter contacts": Contact.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent(capsys):
    call_command("load_demo", "--no-index")
    first = counts()
    out = capsys.readouterr().out
    assert "Admin login: admin / " in out
    assert first["locales"] == 4
    assert first["homes"] == 4
    assert first["themes"] == 40
    assert first["newsletter issues"] == 8  # two issues in four languages
    assert first["newsletter contacts"] == 4
    call_command("load_demo", "--no-index")
    assert counts() == first
    assert "nothing to add" in capsys.readouterr().out


@pytest.mark.django_db
def test_translations_are_linked_and_translated():
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)
    source = ThemePage.objects.get(key="security", locale__language_code="fr")
    translated = {p.locale.language_code: p.specific for p in source.get_translations()}
    assert translated["es"].title == "Seguridad de los sistemas de información"
    assert translated["pt"].summary.startswith("Cibersegurança")
    assert translated["en"].key == "security"
    assert {code: p.live for code, p in translated.items()} == {"es": True, "pt": True, "en": True}
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == HomePage.objects.get(locale__language_code="fr")


def notify_a_demo_user(ctx):
    """A demo step that e-mails someone once its data is committed, as the wiki demo's edits,
    comments and mentions do (their notification tasks run in-process without a broker)."""
    transaction.on_commit(
        lambda: mail.send_mail(
            "[CyberSudoe wiki] claire.martin edited a page",
            "Hello ana.garcia,\n\nclaire.martin edited a page.",
            None,
            ["ana.garcia@cybersudoe.localhost"],
        )
    )


@pytest.mark.django_db(transaction=True)  # the demo's tasks and e-mails wait for the commit
def test_make_run_prints_a_short_progress(capfd, settings, monkeypatch):
    """`make run` (scripts/run.sh: dev settings, no broker) loads the demo with a few progress
    lines: no Celery task lines, no kombu warning, no e-mail printed by the console backend."""
    settings.EMAIL_BACKEND = dev_settings.EMAIL_BACKEND
    monkeypatch.setattr(
        load_demo, "MINIMAL_LOADERS", [*load_demo.MINIMAL_LOADERS, f"{__name__}.notify_a_demo_user"]
    )
    logging.config.dictConfig(dev_settings.LOGGING)
    try:
        call_command("load_demo", "--minimal", "--no-index")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    out, err = capfd.readouterr()
    terminal = (out + err).splitlines()
    assert "[3/3] tests.test_load_demo.notify_a_demo_user …" in out
    assert "1 demo notification e-mails not sent (demo addresses)." in out
    assert "Admin login: admin / " in out
    assert len(terminal) <= 8, terminal
    for noise in ("celery", "succeeded in", "kombu", "Subject:", "Hello ana.garcia"):
        assert noise not in out + err, noise
