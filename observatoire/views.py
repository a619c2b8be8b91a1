from django.conf import settings
from django.shortcuts import render

from .selectors import synthese_territoire


def accueil(request):
    return render(request, "observatoire/accueil.html", {"synthese": synthese_territoire(settings.DEPARTEMENT)})
