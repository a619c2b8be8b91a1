"""Closes the back office (/gestion/) to a staff member who must give a second factor and has not, in this
session: a Responsable (or superuser) without a device is sent to the enrolment page, anyone with a device to
the code page; only the login, logout and those pages stay open. Staff without a device and not required to
have one go through with their password only.

The check costs one or two queries; when it finds that no code is needed the answer is kept in the session
for DUREE_NON_REQUIS seconds so that ordinary pages of the staff without a device cost no extra query (a
device enrolled or a group given meanwhile is noticed at the latest then)."""

import time
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from ..services.double_facteur import double_facteur_actif, double_facteur_obligatoire

CLE_NON_REQUIS = "double_facteur_non_requis_le"
DUREE_NON_REQUIS = 300

VERIFIE = "verifie"
NON_REQUIS = "non_requis"
VERIFICATION = "verification"
ACTIVATION = "activation"

# the pages each state may reach besides the admin's login and logout
PAGES_OUVERTES = {
    VERIFICATION: ("securite:verification", "securite:secours"),
    ACTIVATION: ("securite:activation",),
}


def etat_double_facteur(request) -> str:
    """Where the logged-in staff member of `request` stands with the second factor in this session."""
    user = request.user
    if user.is_verified():
        return VERIFIE
    if time.time() - request.session.get(CLE_NON_REQUIS, 0) < DUREE_NON_REQUIS:
        return NON_REQUIS
    if double_facteur_actif(user):
        return VERIFICATION
    if double_facteur_obligatoire(user):
        return ACTIVATION
    request.session[CLE_NON_REQUIS] = time.time()
    return NON_REQUIS


class DoubleFacteurMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._barriere(request) or self.get_response(request)

    def _barriere(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None
        etat = etat_double_facteur(request)
        if etat in (VERIFIE, NON_REQUIS):
            return None
        ouvertes = {reverse("admin:login"), reverse("admin:logout")}
        ouvertes.update(reverse(nom) for nom in PAGES_OUVERTES[etat])
        if request.path in ouvertes:
            return None
        cible = reverse(f"securite:{etat}")
        suite = request.get_full_path() if request.method == "GET" else reverse("admin:index")
        return redirect(f"{cible}?{urlencode({'next': suite})}")
