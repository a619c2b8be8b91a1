"""Demo data of the observatory. The territory and the health open data are the real ones (imported by
`importer_territoire` and `importer_observatoire`, which `make run` runs before `generer_demo`); this module
checks they are there, then adds a SYNTHETIC population of general practitioners (no RPPS extract is available
here), clearly marked: source « demo », RPPS-format numbers starting with 99 (observatoire/rpps.py), names
followed by « (démo) », snapshots of the data set « praticiens_demo » whose label says « démonstration ».

It is calibrated on the real figures, never shown as them:
- the first snapshot (31/12/2022) has, in each commune, as many GPs as the INSEE BPE 2020 counts there;
- the last one (31/12/2024) has as many in the département as the Assurance Maladie counts in 2024 (193 in 47);
  the year in between is half-way; each year about 5 % arrive (young, in communes that have GPs) and the others
  leave (mostly the oldest: retirement);
- birth years: many near retirement (about four in ten aged 60 or more at first), some maîtres de stage;
- MSP and centres de santé: as many as the DITP baromètre's latest count, opened at the dates its series says.
Seeded by the `rng` of generer_demo: the same seed gives the same population."""

import datetime
import hashlib

from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bienvenuedoc.contenus.demo import presentations_territoire

from .enums import CategorieGeneralistes, CategorieStructure, JeuDonnees, ModeExercice, SourcePraticien, TypeStructure
from .models import (
    Commune,
    Departement,
    ImportDonnees,
    LieuExercice,
    MedecinsCommune,
    MedecinsDepartement,
    Praticien,
    PresencePraticien,
    Structure,
    StructuresDepartement,
)
from .rapports import demo as rapports_demo
from .rpps import rpps_demo
from .televersement.demo import effacer_import_demo, generer_import_demo

