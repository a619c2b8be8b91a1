"""The Annuaire Santé's public extract of practitioners (RPPS, « PS_LibreAccess_Personne_activite_*.txt »,
pipe-separated, one row per professional × place of practice; ../shared/data/README.md lists its columns).

Only general practitioners are kept (`Code profession` 10 and savoir-faire SM54 « Médecine Générale »), of the
départements asked, by the commune of the place of practice (its INSEE code, else its postal code and name).
The whole file is read and validated first (a French error names the line and the column; the database is left
unchanged), then ONE transaction writes: the practitioners (upserted by RPPS number, history kept), their places,
one `PresencePraticien` per GP in the new dated snapshot (`ImportDonnees`, jeu « rpps »), and, compared with the
previous extract of the same scope, the departures (a GP absent from the newer extract gets its date and the
reason « absent de l’extrait RPPS du … », unless staff already set one) and the returns. The same file twice
changes nothing (SHA-256 of the file, as the other importers)."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from observatoire.enums import JeuDonnees, ModeExercice, SourcePraticien
from observatoire.models import Commune, ImportDonnees, LieuExercice, Praticien, PresencePraticien, Structure
from observatoire.rpps import rpps_valide
from observatoire.texte import normaliser_nom

from .modele import ErreurImport
from .texte_officiel import lignes_texte, nom_du_fichier, ouvrir_binaire

COLONNES = [
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
    "Code rôle",
    "Libellé rôle",
    "Code genre activité",
    "Libellé genre activité",
]
UTILES = [
    "Type d'identifiant PP",
    "Identifiant PP",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Numéro SIRET site",
    "Numéro FINESS site",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code Département (structure)",
]
PROFESSION_MEDECIN = "10"
SAVOIR_FAIRE_MG = "SM54"
LIBELLE_MG = "medecine generale"
TYPE_IDENTIFIANT_RPPS = "8"
MODES = {"L": ModeExercice.LIBERAL, "S": ModeExercice.SALARIE, "B": ModeExercice.BENEVOLE, "": ""}
MOTIF_MEMBRE = r"PS_LibreAccess_Personne_activite.*\.txt$"
NOM_FICHIER = re.compile(r"PS_LibreAccess_Personne_activite_(\d{8})")
PREFIXE_MOTIF_AUTO = "absent de l’extrait RPPS du "
SOURCE = "Agence du Numérique en Santé, Annuaire Santé, extraction en libre accès des professionnels (RPPS)"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"


@dataclass
class LieuLu:
    commune: str  # INSEE code
    raison_sociale: str
    adresse: str
    code_postal: str
    siret: str
    finess_site: str
    mode: str

    @property
    def cle(self) -> tuple:
        return (self.commune, self.raison_sociale, self.adresse, self.siret, self.finess_site)


@dataclass
class PraticienLu:
    rpps: str
    nom: str
    prenom: str
    lieux: list[LieuLu] = field(default_factory=list)

    @property
    def mode(self) -> str:
        modes = {lieu.mode for lieu in self.lieux if lieu.mode}
        if {ModeExercice.LIBERAL, ModeExercice.SALARIE} <= modes:
            return ModeExercice.MIXTE
        for mode in (ModeExercice.LIBERAL, ModeExercice.SALARIE, ModeExercice.BENEVOLE):
            if mode in modes:
                return mode
        return ""


@dataclass
class ExtraitRPPS:
    fichier: str
    empreinte: str
    date: datetime.date
    praticiens: dict[str, PraticienLu]
    nb_lignes: int
    nb_sans_commune: int


@dataclass
class BilanRPPS:
    fichier: str
    date: datetime.date
    nb_praticiens: int
    nb_lieux: int
    arrivees: int
    departs: int
    nb_sans_commune: int
    nouveau: bool
    premier_extrait: bool
    instantane: ImportDonnees | None = None


def _normaliser_entete(nom: str) -> str:
    return " ".join(nom.replace("’", "'").split()).casefold()


def date_du_nom(nom: str) -> datetime.date | None:
    trouve = NOM_FICHIER.search(nom)
    if not trouve:
        return None
    try:
        return datetime.datetime.strptime(trouve.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def empreinte_fichier(chemin: Path) -> str:
    condensat = hashlib.sha256()
    with ouvrir_binaire(chemin) as (flux, _nom):
        for bloc in iter(lambda: flux.read(1 << 20), b""):
            condensat.update(bloc)
    return condensat.hexdigest()


def _departement(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


class _Communes:
    """INSEE code or (postal code, name) of the place → today's commune of the asked départements."""

    def __init__(self, departements: set[str]):
        self.par_code: dict[str, int] = {}
        self.par_cp: dict[str, list[tuple[str, str]]] = {}
        for code, codes_postaux, nom in Commune.objects.filter(departement__code__in=departements).values_list(
            "code_insee", "codes_postaux", "nom_normalise"
        ):
            self.par_code[code] = code
            for cp in codes_postaux.split():
                self.par_cp.setdefault(cp, []).append((code, nom))

    def resoudre(self, code: str, cp: str, libelle: str) -> str | None:
        if code in self.par_code:
            return code
        candidates = self.par_cp.get(cp, [])
        if len(candidates) == 1:
            return candidates[0][0]
        nom = normaliser_nom(libelle)
        for code_cp, nom_cp in candidates:
            if nom_cp == nom:
                return code_cp
        return None


