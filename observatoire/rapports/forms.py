"""The request of a report: the public form (edition publique, antispam) and the back office's (edition chosen)."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from bienvenuedoc.utils.antispam import AntiSpamFormMixin
from bienvenuedoc.utils.formulaires import FormulaireAccessibleMixin
from observatoire.models import EPCI

from .models import Edition, Perimetre

DATE_MINIMUM = datetime.date(2015, 1, 1)
FORMAT_DATE = "Saisissez une date valide, par exemple 01/12/2025."


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(**kwargs)


def epcis_du_departement(code: str):
    return EPCI.objects.sans_contour().filter(communes__departement__code=code).distinct().order_by("nom")


class DemandeRapportForm(FormulaireAccessibleMixin, forms.Form):
    perimetre = forms.ChoiceField(
        label="Territoire du rapport",
        choices=Perimetre.choices,
        widget=forms.RadioSelect,
        initial=Perimetre.DEPARTEMENT,
        error_messages={"required": "Choisissez le territoire du rapport.", "invalid_choice": "Choix inconnu."},
    )
    epci = forms.ModelChoiceField(
        label="Intercommunalité",
        queryset=EPCI.objects.none(),
        required=False,
        empty_label="Choisissez…",
        help_text="Seulement pour « Une intercommunalité ».",
        error_messages={"invalid_choice": "Choisissez une intercommunalité de la liste."},
    )
    date = ChampDate(
        label="Date du rapport",
        help_text="Le rapport montre les derniers chiffres publiés à cette date (format jj/mm/aaaa).",
        error_messages={"required": "Indiquez la date du rapport.", "invalid": FORMAT_DATE},
    )
    date_comparaison = ChampDate(
        label="Comparer avec la date (facultatif)",
        required=False,
        help_text="Une date antérieure : le rapport montre les chiffres aux deux dates.",
        error_messages={"invalid": FORMAT_DATE},
    )

    def __init__(self, *args, departement: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement or settings.DEPARTEMENT
        self.fields["epci"].queryset = epcis_du_departement(self.departement)
        self.fields["date"].initial = timezone.localdate()

    def _date_valide(self, nom: str):
        valeur = self.cleaned_data.get(nom)
        if valeur is None:
            return valeur
        if valeur > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.", code="futur")
        if valeur < DATE_MINIMUM:
            raise forms.ValidationError(
                f"Les données commencent en {DATE_MINIMUM.year} : choisissez une date à partir du "
                f"{DATE_MINIMUM:%d/%m/%Y}.",
                code="trop_ancienne",
            )
        return valeur

    def clean_date(self):
        return self._date_valide("date")

    def clean_date_comparaison(self):
        return self._date_valide("date_comparaison")

    def clean(self):
        donnees = super().clean()
        if donnees.get("perimetre") == Perimetre.EPCI and not donnees.get("epci") and "epci" not in self.errors:
            self.add_error("epci", forms.ValidationError("Choisissez l’intercommunalité du rapport.", code="requis"))
        if donnees.get("perimetre") != Perimetre.EPCI:
            donnees["epci"] = None
        date, comparaison = donnees.get("date"), donnees.get("date_comparaison")
        if date and comparaison and comparaison >= date:
            self.add_error(
                "date_comparaison",
                forms.ValidationError("La date de comparaison doit précéder la date du rapport.", code="ordre"),
            )
        return donnees


class DemandeRapportPublicForm(AntiSpamFormMixin, DemandeRapportForm):
    """Anyone may ask for the public edition (small counts hidden); antispam as the site's other forms."""


class DemandeRapportEquipeForm(DemandeRapportForm):
    edition = forms.ChoiceField(
        label="Édition",
        choices=Edition.choices,
        initial=Edition.INTERNE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez l’édition."},
    )
