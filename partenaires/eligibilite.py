"""The eligibility engine: the simulator's answers → for each aid in force, eligible or not, the criteria met,
the failing ones, and the conflicts (cumulation rules). The one place where the aids' rules are applied.

A fixed number of queries whatever the number of aids. The aids in force, with their funder and their
territory restrictions, are read as plain values into frozen `AideResumee` objects and kept in Django's cache
(`aides_en_vigueur`): a request then costs the zoning of the place (1 query; 3 in EPCI mode) and one
fingerprint query of the aids table, the cache key carrying a version that every write path bumps
(`services.aides_en_vigueur_invalider`) and that fingerprint (count and last change of the aids) as a
safety net for writes made outside those paths (bulk loads, factories).

Rules encoded (DOMAIN.md §2, checked 2026-11-24):
- 10-year non-cumulation of installation aids, Assurance Maladie and collectivités alike (loi 2023-1268
  art. 2, décret 2025-231 of 12 March 2025);
- two eligible aids of one cumulation category conflict with each other (one per 10 years);
- local aids (CGCT L1511-8) only in a ZIP or ZAC and only under a convention with the doctor;
- profile exclusions (ZFRR excludes remplaçants), zones (FMT majoration in ZIP or QPV, not ZAC), sector 1 /
  OPTAM, first installation, minimum commitment, practice mode, project, territory.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from observatoire.models import EPCI, Commune

from .enums import (
    FAMILLES_ZONAGE,
    ZONES_SOUS_DENSES,
    CategorieCumul,
    ModeExercice,
    ProfilAide,
    ProfilSimulateur,
    Secteur,
    TypeAide,
    TypeProjet,
    TypeZone,
)
from .models import AideFinanciere, Partenaire, ZonageCommune

DUREE_NON_CUMUL_ANS = 10
SOURCE_NON_CUMUL = "décret 2025-231 du 12 mars 2025"

_PROFIL_DE_BASE = {
    ProfilSimulateur.ETUDIANT: ProfilAide.ETUDIANT,
    ProfilSimulateur.INTERNE: ProfilAide.INTERNE,
    ProfilSimulateur.DOCTEUR_JUNIOR: ProfilAide.DOCTEUR_JUNIOR,
    ProfilSimulateur.REMPLACANT: ProfilAide.REMPLACANT,
    ProfilSimulateur.MEDECIN_INSTALLE: ProfilAide.MEDECIN_INSTALLE,
}
# enum lookups are slow in a loop over hundreds of aids: labels computed once
ORDRE_ZONES = tuple(TypeZone.values)
SIGLES_ZONES = {valeur: libelle.split(" (")[0] for valeur, libelle in TypeZone.choices}
LIBELLES = {enum: dict(enum.choices) for enum in (ProfilAide, TypeProjet, ModeExercice, CategorieCumul, TypeZone)}
_PEUVENT_S_INSTALLER = {ProfilSimulateur.REMPLACANT, ProfilSimulateur.MEDECIN_INSTALLE}


@dataclass(frozen=True)
class Reponses:
    profil: str
    type_projet: str
    mode_exercice: str
    secteur: str = Secteur.NON_CONCERNE
    engagement_annees: int = 0
    premiere_installation: bool = False
    aide_installation_recue: bool = False
    aide_installation_date: datetime.date | None = None
    maitre_stage: bool = False
    commune: Commune | None = None
    epci: EPCI | None = None

    def profils(self) -> frozenset[str]:
        """The aid profiles the person holds, derived from the answers."""
        return self._profils

    def modes(self) -> frozenset[str]:
        return self._modes

    # computed once per simulation, not once per aid
    @cached_property
    def _profils(self) -> frozenset[str]:
        profils = {_PROFIL_DE_BASE[self.profil]}
        if (
            self.type_projet == TypeProjet.INSTALLATION
            and self.premiere_installation
            and self.profil in _PEUVENT_S_INSTALLER
        ):
            profils.add(ProfilAide.PRIMO_INSTALLANT)
        if self.maitre_stage and self.profil == ProfilSimulateur.MEDECIN_INSTALLE:
            profils.add(ProfilAide.MAITRE_STAGE)
        return frozenset(profils)

    @cached_property
    def _modes(self) -> frozenset[str]:
        if self.mode_exercice == ModeExercice.MIXTE:
            return frozenset({ModeExercice.LIBERAL, ModeExercice.SALARIE, ModeExercice.MIXTE})
        return frozenset({self.mode_exercice})


@dataclass
class Critere:
    code: str
    libelle: str
    rempli: bool


@dataclass
class Conflit:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class FinanceurResume:
    nom: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("partenaires:partenaire", kwargs={"slug": self.slug})


@dataclass(frozen=True, slots=True)
class AideResumee:
    """What the engine and the simulator page need of an aid in force: plain values, cheap to build and to
    cache (no model instance, no JSON decoding per request)."""

    pk: int
    nom: str
    slug: str
    type: str
    financeur: FinanceurResume
    montant_affiche: str
    montant_non_confirme: bool
    note_montant: str
    conditions: str
    demarche: str
    source_url: str
    date_verification: datetime.date
    profils: tuple[str, ...]
    profils_exclus: tuple[str, ...]
    projets: tuple[str, ...]
    modes_exercice: tuple[str, ...]
    zones: tuple[str, ...]
    departement_id: int | None
    communes: frozenset[int]  # communes concerned (empty: no commune restriction)
    epcis_des_communes: frozenset[int]  # the EPCIs of those communes (EPCI mode)
    epcis: frozenset[int]
    exige_secteur_1_optam: bool
    reservee_premiere_installation: bool
    engagement_min_annees: int | None
    categorie_cumul: str
    exige_convention_l1511_8: bool

    @property
    def restreinte(self) -> bool:
        return bool(self.departement_id or self.communes or self.epcis)

    def get_type_display(self) -> str:
        return LIBELLES_TYPES_AIDE.get(self.type, self.type)


LIBELLES_TYPES_AIDE = dict(TypeAide.choices)


@dataclass
class ResultatAide:
    aide: AideResumee
    criteres: list[Critere] = field(default_factory=list)
    conflits: list[Conflit] = field(default_factory=list)
    sous_condition: bool = False  # EPCI mode: depends on the commune chosen inside the EPCI

    @property
    def eligible(self) -> bool:
        return all(c.rempli for c in self.criteres)

    @property
    def criteres_remplis(self) -> list[Critere]:
        return [c for c in self.criteres if c.rempli]

    @property
    def echecs(self) -> list[Critere]:
        return [c for c in self.criteres if not c.rempli]

    @property
    def motifs_echec(self) -> str:
        return " ; ".join(c.libelle for c in self.criteres if not c.rempli)

    @property
    def critere_echec(self) -> Critere | None:
        echecs = self.echecs
        return echecs[0] if echecs else None


@dataclass
class Territoire:
    """Zoning of the place answered: a commune, or an EPCI (zones present in some of its communes)."""

    commune: Commune | None
    epci: EPCI | None
    zones: dict[str, int]  # zone type -> number of communes (1 in commune mode)
    nb_communes: int
    est_demo: bool
    sources: list[str]
    familles_demo: set[str] = field(default_factory=set)  # zoning families (ars, qpv, zfrr) with demo rows
    familles_reelles: set[str] = field(default_factory=set)  # … with real (imported) rows

    @property
    def libelle(self) -> str:
        return str(self.commune) if self.commune else (self.epci.nom if self.epci else "")

    @property
    def libelles_zones(self) -> list[str]:
        return [LIBELLES[TypeZone][z] for z in ORDRE_ZONES if z in self.zones]


@dataclass
class Simulation:
    reponses: Reponses
    territoire: Territoire
    resultats: list[ResultatAide]

    @cached_property
    def eligibles(self) -> list[ResultatAide]:
        return [r for r in self.resultats if r.eligible]

    @cached_property
    def non_eligibles(self) -> list[ResultatAide]:
        return [r for r in self.resultats if not r.eligible]

    @cached_property
    def nb_conflits(self) -> int:
        return sum(1 for r in self.eligibles if r.conflits)


def _liste(valeurs, enum) -> str:
    libelles = [LIBELLES[enum][v] for v in valeurs]
    return libelles[0] if len(libelles) == 1 else ", ".join(libelles[:-1]) + " ou " + libelles[-1]


def _sigles(zones) -> str:
    sigles = [SIGLES_ZONES[z] for z in ORDRE_ZONES if z in zones]
    return sigles[0] if len(sigles) == 1 else ", ".join(sigles[:-1]) + " ou " + sigles[-1]


def _dix_ans_apres(jour: datetime.date) -> datetime.date:
    try:
        return jour.replace(year=jour.year + DUREE_NON_CUMUL_ANS)
    except ValueError:  # 29 February
        return jour.replace(year=jour.year + DUREE_NON_CUMUL_ANS, day=28)


def territoire_charger(*, commune: Commune | None, epci: EPCI | None) -> Territoire:
    if commune is not None:
        lignes = list(ZonageCommune.objects.filter(commune=commune).values("type_zone", "est_demo", "source"))
        zones = {ligne["type_zone"]: 1 for ligne in lignes}
        nb_communes = 1
    else:
        lignes = list(
            ZonageCommune.objects.filter(commune__epci=epci)
            .values("type_zone", "est_demo", "source")
            .annotate(n=Count("id"))
            .order_by()
        )
        zones = {}
        for ligne in lignes:
            zones[ligne["type_zone"]] = zones.get(ligne["type_zone"], 0) + ligne["n"]
        nb_communes = epci.communes.count()
    return Territoire(
        commune=commune,
        epci=epci,
        zones=zones,
        nb_communes=nb_communes,
        est_demo=any(ligne["est_demo"] for ligne in lignes),
        sources=sorted({ligne["source"] for ligne in lignes if ligne["source"]}),
        familles_demo={FAMILLES_ZONAGE[ligne["type_zone"]] for ligne in lignes if ligne["est_demo"]},
        familles_reelles={FAMILLES_ZONAGE[ligne["type_zone"]] for ligne in lignes if not ligne["est_demo"]},
    )


@dataclass
class _Correspondances:
    """The place answered, as the ids the aids' territory restrictions are compared with."""

    commune: int | None
    epci: int | None
    departements: set[int]


