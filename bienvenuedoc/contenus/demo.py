"""Demo editorial content: the lycéens' pages on medical studies for 47 and 63 (facts about studies with their
official sources; local programmes and testimonies clearly marked as demo text), a dozen events over the coming
year and a few news items. Everything created here has a slug starting with « demo- », the only mark `effacer`
needs; every event and news item says « (démonstration) » in its text."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .enums import Public, TypeEvenement
from .models import Actualite, Evenement, Page, PresentationTerritoire

PREFIXE = "demo-"
MENTION_DEMO = "*Texte de démonstration : à relire et compléter par l’équipe avant toute mise en ligne.*"

SOURCES = {
    "parcoursup": "https://www.parcoursup.gouv.fr/",
    "decret_2019": "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000039309275",
    "reforme_acces": (
        "https://www.enseignementsup-recherche.gouv.fr/fr/reforme-de-l-acces-aux-etudes-de-sante-lancement-"
        "d-une-concertation-nationale-pour-un-modele-100209"
    ),
    "onisep": "https://www.onisep.fr/",
    "bordeaux": "https://www.u-bordeaux.fr/",
    "bordeaux_agen": (
        "https://www.u-bordeaux.fr/Actualites/De-la-formation/La-Premiere-annee-commune-aux-etudes-de-sante-a-Agen"
    ),
    "clermont": "https://www.uca.fr/",
    "stages_2015": "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000031497605",
    "lfss_2023": "https://www.legifrance.gouv.fr/search/all?query=loi+n%C2%B0+2022-1616+du+23+d%C3%A9cembre+2022",
    "sante_gouv": "https://sante.gouv.fr/",
    "ambition_sante_47": "https://www.lotetgaronne.fr/kiosque/ambition-sante-votre-1ere-annee-detudes-medicales-a-agen",
}

# What differs between the two départements of the demo; any other département gets the neutral wording.
LOCAL = {
    "47": {
        "universite": "l’université de Bordeaux",
        "url_universite": SOURCES["bordeaux"],
        "campus": (
            "Depuis 2019, la première année d’études de santé de l’université de Bordeaux est aussi proposée à "
            "**Agen**, au campus du Pin, avec des cours retransmis depuis Bordeaux "
            f"([source]({SOURCES['bordeaux_agen']}))."
        ),
        "programme": (
            "Le Département organise des soirées **« Ambition Santé »** pour présenter aux lycéens et à leurs "
            f"familles la première année d’études de santé à Agen ([source]({SOURCES['ambition_sante_47']}))."
        ),
        "villes": [("Agen", "47001"), ("Villeneuve-sur-Lot", "47323"), ("Marmande", "47157"), ("Nérac", "47195")],
    },
    "63": {
        "universite": "l’université Clermont Auvergne",
        "url_universite": SOURCES["clermont"],
        "campus": (
            "Les études de médecine du Puy-de-Dôme se font à la faculté de médecine de **l’université Clermont "
            f"Auvergne**, à Clermont-Ferrand ([site de l’université]({SOURCES['clermont']}))."
        ),
        "programme": (
            "*Démonstration : exemple fictif d’un programme départemental.* Le Département propose aux lycées "
            "volontaires des rencontres avec des étudiants en santé et des médecins du territoire."
        ),
        "villes": [("Clermont-Ferrand", "63113"), ("Riom", "63300"), ("Thiers", "63430"), ("Issoire", "63178")],
    },
}


def _local(departement: str) -> dict:
    return LOCAL.get(
        departement,
        {
            "universite": "l’université de votre académie",
            "url_universite": SOURCES["onisep"],
            "campus": "Renseignez-vous auprès de l’université de votre académie sur les lieux de formation.",
            "programme": "*Démonstration : décrivez ici le programme du Département dans les lycées.*",
            "villes": [("Chef-lieu", "00000")],
        },
    )


def _pages(departement: str) -> list[dict]:
    local = _local(departement)
    s = SOURCES
    return [
        {
            "slug": "devenir-medecin",
            "titre": "Devenir médecin : le parcours, du lycée au docteur junior",
            "public": Public.LYCEENS,
            "ordre": 10,
            "resume": "PASS ou L.AS, numerus apertus, internat, stage en médecine générale et docteur junior : "
            "les grandes étapes des études de médecine, avec leurs sources officielles.",
            "corps": f"""
## Entrer en études de santé : PASS ou L.AS

Depuis la rentrée 2020, il n’y a plus de PACES ni de numerus clausus. On candidate **sur Parcoursup**
([parcoursup.gouv.fr]({s["parcoursup"]})) à l’une de deux formations :

