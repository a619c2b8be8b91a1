"""The reports in the back office: the list (status, progress, duration, reason of a failure), « Demander un
rapport » (the add view: the request form, any edition; the rendering is queued and the page of the report
follows its progress), « Relancer » for failed ones. Reports are produced, not typed: no change form."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html

from .forms import DemandeRapportEquipeForm
from .models import Rapport
from .services import RapportInvalide, rapport_demander, rapport_relancer, rapports_supprimer


@admin.register(Rapport)
class RapportAdmin(admin.ModelAdmin):
    list_display = [
        "intitule",
        "date",
        "date_comparaison",
        "edition",
        "statut",
        "progression",
        "duree_rendu",
        "demande_le",
        "lien",
    ]
    list_filter = ["statut", "edition", "perimetre", "standard"]
    search_fields = ["intitule"]
    date_hierarchy = "demande_le"
    actions = ["relancer"]
    readonly_fields = [
        "intitule",
        "departement_code",
        "perimetre",
        "epci",
        "date",
        "date_comparaison",
        "edition",
        "statut",
        "progression",
        "etape",
        "raison_echec",
        "tentatives",
        "taille",
        "pages",
        "demande_par",
        "demande_le",
        "mis_en_file_le",
        "commence_le",
        "maj_le",
        "termine_le",
        "duree_rendu",
        "tache_id",
        "standard",
        "lien",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("demande_par").defer("epci__contour")

    @admin.display(description="rapport")
    def lien(self, obj):
        return format_html('<a href="{}">Page du rapport</a>', obj.get_absolute_url())

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """« Demander un rapport »: the request form of the staff (any edition), not a model form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DemandeRapportEquipeForm(data=request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            donnees = form.cleaned_data
            try:
                objet, nouveau = rapport_demander(
                    departement_code=form.departement,
                    perimetre=donnees["perimetre"],
                    epci=donnees["epci"],
                    date=donnees["date"],
                    date_comparaison=donnees["date_comparaison"],
                    edition=donnees["edition"],
                    par=request.user,
                )
            except RapportInvalide as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "Rapport demandé : sa production est lancée."
                    if nouveau
                    else "Le même rapport existe déjà (prêt ou en cours) : le voici.",
                )
                return redirect(objet)
        contexte = {
            **self.admin_site.each_context(request),
            "title": "Demander un rapport",
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/observatoire/rapport/demander.html", contexte)

    @admin.action(
        description="Relancer la production des rapports choisis (échoués ou en attente)", permissions=["add"]
    )
    def relancer(self, request, queryset):
        nombre = sum(rapport_relancer(r) for r in queryset)
        self.message_user(request, f"{nombre} rapport(s) relancé(s).", messages.SUCCESS)

    def delete_model(self, request, obj):
        rapports_supprimer(Rapport.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        rapports_supprimer(queryset)