ANNEE_BPE = 2020
ANNEES = (2022, 2023, 2024)  # one snapshot on 31 December of each
TAUX_ARRIVEES = 0.05
SOURCE_DEMO = (
    "Population de démonstration générée par generer_demo (fictive, ce ne sont pas des données RPPS) : "
    "effectifs calés sur l’INSEE BPE 2020 par commune et l’Assurance Maladie 2024 pour le département"
)
_NOMS = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
_NOMS += ["Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
_PRENOMS = ["Claire", "Jean", "Sophie", "Pierre", "Anne", "Luc", "Marie", "Paul", "Julie", "Marc", "Léa", "Hugo"]
_MOTIFS = ["Retraite", "Installation dans un autre département", "Cessation d’activité libérale"]


def generer(*, rng, departement: str, stdout) -> None:
    nom = Departement.objects.filter(code=departement).values_list("nom", flat=True).first()
    nombre = Commune.objects.filter(departement__code=departement).count()
    if nom is None or not nombre:
        raise CommandError(
            f"Le territoire du département {departement} n’est pas importé : lancez d’abord "
            f"« manage.py importer_territoire --departement {departement} »."
        )
    stdout.write(f"  territoire réel : {nom} ({departement}), {nombre} communes (importées, non générées)")
    generer_praticiens(rng=rng, departement=departement, stdout=stdout)
    generer_import_demo(departement=departement, stdout=stdout)
    generer_presentations_territoire(rng=rng, departement=departement, stdout=stdout)
    rapports_demo.generer(departement=departement, stdout=stdout)  # last: it reads the data generated above


def generer_presentations_territoire(*, rng, departement: str, stdout) -> None:
    """The demo text of each EPCI's territory page (bienvenuedoc.contenus), with its three main communes."""
    communes: dict[str, list[str]] = {}
    noms: dict[str, str] = {}
    lignes = (
        Commune.objects.filter(departement__code=departement, epci__isnull=False)
        .order_by(F("population").desc(nulls_last=True), "nom")
        .values_list("epci__siren", "epci__nom", "nom")
    )
    for siren, nom_epci, nom in lignes:
        noms[siren] = nom_epci
        communes.setdefault(siren, []).append(nom)
    epcis = [(siren, noms[siren], communes[siren][:4]) for siren in sorted(noms)]
    presentations_territoire(epcis=epcis, departement=departement, rng=rng, stdout=stdout)


def effacer(*, stdout):
    rapports_demo.effacer(stdout=stdout)
    effacer_import_demo(stdout=stdout)
    nombre, _ = Praticien.objects.filter(source=SourcePraticien.DEMO).delete()
    Praticien.history.filter(source=SourcePraticien.DEMO).delete()
    structures, _ = Structure.objects.filter(source=SourcePraticien.DEMO).delete()
    Structure.history.filter(source=SourcePraticien.DEMO).delete()
    ImportDonnees.objects.filter(jeu=JeuDonnees.PRATICIENS_DEMO).delete()
    stdout.write(f"  praticiens et structures de démonstration effacés ({nombre + structures} lignes)")


# --- the synthetic population ---------------------------------------------------------------------------------
def _age_initial(rng) -> int:
    """Age at the end of 2022: about four in ten 60 or more (the profession's pyramid is old)."""
    tranche = rng.choices([(30, 39), (40, 49), (50, 59), (60, 66), (67, 72)], weights=[15, 18, 25, 30, 12])[0]
    return rng.randint(*tranche)


def _poids_depart(age: int) -> float:
    return 6.0 if age >= 67 else 2.0 if age >= 62 else 0.5


def _tirer_sans_remise(rng, elements: list, poids: list[float], k: int) -> list:
    choisis, elements, poids = [], list(elements), list(poids)
    for _ in range(min(k, len(elements))):
        rang = rng.choices(range(len(elements)), weights=poids)[0]
        choisis.append(elements.pop(rang))
        poids.pop(rang)
    return choisis


def _rang_departement(departement: str) -> int:
    return int(departement.replace("A", "0").replace("B", "1")) % 1000


def generer_praticiens(*, rng, departement: str, stdout) -> None:
    bpe = dict(
        MedecinsCommune.objects.filter(commune__departement__code=departement, annee=ANNEE_BPE).values_list(
            "commune_id", "nombre"
        )
    )
    if not bpe:
        stdout.write(
            "  pas de médecins BPE 2020 importés (importer_observatoire) : population de démonstration non générée"
        )
        return
    if ImportDonnees.objects.filter(jeu=JeuDonnees.PRATICIENS_DEMO, perimetre=departement).exists():
        stdout.write("  praticiens de démonstration déjà présents")
        return
    communes = list(Commune.objects.filter(departement__code=departement).order_by("pk").values_list("pk", flat=True))
    initial = sum(bpe.values())
    final = (
        MedecinsDepartement.objects.filter(zone=departement, annee=2024, categorie=CategorieGeneralistes.ENSEMBLE)
        .values_list("effectif", flat=True)
        .first()
    ) or initial
    cibles = [initial, round((initial + final) / 2), final]

    # year 0: as many GPs per commune as the BPE 2020
    rang = _rang_departement(departement) * 100_000
    vivants: dict[str, dict] = {}  # rpps → {commune, naissance, ...}
    tous: dict[str, dict] = {}

    def nouveau(commune_id: int, age: int, annee: int, installation: datetime.date) -> dict:
        nonlocal rang
        rang += 1
        fiche = {
            "rpps": rpps_demo(rang),
            "nom": f"{rng.choice(_NOMS)} (démo)",
            "prenom": rng.choice(_PRENOMS),
            "naissance": annee - age,
            "commune": commune_id,
            "mode": rng.choices([ModeExercice.LIBERAL, ModeExercice.MIXTE, ModeExercice.SALARIE], weights=[85, 10, 5])[
                0
            ],
            "maitre_de_stage": 35 <= age <= 62 and rng.random() < 0.3,
            "installation": installation,
            "depart": None,
            "motif": "",
        }
        tous[fiche["rpps"]] = vivants[fiche["rpps"]] = fiche
        return fiche

    for commune_id in sorted(bpe):
        for _ in range(bpe[commune_id]):
            age = _age_initial(rng)
            debut = min(ANNEES[0] - 1, ANNEES[0] - age + 30 + rng.randint(0, 8))
            nouveau(commune_id, age, ANNEES[0], datetime.date(max(debut, 1980), rng.randint(1, 12), 1))
    presences = {ANNEES[0]: {r: f["commune"] for r, f in vivants.items()}}
    avec_medecins = [c for c in sorted(bpe) if bpe[c]] or communes
    for annee, cible in zip(ANNEES[1:], cibles[1:], strict=True):
        arrivees = round(TAUX_ARRIVEES * len(vivants))
        departs = max(0, len(vivants) + arrivees - cible)
        partants = _tirer_sans_remise(
            rng, sorted(vivants), [_poids_depart(annee - vivants[r]["naissance"]) for r in sorted(vivants)], departs
        )
        for rpps in partants:
            fiche = vivants.pop(rpps)
            age = annee - fiche["naissance"]
            fiche["depart"] = datetime.date(annee, rng.randint(1, 12), 1)
            fiche["motif"] = _MOTIFS[0] if age >= 62 else rng.choice(_MOTIFS[1:])
        for _ in range(arrivees):
            commune_id = rng.choices(avec_medecins, weights=[bpe.get(c, 0) + 1 for c in avec_medecins])[0]
            nouveau(commune_id, rng.randint(29, 42), annee, datetime.date(annee, rng.randint(1, 12), 1))
        presences[annee] = {r: f["commune"] for r, f in vivants.items()}

    _enregistrer(rng, departement, tous, presences)
    stdout.write(
        f"  médecins généralistes de démonstration (fictifs, numéros 99…) : {len(tous)} dont "
        f"{' → '.join(str(len(p)) for p in presences.values())} présents fin {ANNEES[0]}–{ANNEES[-1]}"
    )


def _enregistrer(rng, departement, tous, presences) -> None:
    structures = _structures(rng, departement, presences[ANNEES[0]])
    bulk_create_with_history(
        [
            Praticien(
                rpps=f["rpps"],
                nom=f["nom"],
                prenom=f["prenom"],
                annee_naissance=f["naissance"],
                mode_exercice=f["mode"],
                maitre_de_stage=f["maitre_de_stage"],
                date_installation=f["installation"],
                date_depart=f["depart"],
                motif_depart=f["motif"],
                source=SourcePraticien.DEMO,
            )
            for f in tous.values()
        ],
        Praticien,
        batch_size=2000,
    )
    ids = dict(Praticien.objects.filter(rpps__in=list(tous)).values_list("rpps", "pk"))
    msp_de = {}
    for structure in structures:
        if structure.categorie == CategorieStructure.MSP:
            msp_de.setdefault(structure.commune_id, structure)
    LieuExercice.objects.bulk_create(
        [
            LieuExercice(
                praticien_id=ids[f["rpps"]],
                commune_id=f["commune"],
                structure=msp_de.get(f["commune"]) if rng.random() < 0.6 else None,
                raison_sociale=f"Cabinet médical (démo) {f['nom'].removesuffix(' (démo)')}",
                adresse=f"{rng.randint(1, 60)} rue de la Démonstration",
                mode_exercice=f["mode"],
                date_debut=f["installation"],
                date_fin=f["depart"],
            )
            for f in tous.values()
        ],
        batch_size=2000,
    )
    for annee, presents in presences.items():
        date = datetime.date(annee, 12, 31)
        instantane = ImportDonnees.objects.create(
            jeu=JeuDonnees.PRATICIENS_DEMO,
            source=SOURCE_DEMO,
            licence="Données fictives",
            date_publication=date,
            millesime=f"démonstration {annee}",
            fichier="generer_demo",
            empreinte=hashlib.sha256(f"demo-{departement}-{annee}".encode()).hexdigest(),
            perimetre=departement,
            nb_lignes=len(presents),
            importe_le=timezone.now(),
        )
        PresencePraticien.objects.bulk_create(
            [
                PresencePraticien(praticien_id=ids[rpps], instantane=instantane, commune_id=commune_id, date=date)
                for rpps, commune_id in presents.items()
            ],
            batch_size=5000,
        )


def _structures(rng, departement: str, presents: dict[str, int]) -> list[Structure]:
    """As many MSP and centres de santé as the DITP's latest count, in communes with GPs, each opened when the
    DITP series first reached its rank."""
    series: dict[str, list[tuple[datetime.date, int]]] = {}
    for type_, date, nombre in (
        StructuresDepartement.objects.filter(zone=departement, nombre__isnull=False)
        .order_by("date")
        .values_list("type", "date", "nombre")
    ):
        series.setdefault(type_, []).append((date, nombre))
    medecins_par_commune: dict[int, int] = {}
    for commune_id in presents.values():
        medecins_par_commune[commune_id] = medecins_par_commune.get(commune_id, 0) + 1
    candidates = sorted(medecins_par_commune)
    coordonnees = {
        pk: (lat, lon)
        for pk, lat, lon in Commune.objects.filter(pk__in=candidates).values_list("pk", "latitude", "longitude")
    }
    a_creer = []
    for type_, categorie, libelle in (
        (TypeStructure.MSP, CategorieStructure.MSP, "Maison de santé pluriprofessionnelle"),
        (TypeStructure.CENTRE_SANTE, CategorieStructure.CENTRE_SANTE, "Centre de santé"),
    ):
        serie = series.get(type_, [])
        if not serie or not candidates:
            continue
        total = serie[-1][1]
        poids = [medecins_par_commune[c] ** 1.5 for c in candidates]
        lieux = _tirer_sans_remise(rng, candidates, poids, total)
        for rang, commune_id in enumerate(lieux, start=1):
            atteinte = next((date for date, nombre in serie if nombre >= rang), serie[-1][0])
            if rang <= serie[0][1]:
                atteinte = datetime.date(rng.randint(2010, serie[0][0].year - 1), rng.randint(1, 12), 1)
            lat, lon = coordonnees.get(commune_id, (None, None))
            a_creer.append(
                Structure(
                    categorie=categorie,
                    nom=f"{libelle} de démonstration n° {rang}",
                    commune_id=commune_id,
                    adresse=f"{rng.randint(1, 40)} place de la Démonstration",
                    latitude=None if lat is None else round(lat + rng.uniform(-0.005, 0.005), 6),
                    longitude=None if lon is None else round(lon + rng.uniform(-0.005, 0.005), 6),
                    date_ouverture=atteinte,
                    source=SourcePraticien.DEMO,
                )
            )
    return bulk_create_with_history(a_creer, Structure, batch_size=500)