def _correspondances(territoire: Territoire) -> _Correspondances:
    """No query in commune mode, one in EPCI mode (the départements of its communes)."""
    if territoire.commune is not None:
        return _Correspondances(
            commune=territoire.commune.pk,
            epci=territoire.commune.epci_id,
            departements={territoire.commune.departement_id},
        )
    epci_id = territoire.epci.pk
    return _Correspondances(
        commune=None,
        epci=epci_id,
        departements=set(Commune.objects.filter(epci_id=epci_id).values_list("departement_id", flat=True).distinct()),
    )


CLE_VERSION_AIDES = "partenaires:aides_en_vigueur:version"
_CHAMPS_AIDE = (
    "pk",
    "nom",
    "slug",
    "type",
    "financeur_id",
    "montant_min",
    "montant_max",
    "montant_unite",
    "montant_texte",
    "montant_non_confirme",
    "note_montant",
    "conditions",
    "demarche",
    "source_url",
    "date_verification",
    "profils",
    "profils_exclus",
    "projets",
    "modes_exercice",
    "zones",
    "departement_id",
    "exige_secteur_1_optam",
    "reservee_premiere_installation",
    "engagement_min_annees",
    "categorie_cumul",
    "exige_convention_l1511_8",
)
# the last list built or read by this process, so that a request does not even unpickle it: (key, aids)
_memo: tuple[str, tuple[AideResumee, ...]] | None = None