def lire_extrait(chemin: Path, *, departements: set[str], date: datetime.date | None = None, progression=None):
    """Reads and validates the whole extract; returns the GPs of `departements` (nothing written)."""
    fichier = nom_du_fichier(chemin, MOTIF_MEMBRE)
    date = date or date_du_nom(fichier)
    if date is None:
        raise ErreurImport(
            f"{fichier} : date de l’extrait inconnue (donnez --date AAAA-MM-JJ, ou gardez le nom officiel "
            "PS_LibreAccess_Personne_activite_AAAAMMJJhhmm.txt)."
        )
    communes = _Communes(departements)
    attendues = [_normaliser_entete(c) for c in COLONNES]
    index: dict[str, int] = {}
    largeur = 0
    praticiens: dict[str, PraticienLu] = {}
    nb_lignes = nb_sans_commune = 0
    for numero, texte in lignes_texte(chemin, motif_membre=MOTIF_MEMBRE, progression=progression):
        cellules = texte.split("|")
        if not index:
            if cellules and cellules[-1] == "":
                cellules.pop()
            entete = [_normaliser_entete(c) for c in cellules]
            manquantes = [c for c, n in zip(COLONNES, attendues, strict=True) if c in UTILES and n not in entete]
            if manquantes:
                raise ErreurImport(
                    f"{fichier}, ligne {numero} (en-tête) : colonne(s) manquante(s) : "
                    f"{', '.join(manquantes)}. Est-ce bien une extraction « Personne activité » de l’Annuaire Santé ?"
                )
            index = {c: entete.index(n) for c, n in zip(COLONNES, attendues, strict=True) if c in UTILES}
            largeur = len(entete)
            continue
        nb_lignes += 1
        if len(cellules) == largeur + 1 and cellules[-1] == "":
            cellules.pop()
        if len(cellules) != largeur:
            raise ErreurImport(
                f"{fichier}, ligne {numero} : {len(cellules)} colonnes au lieu de {largeur} (séparateur « | »)."
            )
        if cellules[index["Code profession"]].strip() != PROFESSION_MEDECIN:
            continue  # most rows (other professions): nothing more is read
        valeur = {c: cellules[i].strip() for c, i in index.items()}
        if not (
            valeur["Code savoir-faire"] == SAVOIR_FAIRE_MG
            or normaliser_nom(valeur["Libellé savoir-faire"]) == LIBELLE_MG
        ):
            continue
        code = valeur["Code commune (coord. structure)"]
        cp = valeur["Code postal (coord. structure)"]
        departement = _departement(code) if code else (cp[:2] if cp else valeur["Code Département (structure)"])
        if departement not in departements:
            continue

        def erreur(colonne, attendu, lu, numero=numero):
            return ErreurImport(f"{fichier}, ligne {numero}, colonne « {colonne} » : {attendu}, lu « {lu} ».")

        if valeur["Type d'identifiant PP"] != TYPE_IDENTIFIANT_RPPS:
            continue  # an ADELI number: not a practitioner of the RPPS
        rpps = valeur["Identifiant PP"]
        if not rpps_valide(rpps):
            raise erreur("Identifiant PP", "numéro RPPS de 11 chiffres avec sa clé attendu", rpps)
        if code and not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", code):
            raise erreur("Code commune (coord. structure)", "code INSEE de 5 caractères attendu", code)
        if cp and not re.fullmatch(r"[0-9]{5}", cp):
            raise erreur("Code postal (coord. structure)", "code postal de 5 chiffres attendu", cp)
        mode = valeur["Code mode exercice"]
        if mode not in MODES:
            raise erreur("Code mode exercice", "L, S ou B attendu", mode)
        if not valeur["Nom d'exercice"]:
            raise erreur("Nom d'exercice", "un nom attendu", "")
        commune = communes.resoudre(code, cp, valeur["Libellé commune (coord. structure)"])
        if commune is None:
            nb_sans_commune += 1
            continue
        praticien = praticiens.setdefault(
            rpps, PraticienLu(rpps=rpps, nom=valeur["Nom d'exercice"], prenom=valeur["Prénom d'exercice"])
        )
        adresse = " ".join(
            v
            for v in (
                valeur["Numéro Voie (coord. structure)"],
                valeur["Indice répétition voie (coord. structure)"],
                valeur["Libellé type de voie (coord. structure)"],
                valeur["Libellé Voie (coord. structure)"],
            )
            if v
        )
        lieu = LieuLu(
            commune=commune,
            raison_sociale=(valeur["Raison sociale site"] or valeur["Enseigne commerciale site"])[:200],
            adresse=adresse[:300],
            code_postal=cp,
            siret=valeur["Numéro SIRET site"][:14],
            finess_site=valeur["Numéro FINESS site"][:9],
            mode=MODES[mode],
        )
        if lieu.cle not in {autre.cle for autre in praticien.lieux}:
            praticien.lieux.append(lieu)
    if not index:
        raise ErreurImport(f"{fichier} : fichier vide.")
    return ExtraitRPPS(
        fichier=fichier,
        empreinte=empreinte_fichier(chemin),
        date=date,
        praticiens=praticiens,
        nb_lignes=nb_lignes,
        nb_sans_commune=nb_sans_commune,
    )


