"""The site's public pages in one place: the header navigation and the site map are built from these lists,
so they never diverge.

Entries of apps that are not installed yet (or whose URL name changes) are skipped rather than shown as dead
links: each entry is resolved by its URL name, then by its path if that path exists in the URLconf."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

# RGAA: the accessibility statement's conformity level, also the wording of the footer link. No full RGAA
# audit has been done, so the regulation requires "non conforme" (see templates/bienvenuedoc/accessibilite.html).
ETAT_CONFORMITE_RGAA = "non conforme"


@dataclass(frozen=True)
class Entree:
    libelle: str
    nom_url: str
    chemin: str = ""  # fallback path, used only when it resolves in the URLconf
    description: str = ""
    action: bool = False  # shown as a call-to-action button in the header

    def url(self) -> str | None:
        try:
            return reverse(self.nom_url)
        except NoReverseMatch:
            pass
        if self.chemin:
            try:
                resolve(self.chemin)
            except Resolver404:
                return None
            return self.chemin
        return None


@dataclass(frozen=True)
class Lien:
    libelle: str
    url: str
    description: str = ""
    action: bool = False


NAVIGATION_PRINCIPALE = [
    Entree("Médecins", "site:medecins", description="S’installer, remplacer, exercer en salarié"),
    Entree(
        "Internes et étudiants",
        "site:internes_etudiants",
        description="Stages, logement, docteurs juniors, CESP",
    ),
    Entree("Lycéens", "site:lyceens", description="Entrer en études de médecine : PASS et LAS"),
    Entree("Offres", "remplacements:offres", "/offres/", description="Remplacements, postes, stages et logements"),
    Entree("Observatoire", "observatoire:accueil", description="Le territoire en chiffres"),
    Entree(
        "Aides", "partenaires:simulateur", "/aides/", description="Les aides financières auxquelles vous avez droit"
    ),
    Entree("Partenaires", "partenaires:annuaire", "/partenaires/", description="L’annuaire des partenaires"),
    Entree(
        "Être accompagné",
        "accompagnement:demande_nouvelle",
        "/demande/",
        description="Déposer une demande auprès de la hotline",
        action=True,
    ),
]

# The way back to one's request (a new link to the private space): in the header of every page, on the home
# page and in the site map.
ESPACE_DEMANDEUR = Entree(
    "Retrouver ma demande",
    "accompagnement:espace_lien",
    "/espace/",
    description="Recevoir le lien de votre espace personnel",
)

# Pages of the other apps listed in the site map (not in the header's main navigation).
AUTRES_PAGES = [
    Entree("Événements", "contenus:evenements", description="Journées découverte, rencontres, job dating"),
    Entree("Actualités", "contenus:actualites", description="Les nouvelles du guichet"),
    Entree(
        "Vivre sur le territoire",
        "territoire:index",
        description="Chaque intercommunalité : communes, médecins, offres, partenaires, vie de famille",
    ),
    Entree(
        "Rapports PDF de l’observatoire",
        "rapports:liste",
        description="Les chiffres du département et de ses intercommunalités, à télécharger ou à demander",
    ),
    Entree("Rechercher sur le site", "site:recherche", description="Pages, partenaires, aides, offres, événements"),
    Entree(
        "Catalogue des aides",
        "partenaires:catalogue",
        "/aides/catalogue/",
        description="Toutes les aides, leurs conditions et leurs sources",
    ),
    ESPACE_DEMANDEUR,
]

PAGES_LEGALES = [
    Entree("Mentions légales", "site:mentions_legales"),
    Entree(f"Accessibilité : {ETAT_CONFORMITE_RGAA}", "site:accessibilite"),
    Entree("Données personnelles", "site:donnees_personnelles"),
    Entree("Plan du site", "site:plan_du_site"),
]


def _liens(entrees: list[Entree]) -> list[Lien]:
    liens = []
    for entree in entrees:
        url = entree.url()
        if url is not None:
            liens.append(Lien(entree.libelle, url, entree.description, entree.action))
    return liens


def navigation_principale() -> list[Lien]:
    return _liens(NAVIGATION_PRINCIPALE)


def espace_demandeur() -> Lien | None:
    liens = _liens([ESPACE_DEMANDEUR])
    return liens[0] if liens else None


def pages_legales() -> list[Lien]:
    return _liens(PAGES_LEGALES)


def plan_du_site() -> list[tuple[str, list[Lien]]]:
    """Sections of the site map, each a title and its links (unresolvable entries skipped)."""
    sections = [
        ("Le guichet", [Lien("Accueil", reverse("site:accueil")), *_liens(NAVIGATION_PRINCIPALE)]),
        ("Autres pages", _liens(AUTRES_PAGES)),
        ("Informations légales", _liens(PAGES_LEGALES)),
    ]
    return [(titre, liens) for titre, liens in sections if liens]
