"""Demo data: toolbox items in French (source), Spanish, Portuguese and English.

Each item is a dict: type, key, partner (key, or None for the network section), theme,
sectors, audiences, tags, title, summary, body (blocks built with H, P, C, L, Q, T below),
``fields`` (language-neutral values) and ``texts`` (other translatable fields). ``languages``
restricts an item to some languages (the first is its source), for single-language items.
"""

from __future__ import annotations

from .demo_partners import Tr


def H(text: Tr):
    return ("heading", {"text": text, "level": "h2"})


def P(text: Tr):
    return ("paragraph", text)


def C(kind: str, title: Tr, text: Tr):
    return ("callout", {"kind": kind, "title": title, "text": text})


def L(title: Tr, items: list[Tr]):
    return ("checklist", {"title": title, "items": items})


def Q(text: Tr, attribution: str):
    return ("quote", {"text": text, "attribution": attribution})


def T(caption: Tr, header: list[Tr], rows: list[list[Tr | str]]):
    return ("table", {"caption": caption, "header": header, "rows": rows})


GUIDES = [
    {
        "type": "guide",
        "key": "passwords-guide",
        "partner": "cybermassif",
        "theme": "security",
        "sectors": [],
        "audiences": ["micro-enterprises", "craft-businesses"],
        "tags": ["passwords", "mfa"],
        "fields": {"level": "beginner"},
        "title": Tr(
            "Mots de passe : le guide pratique pour les TPE",
            "Contraseñas: guía práctica para microempresas",
            "Palavras-passe: guia prático para microempresas",
            "Passwords: a practical guide for micro-businesses",
        ),
        "summary": Tr(
            "Créer des mots de passe solides, les retenir sans les noter et activer la double authentification sur les comptes qui comptent.",
            "Crear contraseñas robustas, recordarlas sin anotarlas y activar la doble autenticación en las cuentas importantes.",
            "Criar palavras-passe fortes, memorizá-las sem as anotar e ativar a dupla autenticação nas contas importantes.",
            "Create strong passwords, remember them without writing them down and turn on two-factor authentication where it matters.",
        ),
        "body": [
            H(
                Tr(
                    "Pourquoi c'est important",
                    "Por qué es importante",
                    "Porque é importante",
                    "Why it matters",
                )
            ),
            P(
                Tr(
                    "<p>La plupart des intrusions dans les petites entreprises commencent par un mot de passe deviné ou réutilisé. Un gestionnaire de mots de passe et la double authentification suppriment l'essentiel de ce risque pour un coût quasi nul.</p>",
                    "<p>La mayoría de las intrusiones en pequeñas empresas empiezan con una contraseña adivinada o reutilizada. Un gestor de contraseñas y la doble autenticación eliminan casi todo ese riesgo con un coste casi nulo.</p>",
                    "<p>A maioria das intrusões nas pequenas empresas começa com uma palavra-passe adivinhada ou reutilizada. Um gestor de palavras-passe e a dupla autenticação eliminam quase todo esse risco a um custo quase nulo.</p>",
                    "<p>Most break-ins at small businesses start with a guessed or reused password. A password manager and two-factor authentication remove most of that risk at almost no cost.</p>",
                )
            ),
            C(
                "tip",
                Tr(
                    "La phrase de passe",
                    "La frase de contraseña",
                    "A frase-passe",
                    "The passphrase",
                ),
                Tr(
                    "<p>Quatre mots sans lien, par exemple « rivière violon tartine nuage », sont plus longs à casser qu'un mot compliqué de huit caractères, et plus faciles à retenir.</p>",
                    "<p>Cuatro palabras sin relación, por ejemplo «río violín tostada nube», son más difíciles de descifrar que una palabra complicada de ocho caracteres, y más fáciles de recordar.</p>",
                    "<p>Quatro palavras sem relação, por exemplo «rio violino torrada nuvem», são mais difíceis de decifrar do que uma palavra complicada de oito caracteres, e mais fáceis de lembrar.</p>",
                    "<p>Four unrelated words, such as “river violin toast cloud”, take longer to crack than a complicated eight-character word, and are easier to remember.</p>",
                ),
            ),
            L(
                Tr(
                    "À faire cette semaine",
                    "Para hacer esta semana",
                    "A fazer esta semana",
                    "To do this week",
                ),
                [
                    Tr(
                        "Installer un gestionnaire de mots de passe",
                        "Instalar un gestor de contraseñas",
                        "Instalar um gestor de palavras-passe",
                        "Install a password manager",
                    ),
                    Tr(
                        "Activer la double authentification sur la messagerie et la banque",
                        "Activar la doble autenticación en el correo y el banco",
                        "Ativar a dupla autenticação no correio eletrónico e no banco",
                        "Turn on two-factor authentication for email and banking",
                    ),
                    Tr(
                        "Changer les mots de passe utilisés sur plusieurs sites",
                        "Cambiar las contraseñas usadas en varios sitios",
                        "Mudar as palavras-passe usadas em vários sites",
                        "Change passwords used on more than one site",
                    ),
                ],
            ),
        ],
    },
    {
        "type": "guide",
        "key": "invoicing-software-guide",
        "partner": "cci-bordeaux",
        "theme": "business-management",
        "sectors": ["commerce"],
        "audiences": ["micro-enterprises"],
        "tags": ["invoicing", "e-invoicing", "cloud"],
        "fields": {"level": "beginner"},
        "title": Tr(
            "Choisir son logiciel de facturation",
            "Elegir un programa de facturación",
            "Escolher um programa de faturação",
            "Choosing invoicing software",
        ),
        "summary": Tr(
            "Les critères pour choisir un outil de facturation adapté à une petite entreprise, et se préparer à la facture électronique obligatoire.",
            "Los criterios para elegir una herramienta de facturación adaptada a una pequeña empresa y prepararse para la factura electrónica obligatoria.",
            "Os critérios para escolher uma ferramenta de faturação adequada a uma pequena empresa e preparar-se para a fatura eletrónica obrigatória.",
            "How to choose an invoicing tool that fits a small business, and get ready for mandatory e-invoicing.",
        ),
        "body": [
            H(
                Tr(
                    "Les questions à se poser",
                    "Las preguntas que hay que hacerse",
                    "As perguntas a fazer",
                    "Questions to ask",
                )
            ),
            P(
                Tr(
                    "<p>Combien de factures émettez-vous par mois ? Qui les prépare ? Votre expert-comptable doit-il y accéder ? Les réponses orientent vers un logiciel installé, un service en ligne ou le module de facturation de votre caisse.</p>",
                    "<p>¿Cuántas facturas emite al mes? ¿Quién las prepara? ¿Necesita acceder su gestor? Las respuestas orientan hacia un programa instalado, un servicio en línea o el módulo de facturación de su caja.</p>",
                    "<p>Quantas faturas emite por mês? Quem as prepara? O seu contabilista precisa de lhes aceder? As respostas orientam para um programa instalado, um serviço online ou o módulo de faturação da sua caixa.</p>",
                    "<p>How many invoices do you issue a month? Who prepares them? Does your accountant need access? The answers point to installed software, an online service or your till's invoicing module.</p>",
                )
            ),
            T(
                Tr(
                    "Comparer les solutions",
                    "Comparar las soluciones",
                    "Comparar as soluções",
                    "Comparing the options",
                ),
                [
                    Tr("Solution", "Solución", "Solução", "Option"),
                    Tr("Coût", "Coste", "Custo", "Cost"),
                    Tr("Point fort", "Punto fuerte", "Ponto forte", "Strength"),
                ],
                [
                    [
                        Tr(
                            "Logiciel installé",
                            "Programa instalado",
                            "Programa instalado",
                            "Installed software",
                        ),
                        Tr("Licence unique", "Licencia única", "Licença única", "One-off licence"),
                        Tr(
                            "Fonctionne hors ligne",
                            "Funciona sin conexión",
                            "Funciona sem ligação",
                            "Works offline",
                        ),
                    ],
                    [
                        Tr(
                            "Service en ligne",
                            "Servicio en línea",
                            "Serviço online",
                            "Online service",
                        ),
                        Tr(
                            "Abonnement mensuel",
                            "Suscripción mensual",
                            "Assinatura mensal",
                            "Monthly subscription",
                        ),
                        Tr(
                            "Partage avec le comptable",
                            "Acceso compartido con el gestor",
                            "Partilha com o contabilista",
                            "Shared with the accountant",
                        ),
                    ],
                ],
            ),
            C(
                "warning",
                Tr(
                    "Facture électronique",
                    "Factura electrónica",
                    "Fatura eletrónica",
                    "E-invoicing",
                ),
                Tr(
                    "<p>Vérifiez que l'outil choisi sait émettre et recevoir des factures électroniques au format exigé dans votre pays.</p>",
                    "<p>Compruebe que la herramienta elegida puede emitir y recibir facturas electrónicas en el formato exigido en su país.</p>",
                    "<p>Verifique se a ferramenta escolhida emite e recebe faturas eletrónicas no formato exigido no seu país.</p>",
                    "<p>Check that the tool can issue and receive e-invoices in the format required in your country.</p>",
                ),
            ),
        ],
    },
    {
        "type": "guide",
        "key": "remote-work-guide",
        "partner": "fundacion-insula-barataria",
        "theme": "e-hr",
        "sectors": [],
        "audiences": ["micro-enterprises", "women-founders"],
        "tags": ["teleworking", "collaboration"],
        "fields": {"level": "intermediate"},
        "title": Tr(
            "Réussir le télétravail dans une petite entreprise",
            "Teletrabajo con éxito en una pequeña empresa",
            "Teletrabalho com sucesso numa pequena empresa",
            "Making remote work succeed in a small business",
        ),
        "summary": Tr(
            "Organiser le travail à distance : outils collaboratifs, règles d'équipe, sécurité des connexions et droit à la déconnexion.",
            "Organizar el trabajo a distancia: herramientas colaborativas, normas de equipo, seguridad de las conexiones y derecho a la desconexión.",
            "Organizar o trabalho à distância: ferramentas colaborativas, regras de equipa, segurança das ligações e direito a desligar.",
            "Organising remote work: collaboration tools, team rules, secure connections and the right to disconnect.",
        ),
        "body": [
            H(
                Tr(
                    "Des règles avant les outils",
                    "Normas antes que herramientas",
                    "Regras antes das ferramentas",
                    "Rules before tools",
                )
            ),
            P(
                Tr(
                    "<p>Le télétravail réussit quand l'équipe s'accorde sur les horaires de disponibilité, les canaux à utiliser et la façon de suivre les tâches. Les outils viennent ensuite.</p>",
                    "<p>El teletrabajo funciona cuando el equipo acuerda los horarios de disponibilidad, los canales que usar y la forma de seguir las tareas. Las herramientas vienen después.</p>",
                    "<p>O teletrabalho resulta quando a equipa acorda os horários de disponibilidade, os canais a usar e a forma de acompanhar as tarefas. As ferramentas vêm depois.</p>",
                    "<p>Remote work succeeds when the team agrees on availability hours, which channels to use and how to track tasks. Tools come second.</p>",
                )
            ),
            L(
                Tr(
                    "La charte d'équipe",
                    "La carta del equipo",
                    "A carta da equipa",
                    "The team charter",
                ),
                [
                    Tr(
                        "Plages horaires où chacun est joignable",
                        "Franjas horarias en las que todos están localizables",
                        "Horários em que todos estão contactáveis",
                        "Hours when everyone can be reached",
                    ),
                    Tr(
                        "Un canal pour l'urgent, un autre pour le reste",
                        "Un canal para lo urgente y otro para lo demás",
                        "Um canal para o urgente e outro para o resto",
                        "One channel for urgent matters, another for the rest",
                    ),
                    Tr(
                        "Une réunion courte chaque semaine",
                        "Una reunión breve cada semana",
                        "Uma reunião curta por semana",
                        "A short meeting every week",
                    ),
                ],
            ),
            Q(
                Tr(
                    "Nous avons gagné une heure de trajet par jour sans perdre le contact avec nos clients.",
                    "Ganamos una hora de trayecto al día sin perder el contacto con nuestros clientes.",
                    "Ganhámos uma hora de viagem por dia sem perder o contacto com os nossos clientes.",
                    "We saved an hour's commute a day without losing touch with our customers.",
                ),
                "Gerente, agencia de diseño, Toledo",
            ),
        ],
    },
    {
        "type": "guide",
        "key": "bim-for-craftspeople-guide",
        "partner": "ceei-burgos",
        "theme": "building",
        "sectors": ["building"],
        "audiences": ["craft-businesses"],
        "tags": ["bim", "quotes"],
        "fields": {"level": "intermediate"},
        "title": Tr(
            "Le BIM expliqué aux artisans du bâtiment",
            "El BIM explicado a los profesionales de la construcción",
            "O BIM explicado aos profissionais da construção",
            "BIM explained to building trades",
        ),
        "summary": Tr(
            "Ce que la maquette numérique change pour un artisan : lire un modèle, chiffrer plus juste et échanger avec l'architecte.",
            "Lo que el modelado digital cambia para un profesional: leer un modelo, presupuestar con más precisión y colaborar con el arquitecto.",
            "O que a modelação digital muda para um profissional: ler um modelo, orçamentar com mais rigor e trabalhar com o arquiteto.",
            "What building information modelling changes for a tradesperson: reading a model, pricing more accurately and working with the architect.",
        ),
        "body": [
            H(
                Tr(
                    "Une maquette partagée",
                    "Un modelo compartido",
                    "Um modelo partilhado",
                    "A shared model",
                )
            ),
            P(
                Tr(
                    "<p>Le BIM rassemble dans une maquette numérique les plans, les quantités et les caractéristiques des matériaux. Même sans logiciel de conception, une visionneuse gratuite suffit pour extraire les métrés et repérer les conflits avant le chantier.</p>",
                    "<p>El BIM reúne en un modelo digital los planos, las mediciones y las características de los materiales. Incluso sin programa de diseño, un visor gratuito basta para extraer mediciones y detectar conflictos antes de la obra.</p>",
                    "<p>O BIM reúne num modelo digital as plantas, as quantidades e as características dos materiais. Mesmo sem programa de conceção, um visualizador gratuito basta para extrair medições e detetar conflitos antes da obra.</p>",
                    "<p>BIM brings drawings, quantities and material properties together in one digital model. Even without design software, a free viewer is enough to take off quantities and spot clashes before work starts.</p>",
                )
            ),
            C(
                "info",
                Tr("Pour commencer", "Para empezar", "Para começar", "Getting started"),
                Tr(
                    "<p>Demandez à l'architecte le fichier IFC du projet : c'est le format ouvert que toutes les visionneuses savent lire.</p>",
                    "<p>Pida al arquitecto el archivo IFC del proyecto: es el formato abierto que todos los visores pueden leer.</p>",
                    "<p>Peça ao arquiteto o ficheiro IFC do projeto: é o formato aberto que todos os visualizadores conseguem ler.</p>",
                    "<p>Ask the architect for the project's IFC file: it is the open format every viewer can read.</p>",
                ),
            ),
        ],
    },
    {
        "type": "guide",
        "key": "direct-online-sales-guide",
        "partner": "cederna-garalur",
        "theme": "agri-food",
        "sectors": ["agri-food", "commerce"],
        "audiences": ["micro-enterprises"],
        "tags": ["e-commerce", "short-supply-chain"],
        "fields": {"level": "beginner"},
        "title": Tr(
            "Vendre ses produits en ligne en circuit court",
            "Vender sus productos en línea en circuito corto",
            "Vender os seus produtos online em circuito curto",
            "Selling produce online through short supply chains",
        ),
        "summary": Tr(
            "Plateformes collectives, boutique en ligne ou réseaux sociaux : comment un producteur peut vendre en direct sans y passer ses soirées.",
            "Plataformas colectivas, tienda en línea o redes sociales: cómo un productor puede vender directamente sin dedicarle todas sus noches.",
            "Plataformas coletivas, loja online ou redes sociais: como um produtor pode vender diretamente sem lhe dedicar todas as noites.",
            "Shared platforms, an online shop or social media: how a producer can sell direct without spending every evening on it.",
        ),
        "body": [
            H(
                Tr(
                    "Trois façons de vendre en ligne",
                    "Tres formas de vender en línea",
                    "Três formas de vender online",
                    "Three ways to sell online",
                )
            ),
            P(
                Tr(
                    "<p>Les plateformes collectives de producteurs mutualisent la logistique ; une boutique en ligne donne plus de liberté ; les réseaux sociaux servent surtout à annoncer les ventes et les points de retrait.</p>",
                    "<p>Las plataformas colectivas de productores comparten la logística; una tienda en línea da más libertad; las redes sociales sirven sobre todo para anunciar ventas y puntos de recogida.</p>",
                    "<p>As plataformas coletivas de produtores partilham a logística; uma loja online dá mais liberdade; as redes sociais servem sobretudo para anunciar vendas e pontos de recolha.</p>",
                    "<p>Shared producer platforms pool logistics; an online shop gives more freedom; social media mostly announce sales and pick-up points.</p>",
                )
            ),
            L(
                Tr("Avant d'ouvrir", "Antes de abrir", "Antes de abrir", "Before opening"),
                [
                    Tr(
                        "Calculer le coût de préparation de chaque commande",
                        "Calcular el coste de preparar cada pedido",
                        "Calcular o custo de preparar cada encomenda",
                        "Work out what each order costs to prepare",
                    ),
                    Tr(
                        "Prévoir les points de retrait et les jours de livraison",
                        "Prever los puntos de recogida y los días de entrega",
                        "Prever os pontos de recolha e os dias de entrega",
                        "Plan pick-up points and delivery days",
                    ),
                    Tr(
                        "Préparer des photos et des fiches produits",
                        "Preparar fotos y fichas de producto",
                        "Preparar fotografias e fichas de produto",
                        "Prepare photos and product sheets",
                    ),
                ],
            ),
        ],
    },
]

