"""What the public observatory pages read: the choropleth's data (outlines of observatoire.carte + one
indicator of the tables), the page of an EPCI and the page of a commune, each in a fixed number of queries
whatever the size of the département. A territory outside the département served is None (a 404)."""

from dataclasses import dataclass, field

from django.urls import reverse

from . import carte, tableaux, tendances
from .indicateurs import Indicateurs, TableauDeBord, tableau_de_bord
from .models import Commune


def tableau_observatoire(code_departement: str, *, public: bool = True) -> TableauDeBord:
    """tableau_de_bord() with the practitioner figures on 1 to 4 practitioners hidden from the public."""
    return tableaux.masquer_praticiens(tableau_de_bord(code_departement, public=public))


def _url(niveau: str, code: str) -> str:
    if niveau == "communes":
        return reverse("observatoire:commune", args=[code])
    return reverse("observatoire:epci", args=[code])


_CODE = "0c0d0e0"  # stands for a code in a reversed address, cut out to put each territory's code in


def _urls(niveau: str):
    """_url for many territories of `niveau`: reversed once (an INSEE code or a SIREN needs no quoting), not
    once per feature of a map."""
    avant, apres = _url(niveau, _CODE).split(_CODE)
    return lambda code: f"{avant}{code}{apres}"


def donnees_carte(
    tableau: TableauDeBord,
    niveau: str,
    indicateur: tableaux.Colonne,
    *,
    codes: set[str] | None = None,
    selection: str = "",
) -> dict:
    """A GeoJSON FeatureCollection of the département's communes or EPCI (only `codes` when given), each
    feature with its value of `indicateur` (number, text as in the table, class in the legend), the quantile
    classes and their colours. The outlines come from the cache (observatoire.carte)."""
    lignes = {i.code: i for i in (tableau.communes if niveau == "communes" else tableau.epcis)}
    if codes is not None:
        lignes = {code: ligne for code, ligne in lignes.items() if code in codes}

    def valeur(ligne: Indicateurs):
        return valeur_publiee(indicateur, ligne)

    bornes = carte.classes_quantiles([valeur(ligne) for ligne in lignes.values()])
    url = _urls(niveau)
    features = []
    for feature in carte.geometries(tableau.departement.code, niveau)["features"]:
        ligne = lignes.get(feature["id"])
        if ligne is None:
            continue
        v = valeur(ligne)
        features.append(
            {
                "type": "Feature",
                "id": feature["id"],
                "geometry": feature["geometry"],
                "properties": {
                    "code": ligne.code,
                    "nom": ligne.nom,
                    "valeur": v,
                    "texte": indicateur.afficher(ligne),
                    "classe": carte.classe_de(v, bornes),
                    "secret": indicateur.cachee(ligne),
                    "url": url(ligne.code),
                    "selection": ligne.code == selection,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "niveau": niveau,
        "indicateur": {"cle": indicateur.cle, "libelle": indicateur.libelle, "unite": indicateur.unite},
        "legende": legende(indicateur, bornes),
        "features": features,
    }


def valeur_publiee(indicateur: tableaux.Colonne, ligne: Indicateurs):
    if indicateur.cachee(ligne):
        return None
    return indicateur.valeur(ligne)


def legende_de(indicateur: tableaux.Colonne, lignes: list[Indicateurs]) -> list[dict]:
    """The legend of the map of `lignes` (the same classes as donnees_carte)."""
    return legende(indicateur, carte.classes_quantiles([valeur_publiee(indicateur, ligne) for ligne in lignes]))


def legende(indicateur: tableaux.Colonne, bornes: list[float]) -> list[dict]:
    """The classes of the legend, lowest first: [{couleur, texte}], « de a à b »."""
    couleurs = carte.couleurs(bornes)
    classes = []
    for rang, borne in enumerate(bornes):
        haut = tableaux.nombre(borne, indicateur.decimales, signe=indicateur.signe)
        if rang == 0:
            texte = f"jusqu’à {haut}"
        else:
            bas = tableaux.nombre(bornes[rang - 1], indicateur.decimales, signe=indicateur.signe)
            texte = f"plus de {bas} à {haut}"
        classes.append({"couleur": couleurs[rang], "texte": texte})
    return classes


@dataclass
class FicheTerritoire:
    """The page of an EPCI or of a commune."""

    niveau: str  # "epci" or "communes"
    territoire: Indicateurs
    tableau: TableauDeBord
    communes: list[Indicateurs] = field(default_factory=list)  # an EPCI's communes in the département
    epci: Indicateurs | None = None  # a commune's EPCI
    series: list[tendances.Serie] = field(default_factory=list)

    @property
    def departement(self) -> Indicateurs:
        return self.tableau.departement

    @property
    def codes_carte(self) -> list[str]:
        """The communes drawn on the page's small map."""
        if self.niveau == "epci":
            return [c.code for c in self.communes]
        return [c.code for c in self.communes] or [self.territoire.code]


def codes_communes_epci(code_departement: str, siren: str) -> set[str]:
    """INSEE codes of an EPCI's communes in the département (empty: not an EPCI of the département)."""
    return set(
        Commune.objects.filter(departement__code=code_departement, epci__siren=siren).values_list(
            "code_insee", flat=True
        )
    )


def fiche_epci(code_departement: str, siren: str, *, public: bool = True) -> FicheTerritoire | None:
    """An EPCI with at least one commune in the département, its communes there and its trends."""
    tableau = tableau_observatoire(code_departement, public=public)
    epci = next((e for e in tableau.epcis if e.code == siren), None)
    if epci is None:
        return None
    codes = codes_communes_epci(code_departement, siren)
    fiche = FicheTerritoire("epci", epci, tableau, communes=[c for c in tableau.communes if c.code in codes])
    fiche.series = [
        s
        for s in (
            tendances.serie_apl(epci, tableau.departement),
            tendances.serie_population(epci.nom, communes_de_epci=(siren, code_departement)),
            tendances.serie_praticiens(
                code_departement, epci=siren, nom=epci.nom, demo=tableaux.praticiens_demo(tableau), public=public
            ),
        )
        if s
    ]
    return fiche


def fiche_commune(code_departement: str, code_insee: str, *, public: bool = True) -> FicheTerritoire | None:
    """A commune of the département, its EPCI (and the EPCI's communes, for the map) and its trends."""
    commune = (
        Commune.objects.sans_contour()
        .filter(departement__code=code_departement, code_insee=code_insee)
        .values("id", "epci__siren")
        .first()
    )
    if commune is None:
        return None
    tableau = tableau_observatoire(code_departement, public=public)
    ligne = next((c for c in tableau.communes if c.code == code_insee), None)
    if ligne is None:
        return None
    fiche = FicheTerritoire("communes", ligne, tableau)
    siren = commune["epci__siren"]
    if siren:
        fiche.epci = next((e for e in tableau.epcis if e.code == siren), None)
        voisines = codes_communes_epci(code_departement, siren)
        fiche.communes = [c for c in tableau.communes if c.code in voisines]
    fiche.series = [
        s
        for s in (
            tendances.serie_apl(ligne, tableau.departement),
            tendances.serie_population(ligne.nom, commune_id=commune["id"]),
        )
        if s
    ]
    return fiche
