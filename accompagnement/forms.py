"""Public forms: the request form and the forms of the requester's space. Validation and French messages
only; saving is done by accompagnement.services.demandes."""

import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from stdnum import luhn

from bienvenuedoc.utils.antispam import AntiSpamFormMixin
from bienvenuedoc.utils.envoi_unique import EnvoiUniqueFormMixin
from bienvenuedoc.utils.formulaires import FormulaireAccessibleMixin
from observatoire.forms import CommuneField
from observatoire.models import EPCI, Commune
from observatoire.selectors import commune_libelle, communes_libelles
from partenaires.enums import CategorieBesoin, TypeBesoin
from partenaires.models import AideFinanciere

from .enums import ModeExercice, ProfilDemandeur, StructureExercice, TypeProjet
from .services.demandes import BesoinSaisi, DonneesDemande

NOMBRE_COMMUNES = 3
LONGUEUR_MAX_TEXTE = 5000


def _communes_du_departement():
    return Commune.objects.du_departement(settings.DEPARTEMENT).sans_contour()


def libelle_commune(commune: Commune) -> str:
    """How a commune is written in the field and proposed in the list: « Agen (47000) »."""
    return commune_libelle(commune)


def communes_proposees() -> list[str]:
    """The labels offered by the <datalist> (one query), read back by the commune fields' resolver."""
    return communes_libelles(settings.DEPARTEMENT)


def epcis_du_departement():
    return (
        EPCI.objects.sans_contour().filter(communes__departement__code=settings.DEPARTEMENT).distinct().order_by("nom")
    )


def _nom_aide(slug: str) -> str:
    """The name of an aid of the catalogue from its slug (the simulator links here with ?aide=<slug>); an
    unknown slug (aid renamed or removed since) is still mentioned, in words."""
    nom = AideFinanciere.objects.filter(slug=slug).values_list("nom", flat=True).first()
    return nom or slug.replace("-", " ")


def _champ_date_facultatif(label: str) -> forms.DateField:
    """An optional date: the browser's date picker, or JJ/MM/AAAA typed by hand (a French message if not)."""
    return forms.DateField(
        label=label,
        required=False,
        help_text="Format attendu : JJ/MM/AAAA.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Saisissez une date valide au format JJ/MM/AAAA."},
    )


