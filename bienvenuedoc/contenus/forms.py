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


class SignalementAccessibiliteForm(FormulaireAccessibleMixin, AntiSpamFormMixin, forms.Form):
    """Report an accessibility problem (the accessibility statement's « retour d’information »)."""

    description = forms.CharField(
        label="Le problème rencontré",
        help_text="Ce que vous cherchiez à faire, ce qui vous en a empêché.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Décrivez le problème rencontré.",
            "max_length": "Décrivez le problème en 5 000 caractères au plus.",
        },
    )
    adresse_page = forms.CharField(
        label="Page concernée",
        help_text="Son adresse ou son titre, si vous le savez.",
        max_length=500,
        required=False,
        error_messages={"max_length": "Indiquez la page en 500 caractères au plus."},
    )
    aide_technique = forms.CharField(
        label="Aide technique utilisée",
        help_text="Par exemple : lecteur d’écran NVDA avec Firefox, agrandissement, navigation au clavier.",
        max_length=200,
        required=False,
        error_messages={"max_length": "Indiquez l’aide technique en 200 caractères au plus."},
    )
    nom = forms.CharField(
        label="Votre nom",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": "Indiquez votre nom en 150 caractères au plus."},
    )
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Pour vous répondre et vous donner le contenu sous une autre forme.",
        error_messages={
            "required": "Indiquez votre adresse électronique pour que nous puissions vous répondre.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consentement = forms.BooleanField(
        label="J’accepte que ces informations servent à traiter mon signalement et à me répondre.",
        error_messages={"required": "Cochez cette case : sans elle, nous ne pouvons pas traiter votre signalement."},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
