"""Demo data of the accompaniment: the checklist templates (real steps per project type), 4 hotline agents
« (démo) » and about 130 **synthetic** requests over the last 12 months, with the proportions the team sees
(a quarter students, about half GPs or specialists, the rest replacement doctors and other professionals),
needs with realistic statuses, referrals to the demo partners, messages, checklists and a timeline.

Deterministic for a given `rng` (dates are relative to the day of generation). Everything personal is
fictitious: names from a fixed list, e-mail addresses under `@demo.invalid`, phone numbers in the range
reserved for fiction. No notification is queued, so no e-mail leaves.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum import luhn

from bienvenuedoc.demo import COMPTE_DEMO
from observatoire.models import Commune
from observatoire.texte import normaliser_nom
from partenaires.enums import TypeBesoin
from partenaires.models import Partenaire, ServicePartenaire

from .enums import (
    ModeExercice,
    ProfilDemandeur,
    StatutBesoin,
    StatutDemande,
    StatutEtape,
    StructureExercice,
    TypeEvenement,
    TypeProjet,
)
from .groupes import CHARGE, RESPONSABLE, groupes_creer
from .models import Besoin, Demande, Etape, Evenement, Message, ModeleEtape, ProfilAgent

NOMBRE_DEMANDES = 130
DOMAINE_DEMO = "demo.invalid"
PREFIXE_AGENT = "agent-demo-"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

P = ProfilDemandeur
T = TypeProjet
B = TypeBesoin

# --- Checklist templates: (type_projet, pour_etudiants) -> [(titre, organisme, description, lien, délai en jours)]
_CDOM = "Conseil départemental de l’Ordre des médecins (CDOM)"
_ORDRE = "https://www.conseil-national.medecin.fr/"

# The installation step about financial aids follows the 2026 rules the simulator encodes (partenaires/demo.py):
# no closed scheme presented as open (the CAIM, « contrat d’aide à l’installation », could be signed until
# 31 December 2025), and a link to the simulator, which knows the zoning of each commune. Migration 0015 brings
# the template seeded before up to date.
TITRE_ETAPE_AIDES = "Aides à l’installation (règles 2026)"
ORGANISME_ETAPE_AIDES = "CPAM, Agence régionale de santé (ARS), Région et département"
DESCRIPTION_ETAPE_AIDES = (
    "Selon le zonage de la commune (ZIP, ZAC, QPV) : aide à la primo-installation de l’Assurance Maladie, "
    "versée une fois par la CPAM, majoration du forfait médecin traitant, aides de la Région et du département "
    "(convention à signer). Une aide déjà reçue pour s’installer exclut une aide de même nature pendant 10 ans. "
    "Faites le point avec le simulateur « Quelles aides pour mon projet ? » du site, puis avec la hotline ; "
    "déclaration à l’ARS en cas d’exercice en maison de santé."
)
LIEN_SIMULATEUR = "simulateur"  # replaced by the simulator's absolute address (_lien_etape)

PARCOURS = {
    (T.INSTALLATION, False): [
        (
            "Inscription au tableau de l’Ordre des médecins",
            _CDOM,
            "Déposer le dossier d’inscription (diplômes, casier judiciaire) au conseil du département d’exercice ; "
            "compter un à trois mois.",
            _ORDRE,
            30,
        ),
        (
            "Demande de conventionnement",
            "Caisse primaire d’assurance maladie (CPAM)",
            "Prendre rendez-vous avec le service des relations avec les professionnels de santé : secteur, "
            "conventionnement, télétransmission, aides conventionnelles.",
            "https://www.ameli.fr/medecin",
            45,
        ),
        (
            "Immatriculation URSSAF",
            "URSSAF",
            "Immatriculation en tant que praticien et auteur conventionné (PAMC) dans les huit jours suivant le début "
            "d’activité.",
            "https://www.urssaf.fr/",
            45,
        ),
        (
            "Affiliation à la caisse de retraite",
            "Caisse autonome de retraite des médecins de France (CARMF)",
            "Affiliation obligatoire dans le mois du début d’exercice libéral.",
            "https://www.carmf.fr/",
            60,
        ),
        (
            "Assurance responsabilité civile professionnelle (RCP)",
            "Assureur au choix",
            "Souscrire une RCP avant le premier patient et transmettre l’attestation à l’Ordre.",
            "",
            30,
        ),
        (
            "Local professionnel et logiciel métier",
            "Commune, communauté de communes ou MSP d’accueil",
            "Choisir le local (accessibilité, bail professionnel), le logiciel métier référencé Ségur et commander "
            "la carte CPS.",
            "",
            60,
        ),
        (
            "Compte bancaire professionnel",
            "Banque au choix",
            "Ouvrir un compte dédié à l’activité et le déclarer à la CPAM pour les remboursements.",
            "",
            30,
        ),
        (
            TITRE_ETAPE_AIDES,
            ORGANISME_ETAPE_AIDES,
            DESCRIPTION_ETAPE_AIDES,
            LIEN_SIMULATEUR,
            60,
        ),
    ],
    (T.REMPLACEMENT, False): [
        (
            "Licence de remplacement ou inscription au tableau",
            _CDOM,
            "Non thésé : licence de remplacement délivrée par le conseil de la faculté ; thésé : inscription au "
            "tableau.",
            _ORDRE,
            15,
        ),
        (
            "Contrat de remplacement transmis à l’Ordre",
            _CDOM,
            "Le contrat écrit entre le médecin remplacé et le remplaçant est communiqué au conseil de l’Ordre.",
            _ORDRE,
            15,
        ),
        ("Immatriculation URSSAF", "URSSAF", "Déclaration d’activité de remplaçant.", "https://www.urssaf.fr/", 30),
        (
            "Affiliation à la caisse de retraite",
            "Caisse autonome de retraite des médecins de France (CARMF)",
            "Affiliation obligatoire dès le premier remplacement libéral.",
            "https://www.carmf.fr/",
            45,
        ),
        (
            "Assurance responsabilité civile professionnelle (RCP)",
            "Assureur au choix",
            "Une RCP personnelle est obligatoire pour remplacer.",
            "",
            15,
        ),
    ],
    (T.POSTE_SALARIE, False): [
        (
            "Inscription au tableau de l’Ordre des médecins",
            _CDOM,
            "Obligatoire aussi pour l’exercice salarié.",
            _ORDRE,
            30,
        ),
        (
            "Contrat de travail soumis à l’Ordre",
            _CDOM,
            "Le contrat avec le centre de santé ou l’établissement est transmis au conseil de l’Ordre.",
            _ORDRE,
            30,
        ),
        (
            "Carte professionnelle (CPS)",
            "Agence du numérique en santé",
            "Commande de la carte CPS.",
            "https://esante.gouv.fr/",
            45,
        ),
        ("Logement à l’arrivée", "Hotline du guichet", "Recherche d’un logement près du lieu d’exercice.", "", 45),
    ],
    (T.DECOUVERTE, False): [
        (
            "Entretien de découverte avec la hotline",
            "Hotline du guichet",
            "Faire le point sur le projet, les communes et les structures qui recrutent.",
            "",
            10,
        ),
        (
            "Visite du territoire et des maisons de santé",
            "Hotline du guichet et MSP d’accueil",
            "Journée d’immersion : rencontre des équipes, visite des locaux disponibles.",
            "",
            45,
        ),
        ("Rencontre avec les élus de la commune d’accueil", "Commune ou communauté de communes", "", "", 60),
    ],
    (T.STAGE, True): [
        (
            "Convention de stage",
            "Faculté de médecine et terrain de stage",
            "Faire signer la convention par le maître de stage et la faculté avant le début du stage.",
            "",
            15,
        ),
        (
            "Logement pendant le stage",
            "Hotline du guichet, internat du centre hospitalier",
            "Hébergement à l’internat ou logement meublé proposé par une commune.",
            "",
            20,
        ),
        (
            "Transport",
            "Hotline du guichet",
            "Trajets entre le logement et le lieu de stage ; indemnité forfaitaire de transport selon la distance.",
            "",
            20,
        ),
        (
            "Accueil par le maître de stage",
            "Maître de stage universitaire",
            "Rencontre avant la prise de poste.",
            "",
            30,
        ),
    ],
    (T.DECOUVERTE, True): [
        ("Logement pour la découverte", "Hotline du guichet", "Hébergement pendant la visite.", "", 15),
        ("Transport", "Hotline du guichet", "Organisation des trajets.", "", 15),
    ],
    (T.REMPLACEMENT, True): [
        ("Licence de remplacement", _CDOM, "Demande de licence auprès du conseil de l’Ordre.", _ORDRE, 15),
        ("Logement pendant le remplacement", "Hotline du guichet", "", "", 20),
    ],
}

AGENTS = [
    ("Claire", "Dupuis (démo)", "Chargée d’accompagnement", "01 99 00 47 01"),
    ("Mehdi", "Benali (démo)", "Chargé d’accompagnement", "01 99 00 47 02"),
    ("Sophie", "Laborde (démo)", "Chargée d’accompagnement – internes et étudiants", "01 99 00 47 03"),
    ("Thomas", "Garrigues (démo)", "Responsable du guichet", "01 99 00 47 04"),
]
PRENOMS = [
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Manon",
    "Gabriel",
    "Camille",
    "Arthur",
    "Inès",
    "Jules",
    "Sarah",
    "Nathan",
    "Emma",
    "Paul",
    "Zoé",
    "Adam",
    "Juliette",
    "Lucas",
    "Alice",
    "Théo",
    "Anaïs",
    "Karim",
    "Mathilde",
    "Yanis",
    "Pauline",
    "Antoine",
    "Clémence",
    "Maxime",
    "Fatima",
    "Julien",
]
NOMS = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
]
UNIVERSITES = ["Université de Bordeaux", "Université de Toulouse", "Université de Poitiers", "Université de Limoges"]
SPECIALITES = ["Pédiatrie", "Psychiatrie", "Gynécologie médicale", "Ophtalmologie", "Cardiologie", "Gériatrie"]

# profile: (weight, [(project type, weight)], [(need type, weight)])
_BESOINS_ETUDIANTS = [
    (B.TERRAIN_STAGE, 5),
    (B.LOGEMENT, 6),
    (B.DECOUVERTE_TERRITOIRE, 3),
    (B.DEMARCHES_ADMINISTRATIVES, 2),
]
_BESOINS_MEDECINS = [
    (B.DEMARCHES_ADMINISTRATIVES, 5),
    (B.AIDES_FINANCIERES, 6),
    (B.LIEU_EXERCICE, 5),
    (B.LOGEMENT, 3),
    (B.EMPLOI_CONJOINT, 3),
    (B.SCOLARITE_GARDE, 2),
    (B.COMPAGNONNAGE, 2),
    (B.DECOUVERTE_TERRITOIRE, 1),
]
PROFILS = {
    P.INTERNE: (13, [(T.STAGE, 8), (T.DECOUVERTE, 2)], _BESOINS_ETUDIANTS),
    P.EXTERNE: (6, [(T.STAGE, 9), (T.DECOUVERTE, 1)], _BESOINS_ETUDIANTS),
    P.DOCTEUR_JUNIOR: (6, [(T.STAGE, 5), (T.REMPLACEMENT, 3), (T.DECOUVERTE, 2)], _BESOINS_ETUDIANTS),
    P.MEDECIN_GENERALISTE: (
        35,
        [(T.INSTALLATION, 6), (T.REMPLACEMENT, 2), (T.POSTE_SALARIE, 2), (T.DECOUVERTE, 1)],
        _BESOINS_MEDECINS,
    ),
    P.MEDECIN_SPECIALISTE: (13, [(T.INSTALLATION, 5), (T.POSTE_SALARIE, 4), (T.DECOUVERTE, 1)], _BESOINS_MEDECINS),
    P.REMPLACANT: (15, [(T.REMPLACEMENT, 7), (T.INSTALLATION, 3)], _BESOINS_MEDECINS),
    P.AUTRE_PROFESSIONNEL: (
        12,
        [(T.INSTALLATION, 5), (T.POSTE_SALARIE, 5)],
        [(B.LIEU_EXERCICE, 4), (B.LOGEMENT, 3), (B.EMPLOI_CONJOINT, 2), (B.AIDES_FINANCIERES, 2)],
    ),
}
PRECISIONS = {
    B.DEMARCHES_ADMINISTRATIVES: "Je ne sais pas par où commencer (Ordre, CPAM, URSSAF).",
    B.AIDES_FINANCIERES: "Quelles aides pour une installation en zone d’intervention prioritaire ?",
    B.LIEU_EXERCICE: "Je cherche une MSP ou un cabinet de groupe avec du temps partagé.",
    B.COMPAGNONNAGE: "J’aimerais être accompagné·e par un médecin installé les premiers mois.",
    B.TERRAIN_STAGE: "Stage de médecine générale ambulatoire (SASPAS) au prochain semestre.",
    B.LOGEMENT: "Un logement meublé pour six mois, près du lieu d’exercice.",
    B.EMPLOI_CONJOINT: "Mon conjoint cherche un emploi.",
    B.SCOLARITE_GARDE: "Inscription à l’école et mode de garde.",
    B.DECOUVERTE_TERRITOIRE: "Activités sportives et culturelles, associations.",
}
MESSAGES_HOTLINE = [
    "Bonjour, je suis votre référent·e pour ce projet. Je vous propose un premier échange téléphonique cette "
    "semaine : quelles sont vos disponibilités ?",
    "Bonjour, merci pour votre demande. Je vous envoie la liste des contacts utiles et je reviens vers vous "
    "après avoir sollicité nos partenaires.",
    "Bonjour, j’ai bien noté vos besoins. Un partenaire va vous contacter pour le logement ; pour le reste, je "
    "vous appelle jeudi.",
]
MESSAGES_DEMANDEUR = [
    "Merci beaucoup pour votre retour rapide. Je suis disponible mardi après-midi.",
    "Bonjour, merci. Pouvez-vous me dire si une aide est possible pour l’équipement du cabinet ?",
    "Merci, le partenaire m’a bien contacté·e.",
]
MESSAGES_SUIVI = [
    "Le partenaire confirme qu’un logement est disponible à partir du mois prochain.",
    "Votre dossier de conventionnement est complet : la CPAM vous recontactera sous quinze jours.",
    "Je vous ai mis en relation avec la MSP : l’équipe vous propose une visite.",
]


def _rpps(dix_chiffres: str) -> str:
    """A fictitious RPPS number that passes the request form's check: the 11th digit is the Luhn key."""
    return dix_chiffres + luhn.calc_check_digit(dix_chiffres)


