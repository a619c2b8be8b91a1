"""Custom views of the back office (wired in `DemandeAdmin.get_urls`): the case page's action forms, the
workload and activity views, the downloads. Thin callers: parse the form, call a service or a selector,
redirect or render."""

from datetime import date, timedelta
from functools import lru_cache
from html import escape as echapper

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from partenaires.models import Partenaire
from remplacements.models import Offre

from . import exports
from .enums import TRANSITIONS_DEMANDE, TYPES_OFFRE_PAR_BESOIN, StatutBesoin, StatutDemande
from .models import Besoin, Demande
from .selectors.backoffice import agents_possibles, charge_de_travail
from .selectors.statistiques import DUREE_CACHE_ACTIVITE, activite, activite_en_cache, periode_par_defaut
from .services.rgpd import demande_anonymiser, demande_exporter_donnees
from .services.suivi import (
    ActionImpossible,
    TransitionInterdite,
    besoin_changer_statut,
    besoin_orienter,
    besoin_orienter_offre,
    demande_attribuer,
    demande_changer_statut,
    message_hotline_envoyer,
)

PERM_ATTRIBUER = "accompagnement.attribuer_demande"
PERM_STATISTIQUES = "accompagnement.voir_statistiques"
PERM_EXPORTER = "accompagnement.exporter_donnees"
PERM_ANONYMISER = "accompagnement.anonymiser_demande"
PERM_VOIR = "accompagnement.view_demande"
PERM_VOIR_TOUTES = "accompagnement.voir_toutes_demandes"
PERM_MODIFIER = "accompagnement.change_demande"


def _echapper_libelle(libelle) -> str:
    """conditional_escape without its lazy-string wrapper (thousands of calls per page): a safe string as is,
    anything else escaped as django.utils.html.escape does (html.escape, quotes included)."""
    return libelle.__html__() if hasattr(libelle, "__html__") else echapper(str(libelle))


def _options(choix, valeurs) -> str:
    """The <option> tags of `choix`, the first whose value is in `valeurs` selected (as Select.optgroups)."""
    options = []
    selection_faite = False
    for valeur, label in choix:
        valeur = "" if valeur is None else str(valeur)
        selected = ""
        if not selection_faite and valeur in valeurs:
            selected, selection_faite = " selected", True
        options.append(f'<option value="{echapper(valeur)}"{selected}>{_echapper_libelle(label)}</option>')
    return "".join(options)


# The partner directory's 5,000 options are the same from one case page to the next: written once per worker
# for a given content (the key is the choices themselves, so a renamed, added or removed partner is a new key;
# nothing to invalidate). Small lists are not worth hashing.
SEUIL_OPTIONS_MEMORISEES = 200
_options_memorisees = lru_cache(maxsize=4)(_options)


class ChoixDejaNormalises(BaseChoiceIterator):
    """Choices already in Django's canonical form ((value, label) pairs): assigned to a field, they skip
    `normalize_choices`, which walks every pair twice (5,000 partners on the case page)."""

    def __init__(self, choix: list):
        self.choix = choix

    def __iter__(self):
        return iter(self.choix)


class SelectRapide(forms.Select):
    """A <select> whose options are written in Python. Django's Select renders two templates per option (the
    option and its attributes), and builds a dict per option (`optgroups`): with the partner directory (5,000
    partners in benchmarks/charge.py) that was the better part of the case page's time. Here the options are
    one f-string each, straight from `choices`, escaped as Django's template escapes `{{ label }}`. Same HTML
    (tests/accompagnement/test_backoffice.py compares it with Django's Select)."""

    @staticmethod
    def _attributs(attrs: dict):
        """As django/forms/widgets/attrs.html: in order, True → the bare name, False → left out."""
        return format_html_join(
            "",
            " {}{}",
            ((nom, "" if v is True else format_html('="{}"', v)) for nom, v in attrs.items() if v is not False),
        )

    def render(self, name, value, attrs=None, renderer=None):
        choix = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _, label in choix):
            return self._render_django(name, value, attrs)  # option groups, several values: Django's way
        valeurs = frozenset(self.format_value(value))
        if len(choix) >= SEUIL_OPTIONS_MEMORISEES:
            try:
                options = _options_memorisees(tuple(choix), valeurs)
            except TypeError:  # a label that cannot be hashed: written each time
                options = _options(choix, valeurs)
        else:
            options = _options(choix, valeurs)
        return mark_safe(  # every piece is escaped
            f'<select name="{echapper(name)}"{self._attributs(self.build_attrs(self.attrs, attrs))}>'
            + options
            + "</select>"
        )

    def _render_django(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], self._attributs(option["attrs"]), option["label"])
                for _, groupe, _ in widget["optgroups"]
                for option in groupe
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], self._attributs(widget["attrs"]), options)


