"""Demo data: the nine founding partners of CyberSudoe, audiences and the index pages.

Partners come from the founding project (seeds/cybersudoe-project.txt); descriptions are
written in French and translated into Spanish, Portuguese and English.
"""

from __future__ import annotations


class Tr(dict):
    """One text in every language: Tr(fr=..., es=..., pt=..., en=...)."""

    def __init__(self, fr: str, es: str, pt: str, en: str):
        super().__init__(fr=fr, es=es, pt=pt, en=en)


PARTNERS = [
    {
        "key": "cybermassif",
        "name": "Cybermassif",
        "acronym": "",
        "country": "FR",
        "region": "Auvergne, Limousin, Languedoc-Roussillon",
        "website": "https://www.cybermassif.org",
        "contact_email": "contact@cybermassif.org",
        "description": Tr(
            "<p>Chef de file du projet. Réseau de treize centres de ressources qui accompagnent les entreprises du Massif central dans leurs projets informatiques, Internet et TIC, de tout secteur et de toute taille.</p>",
            "<p>Jefe de fila del proyecto. Red de trece centros de recursos que acompañan a las empresas del Macizo Central en sus proyectos de informática, Internet y TIC, de cualquier sector y tamaño.</p>",
            "<p>Chefe de fila do projeto. Rede de treze centros de recursos que acompanham as empresas do Maciço Central nos seus projetos de informática, Internet e TIC, de qualquer setor e dimensão.</p>",
            "<p>Lead partner of the project. A network of thirteen resource centres that help businesses of every sector and size in the Massif Central with their IT, Internet and ICT projects.</p>",
        ),
    },
    {
        "key": "transferts-lr",
        "name": "Transferts LR",
        "acronym": "",
        "country": "FR",
        "region": "Languedoc-Roussillon",
        "website": "https://www.transferts-lr.org",
        "contact_email": "",
        "description": Tr(
            "<p>Association qui aide les entreprises régionales à réaliser leurs projets d'innovation technologique : identification des besoins, cahiers des charges, recherche de partenaires et veille technologique.</p>",
            "<p>Asociación que ayuda a las empresas regionales a llevar a cabo sus proyectos de innovación tecnológica: identificación de necesidades, pliegos de condiciones, búsqueda de socios y vigilancia tecnológica.</p>",
            "<p>Associação que ajuda as empresas regionais a realizar os seus projetos de inovação tecnológica: identificação de necessidades, cadernos de encargos, procura de parceiros e vigilância tecnológica.</p>",
            "<p>An association that helps regional businesses carry out technology innovation projects: needs analysis, specifications, partner search and technology watch.</p>",
        ),
    },
    {
        "key": "cci-bordeaux",
        "name": "CCI de Bordeaux – Échangeur Bordeaux Aquitaine",
        "acronym": "Échangeur",
        "country": "FR",
        "region": "Aquitaine",
        "website": "https://www.bordeaux.cci.fr",
        "contact_email": "",
        "description": Tr(
            "<p>Espace de la Chambre de commerce et d'industrie de Bordeaux dédié aux usages des TIC : démonstrations, ateliers et conférences pour les dirigeants et leurs salariés, et observatoire aquitain de l'économie numérique.</p>",
            "<p>Espacio de la Cámara de Comercio e Industria de Burdeos dedicado a los usos de las TIC: demostraciones, talleres y conferencias para directivos y empleados, y observatorio aquitano de la economía digital.</p>",
            "<p>Espaço da Câmara de Comércio e Indústria de Bordéus dedicado aos usos das TIC: demonstrações, oficinas e conferências para dirigentes e trabalhadores, e observatório aquitano da economia digital.</p>",
            "<p>The Bordeaux Chamber of Commerce and Industry's centre for ICT use: demonstrations, workshops and talks for business owners and staff, and the Aquitaine observatory of the digital economy.</p>",
        ),
    },
    {
        "key": "fundacion-insula-barataria",
        "name": "Fundación Ínsula Barataria",
        "acronym": "FIB",
        "country": "ES",
        "region": "Castilla-La Mancha",
        "website": "https://www.castillalamancha.es",
        "contact_email": "",
        "description": Tr(
            "<p>Fondation publique qui fait connaître aux citoyens et aux entreprises de Castille-La Manche les avantages de la société de l'information : formation, commerce électronique et projets d'innovation.</p>",
            "<p>Fundación pública que da a conocer a los ciudadanos y empresas de Castilla-La Mancha las ventajas de la sociedad de la información: formación, comercio electrónico y proyectos de innovación.</p>",
            "<p>Fundação pública que dá a conhecer aos cidadãos e empresas de Castela-La Mancha as vantagens da sociedade da informação: formação, comércio eletrónico e projetos de inovação.</p>",
            "<p>A public foundation that brings the benefits of the information society to the citizens and businesses of Castilla-La Mancha: training, e-commerce and innovation projects.</p>",
        ),
    },
    {
        "key": "ceei-burgos",
        "name": "CEEI Burgos",
        "acronym": "CEEI",
        "country": "ES",
        "region": "Castilla y León",
        "website": "https://www.ceeiburgos.es",
        "contact_email": "",
        "description": Tr(
            "<p>Centre européen d'entreprises et d'innovation de Burgos : promotion de l'esprit d'entreprise, incubateur et développement rural, partenaire de nombreux projets européens.</p>",
            "<p>Centro Europeo de Empresas e Innovación de Burgos: fomento del espíritu emprendedor, incubadora y desarrollo rural, socio de numerosos proyectos europeos.</p>",
            "<p>Centro Europeu de Empresas e Inovação de Burgos: promoção do espírito empresarial, incubadora e desenvolvimento rural, parceiro de numerosos projetos europeus.</p>",
            "<p>The European Business and Innovation Centre of Burgos: entrepreneurship, business incubation and rural development, partner in many European projects.</p>",
        ),
    },
    {
        "key": "leitat",
        "name": "LEITAT Technological Center",
        "acronym": "LEITAT",
        "country": "ES",
        "region": "Cataluña",
        "website": "https://www.leitat.org",
        "contact_email": "",
        "description": Tr(
            "<p>Centre privé de recherche technologique à but non lucratif, créé en 1906, spécialisé dans le transfert de technologies vers l'industrie, en particulier vers les PME.</p>",
            "<p>Centro privado de investigación tecnológica sin ánimo de lucro, creado en 1906, especializado en la transferencia de tecnología a la industria, en especial a las pymes.</p>",
            "<p>Centro privado de investigação tecnológica sem fins lucrativos, criado em 1906, especializado na transferência de tecnologia para a indústria, em particular para as PME.</p>",
            "<p>A private non-profit technology research centre founded in 1906, specialised in technology transfer to industry, especially to small and medium businesses.</p>",
        ),
    },
    {
        "key": "cci-gijon",
        "name": "Cámara de Comercio de Gijón",
        "acronym": "CCI Gijón",
        "country": "ES",
        "region": "Asturias",
        "website": "https://www.camaragijon.es",
        "contact_email": "",
        "description": Tr(
            "<p>Organisme de droit public au service des entreprises : promotion du commerce, formation et gestion de projets dans tous les secteurs, des TIC à l'environnement.</p>",
            "<p>Corporación de derecho público al servicio de las empresas: promoción del comercio, formación y gestión de proyectos en todos los sectores, de las TIC al medio ambiente.</p>",
            "<p>Entidade de direito público ao serviço das empresas: promoção do comércio, formação e gestão de projetos em todos os setores, das TIC ao ambiente.</p>",
            "<p>A public-law body serving businesses: trade promotion, training and project management in every sector, from ICT to the environment.</p>",
        ),
    },
    {
        "key": "cederna-garalur",
        "name": "Cederna Garalur",
        "acronym": "",
        "country": "ES",
        "region": "Navarra",
        "website": "https://www.cederna.eu",
        "contact_email": "",
        "description": Tr(
            "<p>Association pour le développement économique et social de la Montagne de Navarre : projets innovants, emploi de qualité, nouvelles technologies et tourisme rural, avec un réseau d'agences locales.</p>",
            "<p>Asociación para el desarrollo económico y social de la Montaña de Navarra: proyectos innovadores, empleo de calidad, nuevas tecnologías y turismo rural, con una red de agencias locales.</p>",
            "<p>Associação para o desenvolvimento económico e social da Montanha de Navarra: projetos inovadores, emprego de qualidade, novas tecnologias e turismo rural, com uma rede de agências locais.</p>",
            "<p>An association for the economic and social development of the Navarre mountains: innovative projects, quality jobs, new technologies and rural tourism, with a network of local agencies.</p>",
        ),
    },
    {
        "key": "ciebi",
        "name": "CIEBI – Centro de Inovação Empresarial da Beira Interior",
        "acronym": "CIEBI/BIC",
        "country": "PT",
        "region": "Beira Interior",
        "website": "https://www.ciebi.pt",
        "contact_email": "",
        "description": Tr(
            "<p>Centre d'entreprises et d'innovation installé à l'Université de Beira Interior : création d'entreprises innovantes, formation des entrepreneurs et des femmes créatrices d'entreprise, liens université-entreprises.</p>",
            "<p>Centro de empresas e innovación situado en la Universidad de Beira Interior: creación de empresas innovadoras, formación de emprendedores y de mujeres emprendedoras, vínculos universidad-empresa.</p>",
            "<p>Centro de empresas e inovação sediado na Universidade da Beira Interior: criação de empresas inovadoras, formação de empreendedores e de mulheres empresárias, ligação universidade-empresas.</p>",
            "<p>A business and innovation centre based at the University of Beira Interior: innovative start-ups, training for entrepreneurs and women founders, university-business links.</p>",
        ),
    },
]

