from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bienvenuedoc.pages_en_cache import page_publique_en_cache

from . import fiches, tableaux, tendances
from .forms import ChoixCarteForm
from .selectors import synthese_territoire

PAR = {"communes": "commune", "epci": "intercommunalité"}
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _public(request) -> bool:
    """Small GP counts are hidden from the public, not from staff (the downloads are always public)."""
    return not request.user.is_staff


def _choix(request, tableau):
    """(form, level, indicator) of the dashboard's query string; unknown values fall back to the defaults."""
    indicateurs = tableaux.indicateurs_carte(tableau)
    formulaire = ChoixCarteForm(
        request.GET or None,
        niveaux=tableaux.NIVEAUX,
        indicateurs=[(c.cle, c.libelle) for c in indicateurs],
        initial={"niveau": "communes", "indicateur": tableaux.INDICATEUR_PAR_DEFAUT},
    )
    valide = formulaire.is_valid()
    niveau = (formulaire.cleaned_data.get("niveau") if valide else "") or "communes"
    cle = (formulaire.cleaned_data.get("indicateur") if valide else "") or tableaux.INDICATEUR_PAR_DEFAUT
    if not valide:
        formulaire = ChoixCarteForm(
            niveaux=tableaux.NIVEAUX,
            indicateurs=[(c.cle, c.libelle) for c in indicateurs],
            initial={"niveau": niveau, "indicateur": cle},
        )
    return formulaire, niveau, tableaux.indicateur_choisi(tableau, cle)


def _table(tableau, niveau: str, parametre_tri: str | None):
    colonnes = tableaux.colonnes(tableau, niveau)
    tri = tableaux.lire_tri(parametre_tri, colonnes)
    lignes = tableau.communes if niveau == "communes" else tableau.epcis
    return colonnes, tri, tableaux.trier(lignes, tri)


@page_publique_en_cache
def accueil(request):
    """The territory and its health indicators: map and sortable table of the communes or EPCI, the
    département against France, trends."""
    tableau = fiches.tableau_observatoire(settings.DEPARTEMENT, public=_public(request))
    formulaire, niveau, indicateur = _choix(request, tableau)
    colonnes, tri, lignes = _table(tableau, niveau, request.GET.get("tri"))
    parametres = {"niveau": niveau, "indicateur": indicateur.cle}
    entetes, rangees = tableaux.table_html(
        colonnes, lignes, tri, niveau=niveau, parametres=parametres, ancre="tableau-territoires"
    )
    requete = urlencode({**parametres, "tri": tri.parametre})
    telechargements = [
        (
            f"{libelle} ({format_.upper()})",
            reverse("observatoire:telecharger", args=[niveau, format_]) + f"?tri={tri.parametre}",
        )
        for format_, libelle in (("csv", "tableur"), ("json", "données"))
    ]
    contexte = {
        "synthese": synthese_territoire(settings.DEPARTEMENT),
        "entetes": entetes,
        "rangees": rangees,
        "telechargements": telechargements,
        "url_carte": f"{reverse('observatoire:carte_json')}?{requete}",
        "legende_carte": fiches.legende_de(indicateur, lignes),
        "titre_carte": f"{indicateur.libelle}, par {PAR[niveau]}",
        "legende_tableau": f"Indicateurs par {PAR[niveau]}, cliquer sur un en-tête pour trier",
        "tableau": tableau,
        "formulaire": formulaire,
        "niveau": niveau,
        "libelle_niveau": tableaux.NIVEAUX[niveau],
        "indicateur": indicateur,
        "colonnes": colonnes,
        "tri": tri,
        "lignes": lignes,
        "praticiens_demo": tableaux.praticiens_demo(tableau),
        "series": _series_departement(tableau, public=_public(request)),
        "prefixe_evolutions": _prefixe("observatoire:evolution_telecharger"),
    }
    return render(request, "observatoire/accueil.html", contexte)


def _series_departement(tableau, *, public: bool) -> list:
    if not tableau.a_des_donnees:
        return []
    praticiens = tendances.serie_praticiens(
        settings.DEPARTEMENT,
        nom=tableau.departement.nom,
        demo=tableaux.praticiens_demo(tableau),
        public=public,
    )
    return [*tendances.series_departement(settings.DEPARTEMENT), *([praticiens] if praticiens else [])]