def _charger_aides_en_vigueur(jour: datetime.date) -> tuple[AideResumee, ...]:
    """4 queries: the aids in force as values, their funders, their communes (with EPCI) and EPCIs."""
    lignes = list(AideFinanciere.objects.publiees().valides(jour).values(*_CHAMPS_AIDE))
    ids = [ligne["pk"] for ligne in lignes]
    financeurs = {
        pk: FinanceurResume(nom=nom, slug=slug)
        for pk, nom, slug in Partenaire.objects.filter(pk__in={ligne["financeur_id"] for ligne in lignes})
        .order_by()
        .values_list("pk", "nom", "slug")
    }
    communes: dict[int, set[int]] = {}
    epcis_des_communes: dict[int, set[int]] = {}
    for aide_id, commune_id, epci_id in (
        AideFinanciere.communes.through.objects.filter(aidefinanciere_id__in=ids)
        .order_by()
        .values_list("aidefinanciere_id", "commune_id", "commune__epci_id")
    ):
        communes.setdefault(aide_id, set()).add(commune_id)
        if epci_id is not None:
            epcis_des_communes.setdefault(aide_id, set()).add(epci_id)
    epcis: dict[int, set[int]] = {}
    for aide_id, epci_id in (
        AideFinanciere.epcis.through.objects.filter(aidefinanciere_id__in=ids)
        .order_by()
        .values_list("aidefinanciere_id", "epci_id")
    ):
        epcis.setdefault(aide_id, set()).add(epci_id)
    vide = frozenset()
    aides = []
    for ligne in lignes:
        pk = ligne["pk"]
        montant = AideFinanciere(
            montant_min=ligne["montant_min"],
            montant_max=ligne["montant_max"],
            montant_unite=ligne["montant_unite"],
            montant_texte=ligne["montant_texte"],
        ).montant_affiche
        aides.append(
            AideResumee(
                pk=pk,
                nom=ligne["nom"],
                slug=ligne["slug"],
                type=ligne["type"],
                financeur=financeurs[ligne["financeur_id"]],
                montant_affiche=montant,
                montant_non_confirme=ligne["montant_non_confirme"],
                note_montant=ligne["note_montant"],
                conditions=ligne["conditions"],
                demarche=ligne["demarche"],
                source_url=ligne["source_url"],
                date_verification=ligne["date_verification"],
                profils=tuple(ligne["profils"] or ()),
                profils_exclus=tuple(ligne["profils_exclus"] or ()),
                projets=tuple(ligne["projets"] or ()),
                modes_exercice=tuple(ligne["modes_exercice"] or ()),
                zones=tuple(ligne["zones"] or ()),
                departement_id=ligne["departement_id"],
                communes=frozenset(communes.get(pk, vide)),
                epcis_des_communes=frozenset(epcis_des_communes.get(pk, vide)),
                epcis=frozenset(epcis.get(pk, vide)),
                exige_secteur_1_optam=ligne["exige_secteur_1_optam"],
                reservee_premiere_installation=ligne["reservee_premiere_installation"],
                engagement_min_annees=ligne["engagement_min_annees"],
                categorie_cumul=ligne["categorie_cumul"],
                exige_convention_l1511_8=ligne["exige_convention_l1511_8"],
            )
        )
    return tuple(aides)