AUDIENCES = [
    (
        "micro-enterprises",
        Tr("Micro-entreprises", "Microempresas", "Microempresas", "Micro-enterprises"),
    ),
    (
        "women-founders",
        Tr(
            "Jeunes entreprises créées par des femmes",
            "Empresas jóvenes creadas por mujeres",
            "Empresas jovens criadas por mulheres",
            "Young companies founded by women",
        ),
    ),
    (
        "craft-businesses",
        Tr("Artisans", "Artesanos y oficios", "Artesãos", "Craft businesses"),
    ),
    (
        "business-advisers",
        Tr(
            "Conseillers d'entreprises",
            "Asesores de empresas",
            "Consultores de empresas",
            "Business advisers",
        ),
    ),
]

NETWORK_SECTION = {
    "title": Tr("Réseau CyberSudoe", "Red CyberSudoe", "Rede CyberSudoe", "CyberSudoe network"),
    "slug": Tr("reseau", "red", "rede", "network"),
    "intro": Tr(
        "<p>Les outils communs produits ensemble par les neuf partenaires.</p>",
        "<p>Las herramientas comunes producidas conjuntamente por los nueve socios.</p>",
        "<p>As ferramentas comuns produzidas em conjunto pelos nove parceiros.</p>",
        "<p>The shared tools produced together by the nine partners.</p>",
    ),
}

