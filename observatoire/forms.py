"""Form fields of the territory reference, for the forms of the apps above."""

from django import forms
from django.conf import settings

from bienvenuedoc.utils.formulaires import FormulaireAccessibleMixin

from .models import Commune
from .selectors import commune_libelle, commune_resoudre


class CommuneField(forms.CharField):
    """A commune of the département typed by a person (name, « Nom (code postal) », INSEE or postal code),
    resolved by commune_resoudre(): cleans to a Commune, or None when left empty. When it cannot decide
    (unknown, ambiguous postal code, homonyms), its French message goes on the field, listing the
    candidates. `departement`: a COG code, settings.DEPARTEMENT by default."""

    def __init__(self, *, departement: str | None = None, **kwargs):
        self.departement = departement
        super().__init__(**kwargs)

    def clean(self, value):
        texte = super().clean(value)
        if not texte:
            return None
        resultat = commune_resoudre(texte, departement=self.departement or settings.DEPARTEMENT)
        if resultat.commune is None:
            raise forms.ValidationError(resultat.message, code="ambigue" if resultat.ambigue else "inconnue")
        return resultat.commune

    def prepare_value(self, value):
        return commune_libelle(value) if isinstance(value, Commune) else value


class ChoixCarteForm(FormulaireAccessibleMixin, forms.Form):
    """The dashboard's choice of level and indicator (GET, works without JavaScript). An unknown value falls
    back to the default: it is a view setting, not a submission to correct."""

    niveau = forms.ChoiceField(label="Niveau", required=False)
    indicateur = forms.ChoiceField(label="Indicateur", required=False)

    def __init__(self, *args, niveaux: dict[str, str], indicateurs: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["niveau"].choices = list(niveaux.items())
        self.fields["indicateur"].choices = indicateurs
