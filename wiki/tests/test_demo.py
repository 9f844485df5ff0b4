"""The wiki's demo loader: runs after the site's own loaders, twice without duplicates."""

import pytest
from django.core.management import call_command
from django.test import Client

from home.demo import DemoContext, ensure_admin, ensure_locales
from wiki import demo, selectors
from wiki.models import WikiComment, WikiPage, WikiRevision, WorkingGroup


@pytest.fixture
def ctx(db):
    call_command("load_demo", "--no-index", verbosity=0)
    locales = ensure_locales()
    user, _created = ensure_admin()
    return DemoContext(user=user, locales=locales, source_locale=locales["fr"], log=lambda *a: None)


def test_demo_is_idempotent_and_realistic(ctx):
    demo.load(ctx)
    counts = (
        WorkingGroup.objects.count(),
        WikiPage.objects.count(),
        WikiRevision.objects.count(),
        WikiComment.objects.count(),
    )
    demo.load(ctx)
    assert counts == (
        WorkingGroup.objects.count(),
        WikiPage.objects.count(),
        WikiRevision.objects.count(),
        WikiComment.objects.count(),
    )
    guide = WikiPage.objects.get(title="Sauvegarder ses données")
    assert guide.revisions.filter(kind="merged").exists()
    assert "déconnectée" in guide.content and "par trimestre" in guide.content
    spanish = WikiPage.objects.get(language="es", translation_of=guide)
    assert selectors.translation_status(spanish).outdated
    assert {p.language for p in WikiPage.objects.all()} == {"fr", "es"}

    # the README's admin login sees every demo group (it used to see none)
    admin = Client()
    admin.force_login(ctx.user)
    index = admin.get("/fr/wiki/").content.decode()
    assert "Cybersécurité des TPE" in index and "Gestion numérique" in index
    assert "Aucun groupe" not in index
