from django import forms

from bienvenuedoc.utils.antispam import AntiSpamFormMixin
from bienvenuedoc.utils.formulaires import FormulaireAccessibleMixin

from .enums import ProfilInscrit
from .selectors import inscription_existe
from .services import MESSAGE_DEJA_INSCRIT


class InscriptionForm(FormulaireAccessibleMixin, AntiSpamFormMixin, forms.Form):
    nom = forms.CharField(
        label="Prénom et nom",
        max_length=150,
        error_messages={"required": "Indiquez votre prénom et votre nom."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="La confirmation, le rappel de la veille et le lien pour annuler y sont envoyés.",
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    profil = forms.ChoiceField(
        label="Vous êtes",
        choices=[("", "Choisissez…"), *ProfilInscrit.choices],
        error_messages={"required": "Indiquez qui vous êtes."},
    )
    consentement = forms.BooleanField(
        label="J’accepte que mes nom, adresse et profil servent à gérer mon inscription à cet événement.",
        error_messages={
            "required": "Cochez cette case pour vous inscrire : sans elle, nous ne pouvons pas vous inscrire."
        },
    )

    def __init__(self, *args, evenement=None, **kwargs):
        self.evenement = evenement
        super().__init__(*args, **kwargs)

    def clean_nom(self):
        return " ".join(self.cleaned_data["nom"].split())

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        # said on the field before the anti-spam token is spent (the service checks again, under its lock)
        if self.evenement is not None and inscription_existe(self.evenement, email):
            raise forms.ValidationError(MESSAGE_DEJA_INSCRIT, code="deja_inscrit")
        return email