@page_publique_en_cache
def carte_json(request):
    """The choropleth's data: ?niveau=communes|epci&indicateur=…[&epci=SIREN][&selection=code INSEE]."""
    tableau = fiches.tableau_observatoire(settings.DEPARTEMENT, public=_public(request))
    _formulaire, niveau, indicateur = _choix(request, tableau)
    codes = None
    selection = request.GET.get("selection", "")[:9]
    if request.GET.get("epci"):
        niveau, codes = "communes", fiches.codes_communes_epci(settings.DEPARTEMENT, request.GET["epci"][:9])
        if not codes:
            raise Http404("Intercommunalité hors du département")
    elif selection:
        niveau, codes = "communes", {selection}
    donnees = fiches.donnees_carte(tableau, niveau, indicateur, codes=codes, selection=selection)
    return JsonResponse(donnees, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


def _fichier(contenu: bytes, format_: str, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=FORMATS[format_])
    date = timezone.localdate().isoformat()
    reponse["Content-Disposition"] = f'attachment; filename="{nom}-{date}.{format_}"'
    return reponse


def _exporter(tableau, colonnes, lignes, format_: str, titre: str, nom: str) -> HttpResponse:
    if format_ not in FORMATS:
        raise Http404("Format inconnu")
    produire = tableaux.en_csv if format_ == "csv" else tableaux.en_json
    return _fichier(produire(tableau, colonnes, lignes, titre), format_, nom)


@page_publique_en_cache
def telecharger(request, niveau: str, format_: str):
    """A dashboard table (communes or EPCI) as CSV or JSON, in the order of ?tri=, public figures only."""
    if niveau not in tableaux.NIVEAUX:
        raise Http404("Niveau inconnu")
    tableau = fiches.tableau_observatoire(settings.DEPARTEMENT, public=True)
    colonnes, _tri, lignes = _table(tableau, niveau, request.GET.get("tri"))
    titre = f"Observatoire, indicateurs par {PAR[niveau]} ({tableau.departement.nom})"
    return _exporter(tableau, colonnes, lignes, format_, titre, f"observatoire-{settings.DEPARTEMENT}-{niveau}")


def _telechargements(vue: str, code: str, suffixe: str = "") -> list[tuple[str, str]]:
    return [
        (f"{libelle} ({format_.upper()})", reverse(vue, args=[code, format_]) + suffixe)
        for format_, libelle in (("csv", "tableur"), ("json", "données"))
    ]


def _prefixe(vue: str, *args) -> str:
    """The URL of a series' download without « <ident>.<format> » (the template appends them)."""
    return reverse(vue, args=[*args, "x", "csv"]).removesuffix("x.csv")


def _fil() -> list[tuple[str, str]]:
    return [("Observatoire", reverse("observatoire:accueil"))]


@page_publique_en_cache
def epci(request, siren: str):
    """An EPCI of the département: key figures beside the département, its communes (map, sortable table),
    trends."""
    fiche = fiches.fiche_epci(settings.DEPARTEMENT, siren, public=_public(request))
    if fiche is None:
        raise Http404("Intercommunalité hors du département")
    colonnes, tri, lignes = _table_fiche(fiche, request.GET.get("tri"))
    indicateur = tableaux.indicateur_choisi(fiche.tableau, "apl")
    entetes, rangees = tableaux.table_html(
        colonnes, lignes, tri, niveau="communes", parametres={}, ancre="tableau-communes"
    )
    colonnes_epci = tableaux.colonnes(fiche.tableau, "epci")
    contexte = {
        "fiche": fiche,
        "tableau": fiche.tableau,
        "fil": _fil(),
        "chiffres": tableaux.chiffres_cles(fiche.tableau, colonnes_epci, [fiche.territoire, fiche.departement]),
        "noms": [fiche.territoire.nom, f"Département ({fiche.departement.nom})"],
        "entetes": entetes,
        "rangees": rangees,
        "telechargements": _telechargements("observatoire:epci_telecharger", siren, f"?tri={tri.parametre}"),
        "praticiens_demo": tableaux.praticiens_demo(fiche.tableau),
        "url_carte": f"{reverse('observatoire:carte_json')}?{urlencode({'indicateur': indicateur.cle, 'epci': siren})}",
        "legende_carte": fiches.legende_de(indicateur, fiche.communes),
        "titre_carte": f"{indicateur.libelle}, communes de {fiche.territoire.nom}",
        "series": fiche.series,
        "prefixe_evolutions": _prefixe("observatoire:epci_evolution_telecharger", siren),
    }
    return render(request, "observatoire/epci.html", contexte)


def _table_fiche(fiche, parametre_tri):
    colonnes = tableaux.colonnes(fiche.tableau, "communes")
    tri = tableaux.lire_tri(parametre_tri, colonnes)
    return colonnes, tri, tableaux.trier(fiche.communes, tri)


@page_publique_en_cache
def epci_telecharger(request, siren: str, format_: str):
    fiche = fiches.fiche_epci(settings.DEPARTEMENT, siren, public=True)
    if fiche is None:
        raise Http404("Intercommunalité hors du département")
    colonnes, _tri, lignes = _table_fiche(fiche, request.GET.get("tri"))
    titre = f"Observatoire, indicateurs des communes de {fiche.territoire.nom} (département {fiche.departement.nom})"
    return _exporter(fiche.tableau, colonnes, lignes, format_, titre, f"observatoire-epci-{siren}-communes")


@page_publique_en_cache
def commune(request, code_insee: str):
    """A commune of the département: key figures beside its EPCI and the département, a small map among the
    communes of its EPCI, trends."""
    fiche = fiches.fiche_commune(settings.DEPARTEMENT, code_insee, public=_public(request))
    if fiche is None:
        raise Http404("Commune hors du département")
    indicateur = tableaux.indicateur_choisi(fiche.tableau, "apl")
    territoires = [fiche.territoire, *([fiche.epci] if fiche.epci else []), fiche.departement]
    parametres = {"indicateur": indicateur.cle, "selection": code_insee}
    if fiche.epci:
        parametres["epci"] = fiche.epci.code
    contexte = {
        "fiche": fiche,
        "tableau": fiche.tableau,
        "fil": _fil()
        + ([(fiche.epci.nom, reverse("observatoire:epci", args=[fiche.epci.code]))] if fiche.epci else []),
        "chiffres": tableaux.chiffres_cles(fiche.tableau, tableaux.colonnes(fiche.tableau, "communes"), territoires),
        "noms": [fiche.territoire.nom]
        + ([f"Intercommunalité ({fiche.epci.nom})"] if fiche.epci else [])
        + [f"Département ({fiche.departement.nom})"],
        "telechargements": _telechargements("observatoire:commune_telecharger", code_insee),
        "praticiens_demo": tableaux.praticiens_demo(fiche.tableau),
        "url_carte": f"{reverse('observatoire:carte_json')}?{urlencode(parametres)}",
        "legende_carte": fiches.legende_de(indicateur, fiche.communes or [fiche.territoire]),
        "titre_carte": f"{indicateur.libelle} : {fiche.territoire.nom}"
        + (f" parmi les communes de {fiche.epci.nom}" if fiche.epci else ""),
        "series": fiche.series,
        "prefixe_evolutions": _prefixe("observatoire:commune_evolution_telecharger", code_insee),
    }
    return render(request, "observatoire/commune.html", contexte)


@page_publique_en_cache
def commune_telecharger(request, code_insee: str, format_: str):
    """A commune's figures, with its EPCI and its département beside it."""
    fiche = fiches.fiche_commune(settings.DEPARTEMENT, code_insee, public=True)
    if fiche is None:
        raise Http404("Commune hors du département")
    colonnes = tableaux.colonnes(fiche.tableau, "communes")
    lignes = [fiche.territoire, *([fiche.epci] if fiche.epci else []), fiche.departement]
    titre = (
        f"Observatoire, indicateurs de {fiche.territoire.nom} ({code_insee}), de son intercommunalité et du département"
    )
    return _exporter(fiche.tableau, colonnes, lignes, format_, titre, f"observatoire-commune-{code_insee}")


def _serie(series: list, ident: str):
    serie = next((s for s in series if s.ident == ident), None)
    if serie is None:
        raise Http404("Série inconnue")
    return serie


def _exporter_serie(serie, territoire: str, format_: str, nom: str) -> HttpResponse:
    if format_ not in FORMATS:
        raise Http404("Format inconnu")
    produire = tendances.en_csv if format_ == "csv" else tendances.en_json
    return _fichier(produire(serie, territoire), format_, f"{nom}-{serie.ident}")


@page_publique_en_cache
def evolution_telecharger(request, ident: str, format_: str):
    """A trend series of the département as CSV or JSON (public figures)."""
    tableau = fiches.tableau_observatoire(settings.DEPARTEMENT, public=True)
    serie = _serie(_series_departement(tableau, public=True), ident)
    return _exporter_serie(serie, tableau.departement.nom, format_, f"observatoire-{settings.DEPARTEMENT}")


@page_publique_en_cache
def epci_evolution_telecharger(request, siren: str, ident: str, format_: str):
    fiche = fiches.fiche_epci(settings.DEPARTEMENT, siren, public=True)
    if fiche is None:
        raise Http404("Intercommunalité hors du département")
    return _exporter_serie(_serie(fiche.series, ident), fiche.territoire.nom, format_, f"observatoire-epci-{siren}")


@page_publique_en_cache
def commune_evolution_telecharger(request, code_insee: str, ident: str, format_: str):
    fiche = fiches.fiche_commune(settings.DEPARTEMENT, code_insee, public=True)
    if fiche is None:
        raise Http404("Commune hors du département")
    serie = _serie(fiche.series, ident)
    return _exporter_serie(
        serie, f"{fiche.territoire.nom} ({code_insee})", format_, f"observatoire-commune-{code_insee}"
    )
