"""Demo offers on the département's real communes, with clearly fictitious people and contacts (names marked
« fictif », addresses in `.invalid`, the only mark `effacer` needs).

- 47 (Lot-et-Garonne), the seeds' numbers: 46 internship places with their supervisors, 44 student housing
  solutions, a few dozen replacements and posts; a few offers wait in the moderation queue.
- Any other département (63 included): a smaller neutral set of each kind (63 recruits salaried doctors for its
  departmental health centre: some posts say so)."""

from datetime import timedelta

from django.utils import timezone

from observatoire.models import Commune

from .enums import SemestreStage, SourceCoordonnees, StatutOffre, StructureOffre, TypeOffre, TypePoste
from .models import Offre

DOMAINE_DEMO = "demo.invalid"
NOMBRES = {
    "47": {TypeOffre.STAGE: 46, TypeOffre.LOGEMENT: 44, TypeOffre.REMPLACEMENT: 30, TypeOffre.POSTE: 14},
    "neutre": {TypeOffre.STAGE: 12, TypeOffre.LOGEMENT: 12, TypeOffre.REMPLACEMENT: 15, TypeOffre.POSTE: 8},
}
EN_ATTENTE = 4
_PRENOMS = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Morgane", "Yannick", "Lou", "Maxime", "Noa"]
_NOMS = ["Martin", "Bernard", "Dubois", "Laurent", "Garcia", "Roux", "Fontaine", "Chevalier", "Lambert", "Bonnet"]
_LOGICIELS = ["Weda", "Crossway", "MédiStory", "Hellodoc", "Axisanté"]
_SPECIALITES = ["Médecine générale"] * 6 + ["Pédiatrie", "Gynécologie médicale", "Psychiatrie"]


def _personne(rng) -> str:
    return f"Dr {rng.choice(_PRENOMS)} {rng.choice(_NOMS)} (fictif)"


def _champs(type_: str, rng, commune: Commune, numero: int, departement: str) -> dict:
    aujourdhui = timezone.localdate()
    debut = aujourdhui + timedelta(days=rng.randint(10, 150))
    champs = {
        "type": type_,
        "commune": commune,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "source_coordonnees": SourceCoordonnees.COMMUNE,
        "email_proprietaire": f"offre-{numero}@{DOMAINE_DEMO}",
        "debut_publication": aujourdhui - timedelta(days=rng.randint(0, 30)),
        "fin_publication": aujourdhui + timedelta(days=rng.randint(20, 180)),
        "date_debut": debut,
        "date_fin": debut + timedelta(days=rng.choice([14, 21, 30, 60, 180])),
    }
    if type_ == TypeOffre.REMPLACEMENT:
        structure = rng.choice([StructureOffre.CABINET, StructureOffre.MSP, StructureOffre.CENTRE_SANTE])
        champs |= {
            "titre": f"Remplacement en {structure.label.split(' (')[0].lower()} à {commune.nom}",
            "contact_nom": f"{_personne(rng)}",
            "structure": structure,
            "logiciel": rng.choice(_LOGICIELS),
            "retrocession": rng.choice([65, 70, 75, 80, 85]),
            "logement_propose": rng.random() < 0.4,
            "jours_recurrents": rng.choice(["", "", "tous les mercredis", "un samedi matin sur deux"]),
            "description": "Patientèle variée, secrétariat sur place. Offre de démonstration.",
        }
    elif type_ == TypeOffre.POSTE:
        if departement == "63" and numero % 2 == 0:
            type_poste, structure = TypePoste.SALARIE, StructureOffre.CENTRE_SANTE
            nom = "Centre de santé départemental (démo)"
        else:
            type_poste = rng.choice(list(TypePoste))
            structure = rng.choice([StructureOffre.CABINET, StructureOffre.MSP, StructureOffre.HOPITAL])
            nom = f"{_personne(rng)}"
        champs |= {
            "titre": f"{type_poste.label} — médecin généraliste à {commune.nom}",
            "contact_nom": nom,
            "type_poste": type_poste,
            "structure": structure,
            "conditions": "Conditions détaillées sur demande. Offre de démonstration.",
            "date_fin": None,
        }
    elif type_ == TypeOffre.STAGE:
        semestre = rng.choice([SemestreStage.MAI, SemestreStage.NOVEMBRE, SemestreStage.LES_DEUX])
        champs |= {
            "titre": f"Terrain de stage en médecine ambulatoire à {commune.nom}",
            "contact_nom": f"Maison de santé de {commune.nom} (démo)",
            "maitre_de_stage": _personne(rng),
            "specialite": rng.choice(_SPECIALITES),
            "semestre": semestre,
            "pour_externes": rng.random() < 0.3,
            "pour_internes": True,
            "pour_docteurs_juniors": rng.random() < 0.7,
            "capacite": rng.choice([1, 1, 2]),
            "description": "Maître de stage agréé, accueil en semestre. Offre de démonstration.",
        }
        annee = aujourdhui.year + (1 if aujourdhui.month >= 11 else 0)
        champs["date_debut"] = aujourdhui.replace(year=annee, month=11 if semestre != SemestreStage.MAI else 5, day=2)
        champs["date_fin"] = champs["date_debut"] + timedelta(days=180)
    else:
        loyer = rng.choice([0, 0, 180, 250, 300, 350, 420])
        champs |= {
            "titre": f"{'Logement gratuit' if loyer == 0 else 'Studio meublé'} pour étudiants à {commune.nom}",
            "contact_nom": f"Commune de {commune.nom} — logement étudiant (démo)",
            "capacite": rng.choice([1, 2, 3, 4]),
            "loyer_mensuel": loyer,
            "meuble": True,
            "distance_lieu_km": rng.choice([0.5, 1, 2, 5, 8]),
            "pour_externes": rng.random() < 0.5,
            "pour_internes": True,
            "pour_docteurs_juniors": True,
            "description": "Logement pour les étudiants en stage sur le territoire. Offre de démonstration.",
        }
    return champs


def generer(*, rng, departement, stdout):
    communes = list(
        Commune.objects.du_departement(departement)
        .sans_contour()
        .filter(latitude__isnull=False)
        .order_by("-population", "code_insee")[:120]
    )
    if not communes:
        stdout.write("  aucune commune dans le département : offres non générées")
        return
    nombres = NOMBRES.get(departement, NOMBRES["neutre"])
    maintenant = timezone.now()
    offres, numero = [], 0
    for type_, nombre in nombres.items():
        for _ in range(nombre):
            numero += 1
            # larger communes more often: the first third of the list weighs double
            commune = rng.choice(communes[: max(1, len(communes) // 3)] + communes)
            offre = Offre(**_champs(type_, rng, commune, numero, departement))
            en_attente = numero % (sum(nombres.values()) // EN_ATTENTE) == 0
            offre.statut = StatutOffre.EN_ATTENTE if en_attente else StatutOffre.PUBLIEE
            offre.publiee_le = None if en_attente else maintenant
            offres.append(offre)
    Offre.objects.bulk_create(offres, batch_size=500)
    par_type = ", ".join(f"{n} {t.label.lower()}" for t, n in nombres.items())
    stdout.write(f"  {len(offres)} offres de démonstration ({par_type}), contacts fictifs")


def effacer(*, stdout):
    nombre, _ = Offre.objects.filter(email_proprietaire__endswith="@" + DOMAINE_DEMO).delete()
    stdout.write(f"  offres de démonstration effacées ({nombre} lignes)")
