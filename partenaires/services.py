"""Writes that carry a rule on partners, aids and zoning."""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from observatoire import indicateurs
from observatoire.enums import ClassementFRR, JeuDonnees
from observatoire.models import Commune

from .eligibilite import CLE_VERSION_AIDES
from .enums import TypeZone
from .models import AideFinanciere, ZonageCommune


def aides_en_vigueur_invalider() -> None:
    """The cached list of aids in force (eligibilite.aides_en_vigueur) is stale: bump its version, after the
    commit so that no request rebuilds it from the old rows. Called by every path that writes an aid, its
    criteria or territory, or a funder's name (admin, import, archive, demo)."""

    def incrementer():
        try:
            cache.incr(CLE_VERSION_AIDES)
        except ValueError:  # no version yet (empty or evicted cache): any new value is a new key
            cache.set(CLE_VERSION_AIDES, int(timezone.now().timestamp() * 1000), timeout=None)
        invalider_pages_publiques()  # the catalogue, the simulator and the partner pages show them

    transaction.on_commit(incrementer)


@transaction.atomic
def aide_archiver(*, aide_id: int) -> AideFinanciere:
    """An aid past its end date becomes a closed scheme shown for memory (leaves the « à revoir » list).
    Saved on the concrete model so that django-simple-history records the change."""
    aide = AideFinanciere.objects.select_for_update().get(pk=aide_id)
    aide.historique = True
    aide.date_verification = timezone.localdate()
    aide.save(update_fields=["historique", "date_verification", "modifie_le"])
    aides_en_vigueur_invalider()
    return aide


# The official FRR classification → the simulator's zone types (partial classifications count: the source says so).
ZONES_FRR = {
    ClassementFRR.SOCLE: TypeZone.ZFRR,
    ClassementFRR.BENEFICIAIRE: TypeZone.ZFRR,
    ClassementFRR.BENEFICIAIRE_PARTIELLEMENT: TypeZone.ZFRR,
    ClassementFRR.CLASSEE_PARTIELLEMENT: TypeZone.ZFRR,
    ClassementFRR.PLUS: TypeZone.ZFRR_PLUS,
}
DATE_FRR = datetime.date(2025, 7, 10)
DATE_QPV = datetime.date(2024, 1, 1)  # décret n° 2023-1314 du 28 décembre 2023, en vigueur le 1er janvier 2024
SOURCE_FRR = "Classement FRR et FRR+ au 10 juillet 2025 (ANCT / DGCL, liste officielle)"
SOURCE_QPV = "QPV 2024 (décret n° 2023-1314, ANCT)"


@transaction.atomic
def zonage_officiel_copier(*, departement: str) -> dict[str, int]:
    """Copies the official FRR (July 2025) and QPV 2024 lists imported by the observatory into the simulator's
    zoning of the département's communes, replacing that family's rows (the synthetic demo ones included).
    A list not imported for the département is left alone (its demo zoning stays). Returns the counts written."""
    bilan = {TypeZone.ZFRR.value: 0, TypeZone.ZFRR_PLUS.value: 0, TypeZone.QPV.value: 0}
    communes = Commune.objects.filter(departement__code=departement)
    lignes = []
    frr = indicateurs.classements_frr(departement)
    if frr:
        ZonageCommune.objects.filter(commune__in=communes, type_zone__in=[TypeZone.ZFRR, TypeZone.ZFRR_PLUS]).delete()
        for commune_id, classement in frr:
            type_zone = ZONES_FRR.get(classement)
            if type_zone is not None:
                libelle = ClassementFRR(classement).label
                lignes.append(
                    ZonageCommune(
                        commune_id=commune_id,
                        type_zone=type_zone,
                        source=f"{SOURCE_FRR} : {libelle}",
                        date_zonage=DATE_FRR,
                        est_demo=False,
                    )
                )
                bilan[type_zone.value] += 1
    if indicateurs.jeu_importe(JeuDonnees.QPV, departement):
        ZonageCommune.objects.filter(commune__in=communes, type_zone=TypeZone.QPV).delete()
        for commune_id, quartiers in indicateurs.quartiers_prioritaires(departement).items():
            lignes.append(
                ZonageCommune(
                    commune_id=commune_id,
                    type_zone=TypeZone.QPV,
                    source=f"{SOURCE_QPV} : {', '.join(quartiers)}"[:300],
                    date_zonage=DATE_QPV,
                    est_demo=False,
                )
            )
            bilan[TypeZone.QPV.value] += 1
    ZonageCommune.objects.bulk_create(lignes, batch_size=1000)
    return bilan