def _choix(rng, poids: list[tuple]):
    valeurs, ponderations = zip(*poids, strict=True)
    return rng.choices(valeurs, weights=ponderations, k=1)[0]


def _heure_ouvree(rng, moment: datetime) -> datetime:
    """Moves a moment to a working day between 8:30 and 18:30 (local time)."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local.replace(hour=rng.randint(8, 17), minute=rng.choice([0, 10, 20, 30, 40, 50]), second=0)


def _lien_etape(lien: str) -> str:
    if lien == LIEN_SIMULATEUR:
        return settings.SITE_URL.rstrip("/") + reverse("partenaires:simulateur")
    return lien


def _modeles_etapes() -> int:
    """Creates the checklist templates that do not exist yet (same project type, audience and title);
    templates edited by the staff are left as they are."""
    existants = set(ModeleEtape.objects.values_list("type_projet", "pour_etudiants", "titre"))
    nouveaux = [
        ModeleEtape(
            type_projet=type_projet,
            pour_etudiants=pour_etudiants,
            ordre=ordre,
            titre=titre,
            organisme=organisme,
            description=description,
            lien=_lien_etape(lien),
            delai_jours=delai,
        )
        for (type_projet, pour_etudiants), etapes in PARCOURS.items()
        for ordre, (titre, organisme, description, lien, delai) in enumerate(etapes, start=1)
        if (type_projet, pour_etudiants, titre) not in existants
    ]
    bulk_create_with_history(nouveaux, ModeleEtape, batch_size=500)
    return len(nouveaux)


def _agents() -> list:
    User = get_user_model()
    groupes = groupes_creer(Group, Permission)
    groupe, responsables = groupes[CHARGE], groupes[RESPONSABLE]
    mot_de_passe = make_password(COMPTE_DEMO["password"])
    agents = []
    for numero, (prenom, nom, fonction, telephone) in enumerate(AGENTS, start=1):
        username = f"{PREFIXE_AGENT}{numero}"
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": prenom,
                "last_name": nom,
                "email": f"{username}@{DOMAINE_DEMO}",
                "is_staff": True,
                "is_active": True,
                "password": mot_de_passe,
            },
        )
        user.groups.add(responsables if numero == len(AGENTS) else groupe)
        ProfilAgent.objects.update_or_create(user=user, defaults={"fonction": fonction, "telephone_direct": telephone})
        agents.append(user)
    return agents


class _Generateur:
    """Builds the rows in memory, then saves them with bulk_create in a few queries."""

    def __init__(self, *, rng, departement: str, agents: list):
        self.rng = rng
        self.maintenant = timezone.now()
        self.agents = agents
        self.communes = list(
            Commune.objects.du_departement(departement).sans_contour().only("pk", "epci_id").order_by("code_insee")
        )
        self.partenaires_par_besoin: dict[str, list[int]] = {}
        for type_besoin, partenaire_id in ServicePartenaire.objects.order_by("pk").values_list(
            "type_besoin", "partenaire_id"
        ):
            self.partenaires_par_besoin.setdefault(type_besoin, []).append(partenaire_id)
        self.tous_partenaires = list(Partenaire.objects.order_by("pk").values_list("pk", flat=True))
        self.modeles: dict[tuple, list[ModeleEtape]] = {}
        for modele in ModeleEtape.objects.filter(actif=True).order_by("ordre", "pk"):
            self.modeles.setdefault((modele.type_projet, modele.pour_etudiants), []).append(modele)
        self.references: set[str] = set(Demande.objects.values_list("reference", flat=True))
        self.demandes: list[Demande] = []
        self.suites = []  # per request: needs, events, messages, steps, communes, EPCIs (built after the pks)

    def reference(self, annee: int) -> str:
        while True:
            reference = f"{annee}-" + "".join(self.rng.choice(_ALPHABET) for _ in range(6))
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def statut_demande(self, age_jours: float) -> str:
        r = self.rng.random()
        if age_jours > 120:
            return (
                StatutDemande.TERMINEE
                if r < 0.72
                else StatutDemande.SANS_SUITE
                if r < 0.84
                else StatutDemande.RETIREE
                if r < 0.9
                else StatutDemande.EN_COURS
            )
        if age_jours > 30:
            return (
                StatutDemande.EN_COURS if r < 0.68 else StatutDemande.TERMINEE if r < 0.9 else StatutDemande.SANS_SUITE
            )
        if age_jours < 4:
            return StatutDemande.NOUVELLE if r < 0.8 else StatutDemande.EN_COURS
        return StatutDemande.NOUVELLE if r < 0.25 else StatutDemande.EN_COURS

    def delai_premiere_reponse(self) -> timedelta:
        r = self.rng.random()
        jours = self.rng.randint(0, 2) if r < 0.78 else self.rng.randint(3, 5) if r < 0.94 else self.rng.randint(6, 10)
        return timedelta(days=jours, hours=self.rng.randint(1, 6))

    def une_demande(self, numero: int):
        rng = self.rng
        profil = _choix(rng, [(p, poids) for p, (poids, _, _) in PROFILS.items()])
        _, projets, besoins_possibles = PROFILS[profil]
        type_projet = _choix(rng, projets)
        etudiant = profil in P.etudiants()
        age = rng.uniform(0.2, 365)
        recue_le = _heure_ouvree(rng, self.maintenant - timedelta(days=age))
        if recue_le > self.maintenant:
            recue_le = self.maintenant - timedelta(hours=2)
            age = 0.1
        statut = self.statut_demande(age)
        prenom, nom = rng.choice(PRENOMS), rng.choice(NOMS)
        # the third agent follows the students; the others share the rest
        referent = self.agents[2] if etudiant and rng.random() < 0.8 else rng.choice(self.agents[:2] + self.agents[3:])
        premiere_reponse = None
        if statut != StatutDemande.NOUVELLE:
            premiere_reponse = min(recue_le + self.delai_premiere_reponse(), self.maintenant - timedelta(minutes=30))
        cloturee = None
        if statut in StatutDemande.clos():
            debut_cloture = premiere_reponse or recue_le
            cloturee = min(debut_cloture + timedelta(days=rng.randint(10, 110)), self.maintenant - timedelta(days=1))
            cloturee = max(cloturee, debut_cloture + timedelta(hours=1))
        demande = Demande(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            reference=self.reference(timezone.localtime(recue_le).year),
            profil=profil,
            prenom=prenom,
            nom=nom,
            email=f"{normaliser_nom(prenom)}.{normaliser_nom(nom)}.{numero:03d}@{DOMAINE_DEMO}",
            telephone=f"01 99 00 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            rpps="" if etudiant or rng.random() < 0.3 else _rpps(f"10{rng.randint(0, 99_999_999):08d}"),
            specialite=rng.choice(SPECIALITES) if profil == P.MEDECIN_SPECIALISTE else "",
            universite=rng.choice(UNIVERSITES) if etudiant else "",
            type_projet=type_projet,
            periode_debut=(recue_le + timedelta(days=rng.randint(30, 200))).date(),
            mode_exercice=""
            if etudiant
            else _choix(rng, [(ModeExercice.LIBERAL, 5), (ModeExercice.SALARIE, 2), (ModeExercice.MIXTE, 2)]),
            structures=[] if etudiant else rng.sample(StructureExercice.values, k=rng.randint(0, 2)),
            message="Demande de démonstration (fictive).",
            consentement_le=recue_le,
            statut=statut,
            referent=referent if premiere_reponse else None,
            recue_le=recue_le,
            premiere_reponse_le=premiere_reponse,
            cloturee_le=cloturee,
            derniere_action_le=cloturee or premiere_reponse or recue_le,
        )
        types_besoins = []
        for _ in range(rng.randint(1, 4)):
            type_besoin = _choix(rng, besoins_possibles)
            if type_besoin not in types_besoins:
                types_besoins.append(type_besoin)
        self.demandes.append(demande)
        self.suites.append({"types_besoins": types_besoins, "age": age})

    def statut_besoin(self, statut_demande: str, age: float) -> str:
        r = self.rng.random()
        if statut_demande == StatutDemande.NOUVELLE:
            return StatutBesoin.NOUVEAU
        if statut_demande == StatutDemande.TERMINEE:
            return StatutBesoin.RESOLU if r < 0.85 else StatutBesoin.SANS_SUITE
        if statut_demande in (StatutDemande.SANS_SUITE, StatutDemande.RETIREE):
            return StatutBesoin.SANS_SUITE if r < 0.7 else StatutBesoin.RESOLU
        if age < 20:
            return StatutBesoin.NOUVEAU if r < 0.3 else StatutBesoin.EN_COURS if r < 0.75 else StatutBesoin.ORIENTE
        return (
            StatutBesoin.EN_COURS
            if r < 0.35
            else StatutBesoin.ORIENTE
            if r < 0.65
            else StatutBesoin.RESOLU
            if r < 0.92
            else StatutBesoin.SANS_SUITE
        )

    def partenaire_pour(self, type_besoin: str) -> int | None:
        candidats = self.partenaires_par_besoin.get(type_besoin) or self.tous_partenaires
        return self.rng.choice(candidats) if candidats else None

    def entre(self, debut: datetime, fin: datetime) -> datetime:
        if fin <= debut:
            return debut
        return debut + (fin - debut) * self.rng.uniform(0.1, 0.9)

    def completer(self, demande: Demande, suite: dict, lignes: dict):
        rng = self.rng
        age = suite["age"]
        agent = demande.referent
        reponse = demande.premiere_reponse_le
        fin = demande.cloturee_le or self.maintenant
        ev = lignes["evenements"]
        ev.append(Evenement(demande=demande, type=TypeEvenement.CREATION, par_demandeur=True, cree_le=demande.recue_le))
        # where
        if self.communes:
            for commune in rng.sample(self.communes, k=min(len(self.communes), rng.randint(0, 2))):
                lignes["communes"].append(Demande.communes.through(demande_id=demande.pk, commune_id=commune.pk))
            epcis = sorted({c.epci_id for c in self.communes if c.epci_id})
            if epcis and rng.random() < 0.4:
                lignes["epcis"].append(Demande.epcis.through(demande_id=demande.pk, epci_id=rng.choice(epcis)))
        # first answer: assignment, status, message
        if reponse:
            ev.append(
                Evenement(
                    demande=demande,
                    type=TypeEvenement.ASSIGNATION,
                    auteur=agent,
                    vers=agent.get_full_name(),
                    cree_le=reponse,
                )
            )
            ev.append(
                Evenement(
                    demande=demande,
                    type=TypeEvenement.STATUT_DEMANDE,
                    auteur=agent,
                    de=StatutDemande.NOUVELLE,
                    vers=StatutDemande.EN_COURS,
                    cree_le=reponse,
                )
            )
            lignes["messages"].append(
                Message(
                    demande=demande,
                    auteur=agent,
                    corps=rng.choice(MESSAGES_HOTLINE),
                    cree_le=reponse,
                    lu_le=reponse + timedelta(hours=rng.randint(1, 30)),
                )
            )
            ev.append(Evenement(demande=demande, type=TypeEvenement.MESSAGE_HOTLINE, auteur=agent, cree_le=reponse))
            if rng.random() < 0.6:
                quand = self.entre(reponse, fin)
                lignes["messages"].append(
                    Message(demande=demande, de_demandeur=True, corps=rng.choice(MESSAGES_DEMANDEUR), cree_le=quand)
                )
                ev.append(
                    Evenement(demande=demande, type=TypeEvenement.MESSAGE_DEMANDEUR, par_demandeur=True, cree_le=quand)
                )
            if rng.random() < 0.5 and fin - reponse > timedelta(days=3):
                quand = self.entre(reponse + timedelta(days=2), fin)
                lignes["messages"].append(
                    Message(
                        demande=demande,
                        auteur=agent,
                        corps=rng.choice(MESSAGES_SUIVI),
                        cree_le=quand,
                        lu_le=None if rng.random() < 0.3 else quand,
                    )
                )
                ev.append(Evenement(demande=demande, type=TypeEvenement.MESSAGE_HOTLINE, auteur=agent, cree_le=quand))
        # needs and their history
        for type_besoin in suite["types_besoins"]:
            statut = self.statut_besoin(demande.statut, age)
            besoin = Besoin(
                demande=demande,
                type=type_besoin,
                precision=PRECISIONS[type_besoin] if rng.random() < 0.6 else "",
                domaine_conjoint=rng.choice(["Enseignement", "Soins infirmiers", "Commerce", "Ingénierie"])
                if type_besoin == B.EMPLOI_CONJOINT
                else "",
                ages_enfants=rng.choice(["3 ans", "5 et 8 ans", "18 mois et 6 ans"])
                if type_besoin == B.SCOLARITE_GARDE
                else "",
                statut=statut,
                agent=agent if reponse else None,
                cree_le=demande.recue_le,
            )
            historique = []
            if reponse and statut != StatutBesoin.NOUVEAU:
                historique.append((reponse, StatutBesoin.NOUVEAU, StatutBesoin.EN_COURS))
                oriente = statut == StatutBesoin.ORIENTE or (statut == StatutBesoin.RESOLU and rng.random() < 0.45)
                partenaire = self.partenaire_pour(type_besoin) if oriente else None
                precedent = StatutBesoin.EN_COURS
                if partenaire:
                    besoin.partenaire_id = partenaire
                    besoin.oriente_le = self.entre(reponse, fin)
                    historique.append((besoin.oriente_le, StatutBesoin.EN_COURS, StatutBesoin.ORIENTE))
                    precedent = StatutBesoin.ORIENTE
                elif statut == StatutBesoin.ORIENTE:
                    besoin.statut = statut = StatutBesoin.EN_COURS
                if statut in (StatutBesoin.RESOLU, StatutBesoin.SANS_SUITE):
                    quand = demande.cloturee_le or self.entre(besoin.oriente_le or reponse, self.maintenant)
                    if statut == StatutBesoin.RESOLU:
                        besoin.resolu_le = quand
                    historique.append((quand, precedent, statut))
            if besoin.statut in StatutBesoin.ouverts():
                besoin.echeance = (demande.recue_le + timedelta(days=rng.randint(20, 60))).date()
            lignes["besoins"].append((besoin, historique))
        # checklist
        modeles = self.modeles.get((demande.type_projet, demande.profil in P.etudiants()), [])
        for modele in modeles:
            echeance = (demande.recue_le + timedelta(days=modele.delai_jours)).date() if modele.delai_jours else None
            if demande.statut == StatutDemande.TERMINEE:
                statut_etape = StatutEtape.FAIT if rng.random() < 0.85 else StatutEtape.NON_CONCERNE
            elif demande.statut == StatutDemande.EN_COURS:
                statut_etape = _choix(rng, [(StatutEtape.FAIT, 3), (StatutEtape.EN_COURS, 2), (StatutEtape.A_FAIRE, 3)])
            else:
                statut_etape = StatutEtape.A_FAIRE
            faite = self.entre(demande.recue_le, fin) if statut_etape == StatutEtape.FAIT else None
            lignes["etapes"].append(
                Etape(
                    demande=demande,
                    modele=modele,
                    ordre=modele.ordre,
                    titre=modele.titre,
                    organisme=modele.organisme,
                    description=modele.description,
                    lien=modele.lien,
                    statut=statut_etape,
                    echeance=echeance,
                    faite_le=faite,
                )
            )
        # closing
        if demande.cloturee_le:
            if demande.statut == StatutDemande.RETIREE:
                ev.append(
                    Evenement(
                        demande=demande,
                        type=TypeEvenement.RETRAIT,
                        par_demandeur=True,
                        de=StatutDemande.EN_COURS if reponse else StatutDemande.NOUVELLE,
                        vers=StatutDemande.RETIREE,
                        cree_le=demande.cloturee_le,
                    )
                )
            else:
                ev.append(
                    Evenement(
                        demande=demande,
                        type=TypeEvenement.STATUT_DEMANDE,
                        auteur=agent,
                        de=StatutDemande.EN_COURS if reponse else StatutDemande.NOUVELLE,
                        vers=demande.statut,
                        cree_le=demande.cloturee_le,
                    )
                )

    def enregistrer(self) -> dict:
        Demande.objects.bulk_create(self.demandes, batch_size=500)
        lignes = {"evenements": [], "messages": [], "besoins": [], "etapes": [], "communes": [], "epcis": []}
        for demande, suite in zip(self.demandes, self.suites, strict=True):
            self.completer(demande, suite, lignes)
        Besoin.objects.bulk_create([b for b, _ in lignes["besoins"]], batch_size=500)
        for besoin, historique in lignes["besoins"]:
            for quand, de, vers in historique:
                orientation = vers == StatutBesoin.ORIENTE
                lignes["evenements"].append(
                    Evenement(
                        demande_id=besoin.demande_id,
                        besoin=besoin,
                        type=TypeEvenement.ORIENTATION if orientation else TypeEvenement.STATUT_BESOIN,
                        de=de,
                        vers=vers,
                        auteur_id=besoin.agent_id,
                        cree_le=quand,
                    )
                )
        Evenement.objects.bulk_create(lignes["evenements"], batch_size=1000)
        # the hotline's last action on each case (the back office's "no action for N days")
        derniere = {}
        for evenement in lignes["evenements"]:
            if not evenement.par_demandeur:
                derniere[evenement.demande_id] = max(
                    evenement.cree_le, derniere.get(evenement.demande_id, evenement.cree_le)
                )
        for demande in self.demandes:
            demande.derniere_action_le = derniere.get(demande.pk, demande.recue_le)
        Demande.objects.bulk_update(self.demandes, ["derniere_action_le"], batch_size=500)
        Message.objects.bulk_create(lignes["messages"], batch_size=1000)
        Etape.objects.bulk_create(lignes["etapes"], batch_size=1000)
        Demande.communes.through.objects.bulk_create(lignes["communes"], batch_size=1000)
        Demande.epcis.through.objects.bulk_create(lignes["epcis"], batch_size=1000)
        return {cle: len(valeurs) for cle, valeurs in lignes.items()}


def _double_facteur_demo(agents: list, stdout) -> None:
    """The demo accounts that must use a second factor (the superuser, the Responsable agent) get the demo
    device: `make code-2fa` prints their current code (accompagnement/securite/comptes_demo.py)."""
    from .securite.comptes_demo import appareil_demo_installer, codes_secours_demo

    comptes = (
        get_user_model()
        .objects.filter(Q(username=COMPTE_DEMO["username"]) | Q(pk__in=[agent.pk for agent in agents]))
        .filter(Q(is_superuser=True) | Q(groups__name=RESPONSABLE))  # as double_facteur_obligatoire, in one query
        .distinct()
        .order_by("username")
    )
    for user in comptes:
        appareil_demo_installer(user)
        stdout.write(
            f"  double authentification (démo) de {user.username} : code du moment par "
            f"`make code-2fa COMPTE={user.username}` ; codes de secours : "
            f"{' '.join(codes_secours_demo(user.username))}"
        )


def generer(*, rng, departement, stdout):
    nouveaux_modeles = _modeles_etapes()
    agents = _agents()
    _double_facteur_demo(agents, stdout)
    if Demande.objects.filter(email__endswith=f"@{DOMAINE_DEMO}").exists():
        stdout.write("  demandes de démonstration déjà présentes")
        return
    generateur = _Generateur(rng=rng, departement=departement, agents=agents)
    for numero in range(NOMBRE_DEMANDES):
        generateur.une_demande(numero)
    generateur.demandes.sort(key=lambda d: d.recue_le)
    nombres = generateur.enregistrer()
    stdout.write(
        f"  {nouveaux_modeles} modèles d’étapes créés, {len(agents)} agents « (démo) » "
        f"(mot de passe : {COMPTE_DEMO['password']}), {len(generateur.demandes)} demandes fictives, "
        f"{nombres['besoins']} besoins, {nombres['messages']} messages, "
        f"{nombres['evenements']} événements"
    )


def effacer(*, stdout):
    nombre, _ = Demande.objects.filter(email__endswith=f"@{DOMAINE_DEMO}").delete()
    get_user_model().objects.filter(username__startswith=PREFIXE_AGENT, email__endswith=f"@{DOMAINE_DEMO}").delete()
    stdout.write(f"  demandes de démonstration effacées ({nombre} lignes)")
