"""The second factor's pages under /gestion/securite/ (thin callers of accompagnement/services/double_facteur.py):
the code asked after the password, the recovery-code alternative, the enrolment (secret as text and QR code
drawn on the server as SVG), the recovery codes shown once, and the « Sécurité du compte » page."""

import re
from urllib.parse import urlencode

import django_otp
import qrcode
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from qrcode.image.svg import SvgPathImage

from ..services.double_facteur import (
    DoubleFacteurErreur,
    cle_base32,
    cle_totp_nouvelle,
    code_secours_utiliser,
    code_totp_verifier,
    codes_secours_generer,
    codes_secours_restants,
    double_facteur_actif,
    double_facteur_activer,
    double_facteur_desactiver,
    double_facteur_obligatoire,
    uri_totp,
)
from .forms import CodeForm, CodeSecoursForm, DesactivationForm
from .middleware import CLE_NON_REQUIS, VERIFICATION, VERIFIE, etat_double_facteur

CLE_SECRET_EN_ATTENTE = "double_facteur_cle_en_attente"
CLE_CODES_A_AFFICHER = "double_facteur_codes_a_afficher"


def _suite(request) -> str:
    """Where to go once the code is given: the `next` page of the back office, never another site."""
    suite = request.POST.get("next") or request.GET.get("next") or ""
    if suite.startswith(reverse("admin:index")) and url_has_allowed_host_and_scheme(
        suite, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return suite
    return reverse("admin:index")


def _vers(nom: str, request) -> str:
    return f"{reverse(nom)}?{urlencode({'next': _suite(request)})}"


def _contexte(request, titre: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": titre, "suite": _suite(request), **extra}


def _page_de_connexion(request, gabarit: str, titre: str, **extra):
    """The steps of the login: the admin's layout without its navigation (nothing is reachable yet)."""
    contexte = _contexte(request, titre, **extra)
    contexte["is_nav_sidebar_enabled"] = False
    return TemplateResponse(request, gabarit, contexte)


def _verifie(request, appareil):
    """This session has given its second factor (a new session key, as after the password)."""
    request.session.cycle_key()
    django_otp.login(request, appareil)
    request.session.pop(CLE_NON_REQUIS, None)


def qr_svg(contenu: str, description: str) -> str:
    """The QR code of `contenu` as inline SVG (qrcode's pure-Python SVG writer: no PIL, no JavaScript)."""
    svg = qrcode.make(contenu, image_factory=SvgPathImage, box_size=10, border=4).to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    attributs = f'role="img" aria-label="{escape(description)}" class="bd-qr" '
    return mark_safe(svg.replace("<svg ", f"<svg {attributs}", 1))  # our own SVG, the label escaped


@staff_member_required
def verification(request):
    if etat_double_facteur(request) != VERIFICATION:
        return redirect(_suite(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appareil = code_totp_verifier(user=request.user, code=form.cleaned_data["code"])
        except DoubleFacteurErreur as erreur:
            form.add_error("code", str(erreur))
        else:
            _verifie(request, appareil)
            return redirect(_suite(request))
    return _page_de_connexion(request, "admin/securite/verification.html", "Vérification en deux étapes", form=form)


@staff_member_required
def secours(request):
    if etat_double_facteur(request) != VERIFICATION:
        return redirect(_suite(request))
    form = CodeSecoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appareil = code_secours_utiliser(user=request.user, code=form.cleaned_data["code"])
        except DoubleFacteurErreur as erreur:
            form.add_error("code", str(erreur))
        else:
            _verifie(request, appareil)
            restants = codes_secours_restants(request.user)
            messages.warning(
                request,
                f"Code de secours utilisé : il vous en reste {restants}. Vous pouvez en générer de nouveaux "
                "depuis la page « Sécurité du compte ».",
            )
            return redirect(_suite(request))
    return _page_de_connexion(request, "admin/securite/secours.html", "Connexion avec un code de secours", form=form)


@staff_member_required
def activation(request):
    """Enrolment of an authentication application. A device already set up can only be replaced from a session
    that gave its code (etat VERIFIE), never with the password alone."""
    etat = etat_double_facteur(request)
    if etat == VERIFICATION:
        return redirect(_vers("securite:verification", request))
    cle = request.session.get(CLE_SECRET_EN_ATTENTE)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not cle:
            form.add_error("code", "La page a expiré : ajoutez le nouveau code ci-dessous dans l’application.")
        else:
            try:
                appareil, codes = double_facteur_activer(user=request.user, cle_hex=cle, code=form.cleaned_data["code"])
            except DoubleFacteurErreur as erreur:
                form.add_error("code", str(erreur))
            else:
                del request.session[CLE_SECRET_EN_ATTENTE]
                _verifie(request, appareil)
                request.session[CLE_CODES_A_AFFICHER] = codes
                return redirect(_vers("securite:codes", request))
    if not cle:
        cle = request.session[CLE_SECRET_EN_ATTENTE] = cle_totp_nouvelle()
    return _page_de_connexion(
        request,
        "admin/securite/activation.html",
        "Activer la double authentification",
        form=form,
        obligatoire=double_facteur_obligatoire(request.user),
        remplacement=etat == VERIFIE,
        secret=cle_base32(cle),
        qr=qr_svg(
            uri_totp(user=request.user, cle_hex=cle),
            "QR code à scanner avec votre application d’authentification (la clé est aussi écrite en texte)",
        ),
    )


@staff_member_required
def codes(request):
    """The ten recovery codes, shown once (taken out of the session as they are displayed)."""
    codes_secours = request.session.pop(CLE_CODES_A_AFFICHER, None)
    if not codes_secours:
        return redirect("securite:compte")
    return _page_de_connexion(request, "admin/securite/codes.html", "Vos codes de secours", codes=codes_secours)


def _page_compte(request, form_desactivation=None):
    user = request.user
    return TemplateResponse(
        request,
        "admin/securite/compte.html",
        _contexte(
            request,
            "Sécurité du compte",
            actif=double_facteur_actif(user),
            obligatoire=double_facteur_obligatoire(user),
            codes_restants=codes_secours_restants(user),
            form_desactivation=form_desactivation or DesactivationForm(),
        ),
    )


@staff_member_required
def compte(request):
    return _page_compte(request)


@require_POST
@staff_member_required
def codes_regenerer(request):
    if not (double_facteur_actif(request.user) and request.user.is_verified()):
        messages.error(request, "Activez d’abord la double authentification.")
        return redirect("securite:compte")
    request.session[CLE_CODES_A_AFFICHER] = codes_secours_generer(user=request.user)
    return redirect("securite:codes")


@require_POST
@staff_member_required
def desactiver(request):
    form = DesactivationForm(request.POST)
    if form.is_valid():
        try:
            code_totp_verifier(user=request.user, code=form.cleaned_data["code"])
            double_facteur_desactiver(user=request.user)
        except DoubleFacteurErreur as erreur:
            form.add_error("code", str(erreur))
        else:
            messages.success(request, "La double authentification est désactivée pour votre compte.")
            return redirect("securite:compte")
    return _page_compte(request, form_desactivation=form)