- le **PASS** (parcours d’accès spécifique santé) : une année centrée sur la santé, avec une option dans une
  autre discipline ; elle ne se redouble pas ;
- la **L.AS** (licence avec option accès santé) : une licence d’une autre discipline avec des enseignements de santé.

On dispose de **deux chances** au plus pour entrer en deuxième année de médecine
([décret n° 2019-1125 du 4 novembre 2019]({s["decret_2019"]})). Une réforme vers une voie d’accès unique est en
concertation, au plus tard pour la rentrée 2027 ([ministère de l’Enseignement supérieur]({s["reforme_acces"]})).

## Combien de places ? Le numerus apertus

Le nombre de places en deuxième année n’est plus fixé nationalement : chaque université le détermine avec l’agence
régionale de santé selon les besoins du territoire et ses capacités de formation (le **numerus apertus**,
[décret n° 2019-1125]({s["decret_2019"]})).

## Les années d’études

1. **Premier cycle** (3 ans, dont la première année PASS ou L.AS) : les sciences fondamentales et les premiers stages.
2. **Deuxième cycle** (3 ans) : l’externat, à l’hôpital et en ville, jusqu’aux épreuves qui ouvrent l’internat.
3. **Troisième cycle** : l’**internat**, dont la durée dépend de la spécialité ; en médecine générale, il dure
   **quatre ans**.

## Le stage en médecine générale

Pendant l’externat puis l’internat, les étudiants font des stages en cabinet, auprès d’un médecin **maître de stage
des universités** agréé par la faculté ([arrêté du 18 novembre 2015]({s["stages_2015"]})).

## Le docteur junior

Depuis la loi de financement de la sécurité sociale pour 2023 ([loi n° 2022-1616 sur Légifrance]({s["lfss_2023"]})),
l’internat de médecine générale compte une **quatrième année**, en **docteur junior** : après avoir soutenu sa
thèse, l’interne exerce en autonomie, un maître de stage joignable à tout moment. Les premiers docteurs juniors de
médecine générale prennent leurs fonctions **en novembre 2026**, en priorité dans les territoires qui manquent de
médecins ([ministère de la Santé]({s["sante_gouv"]})).

## Où étudier près de chez soi

{local["campus"]}

{local["programme"]}
""",
        },
        {
            "slug": "faq-lyceens",
            "titre": "Questions fréquentes des lycéens",
            "public": Public.LYCEENS,
            "ordre": 20,
            "resume": "Quelles spécialités au lycée, redoubler, combien d’années, où se former : les réponses courtes.",
            "corps": f"""
## Quelles spécialités choisir au lycée ?

Aucune spécialité n’est exigée. Les sciences (SVT, physique-chimie, mathématiques) facilitent la première année ;
chaque formation précise ses attendus sur sa fiche **Parcoursup** ([parcoursup.gouv.fr]({s["parcoursup"]})).

## Peut-on redoubler la première année ?

Non, le PASS ne se redouble pas ; on dispose de **deux chances** au total pour entrer en deuxième année
([décret n° 2019-1125]({s["decret_2019"]})).

## Combien de temps durent les études de médecine générale ?

Dix ans : six ans de premier et deuxième cycles, puis quatre ans d’internat dont une année de docteur junior
([loi n° 2022-1616]({s["lfss_2023"]})).

## Où me renseigner ?

Sur le site de {local["universite"]} ([lien]({local["url_universite"]})), sur l’[Onisep]({s["onisep"]}), et
auprès de la hotline du guichet, qui peut vous mettre en relation avec des étudiants et des médecins du département.
""",
        },
        {
            "slug": "temoignages-lyceens",
            "titre": "Ils sont passés par là : témoignages",
            "public": Public.LYCEENS,
            "ordre": 30,
            "resume": "Des étudiants et de jeunes médecins racontent leur parcours (témoignages fictifs).",
            "corps": f"""
{MENTION_DEMO}

## Inès, 19 ans, en deuxième année (témoignage fictif)

> « J’ai fait mon PASS près de chez moi : rester la première année à côté de ma famille m’a beaucoup aidée. »

## Hugo, interne en médecine générale (témoignage fictif)

> « Mon stage chez un médecin de campagne m’a donné envie de m’installer là où j’ai grandi. »
""",
        },
        {
            "slug": "vivre-et-exercer",
            "titre": "Vivre et exercer dans le département",
            "public": Public.MEDECINS,
            "ordre": 10,
            "resume": "Logement, écoles, emploi du conjoint, loisirs : ce que le guichet fait pour votre famille.",
            "corps": f"""
{MENTION_DEMO}