SECTION_INTRO = Tr(
    "<p>Les guides, vidéos, bonnes pratiques, événements et autodiagnostics publiés par ce partenaire.</p>",
    "<p>Las guías, vídeos, buenas prácticas, eventos y autodiagnósticos publicados por este socio.</p>",
    "<p>Os guias, vídeos, boas práticas, eventos e autodiagnósticos publicados por este parceiro.</p>",
    "<p>The guides, videos, best practices, events and self-diagnostics published by this partner.</p>",
)

INDEX_PAGES = {
    "events": {
        "title": Tr("Agenda", "Agenda", "Agenda", "Events"),
        "slug": Tr("agenda", "agenda", "agenda", "events"),
        "intro": Tr(
            "<p>Conférences de sensibilisation, ateliers et webinaires organisés par les partenaires du réseau en France, en Espagne et au Portugal.</p>",
            "<p>Conferencias de sensibilización, talleres y seminarios web organizados por los socios de la red en Francia, España y Portugal.</p>",
            "<p>Conferências de sensibilização, oficinas e webinars organizados pelos parceiros da rede em França, Espanha e Portugal.</p>",
            "<p>Awareness conferences, workshops and webinars run by the network's partners in France, Spain and Portugal.</p>",
        ),
    },
    "charter": {
        "title": Tr(
            "Charte des bonnes pratiques",
            "Carta de buenas prácticas",
            "Carta de boas práticas",
            "Charter of good practice",
        ),
        "slug": Tr("charte", "carta", "carta", "charter"),
        "intro": Tr(
            "<p>Les règles d'or que les partenaires s'engagent à suivre pour sensibiliser les TPE et PME au numérique, tirées de l'évaluation de leurs actions.</p>",
            "<p>Las reglas de oro que los socios se comprometen a seguir para sensibilizar a las micro y pequeñas empresas sobre lo digital, extraídas de la evaluación de sus acciones.</p>",
            "<p>As regras de ouro que os parceiros se comprometem a seguir para sensibilizar as micro e pequenas empresas para o digital, retiradas da avaliação das suas ações.</p>",
            "<p>The golden rules the partners commit to when raising small businesses' digital awareness, drawn from the evaluation of their actions.</p>",
        ),
    },
    "partners": {
        "title": Tr("Partenaires", "Socios", "Parceiros", "Partners"),
        "slug": Tr("partenaires", "socios", "parceiros", "partners"),
        "intro": Tr(
            "<p>Neuf organisations d'appui aux entreprises en France, en Espagne et au Portugal construisent ensemble cette boîte à outils.</p>",
            "<p>Nueve organizaciones de apoyo a las empresas de Francia, España y Portugal construyen juntas esta caja de herramientas.</p>",
            "<p>Nove organizações de apoio às empresas de França, Espanha e Portugal constroem juntas esta caixa de ferramentas.</p>",
            "<p>Nine business-support organisations in France, Spain and Portugal build this toolbox together.</p>",
        ),
    },
}
