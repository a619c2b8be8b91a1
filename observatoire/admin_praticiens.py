"""Practitioners and structures in the back office: staff correct or complete them (birth year, maître de stage,
installation, departure and its reason…) with the audit trail (simple_history, « Historique »); the presences
per snapshot are read-only (they are what the RPPS extracts, or the demo, said). Searchable by RPPS number, name
or commune; the lists never load the communes' outlines."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from bienvenuedoc.admin_accessible import LignesNommeesMixin
from bienvenuedoc.historique import HistoriqueLisibleAdmin

from .admin import DepartementFiltre, DepartementFiltreCommune, LectureSeuleMixin
from .models import LieuExercice, Praticien, PresencePraticien, Structure


class LieuExerciceInline(LignesNommeesMixin, admin.TabularInline):
    model = LieuExercice
    fields = ["commune", "structure", "raison_sociale", "adresse", "mode_exercice", "date_debut", "date_fin"]
    raw_id_fields = ["commune", "structure"]  # select2 in a table row has no accessible name (axe)
    extra = 0
    can_delete = False  # a place that ends gets its end date (« jusqu’au »): its history is kept
    nom_de_ligne = "— lieu d’exercice « {ligne} »"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune", "structure").defer("commune__contour")


class PraticienDepartementFiltre(DepartementFiltre):
    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        lieux = LieuExercice.objects.filter(praticien=OuterRef("pk"), commune__departement__code=self.value())
        return queryset.filter(Exists(lieux))


class PresentFiltre(admin.SimpleListFilter):
    title = "en exercice"
    parameter_name = "en_exercice"

    def lookups(self, request, model_admin):
        return [("oui", "En exercice"), ("non", "Parti (date de départ connue)")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(date_depart__isnull=True)
        if self.value() == "non":
            return queryset.filter(date_depart__isnull=False)
        return queryset


@admin.register(Praticien)
class PraticienAdmin(HistoriqueLisibleAdmin):
    list_display = [
        "nom",
        "prenom",
        "rpps",
        "mode_exercice",
        "annee_naissance",
        "maitre_de_stage",
        "date_installation",
        "date_depart",
        "source",
    ]
    list_filter = [PraticienDepartementFiltre, PresentFiltre, "source", "mode_exercice", "maitre_de_stage"]
    search_fields = ["=rpps", "nom", "prenom", "lieux__commune__nom", "=lieux__commune__code_insee"]
    readonly_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["rpps", "nom", "prenom", "source"]}),
        ("Exercice", {"fields": ["mode_exercice", "maitre_de_stage", "annee_naissance", "date_installation"]}),
        ("Départ", {"fields": ["date_depart", "motif_depart"]}),
    ]
    inlines = [LieuExerciceInline]
    show_full_result_count = False


@admin.register(Structure)
class StructureAdmin(HistoriqueLisibleAdmin):
    list_display = ["nom", "categorie", "commune", "numero_finess", "date_ouverture", "date_fermeture", "source"]
    list_filter = [DepartementFiltreCommune, "categorie", "source"]
    list_select_related = ["commune"]
    search_fields = ["nom", "=numero_finess", "commune__nom", "=commune__code_insee"]
    autocomplete_fields = ["commune"]
    readonly_fields = ["source", "instantane"]
    fields = [
        "categorie",
        "nom",
        "numero_finess",
        "commune",
        "adresse",
        "latitude",
        "longitude",
        "date_ouverture",
        "date_fermeture",
        "source",
        "instantane",
    ]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("commune__contour")


@admin.register(PresencePraticien)
class PresencePraticienAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["praticien", "commune", "date", "instantane"]
    list_filter = [DepartementFiltreCommune, "instantane__jeu", "date"]
    list_select_related = ["praticien", "commune", "instantane"]
    search_fields = ["=praticien__rpps", "praticien__nom", "commune__nom", "=commune__code_insee"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("commune__contour")
