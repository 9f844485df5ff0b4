"""A small trilingual corpus for the relevance test set.

Items mirror the toolbox (guides, videos, best practices, events, diagnostics) with the usual
mix: most exist in several languages, some in one language only. Texts are written the way
partners write them, not to match the queries.
"""

from __future__ import annotations

import datetime as dt

# key, kind, theme, extra, {locale: (title, summary, body)}
ITEMS: list[tuple[str, str, str, dict, dict[str, tuple[str, str, str]]]] = [
    (
        "ransomware-video",
        "video",
        "security",
        {},
        {
            "es": (
                "Cómo protegerse del ransomware",
                "Vídeo de sensibilización: qué hacer cuando un programa secuestra los archivos "
                "de la empresa y pide un rescate.",
                "Un ataque de secuestro de datos cifra los ordenadores de la pyme. Explicamos "
                "cómo prevenirlo, cómo reaccionar y por qué no hay que pagar el rescate.",
            ),
        },
    ),
    (
        "backup-guide",
        "guide",
        "security",
        {},
        {
            "fr": (
                "Réaliser des sauvegardes de ses données",
                "Guide pratique : la règle 3-2-1 pour ne jamais perdre les fichiers de "
                "l'entreprise.",
                "Trois copies, deux supports différents, une copie hors site. Planifier les "
                "sauvegardes automatiques et tester la restauration chaque trimestre.",
            ),
        },
    ),
    (
        "password-guide",
        "guide",
        "security",
        {},
        {
            "fr": (
                "Bien gérer ses mots de passe",
                "Créer des mots de passe robustes et utiliser un gestionnaire de mots de passe.",
                "Un mot de passe long, unique par service. L'authentification à deux facteurs "
                "protège les comptes même en cas de fuite.",
            ),
            "es": (
                "Gestionar bien las contraseñas",
                "Crear contraseñas robustas y usar un gestor de contraseñas.",
                "Una contraseña larga y única por servicio. La autenticación de dos factores "
                "protege las cuentas incluso en caso de filtración.",
            ),
            "pt": (
                "Gerir bem as palavras-passe",
                "Criar palavras-passe robustas e usar um gestor de palavras-passe.",
                "Uma palavra-passe longa e única por serviço. A autenticação de dois fatores "
                "protege as contas mesmo em caso de fuga.",
            ),
            "en": (
                "Managing passwords well",
                "Create strong passwords and use a password manager.",
                "A long password, unique to each service. Two-factor authentication protects "
                "accounts even after a leak.",
            ),
        },
    ),
    (
        "cybersecurity-basics",
        "guide",
        "security",
        {},
        {
            "fr": (
                "Les bases de la cybersécurité pour les TPE",
                "Les dix mesures essentielles de cybersécurité pour une petite entreprise.",
                "Mises à jour, antivirus, pare-feu, sensibilisation des salariés au phishing "
                "et plan de réponse aux incidents.",
            ),
        },
    ),
    (
        "phishing-video",
        "video",
        "security",
        {},
        {
            "pt": (
                "Reconhecer um e-mail de phishing",
                "Vídeo curto: os sinais que denunciam uma mensagem fraudulenta.",
                "Remetente estranho, urgência, ligação suspeita, pedido de dados bancários: "
                "aprenda a reconhecer o phishing antes de clicar.",
            ),
            "es": (
                "Reconocer un correo de phishing",
                "Vídeo corto: las señales que delatan un mensaje fraudulento.",
                "Remitente extraño, urgencia, enlace sospechoso, petición de datos bancarios: "
                "aprenda a reconocer el phishing antes de hacer clic.",
            ),
        },
    ),
    (
        "gdpr-guide",
        "guide",
        "security",
        {},
        {
            "fr": (
                "Se mettre en conformité avec le RGPD",
                "Registre des traitements, consentement et droits des personnes : le RGPD "
                "expliqué aux TPE.",
                "La protection des données personnelles des clients impose de tenir un "
                "registre, de limiter la conservation et de sécuriser les fichiers.",
            ),
            "es": (
                "Cumplir con el RGPD",
                "Registro de actividades, consentimiento y derechos de las personas: el RGPD "
                "explicado a las pymes.",
                "La protección de los datos personales de los clientes obliga a llevar un "
                "registro, limitar la conservación y proteger los ficheros.",
            ),
            "en": (
                "Complying with the GDPR",
                "Records of processing, consent and people's rights: the GDPR explained to "
                "small businesses.",
                "Protecting customers' personal data means keeping records, limiting "
                "retention and securing files.",
            ),
        },
    ),
    (
        "e-invoicing-guide",
        "guide",
        "business-management",
        {},
        {
            "fr": (
                "Passer à la facturation électronique",
                "Calendrier, plateformes et étapes pour dématérialiser ses factures.",
                "La facture électronique devient obligatoire : choisir une plateforme, "
                "adapter le logiciel de comptabilité et former l'équipe.",
            ),
            "es": (
                "Pasar a la facturación electrónica",
                "Calendario, plataformas y pasos para digitalizar las facturas.",
                "La factura electrónica será obligatoria: elegir una plataforma, adaptar el "
                "programa de contabilidad y formar al equipo.",
            ),
            "pt": (
                "Passar à faturação eletrónica",
                "Calendário, plataformas e etapas para desmaterializar as faturas.",
                "A fatura eletrónica torna-se obrigatória: escolher uma plataforma, adaptar o "
                "software de contabilidade e formar a equipa.",
            ),
        },
    ),
    (
        "erp-guide",
        "guide",
        "business-management",
        {},
        {
            "es": (
                "Elegir un ERP para la pequeña empresa",
                "Criterios para elegir un programa de gestión integrado.",
                "Inventario, pedidos, facturación y contabilidad en una sola herramienta; "
                "soluciones en la nube y de código abierto.",
            ),
            "en": (
                "Choosing an ERP for a small business",
                "Criteria for choosing integrated management software.",
                "Inventory, orders, invoicing and accounting in one tool; cloud and open "
                "source solutions.",
            ),
        },
    ),
    (
        "crm-practice",
        "best_practice",
        "business-management",
        {},
        {
            "pt": (
                "Uma padaria fideliza os clientes com um CRM",
                "Boa prática: um cartão de fidelidade digital ligado a um CRM simples.",
                "A padaria regista as compras, envia ofertas personalizadas e aumentou as "
                "vendas recorrentes em vinte por cento.",
            ),
        },
    ),
    (
        "cash-register",
        "guide",
        "commerce",
        {},
        {
            "fr": (
                "Choisir une caisse enregistreuse connectée",
                "Logiciel de caisse certifié, paiement sans contact et suivi des stocks.",
                "Une caisse connectée relie les ventes en boutique, le stock et la comptabilité.",
            ),
        },
    ),
    (
        "telework-guide",
        "guide",
        "e-hr",
        {},
        {
            "fr": (
                "Organiser le télétravail dans une petite équipe",
                "Outils collaboratifs, règles et sécurité pour travailler à distance.",
                "Visioconférence, messagerie d'équipe, partage de documents et charte de "
                "télétravail.",
            ),
            "es": (
                "Organizar el teletrabajo en un equipo pequeño",
                "Herramientas colaborativas, reglas y seguridad para trabajar a distancia.",
                "Videoconferencia, mensajería de equipo, documentos compartidos y carta de "
                "teletrabajo.",
            ),
            "pt": (
                "Organizar o teletrabalho numa pequena equipa",
                "Ferramentas colaborativas, regras e segurança para trabalhar à distância.",
                "Videoconferência, mensagens de equipa, partilha de documentos e carta de "
                "teletrabalho.",
            ),
            "en": (
                "Organising remote work in a small team",
                "Collaboration tools, rules and security for working remotely.",
                "Video calls, team chat, shared documents and a remote-work charter.",
            ),
        },
    ),
    (
        "online-recruitment",
        "video",
        "e-hr",
        {},
        {
            "es": (
                "Contratación en línea para pymes",
                "Publicar ofertas de empleo y seleccionar candidatos con herramientas digitales.",
                "Portales de empleo, redes profesionales y entrevistas por videoconferencia.",
            ),
        },
    ),
    (
        "e-learning",
        "guide",
        "e-hr",
        {},
        {
            "pt": (
                "Formação à distância dos colaboradores",
                "Plataformas de e-learning para formar a equipa sem parar a produção.",
                "Cursos online, microformação e acompanhamento das competências.",
            ),
            "fr": (
                "Former ses salariés à distance",
                "Plateformes d'e-learning pour former l'équipe sans arrêter la production.",
                "Cours en ligne, micro-formations et suivi des compétences.",
            ),
        },
    ),
    (
        "competitive-watch",
        "guide",
        "business-intelligence",
        {},
        {
            "fr": (
                "Mettre en place une veille concurrentielle",
                "Surveiller ses concurrents, ses clients et les appels d'offres avec des "
                "outils gratuits.",
                "Alertes, flux RSS, réseaux sociaux : organiser la collecte et le partage de "
                "l'information stratégique.",
            ),
            "es": (
                "Poner en marcha una vigilancia competitiva",
                "Vigilar a los competidores, a los clientes y las licitaciones con "
                "herramientas gratuitas.",
                "Alertas, flujos RSS, redes sociales: organizar la recogida y el reparto de la "
                "información estratégica.",
            ),
        },
    ),
    (
        "e-reputation",
        "video",
        "business-intelligence",
        {},
        {
            "en": (
                "Looking after your online reputation",
                "Answer customer reviews and keep an eye on what is said about your business.",
                "Review platforms, alerts on your brand name and a calm reply to negative "
                "comments.",
            ),
        },
    ),
    (
        "mobile-sales",
        "guide",
        "mobility",
        {},
        {
            "fr": (
                "Équiper ses commerciaux en mobilité",
                "Tablettes, applications de prise de commande et accès sécurisé au système "
                "d'information.",
                "Les commerciaux itinérants saisissent les commandes chez le client et "
                "consultent les stocks en temps réel.",
            ),
        },
    ),
    (
        "bim-building",
        "guide",
        "building",
        {},
        {
            "fr": (
                "Le BIM pour les artisans du bâtiment",
                "Maquette numérique partagée entre architectes, entreprises et maîtres d'ouvrage.",
                "La maquette numérique du bâtiment évite les erreurs de chantier et facilite "
                "les devis.",
            ),
            "es": (
                "El BIM para los artesanos de la construcción",
                "Maqueta digital compartida entre arquitectos, empresas y promotores.",
                "La maqueta digital del edificio evita errores en obra y facilita los "
                "presupuestos.",
            ),
        },
    ),
    (
        "site-tablet",
        "best_practice",
        "building",
        {},
        {
            "es": (
                "Una constructora digitaliza los partes de obra",
                "Buena práctica: partes diarios en tableta en lugar de papel.",
                "Fotos, firmas y horas de trabajo se registran en la obra y llegan a la "
                "oficina al instante.",
            ),
        },
    ),
    (
        "tourism-booking",
        "guide",
        "tourism",
        {},
        {
            "fr": (
                "Développer la réservation en ligne de son hébergement",
                "Moteur de réservation, places de marché et vente directe pour les gîtes et "
                "hôtels.",
                "Réduire la dépendance aux plateformes, gérer les disponibilités et les avis "
                "des voyageurs.",
            ),
            "pt": (
                "Desenvolver a reserva online do alojamento",
                "Motor de reservas, plataformas e venda direta para casas de turismo e hotéis.",
                "Reduzir a dependência das plataformas, gerir as disponibilidades e as "
                "opiniões dos viajantes.",
            ),
        },
    ),
    (
        "customer-reviews",
        "best_practice",
        "tourism",
        {},
        {
            "pt": (
                "Um hotel responde a todas as avaliações",
                "Boa prática: responder às opiniões dos hóspedes em 48 horas.",
                "O hotel melhorou a sua nota média e a taxa de ocupação respondendo "
                "sistematicamente aos comentários.",
            ),
        },
    ),
    (
        "online-shop",
        "guide",
        "commerce",
        {},
        {
            "es": (
                "Abrir una tienda online",
                "Comercio electrónico para el pequeño comercio: plataforma, pagos y envíos.",
                "Elegir la solución de tienda online, el medio de pago seguro y la logística.",
            ),
            "fr": (
                "Ouvrir une boutique en ligne",
                "Commerce électronique pour le petit commerce : plateforme, paiement et livraison.",
                "Choisir la solution de boutique en ligne, le moyen de paiement sécurisé et la "
                "logistique.",
            ),
            "en": (
                "Opening an online shop",
                "E-commerce for small retailers: platform, payment and delivery.",
                "Choosing the online shop solution, secure payment and logistics.",
            ),
        },
    ),
    (
        "click-collect",
        "best_practice",
        "commerce",
        {},
        {
            "fr": (
                "Une librairie lance le click and collect",
                "Bonne pratique : commander en ligne et retirer en magasin.",
                "La librairie a gardé ses clients pendant les fermetures grâce au retrait en "
                "boutique.",
            ),
        },
    ),
    (
        "traceability",
        "guide",
        "agri-food",
        {},
        {
            "es": (
                "Trazabilidad digital en la industria agroalimentaria",
                "Etiquetas, códigos QR y registros para seguir cada lote.",
                "Saber de dónde viene cada ingrediente y retirar un lote rápidamente.",
            ),
            "pt": (
                "Rastreabilidade digital na agroindústria",
                "Etiquetas, códigos QR e registos para seguir cada lote.",
                "Saber de onde vem cada ingrediente e retirar um lote rapidamente.",
            ),
        },
    ),
    (
        "direct-sales",
        "video",
        "agri-food",
        {},
        {
            "fr": (
                "Vendre ses produits fermiers en circuit court",
                "Vidéo : des producteurs vendent en ligne directement aux consommateurs.",
                "Drive fermier, paniers commandés sur internet et paiement en ligne.",
            ),
        },
    ),
    (
        "predictive-maintenance",
        "guide",
        "industry",
        {},
        {
            "en": (
                "Predictive maintenance with connected sensors",
                "Use vibration and temperature sensors to repair machines before they break.",
                "Industry 4.0 for small workshops: data collection, alerts and maintenance "
                "planning.",
            ),
            "fr": (
                "La maintenance prédictive avec des capteurs connectés",
                "Des capteurs de vibration et de température pour réparer les machines avant "
                "la panne.",
                "L'industrie 4.0 pour les petits ateliers : collecte de données, alertes et "
                "planification de la maintenance.",
            ),
        },
    ),
    (
        "industry-cyber",
        "video",
        "industry",
        {},
        {
            "pt": (
                "Proteger as máquinas ligadas à rede",
                "Vídeo sobre a segurança dos equipamentos industriais conectados.",
                "Segmentar a rede da fábrica, atualizar os autómatos e controlar os acessos "
                "remotos.",
            ),
        },
    ),
    (
        "maturity-diagnostic",
        "diagnostic",
        "business-management",
        {},
        {
            "fr": (
                "Autodiagnostic de maturité numérique",
                "Vingt questions pour situer votre entreprise et recevoir des recommandations.",
                "Questionnaire en ligne : équipement, usages, sécurité, compétences.",
            ),
            "es": (
                "Autodiagnóstico de madurez digital",
                "Veinte preguntas para situar su empresa y recibir recomendaciones.",
                "Cuestionario en línea: equipamiento, usos, seguridad, competencias.",
            ),
            "pt": (
                "Autodiagnóstico de maturidade digital",
                "Vinte perguntas para situar a sua empresa e receber recomendações.",
                "Questionário online: equipamento, usos, segurança, competências.",
            ),
        },
    ),
    (
        "security-diagnostic",
        "diagnostic",
        "security",
        {},
        {
            "es": (
                "Test de ciberseguridad para pymes",
                "Evalúe en diez minutos el nivel de protección de su empresa.",
                "Preguntas sobre copias, contraseñas, actualizaciones y formación del personal.",
            ),
        },
    ),
    (
        "social-media",
        "guide",
        "commerce",
        {},
        {
            "pt": (
                "Marketing digital nas redes sociais",
                "Publicar, animar uma comunidade e medir os resultados no comércio local.",
                "Calendário editorial, fotografias dos produtos e publicidade segmentada.",
            ),
        },
    ),
    (
        "website-accessibility",
        "guide",
        "business-management",
        {},
        {
            "en": (
                "Making your website accessible",
                "Simple steps so that everyone, including people with disabilities, can use "
                "your site.",
                "Contrast, text alternatives for images, keyboard navigation and clear language.",
            ),
        },
    ),
    (
        "cloud-guide",
        "guide",
        "business-management",
        {},
        {
            "fr": (
                "Passer au cloud sans risque",
                "Hébergement des données, contrats et réversibilité.",
                "Choisir un hébergeur, vérifier la localisation des données et prévoir la "
                "sortie du contrat.",
            ),
            "es": (
                "Pasar a la nube sin riesgos",
                "Alojamiento de datos, contratos y reversibilidad.",
                "Elegir un proveedor, comprobar la ubicación de los datos y prever la salida "
                "del contrato.",
            ),
        },
    ),
    (
        "incident-response",
        "guide",
        "security",
        {},
        {
            "en": (
                "What to do after a cyber attack",
                "The first hours after an incident: isolate, report, restore.",
                "Disconnect infected computers, call for help, file a complaint and restore "
                "from clean copies.",
            ),
        },
    ),
    (
        "golden-rules",
        "charter",
        "security",
        {},
        {
            "fr": (
                "La charte des règles d'or",
                "Les règles d'or du numérique partagées par les partenaires.",
                "Mettre à jour, sauvegarder, sensibiliser, protéger les accès et préparer la "
                "reprise d'activité.",
            ),
            "es": (
                "La carta de las reglas de oro",
                "Las reglas de oro de lo digital compartidas por los socios.",
                "Actualizar, hacer copias, sensibilizar, proteger los accesos y preparar la "
                "reanudación de la actividad.",
            ),
        },
    ),
    (
        "event-toulouse",
        "event",
        "security",
        {"start": dt.timedelta(days=20), "city": "Toulouse"},
        {
            "fr": (
                "Conférence cybersécurité à Toulouse",
                "Matinée de sensibilisation aux cyberattaques pour les dirigeants de TPE.",
                "Témoignages d'entreprises victimes, démonstration d'attaque et conseils "
                "pratiques.",
            ),
            "es": (
                "Conferencia de ciberseguridad en Toulouse",
                "Mañana de sensibilización sobre ciberataques para directivos de pymes.",
                "Testimonios de empresas víctimas, demostración de ataque y consejos prácticos.",
            ),
        },
    ),
    (
        "event-bilbao-past",
        "event",
        "security",
        {"start": -dt.timedelta(days=200), "city": "Bilbao"},
        {
            "es": (
                "Jornada de ciberseguridad en Bilbao",
                "Jornada pasada sobre ciberataques para directivos de pymes.",
                "Testimonios de empresas víctimas y consejos prácticos de ciberseguridad.",
            ),
        },
    ),
    (
        "event-porto",
        "event",
        "commerce",
        {"start": dt.timedelta(days=45), "city": "Porto"},
        {
            "pt": (
                "Workshop de comércio eletrónico no Porto",
                "Sessão prática para lojistas que querem vender online.",
                "Criar a loja online, escolher os meios de pagamento e organizar os envios.",
            ),
        },
    ),
    (
        "event-pau-tourism",
        "event",
        "tourism",
        {"start": dt.timedelta(days=70), "city": "Pau"},
        {
            "fr": (
                "Atelier tourisme numérique à Pau",
                "Les outils de réservation et d'avis clients pour les hébergeurs.",
                "Démonstrations de moteurs de réservation et de gestion des avis.",
            ),
        },
    ),
    (
        "event-zaragoza-hr",
        "event",
        "e-hr",
        {"start": dt.timedelta(days=10), "city": "Zaragoza"},
        {
            "es": (
                "Taller de teletrabajo en Zaragoza",
                "Organizar el trabajo a distancia en la pyme.",
                "Herramientas, derecho a la desconexión y seguridad del teletrabajo.",
            ),
        },
    ),
    # written from the demo content (toolbox/demo_items.py)
    (
        "invoicing-software-guide",
        "guide",
        "business-management",
        {},
        {
            "fr": (
                "Choisir son logiciel de facturation",
                "Les critères pour choisir un outil de facturation adapté à une TPE.",
                "Devis, factures, relances et export comptable : comparer les offres avant "
                "l'obligation de facture électronique.",
            ),
            "es": (
                "Elegir un programa de facturación",
                "Los criterios para elegir una herramienta de facturación adaptada a una "
                "microempresa.",
                "Presupuestos, facturas, recordatorios y exportación contable: comparar las "
                "ofertas.",
            ),
        },
    ),
    (
        "smartphone-security-video",
        "video",
        "mobility",
        {},
        {
            "fr": (
                "Sécuriser son smartphone professionnel",
                "Verrouillage, mises à jour et applications : protéger le téléphone de "
                "l'entreprise.",
                "Un téléphone perdu ouvre l'accès aux courriels et aux clients. Code, "
                "chiffrement et effacement à distance.",
            ),
            "pt": (
                "Proteger o smartphone profissional",
                "Bloqueio, atualizações e aplicações: proteger o telemóvel da empresa.",
                "Um telemóvel perdido dá acesso aos e-mails e aos clientes. Código, cifragem e "
                "apagamento remoto.",
            ),
        },
    ),
    (
        "rural-cyber-workshops",
        "best_practice",
        "security",
        {},
        {
            "es": (
                "Ciberatalleres itinerantes en zonas rurales",
                "Talleres prácticos de seguridad informática que recorren los pueblos.",
                "Un autobús equipado lleva a los asesores hasta los artesanos y comercios de "
                "las zonas rurales.",
            ),
        },
    ),
]

