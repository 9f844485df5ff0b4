"""The bilingual lexicon learned from our own translation groups (``search.lexicon``).

The encoder does not know "rançongiciel" (its similarity with a Spanish text on ransomware is
at noise level), so a Spanish-only item on ransomware is not found from that French word until
translated items teach the pair; then it is, on the real engine, through the API.
"""

from __future__ import annotations

import pytest

from search import lexicon
from search.tests.fixtures import load_corpus, search_engine  # noqa: F401

UNTRANSLATED = [
    (
        "ransomware-plan",
        "guide",
        "security",
        {},
        {
            "es": (
                "Plan de respuesta ante un ransomware",
                "Qué hacer en la primera hora cuando un programa cifra los archivos y pide "
                "un rescate.",
                "Aislar los equipos, avisar a la policía, restaurar desde las copias.",
            )
        },
    ),
    (
        "invoices-es",
        "guide",
        "digital",
        {},
        {
            "es": (
                "Emitir facturas electrónicas",
                "El formato y los plazos de la factura electrónica para autónomos.",
                "Programas gratuitos y obligaciones fiscales.",
            )
        },
    ),
    (
        "passwords-es",
        "guide",
        "security",
        {},
        {
            "es": (
                "Contraseñas robustas",
                "Un gestor de contraseñas para toda la plantilla.",
                "Frases largas y autenticación de dos factores.",
            )
        },
    ),
]

# items translated through the platform: their aligned versions teach the lexicon
TRANSLATED = [
    (
        "ransomware-workshop",
        "event",
        "security",
        {},
        {
            "fr": (
                "Rançongiciels : réagir vite",
                "Atelier pour les commerçants : les premiers gestes face aux rançongiciels.",
                "Exercice de crise en petits groupes.",
            ),
            "es": (
                "Ransomware: reaccionar rápido",
                "Taller para comerciantes: los primeros gestos frente al ransomware.",
                "Ejercicio de crisis en grupos pequeños.",
            ),
        },
    ),
    (
        "ransomware-insurance",
        "guide",
        "security",
        {},
        {
            "fr": (
                "Assurance et rançongiciels",
                "Ce que couvre une cyberassurance après une attaque par rançongiciel.",
                "Franchises, exclusions, délais de déclaration.",
            ),
            "es": (
                "Seguros y ransomware",
                "Lo que cubre un ciberseguro después de un ataque de ransomware.",
                "Franquicias, exclusiones, plazos de declaración.",
            ),
        },
    ),
]


def _keys(client, q: str) -> list[dict]:
    response = client.get("/api/v1/search/", {"q": q, "lang": "fr"})
    assert response.status_code == 200
    data = response.json()
    assert data["degraded"] is False
    return data["results"]


@pytest.mark.django_db
def test_lexicon_from_translation_groups_finds_untranslated_item(search_engine, client):  # noqa: F811
    load_corpus(UNTRANSLATED)
    # nothing teaches the pair yet: the French word finds nothing
    assert lexicon.expansions("rançongiciel", ["es"]) == {}
    assert [r["key"] for r in _keys(client, "rançongiciel")] == []

    load_corpus(TRANSLATED)
    # learned from the two translated items (accents folded, plural folded, the query's own
    # word first); a language with no aligned version learns nothing
    learned = lexicon.expansions("Rançongiciels", ["fr", "es", "pt"])
    assert set(learned) == {"es"}
    assert learned["es"][0][0] == "rancongiciel"
    assert "ransomware" in learned["es"][0][1:]
    # a word of the query the lexicon cannot translate stays itself
    assert lexicon.expansions("rançongiciel xyzzy", ["es"])["es"][1] == ["xyzzy"]

    results = _keys(client, "rançongiciel")
    keys = [r["key"] for r in results]
    # the translated items match the word itself; the Spanish-only plan is found through the
    # learned translation, matched in Spanish, and the unrelated Spanish items are not
    assert set(keys[:2]) == {"ransomware-workshop", "ransomware-insurance"}
    assert "ransomware-plan" in keys
    plan = results[keys.index("ransomware-plan")]
    assert plan["matched_locale"] == "es"
    assert plan["locale"] == "es"
    assert "invoices-es" not in keys and "passwords-es" not in keys
