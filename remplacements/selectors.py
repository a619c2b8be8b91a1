"""Reads of the offers for the public pages, the map's JSON and the poster's space, with a fixed number of
queries whatever the number of offers. Owners' e-mails are never read here."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, FloatField, Max, Q, Value
from django.utils import timezone

from observatoire.models import EPCI, Commune
from observatoire.selectors import communes_libelles

from .enums import NiveauEtudes, SemestreStage, TypeOffre
from .models import Offre

# Public fields of an offer on a list or page (never `email_proprietaire`).
CHAMPS_PUBLICS = (
    "uuid",
    "type",
    "titre",
    "description",
    "commune__nom",
    "commune__code_insee",
    "commune__codes_postaux",
    "adresse",
    "latitude",
    "longitude",
    "date_debut",
    "date_fin",
    "fin_publication",
    "publiee_le",
    "contact_nom",
    "structure",
    "jours_recurrents",
    "logiciel",
    "retrocession",
    "logement_propose",
    "type_poste",
    "conditions",
    "maitre_de_stage",
    "specialite",
    "semestre",
    "pour_externes",
    "pour_internes",
    "pour_docteurs_juniors",
    "capacite",
    "loyer_mensuel",
    "meuble",
    "distance_lieu_km",
    "statut",
    "debut_publication",
)
DUREE_CACHE_CARTE = 300
CHAMP_NIVEAU = {
    NiveauEtudes.EXTERNE: "pour_externes",
    NiveauEtudes.INTERNE: "pour_internes",
    NiveauEtudes.DOCTEUR_JUNIOR: "pour_docteurs_juniors",
}


@dataclass(frozen=True)
class Recherche:
    """The search as understood (the form's cleaned data)."""

    type: str = ""
    disponible_du: object = None
    disponible_au: object = None
    commune: Commune | None = None
    distance: int | None = None
    epci: EPCI | None = None
    niveau: str = ""
    semestre: str = ""
    loyer_max: int | None = None


def offres_publiques():
    return Offre.objects.publiees().select_related("commune").only(*CHAMPS_PUBLICS)


def offres_recherche(recherche: Recherche):
    """Published offers matching the search; nearest first when a distance is asked (`distance_km`),
    newest first otherwise. A lazy queryset: the page slices it (one query for the page, one for the count)."""
    offres = offres_publiques()
    if recherche.type:
        offres = offres.filter(type=recherche.type)
    if recherche.disponible_du or recherche.disponible_au:
        offres = offres.disponibles_entre(recherche.disponible_du, recherche.disponible_au)
    if recherche.epci:
        offres = offres.filter(commune__epci=recherche.epci)
    if recherche.niveau in CHAMP_NIVEAU:
        offres = offres.filter(**{CHAMP_NIVEAU[recherche.niveau]: True})
    if recherche.semestre in (SemestreStage.MAI, SemestreStage.NOVEMBRE):
        offres = offres.filter(
            Q(type=TypeOffre.STAGE, semestre__in=[recherche.semestre, SemestreStage.LES_DEUX])
            | ~Q(type=TypeOffre.STAGE)
        )
    if recherche.loyer_max is not None:
        offres = offres.filter(type=TypeOffre.LOGEMENT, loyer_mensuel__lte=recherche.loyer_max)
    commune = recherche.commune
    if commune is not None and commune.latitude is not None:
        if recherche.distance:
            return offres.autour_de(commune.latitude, commune.longitude, recherche.distance).order_by(
                "distance_km", "pk"
            )
        offres = offres.filter(commune=commune)
    elif commune is not None:
        offres = offres.filter(commune=commune)
    return offres.annotate(distance_km=Value(None, output_field=FloatField())).order_by("-publiee_le", "-pk")


def offre_publique(uuid) -> Offre | None:
    return offres_publiques().filter(uuid=uuid).first()


def offres_carte() -> list[dict]:
    """The map's markers: id, kind, title and coordinates of every published offer, nothing else. Cached under
    a key that changes with the day and with any change to the published offers (one small aggregate query to
    build the key); the cache may be down (the list is then built each time)."""
    publiees = Offre.objects.publiees().filter(latitude__isnull=False)
    etat = publiees.aggregate(nombre=Count("pk"), derniere=Max("modifiee_le"))
    derniere = etat["derniere"].timestamp() if etat["derniere"] else 0
    cle = f"remplacements:carte:{timezone.localdate():%Y%m%d}:{etat['nombre']}:{derniere}"
    points = cache.get(cle)
    if points is None:
        points = [
            {"id": str(uuid), "type": type_, "titre": titre, "lat": round(lat, 5), "lon": round(lon, 5)}
            for uuid, type_, titre, lat, lon in publiees.order_by("pk").values_list(
                "uuid", "type", "titre", "latitude", "longitude"
            )
        ]
        cache.set(cle, points, DUREE_CACHE_CARTE)
    return points


def communes_proposees() -> list[str]:
    return communes_libelles(settings.DEPARTEMENT)


def epcis_proposes():
    return (
        EPCI.objects.sans_contour().filter(communes__departement__code=settings.DEPARTEMENT).distinct().order_by("nom")
    )


# --- Saved searches (alerts) -------------------------------------------------------------------------------
def criteres_depuis_recherche(donnees: dict) -> dict:
    """A search's cleaned data as JSON for an alert (the commune by INSEE code, the EPCI by SIREN)."""
    criteres = {}
    for nom in ("type", "niveau", "semestre"):
        if donnees.get(nom):
            criteres[nom] = donnees[nom]
    for nom in ("distance", "loyer_max"):
        if donnees.get(nom) is not None:
            criteres[nom] = donnees[nom]
    for nom in ("disponible_du", "disponible_au"):
        if donnees.get(nom):
            criteres[nom] = donnees[nom].isoformat()
    if donnees.get("commune"):
        criteres["commune"] = donnees["commune"].code_insee
    if donnees.get("epci"):
        criteres["epci"] = donnees["epci"].siren
    return criteres


def recherche_depuis_criteres(criteres: dict) -> Recherche:
    from datetime import date

    valeurs = {nom: criteres[nom] for nom in ("type", "niveau", "semestre", "distance", "loyer_max") if nom in criteres}
    for nom in ("disponible_du", "disponible_au"):
        if criteres.get(nom):
            valeurs[nom] = date.fromisoformat(criteres[nom])
    if criteres.get("commune"):
        valeurs["commune"] = Commune.objects.sans_contour().filter(code_insee=criteres["commune"]).first()
    if criteres.get("epci"):
        valeurs["epci"] = EPCI.objects.sans_contour().filter(siren=criteres["epci"]).first()
    return Recherche(**valeurs)


def criteres_en_mots(criteres: dict) -> str:
    """« Terrain de stage, à moins de 30 km d’Agen, semestre de novembre » (for the e-mails and pages)."""
    recherche = recherche_depuis_criteres(criteres)
    mots = [TypeOffre(recherche.type).label if recherche.type else "Toutes les offres"]
    if recherche.commune:
        if recherche.distance:
            mots.append(f"à moins de {recherche.distance} km de {recherche.commune.nom}")
        else:
            mots.append(f"à {recherche.commune.nom}")
    if recherche.epci:
        mots.append(recherche.epci.nom)
    if recherche.niveau:
        mots.append(f"pour les {NiveauEtudes(recherche.niveau).label.lower()}s")
    if recherche.semestre:
        mots.append(SemestreStage(recherche.semestre).label.lower())
    if recherche.loyer_max is not None:
        mots.append(f"loyer jusqu’à {recherche.loyer_max} €")
    if recherche.disponible_du or recherche.disponible_au:
        mots.append("aux dates choisies")
    return ", ".join(mots)


def offres_nouvelles_pour_alerte(alerte) -> list:
    """The published offers of an alert's pending digest window, nearest or newest first (at most 50)."""
    if alerte.resume_jusqua is None:
        return []
    offres = offres_recherche(recherche_depuis_criteres(alerte.criteres)).filter(
        publiee_le__gt=alerte.resume_depuis, publiee_le__lte=alerte.resume_jusqua
    )
    return list(offres[:50])


# --- For the hotline's case page (called by accompagnement) ---------------------------------------------------
RAYON_PROCHES_KM = 50


def offres_proches_des_communes(*, types: list[str], communes, limite: int = 5, rayon_km: int = RAYON_PROCHES_KM):
    """The published offers of `types` nearest any of `communes` (within `rayon_km`), nearest first, each with
    `distance_km` and `commune_proche` (the desired commune it is near). One query per commune (at most three
    on a case), whatever the number of offers."""
    meilleures: dict[int, Offre] = {}
    for commune in communes:
        if commune.latitude is None or commune.longitude is None:
            continue
        proches = offres_publiques().filter(type__in=types).autour_de(commune.latitude, commune.longitude, rayon_km)
        for offre in proches.order_by("distance_km")[: limite * 2]:
            if offre.pk not in meilleures or offre.distance_km < meilleures[offre.pk].distance_km:
                offre.commune_proche = commune
                meilleures[offre.pk] = offre
    return sorted(meilleures.values(), key=lambda o: (o.distance_km, o.pk))[:limite]


# --- Back office: figures of the offers ------------------------------------------------------------------
def statistiques_offres() -> dict:
    """Offers by kind and status, published offers by EPCI, median time to fill by kind (publication to
    « pourvue »). Three queries whatever the number of offers."""
    from statistics import median

    from .enums import StatutOffre

    par_type = {
        t: {"libelle": libelle, "total": 0, "publiees": 0, "pourvues": 0, "delai_median_jours": None}
        for t, libelle in TypeOffre.choices
    }
    for ligne in Offre.objects.values("type").annotate(
        total=Count("pk"),
        publiees=Count("pk", filter=Q(statut=StatutOffre.PUBLIEE)),
        pourvues=Count("pk", filter=Q(statut=StatutOffre.POURVUE)),
    ):
        par_type[ligne["type"]].update(total=ligne["total"], publiees=ligne["publiees"], pourvues=ligne["pourvues"])
    par_epci = list(
        Offre.objects.publiees()
        .values("commune__epci__nom")
        .annotate(nombre=Count("pk"))
        .order_by("-nombre", "commune__epci__nom")
    )
    delais: dict[str, list[float]] = {}
    for type_, publiee, pourvue in Offre.objects.filter(
        statut=StatutOffre.POURVUE, publiee_le__isnull=False, pourvue_le__isnull=False
    ).values_list("type", "publiee_le", "pourvue_le"):
        delais.setdefault(type_, []).append((pourvue - publiee).total_seconds() / 86400)
    for type_, valeurs in delais.items():
        par_type[type_]["delai_median_jours"] = round(median(valeurs))
    return {"par_type": list(par_type.values()), "par_epci": par_epci}
