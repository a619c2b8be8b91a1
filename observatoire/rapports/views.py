"""Public pages of the PDF reports: the list and the request form, a report's page (progress, then the link),
its state as JSON (the optional poll of static/js/rapport-progression.js) and the PDF, served only through
`rapport_pdf` (public edition: anyone; internal edition: staff with `observatoire.view_rapport`)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bienvenuedoc.pages_en_cache import page_de_formulaire_en_cache
from bienvenuedoc.utils.antispam import jeton_antispam_nouveau
from bienvenuedoc.utils.http import LimiteEnvois

from .forms import DemandeRapportPublicForm
from .models import Edition, Rapport, StatutRapport
from .services import RapportInvalide, rapport_demander, rapport_verifier

LIMITE_RAPPORTS = LimiteEnvois(groupe="observatoire:rapport", taux="10/h")
PAR_PAGE = 20


def peut_voir_interne(user) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm("observatoire.view_rapport")


def _rapport_visible(request, uuid) -> Rapport:
    rapport = Rapport.objects.filter(uuid=uuid).first()
    if rapport is None or (rapport.edition != Edition.PUBLIQUE and not peut_voir_interne(request.user)):
        raise Http404("Rapport introuvable")
    return rapport_verifier(rapport)


@require_http_methods(["GET", "POST"])
@LIMITE_RAPPORTS.proteger
def rapports(request):
    if request.method != "POST":
        # the same page for every anonymous visitor (the same ?page=) but its form's tokens: rendered once, this
        # display's tokens put in; staff (a session, the internal editions) always get theirs rendered
        return page_de_formulaire_en_cache(
            request,
            "observatoire/rapports/liste.html",
            _contexte_rapports_vierge,
            jetons={"jeton": jeton_antispam_nouveau},
        )
    form = DemandeRapportPublicForm(data=request.POST)
    if form.is_valid():
        donnees = form.cleaned_data
        try:
            objet, _ = rapport_demander(
                departement_code=settings.DEPARTEMENT,
                perimetre=donnees["perimetre"],
                epci=donnees["epci"],
                date=donnees["date"],
                date_comparaison=donnees["date_comparaison"],
                edition=Edition.PUBLIQUE,
                par=request.user,
            )
        except RapportInvalide as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(objet)
    return render(request, "observatoire/rapports/liste.html", _contexte_rapports(request, form))


def _contexte_rapports_vierge(request, jetons: dict[str, str]) -> dict:
    form = DemandeRapportPublicForm()
    form.initial.update(jetons)
    return _contexte_rapports(request, form)


def _contexte_rapports(request, form) -> dict:
    liste = (
        Rapport.objects.visibles_par(request.user)
        .filter(departement_code=settings.DEPARTEMENT)
        .exclude(statut=StatutRapport.ECHOUE)
        .only(
            "uuid",
            "intitule",
            "date",
            "date_comparaison",
            "edition",
            "statut",
            "progression",
            "taille",
            "pages",
            "termine_le",
            "demande_le",
            "fichier",
            "perimetre",
        )
    )
    page = Paginator(liste, PAR_PAGE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "equipe": peut_voir_interne(request.user),
        "fil": [("Observatoire", reverse("observatoire:accueil"))],
    }


@require_GET
def rapport(request, uuid):
    objet = _rapport_visible(request, uuid)
    contexte = {
        "rapport": objet,
        "equipe": peut_voir_interne(request.user),
        "fil": [("Observatoire", reverse("observatoire:accueil")), ("Rapports PDF", reverse("rapports:liste"))],
    }
    return render(request, "observatoire/rapports/rapport.html", contexte)


@require_GET
def rapport_etat(request, uuid):
    objet = _rapport_visible(request, uuid)
    reponse = JsonResponse(
        {
            "statut": objet.statut,
            "libelle": objet.get_statut_display(),
            "progression": objet.progression,
            "etape": objet.etape,
            "pret": objet.est_pret,
            "url_pdf": objet.url_pdf() if objet.est_pret else None,
        }
    )
    reponse["Cache-Control"] = "no-store"
    return reponse


@require_GET
def rapport_pdf(request, uuid):
    objet = _rapport_visible(request, uuid)
    if not objet.est_pret:
        raise Http404("Le rapport n’est pas prêt")
    try:
        fichier = objet.fichier.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Fichier introuvable") from exc
    nom = f"rapport-observatoire-{objet.date:%Y-%m-%d}-{str(objet.uuid)[:8]}.pdf"
    reponse = FileResponse(fichier, as_attachment=True, filename=nom, content_type="application/pdf")
    if objet.edition != Edition.PUBLIQUE:
        reponse["Cache-Control"] = "private, no-store"
        reponse["X-Robots-Tag"] = "noindex, nofollow"
    return reponse
