"""Public pages of the editorial content: pages, news, events (list, page, iCalendar feed, registration,
cancellation). Thin callers: parse, call a service or selector, render or redirect."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from bienvenuedoc.models import configuration_courante
from bienvenuedoc.pages_en_cache import page_de_formulaire_en_cache, page_publique_en_cache
from bienvenuedoc.utils.antispam import jeton_antispam_nouveau
from bienvenuedoc.utils.http import LimiteEnvois, page_privee

from . import selectors
from .calendrier import calendrier_ics
from .donnees_structurees import evenement_json_ld
from .enums import Public, StatutInscription
from .forms import InscriptionForm, SignalementAccessibiliteForm
from .services import (
    DUREE_CONSERVATION_INSCRIPTIONS_JOURS,
    InscriptionRefusee,
    inscription_annuler,
    inscription_creer,
    signalement_accessibilite_creer,
)

LIMITE_INSCRIPTIONS = LimiteEnvois(groupe="contenus:inscription", taux="10/h")
LIMITE_SIGNALEMENTS = LimiteEnvois(groupe="contenus:signalement", taux="5/h")
CLE_SESSION_SIGNALEMENT = "contenus_signalement"
CLE_SESSION_INSCRIPTION = "contenus_inscription"
PAGES_DES_PUBLICS = {
    Public.MEDECINS: ("Médecins", "site:medecins"),
    Public.INTERNES_ETUDIANTS: ("Internes et étudiants", "site:internes_etudiants"),
    Public.LYCEENS: ("Lycéens", "site:lyceens"),
    Public.ELUS: ("Observatoire", "observatoire:accueil"),
}


def _fil_du_public(public: str) -> list[tuple[str, str]]:
    libelle, nom_url = PAGES_DES_PUBLICS.get(public, ("", ""))
    try:
        return [(libelle, reverse(nom_url))] if nom_url else []
    except NoReverseMatch:
        return []


@require_GET
@page_publique_en_cache
def page(request, slug):
    objet = selectors.page_publique(slug)
    if objet is None:
        raise Http404
    return render(
        request,
        "contenus/page.html",
        {"page": objet, "menu": selectors.pages_du_public(objet.public), "fil": _fil_du_public(objet.public)},
    )


@require_GET
@page_publique_en_cache
def actualites(request):
    return render(request, "contenus/actualites.html", {"actualites": selectors.actualites_recentes()})


@require_GET
@page_publique_en_cache
def actualite(request, slug):
    objet = selectors.actualite_publique(slug)
    if objet is None:
        raise Http404
    return render(
        request,
        "contenus/actualite.html",
        {"actualite": objet, "fil": [("Actualités", reverse("contenus:actualites"))]},
    )


@require_GET
@page_publique_en_cache  # the remaining places change with a registration: its services invalidate
def evenements(request):
    contexte = {"evenements": selectors.evenements_a_venir(), "passes": selectors.evenements_passes(limite=5)}
    return render(request, "contenus/evenements.html", contexte)


@require_GET
def evenements_ics(request):
    reponse = HttpResponse(calendrier_ics(selectors.evenements_a_venir()), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return reponse


@require_http_methods(["GET", "POST"])
@LIMITE_INSCRIPTIONS.proteger
def evenement(request, slug):
    if request.method != "POST":
        # the same page for everyone but the tokens of its form: rendered once, this display's tokens put in
        return page_de_formulaire_en_cache(
            request,
            "contenus/evenement.html",
            _contexte_evenement_vierge(slug),
            jetons={"jeton": jeton_antispam_nouveau},
        )
    objet = selectors.evenement_public(slug)
    if objet is None:
        raise Http404
    form = InscriptionForm(data=request.POST, evenement=objet)
    if not objet.est_passe and form.is_valid():
        try:
            inscription = inscription_creer(
                evenement=objet,
                nom=form.cleaned_data["nom"],
                email=form.cleaned_data["email"],
                profil=form.cleaned_data["profil"],
            )
        except InscriptionRefusee as exc:
            form.add_error("email", str(exc))
        else:
            request.session[CLE_SESSION_INSCRIPTION] = str(inscription.jeton)
            return redirect("contenus:inscription_enregistree", slug=objet.slug)
    return render(request, "contenus/evenement.html", _contexte_evenement(objet, form))


def _contexte_evenement(objet, form) -> dict:
    return {
        "evenement": objet,
        "form": form,
        "places_restantes": max(0, objet.capacite - objet.nombre_inscrits),
        "duree_conservation": DUREE_CONSERVATION_INSCRIPTIONS_JOURS,
        "fil": [("Événements", reverse("contenus:evenements"))],
        "json_ld": evenement_json_ld(
            objet,
            url=settings.SITE_URL.rstrip("/") + objet.get_absolute_url(),
            organisateur=configuration_courante().organisme,
        ),
    }


def _contexte_evenement_vierge(slug: str):
    def contexte(request, jetons: dict[str, str]) -> dict:
        objet = selectors.evenement_public(slug)
        if objet is None:
            raise Http404
        form = InscriptionForm(evenement=objet)
        form.initial.update(jetons)
        return _contexte_evenement(objet, form)

    return contexte


@require_GET
def inscription_enregistree(request, slug):
    """The page after the redirect (post/redirect/get): says whether a seat or the waiting list was given."""
    inscription = selectors.inscription_par_jeton(request.session.get(CLE_SESSION_INSCRIPTION) or None)
    if inscription is None or inscription.evenement.slug != slug:
        return redirect("contenus:evenement", slug=slug)
    return render(
        request,
        "contenus/inscription_enregistree.html",
        {
            "inscription": inscription,
            "evenement": inscription.evenement,
            "attente": inscription.statut == StatutInscription.ATTENTE,
        },
    )


@require_http_methods(["GET", "POST"])
@page_privee
def inscription_annuler_vue(request, jeton):
    inscription = selectors.inscription_par_jeton(jeton)
    if inscription is None:
        return render(request, "contenus/inscription_introuvable.html", status=404)
    if request.method == "POST":
        inscription_annuler(inscription=inscription)
        return redirect("contenus:inscription_annuler", jeton=jeton)
    return render(
        request,
        "contenus/inscription_annuler.html",
        {
            "inscription": inscription,
            "evenement": inscription.evenement,
            "annulee": inscription.statut == StatutInscription.ANNULEE,
        },
    )


@require_http_methods(["GET", "POST"])
@LIMITE_SIGNALEMENTS.proteger
def signalement_accessibilite(request):
    """The accessibility statement's form: a report lands in the back office and the team gets an e-mail."""
    if request.method != "POST":
        # the same page for everyone (and for the same ?page=) but its tokens: rendered once, fresh tokens put in
        return page_de_formulaire_en_cache(
            request,
            "contenus/signalement_accessibilite.html",
            _contexte_signalement_vierge,
            jetons={"jeton": jeton_antispam_nouveau},
        )
    form = SignalementAccessibiliteForm(data=request.POST)
    if form.is_valid():
        donnees = {cle: form.cleaned_data[cle] for cle in ("description", "email", "nom", "adresse_page")}
        signalement_accessibilite_creer(**donnees, aide_technique=form.cleaned_data["aide_technique"])
        request.session[CLE_SESSION_SIGNALEMENT] = True
        return redirect("contenus:signalement_accessibilite_envoye")
    return render(request, "contenus/signalement_accessibilite.html", _contexte_signalement(form))


def _contexte_signalement(form) -> dict:
    return {"form": form, "fil": [("Accessibilité", reverse("site:accessibilite"))]}


def _contexte_signalement_vierge(request, jetons: dict[str, str]) -> dict:
    form = SignalementAccessibiliteForm()
    form.initial["adresse_page"] = request.GET.get("page", "")[:500]
    form.initial.update(jetons)
    return _contexte_signalement(form)


@require_GET
def signalement_accessibilite_envoye(request):
    if not request.session.pop(CLE_SESSION_SIGNALEMENT, False):
        return redirect("contenus:signalement_accessibilite")
    return render(
        request,
        "contenus/signalement_accessibilite_envoye.html",
        {"fil": [("Accessibilité", reverse("site:accessibilite"))]},
    )
