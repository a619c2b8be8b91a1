"""Assembles the official files of a folder laid out like DONNEES_OUVERTES_DIR (see the data README):
`cog/*.json`, `cog/populations-historiques.csv`, `cog/communes-france-2026.csv` and `contours/`.

Communes, EPCI and populations come from the COG JSON; centres from `communes-france-2026.csv` (computed from
the outline when missing there); outlines from the 2026 GeoJSON when the département has one, otherwise from
the 2018 outlines, a current commune getting the outlines of every code it absorbed (concatenated)."""

from pathlib import Path

from . import cog, communes_csv, contours, populations
from .geometrie import centre, fusionner
from .modele import CommuneLue, DepartementLu, EPCILu, ErreurImport, Territoire

MILLESIME_COG = 2026
FICHIERS_REQUIS = (
    Path("cog") / "communes.json",
    Path("cog") / "epci.json",
    Path("cog") / "departements.json",
    Path("cog") / "regions.json",
    Path("cog") / "populations-historiques.csv",
    Path("cog") / "communes-france-2026.csv",
)
DECIMALES_DEPARTEMENTS = 5


def normaliser_code_departement(code: str) -> str:
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def verifier_departements(demandes: list[str], connus: dict) -> None:
    inconnus = [code for code in demandes if code not in connus]
    if inconnus:
        raise ErreurImport(
            f"Code de département inconnu : {', '.join(inconnus)}. Codes du COG {MILLESIME_COG} : "
            f"{', '.join(sorted(connus))}."
        )


def lire_donnees_officielles(
    source: Path, departements: list[str] | None, *, composer_contours_epci: bool | None = None
) -> Territoire:
    """`departements`: COG codes, or None for all of France.

    An EPCI without a 2026 outline file gets the concatenation of its member communes' outlines when
    `composer_contours_epci` (default: for a selection of départements, not for all of France, where it would
    double the volume of outlines written; the EPCI then keeps the outline already stored, if any)."""
    if composer_contours_epci is None:
        composer_contours_epci = departements is not None
    source = Path(source)
    for relatif in FICHIERS_REQUIS:
        if not (source / relatif).is_file():
            raise ErreurImport(f"Fichier introuvable : {source / relatif} (données ouvertes attendues dans {source}).")
    regions = cog.lire_regions(source / "cog" / "regions.json")
    departements_cog = cog.lire_departements(source / "cog" / "departements.json")
    if departements is not None:
        verifier_departements(departements, departements_cog)
    selection = set(departements) if departements is not None else set(departements_cog)

    communes = [c for c in cog.lire_communes(source / "cog" / "communes.json") if c.departement in selection]
    codes = {c.code for c in communes}
    epci_de = {}
    epcis = []
    for epci in cog.lire_epcis(source / "cog" / "epci.json"):
        membres_ici = [code for code in epci.membres if code in codes]
        if membres_ici:
            epcis.append(epci)
            epci_de.update(dict.fromkeys(membres_ici, epci.siren))
    historiques = populations.lire_populations_historiques(source / "cog" / "populations-historiques.csv", codes)
    lignes_csv = communes_csv.lire_communes_csv(source / "cog" / "communes-france-2026.csv", codes)

    contours_communes = _contours_communes(source, communes, selection)
    contours_epci = _contours_epci(source, selection)
    fichier_departements = source / contours.FICHIER_DEPARTEMENTS
    contours_departements = (
        contours.lire_contours(fichier_departements, decimales=DECIMALES_DEPARTEMENTS)
        if fichier_departements.is_file()
        else {}
    )

    communes_lues = []
    for commune in communes:
        contour = contours_communes.get(commune.code)
        ligne = lignes_csv.get(commune.code)
        latitude, longitude = (ligne.latitude, ligne.longitude) if ligne else (None, None)
        if latitude is None or longitude is None:
            latitude, longitude = centre(contour) or (None, None)
        historique = dict(historiques.get(commune.code, {}))
        if commune.population is not None:
            historique[MILLESIME_COG] = commune.population
        communes_lues.append(
            CommuneLue(
                code_insee=commune.code,
                nom=commune.nom,
                departement_code=commune.departement,
                epci_siren=epci_de.get(commune.code),
                codes_postaux=commune.codes_postaux,
                population=commune.population,
                population_annee=MILLESIME_COG if commune.population is not None else None,
                latitude=latitude,
                longitude=longitude,
                contour=contour,
                populations_historiques=historique,
            )
        )
    contour_de = {c.code_insee: c.contour for c in communes_lues}
    epcis_lus = [
        EPCILu(
            siren=e.siren,
            nom=e.nom,
            type=e.type,
            population=e.population,
            contour=contours_epci.get(e.siren)
            or (fusionner(contour_de.get(code) for code in e.membres) if composer_contours_epci else None),
        )
        for e in epcis
    ]
    contours_par_departement: dict[str, list] = {}
    for c in communes_lues:
        contours_par_departement.setdefault(c.departement_code, []).append(c.contour)
    departements_lus = []
    for code in sorted(selection):
        infos = departements_cog[code]
        contour = contours_departements.get(code) or fusionner(contours_par_departement.get(code, ()))
        departements_lus.append(
            DepartementLu(
                code=code,
                nom=infos["nom"],
                region_code=infos["region"],
                region_nom=regions.get(infos["region"], ""),
                contour=contour,
            )
        )
    return Territoire(
        departements=departements_lus,
        epcis=epcis_lus,
        communes=communes_lues,
        millesime=MILLESIME_COG,
        source=f"données ouvertes ({source})",
    )


def _contours_communes(source: Path, communes: list[cog.CommuneCOG], selection: set[str]) -> dict[str, dict]:
    """code of a current commune -> outline: the 2026 file when there is one, else the 2018 outlines of the
    codes it absorbed."""
    resultat: dict[str, dict] = {}
    anciens: dict[str, dict] = {}
    for code in sorted(selection):
        fichier_2026 = contours.fichier_du_departement(
            source, contours.DOSSIER_COMMUNES_2026, "communes", code, "-2026"
        )
        if fichier_2026:
            resultat.update({k: v for k, v in contours.lire_contours(fichier_2026).items() if v})
            continue
        fichier_2018 = contours.fichier_du_departement(source, contours.DOSSIER_COMMUNES_2018, "communes", code)
        if fichier_2018:
            anciens.update(contours.lire_contours(fichier_2018))
    if anciens:
        for commune in communes:
            if commune.code not in resultat:
                contour = fusionner(anciens.get(code) for code in sorted(commune.codes_absorbes))
                if contour:
                    resultat[commune.code] = contour
    return resultat


def _contours_epci(source: Path, selection: set[str]) -> dict[str, dict]:
    resultat: dict[str, dict] = {}
    for code in sorted(selection):
        fichier = contours.fichier_du_departement(source, contours.DOSSIER_EPCI_2026, "epci", code, "-2026")
        if fichier:
            resultat.update({k: v for k, v in contours.lire_contours(fichier, propriete="siren").items() if v})
    return resultat