VIDEOS = [
    {
        "type": "video",
        "key": "phishing-video",
        "partner": "leitat",
        "theme": "security",
        "sectors": [],
        "audiences": ["micro-enterprises"],
        "tags": ["phishing", "email"],
        "fields": {
            "video_url": "https://peertube.cybersudoe.example/w/phishing",
            "duration_seconds": 214,
        },
        "title": Tr(
            "Hameçonnage : reconnaître un courriel piégé",
            "Phishing: reconocer un correo trampa",
            "Phishing: reconhecer um e-mail armadilhado",
            "Phishing: spotting a booby-trapped email",
        ),
        "summary": Tr(
            "Quatre indices pour repérer un courriel frauduleux avant de cliquer, illustrés par de vrais exemples reçus par des PME.",
            "Cuatro pistas para detectar un correo fraudulento antes de hacer clic, con ejemplos reales recibidos por pymes.",
            "Quatro pistas para detetar um e-mail fraudulento antes de clicar, com exemplos reais recebidos por PME.",
            "Four clues to spot a fraudulent email before clicking, with real examples received by small businesses.",
        ),
        "texts": {
            "transcript": Tr(
                "<p>Un courriel vous presse de payer une facture inconnue ? Vérifiez l'adresse de l'expéditeur, survolez le lien avant de cliquer, méfiez-vous de l'urgence et, en cas de doute, appelez votre interlocuteur au numéro habituel.</p>",
                "<p>¿Un correo le apremia a pagar una factura desconocida? Compruebe la dirección del remitente, pase el ratón sobre el enlace antes de hacer clic, desconfíe de la urgencia y, si duda, llame a su contacto al número habitual.</p>",
                "<p>Um e-mail pressiona-o a pagar uma fatura desconhecida? Verifique o endereço do remetente, passe o rato sobre a ligação antes de clicar, desconfie da urgência e, em caso de dúvida, ligue ao seu contacto pelo número habitual.</p>",
                "<p>An email urges you to pay an unknown invoice? Check the sender's address, hover over the link before clicking, be wary of urgency and, if in doubt, call your contact on the usual number.</p>",
            ),
        },
        "body": [
            C(
                "tip",
                Tr("Le bon réflexe", "El reflejo correcto", "O reflexo certo", "The right reflex"),
                Tr(
                    "<p>En cas de doute, ne répondez pas au courriel : contactez l'expéditeur par un autre moyen.</p>",
                    "<p>Si duda, no responda al correo: contacte con el remitente por otro medio.</p>",
                    "<p>Em caso de dúvida, não responda ao e-mail: contacte o remetente por outro meio.</p>",
                    "<p>If in doubt, do not reply to the email: contact the sender another way.</p>",
                ),
            ),
        ],
    },
    {
        "type": "video",
        "key": "online-reviews-video",
        "partner": "cederna-garalur",
        "theme": "tourism",
        "sectors": ["tourism"],
        "audiences": ["micro-enterprises"],
        "tags": ["e-reputation", "reviews"],
        "fields": {
            "video_url": "https://peertube.cybersudoe.example/w/reviews",
            "duration_seconds": 305,
        },
        "title": Tr(
            "Gérer les avis clients en ligne",
            "Gestionar las opiniones de los clientes en línea",
            "Gerir as opiniões dos clientes online",
            "Managing online customer reviews",
        ),
        "summary": Tr(
            "Un gîte de montagne montre comment il répond aux avis, y compris aux critiques, et ce que cela a changé pour ses réservations.",
            "Una casa rural de montaña muestra cómo responde a las opiniones, incluidas las críticas, y lo que ha cambiado en sus reservas.",
            "Uma casa de turismo rural de montanha mostra como responde às opiniões, incluindo as críticas, e o que isso mudou nas reservas.",
            "A mountain guesthouse shows how it answers reviews, including criticism, and what that changed for its bookings.",
        ),
        "texts": {
            "transcript": Tr(
                "<p>Nous répondons à chaque avis sous quarante-huit heures. Une critique reçoit une réponse factuelle et polie, qui explique ce que nous avons corrigé : les futurs clients lisent surtout nos réponses.</p>",
                "<p>Respondemos a cada opinión en menos de cuarenta y ocho horas. Una crítica recibe una respuesta objetiva y cortés, que explica lo que hemos corregido: los futuros clientes leen sobre todo nuestras respuestas.</p>",
                "<p>Respondemos a cada opinião em menos de quarenta e oito horas. Uma crítica recebe uma resposta factual e educada, que explica o que corrigimos: os futuros clientes leem sobretudo as nossas respostas.</p>",
                "<p>We answer every review within forty-eight hours. A criticism gets a factual, polite reply explaining what we fixed: future guests mostly read our replies.</p>",
            ),
        },
        "body": [],
    },
    {
        "type": "video",
        "key": "smartphone-security-video",
        "partner": "ciebi",
        "theme": "mobility",
        "sectors": [],
        "audiences": ["micro-enterprises", "women-founders"],
        "tags": ["smartphone", "mobile"],
        "fields": {
            "video_url": "https://peertube.cybersudoe.example/w/smartphone",
            "duration_seconds": 188,
        },
        "title": Tr(
            "Sécuriser son smartphone professionnel",
            "Proteger el smartphone de trabajo",
            "Proteger o smartphone profissional",
            "Securing your work smartphone",
        ),
        "summary": Tr(
            "Verrouillage, mises à jour, sauvegarde et effacement à distance : les cinq réglages qui protègent les données de l'entreprise en déplacement.",
            "Bloqueo, actualizaciones, copia de seguridad y borrado remoto: los cinco ajustes que protegen los datos de la empresa fuera de la oficina.",
            "Bloqueio, atualizações, cópia de segurança e apagamento remoto: as cinco definições que protegem os dados da empresa em deslocação.",
            "Screen lock, updates, backup and remote wipe: the five settings that protect business data on the move.",
        ),
        "texts": {
            "transcript": Tr(
                "<p>Activez le verrouillage par code, installez les mises à jour dès qu'elles arrivent, sauvegardez automatiquement, activez la localisation et l'effacement à distance, et n'installez que des applications des magasins officiels.</p>",
                "<p>Active el bloqueo con código, instale las actualizaciones en cuanto lleguen, haga copias de seguridad automáticas, active la localización y el borrado remoto, e instale solo aplicaciones de las tiendas oficiales.</p>",
                "<p>Ative o bloqueio por código, instale as atualizações assim que chegarem, faça cópias de segurança automáticas, ative a localização e o apagamento remoto, e instale apenas aplicações das lojas oficiais.</p>",
                "<p>Turn on a passcode lock, install updates as soon as they arrive, back up automatically, enable find-my-device and remote wipe, and only install apps from the official stores.</p>",
            ),
        },
        "body": [],
    },
    {
        "type": "video",
        "key": "industry-4-video",
        "partner": "leitat",
        "theme": "industry",
        "sectors": ["industry"],
        "audiences": [],
        "tags": ["industry-4-0", "iot", "predictive-maintenance"],
        "fields": {
            "video_url": "https://peertube.cybersudoe.example/w/industry40",
            "duration_seconds": 296,
        },
        "title": Tr(
            "L'industrie 4.0 en cinq minutes",
            "La industria 4.0 en cinco minutos",
            "A indústria 4.0 em cinco minutos",
            "Industry 4.0 in five minutes",
        ),
        "summary": Tr(
            "Capteurs, maintenance prédictive et jumeau numérique expliqués à partir de l'atelier d'une PME de mécanique.",
            "Sensores, mantenimiento predictivo y gemelo digital explicados desde el taller de una pyme de mecánica.",
            "Sensores, manutenção preditiva e gémeo digital explicados a partir da oficina de uma PME de mecânica.",
            "Sensors, predictive maintenance and digital twins explained from the shop floor of a small engineering firm.",
        ),
        "texts": {
            "transcript": Tr(
                "<p>Un capteur de vibrations sur une machine suffit pour prévoir une panne plusieurs jours à l'avance. Les données remontent dans un tableau de bord simple, et l'intervention est planifiée au lieu d'être subie.</p>",
                "<p>Un sensor de vibraciones en una máquina basta para prever una avería con varios días de antelación. Los datos llegan a un panel sencillo y la intervención se planifica en lugar de sufrirse.</p>",
                "<p>Um sensor de vibrações numa máquina basta para prever uma avaria com vários dias de antecedência. Os dados chegam a um painel simples e a intervenção é planeada em vez de sofrida.</p>",
                "<p>A vibration sensor on a machine is enough to predict a breakdown days ahead. The data feeds a simple dashboard, and maintenance is planned instead of endured.</p>",
            ),
        },
        "body": [],
    },
]