def aides_en_vigueur(*, jour: datetime.date) -> tuple[AideResumee, ...]:
    """The published aids in force on `jour`, in display order, from the cache when it is current.

    Key: the version bumped by every write path (admin, services, demo), the day (validity dates) and a
    fingerprint of the aids table (1 query) that catches writes made elsewhere."""
    global _memo
    version = cache.get_or_set(CLE_VERSION_AIDES, 1, timeout=None)
    empreinte = AideFinanciere.objects.order_by().aggregate(n=Count("pk"), m=Max("modifie_le"))
    derniere = empreinte["m"].timestamp() if empreinte["m"] else 0
    cle = f"partenaires:aides_en_vigueur:{version}:{jour.isoformat()}:{empreinte['n']}:{derniere}"
    memo = _memo
    if memo is not None and memo[0] == cle:
        return memo[1]
    aides = cache.get(cle)
    if aides is None:
        aides = _charger_aides_en_vigueur(jour)
        cache.set(cle, aides, timeout=24 * 3600)
    _memo = (cle, aides)
    return aides


def evaluer_aide(
    aide: AideResumee,
    *,
    reponses: Reponses,
    territoire: Territoire,
    correspondances: _Correspondances,
    jour: datetime.date,
) -> ResultatAide:
    """Applies every criterion of one aid."""
    resultat = ResultatAide(aide=aide)
    criteres = resultat.criteres
    profils = reponses.profils()

    if aide.profils:
        communs = [p for p in aide.profils if p in profils]
        if communs:
            criteres.append(Critere("profil", f"Profil : {_liste(communs, ProfilAide)}", True))
        else:
            criteres.append(Critere("profil", f"Réservée à : {_liste(aide.profils, ProfilAide)}", False))
    exclus = [p for p in aide.profils_exclus if p in profils]
    if exclus:
        criteres.append(Critere("profil_exclu", f"Exclut : {_liste(exclus, ProfilAide)}", False))

    if aide.projets:
        if reponses.type_projet in aide.projets:
            criteres.append(Critere("projet", f"Projet : {LIBELLES[TypeProjet][reponses.type_projet]}", True))
        else:
            criteres.append(Critere("projet", f"Concerne les projets : {_liste(aide.projets, TypeProjet)}", False))

    if aide.modes_exercice:
        if not reponses.modes().isdisjoint(aide.modes_exercice):
            criteres.append(
                Critere("mode_exercice", f"Mode d’exercice : {LIBELLES[ModeExercice][reponses.mode_exercice]}", True)
            )
        else:
            criteres.append(
                Critere(
                    "mode_exercice",
                    f"Réservée à l’exercice {_liste(aide.modes_exercice, ModeExercice).lower()}",
                    False,
                )
            )

    if aide.exige_secteur_1_optam:
        criteres.append(
            Critere("secteur", "Secteur 1 ou OPTAM", True)
            if reponses.secteur == Secteur.SECTEUR_1_OPTAM
            else Critere("secteur", "Réservée aux médecins en secteur 1 ou en secteur 2 avec OPTAM", False)
        )

    if aide.reservee_premiere_installation:
        premiere = reponses.premiere_installation and reponses.type_projet == TypeProjet.INSTALLATION
        criteres.append(
            Critere("premiere_installation", "Première installation en libéral", True)
            if premiere
            else Critere("premiere_installation", "Réservée à une première installation en libéral", False)
        )

    _critere_territoire(aide, criteres, territoire, correspondances)
    _critere_zones(aide, resultat, territoire)

    if aide.engagement_min_annees:
        minimum = aide.engagement_min_annees
        if reponses.engagement_annees >= minimum:
            criteres.append(
                Critere(
                    "engagement",
                    f"Engagement envisagé de {reponses.engagement_annees} an(s), au moins {minimum} demandé(s)",
                    True,
                )
            )
        else:
            criteres.append(
                Critere(
                    "engagement",
                    f"Demande un engagement d’au moins {minimum} an(s) (vous envisagez "
                    f"{reponses.engagement_annees} an(s))",
                    False,
                )
            )

    if aide.categorie_cumul == CategorieCumul.AIDE_INSTALLATION:
        criteres.append(_critere_non_cumul(reponses, jour))

    if aide.exige_convention_l1511_8 and resultat.eligible:
        resultat.conflits.append(
            Conflit(
                "convention_l1511_8",
                "Aide d’une collectivité : elle est versée sur convention signée avec vous (CGCT art. L1511-8), "
                "transmise à l’ARS et à l’Assurance Maladie ; elle compte dans la règle de non-cumul sur 10 ans.",
            )
        )
    return resultat


