"""The territory pages: the index of the département's EPCI and one page per EPCI (thin callers of
observatoire/territoire.py)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from bienvenuedoc.pages_en_cache import page_publique_en_cache

from .territoire import territoire_epci, territoires_du_departement


@require_GET
@page_publique_en_cache
def territoires(request):
    return render(
        request, "observatoire/territoires.html", {"synthese": territoires_du_departement(settings.DEPARTEMENT)}
    )


@require_GET
@page_publique_en_cache  # staff (a session) always get theirs rendered: they see the small counts
def territoire(request, siren):
    donnees = territoire_epci(siren, settings.DEPARTEMENT, public=not request.user.is_staff)
    if donnees is None:
        raise Http404("Intercommunalité introuvable dans le département")
    return render(
        request,
        "observatoire/territoire.html",
        {"territoire": donnees, "fil": [("Vivre sur le territoire", reverse("territoire:index"))]},
    )