# --- writing ------------------------------------------------------------------------------------------------------
def _par_lots(valeurs: list, taille: int = 10_000):
    for debut in range(0, len(valeurs), taille):
        yield valeurs[debut : debut + taille]


@transaction.atomic
def enregistrer_extrait(extrait: ExtraitRPPS, departements: set[str]) -> BilanRPPS:
    transaction.on_commit(invalider_pages_publiques)  # the observatory's cached pages and downloads
    perimetre = " ".join(sorted(departements))
    existant = ImportDonnees.objects.filter(
        jeu=JeuDonnees.RPPS, empreinte=extrait.empreinte, perimetre=perimetre
    ).first()
    if existant is not None:
        return BilanRPPS(extrait.fichier, extrait.date, len(extrait.praticiens), 0, 0, 0, 0, False, False, existant)
    precedents = ImportDonnees.objects.filter(jeu=JeuDonnees.RPPS, perimetre=perimetre)
    precedent = precedents.filter(date_publication__lt=extrait.date).order_by("-date_publication").first()
    plus_recent = not precedents.filter(date_publication__gte=extrait.date).exists()
    instantane = ImportDonnees.objects.create(
        jeu=JeuDonnees.RPPS,
        source=SOURCE,
        licence=LICENCE,
        date_publication=extrait.date,
        millesime=extrait.date.isoformat(),
        fichier=extrait.fichier,
        empreinte=extrait.empreinte,
        perimetre=perimetre,
        nb_lignes=len(extrait.praticiens),
        importe_le=timezone.now(),
    )
    communes = dict(Commune.objects.filter(departement__code__in=departements).values_list("code_insee", "pk"))
    numeros = list(extrait.praticiens)
    connus: dict[str, Praticien] = {}
    for lot in _par_lots(numeros):
        connus.update({p.rpps: p for p in Praticien.objects.filter(rpps__in=lot)})
    nouveaux, modifies = [], []
    for rpps, lu in extrait.praticiens.items():
        praticien = connus.get(rpps)
        if praticien is None:
            nouveaux.append(
                Praticien(rpps=rpps, nom=lu.nom, prenom=lu.prenom, mode_exercice=lu.mode, source=SourcePraticien.RPPS)
            )
            continue
        avant = (praticien.nom, praticien.prenom, praticien.mode_exercice, praticien.source, praticien.date_depart)
        praticien.nom, praticien.prenom, praticien.mode_exercice = lu.nom, lu.prenom, lu.mode
        praticien.source = SourcePraticien.RPPS
        if plus_recent and praticien.date_depart and praticien.motif_depart.startswith(PREFIXE_MOTIF_AUTO):
            praticien.date_depart, praticien.motif_depart = None, ""  # back in the register
        if avant != (
            praticien.nom,
            praticien.prenom,
            praticien.mode_exercice,
            praticien.source,
            praticien.date_depart,
        ):
            modifies.append(praticien)
    if nouveaux:
        bulk_create_with_history(nouveaux, Praticien, batch_size=2000)
        for lot in _par_lots([p.rpps for p in nouveaux]):
            connus.update({p.rpps: p for p in Praticien.objects.filter(rpps__in=lot)})
    if modifies:
        bulk_update_with_history(
            modifies, Praticien, ["nom", "prenom", "mode_exercice", "source", "date_depart", "motif_depart"]
        )
    ids = {rpps: connus[rpps].pk for rpps in numeros}
    nb_lieux = _enregistrer_lieux(extrait, ids, communes, avec_debut=precedent is not None)
    PresencePraticien.objects.bulk_create(
        [
            PresencePraticien(
                praticien_id=ids[rpps],
                instantane=instantane,
                commune_id=communes[lu.lieux[0].commune],
                date=extrait.date,
            )
            for rpps, lu in extrait.praticiens.items()
        ],
        batch_size=5000,
    )
    arrivees = departs = 0
    if precedent is not None:
        avant = set(PresencePraticien.objects.filter(instantane=precedent).values_list("praticien_id", flat=True))
        maintenant = set(ids.values())
        arrivees = len(maintenant - avant)
        partis = avant - maintenant
        departs = len(partis)
        if plus_recent and partis:
            _marquer_departs(partis, extrait.date)
    return BilanRPPS(
        fichier=extrait.fichier,
        date=extrait.date,
        nb_praticiens=len(extrait.praticiens),
        nb_lieux=nb_lieux,
        arrivees=arrivees,
        departs=departs,
        nb_sans_commune=extrait.nb_sans_commune,
        nouveau=True,
        premier_extrait=precedent is None,
        instantane=instantane,
    )


