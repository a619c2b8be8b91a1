"""Forms of the offers: the public posting form, the author's changes, the contact form, the search.
Validation and French messages on the fields only; saving goes through remplacements.services."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from bienvenuedoc.utils.antispam import AntiSpamFormMixin
from bienvenuedoc.utils.formulaires import FormulaireAccessibleMixin
from observatoire.forms import CommuneField
from observatoire.models import EPCI

from .enums import NiveauEtudes, SemestreStage, TypeOffre
from .models import Offre
from .services.offres import CHAMPS_SAISIS

DUREE_PUBLICATION_MAX_JOURS = 366
DISTANCE_MAX_KM = 200

# The fields each kind uses; the others are emptied before saving (a replacement never keeps a rent).
CHAMPS_PAR_TYPE = {
    TypeOffre.REMPLACEMENT: {"structure", "jours_recurrents", "logiciel", "retrocession", "logement_propose"},
    TypeOffre.POSTE: {"structure", "type_poste", "conditions"},
    TypeOffre.STAGE: {
        "maitre_de_stage",
        "specialite",
        "semestre",
        "pour_externes",
        "pour_internes",
        "pour_docteurs_juniors",
        "capacite",
    },
    TypeOffre.LOGEMENT: {
        "pour_externes",
        "pour_internes",
        "pour_docteurs_juniors",
        "capacite",
        "loyer_mensuel",
        "meuble",
        "distance_lieu_km",
    },
}
CHAMPS_SPECIFIQUES = set().union(*CHAMPS_PAR_TYPE.values())
OUI_NON = [("", "Non précisé"), ("true", "Oui"), ("false", "Non")]


def _oui_non(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=OUI_NON,
        required=False,
        coerce=lambda v: v == "true",
        empty_value=None,
    )


class OffreForm(FormulaireAccessibleMixin, forms.ModelForm):
    """The offer as its author types it (the public form adds the e-mail, consent and spam protection)."""

    commune = CommuneField(
        label="Commune",
        help_text="Nom de la commune du département, par exemple « Agen (47000) ».",
        widget=forms.TextInput(attrs={"list": "communes-departement", "autocomplete": "off"}),
        error_messages={"required": "Indiquez la commune de l’offre."},
    )
    logement_propose = _oui_non("Logement proposé au remplaçant")
    meuble = _oui_non("Meublé")

    class Meta:
        model = Offre
        fields = [c for c in CHAMPS_SAISIS if c not in ("commune", "logement_propose", "meuble")]
        widgets = {
            "type": forms.RadioSelect,
            "date_debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "debut_publication": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fin_publication": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "adresse": "Facultative ; sans adresse, l’offre est placée au centre de la commune.",
            "fin_publication": "L’offre quitte le site d’elle-même après cette date ; vous êtes prévenu "
            "une semaine avant.",
            "retrocession": "Part des honoraires reversée au remplaçant, entre 0 et 100 %.",
            "jours_recurrents": "Par exemple « tous les mercredis ».",
        }
        error_messages = {
            "titre": {"required": "Donnez un titre à l’offre."},
            "type": {"required": "Choisissez le type d’offre."},
            "contact_nom": {"required": "Indiquez le nom affiché (cabinet, structure…)."},
            "fin_publication": {"required": "Indiquez jusqu’à quand publier l’offre."},
            "retrocession": {
                "max_value": "La rétrocession est un pourcentage entre 0 et 100.",
                "min_value": "La rétrocession est un pourcentage entre 0 et 100.",
            },
        }

    ordre = ["type", "titre", "contact_nom", "description", "commune", "adresse"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "type" in self.fields:
            self.fields["type"].choices = TypeOffre.choices
        for nom in ("date_debut", "date_fin", "debut_publication", "fin_publication"):
            self.fields[nom].error_messages["invalid"] = "Saisissez une date valide, par exemple 15/11/2026."
        self.fields["loyer_mensuel"].error_messages["max_value"] = "Indiquez un loyer entre 0 et 5 000 € par mois."
        self.fields["loyer_mensuel"].validators.append(
            MaxValueValidator(5000, message="Indiquez un loyer entre 0 et 5 000 € par mois.")
        )
        self.fields["loyer_mensuel"].widget.attrs["max"] = 5000
        self.fields["capacite"].error_messages["min_value"] = "Indiquez une capacité entre 1 et 100."
        self.fields["capacite"].error_messages["max_value"] = "Indiquez une capacité entre 1 et 100."
        self.fields["capacite"].validators = []
        if not self.instance.pk:
            self.fields["debut_publication"].initial = timezone.localdate()
            self.fields["fin_publication"].initial = timezone.localdate() + timedelta(
                days=settings.OFFRE_DUREE_PUBLICATION_JOURS
            )

    def _erreur_si(self, condition: bool, champ: str, message: str) -> None:
        if condition and champ not in self.errors:
            self.add_error(champ, message)

    def clean(self):
        d = super().clean()
        type_ = d.get("type") or getattr(self.instance, "type", "")
        debut, fin = d.get("date_debut"), d.get("date_fin")
        self._erreur_si(bool(debut and fin and fin < debut), "date_fin", "La date de fin précède la date de début.")
        pub_debut, pub_fin = d.get("debut_publication"), d.get("fin_publication")
        if pub_debut and pub_fin:
            self._erreur_si(pub_fin < pub_debut, "fin_publication", "La fin de publication précède son début.")
            self._erreur_si(
                (pub_fin - pub_debut).days > DUREE_PUBLICATION_MAX_JOURS,
                "fin_publication",
                "Une offre est publiée un an au plus ; vous pourrez la prolonger.",
            )
        self._erreur_si(
            bool(pub_fin and pub_fin < timezone.localdate()),
            "fin_publication",
            "La fin de publication est déjà passée.",
        )
        capacite = d.get("capacite")
        if type_ == TypeOffre.POSTE:
            self._erreur_si(not d.get("type_poste"), "type_poste", "Précisez le type de poste.")
        if type_ == TypeOffre.STAGE:
            self._erreur_si(not d.get("maitre_de_stage"), "maitre_de_stage", "Indiquez le maître de stage.")
        if type_ in (TypeOffre.STAGE, TypeOffre.LOGEMENT):
            self._erreur_si(
                capacite is None or not 1 <= capacite <= 100, "capacite", "Indiquez une capacité entre 1 et 100."
            )
            self._erreur_si(
                not (d.get("pour_externes") or d.get("pour_internes") or d.get("pour_docteurs_juniors")),
                "pour_externes",
                "Cochez au moins un niveau d’études.",
            )
        # what does not belong to the chosen kind is emptied (the model's constraints refuse it)
        for nom in CHAMPS_SPECIFIQUES - CHAMPS_PAR_TYPE.get(type_, set()):
            if nom not in self.fields:
                continue
            champ_modele = Offre._meta.get_field(nom)
            if champ_modele.null:
                d[nom] = None
            elif isinstance(champ_modele, models.BooleanField):
                d[nom] = False
            else:
                d[nom] = ""
            self.errors.pop(nom, None)
        return d

    def _post_clean(self):
        # the instance is checked with the emptied kind fields (the model's constraints, in French)
        for nom in CHAMPS_SPECIFIQUES:
            if nom in self.cleaned_data:
                setattr(self.instance, nom, self.cleaned_data[nom])
        super()._post_clean()

    def champs_niveaux(self):
        return [self["pour_externes"], self["pour_internes"], self["pour_docteurs_juniors"]]

    def donnees(self) -> dict:
        return {nom: valeur for nom, valeur in self.cleaned_data.items() if nom in CHAMPS_SAISIS}


class OffreDepotForm(AntiSpamFormMixin, OffreForm):
    email_proprietaire = forms.EmailField(
        label="Votre adresse électronique",
        help_text="Jamais affichée : les personnes intéressées vous écrivent par un formulaire, et vous recevez ici "
        "le lien vers l’espace de votre offre.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    consentement = forms.BooleanField(
        label="J’accepte que cette offre soit publiée après relecture et que mon adresse serve à la gérer.",
        error_messages={"required": "Cochez cette case pour déposer l’offre."},
    )

    class Meta(OffreForm.Meta):
        fields = [*OffreForm.Meta.fields, "email_proprietaire"]


class OffreModificationForm(OffreForm):
    """The author's changes (the kind cannot change: withdraw and post another offer instead)."""

    class Meta(OffreForm.Meta):
        fields = [c for c in OffreForm.Meta.fields if c != "type"]


