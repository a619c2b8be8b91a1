"""The territory pages: the index of the département's EPCI and one page per EPCI (thin callers of
observatoire/territoire.py)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .territoire import territoire_epci, territoires_du_departement


@require_GET
def territoires(request):
    return render(
        request, "observatoire/territoires.html", {"synthese": territoires_du_departement(settings.DEPARTEMENT)}
    )


@require_GET
def territoire(request, siren):
    donnees = territoire_epci(siren, settings.DEPARTEMENT, public=not request.user.is_staff)
    if donnees is None:
        raise Http404("Intercommunalité introuvable dans le département")
    return render(
        request,
        "observatoire/territoire.html",
        {"territoire": donnees, "fil": [("Vivre sur le territoire", reverse("territoire:index"))]},
    )
