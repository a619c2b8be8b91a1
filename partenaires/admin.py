"""Back office of the directory, the aids and the zoning.

`PartenaireAdmin` is meant to be subclassed by a higher app (accompagnement adds the counts of needs referred
and resolved): it is importable as `partenaires.admin.PartenaireAdmin` and `get_queryset` stays overridable.
"""

from django import forms
from django.contrib import admin
from import_export import fields, widgets

from bienvenuedoc.admin_accessible import LignesNommeesMixin
from bienvenuedoc.admin_import_export import ImportExportSurMixin, RessourceSure
from bienvenuedoc.historique import HistoriqueLisibleAdmin
from observatoire.models import EPCI, Commune

from .enums import ModeExercice, ProfilAide, TypeBesoin, TypeProjet, TypeZone
from .models import AideARevoir, AideFinanciere, Partenaire, ServicePartenaire, ZonageCommune
from .services import aide_archiver, aides_en_vigueur_invalider

SEPARATEUR = "|"


# --- Partners -------------------------------------------------------------------------------------------
class ServicesWidget(widgets.Widget):
    """Need types as « logement|emploi_conjoint » in the CSV/XLSX file."""

    def clean(self, value, row=None, **kwargs):
        valeurs = [v.strip() for v in str(value or "").split(SEPARATEUR) if v.strip()]
        inconnues = [v for v in valeurs if v not in TypeBesoin.values]
        if inconnues:
            raise ValueError(
                f"Type(s) de besoin inconnu(s) : {', '.join(inconnues)} (valeurs possibles : "
                f"{', '.join(TypeBesoin.values)})"
            )
        return valeurs

    def render(self, value, obj=None, **kwargs):
        return SEPARATEUR.join(value or [])


class PartenaireResource(RessourceSure):
    champs_personnels = ("contact_interne_nom", "contact_interne_email", "contact_interne_telephone", "notes_internes")
    services = fields.Field(attribute="services_import", column_name="services", widget=ServicesWidget())
    epcis_couverts = fields.Field(
        attribute="epcis_couverts",
        column_name="epcis_couverts",
        widget=widgets.ManyToManyWidget(EPCI, field="siren", separator=SEPARATEUR),
    )
    communes_couvertes = fields.Field(
        attribute="communes_couvertes",
        column_name="communes_couvertes",
        widget=widgets.ManyToManyWidget(Commune, field="code_insee", separator=SEPARATEUR),
    )

    class Meta:
        model = Partenaire
        import_id_fields = ("slug",)
        skip_unchanged = True
        fields = (
            "slug",
            "nom",
            "type",
            "description",
            "services",
            "couvre_tout_departement",
            "epcis_couverts",
            "communes_couvertes",
            "adresse",
            "code_postal",
            "ville",
            "latitude",
            "longitude",
            "telephone",
            "email",
            "site_web",
            "contact_interne_nom",
            "contact_interne_email",
            "contact_interne_telephone",
            "publie",
            "est_demo",
        )
        export_order = fields

    def dehydrate_services(self, partenaire):
        return SEPARATEUR.join(s.type_besoin for s in partenaire.services.all())

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("services", "epcis_couverts", "communes_couvertes")

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if kwargs.get("dry_run") or not hasattr(instance, "services_import"):
            return
        voulus = set(instance.services_import)
        instance.services.exclude(type_besoin__in=voulus).delete()
        existants = set(instance.services.values_list("type_besoin", flat=True))
        ServicePartenaire.objects.bulk_create(
            ServicePartenaire(partenaire=instance, type_besoin=t) for t in sorted(voulus - existants)
        )


class InvalideAidesEnVigueurMixin:
    """Every admin write on an aid or a funder makes the simulator’s cached list of aids stale (the zoning is
    read live)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after the M2M (communes, EPCIs) are saved
        aides_en_vigueur_invalider()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        aides_en_vigueur_invalider()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        aides_en_vigueur_invalider()

    def process_result(self, result, request):  # import-export: after a confirmed import
        aides_en_vigueur_invalider()
        return super().process_result(result, request)


class ServicePartenaireInline(LignesNommeesMixin, admin.TabularInline):
    model = ServicePartenaire
    nom_de_ligne = "du service « {ligne} »"
    extra = 1


class PartenaireAdmin(InvalideAidesEnVigueurMixin, ImportExportSurMixin, HistoriqueLisibleAdmin):
    resource_classes = [PartenaireResource]
    list_display = ("nom", "type", "ville", "couvre_tout_departement", "publie", "est_demo", "modifie_le")
    list_filter = ("type", "publie", "couvre_tout_departement", "est_demo", "services__type_besoin")
    search_fields = ("nom", "ville", "description")
    prepopulated_fields = {"slug": ("nom",)}
    raw_id_fields = ("epcis_couverts", "communes_couvertes")
    inlines = [ServicePartenaireInline]
    readonly_fields = ("cree_le", "modifie_le")
    fieldsets = (
        (None, {"fields": ("nom", "slug", "type", "description", "logo", "publie", "est_demo")}),
        ("Territoire couvert", {"fields": ("couvre_tout_departement", "epcis_couverts", "communes_couvertes")}),
        ("Adresse", {"fields": ("adresse", "code_postal", "ville", ("latitude", "longitude"))}),
        ("Contact public", {"fields": ("telephone", "email", "site_web")}),
        (
            "Contact interne (visible par l’équipe seulement)",
            {"fields": ("contact_interne_nom", "contact_interne_email", "contact_interne_telephone", "notes_internes")},
        ),
        ("Suivi", {"fields": ("cree_le", "modifie_le")}),
    )


admin.site.register(Partenaire, PartenaireAdmin)


# --- Aids -----------------------------------------------------------------------------------------------
class ListeChoixField(forms.MultipleChoiceField):
    """A JSON list of enum values edited as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value or []


