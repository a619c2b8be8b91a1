from django import forms
from django.contrib import admin
from django.utils.html import format_html

from bienvenuedoc.historique import HistoriqueLisibleAdmin

from .models import ConfigurationSite, DemoGeneree
from .templatetags.guichet import couleur_sure

CONTRASTE_MINIMUM = 4.5


def contraste_avec_blanc(couleur: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour against white."""
    return ConfigurationSite(couleur_principale=couleur).contraste_couleur


def _nombre(valeur: float) -> str:
    return f"{valeur:.2f}".replace(".", ",")


class ConfigurationSiteForm(forms.ModelForm):
    class Meta:
        model = ConfigurationSite
        fields = [
            "departement_code",
            "departement_nom",
            "nom_programme",
            "accroche",
            "organisme",
            "site_organisme",
            "logo",
            "couleur_principale",
            "hotline_telephone",
            "hotline_email",
            "hotline_adresse",
            "hotline_horaires",
            "delai_premiere_reponse_jours",
            "directeur_publication",
            "hebergeur",
            "dpo_email",
            "duree_conservation_terminee_jours",
            "duree_conservation_sans_suite_jours",
            "duree_conservation_retiree_jours",
            "duree_inactivite_jours",
        ]

    def clean_couleur_principale(self):
        couleur = self.cleaned_data["couleur_principale"]
        contraste = contraste_avec_blanc(couleur)
        if contraste < CONTRASTE_MINIMUM:
            raise forms.ValidationError(
                "Le contraste de cette couleur avec le texte blanc est de %(contraste)s:1 ; le RGAA exige au "
                "moins 4,5:1. Choisissez une couleur plus foncée.",
                code="contraste_insuffisant",
                params={"contraste": _nombre(contraste)},
            )
        return couleur


@admin.register(ConfigurationSite)
class ConfigurationSiteAdmin(HistoriqueLisibleAdmin):
    form = ConfigurationSiteForm
    list_display = ["nom_programme", "departement_nom", "departement_code", "organisme", "modifie_le"]
    readonly_fields = ["apercu_couleur", "modifie_le"]
    search_fields = ["nom_programme", "departement_nom", "departement_code", "organisme"]
    fieldsets = [
        ("Département", {"fields": ["departement_code", "departement_nom"]}),
        (
            "Programme",
            {"fields": ["nom_programme", "accroche", "organisme", "site_organisme", "logo"]},
        ),
        ("Couleur", {"fields": ["couleur_principale", "apercu_couleur"]}),
        (
            "Hotline",
            {
                "fields": [
                    "hotline_telephone",
                    "hotline_email",
                    "hotline_adresse",
                    "hotline_horaires",
                    "delai_premiere_reponse_jours",
                ]
            },
        ),
        (
            "Informations légales",
            {
                "fields": ["directeur_publication", "hebergeur", "dpo_email"],
                "description": "Affichées dans les mentions légales et la page « Données personnelles ».",
            },
        ),
        (
            "Durées de conservation (RGPD)",
            {
                "fields": [
                    "duree_conservation_terminee_jours",
                    "duree_conservation_sans_suite_jours",
                    "duree_conservation_retiree_jours",
                    "duree_inactivite_jours",
                ],
                "description": "Au-delà, les demandes de la hotline sont anonymisées chaque nuit ; ces durées sont "
                "annoncées telles quelles sur la page « Données personnelles ».",
            },
        ),
        ("Suivi", {"fields": ["modifie_le"]}),
    ]

    @admin.display(description="contraste avec le blanc")
    def apercu_couleur(self, obj):
        if obj is None or not obj.couleur_principale:
            return "–"
        contraste = obj.contraste_couleur
        verdict = "conforme (au moins 4,5:1)" if contraste >= CONTRASTE_MINIMUM else "insuffisant (moins de 4,5:1)"
        return format_html(
            # SVG presentation attributes, not a style="" attribute: the Content-Security-Policy allows none
            '<svg width="120" height="30" role="img" aria-label="Texte blanc sur la couleur principale">'
            '<rect width="120" height="30" fill="{}"/><text x="12" y="20" fill="#fff">Texte blanc</text></svg>'
            " {}:1 – {}",
            couleur_sure(obj.couleur_principale),
            _nombre(contraste),
            verdict,
        )


@admin.register(DemoGeneree)
class DemoGenereeAdmin(admin.ModelAdmin):
    list_display = ["departement_code", "graine", "generee_le"]
    readonly_fields = ["departement_code", "graine", "generee_le"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
