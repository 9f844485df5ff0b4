import pytest

from . import factories


@pytest.fixture
def tree(db):
    """fr home, a general and a sectoral theme, a partner and its section."""
    home = factories.home()
    security = factories.theme()
    tourism = factories.theme(key="tourism", kind="sectoral", title="Tourisme")
    cybermassif = factories.partner()
    section = factories.section(cybermassif)
    return {
        "home": home,
        "security": security,
        "tourism": tourism,
        "partner": cybermassif,
        "section": section,
    }
