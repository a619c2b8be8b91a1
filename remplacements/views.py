"""Public pages of the offers: the list and its map, an offer's page and its contact form, the posting form, the
poster's private space. Thin callers: parse, call a service or selector, render or redirect."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bienvenuedoc.pages_en_cache import page_de_formulaire_en_cache, page_publique_en_cache
from bienvenuedoc.utils.antispam import jeton_antispam_nouveau
from bienvenuedoc.utils.http import LimiteEnvois, page_privee

from .enums import StatutOffre
from .forms import (
    AlerteForm,
    ContactOffreForm,
    LienEspaceForm,
    OffreDepotForm,
    OffreModificationForm,
    RechercheOffresForm,
)
from .models import Offre
from .selectors import (
    Recherche,
    communes_proposees,
    criteres_depuis_recherche,
    criteres_en_mots,
    epcis_proposes,
    offre_publique,
    offres_carte,
    offres_recherche,
)
from .services.acces import jeton_verifier
from .services.alertes import (
    alerte_confirmer,
    alerte_creer,
    alerte_pour_confirmation,
    alerte_pour_desabonnement,
    alerte_supprimer,
)
from .services.offres import (
    TransitionInterdite,
    liens_espace_renvoyer,
    message_offre_envoyer,
    offre_deposer,
    offre_marquer_pourvue,
    offre_modifier,
    offre_retirer,
)

# Only accepted submissions use a person's quota; over it, the 429 page says the real wait (bienvenuedoc.utils.http).
LIMITE_CONTACT = LimiteEnvois(groupe="remplacements:contact", taux="5/h")
LIMITE_DEPOT = LimiteEnvois(groupe="remplacements:deposer", taux="10/h")
LIMITE_LIEN = LimiteEnvois(groupe="remplacements:lien", taux="10/h")
LIMITE_ALERTE = LimiteEnvois(groupe="remplacements:alerte", taux="10/h")
CLE_SESSION_DEPOT = "remplacements_offre_deposee"
OFFRES_PAR_PAGE = 20


# --- The list, the map, an offer ------------------------------------------------------------------------


@require_GET
def offres_liste(request):
    # the same page for everyone with the same search (and day: offers open and close by date) but the tokens
    # of the alert form: rendered once, the tokens of this display put in
    return page_de_formulaire_en_cache(
        request, "remplacements/offres_liste.html", _contexte_offres_liste, jetons={"jeton": jeton_antispam_nouveau}
    )


def _contexte_offres_liste(request, jetons: dict[str, str]) -> dict:
    form = RechercheOffresForm(data=request.GET or None, epcis=epcis_proposes())
    recherche = Recherche()
    if form.is_bound and form.is_valid():
        recherche = Recherche(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    page = Paginator(offres_recherche(recherche) if not form.errors else Offre.objects.none(), OFFRES_PAR_PAGE)
    page = page.get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    form_alerte = AlerteForm(initial={"recherche": parametres.urlencode()}, prefix="alerte")
    form_alerte.initial.update(jetons)
    return {
        "form": form,
        "page": page,
        "recherche": recherche,
        "parametres": parametres.urlencode(),
        "communes_proposees": communes_proposees(),
        "form_alerte": form_alerte,
        "recherche_en_mots": criteres_en_mots(criteres_depuis_recherche(form.cleaned_data))
        if form.is_bound and not form.errors
        else "Toutes les offres",
    }


@require_GET
@page_publique_en_cache  # compressed once there (no gzip_page: it would compress what is kept)
def offres_carte_json(request):
    reponse = JsonResponse({"offres": offres_carte()})
    reponse["Cache-Control"] = "public, max-age=300"
    return reponse


@require_http_methods(["GET", "POST"])
@LIMITE_CONTACT.proteger
def offre_detail(request, uuid):
    if request.method != "POST":
        # the same page for everyone but the tokens of its contact form: rendered once, this display's tokens put
        # in (a status change, a geocoding or a staff edit renews it; a pending « message sent » renders it anew)
        return page_de_formulaire_en_cache(
            request,
            "remplacements/offre_detail.html",
            _contexte_offre_vierge(uuid),
            jetons={"jeton": jeton_antispam_nouveau},
        )
    offre = offre_publique(uuid)
    if offre is None:
        raise Http404("Cette offre n’est pas publiée.")
    form = ContactOffreForm(data=request.POST)
    if form.is_valid():
        donnees = form.cleaned_data
        message_offre_envoyer(offre=offre, nom=donnees["nom"], email=donnees["email"], texte=donnees["texte"])
        messages.success(request, "Votre message est envoyé à l’auteur de l’offre, qui vous répondra par courriel.")
        return redirect("remplacements:offre", uuid=offre.uuid)
    return render(request, "remplacements/offre_detail.html", _contexte_offre(offre, form))


def _contexte_offre(offre, form) -> dict:
    return {"offre": offre, "form": form, "fil": [("Offres", reverse("remplacements:offres"))]}


def _contexte_offre_vierge(uuid):
    def contexte(request, jetons: dict[str, str]) -> dict:
        offre = offre_publique(uuid)
        if offre is None:
            raise Http404("Cette offre n’est pas publiée.")
        form = ContactOffreForm()
        form.initial.update(jetons)
        return _contexte_offre(offre, form)

    return contexte


# --- Posting an offer -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@LIMITE_DEPOT.proteger
def offre_nouvelle(request):
    form = OffreDepotForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offre = offre_deposer(donnees=form.donnees(), email_proprietaire=form.cleaned_data["email_proprietaire"])
        except ValidationError as erreur:  # a rule of the model the form did not see: said on the form
            form.add_error(None, erreur)
        else:
            request.session[CLE_SESSION_DEPOT] = str(offre.uuid)
            return redirect("remplacements:offre_deposee")
    contexte = {
        "form": form,
        "communes_proposees": communes_proposees(),
        "fil": [("Offres", reverse("remplacements:offres"))],
    }
    return render(request, "remplacements/offre_form.html", contexte)


@require_GET
@page_privee
def offre_deposee(request):
    uuid = request.session.get(CLE_SESSION_DEPOT)
    offre = Offre.objects.filter(uuid=uuid).only("titre", "type").first() if uuid else None
    if offre is None:
        return redirect("remplacements:offre_nouvelle")
    return render(request, "remplacements/offre_deposee.html", {"offre": offre})


# --- The poster's space ---------------------------------------------------------------------------------


def avec_jeton(vue):
    @wraps(vue)
    @page_privee
    def enveloppe(request, jeton, *args, **kwargs):
        offre = jeton_verifier(jeton)
        if offre is None:
            return render(request, "remplacements/espace_invalide.html", status=404)
        return vue(request, offre, jeton, *args, **kwargs)

    return enveloppe


@require_http_methods(["GET", "POST"])
@avec_jeton
def espace(request, offre, jeton):
    modifiable = offre.statut not in (StatutOffre.POURVUE, StatutOffre.RETIREE)
    form = (
        OffreModificationForm(data=request.POST if request.method == "POST" else None, instance=offre)
        if modifiable
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            offre_modifier(offre=offre, donnees=form.donnees())
        except (TransitionInterdite, ValidationError) as erreur:
            form.add_error(None, erreur.messages if isinstance(erreur, ValidationError) else str(erreur))
        else:
            messages.success(
                request, "Vos modifications sont enregistrées : l’offre repasse en relecture avant publication."
            )
            return redirect("remplacements:espace", jeton=jeton)
    contexte = {
        "offre": offre,
        "jeton": jeton,
        "form": form,
        "publique": offre.est_publique,
        "peut_pourvoir": offre.statut == StatutOffre.PUBLIEE,
        "peut_retirer": offre.statut not in (StatutOffre.POURVUE, StatutOffre.RETIREE),
        "communes_proposees": communes_proposees() if form is not None else [],
    }
    return render(request, "remplacements/espace.html", contexte)


def _action(request, offre, jeton, service, succes: str):
    try:
        service(offre=offre)
    except TransitionInterdite as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, succes)
    return redirect("remplacements:espace", jeton=jeton)


@require_POST
@avec_jeton
def espace_pourvue(request, offre, jeton):
    return _action(
        request, offre, jeton, offre_marquer_pourvue, "Votre offre est marquée « pourvue » : elle quitte le site."
    )


@require_POST
@avec_jeton
def espace_retirer(request, offre, jeton):
    return _action(request, offre, jeton, offre_retirer, "Votre offre est retirée du site.")


@require_http_methods(["GET", "POST"])
@LIMITE_LIEN.proteger
@page_privee
def espace_lien(request):
    """A new link to one's offers by e-mail; the answer is the same whether the address is known or not."""
    form = LienEspaceForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        liens_espace_renvoyer(email=form.cleaned_data["email"])
        request.envoi_accepte = True
        return render(request, "remplacements/espace_lien_envoye.html")
    return render(request, "remplacements/espace_lien.html", {"form": form})