BEST_PRACTICES = [
    {
        "type": "best_practice",
        "key": "business-watch-club",
        "partner": "transferts-lr",
        "theme": "business-intelligence",
        "sectors": [],
        "audiences": ["business-advisers"],
        "tags": ["watch", "peer-learning"],
        "fields": {
            "leading_organisation": "Transferts LR",
            "country": "FR",
            "region": "Languedoc-Roussillon",
            "year": 2023,
            "budget_range": "5k-20k",
            "rating": 5,
            "is_golden_rule": True,
            "indicators": [
                (
                    Tr(
                        "Dirigeants participants",
                        "Directivos participantes",
                        "Dirigentes participantes",
                        "Participating owners",
                    ),
                    "42",
                ),
                (
                    Tr("Séances par an", "Sesiones al año", "Sessões por ano", "Sessions a year"),
                    "10",
                ),
            ],
        },
        "title": Tr(
            "Club de veille des dirigeants",
            "Club de vigilancia para directivos",
            "Clube de vigilância para dirigentes",
            "Business owners' watch club",
        ),
        "summary": Tr(
            "Des dirigeants de PME se retrouvent chaque mois pour partager leurs sources de veille et apprendre à les automatiser.",
            "Directivos de pymes se reúnen cada mes para compartir sus fuentes de vigilancia y aprender a automatizarlas.",
            "Dirigentes de PME reúnem-se todos os meses para partilhar as suas fontes de vigilância e aprender a automatizá-las.",
            "Small-business owners meet monthly to share their watch sources and learn to automate them.",
        ),
        "texts": {
            "action_name": Tr(
                "Club veille", "Club de vigilancia", "Clube de vigilância", "Watch club"
            ),
            "target": Tr(
                "Dirigeants de PME industrielles",
                "Directivos de pymes industriales",
                "Dirigentes de PME industriais",
                "Owners of small manufacturers",
            ),
            "results": Tr(
                "<p>Les participants suivent en moyenne trois fois plus de sources et ont mis en place des alertes automatiques.</p>",
                "<p>Los participantes siguen de media tres veces más fuentes y han configurado alertas automáticas.</p>",
                "<p>Os participantes acompanham em média três vezes mais fontes e configuraram alertas automáticos.</p>",
                "<p>Participants follow three times as many sources on average and have set up automatic alerts.</p>",
            ),
            "strengths": Tr(
                "<p>L'échange entre pairs motive et rassure.</p>",
                "<p>El intercambio entre iguales motiva y da confianza.</p>",
                "<p>A troca entre pares motiva e tranquiliza.</p>",
                "<p>Peer exchange motivates and reassures.</p>",
            ),
            "weaknesses": Tr(
                "<p>Demande un animateur régulier.</p>",
                "<p>Requiere un dinamizador estable.</p>",
                "<p>Exige um dinamizador regular.</p>",
                "<p>Needs a regular facilitator.</p>",
            ),
            "transferability": Tr(
                "<p>Facile à reproduire dans toute chambre consulaire.</p>",
                "<p>Fácil de reproducir en cualquier cámara de comercio.</p>",
                "<p>Fácil de reproduzir em qualquer câmara de comércio.</p>",
                "<p>Easy to reproduce in any chamber of commerce.</p>",
            ),
            "golden_rule": Tr(
                "Partir des besoins concrets exprimés par les entreprises.",
                "Partir de las necesidades concretas expresadas por las empresas.",
                "Partir das necessidades concretas expressas pelas empresas.",
                "Start from the concrete needs businesses express.",
            ),
        },
        "body": [],
    },
    {
        "type": "best_practice",
        "key": "rural-cyber-workshops",
        "partner": "cybermassif",
        "theme": "security",
        "sectors": [],
        "audiences": ["micro-enterprises", "craft-businesses"],
        "tags": ["awareness", "rural"],
        "fields": {
            "leading_organisation": "Cybermassif",
            "country": "FR",
            "region": "Auvergne",
            "year": 2024,
            "budget_range": "20k-50k",
            "rating": 4,
            "is_golden_rule": True,
            "indicators": [
                (
                    Tr(
                        "Ateliers organisés",
                        "Talleres organizados",
                        "Oficinas organizadas",
                        "Workshops held",
                    ),
                    "24",
                ),
                (
                    Tr(
                        "Entreprises sensibilisées",
                        "Empresas sensibilizadas",
                        "Empresas sensibilizadas",
                        "Businesses reached",
                    ),
                    "310",
                ),
            ],
        },
        "title": Tr(
            "Cyber-ateliers itinérants en zone rurale",
            "Ciberatalleres itinerantes en zonas rurales",
            "Ciberoficinas itinerantes em zonas rurais",
            "Travelling cyber workshops in rural areas",
        ),
        "summary": Tr(
            "Un atelier pratique de deux heures, dans la salle communale, pour sécuriser ordinateurs et téléphones des artisans.",
            "Un taller práctico de dos horas, en el local municipal, para proteger los ordenadores y teléfonos de los artesanos.",
            "Uma oficina prática de duas horas, no salão municipal, para proteger os computadores e telefones dos artesãos.",
            "A two-hour hands-on workshop in the village hall to secure tradespeople's computers and phones.",
        ),
        "texts": {
            "action_name": Tr(
                "Cyber-ateliers", "Ciberatalleres", "Ciberoficinas", "Cyber workshops"
            ),
            "target": Tr(
                "Artisans et commerçants ruraux",
                "Artesanos y comerciantes rurales",
                "Artesãos e comerciantes rurais",
                "Rural tradespeople and shopkeepers",
            ),
            "results": Tr(
                "<p>Huit participants sur dix ont activé la double authentification pendant l'atelier.</p>",
                "<p>Ocho de cada diez participantes activaron la doble autenticación durante el taller.</p>",
                "<p>Oito em cada dez participantes ativaram a dupla autenticação durante a oficina.</p>",
                "<p>Eight participants in ten turned on two-factor authentication during the workshop.</p>",
            ),
            "strengths": Tr(
                "<p>On repart avec son propre appareil sécurisé.</p>",
                "<p>Cada uno se va con su propio dispositivo protegido.</p>",
                "<p>Cada um sai com o seu próprio aparelho protegido.</p>",
                "<p>People leave with their own device secured.</p>",
            ),
            "weaknesses": Tr(
                "<p>Petits groupes : coût par entreprise élevé.</p>",
                "<p>Grupos pequeños: coste por empresa elevado.</p>",
                "<p>Grupos pequenos: custo por empresa elevado.</p>",
                "<p>Small groups: high cost per business.</p>",
            ),
            "transferability": Tr(
                "<p>Kit d'animation disponible pour les partenaires.</p>",
                "<p>Kit de dinamización disponible para los socios.</p>",
                "<p>Kit de dinamização disponível para os parceiros.</p>",
                "<p>Facilitation kit available to partners.</p>",
            ),
            "golden_rule": Tr(
                "Aller vers les entreprises, au plus près de leur territoire.",
                "Ir hacia las empresas, lo más cerca posible de su territorio.",
                "Ir ao encontro das empresas, o mais perto possível do seu território.",
                "Go to the businesses, as close to where they are as possible.",
            ),
        },
        "body": [],
    },
    {
        "type": "best_practice",
        "key": "town-centre-digital-path",
        "partner": "cci-gijon",
        "theme": "commerce",
        "sectors": ["commerce"],
        "audiences": ["micro-enterprises"],
        "tags": ["retail", "click-and-collect"],
        "fields": {
            "leading_organisation": "Cámara de Comercio de Gijón",
            "country": "ES",
            "region": "Asturias",
            "year": 2022,
            "budget_range": "50k-100k",
            "rating": 4,
            "is_golden_rule": True,
            "indicators": [
                (
                    Tr(
                        "Commerces accompagnés",
                        "Comercios acompañados",
                        "Lojas acompanhadas",
                        "Shops supported",
                    ),
                    "85",
                ),
            ],
        },
        "title": Tr(
            "Parcours numérique des commerçants de centre-ville",
            "Itinerario digital para el comercio del centro urbano",
            "Percurso digital para o comércio do centro da cidade",
            "A digital path for town-centre shops",
        ),
        "summary": Tr(
            "Des visites de commerces déjà équipés, puis un accompagnement individuel pour lancer le retrait en magasin.",
            "Visitas a comercios ya equipados y después un acompañamiento individual para lanzar la recogida en tienda.",
            "Visitas a lojas já equipadas e depois um acompanhamento individual para lançar a recolha na loja.",
            "Visits to shops already equipped, then one-to-one support to launch click-and-collect.",
        ),
        "texts": {
            "action_name": Tr(
                "Comercio conectado", "Comercio conectado", "Comércio conectado", "Connected retail"
            ),
            "target": Tr(
                "Commerçants indépendants",
                "Comerciantes independientes",
                "Comerciantes independentes",
                "Independent retailers",
            ),
            "results": Tr(
                "<p>Un commerce sur deux propose le retrait en magasin six mois après le parcours.</p>",
                "<p>Uno de cada dos comercios ofrece recogida en tienda seis meses después del itinerario.</p>",
                "<p>Uma em cada duas lojas oferece recolha na loja seis meses após o percurso.</p>",
                "<p>Half of the shops offer click-and-collect six months after the programme.</p>",
            ),
            "strengths": Tr(
                "<p>Voir un voisin réussir convainc.</p>",
                "<p>Ver triunfar a un vecino convence.</p>",
                "<p>Ver um vizinho ter sucesso convence.</p>",
                "<p>Seeing a neighbour succeed is convincing.</p>",
            ),
            "weaknesses": Tr(
                "<p>Dépend de commerces pionniers volontaires.</p>",
                "<p>Depende de comercios pioneros voluntarios.</p>",
                "<p>Depende de lojas pioneiras voluntárias.</p>",
                "<p>Relies on willing pioneer shops.</p>",
            ),
            "transferability": Tr(
                "<p>Adaptable à toute ville moyenne.</p>",
                "<p>Adaptable a cualquier ciudad mediana.</p>",
                "<p>Adaptável a qualquer cidade média.</p>",
                "<p>Works in any medium-sized town.</p>",
            ),
            "golden_rule": Tr(
                "Montrer des cas concrets d'entreprises comparables.",
                "Mostrar casos concretos de empresas comparables.",
                "Mostrar casos concretos de empresas comparáveis.",
                "Show concrete cases of comparable businesses.",
            ),
        },
        "body": [],
    },
    {
        "type": "best_practice",
        "key": "online-staff-training",
        "partner": "ciebi",
        "theme": "e-hr",
        "sectors": [],
        "audiences": ["women-founders"],
        "tags": ["e-learning", "training"],
        "fields": {
            "leading_organisation": "CIEBI/BIC",
            "country": "PT",
            "region": "Beira Interior",
            "year": 2023,
            "budget_range": "lt-5k",
            "rating": 3,
            "is_golden_rule": False,
            "indicators": [],
        },
        "title": Tr(
            "Formation en ligne des salariés de PME",
            "Formación en línea para empleados de pymes",
            "Formação online para trabalhadores de PME",
            "Online training for small-business staff",
        ),
        "summary": Tr(
            "Des modules courts sur téléphone pour former les salariés aux outils numériques entre deux tâches.",
            "Módulos breves en el móvil para formar a los empleados en herramientas digitales entre dos tareas.",
            "Módulos curtos no telemóvel para formar os trabalhadores em ferramentas digitais entre duas tarefas.",
            "Short phone-based modules to train staff in digital tools between tasks.",
        ),
        "texts": {
            "action_name": Tr(
                "Micro-formation", "Microformación", "Microformação", "Micro-learning"
            ),
            "target": Tr(
                "Salariés de PME",
                "Empleados de pymes",
                "Trabalhadores de PME",
                "Small-business employees",
            ),
            "results": Tr(
                "<p>Taux de complétion de 60 %.</p>",
                "<p>Tasa de finalización del 60 %.</p>",
                "<p>Taxa de conclusão de 60 %.</p>",
                "<p>60% completion rate.</p>",
            ),
            "strengths": Tr(
                "<p>Souple et peu coûteux.</p>",
                "<p>Flexible y barato.</p>",
                "<p>Flexível e barato.</p>",
                "<p>Flexible and cheap.</p>",
            ),
            "weaknesses": Tr(
                "<p>Sans tuteur, l'engagement baisse vite.</p>",
                "<p>Sin tutor, la implicación cae rápido.</p>",
                "<p>Sem tutor, o empenho cai depressa.</p>",
                "<p>Without a tutor, engagement drops quickly.</p>",
            ),
            "transferability": Tr(
                "<p>Contenus réutilisables dans les trois langues.</p>",
                "<p>Contenidos reutilizables en los tres idiomas.</p>",
                "<p>Conteúdos reutilizáveis nas três línguas.</p>",
                "<p>Content reusable in all three languages.</p>",
            ),
            "golden_rule": Tr("", "", "", ""),
        },
        "body": [],
    },
    {
        "type": "best_practice",
        "key": "bim-demonstrator",
        "partner": "ceei-burgos",
        "theme": "building",
        "sectors": ["building"],
        "audiences": ["craft-businesses"],
        "tags": ["bim", "demonstration"],
        "fields": {
            "leading_organisation": "CEEI Burgos",
            "country": "ES",
            "region": "Castilla y León",
            "year": 2024,
            "budget_range": "20k-50k",
            "rating": 5,
            "is_golden_rule": True,
            "indicators": [
                (
                    Tr(
                        "Artisans formés",
                        "Profesionales formados",
                        "Profissionais formados",
                        "Tradespeople trained",
                    ),
                    "64",
                ),
            ],
        },
        "title": Tr(
            "Démonstrateur BIM pour les artisans",
            "Demostrador BIM para profesionales de la construcción",
            "Demonstrador BIM para profissionais da construção",
            "A BIM demonstrator for tradespeople",
        ),
        "summary": Tr(
            "Une demi-journée sur une maquette réelle, suivie d'une visite en entreprise pour installer une visionneuse.",
            "Media jornada sobre un modelo real, seguida de una visita a la empresa para instalar un visor.",
            "Meio dia sobre um modelo real, seguido de uma visita à empresa para instalar um visualizador.",
            "Half a day on a real model, followed by a company visit to install a viewer.",
        ),
        "texts": {
            "action_name": Tr("BIM Lab", "BIM Lab", "BIM Lab", "BIM Lab"),
            "target": Tr(
                "Artisans du bâtiment",
                "Profesionales de la construcción",
                "Profissionais da construção",
                "Building tradespeople",
            ),
            "results": Tr(
                "<p>Deux tiers des artisans formés utilisent une visionneuse sur leurs chantiers.</p>",
                "<p>Dos tercios de los profesionales formados usan un visor en sus obras.</p>",
                "<p>Dois terços dos profissionais formados usam um visualizador nas suas obras.</p>",
                "<p>Two thirds of those trained use a viewer on their sites.</p>",
            ),
            "strengths": Tr(
                "<p>La pratique sur un vrai projet.</p>",
                "<p>La práctica sobre un proyecto real.</p>",
                "<p>A prática num projeto real.</p>",
                "<p>Practice on a real project.</p>",
            ),
            "weaknesses": Tr(
                "<p>Matériel coûteux à déplacer.</p>",
                "<p>Material costoso de trasladar.</p>",
                "<p>Material caro de transportar.</p>",
                "<p>Equipment is costly to move.</p>",
            ),
            "transferability": Tr(
                "<p>Nécessite un partenariat avec un cabinet d'architectes.</p>",
                "<p>Requiere una alianza con un estudio de arquitectura.</p>",
                "<p>Requer uma parceria com um gabinete de arquitetura.</p>",
                "<p>Needs a partnership with an architecture firm.</p>",
            ),
            "golden_rule": Tr(
                "Associer démonstration pratique et accompagnement individuel.",
                "Combinar demostración práctica y acompañamiento individual.",
                "Associar demonstração prática e acompanhamento individual.",
                "Combine hands-on demonstration with one-to-one support.",
            ),
        },
        "body": [],
    },
]


