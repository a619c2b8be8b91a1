"""Public pages of the accompaniment: the request form, its confirmation, the requester's private space and
the page to receive a new link. Thin callers: parse, call a service or selector, render or redirect."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bienvenuedoc.models import configuration_courante
from bienvenuedoc.pages_en_cache import page_de_formulaire_en_cache
from bienvenuedoc.utils.antispam import jeton_antispam_nouveau
from bienvenuedoc.utils.calendrier import duree_en_mots
from bienvenuedoc.utils.envoi_unique import cle_envoi_valide, nouvelle_cle_envoi
from bienvenuedoc.utils.http import LimiteEnvois, page_privee, reponse_trop_de_requetes

from .forms import (
    ComplementForm,
    DemandeForm,
    LienAccesForm,
    MessageDemandeurForm,
    RetraitForm,
    SuppressionForm,
    communes_proposees,
)
from .models import Demande
from .selectors.espace import date_cible_premiere_reponse, document_de_demande, espace_demande, photo_referent
from .services.acces import jeton_verifier
from .services.demandes import (
    ActionImpossible,
    demande_ajouter_complement,
    demande_creer,
    demande_de_l_envoi,
    demande_retirer,
    demande_suppression_demander,
    lien_acces_renvoyer,
    message_demandeur_envoyer,
    messages_hotline_marquer_lus,
)

COOKIE_DEMANDE_ENVOYEE = "accompagnement_demande_envoyee"
# Quotas of ACCEPTED submissions per client address (a form re-displayed with its errors costs nothing).
LIMITE_DEMANDES = LimiteEnvois(groupe="accompagnement:demande", taux="10/h")
LIMITE_ESPACE = LimiteEnvois(groupe="accompagnement:espace", taux="30/h")
LIMITE_LIEN = LimiteEnvois(groupe="accompagnement:lien", taux="10/h")


def _duree_conservation() -> str:
    """The retention period after a case is closed, in words, for the consent text."""
    nombre, unite = duree_en_mots(configuration_courante().duree_conservation_terminee_jours)
    return f"{nombre} {unite}"


# --- The request form ---------------------------------------------------------------------------------


def _vers_confirmation(request, demande):
    # Post/redirect/get to a URL without any identifier: the request's UUID stays in this browser, in a signed
    # cookie (HttpOnly, sent only to the confirmation page), so the confirmation page cannot be opened (or
    # guessed) from another browser and nothing about the request appears in URLs, logs or the browser history.
    # A cookie rather than the session: no session row written (a second transaction) for each request sent.
    reponse = redirect("accompagnement:demande_envoyee")
    reponse.set_signed_cookie(
        COOKIE_DEMANDE_ENVOYEE,
        str(demande.uuid),
        salt=COOKIE_DEMANDE_ENVOYEE,
        max_age=settings.SESSION_COOKIE_AGE,
        path=reverse("accompagnement:demande_envoyee"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return reponse


@require_http_methods(["GET", "POST"])
def demande_nouvelle(request):
    if request.method == "POST":
        # The same form sent again (Back then « Envoyer », a double click) goes to its request's confirmation
        # first: before the rate limit, and before the anti-spam token (spent by the first submission) would
        # answer « déjà envoyé ». demande_creer checks the key again in its transaction (concurrent sends).
        cle_envoi = cle_envoi_valide(request.POST.get("cle_envoi"))
        deja_creee = demande_de_l_envoi(cle_envoi)
        if deja_creee is not None:
            return _vers_confirmation(request, deja_creee)
        attente = LIMITE_DEMANDES.attente(request)
        if attente:
            return reponse_trop_de_requetes(request, attente=attente)
        form = DemandeForm(data=request.POST)
        if form.is_valid():
            demande = demande_creer(donnees=form.donnees(), cle_envoi=form.cle_envoi_recue())
            LIMITE_DEMANDES.compter(request)
            return _vers_confirmation(request, demande)
        # refused only because its token was spent by a twin submission still being saved: now saved?
        deja_creee = demande_de_l_envoi(cle_envoi)
        if deja_creee is not None:
            return _vers_confirmation(request, deja_creee)
    else:
        # the same page for everyone but its tokens: rendered once, the tokens of this display put in
        return page_de_formulaire_en_cache(
            request,
            "accompagnement/demande_form.html",
            _contexte_demande_vierge,
            jetons={"jeton": jeton_antispam_nouveau, "cle_envoi": nouvelle_cle_envoi},
        )
    return render(request, "accompagnement/demande_form.html", _contexte_demande(form))


def _contexte_demande(form) -> dict:
    return {"form": form, "communes_proposees": communes_proposees(), "duree_conservation": _duree_conservation()}


def _contexte_demande_vierge(request, jetons: dict[str, str]) -> dict:
    form = DemandeForm(initial=DemandeForm.initial_depuis_parametres(request.GET))
    form.initial.update(jetons)
    return _contexte_demande(form)


@require_GET
@page_privee
def demande_envoyee(request):
    uuid = request.get_signed_cookie(
        COOKIE_DEMANDE_ENVOYEE, default=None, salt=COOKIE_DEMANDE_ENVOYEE, max_age=settings.SESSION_COOKIE_AGE
    )
    demande = Demande.objects.filter(uuid=uuid).only("reference", "recue_le").first() if uuid else None
    if demande is None:
        return redirect("accompagnement:demande_nouvelle")
    config = configuration_courante()
    contexte = {
        "demande": demande,
        "date_cible": date_cible_premiere_reponse(demande.recue_le, config.delai_premiere_reponse_jours),
    }
    return render(request, "accompagnement/demande_envoyee.html", contexte)


# --- The requester's space --------------------------------------------------------------------------------


def _espace_invalide(request):
    return render(
        request,
        "accompagnement/espace_invalide.html",
        {"form": LienAccesForm(), "action": reverse("accompagnement:espace_lien")},
        status=404,
    )


def avec_jeton(vue):
    """Opens the request of a valid token (or shows the "link expired" page, status 404), private headers."""

    @wraps(vue)
    @page_privee
    def enveloppe(request, jeton, *args, **kwargs):
        demande = jeton_verifier(jeton)
        if demande is None:
            return _espace_invalide(request)
        return vue(request, demande, jeton, *args, **kwargs)

    return enveloppe


def _rendre_espace(request, demande, jeton, **formulaires):
    espace = espace_demande(demande_pk=demande.pk)
    contexte = {
        "espace": espace,
        "demande": espace.demande,
        "jeton": jeton,
        "form_message": formulaires.get("form_message") or MessageDemandeurForm(prefix="message"),
        "form_complement": formulaires.get("form_complement") or ComplementForm(prefix="complement"),
    }
    return render(request, "accompagnement/espace.html", contexte)


@require_GET
@avec_jeton
def espace(request, demande, jeton):
    messages_hotline_marquer_lus(demande=demande)
    return _rendre_espace(request, demande, jeton)


def _limite_espace(vue):
    """At most 30 accepted writes an hour from one address in the spaces (messages, complements, withdrawals);
    a form shown again with its errors does not count."""
    return LIMITE_ESPACE.proteger(vue)


def _executer_puis_revenir(request, action, *, succes: str, retour: str):
    """Calls a service of the requester's space, says how it went (a refusal for a business reason is a
    message, not an error page) and goes back to the space (post/redirect/get)."""
    try:
        action()
    except ActionImpossible as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, succes)
    return redirect(retour)


def _url_espace(jeton: str, ancre: str = "") -> str:
    return reverse("accompagnement:espace", kwargs={"jeton": jeton}) + ancre


@require_POST
@_limite_espace
@avec_jeton
def espace_message(request, demande, jeton):
    form = MessageDemandeurForm(data=request.POST, prefix="message")
    if form.is_valid():
        return _executer_puis_revenir(
            request,
            lambda: message_demandeur_envoyer(demande=demande, corps=form.cleaned_data["corps"]),
            succes="Votre message a été envoyé à l’équipe. Vous serez prévenu·e de sa réponse.",
            retour=_url_espace(jeton, "#messagerie"),
        )
    return _rendre_espace(request, demande, jeton, form_message=form)


@require_POST
@_limite_espace
@avec_jeton
def espace_complement(request, demande, jeton):
    form = ComplementForm(data=request.POST, prefix="complement")
    if form.is_valid():
        return _executer_puis_revenir(
            request,
            lambda: demande_ajouter_complement(demande=demande, texte=form.cleaned_data["texte"]),
            succes="Vos informations ont été ajoutées à votre demande.",
            retour=_url_espace(jeton),
        )
    return _rendre_espace(request, demande, jeton, form_complement=form)


def _action_confirmee(request, demande, jeton, *, form_class, gabarit: str, action, succes: str):
    """A requester's action behind a confirmation form (withdrawal, deletion request): GET shows the form, a
    valid POST calls `action(cleaned_data)` and goes back to the space; an invalid POST shows the form again
    with its errors."""
    form = form_class(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _executer_puis_revenir(
            request, lambda: action(form.cleaned_data), succes=succes, retour=_url_espace(jeton)
        )
    return render(request, gabarit, {"form": form, "demande": demande, "jeton": jeton})


@require_http_methods(["GET", "POST"])
@_limite_espace
@avec_jeton
def espace_retirer(request, demande, jeton):
    return _action_confirmee(
        request,
        demande,
        jeton,
        form_class=RetraitForm,
        gabarit="accompagnement/espace_retirer.html",
        action=lambda donnees: demande_retirer(demande=demande, motif=donnees["motif"]),
        succes="Votre demande est retirée. Merci de nous avoir informés.",
    )


@require_http_methods(["GET", "POST"])
@_limite_espace
@avec_jeton
def espace_suppression(request, demande, jeton):
    return _action_confirmee(
        request,
        demande,
        jeton,
        form_class=SuppressionForm,
        gabarit="accompagnement/espace_suppression.html",
        action=lambda donnees: demande_suppression_demander(demande=demande),
        succes="Votre demande de suppression est enregistrée : vos données seront effacées par l’équipe, "
        "qui vous le confirmera.",
    )


@require_GET
@avec_jeton
def espace_document(request, demande, jeton, document_uuid):
    document = document_de_demande(demande=demande, document_uuid=document_uuid)
    if document is None:
        raise Http404("Document introuvable")
    try:
        fichier = document.fichier.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Document introuvable") from exc
    return FileResponse(fichier, as_attachment=True, filename=document.fichier.name.rsplit("/", 1)[-1])


@require_GET
@avec_jeton
def espace_photo_referent(request, demande, jeton):
    photo = photo_referent(demande=demande)
    if photo is None:
        raise Http404("Pas de photo")
    try:
        fichier = photo.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Pas de photo") from exc
    return FileResponse(fichier)


@require_http_methods(["GET", "POST"])
@LIMITE_LIEN.proteger
@page_privee
def espace_lien(request):
    """Receive a new private link by e-mail. The answer is the same whether the address is known or not."""
    if request.method == "POST":
        form = LienAccesForm(data=request.POST)
        if form.is_valid():
            lien_acces_renvoyer(email=form.cleaned_data["email"])
            return redirect("accompagnement:espace_lien_envoye")
    else:
        form = LienAccesForm()
    return render(request, "accompagnement/espace_lien.html", {"form": form})


@require_GET
def espace_lien_envoye(request):
    return render(request, "accompagnement/espace_lien_envoye.html")