class AideFinanciereForm(forms.ModelForm):
    profils = ListeChoixField(label="profils concernés", choices=ProfilAide.choices, required=False)
    profils_exclus = ListeChoixField(label="profils exclus", choices=ProfilAide.choices, required=False)
    projets = ListeChoixField(label="projets concernés", choices=TypeProjet.choices, required=False)
    modes_exercice = ListeChoixField(label="modes d’exercice", choices=ModeExercice.choices, required=False)
    zones = ListeChoixField(label="zones requises (l’une d’elles)", choices=TypeZone.choices, required=False)

    class Meta:
        model = AideFinanciere
        fields = ("profils", "profils_exclus", "projets", "modes_exercice", "zones")


class ARevoirFilter(admin.SimpleListFilter):
    title = "à revoir"
    parameter_name = "a_revoir"

    def lookups(self, request, model_admin):
        return [("oui", "Date de fin dépassée"), ("en_vigueur", "En vigueur")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.a_revoir()
        if self.value() == "en_vigueur":
            return queryset.valides()
        return queryset


@admin.register(AideFinanciere)
class AideFinanciereAdmin(InvalideAidesEnVigueurMixin, ImportExportSurMixin, HistoriqueLisibleAdmin):
    form = AideFinanciereForm
    list_display = (
        "nom",
        "financeur",
        "type",
        "montant_affiche",
        "montant_non_confirme",
        "date_fin",
        "date_verification",
        "publiee",
    )
    list_filter = (ARevoirFilter, "type", "publiee", "historique", "montant_non_confirme", "categorie_cumul")
    list_select_related = ("financeur",)
    search_fields = ("nom", "resume", "financeur__nom")
    prepopulated_fields = {"slug": ("nom",)}
    autocomplete_fields = ("financeur",)
    raw_id_fields = ("epcis", "communes")
    readonly_fields = ("cree_le", "modifie_le")
    fieldsets = (
        (None, {"fields": ("nom", "slug", "financeur", "type", "resume", "publiee", "ordre")}),
        (
            "Montant",
            {
                "fields": (
                    ("montant_min", "montant_max"),
                    "montant_unite",
                    "montant_texte",
                    "montant_non_confirme",
                    "note_montant",
                )
            },
        ),
        ("Conditions en clair", {"fields": ("conditions", "demarche")}),
        (
            "Critères d’éligibilité",
            {
                "fields": (
                    "profils",
                    "profils_exclus",
                    "projets",
                    "modes_exercice",
                    "zones",
                    "departement",
                    "epcis",
                    "communes",
                    "exige_secteur_1_optam",
                    "reservee_premiere_installation",
                    "engagement_min_annees",
                    "categorie_cumul",
                    "exige_convention_l1511_8",
                )
            },
        ),
        (
            "Validité et sources",
            {
                "fields": (
                    ("date_debut", "date_fin"),
                    "historique",
                    "source_url",
                    "sources_complementaires",
                    "date_verification",
                )
            },
        ),
        ("Suivi", {"fields": ("cree_le", "modifie_le")}),
    )

    @admin.display(description="montant")
    def montant_affiche(self, aide):
        return aide.montant_affiche


@admin.register(AideARevoir)
class AideARevoirAdmin(admin.ModelAdmin):
    """Aids past their end date: gone from the simulator, waiting for an update or an archive."""

    list_display = ("nom", "financeur", "date_fin", "date_verification", "source_url")
    list_select_related = ("financeur",)
    actions = ["archiver"]

    def get_queryset(self, request):
        return super().get_queryset(request).a_revoir()

    def has_add_permission(self, request):
        return False

    @admin.action(description="Marquer comme dispositif fermé (pour mémoire)", permissions=["change"])
    def archiver(self, request, queryset):
        nombre = 0
        for aide in queryset:
            aide_archiver(aide_id=aide.pk)
            nombre += 1
        self.message_user(request, f"{nombre} aide(s) archivée(s) comme dispositifs fermés.")


# --- Zoning ---------------------------------------------------------------------------------------------
@admin.register(ZonageCommune)
class ZonageCommuneAdmin(admin.ModelAdmin):
    list_display = ("commune", "type_zone", "date_zonage", "source", "est_demo")
    list_filter = ("type_zone", "est_demo", "commune__departement")
    list_select_related = ("commune",)
    search_fields = ("commune__nom", "commune__code_insee")
    raw_id_fields = ("commune",)