def _event(
    key,
    partner,
    theme,
    days,
    hour,
    tz,
    city,
    country,
    fmt,
    title,
    summary,
    programme,
    venue="",
    capacity=None,
    participants=None,
    sectors=(),
):
    return {
        "type": "event",
        "key": key,
        "partner": partner,
        "theme": theme,
        "sectors": list(sectors),
        "audiences": ["micro-enterprises"],
        "tags": [fmt],
        "fields": {
            "event_format": fmt,
            "days_from_now": days,
            "local_hour": hour,
            "duration_hours": 2 if fmt != "workshop" else 3,
            "timezone": tz,
            "venue": venue,
            "city": city,
            "country": country,
            "capacity": capacity,
            "participants": participants,
            "registration_url": f"https://agenda.cybersudoe.example/{key}",
        },
        "title": title,
        "summary": summary,
        "texts": {"programme": programme},
        "body": [],
    }


PROGRAMME = Tr(
    "<ul><li>Accueil des participants</li><li>Présentation et démonstrations</li><li>Questions et échanges</li></ul>",
    "<ul><li>Recepción de los participantes</li><li>Presentación y demostraciones</li><li>Preguntas e intercambio</li></ul>",
    "<ul><li>Receção dos participantes</li><li>Apresentação e demonstrações</li><li>Perguntas e debate</li></ul>",
    "<ul><li>Welcome</li><li>Presentation and demonstrations</li><li>Questions and discussion</li></ul>",
)