def _critere_territoire(
    aide, criteres: list[Critere], territoire: Territoire, correspondances: _Correspondances
) -> None:
    if not aide.restreinte:
        return
    if correspondances.commune is not None:
        couvre_communes = correspondances.commune in aide.communes
    else:
        couvre_communes = correspondances.epci in aide.epcis_des_communes
    if (
        aide.departement_id in correspondances.departements
        or couvre_communes
        or (correspondances.epci is not None and correspondances.epci in aide.epcis)
    ):
        criteres.append(Critere("territoire", f"Territoire couvert : {territoire.libelle}", True))
    else:
        criteres.append(Critere("territoire", f"Hors du territoire de l’aide ({territoire.libelle})", False))


def _critere_zones(aide, resultat: ResultatAide, territoire: Territoire) -> None:
    requises = list(aide.zones)
    if aide.exige_convention_l1511_8:
        requises = [z for z in requises if z in ZONES_SOUS_DENSES] or sorted(ZONES_SOUS_DENSES)
    if not requises:
        return
    presentes = [z for z in ORDRE_ZONES if z in territoire.zones and z in requises]
    # « démonstration » when the zoning this criterion rests on is synthetic (official FRR/QPV are not); an
    # absence is only vouched for by real rows of that family
    familles = {FAMILLES_ZONAGE[z] for z in (presentes or requises)}
    synthetique = familles & territoire.familles_demo or (
        not presentes and territoire.est_demo and not familles & territoire.familles_reelles
    )
    demo = " (zonage de démonstration)" if synthetique else ""
    if territoire.commune is not None:
        if presentes:
            resultat.criteres.append(
                Critere("zone", f"{territoire.commune.nom} est classée {_sigles(presentes)}{demo}", True)
            )
            return
        actuelles = _sigles(territoire.zones) if territoire.zones else "aucun zonage connu"
        message = f"Réservée aux communes classées {_sigles(requises)} ; {territoire.commune.nom} : {actuelles}{demo}"
        if aide.exige_convention_l1511_8 and not set(aide.zones) - ZONES_SOUS_DENSES:
            message += " (une collectivité ne peut aider une installation qu’en ZIP ou ZAC, CGCT art. L1511-8)"
        resultat.criteres.append(Critere("zone", message, False))
        return
    nombre = sum(territoire.zones.get(z, 0) for z in presentes)
    if presentes:
        resultat.sous_condition = True
        resultat.criteres.append(
            Critere(
                "zone",
                f"Selon la commune : {nombre} commune(s) de l’intercommunalité classée(s) "
                f"{_sigles(presentes)}{demo} — précisez la commune",
                True,
            )
        )
    else:
        resultat.criteres.append(
            Critere(
                "zone",
                f"Aucune commune de l’intercommunalité n’est classée {_sigles(requises)}{demo}",
                False,
            )
        )


