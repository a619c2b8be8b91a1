import datetime

from django import forms
from django.utils import timezone

from observatoire.forms import CommuneField
from observatoire.models import EPCI

from .eligibilite import Reponses
from .enums import ModeExercice, ProfilSimulateur, Secteur, TypeBesoin, TypePartenaire, TypeProjet
from .selectors import epcis_du_departement

OUI_NON = [("oui", "Oui"), ("non", "Non")]


def _classes_bootstrap(form: forms.Form) -> None:
    for champ in form.fields.values():
        widget = champ.widget
        if isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "me-2")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class AnnuaireForm(forms.Form):
    """Filters of the public directory (GET)."""

    q = forms.CharField(label="Rechercher", required=False, max_length=100)
    type = forms.ChoiceField(label="Type de partenaire", required=False)
    besoin = forms.ChoiceField(label="Besoin", required=False)
    epci = forms.ModelChoiceField(
        label="Intercommunalité",
        queryset=EPCI.objects.none(),
        required=False,
        empty_label="Toutes",
        to_field_name="siren",
    )

    def __init__(self, *args, departement: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Tous")] + TypePartenaire.choices
        self.fields["besoin"].choices = [("", "Tous")] + TypeBesoin.choices
        self.fields["epci"].queryset = epcis_du_departement(departement).only("siren", "nom")
        self.fields["q"].widget.attrs["type"] = "search"
        _classes_bootstrap(self)


class SimulateurForm(forms.Form):
    """« Quelles aides pour mon projet ? » (GET, works without JavaScript)."""

    profil = forms.ChoiceField(label="Vous êtes", choices=ProfilSimulateur.choices, widget=forms.RadioSelect)
    type_projet = forms.ChoiceField(label="Votre projet", choices=[("", "Choisissez…")] + TypeProjet.choices)
    commune = CommuneField(
        label="Commune envisagée",
        required=False,
        max_length=160,
        help_text=(
            "Son nom, éventuellement suivi de son code postal, par exemple « Agen » ou « Agen (47000) ». "
            "Obligatoire, sauf si vous choisissez une intercommunalité."
        ),
    )
    epci = forms.ModelChoiceField(
        label="ou, si vous n’avez pas encore choisi de commune, l’intercommunalité",
        queryset=EPCI.objects.none(),
        required=False,
        empty_label="Aucune",
        to_field_name="siren",
    )
    mode_exercice = forms.ChoiceField(label="Mode d’exercice envisagé", choices=ModeExercice.choices)
    secteur = forms.ChoiceField(
        label="Secteur de conventionnement",
        choices=Secteur.choices,
        initial=Secteur.NON_CONCERNE,
    )
    engagement_annees = forms.IntegerField(
        label="Combien d’années êtes-vous prêt·e à vous engager à exercer sur place ?",
        min_value=0,
        max_value=20,
        initial=0,
        help_text="En années, de 0 à 20.",
    )
    premiere_installation = forms.ChoiceField(
        label="Serait-ce votre première installation en libéral ?", choices=OUI_NON, widget=forms.RadioSelect
    )
    aide_installation_recue = forms.ChoiceField(
        label="Avez-vous déjà reçu une aide à l’installation (Assurance Maladie ou collectivité) ?",
        choices=OUI_NON,
        widget=forms.RadioSelect,
    )
    aide_installation_date = forms.DateField(
        label="Si oui, à quelle date ?",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=(
            "Obligatoire si vous avez répondu oui. Une nouvelle aide de la même catégorie n’est possible que "
            "10 ans après."
        ),
    )
    maitre_stage = forms.BooleanField(
        label="Je suis maître de stage universitaire et j’accueille (ou vais accueillir) un docteur junior",
        required=False,
    )

    def __init__(self, *args, departement: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = epcis_du_departement(departement).only("siren", "nom")
        self.fields["commune"].departement = departement
        self.fields["commune"].widget.attrs.update({"list": "communes-suggestions", "autocomplete": "off"})
        _classes_bootstrap(self)

    def clean_aide_installation_date(self):
        date = self.cleaned_data["aide_installation_date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError("Cette date est dans le futur.", code="futur")
        if date and date < datetime.date(1970, 1, 1):
            raise forms.ValidationError("Cette date n’est pas plausible.", code="ancienne")
        return date

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("commune") and not cleaned.get("epci") and "commune" not in self.errors:
            self.add_error("commune", forms.ValidationError("Indiquez une commune ou une intercommunalité.", "requis"))
        date_manquante = not cleaned.get("aide_installation_date") and "aide_installation_date" not in self.errors
        if cleaned.get("aide_installation_recue") == "oui" and date_manquante:
            self.add_error(
                "aide_installation_date",
                forms.ValidationError("Indiquez la date de l’aide reçue (le mois suffit : mettez le 1er).", "requis"),
            )
        return cleaned

    def reponses(self) -> Reponses:
        d = self.cleaned_data
        commune = d.get("commune")
        return Reponses(
            profil=d["profil"],
            type_projet=d["type_projet"],
            mode_exercice=d["mode_exercice"],
            secteur=d["secteur"],
            engagement_annees=d["engagement_annees"],
            premiere_installation=d["premiere_installation"] == "oui",
            aide_installation_recue=d["aide_installation_recue"] == "oui",
            aide_installation_date=d["aide_installation_date"] if d["aide_installation_recue"] == "oui" else None,
            maitre_stage=d["maitre_stage"],
            commune=commune,
            epci=None if commune is not None else d.get("epci"),
        )