# Thesaurus concepts available to the queries (the "hardest" category must do without them).
THESAURUS = {
    "cybersecurity": {
        "fr": ["cybersécurité"],
        "es": ["ciberseguridad"],
        "pt": ["cibersegurança"],
        "en": ["cybersecurity"],
    },
    "e-invoicing": {
        "fr": ["facture électronique", "facturation électronique"],
        "es": ["factura electrónica", "facturación electrónica"],
        "pt": ["fatura eletrónica", "faturação eletrónica"],
        "en": ["e-invoicing", "electronic invoice"],
    },
    "remote-work": {
        "fr": ["télétravail"],
        "es": ["teletrabajo"],
        "pt": ["teletrabalho"],
        "en": ["remote work", "telework"],
    },
}

# (category, query, API parameters, item keys a visitor expects in the first ten results)
QUERIES: list[tuple[str, str, dict, list[str]]] = [
    # monolingual: query and item in the same language
    ("monolingual", "mots de passe", {"lang": "fr"}, ["password-guide"]),
    ("monolingual", "facturación electrónica", {"lang": "es"}, ["e-invoicing-guide"]),
    ("monolingual", "reserva online alojamento", {"lang": "pt"}, ["tourism-booking"]),
    ("monolingual", "predictive maintenance", {"lang": "en"}, ["predictive-maintenance"]),
    ("monolingual", "veille concurrentielle", {"lang": "fr"}, ["competitive-watch"]),
    ("monolingual", "tienda online", {"lang": "es"}, ["online-shop"]),
    ("monolingual", "rastreabilidade", {"lang": "pt"}, ["traceability"]),
    ("monolingual", "online reputation", {"lang": "en"}, ["e-reputation"]),
    ("monolingual", "maquette numérique bâtiment", {"lang": "fr"}, ["bim-building"]),
    # cross-language: the item exists only in other languages; shared words or thesaurus
    (
        "cross_language",
        "ciberseguridad",
        {"lang": "es"},
        ["cybersecurity-basics", "event-toulouse", "security-diagnostic", "event-bilbao-past"],
    ),
    (
        "cross_language",
        "cybersecurity",
        {"lang": "en"},
        ["cybersecurity-basics", "event-toulouse", "security-diagnostic", "event-bilbao-past"],
    ),
    ("cross_language", "teletrabalho", {"lang": "pt"}, ["event-zaragoza-hr", "telework-guide"]),
    ("cross_language", "phishing", {"lang": "fr"}, ["phishing-video"]),
    ("cross_language", "ERP", {"lang": "fr"}, ["erp-guide"]),
    ("cross_language", "electronic invoice", {"lang": "en"}, ["e-invoicing-guide"]),
    ("cross_language", "CRM", {"lang": "es"}, ["crm-practice"]),
    ("cross_language", "BIM", {"lang": "pt"}, ["bim-building"]),
    # hardest: single-language item, no shared word, no thesaurus concept
    ("hardest", "rançongiciel", {"lang": "fr"}, ["ransomware-video"]),
    ("hardest", "copia de seguridad", {"lang": "es"}, ["backup-guide"]),
    ("hardest", "backup of company files", {"lang": "en"}, ["backup-guide"]),
    ("hardest", "venda direta de produtos agrícolas", {"lang": "pt"}, ["direct-sales"]),
    ("hardest", "caja registradora", {"lang": "es"}, ["cash-register"]),
    ("hardest", "avis des clients hôtel", {"lang": "fr"}, ["customer-reviews"]),
    ("hardest", "recrutement en ligne", {"lang": "fr"}, ["online-recruitment"]),
    ("hardest", "accessibilité du site web", {"lang": "fr"}, ["website-accessibility"]),
    (
        "hardest",
        "sécurité",
        {"lang": "fr", "type": "diagnostic"},
        ["maturity-diagnostic", "security-diagnostic"],
    ),
    # accents: typed without them
    # (was "securite des donnees" -> gdpr/backup guides: neither says "sécurité"; they were only
    # found because the stop word "des" counted as a matched word in the unstemmed fields)
    ("accents", "protection des donnees", {"lang": "fr"}, ["gdpr-guide"]),
    ("accents", "facturacion electronica", {"lang": "es"}, ["e-invoicing-guide"]),
    ("accents", "formacao a distancia", {"lang": "pt"}, ["e-learning"]),
    ("accents", "teletravail", {"lang": "fr"}, ["telework-guide"]),
    ("accents", "autodiagnostico", {"lang": "es"}, ["maturity-diagnostic"]),
    # typos
    (
        "typos",
        "cybersecuritee",
        {"lang": "fr"},
        ["cybersecurity-basics", "event-toulouse", "security-diagnostic", "event-bilbao-past"],
    ),
    ("typos", "contrasenas robutas", {"lang": "es"}, ["password-guide"]),
    ("typos", "maintenence predictive", {"lang": "en"}, ["predictive-maintenance"]),
    ("typos", "rastreabilidde", {"lang": "pt"}, ["traceability"]),
    ("typos", "phising", {"lang": "es"}, ["phishing-video"]),
    # plurals and stems
    ("stems", "sauvegarde", {"lang": "fr"}, ["backup-guide"]),
    ("stems", "contraseña", {"lang": "es"}, ["password-guide"]),
    ("stems", "passwords", {"lang": "en"}, ["password-guide"]),
    ("stems", "fatura", {"lang": "pt"}, ["e-invoicing-guide"]),
    ("stems", "capteur connecté", {"lang": "fr"}, ["predictive-maintenance"]),
    # phrases in quotes
    ("phrases", '"règle 3-2-1"', {"lang": "fr"}, ["backup-guide"]),
    ("phrases", '"dos factores"', {"lang": "es"}, ["password-guide"]),
    ("phrases", '"click and collect"', {"lang": "fr"}, ["click-collect"]),
    ("phrases", '"maqueta digital"', {"lang": "es"}, ["bim-building"]),
    # filters
    (
        "filters",
        "ciberseguridad",
        {"lang": "es", "type": "event"},
        ["event-toulouse", "event-bilbao-past"],
    ),
    (
        "filters",
        "",
        {"lang": "fr", "type": "event", "date_from": "TODAY"},
        ["event-zaragoza-hr", "event-toulouse", "event-porto", "event-pau-tourism"],
    ),
    ("filters", "reserva", {"lang": "pt", "theme": "tourism"}, ["tourism-booking"]),
    (
        "filters",
        "teletrabajo",
        {"lang": "es", "locale": "es", "type": "event"},
        ["event-zaragoza-hr"],
    ),
    (
        "filters",
        "contraseñas",
        {"lang": "es", "theme": "security", "type": "guide"},
        ["password-guide"],
    ),
    # written from the demo content
    ("monolingual", "logiciel de facturation", {"lang": "fr"}, ["invoicing-software-guide"]),
    ("stems", "smartphones professionnels", {"lang": "fr"}, ["smartphone-security-video"]),
    ("typos", "smartphnoe profissional", {"lang": "pt"}, ["smartphone-security-video"]),
    ("cross_language", "programa de facturación", {"lang": "pt"}, ["invoicing-software-guide"]),
    ("accents", "securiser telephone", {"lang": "fr"}, ["smartphone-security-video"]),
    ("accents", "telemovel perdido", {"lang": "pt"}, ["smartphone-security-video"]),
    ("typos", "logiciel de facturaton", {"lang": "fr"}, ["invoicing-software-guide"]),
    ("cross_language", "telemóvel", {"lang": "fr"}, ["smartphone-security-video"]),
    ("monolingual", "autobús asesores", {"lang": "es"}, ["rural-cyber-workshops"]),
    (
        "hardest",
        "ateliers informatiques dans les villages",
        {"lang": "fr"},
        ["rural-cyber-workshops"],
    ),
]