def agents_de_la_requete(request) -> list:
    """agents_possibles() evaluated once per request: the attribution form and every need row's « chargé·e »
    select share it."""
    if not hasattr(request, "_agents_possibles"):
        request._agents_possibles = list(agents_possibles())
    return request._agents_possibles


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


# --- forms of the case page --------------------------------------------------------------------------------
class StatutDemandeForm(forms.Form):
    vers = forms.ChoiceField(label="Nouveau statut de la demande", widget=SelectRapide)
    commentaire = forms.CharField(
        label="Commentaire interne (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, demande: Demande, **kwargs):
        super().__init__(*args, **kwargs)
        permis = TRANSITIONS_DEMANDE[demande.statut]
        self.fields["vers"].choices = [(v, label) for v, label in StatutDemande.choices if v in permis]


class AttributionForm(forms.Form):
    referent = AgentChoiceField(
        label="Référent·e de la demande",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Personne",
        widget=SelectRapide,
    )
    commentaire = forms.CharField(label="Commentaire interne (facultatif)", required=False)

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = agents_possibles()
        if agents is not None:  # already evaluated list: no query to render the choices
            self.fields["referent"].choices = [("", "Personne")] + [
                (a.pk, a.get_full_name() or a.get_username()) for a in agents
            ]


class MessageForm(forms.Form):
    corps = forms.CharField(
        label="Message au demandeur",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Envoyé par courriel et affiché dans l’espace personnel du demandeur.",
        error_messages={"required": "Écrivez le message avant de l’envoyer."},
    )


class StatutBesoinForm(forms.Form):
    besoin = forms.ModelChoiceField(label="Besoin", queryset=Besoin.objects.none(), widget=SelectRapide)
    vers = forms.ChoiceField(
        label="Nouveau statut",
        choices=[(v, label) for v, label in StatutBesoin.choices if v != StatutBesoin.ORIENTE],
        widget=SelectRapide,
    )
    commentaire = forms.CharField(label="Commentaire interne (facultatif)", required=False)

    def __init__(self, *args, demande: Demande, besoins=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besoin"].queryset = Besoin.objects.filter(demande=demande)
        if besoins is not None:
            self.fields["besoin"].choices = [
                (b.pk, f"{b.get_type_display()} ({b.get_statut_display()})") for b in besoins
            ]


class OrientationForm(forms.Form):
    besoin = forms.ModelChoiceField(label="Besoin", queryset=Besoin.objects.none(), widget=SelectRapide)
    partenaire = forms.ModelChoiceField(
        label="Partenaire de l’annuaire", queryset=Partenaire.objects.all(), widget=SelectRapide
    )
    commentaire = forms.CharField(label="Commentaire interne (facultatif)", required=False)

    def __init__(self, *args, demande: Demande, besoins=None, partenaires=None, **kwargs):
        """`partenaires`: (pk, nom) pairs already read, in the directory's order."""
        super().__init__(*args, **kwargs)
        self.fields["besoin"].queryset = Besoin.objects.filter(demande=demande)
        if besoins is not None:
            self.fields["besoin"].choices = [
                (b.pk, f"{b.get_type_display()} ({b.get_statut_display()})") for b in besoins
            ]
        if partenaires is not None:
            self.fields["partenaire"].choices = ChoixDejaNormalises([("", "---------"), *partenaires])


OFFRE_INTROUVABLE = "Cette offre n’est plus publiée ou n’existe pas : rechargez la page."


class OrientationOffreForm(forms.Form):
    """The button « Orienter vers cette offre » beside each offer the case page shows under a need (hidden
    fields: the need, the offer's public identifier)."""

    besoin = forms.ModelChoiceField(
        label="Besoin",
        queryset=Besoin.objects.none(),
        error_messages={
            "required": "Choisissez le besoin à orienter.",
            "invalid_choice": "Ce besoin ne fait pas partie de cette demande, ou aucune offre n’y répond.",
        },
    )
    offre = forms.UUIDField(
        label="Offre",
        error_messages={
            "required": "Choisissez l’offre vers laquelle orienter le besoin.",
            "invalid": OFFRE_INTROUVABLE,
        },
    )

    def __init__(self, *args, demande: Demande, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besoin"].queryset = Besoin.objects.filter(demande=demande, type__in=TYPES_OFFRE_PAR_BESOIN)

    def clean_offre(self) -> Offre:
        offre = Offre.objects.publiees().filter(uuid=self.cleaned_data["offre"]).first()
        if offre is None:
            raise forms.ValidationError(OFFRE_INTROUVABLE)
        return offre


class AnonymisationForm(forms.Form):
    motif = forms.CharField(
        label="Motif",
        initial="Demande d’effacement du demandeur",
        max_length=200,
        help_text="Sans donnée personnelle : il reste dans la chronologie.",
    )
    confirmation = forms.BooleanField(
        label="Je confirme : les données personnelles de cette demande seront effacées définitivement.",
        error_messages={"required": "Cochez la case pour confirmer l’anonymisation."},
    )


def formulaires_de_la_page(request, demande: Demande, besoins: list[Besoin]) -> dict:
    """The action forms shown under the case's form, with their choices already evaluated (fixed queries)."""
    user = request.user
    peut_modifier = user.has_perm(PERM_MODIFIER) and not demande.anonymisee_le
    contexte = {
        "peut_modifier": peut_modifier,
        "peut_attribuer": peut_modifier and user.has_perm(PERM_ATTRIBUER),
        "peut_se_proposer": peut_modifier and not demande.referent_id and not user.has_perm(PERM_ATTRIBUER),
        "peut_anonymiser": user.has_perm(PERM_ANONYMISER) and not demande.anonymisee_le,
        "peut_exporter": user.has_perm(PERM_EXPORTER),
    }
    if not peut_modifier:
        return contexte
    contexte["form_statut"] = StatutDemandeForm(demande=demande, prefix="statut")
    contexte["form_message"] = MessageForm(prefix="message")
    if besoins:
        contexte["form_statut_besoin"] = StatutBesoinForm(demande=demande, besoins=besoins, prefix="sb")
        contexte["form_orientation"] = OrientationForm(
            demande=demande, besoins=besoins, partenaires=list(Partenaire.objects.values_list("pk", "nom")), prefix="or"
        )
    if contexte["peut_attribuer"]:
        contexte["form_attribution"] = AttributionForm(
            agents=agents_de_la_requete(request), initial={"referent": demande.referent_id}, prefix="attr"
        )
    if contexte["peut_anonymiser"]:
        contexte["form_anonymisation"] = AnonymisationForm(prefix="anon")
    return contexte


def _erreurs(request, form) -> None:
    for champ, erreurs in form.errors.items():
        libelle = form.fields[champ].label if champ in form.fields else ""
        for erreur in erreurs:
            messages.error(request, f"{libelle} : {erreur}" if libelle else erreur)


def demande_action(request, model_admin, demande: Demande, action: str):
    """POST target of the case page's forms. The case was fetched through the permission-scoped queryset."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    page = reverse("admin:accompagnement_demande_change", args=[demande.pk])
    if action == "anonymiser":
        if not user.has_perm(PERM_ANONYMISER):
            raise PermissionDenied
        form = AnonymisationForm(request.POST, prefix="anon")
        if form.is_valid():
            demande_anonymiser(demande=demande, auteur=user, motif=form.cleaned_data["motif"])
            messages.success(request, "Les données personnelles de la demande ont été anonymisées.")
        else:
            _erreurs(request, form)
        return redirect(page)
    if not model_admin.has_change_permission(request, demande):
        raise PermissionDenied
    try:
        if action == "statut":
            form = StatutDemandeForm(request.POST, demande=demande, prefix="statut")
            if form.is_valid():
                demande_changer_statut(demande=demande, auteur=user, **form.cleaned_data)
                messages.success(request, "Le statut de la demande a été modifié ; le demandeur est prévenu.")
        elif action == "attribuer":
            form = AttributionForm(request.POST, prefix="attr")
            if not user.has_perm(PERM_ATTRIBUER):
                raise PermissionDenied
            if form.is_valid():
                demande_attribuer(demande=demande, auteur=user, **form.cleaned_data)
                messages.success(request, "La demande a été attribuée.")
        elif action == "prendre":
            form = None
            if demande.referent_id:
                raise ActionImpossible("Cette demande a déjà un·e référent·e.")
            demande_attribuer(demande=demande, referent=user, auteur=user)
            messages.success(request, "Vous êtes désormais référent·e de cette demande.")
        elif action == "message":
            form = MessageForm(request.POST, prefix="message")
            if form.is_valid():
                message_hotline_envoyer(demande=demande, auteur=user, corps=form.cleaned_data["corps"])
                messages.success(request, "Le message a été envoyé au demandeur.")
        elif action == "statut-besoin":
            form = StatutBesoinForm(request.POST, demande=demande, prefix="sb")
            if form.is_valid():
                besoin_changer_statut(auteur=user, **form.cleaned_data)
                messages.success(request, "Le statut du besoin a été modifié.")
        elif action == "orienter":
            form = OrientationForm(request.POST, demande=demande, prefix="or")
            if form.is_valid():
                besoin_orienter(auteur=user, **form.cleaned_data)
                messages.success(request, "Le besoin a été orienté vers le partenaire.")
        else:
            raise Http404
    except (TransitionInterdite, ActionImpossible) as erreur:
        messages.error(request, str(erreur))
        return redirect(page)
    if form is not None and not form.is_valid():
        _erreurs(request, form)
    return redirect(page)


def demande_orienter_offre(request, model_admin, demande: Demande):
    """POST target of « Orienter vers cette offre » on the case page; the case was fetched through the
    permission-scoped queryset (404 outside it), the same change permission as the case's other actions."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request, demande):
        raise PermissionDenied
    page = reverse("admin:accompagnement_demande_change", args=[demande.pk])
    form = OrientationOffreForm(request.POST, demande=demande)
    if not form.is_valid():
        _erreurs(request, form)
        return redirect(page)
    besoin, offre = form.cleaned_data["besoin"], form.cleaned_data["offre"]
    try:
        besoin_orienter_offre(besoin=besoin, offre=offre, auteur=request.user)
    except (TransitionInterdite, ActionImpossible) as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(
            request,
            f"Le besoin « {besoin.get_type_display()} » a été orienté vers l’offre « {offre.titre} » ; "
            "son auteur est prévenu que la hotline le mettra en relation, le demandeur voit l’offre dans son espace.",
        )
    return redirect(page)


def demande_donnees(request, demande: Demande, format: str):
    """Right of access: everything about the requester, as a JSON or CSV file (POST: it is recorded)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm(PERM_EXPORTER):
        raise PermissionDenied
    if format not in ("json", "csv"):
        raise Http404
    donnees = demande_exporter_donnees(demande=demande, auteur=request.user)
    if format == "json":
        reponse = HttpResponse(exports.donnees_json(donnees), content_type="application/json; charset=utf-8")
    else:
        reponse = HttpResponse(exports.donnees_csv(donnees), content_type=exports.TYPE_CSV)
    reponse["Content-Disposition"] = f'attachment; filename="donnees-{demande.reference}.{format}"'
    return reponse


# --- workload and activity ----------------------------------------------------------------------------------
def charge_view(request, model_admin):
    if not request.user.has_perm(PERM_VOIR):
        raise PermissionDenied
    contexte = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Charge de travail de l’équipe",
        "charge": charge_de_travail(),
    }
    return TemplateResponse(request, "admin/accompagnement/charge.html", contexte)


def _un_mois_apres(jour: date) -> date:
    """The same day a month later (the last day of that month when it is shorter: 31 January → 28 February)."""
    annee, mois = jour.year + jour.month // 12, jour.month % 12 + 1
    dernier = (date(annee + mois // 12, mois % 12 + 1, 1) - timedelta(days=1)).day
    return date(annee, mois, min(jour.day, dernier))


def chiffres_exacts(user) -> bool:
    """Who reads the activity figures exactly: those who may see every case (Responsable). The others (the
    Observatoire group) get them under statistical secrecy (selectors/statistiques.py) and periods of at least
    a month, so that no figure points at a person."""
    return user.has_perm(PERM_VOIR_TOUTES)


class PeriodeForm(forms.Form):
    debut = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    fin = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, secret: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = secret

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and debut > fin:
            self.add_error("fin", "La fin de la période doit suivre son début.")
        elif self.secret and debut and fin and fin < _un_mois_apres(debut) - timedelta(days=1):
            self.add_error(
                "fin",
                "Choisissez une période d’au moins un mois (par exemple du 1er au 31 janvier) : sur une période "
                "plus courte, les chiffres pourraient désigner une personne.",
            )
        if debut and fin and (fin - debut).days > 366 * 10:
            self.add_error("debut", "Choisissez une période de dix ans au plus.")
        return donnees


def _periode(request, *, secret: bool) -> tuple[PeriodeForm, date, date]:
    debut, fin = periode_par_defaut()
    if "debut" in request.GET or "fin" in request.GET:
        form = PeriodeForm(request.GET, secret=secret)
        if form.is_valid():
            return form, form.cleaned_data["debut"], form.cleaned_data["fin"]
        return form, debut, fin
    return PeriodeForm(initial={"debut": debut, "fin": fin}, secret=secret), debut, fin


def activite_view(request, model_admin):
    if not request.user.has_perm(PERM_STATISTIQUES):
        raise PermissionDenied
    secret = not chiffres_exacts(request.user)
    form, debut, fin = _periode(request, secret=secret)
    resultat, calcule_le = activite_en_cache(debut, fin, secret=secret)
    contexte = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Activité de l’accompagnement",
        "form": form,
        "activite": resultat,
        "synthese": resultat.synthese(),
        "peut_exporter": request.user.has_perm(PERM_EXPORTER),
        "parametres": f"debut={debut:%Y-%m-%d}&fin={fin:%Y-%m-%d}",
        "age_minutes": int((timezone.now() - calcule_le).total_seconds() // 60),
        "duree_cache_minutes": DUREE_CACHE_ACTIVITE // 60,
    }
    return TemplateResponse(request, "admin/accompagnement/activite.html", contexte)


def activite_export(request, model_admin, format: str):
    if not (request.user.has_perm(PERM_STATISTIQUES) and request.user.has_perm(PERM_EXPORTER)):
        raise PermissionDenied
    if format not in ("csv", "xlsx"):
        raise Http404
    secret = not chiffres_exacts(request.user)
    form, debut, fin = _periode(request, secret=secret)
    if form.is_bound and not form.is_valid():  # never the default period in place of the one asked for
        erreurs = " ".join(message for messages in form.errors.values() for message in messages)
        return HttpResponseBadRequest(f"Période refusée : {erreurs}", content_type="text/plain; charset=utf-8")
    resultat = activite(debut, fin, secret=secret)
    if format == "csv":
        reponse = HttpResponse(exports.activite_csv(resultat), content_type=exports.TYPE_CSV)
    else:
        reponse = HttpResponse(exports.activite_xlsx(resultat), content_type=exports.TYPE_XLSX)
    reponse["Content-Disposition"] = f'attachment; filename="activite-{debut:%Y%m%d}-{fin:%Y%m%d}.{format}"'
    return reponse