# --- Alerts ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@LIMITE_ALERTE.proteger
def alerte_nouvelle(request):
    """Subscribing to a search: the search's parameters come with the form (hidden), read by the search form."""
    form = AlerteForm(data=request.POST if request.method == "POST" else None, prefix="alerte")
    parametres = QueryDict(form.data.get("alerte-recherche", "") if form.is_bound else request.GET.urlencode())
    recherche = RechercheOffresForm(data=parametres, epcis=epcis_proposes())
    criteres = criteres_depuis_recherche(recherche.cleaned_data) if recherche.is_valid() else {}
    if request.method == "POST":
        if form.is_valid():
            alerte_creer(email=form.cleaned_data["email"], criteres=criteres)
            request.envoi_accepte = True
            return render(
                request, "remplacements/alerte_envoyee.html", {"recherche_en_mots": criteres_en_mots(criteres)}
            )
    elif not form.is_bound:
        form = AlerteForm(initial={"recherche": parametres.urlencode()}, prefix="alerte")
    contexte = {"form_alerte": form, "recherche_en_mots": criteres_en_mots(criteres)}
    return render(request, "remplacements/alerte_form.html", contexte)


@require_GET
@page_privee
def alerte_confirmer_vue(request, signe):
    alerte = alerte_pour_confirmation(signe)
    if alerte is None:
        return render(request, "remplacements/alerte_invalide.html", status=404)
    alerte_confirmer(alerte=alerte)
    return render(
        request, "remplacements/alerte_confirmee.html", {"recherche_en_mots": criteres_en_mots(alerte.criteres)}
    )


@csrf_exempt  # the signed link is the key; mail clients unsubscribe in one click by a bare POST (RFC 8058)
@require_http_methods(["GET", "POST"])
@page_privee
def alerte_desabonner(request, signe):
    alerte = alerte_pour_desabonnement(signe)
    if request.method == "POST":
        if alerte is not None:
            alerte_supprimer(alerte=alerte)
        return render(request, "remplacements/alerte_desabonnee.html")
    if alerte is None:
        return render(request, "remplacements/alerte_desabonnee.html")
    return render(
        request, "remplacements/alerte_desabonner.html", {"recherche_en_mots": criteres_en_mots(alerte.criteres)}
    )
