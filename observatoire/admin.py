"""Territory reference in the admin: read-only (the data comes from `importer_territoire`), searchable by
name (without accents), INSEE code, SIREN or postal code; contours are never loaded in lists."""

from django.contrib import admin

from bienvenuedoc.admin_accessible import LignesNommeesMixin
from observatoire.texte import normaliser_nom

from .models import (
    EPCI,
    APLCommune,
    ClassementFRRCommune,
    Commune,
    Departement,
    ImportDonnees,
    MedecinsCommune,
    MedecinsDepartement,
    PopulationHistorique,
    QuartierPrioritaire,
    StructuresDepartement,
)
from .televersement.admin import PERM_IMPORTER, TacheImportAdmin
from .televersement.models import TacheImport


class LectureSeuleMixin:
    """The reference is imported, not typed: no addition, change or deletion through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Departement)
class DepartementAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["code", "nom", "region_nom"]
    search_fields = ["code", "nom"]
    ordering = ["code"]
    exclude = ["contour"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("contour")


@admin.register(EPCI)
class EPCIAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["nom", "siren", "type", "population"]
    list_filter = ["type"]
    search_fields = ["nom", "siren"]
    exclude = ["contour"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("contour")


class PopulationHistoriqueInline(LignesNommeesMixin, admin.TabularInline):
    model = PopulationHistorique
    fields = ["annee", "population"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DepartementFiltre(admin.SimpleListFilter):
    title = "département"
    parameter_name = "departement"

    def lookups(self, request, model_admin):
        return [(d.code, str(d)) for d in Departement.objects.sans_contour().filter(communes__isnull=False).distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(departement__code=self.value()) if self.value() else queryset


@admin.register(Commune)
class CommuneAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["nom", "code_insee", "codes_postaux", "departement", "epci", "population", "population_annee"]
    list_filter = [DepartementFiltre, ("epci", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["departement", "epci"]
    search_fields = ["nom", "nom_normalise", "=code_insee", "codes_postaux"]
    exclude = ["contour"]
    inlines = [PopulationHistoriqueInline]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("contour", "departement__contour", "epci__contour")

    def get_search_results(self, request, queryset, search_term):
        """The name is also searched without accents ("saint-etienne" finds "Saint-Étienne")."""
        filtre = queryset  # the list filters already applied
        queryset, doublons = super().get_search_results(request, queryset, search_term)
        normalise = normaliser_nom(search_term)
        if normalise and normalise != search_term:
            queryset |= filtre.filter(nom_normalise__contains=normalise)
        return queryset, doublons


# --- Health open data: read-only, imported by `importer_observatoire` (each row names its snapshot) -----------
@admin.register(ImportDonnees)
class ImportDonneesAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["jeu", "fichier", "millesime", "date_publication", "perimetre", "nb_lignes", "importe_le"]
    list_filter = ["jeu"]
    search_fields = ["fichier", "source"]
    exclude = ["empreinte"]
    change_list_template = "admin/observatoire/tacheimport/change_list.html"  # « Importer un fichier »

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "peut_importer": request.user.has_perm(PERM_IMPORTER)}
        return super().changelist_view(request, extra_context)


class CommuneSanteAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_select_related = ["commune", "instantane"]
    list_filter = [DepartementFiltre]
    search_fields = ["commune__nom", "commune__nom_normalise", "=commune__code_insee"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("commune__contour")


class DepartementFiltreCommune(DepartementFiltre):
    def queryset(self, request, queryset):
        return queryset.filter(commune__departement__code=self.value()) if self.value() else queryset


@admin.register(APLCommune)
class APLCommuneAdmin(CommuneSanteAdmin):
    list_display = ["commune", "annee", "apl", "apl_moins_65_ans", "population", "annee_population", "codes_source"]
    list_filter = [DepartementFiltreCommune, "annee"]


@admin.register(MedecinsCommune)
class MedecinsCommuneAdmin(CommuneSanteAdmin):
    list_display = ["commune", "annee", "nombre"]
    list_filter = [DepartementFiltreCommune, "annee"]


@admin.register(ClassementFRRCommune)
class ClassementFRRCommuneAdmin(CommuneSanteAdmin):
    list_display = ["commune", "classement"]
    list_filter = [DepartementFiltreCommune, "classement"]


@admin.register(QuartierPrioritaire)
class QuartierPrioritaireAdmin(CommuneSanteAdmin):
    list_display = ["nom", "code", "commune"]
    list_filter = [DepartementFiltreCommune]
    search_fields = ["nom", "=code", *CommuneSanteAdmin.search_fields]


@admin.register(MedecinsDepartement)
class MedecinsDepartementAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["libelle", "zone", "annee", "categorie", "effectif", "densite"]
    list_filter = ["annee", "categorie"]
    search_fields = ["libelle", "=zone"]


@admin.register(StructuresDepartement)
class StructuresDepartementAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["zone", "type", "date", "nombre", "cible"]
    list_filter = ["type", "date"]
    search_fields = ["=zone"]


# --- Uploads of official files, run as Celery tasks (observatoire/televersement/) -----------------------------
admin.site.register(TacheImport, TacheImportAdmin)

# --- PDF reports (observatoire/rapports/admin.py registers RapportAdmin), practitioners and structures
# (observatoire/admin_praticiens.py) ------------------------------------------------------------------------------
from . import admin_praticiens as _admin_praticiens  # noqa: E402, F401
from .rapports import admin as _rapports_admin  # noqa: E402, F401
