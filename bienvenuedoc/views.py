"""The site's own public pages: home, audience pages, legal pages, site map, error pages."""

import datetime

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from . import navigation
from .contenus import selectors as contenus
from .contenus.enums import Public
from .contenus.services import DUREE_CONSERVATION_INSCRIPTIONS_JOURS
from .models import configuration_courante
from .pages_en_cache import page_publique_en_cache
from .recherche_site import LONGUEUR_MAX, LONGUEUR_MIN, rechercher
from .sante import etat_sante
from .utils.calendrier import duree_en_mots
from .utils.http import LimiteEnvois, attente_en_mots, reponse_trop_de_requetes

# RGAA statement: the date it was drawn up and the date of the last automated check it describes.
DATE_DECLARATION_ACCESSIBILITE = datetime.date(2026, 11, 24)


# blocks of the home page: a fixed number of items, one query each
EVENEMENTS_ACCUEIL = 3
ACTUALITES_ACCUEIL = 3


@page_publique_en_cache
def accueil(request):
    contexte = {
        "evenements": contenus.evenements_a_venir(limite=EVENEMENTS_ACCUEIL),
        "actualites": contenus.actualites_recentes(limite=ACTUALITES_ACCUEIL),
    }
    return render(request, "bienvenuedoc/accueil.html", contexte)


@page_publique_en_cache
def medecins(request):
    return render(request, "bienvenuedoc/medecins.html", {"pages_public": contenus.pages_du_public(Public.MEDECINS)})


@page_publique_en_cache
def internes_etudiants(request):
    return render(
        request,
        "bienvenuedoc/internes_etudiants.html",
        {"pages_public": contenus.pages_du_public(Public.INTERNES_ETUDIANTS)},
    )


@page_publique_en_cache
def lyceens(request):
    return render(request, "bienvenuedoc/lyceens.html", {"pages_public": contenus.pages_du_public(Public.LYCEENS)})


@page_publique_en_cache
def mentions_legales(request):
    return render(request, "bienvenuedoc/mentions_legales.html")


@page_publique_en_cache
def accessibilite(request):
    return render(
        request,
        "bienvenuedoc/accessibilite.html",
        {"etat_conformite": navigation.ETAT_CONFORMITE_RGAA, "date_declaration": DATE_DECLARATION_ACCESSIBILITE},
    )


@page_publique_en_cache
def donnees_personnelles(request):
    """The privacy notice; the retention periods are the ones the anonymisation task applies."""
    config = configuration_courante()
    durees = [
        ("Demande close après accompagnement", config.duree_conservation_terminee_jours, "après la clôture"),
        ("Demande classée sans suite", config.duree_conservation_sans_suite_jours, "après le classement"),
        ("Demande retirée par la personne", config.duree_conservation_retiree_jours, "après le retrait"),
        ("Demande restée ouverte sans aucune activité", config.duree_inactivite_jours, "après la dernière action"),
    ]
    contexte = {
        "durees_conservation": [
            {"situation": situation, "duree": duree_en_mots(jours), "depart": depart}
            for situation, jours, depart in durees
        ],
        "duree_inscriptions": DUREE_CONSERVATION_INSCRIPTIONS_JOURS,
    }
    return render(request, "bienvenuedoc/donnees_personnelles.html", contexte)


# the site search: as the other public GET pages that query the database per request (the partner directory)
RATE_RECHERCHE = "120/m"
GROUPE_RECHERCHE = "site:recherche"


@require_GET
@ratelimit(key="bienvenuedoc.utils.http.ratelimit_key", rate=RATE_RECHERCHE, block=False, group=GROUPE_RECHERCHE)
@page_publique_en_cache
def recherche(request):
    """Results grouped by kind (one query per kind); over the rate, the page says how long to wait (429).
    The same for every anonymous visitor: kept in cache by address (query string included) until something
    searched is written (invalider_pages_publiques); PostgreSQL reads GIN indexes (bienvenuedoc.utils.recherche)."""
    texte = " ".join(request.GET.get("q", "").split())[:LONGUEUR_MAX]
    contexte = {"q": texte, "longueur_min": LONGUEUR_MIN, "longueur_max": LONGUEUR_MAX, "groupes": []}
    if getattr(request, "limited", False):
        attente = max(1, LimiteEnvois(groupe=GROUPE_RECHERCHE, taux=RATE_RECHERCHE).attente(request))
        contexte.update(trop_de_requetes=True, attente_en_mots=attente_en_mots(attente))
        reponse = render(request, "bienvenuedoc/recherche.html", contexte, status=429)
        reponse["Retry-After"] = str(attente)
        return reponse
    groupes = rechercher(texte)
    contexte.update(
        groupes=groupes,
        total=sum(groupe.total for groupe in groupes),
        trop_court=bool(texte) and len(texte) < LONGUEUR_MIN,
    )
    return render(request, "bienvenuedoc/recherche.html", contexte)


@page_publique_en_cache
def plan_du_site(request):
    return render(request, "bienvenuedoc/plan_du_site.html", {"sections": navigation.plan_du_site()})


def _voit_le_detail_de_sante(request) -> bool:
    try:
        user = request.user
        return user.is_authenticated and user.is_staff and user.has_perm("bienvenuedoc.voir_sante")
    except DatabaseError:  # the session lives in the database, which may be the thing that is down
        return False


@require_GET
@never_cache
def sante(request):
    """For the orchestrator: 200 (« ok » or « degrade ») or 503 (« indisponible »), one word and no detail;
    the details (each check) only for a staff member with the permission bienvenuedoc.voir_sante."""
    etat = etat_sante()
    if _voit_le_detail_de_sante(request):
        return JsonResponse(etat.detail(), status=etat.code_http, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(etat.statut, content_type="text/plain; charset=utf-8", status=etat.code_http)


def plafond_banc_essai(request):
    """The load benchmark's ceiling (benchmarks/charge.py): the cheapest Django answer through every middleware,
    routed only when BANC_ESSAI_PLAFOND is set."""
    return HttpResponse("ok", content_type="text/plain")


def permission_refusee(request, exception=None):
    """handler403: a French 403 page, or the 429 page when django-ratelimit blocked the request."""
    if isinstance(exception, Ratelimited):
        return reponse_trop_de_requetes(request)
    return render(request, "403.html", status=403)
