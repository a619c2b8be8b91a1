from django.conf import settings
from django.shortcuts import render

from .indicateurs import tableau_de_bord
from .selectors import synthese_territoire


def accueil(request):
    """The territory and its health indicators; small GP counts are hidden from the public, not from staff."""
    contexte = {
        "synthese": synthese_territoire(settings.DEPARTEMENT),
        "tableau": tableau_de_bord(settings.DEPARTEMENT, public=not request.user.is_staff),
    }
    return render(request, "observatoire/accueil.html", contexte)