def _marquer_departs(partis: set[int], date: datetime.date) -> None:
    """A GP absent from the newer extract has left at its date (a reason typed by staff is kept); his open
    places are closed."""
    motif = f"{PREFIXE_MOTIF_AUTO}{date:%d/%m/%Y}"
    a_modifier = []
    for praticien in Praticien.objects.filter(pk__in=partis):
        if praticien.date_depart is None or not praticien.motif_depart:
            praticien.date_depart = praticien.date_depart or date
            praticien.motif_depart = praticien.motif_depart or motif
            a_modifier.append(praticien)
    if a_modifier:
        bulk_update_with_history(a_modifier, Praticien, ["date_depart", "motif_depart"])
    LieuExercice.objects.filter(praticien_id__in=partis, date_fin__isnull=True).update(date_fin=date)


def _enregistrer_lieux(extrait: ExtraitRPPS, ids: dict[str, int], communes: dict[str, int], avec_debut: bool) -> int:
    """The open places of each GP become those of the extract: the ones still there are kept, the others
    closed at the extract's date, the new ones created."""
    structures = dict(
        Structure.objects.filter(
            numero_finess__in={lieu.finess_site for p in extrait.praticiens.values() for lieu in p.lieux} - {""}
        ).values_list("numero_finess", "pk")
    )
    ouverts: dict[int, dict[tuple, int]] = {}
    codes = {pk: code for code, pk in communes.items()}
    for lot in _par_lots(list(ids.values())):
        for pk, praticien_id, commune_id, raison, adresse, siret, finess in LieuExercice.objects.filter(
            praticien_id__in=lot, date_fin__isnull=True
        ).values_list("pk", "praticien_id", "commune_id", "raison_sociale", "adresse", "siret", "finess_site"):
            cle = (codes.get(commune_id), raison, adresse, siret, finess)
            ouverts.setdefault(praticien_id, {})[cle] = pk
    a_creer, a_fermer = [], []
    for rpps, lu in extrait.praticiens.items():
        praticien_id = ids[rpps]
        existants = ouverts.get(praticien_id, {})
        cles = {lieu.cle for lieu in lu.lieux}
        a_fermer += [pk for cle, pk in existants.items() if cle not in cles]
        a_creer += [
            LieuExercice(
                praticien_id=praticien_id,
                commune_id=communes[lieu.commune],
                structure_id=structures.get(lieu.finess_site),
                raison_sociale=lieu.raison_sociale,
                adresse=lieu.adresse,
                code_postal=lieu.code_postal,
                siret=lieu.siret,
                finess_site=lieu.finess_site,
                mode_exercice=lieu.mode,
                date_debut=extrait.date if avec_debut else None,
            )
            for lieu in lu.lieux
            if lieu.cle not in existants
        ]
    for lot in _par_lots(a_fermer):
        LieuExercice.objects.filter(pk__in=lot).update(date_fin=extrait.date)
    LieuExercice.objects.bulk_create(a_creer, batch_size=5000)
    return sum(len(p.lieux) for p in extrait.praticiens.values())


def importer_rpps(
    chemin, *, progression=None, departements=None, date: datetime.date | None = None, **options
) -> BilanRPPS:
    """Reads, validates, then writes an RPPS extract (the registry's entry point: admin upload, command)."""
    from django.conf import settings

    codes = set(departements or [settings.DEPARTEMENT])
    extrait = lire_extrait(Path(chemin), departements=codes, date=date, progression=progression)
    return enregistrer_extrait(extrait, codes)


def importer_fichier(chemin, *, progression=None, **options) -> ImportDonnees | None:
    """The registry's contract (observatoire/importers/registre.py): the snapshot recorded (or already there)."""
    return importer_rpps(chemin, progression=progression, **options).instantane