EVENTS = [
    _event(
        "event-cyber-clermont",
        "cybermassif",
        "security",
        9,
        9,
        "Europe/Paris",
        "Clermont-Ferrand",
        "FR",
        "conference",
        Tr(
            "Cybersécurité : les bons réflexes pour les TPE",
            "Ciberseguridad: buenos hábitos para microempresas",
            "Cibersegurança: bons hábitos para microempresas",
            "Cybersecurity: good habits for micro-businesses",
        ),
        Tr(
            "Une matinée pour comprendre les menaces actuelles et repartir avec un plan d'action simple.",
            "Una mañana para entender las amenazas actuales y salir con un plan de acción sencillo.",
            "Uma manhã para compreender as ameaças atuais e sair com um plano de ação simples.",
            "A morning to understand today's threats and leave with a simple action plan.",
        ),
        PROGRAMME,
        venue="Pôle numérique",
        capacity=80,
    ),
    _event(
        "event-invoicing-bordeaux",
        "cci-bordeaux",
        "business-management",
        16,
        14,
        "Europe/Paris",
        "Bordeaux",
        "FR",
        "workshop",
        Tr(
            "Atelier : passer à la facture électronique",
            "Taller: pasarse a la factura electrónica",
            "Oficina: adotar a fatura eletrónica",
            "Workshop: moving to e-invoicing",
        ),
        Tr(
            "Un atelier pratique pour choisir son outil et préparer l'échéance de la facturation électronique.",
            "Un taller práctico para elegir herramienta y prepararse para la facturación electrónica.",
            "Uma oficina prática para escolher a ferramenta e preparar a faturação eletrónica.",
            "A hands-on workshop to choose a tool and prepare for e-invoicing.",
        ),
        PROGRAMME,
        venue="Échangeur Bordeaux Aquitaine",
        capacity=20,
        sectors=["commerce"],
    ),
    _event(
        "event-watch-montpellier",
        "transferts-lr",
        "business-intelligence",
        27,
        9,
        "Europe/Paris",
        "Montpellier",
        "FR",
        "conference",
        Tr(
            "Veille stratégique : automatiser sans se noyer",
            "Vigilancia estratégica: automatizar sin ahogarse",
            "Vigilância estratégica: automatizar sem se afogar",
            "Strategic watch: automate without drowning",
        ),
        Tr(
            "Outils gratuits d'alerte et de tri pour suivre concurrents, brevets et réglementation.",
            "Herramientas gratuitas de alerta y filtrado para seguir a competidores, patentes y normativa.",
            "Ferramentas gratuitas de alerta e triagem para acompanhar concorrentes, patentes e regulamentação.",
            "Free alert and sorting tools to follow competitors, patents and regulation.",
        ),
        PROGRAMME,
        venue="Transferts LR",
        capacity=60,
    ),
    _event(
        "event-teleworking-webinar",
        "fundacion-insula-barataria",
        "e-hr",
        34,
        10,
        "Europe/Madrid",
        "",
        "ES",
        "webinar",
        Tr(
            "Webinaire : organiser le télétravail",
            "Seminario web: organizar el teletrabajo",
            "Webinar: organizar o teletrabalho",
            "Webinar: organising remote work",
        ),
        Tr(
            "Une heure pour mettre en place les règles et les outils du travail à distance.",
            "Una hora para poner en marcha las normas y herramientas del trabajo a distancia.",
            "Uma hora para pôr em prática as regras e ferramentas do trabalho à distância.",
            "One hour to set up the rules and tools of remote work.",
        ),
        PROGRAMME,
    ),
    _event(
        "event-bim-burgos",
        "ceei-burgos",
        "building",
        45,
        16,
        "Europe/Madrid",
        "Burgos",
        "ES",
        "workshop",
        Tr(
            "Atelier BIM pour les artisans",
            "Taller BIM para profesionales de la construcción",
            "Oficina BIM para profissionais da construção",
            "BIM workshop for tradespeople",
        ),
        Tr(
            "Lire une maquette numérique et en extraire les métrés avec une visionneuse gratuite.",
            "Leer un modelo digital y extraer mediciones con un visor gratuito.",
            "Ler um modelo digital e extrair medições com um visualizador gratuito.",
            "Read a digital model and take off quantities with a free viewer.",
        ),
        PROGRAMME,
        venue="CEEI Burgos",
        capacity=15,
        sectors=["building"],
    ),
    _event(
        "event-industry-terrassa",
        "leitat",
        "industry",
        58,
        10,
        "Europe/Madrid",
        "Terrassa",
        "ES",
        "conference",
        Tr(
            "Industrie 4.0 : premiers pas pour les PME",
            "Industria 4.0: primeros pasos para pymes",
            "Indústria 4.0: primeiros passos para PME",
            "Industry 4.0: first steps for SMEs",
        ),
        Tr(
            "Capteurs, données et maintenance prédictive : des démonstrations dans les laboratoires de LEITAT.",
            "Sensores, datos y mantenimiento predictivo: demostraciones en los laboratorios de LEITAT.",
            "Sensores, dados e manutenção preditiva: demonstrações nos laboratórios do LEITAT.",
            "Sensors, data and predictive maintenance: demonstrations in LEITAT's labs.",
        ),
        PROGRAMME,
        venue="LEITAT",
        capacity=100,
        sectors=["industry"],
    ),
    _event(
        "event-retail-gijon",
        "cci-gijon",
        "commerce",
        72,
        18,
        "Europe/Madrid",
        "Gijón",
        "ES",
        "conference",
        Tr(
            "Commerce de proximité et vente en ligne",
            "Comercio de proximidad y venta en línea",
            "Comércio de proximidade e venda online",
            "Local shops and online sales",
        ),
        Tr(
            "Retours d'expérience de commerçants qui ont lancé le retrait en magasin.",
            "Experiencias de comerciantes que han lanzado la recogida en tienda.",
            "Experiências de comerciantes que lançaram a recolha na loja.",
            "Retailers who launched click-and-collect share their experience.",
        ),
        PROGRAMME,
        venue="Cámara de Comercio de Gijón",
        capacity=120,
    ),
    _event(
        "event-tourism-pamplona",
        "cederna-garalur",
        "tourism",
        90,
        10,
        "Europe/Madrid",
        "Pamplona",
        "ES",
        "conference",
        Tr(
            "Tourisme rural : visibilité en ligne",
            "Turismo rural: visibilidad en línea",
            "Turismo rural: visibilidade online",
            "Rural tourism: online visibility",
        ),
        Tr(
            "Plateformes de réservation, avis clients et photos : gagner en visibilité sans perdre ses marges.",
            "Plataformas de reserva, opiniones y fotos: ganar visibilidad sin perder margen.",
            "Plataformas de reserva, opiniões e fotografias: ganhar visibilidade sem perder margem.",
            "Booking platforms, reviews and photos: more visibility without losing margin.",
        ),
        PROGRAMME,
        venue="Baluarte",
        capacity=150,
        sectors=["tourism"],
    ),
    _event(
        "event-mobility-covilha",
        "ciebi",
        "mobility",
        110,
        15,
        "Europe/Lisbon",
        "Covilhã",
        "PT",
        "workshop",
        Tr(
            "Atelier : le smartphone, outil de travail sûr",
            "Taller: el smartphone, herramienta de trabajo segura",
            "Oficina: o smartphone, ferramenta de trabalho segura",
            "Workshop: the smartphone as a safe work tool",
        ),
        Tr(
            "Réglages de sécurité, applications utiles et paiement mobile pour les entrepreneurs.",
            "Ajustes de seguridad, aplicaciones útiles y pago móvil para emprendedores.",
            "Definições de segurança, aplicações úteis e pagamento móvel para empreendedores.",
            "Security settings, useful apps and mobile payment for entrepreneurs.",
        ),
        PROGRAMME,
        venue="Universidade da Beira Interior",
        capacity=25,
    ),
    _event(
        "event-agrifood-webinar",
        "cederna-garalur",
        "agri-food",
        130,
        11,
        "Europe/Madrid",
        "",
        "ES",
        "webinar",
        Tr(
            "Webinaire : vendre en circuit court en ligne",
            "Seminario web: vender en circuito corto en línea",
            "Webinar: vender em circuito curto online",
            "Webinar: selling direct online",
        ),
        Tr(
            "Plateformes collectives et logistique pour les producteurs.",
            "Plataformas colectivas y logística para productores.",
            "Plataformas coletivas e logística para produtores.",
            "Shared platforms and logistics for producers.",
        ),
        PROGRAMME,
        sectors=["agri-food"],
    ),
    _event(
        "event-closing-montpellier",
        None,
        "security",
        170,
        9,
        "Europe/Paris",
        "Montpellier",
        "FR",
        "conference",
        Tr(
            "Séminaire de clôture CyberSudoe",
            "Seminario de clausura CyberSudoe",
            "Seminário de encerramento CyberSudoe",
            "CyberSudoe closing seminar",
        ),
        Tr(
            "Présentation des outils communs et des résultats du réseau.",
            "Presentación de las herramientas comunes y de los resultados de la red.",
            "Apresentação das ferramentas comuns e dos resultados da rede.",
            "Presenting the shared tools and the network's results.",
        ),
        PROGRAMME,
        venue="Corum",
        capacity=300,
    ),
    # Past events: attendance counted.
    _event(
        "event-launch-clermont",
        None,
        "business-management",
        -60,
        9,
        "Europe/Paris",
        "Clermont-Ferrand",
        "FR",
        "conference",
        Tr(
            "Séminaire de lancement CyberSudoe",
            "Seminario de lanzamiento CyberSudoe",
            "Seminário de lançamento CyberSudoe",
            "CyberSudoe launch seminar",
        ),
        Tr(
            "Lancement officiel du réseau et présentation des partenaires.",
            "Lanzamiento oficial de la red y presentación de los socios.",
            "Lançamento oficial da rede e apresentação dos parceiros.",
            "Official launch of the network and introduction of the partners.",
        ),
        PROGRAMME,
        venue="Polydome",
        capacity=200,
        participants=164,
    ),
    _event(
        "event-cyber-lisbon",
        "ciebi",
        "security",
        -25,
        14,
        "Europe/Lisbon",
        "Lisboa",
        "PT",
        "conference",
        Tr(
            "Rançongiciels : retours d'expérience",
            "Ransomware: experiencias",
            "Ransomware: testemunhos",
            "Ransomware: lessons learned",
        ),
        Tr(
            "Des chefs d'entreprise racontent comment ils se sont relevés d'une attaque.",
            "Empresarios cuentan cómo se recuperaron de un ataque.",
            "Empresários contam como recuperaram de um ataque.",
            "Business owners describe how they recovered from an attack.",
        ),
        PROGRAMME,
        venue="Startup Lisboa",
        capacity=90,
        participants=71,
    ),
]

