"""The uploads of official files in the admin (/gestion/observatoire/tacheimport/): the list of imports, the
« Importer un fichier » form and each import's page, which shows its progress (server-rendered; a small script
polls its JSON and reloads the page when it ends; without JavaScript, an « Actualiser » link), then the snapshot
created or the reason of the failure. Only staff with `observatoire.importer_donnees` upload (the Responsable
group); `view_tacheimport` reads the imports."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from bienvenuedoc.utils.fichiers import MO, ValidateurFichierTexte
from bienvenuedoc.utils.formulaires import FormulaireAccessibleMixin
from observatoire.importers import registre
from observatoire.importers.officiel import normaliser_code_departement

from .models import StatutTache, TacheImport
from .services import tache_actualiser, tache_creer

PERM_IMPORTER = "observatoire.importer_donnees"


class FormulaireImport(FormulaireAccessibleMixin, forms.Form):
    jeu = forms.ChoiceField(label="Jeu de données")
    fichier = forms.FileField(label="Fichier", help_text="")
    departements = forms.CharField(
        label="Départements (facultatif)",
        required=False,
        max_length=100,
        help_text="Codes séparés par des espaces (47 63). Vide : tous les départements du référentiel territorial.",
    )
    date = forms.DateField(
        label="Date de l’extrait (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Pour un extrait daté (Annuaire Santé) : la date de son extraction.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeu"].choices = [("", "— choisir —"), *registre.choix()]
        self.fields[
            "fichier"
        ].help_text = (
            f"Fichier texte non compressé, {settings.IMPORT_TAILLE_MAX_MO} Mo au plus ; formats attendus ci-dessus."
        )

    def clean_departements(self):
        codes = [normaliser_code_departement(c) for c in self.cleaned_data["departements"].replace(",", " ").split()]
        from observatoire.models import Departement

        connus = set(Departement.objects.filter(code__in=codes).values_list("code", flat=True))
        inconnus = [c for c in codes if c not in connus]
        if inconnus:
            raise forms.ValidationError(
                "Département(s) absent(s) du référentiel territorial : %(codes)s.",
                params={"codes": ", ".join(inconnus)},
            )
        return sorted(set(codes))

    def clean(self):
        donnees = super().clean()
        jeu, fichier = donnees.get("jeu"), donnees.get("fichier")
        if jeu and fichier:
            importeur = registre.importeur(jeu)
            validateur = ValidateurFichierTexte(
                extensions=importeur.extensions, taille_max=settings.IMPORT_TAILLE_MAX_MO * MO
            )
            try:
                validateur(fichier)
            except forms.ValidationError as erreur:
                self.add_error("fichier", erreur)
        return donnees

    def options(self) -> dict:
        d = self.cleaned_data
        return {"departements": d["departements"], "date": d["date"].isoformat() if d.get("date") else None}


class TacheImportAdmin(admin.ModelAdmin):
    list_display = ["nom_fichier", "libelle_jeu", "statut", "avancement", "cree_le", "demande_par", "instantane"]
    list_filter = ["statut"]
    list_select_related = ["demande_par", "instantane"]
    search_fields = ["nom_fichier"]
    change_list_template = "admin/observatoire/tacheimport/change_list.html"

    @admin.display(description="jeu de données")
    def libelle_jeu(self, tache):
        return libelle_jeu(tache.jeu)

    @admin.display(description="avancement")
    def avancement(self, tache):
        return f"{tache.pourcentage} %"

    # read-only: an import is requested through the upload form, never typed or edited
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(PERM_IMPORTER)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "peut_importer": request.user.has_perm(PERM_IMPORTER)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        def vue(fonction):
            return self.admin_site.admin_view(fonction)

        return [
            path("importer/", vue(self.vue_importer), name="observatoire_tacheimport_importer"),
            path(
                "<path:object_id>/progression.json",
                vue(self.vue_progression),
                name="observatoire_tacheimport_progression",
            ),
            *super().get_urls(),
        ]

    def _contexte(self, request, titre: str) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": titre}

    def vue_importer(self, request):
        if not request.user.has_perm(PERM_IMPORTER):
            raise PermissionDenied
        form = FormulaireImport(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            tache = tache_creer(
                jeu=form.cleaned_data["jeu"],
                fichier=form.cleaned_data["fichier"],
                options=form.options(),
                utilisateur=request.user,
            )
            messages.success(request, f"Fichier « {tache.nom_fichier} » reçu : son import est lancé.")
            return redirect("admin:observatoire_tacheimport_change", tache.pk)
        contexte = {
            **self._contexte(request, "Importer un fichier de données ouvertes"),
            "form": form,
            "importeurs": list(registre.REGISTRE.values()),
        }
        return TemplateResponse(request, "admin/observatoire/tacheimport/importer.html", contexte)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The import's page: its progress, then its snapshot or the reason of its failure."""
        tache = self.get_object(request, object_id)
        if tache is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if request.method != "GET" or not self.has_view_permission(request, tache):
            raise PermissionDenied  # read-only: nothing is ever posted here
        tache = tache_actualiser(tache)
        contexte = {
            **self._contexte(request, f"Import de « {tache.nom_fichier} »"),
            "tache": tache,
            "libelle_jeu": libelle_jeu(tache.jeu),
            "etat": etat(tache),
            "original": tache,
            "peut_importer": request.user.has_perm(PERM_IMPORTER),
        }
        return TemplateResponse(request, "admin/observatoire/tacheimport/suivi.html", contexte)

    def vue_progression(self, request, object_id):
        tache = self.get_object(request, object_id)
        if tache is None:
            return JsonResponse({"erreur": "Import introuvable."}, status=404)
        if not self.has_view_permission(request, tache):
            raise PermissionDenied
        reponse = JsonResponse(etat(tache_actualiser(tache)))
        reponse["Cache-Control"] = "no-store"
        return reponse


def libelle_jeu(jeu: str) -> str:
    importeur = registre.REGISTRE.get(jeu)
    return importeur.libelle if importeur else jeu


def etat(tache: TacheImport) -> dict:
    return {
        "statut": tache.statut,
        "libelle": tache.get_statut_display(),
        "fait": tache.fait,
        "total": tache.total,
        "pourcentage": tache.pourcentage,
        "finie": tache.finie,
        "erreur": tache.erreur,
        "instantane": (
            reverse("admin:observatoire_importdonnees_change", args=[tache.instantane_id])
            if tache.instantane_id
            else None
        ),
    }


__all__ = ["StatutTache", "TacheImportAdmin"]
