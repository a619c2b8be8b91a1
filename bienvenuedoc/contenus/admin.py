"""The back office of the editorial content. The body is Markdown; the change page shows a preview of the
sanitised HTML exactly as the public page will render it. An event lists its registrations (read-only: people
register and cancel themselves) and exports them as CSV (every cell through cellule_sure)."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from bienvenuedoc.admin_accessible import LignesNommeesMixin
from bienvenuedoc.historique import HistoriqueLisibleAdmin
from bienvenuedoc.utils.tableur import tableau_csv

from . import selectors
from .models import Actualite, Evenement, Inscription, Page, PresentationTerritoire, SignalementAccessibilite


class ApercuMixin:
    champ_apercu = "corps_html"

    @admin.display(description="aperçu (tel qu’affiché sur le site, après enregistrement)")
    def apercu(self, obj):
        if obj is None or obj.pk is None:
            return "Enregistrez pour voir l’aperçu."
        # already sanitised by nh3 (bienvenuedoc/contenus/rendu.py): no script, style or handler can remain
        return format_html('<div class="apercu-contenu">{}</div>', mark_safe(getattr(obj, self.champ_apercu)))


@admin.register(Page)
class PageAdmin(ApercuMixin, HistoriqueLisibleAdmin):
    list_display = ["titre", "public", "publie", "date_publication", "date_revue"]
    list_filter = ["public", "publie"]
    search_fields = ["titre", "resume", "corps"]
    prepopulated_fields = {"slug": ["titre"]}
    readonly_fields = ["apercu", "modifie_le"]
    fieldsets = [
        (None, {"fields": ["titre", "slug", "public", "ordre", "resume", "corps"]}),
        ("Illustration", {"fields": ["illustration", "illustration_alt"]}),
        ("Publication", {"fields": ["publie", "date_publication", "date_revue", "modifie_le"]}),
        ("Aperçu", {"fields": ["apercu"]}),
    ]


@admin.register(Actualite)
class ActualiteAdmin(ApercuMixin, HistoriqueLisibleAdmin):
    list_display = ["titre", "date_publication", "publie"]
    list_filter = ["publie"]
    search_fields = ["titre", "resume"]
    prepopulated_fields = {"slug": ["titre"]}
    readonly_fields = ["apercu"]
    fields = ["titre", "slug", "date_publication", "publie", "resume", "corps", "apercu"]


class InscriptionInline(LignesNommeesMixin, admin.TabularInline):
    model = Inscription
    extra = 0
    can_delete = False
    fields = ["nom", "email", "profil", "statut", "cree_le", "rappel_envoye_le"]
    readonly_fields = fields
    nom_de_ligne = "— inscription « {ligne} »"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evenement)
class EvenementAdmin(ApercuMixin, HistoriqueLisibleAdmin):
    champ_apercu = "description_html"
    list_display = ["titre", "type", "debut", "commune_nom", "capacite", "publie"]
    list_filter = ["type", "public", "publie"]
    search_fields = ["titre", "commune_nom"]
    date_hierarchy = "debut"
    prepopulated_fields = {"slug": ["titre"]}
    readonly_fields = ["apercu"]
    fieldsets = [
        (None, {"fields": ["titre", "slug", "type", "public", "publie"]}),
        ("Date et lieu", {"fields": ["debut", "fin", "lieu", "commune_nom", "commune_insee", "capacite"]}),
        ("Présentation", {"fields": ["resume", "description", "apercu"]}),
    ]
    inlines = [InscriptionInline]
    actions = ["exporter_inscrits"]

    @admin.action(description="Exporter les inscrits (CSV)", permissions=["view"])
    def exporter_inscrits(self, request, queryset):
        colonnes = ["Événement", "Date", "Nom", "Adresse électronique", "Profil", "Statut", "Inscrit le"]
        lignes = (
            [
                inscription.evenement.titre,
                f"{timezone.localtime(inscription.evenement.debut):%d/%m/%Y}",
                inscription.nom,
                inscription.email,
                inscription.get_profil_display(),
                inscription.get_statut_display(),
                f"{timezone.localtime(inscription.cree_le):%d/%m/%Y %H:%M}",
            ]
            for inscription in selectors.inscrits_export(queryset)
        )
        reponse = HttpResponse(tableau_csv(colonnes, lignes), content_type="text/csv; charset=utf-8")
        reponse["Content-Disposition"] = 'attachment; filename="inscrits.csv"'
        return reponse


@admin.register(PresentationTerritoire)
class PresentationTerritoireAdmin(ApercuMixin, HistoriqueLisibleAdmin):
    """The staff-written text of a territory page; the figures, offers and partners come from the data."""

    list_display = ["epci_siren", "accroche", "publie", "est_demo", "modifie_le"]
    list_filter = ["publie", "est_demo"]
    search_fields = ["epci_siren", "accroche"]
    readonly_fields = ["apercu", "modifie_le"]
    fieldsets = [
        (None, {"fields": ["epci_siren", "accroche", "publie", "est_demo"]}),
        (
            "Vivre sur le territoire",
            {"fields": ["ecoles", "transports", "culture", "sport", "loisirs", "emploi_conjoint"]},
        ),
        ("Aperçu", {"fields": ["apercu", "modifie_le"]}),
    ]


@admin.register(SignalementAccessibilite)
class SignalementAccessibiliteAdmin(HistoriqueLisibleAdmin):
    """The accessibility problems reported by visitors: read what was sent, follow it up with a status."""

    list_display = ["recu_le", "adresse_page", "statut"]
    list_filter = ["statut"]
    search_fields = ["adresse_page", "description", "email"]
    date_hierarchy = "recu_le"
    readonly_fields = ["recu_le", "nom", "email", "adresse_page", "aide_technique", "description"]
    fields = [*readonly_fields, "statut", "note_interne"]

    def has_add_permission(self, request):
        return False