# The complete self-diagnostic questionnaire on information-system security.


def _answers(*pairs):
    return [{"text": text, "weight": weight} for text, weight in pairs]


YES_NO_PARTLY = [
    (Tr("Non", "No", "Não", "No"), 0),
    (Tr("En partie", "En parte", "Em parte", "Partly"), 1),
    (Tr("Oui", "Sí", "Sim", "Yes"), 3),
]

SECURITY_QUESTIONNAIRE = [
    {
        "title": Tr("Sauvegardes", "Copias de seguridad", "Cópias de segurança", "Backups"),
        "intro": Tr(
            "Une sauvegarde qui n'a jamais été restaurée n'est qu'un espoir.",
            "Una copia de seguridad que nunca se ha restaurado es solo una esperanza.",
            "Uma cópia de segurança que nunca foi restaurada é apenas uma esperança.",
            "A backup that has never been restored is only a hope.",
        ),
        "questions": [
            {
                "text": Tr(
                    "À quelle fréquence sauvegardez-vous vos données ?",
                    "¿Con qué frecuencia hace copias de seguridad de sus datos?",
                    "Com que frequência faz cópias de segurança dos seus dados?",
                    "How often do you back up your data?",
                ),
                "help": Tr(
                    "Fichiers clients, comptabilité, devis, messagerie.",
                    "Ficheros de clientes, contabilidad, presupuestos, correo.",
                    "Ficheiros de clientes, contabilidade, orçamentos, correio.",
                    "Customer files, accounts, quotes, email.",
                ),
                "answers": _answers(
                    (
                        Tr(
                            "Jamais ou presque",
                            "Nunca o casi nunca",
                            "Nunca ou quase nunca",
                            "Never or hardly ever",
                        ),
                        0,
                    ),
                    (Tr("Chaque mois", "Cada mes", "Todos os meses", "Monthly"), 1),
                    (Tr("Chaque semaine", "Cada semana", "Todas as semanas", "Weekly"), 2),
                    (
                        Tr(
                            "Chaque jour, automatiquement",
                            "Cada día, automáticamente",
                            "Todos os dias, automaticamente",
                            "Daily, automatically",
                        ),
                        3,
                    ),
                ),
            },
            {
                "text": Tr(
                    "Une copie est-elle conservée hors de vos locaux ou hors ligne ?",
                    "¿Se guarda una copia fuera de sus instalaciones o sin conexión?",
                    "Uma cópia é guardada fora das suas instalações ou sem ligação?",
                    "Is a copy kept off-site or offline?",
                ),
                "help": Tr("", "", "", ""),
                "answers": _answers(*YES_NO_PARTLY),
            },
            {
                "text": Tr(
                    "Avez-vous déjà testé la restauration d'une sauvegarde ?",
                    "¿Ha probado alguna vez a restaurar una copia de seguridad?",
                    "Já testou a restauração de uma cópia de segurança?",
                    "Have you ever tested restoring a backup?",
                ),
                "help": Tr("", "", "", ""),
                "answers": _answers(
                    (Tr("Jamais", "Nunca", "Nunca", "Never"), 0),
                    (Tr("Une fois", "Una vez", "Uma vez", "Once"), 1),
                    (Tr("Régulièrement", "Regularmente", "Regularmente", "Regularly"), 3),
                ),
            },
        ],
        "bands": [
            (
                0,
                Tr("À risque", "En riesgo", "Em risco", "At risk"),
                Tr(
                    "<p>Une panne ou un rançongiciel pourrait vous faire perdre vos données. Mettez en place une sauvegarde automatique dès cette semaine.</p>",
                    "<p>Una avería o un ransomware podría hacerle perder sus datos. Configure una copia de seguridad automática esta misma semana.</p>",
                    "<p>Uma avaria ou um ransomware pode fazê-lo perder os seus dados. Configure uma cópia de segurança automática esta semana.</p>",
                    "<p>A breakdown or ransomware could cost you your data. Set up automatic backups this week.</p>",
                ),
                ["rural-cyber-workshops"],
            ),
            (
                50,
                Tr("En progrès", "En progreso", "Em progresso", "Getting there"),
                Tr(
                    "<p>Vos sauvegardes existent : gardez-en une copie hors ligne et testez une restauration.</p>",
                    "<p>Sus copias existen: guarde una copia sin conexión y pruebe una restauración.</p>",
                    "<p>As suas cópias existem: guarde uma cópia sem ligação e teste uma restauração.</p>",
                    "<p>Your backups exist: keep an offline copy and test a restore.</p>",
                ),
                ["phishing-video"],
            ),
            (
                85,
                Tr("Solide", "Sólido", "Sólido", "Solid"),
                Tr(
                    "<p>Bonne pratique : partagez votre méthode avec vos partenaires.</p>",
                    "<p>Buena práctica: comparta su método con sus socios.</p>",
                    "<p>Boa prática: partilhe o seu método com os seus parceiros.</p>",
                    "<p>Good practice: share your method with your partners.</p>",
                ),
                [],
            ),
        ],
    },
    {
        "title": Tr(
            "Accès et mots de passe",
            "Accesos y contraseñas",
            "Acessos e palavras-passe",
            "Access and passwords",
        ),
        "intro": Tr("", "", "", ""),
        "questions": [
            {
                "text": Tr(
                    "Chaque personne a-t-elle son propre compte ?",
                    "¿Cada persona tiene su propia cuenta?",
                    "Cada pessoa tem a sua própria conta?",
                    "Does everyone have their own account?",
                ),
                "help": Tr("", "", "", ""),
                "answers": _answers(*YES_NO_PARTLY),
            },
            {
                "text": Tr(
                    "Utilisez-vous un gestionnaire de mots de passe ?",
                    "¿Utiliza un gestor de contraseñas?",
                    "Utiliza um gestor de palavras-passe?",
                    "Do you use a password manager?",
                ),
                "help": Tr("", "", "", ""),
                "answers": _answers(*YES_NO_PARTLY),
            },
            {
                "text": Tr(
                    "La double authentification est-elle activée sur la messagerie ?",
                    "¿Está activada la doble autenticación en el correo?",
                    "A dupla autenticação está ativada no correio eletrónico?",
                    "Is two-factor authentication on for email?",
                ),
                "help": Tr(
                    "Un code reçu sur le téléphone en plus du mot de passe.",
                    "Un código recibido en el teléfono además de la contraseña.",
                    "Um código recebido no telefone além da palavra-passe.",
                    "A code received on your phone as well as the password.",
                ),
                "answers": _answers(*YES_NO_PARTLY),
            },
        ],
        "bands": [
            (
                0,
                Tr("Portes ouvertes", "Puertas abiertas", "Portas abertas", "Doors wide open"),
                Tr(
                    "<p>Vos comptes sont faciles à pirater. Commencez par la double authentification sur la messagerie.</p>",
                    "<p>Sus cuentas son fáciles de piratear. Empiece por la doble autenticación en el correo.</p>",
                    "<p>As suas contas são fáceis de piratear. Comece pela dupla autenticação no correio eletrónico.</p>",
                    "<p>Your accounts are easy to break into. Start with two-factor authentication on email.</p>",
                ),
                ["passwords-guide"],
            ),
            (
                60,
                Tr("Bien protégé", "Bien protegido", "Bem protegido", "Well protected"),
                Tr(
                    "<p>L'essentiel est en place ; étendez la double authentification à la banque et aux outils en ligne.</p>",
                    "<p>Lo esencial está en marcha; extienda la doble autenticación al banco y a las herramientas en línea.</p>",
                    "<p>O essencial está feito; alargue a dupla autenticação ao banco e às ferramentas online.</p>",
                    "<p>The essentials are in place; extend two-factor authentication to banking and online tools.</p>",
                ),
                ["passwords-guide"],
            ),
        ],
    },
    {
        "title": Tr(
            "Mises à jour et vigilance",
            "Actualizaciones y vigilancia",
            "Atualizações e vigilância",
            "Updates and vigilance",
        ),
        "intro": Tr("", "", "", ""),
        "questions": [
            {
                "text": Tr(
                    "Les mises à jour sont-elles installées automatiquement ?",
                    "¿Se instalan las actualizaciones automáticamente?",
                    "As atualizações são instaladas automaticamente?",
                    "Are updates installed automatically?",
                ),
                "help": Tr("", "", "", ""),
                "answers": _answers(*YES_NO_PARTLY),
            },
            {
                "text": Tr(
                    "Votre équipe sait-elle reconnaître un courriel d'hameçonnage ?",
                    "¿Sabe su equipo reconocer un correo de phishing?",
                    "A sua equipa sabe reconhecer um e-mail de phishing?",
                    "Can your team recognise a phishing email?",
                ),
                "help": Tr("", "", "", ""),
                "answers": _answers(*YES_NO_PARTLY),
            },
        ],
        "bands": [
            (
                0,
                Tr("Vulnérable", "Vulnerable", "Vulnerável", "Vulnerable"),
                Tr(
                    "<p>Activez les mises à jour automatiques et montrez à l'équipe la vidéo sur l'hameçonnage.</p>",
                    "<p>Active las actualizaciones automáticas y muestre al equipo el vídeo sobre phishing.</p>",
                    "<p>Ative as atualizações automáticas e mostre à equipa o vídeo sobre phishing.</p>",
                    "<p>Turn on automatic updates and show the team the phishing video.</p>",
                ),
                ["phishing-video", "smartphone-security-video"],
            ),
            (
                70,
                Tr("Vigilant", "Atento", "Atento", "Alert"),
                Tr(
                    "<p>Continuez : refaites une sensibilisation chaque année.</p>",
                    "<p>Siga así: repita la sensibilización cada año.</p>",
                    "<p>Continue: repita a sensibilização todos os anos.</p>",
                    "<p>Keep it up: repeat the awareness session every year.</p>",
                ),
                ["event-cyber-clermont"],
            ),
        ],
    },
]

