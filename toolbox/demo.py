"""Demo content for the toolbox: the ten themes in four languages."""

from __future__ import annotations

from django.db import transaction

from .models import ThemePage

# key -> kind and per-locale fields. Source locale texts come first (fr by default).
THEMES: list[tuple[str, str, dict[str, dict[str, str]]]] = [
    (
        "business-management",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Gestion d'entreprise",
                "slug": "gestion-entreprise",
                "summary": "Outils numériques de gestion : facturation, comptabilité, relation client et ERP pour les petites entreprises.",
            },
            "es": {
                "title": "Gestión empresarial",
                "slug": "gestion-empresarial",
                "summary": "Herramientas digitales de gestión: facturación, contabilidad, relación con clientes y ERP para pequeñas empresas.",
            },
            "pt": {
                "title": "Gestão empresarial",
                "slug": "gestao-empresarial",
                "summary": "Ferramentas digitais de gestão: faturação, contabilidade, relação com clientes e ERP para pequenas empresas.",
            },
            "en": {
                "title": "Business management",
                "slug": "business-management",
                "summary": "Digital management tools: invoicing, accounting, customer relations and ERP for small businesses.",
            },
        },
    ),
    (
        "e-hr",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "e-RH",
                "slug": "e-rh",
                "summary": "Recrutement en ligne, formation à distance, télétravail et gestion numérique des ressources humaines.",
            },
            "es": {
                "title": "e-RRHH",
                "slug": "e-rrhh",
                "summary": "Contratación en línea, formación a distancia, teletrabajo y gestión digital de los recursos humanos.",
            },
            "pt": {
                "title": "e-RH",
                "slug": "e-rh",
                "summary": "Recrutamento online, formação à distância, teletrabalho e gestão digital dos recursos humanos.",
            },
            "en": {
                "title": "e-HR",
                "slug": "e-hr",
                "summary": "Online recruitment, distance learning, remote work and digital human-resources management.",
            },
        },
    ),
    (
        "security",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Sécurité des systèmes d'information",
                "slug": "securite-systemes-information",
                "summary": "Cybersécurité, sauvegardes, mots de passe et protection contre les rançongiciels.",
            },
            "es": {
                "title": "Seguridad de los sistemas de información",
                "slug": "seguridad-sistemas-informacion",
                "summary": "Ciberseguridad, copias de seguridad, contraseñas y protección contra el ransomware.",
            },
            "pt": {
                "title": "Segurança dos sistemas de informação",
                "slug": "seguranca-sistemas-informacao",
                "summary": "Cibersegurança, cópias de segurança, palavras-passe e proteção contra ransomware.",
            },
            "en": {
                "title": "Information-system security",
                "slug": "information-system-security",
                "summary": "Cybersecurity, backups, passwords and protection against ransomware.",
            },
        },
    ),
    (
        "business-intelligence",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Intelligence économique et veille",
                "slug": "intelligence-economique-veille",
                "summary": "Veille concurrentielle, technologique et réglementaire, e-réputation et outils de surveillance.",
            },
            "es": {
                "title": "Inteligencia económica y vigilancia",
                "slug": "inteligencia-economica-vigilancia",
                "summary": "Vigilancia competitiva, tecnológica y normativa, reputación en línea y herramientas de seguimiento.",
            },
            "pt": {
                "title": "Inteligência económica e vigilância",
                "slug": "inteligencia-economica-vigilancia",
                "summary": "Vigilância competitiva, tecnológica e regulamentar, reputação online e ferramentas de monitorização.",
            },
            "en": {
                "title": "Business intelligence and watch",
                "slug": "business-intelligence-watch",
                "summary": "Competitive, technology and regulatory watch, online reputation and monitoring tools.",
            },
        },
    ),
    (
        "mobility",
        ThemePage.Kind.GENERAL,
        {
            "fr": {
                "title": "Mobilité",
                "slug": "mobilite",
                "summary": "Applications mobiles, travail nomade, paiement mobile et sécurité des appareils.",
            },
            "es": {
                "title": "Movilidad",
                "slug": "movilidad",
                "summary": "Aplicaciones móviles, trabajo nómada, pago móvil y seguridad de los dispositivos.",
            },
            "pt": {
                "title": "Mobilidade",
                "slug": "mobilidade",
                "summary": "Aplicações móveis, trabalho nómada, pagamento móvel e segurança dos dispositivos.",
            },
            "en": {
                "title": "Mobility",
                "slug": "mobility",
                "summary": "Mobile apps, nomadic work, mobile payment and device security.",
            },
        },
    ),
    (
        "building",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Bâtiment",
                "slug": "batiment",
                "summary": "Maquette numérique (BIM), devis en ligne et outils de chantier pour les artisans du bâtiment.",
            },
            "es": {
                "title": "Construcción",
                "slug": "construccion",
                "summary": "Modelado digital (BIM), presupuestos en línea y herramientas de obra para los profesionales de la construcción.",
            },
            "pt": {
                "title": "Construção",
                "slug": "construcao",
                "summary": "Modelação digital (BIM), orçamentos online e ferramentas de obra para os profissionais da construção.",
            },
            "en": {
                "title": "Building",
                "slug": "building",
                "summary": "Building information modelling (BIM), online quotes and site tools for building trades.",
            },
        },
    ),
    (
        "tourism",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Tourisme",
                "slug": "tourisme",
                "summary": "Réservation en ligne, avis clients, visibilité sur les plateformes et marketing numérique touristique.",
            },
            "es": {
                "title": "Turismo",
                "slug": "turismo",
                "summary": "Reservas en línea, opiniones de clientes, visibilidad en plataformas y marketing digital turístico.",
            },
            "pt": {
                "title": "Turismo",
                "slug": "turismo",
                "summary": "Reservas online, opiniões de clientes, visibilidade nas plataformas e marketing digital turístico.",
            },
            "en": {
                "title": "Tourism",
                "slug": "tourism",
                "summary": "Online booking, customer reviews, platform visibility and digital tourism marketing.",
            },
        },
    ),
    (
        "commerce",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Commerce",
                "slug": "commerce",
                "summary": "Vente en ligne, caisse connectée, click-and-collect et présence sur les réseaux sociaux.",
            },
            "es": {
                "title": "Comercio",
                "slug": "comercio",
                "summary": "Venta en línea, caja conectada, click and collect y presencia en las redes sociales.",
            },
            "pt": {
                "title": "Comércio",
                "slug": "comercio",
                "summary": "Venda online, caixa conectada, click and collect e presença nas redes sociais.",
            },
            "en": {
                "title": "Retail",
                "slug": "retail",
                "summary": "Online sales, connected tills, click-and-collect and social media presence.",
            },
        },
    ),
    (
        "agri-food",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Agroalimentaire",
                "slug": "agroalimentaire",
                "summary": "Traçabilité, vente directe en ligne et capteurs connectés pour l'agroalimentaire.",
            },
            "es": {
                "title": "Agroalimentación",
                "slug": "agroalimentacion",
                "summary": "Trazabilidad, venta directa en línea y sensores conectados para el sector agroalimentario.",
            },
            "pt": {
                "title": "Agroalimentar",
                "slug": "agroalimentar",
                "summary": "Rastreabilidade, venda direta online e sensores conectados para o setor agroalimentar.",
            },
            "en": {
                "title": "Agri-food",
                "slug": "agri-food",
                "summary": "Traceability, direct online sales and connected sensors for agri-food businesses.",
            },
        },
    ),
    (
        "industry",
        ThemePage.Kind.SECTORAL,
        {
            "fr": {
                "title": "Industrie",
                "slug": "industrie",
                "summary": "Industrie 4.0, maintenance prédictive, objets connectés et cybersécurité des équipements.",
            },
            "es": {
                "title": "Industria",
                "slug": "industria",
                "summary": "Industria 4.0, mantenimiento predictivo, objetos conectados y ciberseguridad de los equipos.",
            },
            "pt": {
                "title": "Indústria",
                "slug": "industria",
                "summary": "Indústria 4.0, manutenção preditiva, objetos conectados e cibersegurança dos equipamentos.",
            },
            "en": {
                "title": "Industry",
                "slug": "industry",
                "summary": "Industry 4.0, predictive maintenance, connected devices and equipment cybersecurity.",
            },
        },
    ),
]


@transaction.atomic
def load(ctx) -> None:
    """The themes, as children of the source home page, each translated into every locale."""
    from home.demo import translate_missing

    source_code = ctx.source_locale.language_code
    for key, kind, texts in THEMES:
        theme = ThemePage.objects.filter(key=key, locale=ctx.source_locale).first()
        if theme is None:
            theme = ThemePage(key=key, kind=kind, locale=ctx.source_locale, **texts[source_code])
            ctx.home.add_child(instance=theme)
            theme.save_revision(user=ctx.user).publish()
            ctx.count("themes")
        translate_missing(ctx, theme, texts)