## Une installation accompagnée

La hotline vous met en relation avec les maisons de santé qui recrutent, les collectivités qui proposent des locaux
et les partenaires de l’emploi pour votre conjoint.

## Découvrir le territoire avant de s’engager

Les **journées découverte** vous font rencontrer des médecins installés : voir la page des événements.
Chaque intercommunalité a sa page : [vivre sur le territoire](/territoire/).
""",
        },
        {
            "slug": "logement-internes",
            "titre": "Se loger pendant son stage : le logement des internes et des externes",
            "public": Public.INTERNES_ETUDIANTS,
            "ordre": 20,
            "resume": "Logements gratuits ou à petit loyer pour les internes et externes en stage dans le département.",
            "corps": f"""
{MENTION_DEMO}

## Un logement pour chaque interne en stage

Les communes et les hôpitaux du département proposent des **logements meublés** aux internes, externes et docteurs
juniors en stage chez un maître de stage : studios, chambres en colocation, parfois gratuits. Ils sont publiés dans
les [offres de logement](/offres/?type=logement).

## Les aides au logement et au transport

Certaines collectivités prennent en charge une partie du loyer ou des trajets : le [simulateur d’aides](/aides/)
dit lesquelles vous concernent. La hotline vous aide à trouver un logement proche de votre terrain de stage.
""",
        },
    ]


def _evenements(departement: str) -> list[dict]:
    villes = _local(departement)["villes"]
    modeles = [
        (TypeEvenement.JOURNEE_DECOUVERTE, Public.MEDECINS, "Journée découverte du territoire", 25),
        (
            TypeEvenement.RENCONTRE_INTERNES,
            Public.INTERNES_ETUDIANTS,
            "Rencontre des internes et des maîtres de stage",
            40,
        ),
        (TypeEvenement.JOB_DATING, Public.MEDECINS, "Job dating des centres et maisons de santé", 30),
        (TypeEvenement.REUNION, Public.LYCEENS, "Soirée « études de santé » pour les lycéens et leurs familles", 80),
    ]
    evenements = []
    aujourdhui = timezone.localdate()
    for numero in range(12):
        type_, public, titre, capacite = modeles[numero % len(modeles)]
        ville, insee = villes[numero % len(villes)]
        jour = aujourdhui + timedelta(days=20 + numero * 29)
        debut = timezone.make_aware(datetime.combine(jour, time(18 if type_ == TypeEvenement.REUNION else 14, 0)))
        evenements.append(
            {
                "slug": f"{jour:%Y-%m}-{type_.replace('_', '-')}-{numero + 1}",
                "titre": f"{titre} à {ville}",
                "type": type_,
                "public": public,
                "debut": debut,
                "fin": debut + timedelta(hours=3),
                "lieu": "Salle de démonstration, adresse fictive",
                "commune_nom": ville,
                "commune_insee": insee,
                # the first one nearly full, to show the waiting list in the demo
                "capacite": 2 if numero == 0 else capacite,
                "resume": f"{titre} (démonstration).",
                "description": f"{MENTION_DEMO}\n\nAu programme : accueil, présentation du territoire, échanges.",
            }
        )
    return evenements


def _actualites() -> list[dict]:
    aujourdhui = timezone.localdate()
    return [
        {
            "slug": "premiers-docteurs-juniors",
            "titre": "Les premiers docteurs juniors arrivent en novembre 2026",
            "date_publication": aujourdhui - timedelta(days=30),
            "resume": "Le guichet aide les docteurs juniors de médecine générale à se loger (démonstration).",
            "corps": MENTION_DEMO,
        },
        {
            "slug": "calendrier-evenements",
            "titre": "Le calendrier des journées découverte est en ligne",
            "date_publication": aujourdhui - timedelta(days=12),
            "resume": "Inscrivez-vous aux prochaines journées découverte (démonstration).",
            "corps": MENTION_DEMO,
        },
        {
            "slug": "parcoursup-etudes-sante",
            "titre": "Parcoursup : pensez aux études de santé près de chez vous",
            "date_publication": aujourdhui - timedelta(days=3),
            "resume": "PASS, L.AS : les vœux se font sur Parcoursup (démonstration).",
            "corps": f"{MENTION_DEMO}\n\nLes vœux se formulent sur [Parcoursup]({SOURCES['parcoursup']}).",
        },
    ]


def generer(*, rng, departement, stdout):
    aujourdhui = timezone.localdate()
    for donnees in _pages(departement):
        slug = PREFIXE + donnees.pop("slug")
        donnees["corps"] = donnees["corps"].strip()
        Page.objects.update_or_create(
            slug=slug, defaults={**donnees, "publie": True, "date_publication": aujourdhui, "date_revue": aujourdhui}
        )
    for donnees in _evenements(departement):
        Evenement.objects.update_or_create(slug=PREFIXE + donnees.pop("slug"), defaults={**donnees, "publie": True})
    for donnees in _actualites():
        Actualite.objects.update_or_create(slug=PREFIXE + donnees.pop("slug"), defaults={**donnees, "publie": True})
    stdout.write("  contenus : pages des lycéens, 12 événements, 3 actualités (textes de démonstration)")


def effacer(*, stdout):
    for modele in (Evenement, Actualite, Page):
        modele.objects.filter(slug__startswith=PREFIXE).delete()
    PresentationTerritoire.objects.filter(est_demo=True).delete()


# --- territory pages: a demo presentation per EPCI (called by observatoire's demo, which knows the EPCI) ----------
TERRITOIRES = {
    "47": {
        "gare": "la ligne TER Bordeaux – Agen – Toulouse et les cars régionaux",
        "nature": "la Garonne, le Lot et le canal des Deux-Mers, à pied ou à vélo",
        "culture": "festivals d’été, bastides et cinémas associatifs",
        "lycee": "[lycées du secteur](https://www.ac-bordeaux.fr/)",
    },
    "63": {
        "gare": "les TER vers Clermont-Ferrand et les lignes de cars régionales",
        "nature": "les volcans d’Auvergne, les lacs et les stations de ski du Sancy",
        "culture": "le festival du court métrage de Clermont-Ferrand, salles de concert et musées",
        "lycee": "[lycées du secteur](https://www.ac-clermont.fr/)",
    },
}
TERRITOIRE_NEUTRE = {
    "gare": "les TER et les cars régionaux",
    "nature": "les chemins de randonnée et les voies vertes",
    "culture": "une médiathèque, une saison culturelle et des associations",
    "lycee": "lycées du secteur",
}
SPORTS = ["rugby", "football", "tennis", "natation", "randonnée", "aviron", "cyclisme", "judo"]


def presentations_territoire(*, epcis: list[tuple[str, str, list[str]]], departement: str, rng, stdout) -> int:
    """One demo presentation per EPCI (`epcis`: SIREN, name, its main communes, most populated first), marked
    `est_demo` and saying « Texte de démonstration »; a presentation written by the staff (est_demo False) is never
    overwritten."""
    local = TERRITOIRES.get(departement, TERRITOIRE_NEUTRE)
    ecrites = set(PresentationTerritoire.objects.filter(est_demo=False).values_list("epci_siren", flat=True))
    nombre = 0
    for siren, nom, communes in epcis:
        if siren in ecrites:
            continue
        centre = communes[0] if communes else nom
        autres = ", ".join(communes[1:4]) or centre
        sports = ", ".join(rng.sample(SPORTS, 3))
        annuaire = f"[annuaire des partenaires du territoire](/partenaires/?epci={siren})"
        PresentationTerritoire.objects.update_or_create(
            epci_siren=siren,
            defaults={
                "est_demo": True,
                "publie": True,
                "accroche": f"{nom} autour de {centre} : exercer au plus près des patients, vivre en famille "
                "au calme (texte de démonstration).",
                "ecoles": f"{MENTION_DEMO}\n\nÉcoles maternelles et élémentaires à {centre} et à {autres}, "
                f"collèges et {local['lycee']}. Crèches et assistantes maternelles : le relais petite enfance de "
                "l’intercommunalité oriente les familles.",
                "transports": f"Le territoire est desservi par {local['gare']}. Les communes rurales sont à moins "
                f"de {rng.choice([15, 20, 25, 30])} minutes de voiture de {centre}.",
                "culture": f"Médiathèques, {local['culture']}.",
                "sport": f"Clubs de {sports} ; équipements sportifs à {centre}.",
                "loisirs": f"{local['nature'].capitalize()}, marchés de producteurs et vie associative.",
                "emploi_conjoint": "La hotline met votre conjoint en relation avec les partenaires de l’emploi et "
                f"les entreprises qui recrutent : voir l’{annuaire}.",
            },
        )
        nombre += 1
    stdout.write(f"  territoires : {nombre} présentation(s) d’intercommunalité (textes de démonstration)")
    return nombre