DIAGNOSTICS = [
    {
        "type": "diagnostic",
        "key": "security-self-diagnostic",
        "partner": None,
        "theme": "security",
        "sectors": [],
        "audiences": ["micro-enterprises", "craft-businesses"],
        "tags": ["self-assessment", "backup", "passwords"],
        "fields": {},
        "questionnaire": SECURITY_QUESTIONNAIRE,
        "title": Tr(
            "Autodiagnostic : la sécurité informatique de votre entreprise",
            "Autodiagnóstico: la seguridad informática de su empresa",
            "Autodiagnóstico: a segurança informática da sua empresa",
            "Self-diagnostic: your business's IT security",
        ),
        "summary": Tr(
            "Huit questions pour situer votre entreprise sur les sauvegardes, les accès et la vigilance, avec des conseils et des ressources adaptés.",
            "Ocho preguntas para situar a su empresa en copias de seguridad, accesos y vigilancia, con consejos y recursos adaptados.",
            "Oito perguntas para situar a sua empresa em cópias de segurança, acessos e vigilância, com conselhos e recursos adequados.",
            "Eight questions on backups, access and vigilance, with advice and resources that fit your answers.",
        ),
        "texts": {
            "results_intro": Tr(
                "<p>Votre score par thème, avec ce que nous vous conseillons de faire en premier.</p>",
                "<p>Su puntuación por tema, con lo que le aconsejamos hacer primero.</p>",
                "<p>A sua pontuação por tema, com o que lhe aconselhamos fazer primeiro.</p>",
                "<p>Your score per topic, with what we advise you to do first.</p>",
            ),
        },
        "body": [],
    },
]

