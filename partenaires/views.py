from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from bienvenuedoc.pages_en_cache import page_publique_en_cache
from bienvenuedoc.utils.http import LimiteEnvois, attente_en_mots

from .eligibilite import aides_eligibilite
from .forms import AnnuaireForm, SimulateurForm
from .models import Partenaire
from .selectors import (
    aides_catalogue,
    communes_suggestions,
    lien_accompagnement,
    lien_demande_partenaire,
    partenaire_public,
    partenaires_annuaire,
    partenaires_carte,
)

RATE_PUBLIC = "120/m"
CLE_RATELIMIT = "bienvenuedoc.utils.http.ratelimit_key"
GROUPE_ANNUAIRE = "partenaires:annuaire"
GROUPE_SIMULATEUR = "partenaires:simulateur"


def _trop_de_requetes(request, gabarit: str, contexte: dict, *, groupe: str):
    """The page itself with a notice, status 429, and the real wait on the page and in Retry-After."""
    attente = max(1, LimiteEnvois(groupe=groupe, taux=RATE_PUBLIC).attente(request))
    contexte["trop_de_requetes"] = True
    contexte["attente_en_mots"] = attente_en_mots(attente)
    reponse = render(request, gabarit, contexte, status=429)
    reponse["Retry-After"] = str(attente)
    return reponse


@ratelimit(key=CLE_RATELIMIT, rate=RATE_PUBLIC, block=False, group=GROUPE_ANNUAIRE)
@page_publique_en_cache
def annuaire(request):
    form = AnnuaireForm(data=request.GET or None, departement=settings.DEPARTEMENT)
    filtres = form.cleaned_data if form.is_bound and form.is_valid() else {}
    contexte = {"form": form}
    if getattr(request, "limited", False):
        return _trop_de_requetes(request, "partenaires/annuaire.html", contexte, groupe=GROUPE_ANNUAIRE)
    page = partenaires_annuaire(
        texte=filtres.get("q", ""),
        type=filtres.get("type", ""),
        besoin=filtres.get("besoin", ""),
        epci=filtres.get("epci"),
        page=request.GET.get("page", 1),
    )
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte.update(
        page=page,
        points_carte=partenaires_carte(page.object_list),
        parametres=parametres.urlencode(),
        filtre_actif=bool(filtres and any(filtres.values())),
    )
    return render(request, "partenaires/annuaire.html", contexte)


@page_publique_en_cache
def partenaire(request, slug):
    try:
        objet = partenaire_public(slug)
    except Partenaire.DoesNotExist:
        raise Http404("Partenaire introuvable") from None
    return render(
        request,
        "partenaires/partenaire.html",
        {
            "partenaire": objet,
            "points_carte": partenaires_carte([objet]),
            "lien_demande": lien_demande_partenaire(objet),
        },
    )


@ratelimit(key=CLE_RATELIMIT, rate=RATE_PUBLIC, block=False, group=GROUPE_SIMULATEUR)
@page_publique_en_cache
def simulateur(request):
    form = SimulateurForm(data=request.GET or None, departement=settings.DEPARTEMENT)
    contexte = {"form": form, "communes": communes_suggestions(settings.DEPARTEMENT)}
    if getattr(request, "limited", False):
        return _trop_de_requetes(request, "partenaires/simulateur.html", contexte, groupe=GROUPE_SIMULATEUR)
    if form.is_bound and form.is_valid():
        reponses = form.reponses()
        simulation = aides_eligibilite(reponses=reponses)
        contexte["simulation"] = simulation
        contexte["lien_general"] = lien_accompagnement(reponses)
        for resultat in simulation.eligibles:
            resultat.lien_accompagnement = lien_accompagnement(reponses, resultat.aide)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "partenaires/simulateur.html", contexte, status=status)


@page_publique_en_cache
def catalogue(request):
    return render(request, "partenaires/catalogue.html", aides_catalogue())