def _critere_non_cumul(reponses: Reponses, jour: datetime.date) -> Critere:
    if not reponses.aide_installation_recue:
        return Critere("non_cumul", "Pas d’aide à l’installation reçue ces 10 dernières années", True)
    if reponses.aide_installation_date is None:
        return Critere(
            "non_cumul",
            f"Aide à l’installation déjà reçue : pas de nouvelle aide de cette catégorie pendant "
            f"{DUREE_NON_CUMUL_ANS} ans ({SOURCE_NON_CUMUL})",
            False,
        )
    fin = _dix_ans_apres(reponses.aide_installation_date)
    if fin <= jour:
        return Critere(
            "non_cumul",
            f"Aide à l’installation reçue il y a plus de {DUREE_NON_CUMUL_ANS} ans ({SOURCE_NON_CUMUL})",
            True,
        )
    return Critere(
        "non_cumul",
        f"Aide à l’installation reçue le {reponses.aide_installation_date:%d/%m/%Y} : pas de nouvelle aide de "
        f"cette catégorie avant le {fin:%d/%m/%Y}, qu’elle vienne de l’Assurance Maladie ou d’une collectivité "
        f"({SOURCE_NON_CUMUL})",
        False,
    )


def _conflits_meme_categorie(resultats: list[ResultatAide]) -> None:
    par_categorie: dict[str, list[ResultatAide]] = {}
    for resultat in resultats:
        if resultat.eligible and resultat.aide.categorie_cumul:
            par_categorie.setdefault(resultat.aide.categorie_cumul, []).append(resultat)
    for categorie, groupe in par_categorie.items():
        if len(groupe) < 2:
            continue
        libelle = LIBELLES[CategorieCumul][categorie].lower()
        for resultat in groupe:
            autres = ", ".join(f"« {r.aide.nom} »" for r in groupe if r is not resultat)
            resultat.conflits.append(
                Conflit(
                    "meme_categorie",
                    f"Ne se cumule pas avec {autres} : même catégorie ({libelle}), une seule aide de cette "
                    f"catégorie par période de {DUREE_NON_CUMUL_ANS} ans ({SOURCE_NON_CUMUL}). Il faudra choisir.",
                )
            )


def aides_eligibilite(*, reponses: Reponses, jour: datetime.date | None = None) -> Simulation:
    """Evaluates every published aid in force on `jour` against the answers."""
    if reponses.commune is None and reponses.epci is None:
        raise ValueError("Une commune ou une intercommunalité est nécessaire.")
    jour = jour or timezone.localdate()
    territoire = territoire_charger(commune=reponses.commune, epci=reponses.epci)
    correspondances = _correspondances(territoire)
    resultats = [
        evaluer_aide(aide, reponses=reponses, territoire=territoire, correspondances=correspondances, jour=jour)
        for aide in aides_en_vigueur(jour=jour)
    ]
    _conflits_meme_categorie(resultats)
    return Simulation(reponses=reponses, territoire=territoire, resultats=resultats)