# Items that exist in one language only (for cross-language search tests).
SINGLE_LANGUAGE = [
    {
        "type": "guide",
        "key": "",  # derived from the French title
        "languages": ["fr"],
        "partner": "cybermassif",
        "theme": "security",
        "sectors": [],
        "audiences": ["micro-enterprises"],
        "tags": ["backup"],
        "fields": {"level": "beginner"},
        "title": Tr("Sauvegardes : la règle 3-2-1 pour les TPE", "", "", ""),
        "summary": Tr(
            "Trois copies de vos données, sur deux supports différents, dont une hors site : la méthode simple pour ne plus rien perdre.",
            "",
            "",
            "",
        ),
        "body": [
            H(Tr("Pourquoi sauvegarder", "", "", "")),
            P(
                Tr(
                    "<p>Une panne de disque, un vol d'ordinateur ou un rançongiciel peuvent effacer des années de travail. Les sauvegardes régulières sont la seule assurance qui marche à tous les coups.</p>",
                    "",
                    "",
                    "",
                )
            ),
            L(
                Tr("La règle 3-2-1", "", "", ""),
                [
                    Tr("Trois copies des données", "", "", ""),
                    Tr("Sur deux supports différents", "", "", ""),
                    Tr("Dont une hors site ou hors ligne", "", "", ""),
                ],
            ),
        ],
    },
    {
        "type": "video",
        "key": "",  # derived from the Spanish title
        "languages": ["es"],
        "partner": "ceei-burgos",
        "theme": "security",
        "sectors": [],
        "audiences": ["micro-enterprises"],
        "tags": ["ransomware"],
        "fields": {
            "video_url": "https://peertube.cybersudoe.example/w/ransomware-es",
            "duration_seconds": 252,
        },
        "title": Tr("", "Ransomware: cómo proteger tu empresa", "", ""),
        "summary": Tr(
            "",
            "Qué es un ransomware, cómo entra en la empresa y las tres medidas que evitan pagar un rescate.",
            "",
            "",
        ),
        "texts": {
            "transcript": Tr(
                "",
                "<p>El ransomware cifra los archivos de la empresa y exige un rescate. Entra casi siempre por un correo o por un acceso remoto mal protegido. Copias de seguridad desconectadas, actualizaciones y doble autenticación evitan la mayoría de los ataques.</p>",
                "",
                "",
            ),
        },
        "body": [],
    },
]

ITEMS = GUIDES + VIDEOS + BEST_PRACTICES + EVENTS + DIAGNOSTICS