class DemandeForm(FormulaireAccessibleMixin, AntiSpamFormMixin, EnvoiUniqueFormMixin, forms.Form):
    # --- identity and contact
    prenom = forms.CharField(
        label="Prénom",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Indiquez votre prénom."},
    )
    nom = forms.CharField(
        label="Nom",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Indiquez votre nom."},
    )
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr. Nous y envoyons le lien vers votre espace de suivi.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    telephone = forms.CharField(
        label="Téléphone (facultatif)",
        max_length=30,
        required=False,
        help_text="Format attendu : 06 12 34 56 78.",
        validators=[
            RegexValidator(
                r"^\+?[\d\s.()-]{10,20}$", "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."
            )
        ],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # --- profile
    profil = forms.ChoiceField(
        label="Vous êtes",
        choices=[("", "Choisissez votre profil")] + ProfilDemandeur.choices,
        error_messages={"required": "Indiquez votre profil."},
    )
    specialite = forms.CharField(
        label="Spécialité (facultatif)",
        max_length=150,
        required=False,
        help_text="Par exemple : médecine générale, pédiatrie, psychiatrie.",
    )
    rpps = forms.CharField(
        label="Numéro RPPS (facultatif)",
        max_length=20,
        required=False,
        help_text="11 chiffres, inscrits sur votre carte CPS.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    universite = forms.CharField(
        label="Faculté ou université",
        max_length=200,
        required=False,
        help_text="Par exemple : Université de Bordeaux.",
    )
    # --- the project
    type_projet = forms.ChoiceField(
        label="Votre projet",
        choices=[("", "Choisissez le type de projet")] + TypeProjet.choices,
        error_messages={"required": "Indiquez le type de votre projet."},
    )
    periode_debut = _champ_date_facultatif("À partir du (facultatif)")
    periode_fin = _champ_date_facultatif("Jusqu’au (facultatif)")
    epcis = forms.ModelMultipleChoiceField(
        label="Intercommunalités souhaitées (facultatif)",
        queryset=EPCI.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Cette intercommunalité n’est pas dans le département."},
    )
    mode_exercice = forms.ChoiceField(
        label="Mode d’exercice souhaité",
        choices=[("", "Pas de préférence")] + ModeExercice.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    structures = forms.MultipleChoiceField(
        label="Structures d’exercice qui vous intéressent (facultatif)",
        choices=StructureExercice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # --- needs
    besoins = forms.MultipleChoiceField(
        label="Sur quoi souhaitez-vous être accompagné·e ?",
        choices=TypeBesoin.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Ce besoin n’existe pas : cochez-en un dans la liste."},
    )
    domaine_conjoint = forms.CharField(
        label="Domaine professionnel de votre conjoint·e (facultatif)",
        max_length=150,
        required=False,
        help_text="Par exemple : enseignement, infirmier·e, ingénierie.",
    )
    ages_enfants = forms.CharField(
        label="Âge des enfants (facultatif)",
        max_length=100,
        required=False,
        help_text="Par exemple : 3 et 8 ans.",
    )
    message = forms.CharField(
        label="Présentez votre projet (facultatif)",
        required=False,
        max_length=LONGUEUR_MAX_TEXTE,
        help_text="Ce qui nous aidera à vous répondre : vos contraintes, vos questions, vos dates.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consentement = forms.BooleanField(
        label="J’accepte que mes données soient utilisées pour traiter ma demande et m’accompagner.",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "consentement-information"}),
        error_messages={"required": "Votre accord est nécessaire pour que nous puissions traiter votre demande."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for numero in range(1, NOMBRE_COMMUNES + 1):
            # resolved by observatoire.selectors.commune_resoudre, like every field where a commune is typed
            self.fields[f"commune_{numero}"] = CommuneField(
                label=f"Commune souhaitée n° {numero} (facultatif)",
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"list": "communes-departement", "autocomplete": "off"}),
            )
        for valeur, libelle in TypeBesoin.choices:
            self.fields[f"precision_{valeur}"] = forms.CharField(
                label=f"Précisions sur « {libelle} » (facultatif)",
                max_length=1000,
                required=False,
            )
        self.fields["epcis"].queryset = epcis_du_departement()
        # required for some profiles only (checked in clean()): said in the label (components/champ.html)
        self.fields["universite"].obligatoire_pour = "les internes, docteurs juniors et externes"
        self.order_fields(
            ["prenom", "nom", "email", "telephone", "profil", "specialite", "rpps", "universite", "type_projet"]
            + ["periode_debut", "periode_fin", "epcis"]
            + [f"commune_{n}" for n in range(1, NOMBRE_COMMUNES + 1)]
            + ["mode_exercice", "structures", "besoins"]
            + [f"precision_{valeur}" for valeur in TypeBesoin.values]
            + ["domaine_conjoint", "ages_enfants", "message", "consentement"]
        )
        self._classer_widgets()

    @classmethod
    def initial_depuis_parametres(cls, parametres) -> dict:
        """Pre-filling from the aid simulator's link: profil, type_projet, commune (INSEE code) or epci
        (SIREN), mode_exercice, besoins (repeatable), aide (slug). Unknown values are ignored."""
        initial = {}
        if parametres.get("profil") in ProfilDemandeur.values:
            initial["profil"] = parametres["profil"]
        if parametres.get("type_projet") in TypeProjet.values:
            initial["type_projet"] = parametres["type_projet"]
        if parametres.get("mode_exercice") in ModeExercice.values:
            initial["mode_exercice"] = parametres["mode_exercice"]
        besoins = [b for b in parametres.getlist("besoins") if b in TypeBesoin.values]
        if besoins:
            initial["besoins"] = besoins
        code = (parametres.get("commune") or "").strip()
        if code:
            commune = _communes_du_departement().filter(code_insee=code[:5]).first()
            if commune:
                initial["commune_1"] = libelle_commune(commune)
        siren = (parametres.get("epci") or "").strip()
        if re.fullmatch(r"\d{9}", siren):
            epci = epcis_du_departement().filter(siren=siren).values_list("pk", flat=True).first()
            if epci:
                initial["epcis"] = [epci]
        aide = (parametres.get("aide") or "").strip()[:100]
        if re.fullmatch(r"[-a-z0-9_]+", aide):
            initial["message"] = f"Je souhaite être accompagné·e pour l’aide « {_nom_aide(aide)} »."
        return initial

    def clean_rpps(self):
        rpps = re.sub(r"\s", "", self.cleaned_data.get("rpps", ""))
        if rpps and not re.fullmatch(r"\d{11}", rpps):
            raise forms.ValidationError(
                "Le numéro RPPS compte exactement 11 chiffres (sans lettre ni espace) : vérifiez votre carte CPS.",
                code="rpps",
            )
        if rpps and not luhn.is_valid(rpps):  # the 11th digit is a Luhn key of the first 10
            raise forms.ValidationError(
                "Ce numéro RPPS semble mal saisi : sa clé de contrôle (le dernier chiffre) ne correspond pas aux "
                "10 premiers. Vérifiez-le sur votre carte CPS.",
                code="rpps_cle",
            )
        return rpps

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        profil = cleaned.get("profil")
        if profil in ProfilDemandeur.etudiants() and not (cleaned.get("universite") or "").strip():
            self.add_error(
                "universite",
                forms.ValidationError(
                    "Indiquez votre faculté ou université : elle est nécessaire pour les internes, docteurs juniors "
                    "et externes.",
                    code="universite_requise",
                ),
            )
        debut, fin = cleaned.get("periode_debut"), cleaned.get("periode_fin")
        if debut and fin and fin < debut:
            self.add_error(
                "periode_fin",
                forms.ValidationError(
                    "La date de fin doit être postérieure ou égale à la date de début.", code="periode_inversee"
                ),
            )
        return cleaned

    # --- for the template
    def groupes_besoins(self) -> list[dict]:
        """The needs' checkboxes grouped by category, each with its « précisions » field."""
        cases = {case.data["value"]: case for case in self["besoins"]}
        groupes = []
        for categorie in CategorieBesoin:
            elements = [
                {
                    "case": cases[valeur],
                    "precision": self[f"precision_{valeur}"],
                    "conjoint": self["domaine_conjoint"] if valeur == TypeBesoin.EMPLOI_CONJOINT else None,
                    "enfants": self["ages_enfants"] if valeur == TypeBesoin.SCOLARITE_GARDE else None,
                }
                for valeur in TypeBesoin.values
                if TypeBesoin.categorie(valeur) == categorie
            ]
            groupes.append({"libelle": categorie.label, "valeur": categorie.value, "elements": elements})
        return groupes

    def champs_communes(self):
        return [self[f"commune_{n}"] for n in range(1, NOMBRE_COMMUNES + 1)]

    # --- for the service
    def donnees(self) -> DonneesDemande:
        d = self.cleaned_data
        communes = []
        for numero in range(1, NOMBRE_COMMUNES + 1):
            commune = d.get(f"commune_{numero}")
            if commune and commune not in communes:
                communes.append(commune)
        besoins = [
            BesoinSaisi(
                type=valeur,
                precision=d.get(f"precision_{valeur}", "").strip(),
                domaine_conjoint=d.get("domaine_conjoint", "").strip() if valeur == TypeBesoin.EMPLOI_CONJOINT else "",
                ages_enfants=d.get("ages_enfants", "").strip() if valeur == TypeBesoin.SCOLARITE_GARDE else "",
            )
            for valeur in TypeBesoin.values
            if valeur in d.get("besoins", [])
        ]
        return DonneesDemande(
            profil=d["profil"],
            prenom=d["prenom"].strip(),
            nom=d["nom"].strip(),
            email=d["email"],
            telephone=d.get("telephone", "").strip(),
            rpps=d.get("rpps", ""),
            specialite=d.get("specialite", "").strip(),
            universite=d.get("universite", "").strip(),
            type_projet=d["type_projet"],
            periode_debut=d.get("periode_debut"),
            periode_fin=d.get("periode_fin"),
            communes=communes,
            epcis=list(d.get("epcis") or []),
            mode_exercice=d.get("mode_exercice", ""),
            structures=list(d.get("structures", [])),
            besoins=besoins,
            message=d.get("message", "").strip(),
        )


class _TexteForm(FormulaireAccessibleMixin, forms.Form):
    pass


class MessageDemandeurForm(_TexteForm):
    corps = forms.CharField(
        label="Votre message",
        max_length=LONGUEUR_MAX_TEXTE,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Écrivez votre message avant de l’envoyer."},
    )


class ComplementForm(_TexteForm):
    texte = forms.CharField(
        label="Informations à ajouter à votre demande",
        max_length=LONGUEUR_MAX_TEXTE,
        help_text="Par exemple : une nouvelle date, une commune, un besoin de votre famille.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez les informations à ajouter."},
    )


class RetraitForm(_TexteForm):
    motif = forms.CharField(
        label="Pourquoi retirez-vous votre demande ? (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirmation = forms.BooleanField(
        label="Je confirme vouloir retirer ma demande : l’accompagnement s’arrête.",
        error_messages={"required": "Cochez la case pour confirmer le retrait de votre demande."},
    )


class SuppressionForm(_TexteForm):
    confirmation = forms.BooleanField(
        label="Je demande la suppression de mes données personnelles.",
        error_messages={"required": "Cochez la case pour confirmer votre demande de suppression."},
    )


class LienAccesForm(FormulaireAccessibleMixin, AntiSpamFormMixin, forms.Form):
    email = forms.EmailField(
        label="Adresse électronique utilisée pour votre demande",
        help_text="Format attendu : nom@domaine.fr.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