class ContactOffreForm(FormulaireAccessibleMixin, AntiSpamFormMixin, forms.Form):
    nom = forms.CharField(label="Votre nom", max_length=150, error_messages={"required": "Indiquez votre nom."})
    email = forms.EmailField(
        label="Votre adresse électronique",
        help_text="L’auteur de l’offre vous répondra à cette adresse.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    texte = forms.CharField(
        label="Votre message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Écrivez votre message.",
            "max_length": "Votre message dépasse 3 000 caractères : raccourcissez-le.",
        },
    )


class RechercheOffresForm(FormulaireAccessibleMixin, forms.Form):
    """The public search (GET). Every field is optional; a place that cannot be found is said on its field."""

    type = forms.ChoiceField(label="Type d’offre", choices=[("", "Tous les types"), *TypeOffre.choices], required=False)
    disponible_du = forms.DateField(
        label="Disponible entre le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date valide, par exemple 01/11/2026."},
    )
    disponible_au = forms.DateField(
        label="et le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date valide, par exemple 30/04/2027."},
    )
    commune = CommuneField(
        label="Autour de la commune",
        required=False,
        widget=forms.TextInput(attrs={"list": "communes-departement", "autocomplete": "off"}),
    )
    distance = forms.IntegerField(
        label="À moins de (km)",
        required=False,
        min_value=1,
        max_value=DISTANCE_MAX_KM,
        error_messages={
            "min_value": f"Indiquez une distance entre 1 et {DISTANCE_MAX_KM} km.",
            "max_value": f"Indiquez une distance entre 1 et {DISTANCE_MAX_KM} km.",
            "invalid": "Indiquez une distance en kilomètres, par exemple 30.",
        },
    )
    epci = forms.ModelChoiceField(
        label="Intercommunalité",
        queryset=EPCI.objects.none(),
        required=False,
        empty_label="Toutes",
        error_messages={"invalid_choice": "Choisissez une intercommunalité de la liste."},
    )
    niveau = forms.ChoiceField(
        label="Niveau d’études (stages et logements)",
        choices=[("", "Tous"), *NiveauEtudes.choices],
        required=False,
    )
    semestre = forms.ChoiceField(
        label="Semestre (stages)", choices=[("", "Tous"), *SemestreStage.choices[:2]], required=False
    )
    loyer_max = forms.IntegerField(
        label="Loyer mensuel maximum (€, logements)",
        required=False,
        min_value=0,
        max_value=5000,
        error_messages={
            "min_value": "Indiquez un loyer entre 0 et 5 000 €.",
            "max_value": "Indiquez un loyer entre 0 et 5 000 €.",
            "invalid": "Indiquez un montant en euros, par exemple 400.",
        },
    )

    def __init__(self, *args, epcis=None, **kwargs):
        super().__init__(*args, **kwargs)
        if epcis is not None:
            self.fields["epci"].queryset = epcis

    def clean(self):
        d = super().clean()
        du, au = d.get("disponible_du"), d.get("disponible_au")
        if du and au and au < du:
            self.add_error("disponible_au", "Cette date précède la première : inversez-les.")
        if d.get("distance") and not d.get("commune") and "commune" not in self.errors:
            self.add_error("commune", "Indiquez la commune à partir de laquelle mesurer la distance.")
        return d


class AlerteForm(FormulaireAccessibleMixin, AntiSpamFormMixin, forms.Form):
    """Subscribing to the current search (its parameters travel in `recherche`, read again on submit)."""

    email = forms.EmailField(
        label="Votre adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    consentement = forms.BooleanField(
        label="J’accepte de recevoir un courriel par jour au plus, tant que je ne me désabonne pas.",
        error_messages={"required": "Cochez cette case pour recevoir les alertes."},
    )
    recherche = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)


class LienEspaceForm(FormulaireAccessibleMixin, AntiSpamFormMixin, forms.Form):
    email = forms.EmailField(
        label="Adresse électronique utilisée pour déposer l’offre",
        help_text="Format attendu : nom@domaine.fr.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
