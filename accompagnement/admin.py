"""The hotline's back office (Django admin under /gestion/).

Every queryset of cases, needs, messages, notes and timeline rows goes through
`Demande.objects.visibles_par(request.user)`; a case one may not see answers 404. Statuses, assignment,
referrals, messages, notes, documents and checklist steps are written by the services of
`services/suivi.py` (timeline row, `derniere_action_le`, e-mails after commit), never by a bare `save()`."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from bienvenuedoc.admin_accessible import LignesNommeesMixin, ListeEditableNommeeMixin
from bienvenuedoc.historique import HistoriqueLisibleAdmin
from bienvenuedoc.models import configuration_courante
from bienvenuedoc.utils.fichiers import valider_document, valider_image
from observatoire.models import EPCI

from . import admin_views
from .enums import StatutBesoin, StatutDemande
from .groupes import est_responsable
from .models import (
    Besoin,
    Demande,
    Document,
    Etape,
    ModeleEtape,
    NoteInterne,
    ProfilAgent,
)
from .selectors.backoffice import (
    agents_possibles,
    demande_chronologie,
    demande_fil_messages,
    demandes_annotees,
    filtre_en_retard,
    offres_pour_besoins,
)
from .services.suivi import besoin_modifier, document_partager, etape_modifier, note_ajouter

# The admin index shows the hotline's dashboards (workload, activity) next to the app list.
admin.site.index_template = "admin/accompagnement/index.html"


def _visibles(request):
    return Demande.objects.visibles_par(request.user)


# --- list filters -------------------------------------------------------------------------------------------
class TypeBesoinFilter(admin.SimpleListFilter):
    title = "type de besoin"
    parameter_name = "besoin"

    def lookups(self, request, model_admin):
        from partenaires.enums import TypeBesoin

        return TypeBesoin.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pk__in=Besoin.objects.filter(type=self.value()).values("demande_id"))
        return queryset


class ReferentFilter(admin.SimpleListFilter):
    title = "référent·e"
    parameter_name = "referent"

    def lookups(self, request, model_admin):
        return [
            ("moi", "Mes demandes"),
            ("aucun", "Non attribuées"),
            *((str(a.pk), a.get_full_name() or a.get_username()) for a in agents_possibles()),
        ]

    def queryset(self, request, queryset):
        valeur = self.value()
        if valeur == "moi":
            return queryset.filter(referent=request.user)
        if valeur == "aucun":
            return queryset.filter(referent__isnull=True)
        if valeur and valeur.isdigit():
            return queryset.filter(referent_id=int(valeur))
        return queryset


class EPCIFilter(admin.SimpleListFilter):
    title = "intercommunalité souhaitée"
    parameter_name = "epci"

    def lookups(self, request, model_admin):
        epcis = EPCI.objects.filter(communes__departement__code=settings.DEPARTEMENT).distinct().order_by("nom")
        return [(str(e.pk), e.nom) for e in epcis.only("pk", "nom")]

    def queryset(self, request, queryset):
        valeur = self.value()
        if not (valeur and valeur.isdigit()):
            return queryset
        par_epci = Demande.epcis.through.objects.filter(epci_id=int(valeur)).values("demande_id")
        par_commune = Demande.communes.through.objects.filter(commune__epci_id=int(valeur)).values("demande_id")
        return queryset.filter(Q(pk__in=par_epci) | Q(pk__in=par_commune))


class AncienneteFilter(admin.SimpleListFilter):
    title = "ancienneté de la demande"
    parameter_name = "anciennete"
    TRANCHES = {
        "semaine": ("Moins de 7 jours", 0, 7),
        "mois": ("7 à 30 jours", 7, 30),
        "trimestre": ("1 à 3 mois", 30, 91),
        "annee": ("3 à 12 mois", 91, 365),
        "plus": ("Plus d’un an", 365, None),
    }

    def lookups(self, request, model_admin):
        return [(cle, libelle) for cle, (libelle, _, _) in self.TRANCHES.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.TRANCHES:
            return queryset
        _, mini, maxi = self.TRANCHES[self.value()]
        maintenant = timezone.now()
        queryset = queryset.filter(recue_le__lte=maintenant - timedelta(days=mini))
        if maxi is not None:
            queryset = queryset.filter(recue_le__gt=maintenant - timedelta(days=maxi))
        return queryset


class SansActionFilter(admin.SimpleListFilter):
    title = "sans action depuis"
    parameter_name = "sans_action"
    JOURS = (7, 15, 30)

    def lookups(self, request, model_admin):
        return [(str(n), f"{n} jours ou plus") for n in self.JOURS]

    def queryset(self, request, queryset):
        if self.value() in {str(n) for n in self.JOURS}:
            seuil = timezone.now() - timedelta(days=int(self.value()))
            return queryset.filter(statut__in=StatutDemande.ouverts(), derniere_action_le__lte=seuil)
        return queryset


class EnRetardFilter(admin.SimpleListFilter):
    title = "première réponse"
    parameter_name = "retard"

    def lookups(self, request, model_admin):
        return [("oui", "En retard"), ("non", "Dans les délais ou donnée")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(filtre_en_retard())
        if self.value() == "non":
            return queryset.exclude(filtre_en_retard())
        return queryset


# --- inlines of the case page -------------------------------------------------------------------------------
class PorteeDemandeMixin:
    """Inline rows only from cases the user may see."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(demande__in=_visibles(request))


class ChoixAgentsMixin:
    """Evaluates the agents' list once per request, not once per inline row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agent":
            kwargs["queryset"] = agents_possibles()
            champ = super().formfield_for_foreignkey(db_field, request, **kwargs)
            if not hasattr(request, "_choix_agents"):
                request._choix_agents = [("", "---------")] + [
                    (a.pk, a.get_full_name() or a.get_username()) for a in admin_views.agents_de_la_requete(request)
                ]
            champ.choices = request._choix_agents
            champ.label_from_instance = lambda a: a.get_full_name() or a.get_username()
            return champ
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BesoinInline(PorteeDemandeMixin, ChoixAgentsMixin, LignesNommeesMixin, admin.TabularInline):
    model = Besoin
    nom_de_ligne = "du besoin « {ligne} »"
    extra = 0
    can_delete = False
    fields = ["type", "precisions", "statut", "agent", "echeance", "partenaire", "offre", "oriente_le", "resolu_le"]
    readonly_fields = ["type", "precisions", "statut", "partenaire", "offre", "oriente_le", "resolu_le"]
    verbose_name_plural = "besoins (statut et orientation : formulaires sous la demande)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partenaire", "offre", "agent")

    def get_readonly_fields(self, request, obj=None):
        champs = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(admin_views.PERM_ATTRIBUER):
            champs.append("agent")
        return champs

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="précisions")
    def precisions(self, besoin):
        morceaux = [besoin.precision]
        if besoin.domaine_conjoint:
            morceaux.append(f"Domaine du conjoint : {besoin.domaine_conjoint}")
        if besoin.ages_enfants:
            morceaux.append(f"Âge des enfants : {besoin.ages_enfants}")
        return " — ".join(m for m in morceaux if m) or "—"


class EtapeInline(PorteeDemandeMixin, LignesNommeesMixin, admin.TabularInline):
    model = Etape
    nom_de_ligne = "de l’étape « {ligne} »"
    extra = 0
    can_delete = False
    fields = ["ordre", "titre", "organisme", "statut", "echeance", "faite_le"]
    readonly_fields = ["ordre", "titre", "organisme", "faite_le"]

    def has_add_permission(self, request, obj=None):
        return False


class AjoutSeulementMixin:
    """Existing rows read-only (a note or a shared document is never rewritten), new rows allowed."""

    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class NoteInterneInline(PorteeDemandeMixin, AjoutSeulementMixin, LignesNommeesMixin, admin.StackedInline):
    model = NoteInterne
    nom_de_ligne = "de la note « {ligne} »"
    fields = ["corps", "auteur", "cree_le"]
    readonly_fields = ["auteur", "cree_le"]
    verbose_name_plural = "notes internes (jamais visibles du demandeur)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("auteur")


class DocumentInline(PorteeDemandeMixin, AjoutSeulementMixin, LignesNommeesMixin, admin.TabularInline):
    model = Document
    nom_de_ligne = "du document « {ligne} »"
    fields = ["titre", "fichier", "auteur", "cree_le"]
    readonly_fields = ["auteur", "cree_le"]
    # the one upload rule (type read from the content, size limit), as document_partager checks it again
    formfield_overrides = {
        models.FileField: {
            "validators": [valider_document],
            "help_text": f"Formats acceptés : {valider_document.formats()} ; "
            f"{filesizeformat(valider_document.taille_max)} au plus.",
        }
    }
    verbose_name_plural = "documents partagés avec le demandeur"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("auteur")


# --- the case list and page ---------------------------------------------------------------------------------
@admin.register(Demande)
class DemandeAdmin(HistoriqueLisibleAdmin):
    list_display = [
        "reference",
        "demandeur",
        "profil",
        "type_projet",
        "statut",
        "referent_nom",
        "recue_le",
        "age_jours",
        "sans_action_jours",
        "retard",
        "besoins_ouverts",
    ]
    list_display_links = ["reference", "demandeur"]
    list_filter = [
        "statut",
        "profil",
        "type_projet",
        TypeBesoinFilter,
        ReferentFilter,
        EPCIFilter,
        AncienneteFilter,
        SansActionFilter,
        EnRetardFilter,
    ]
    # names without accents or case (« Nguyen » finds « Nguyễn »): bienvenuedoc/utils/recherche.py, migration 0014
    search_fields = ["=reference", "nom__sans_accents", "prenom__sans_accents", "email", "=rpps"]
    search_help_text = "Nom, prénom (avec ou sans accents), adresse électronique, numéro RPPS ou référence."
    list_select_related = ["referent"]
    list_per_page = 50
    show_full_result_count = False
    inlines = [BesoinInline, EtapeInline, NoteInterneInline, DocumentInline]
    fieldsets = [
        (
            "Demandeur",
            {"fields": ["prenom", "nom", "email", "telephone", "profil", "rpps", "specialite", "universite"]},
        ),
        (
            "Projet",
            {
                "fields": [
                    "type_projet",
                    ("periode_debut", "periode_fin"),
                    "communes_souhaitees",
                    "epcis_souhaites",
                    "mode_exercice",
                    "structures_souhaitees",
                    "message",
                ]
            },
        ),
        (
            "Suivi",
            {
                "fields": [
                    "reference",
                    "statut",
                    "referent_nom",
                    "recue_le",
                    "premiere_reponse_le",
                    "cloturee_le",
                    "derniere_action_le",
                    "consentement_le",
                    "suppression_demandee_le",
                    "anonymisee_le",
                ]
            },
        ),
    ]
    # django-simple-history shows a column's name as its header and a field's stored code as its value: an
    # admin method named as the header gives the label (« Retirée par le demandeur », not « retiree »)
    history_list_display = ["Statut"]

    def Statut(self, version):  # the name is the column header
        return version.get_statut_display()

    # -- querysets and permissions --
    def get_queryset(self, request):
        return demandes_annotees(_visibles(request))

    def get_ordering(self, request):
        # open cases first, the oldest on top
        return ["rang_statut", "recue_le"]

    def get_object(self, request, object_id, from_field=None):
        """Fetched once per request (change_view needs it before the admin's own view fetches it again)."""
        cache = request.__dict__.setdefault("_demandes_lues", {})
        cle = (str(object_id), from_field)
        if cle not in cache:
            cache[cle] = super().get_object(request, object_id, from_field)
        if cache[cle] is None:
            raise Http404("Demande introuvable.")
        return cache[cle]

    def has_add_permission(self, request):
        return False  # cases come from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # anonymisation, never deletion: statistics are kept

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.anonymisee_le:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [champ for _, options in self.fieldsets for ligne in options["fields"] for champ in _aplatir(ligne)]

    # -- list columns --
    @admin.display(description="demandeur", ordering="nom")
    def demandeur(self, demande):
        return demande.nom_complet if not demande.anonymisee_le else "(anonymisée)"

    @admin.display(description="référent·e", ordering="referent__last_name")
    def referent_nom(self, demande):
        if not demande.referent_id:
            return "Non attribuée"
        return demande.referent.get_full_name() or demande.referent.get_username()

    @admin.display(description="âge (jours)", ordering="recue_le")
    def age_jours(self, demande):
        return (timezone.now() - demande.recue_le).days

    @admin.display(description="sans action depuis (jours)", ordering="derniere_action_le")
    def sans_action_jours(self, demande):
        return (timezone.now() - demande.derniere_action_le).days

    @admin.display(description="1re réponse")
    def retard(self, demande):
        if demande.en_retard:
            return format_html('<strong class="bd-retard">{}</strong>', "En retard")
        if demande.premiere_reponse_le:
            return "Donnée"
        return "À faire" if demande.statut in StatutDemande.ouverts() else "—"

    @admin.display(description="besoins ouverts", ordering="nb_besoins_ouverts")
    def besoins_ouverts(self, demande):
        return demande.nb_besoins_ouverts

    # -- read-only blocks of the page --
    @admin.display(description="communes souhaitées")
    def communes_souhaitees(self, demande):
        return ", ".join(demande.communes.order_by("nom").values_list("nom", flat=True)) or "—"  # no contour

    @admin.display(description="intercommunalités souhaitées")
    def epcis_souhaites(self, demande):
        return ", ".join(demande.epcis.order_by("nom").values_list("nom", flat=True)) or "—"

    @admin.display(description="structures souhaitées")
    def structures_souhaitees(self, demande):
        from .enums import StructureExercice

        libelles = dict(StructureExercice.choices)
        return ", ".join(libelles.get(s, s) for s in demande.structures or []) or "—"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "delai_jours": configuration_courante().delai_premiere_reponse_jours}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        demande = self.get_object(request, object_id)
        besoins = list(Besoin.objects.filter(demande=demande).select_related("partenaire", "offre", "agent"))
        extra_context = {
            **(extra_context or {}),
            **admin_views.formulaires_de_la_page(request, demande, besoins),
            "besoins_suivi": besoins,
            "chronologie": demande_chronologie(demande),
            "fil_messages": demande_fil_messages(demande),
            "demande_suivie": demande,
            "offres_besoins": offres_pour_besoins(demande, besoins) if demande else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # -- saving: nothing on the case itself (read-only), the inlines through the services --
    def save_model(self, request, obj, form, change):
        pass

    def save_formset(self, request, form, formset, change):
        demande = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for sous_form in formset.forms:
            if not sous_form.has_changed() or not sous_form.is_valid():
                continue
            donnees = sous_form.cleaned_data
            instance = sous_form.instance
            if formset.model is Besoin and instance.pk:
                besoin_modifier(
                    besoin=instance,
                    auteur=request.user,
                    agent=donnees.get("agent", instance.agent) if "agent" in sous_form.fields else instance.agent,
                    echeance=donnees.get("echeance"),
                )
                formset.changed_objects.append((instance, sous_form.changed_data))
            elif formset.model is Etape and instance.pk:
                etape_modifier(
                    etape=instance, auteur=request.user, statut=donnees["statut"], echeance=donnees.get("echeance")
                )
                formset.changed_objects.append((instance, sous_form.changed_data))
            elif formset.model is NoteInterne and not instance.pk and donnees.get("corps"):
                formset.new_objects.append(note_ajouter(demande=demande, auteur=request.user, corps=donnees["corps"]))
            elif formset.model is Document and not instance.pk and donnees.get("fichier"):
                formset.new_objects.append(
                    document_partager(
                        demande=demande, auteur=request.user, titre=donnees["titre"], fichier=donnees["fichier"]
                    )
                )

    # -- extra pages --
    def get_urls(self):
        def vue(fonction):
            return self.admin_site.admin_view(fonction)

        return [
            path("charge/", vue(lambda r: admin_views.charge_view(r, self)), name="accompagnement_demande_charge"),
            path(
                "activite/", vue(lambda r: admin_views.activite_view(r, self)), name="accompagnement_demande_activite"
            ),
            path(
                "activite/export.<str:format>",
                vue(lambda r, format: admin_views.activite_export(r, self, format)),
                name="accompagnement_demande_activite_export",
            ),
            path(
                "<path:object_id>/action/<slug:action>/",
                vue(
                    lambda r, object_id, action: admin_views.demande_action(
                        r, self, self.get_object(r, object_id), action
                    )
                ),
                name="accompagnement_demande_action",
            ),
            path(
                "<path:object_id>/orienter-offre/",
                vue(lambda r, object_id: admin_views.demande_orienter_offre(r, self, self.get_object(r, object_id))),
                name="accompagnement_demande_orienter_offre",
            ),
            path(
                "<path:object_id>/donnees.<str:format>",
                vue(lambda r, object_id, format: admin_views.demande_donnees(r, self.get_object(r, object_id), format)),
                name="accompagnement_demande_donnees",
            ),
            *super().get_urls(),
        ]


def _aplatir(ligne):
    return ligne if isinstance(ligne, tuple) else (ligne,)


# --- needs (the workload view links here) -------------------------------------------------------------------
class BesoinEnRetardFilter(admin.SimpleListFilter):
    title = "échéance"
    parameter_name = "echeance_passee"

    def lookups(self, request, model_admin):
        return [("oui", "Dépassée (besoin ouvert)")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(statut__in=StatutBesoin.ouverts(), echeance__lt=timezone.localdate())
        return queryset


class AgentFilter(ReferentFilter):
    title = "chargé·e du besoin"
    parameter_name = "agent"

    def queryset(self, request, queryset):
        valeur = self.value()
        if valeur == "moi":
            return queryset.filter(agent=request.user)
        if valeur == "aucun":
            return queryset.filter(agent__isnull=True)
        if valeur and valeur.isdigit():
            return queryset.filter(agent_id=int(valeur))
        return queryset


class StatutOuvertFilter(admin.SimpleListFilter):
    title = "ouvert ou clos"
    parameter_name = "ouvert"

    def lookups(self, request, model_admin):
        return [("oui", "Ouverts"), ("non", "Clos")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.ouverts()
        if self.value() == "non":
            return queryset.exclude(statut__in=StatutBesoin.ouverts())
        return queryset


@admin.register(Besoin)
class BesoinAdmin(HistoriqueLisibleAdmin):
    """Read-only list of needs across cases; each row leads to its case page, where it is handled. Its history
    pages are scoped like the cases (bienvenuedoc/historique.py: 404 outside `get_queryset`, no revert)."""

    raw_id_fields = ["demande", "agent", "partenaire"]
    list_display = ["demande_lien", "type", "statut", "agent", "echeance", "partenaire", "oriente_le"]
    list_display_links = None
    list_filter = [StatutOuvertFilter, "statut", "type", AgentFilter, BesoinEnRetardFilter]
    list_select_related = ["demande", "agent", "partenaire"]
    search_fields = ["=demande__reference"]
    ordering = ["echeance", "pk"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).filter(demande__in=_visibles(request))

    def get_object(self, request, object_id, from_field=None):
        objet = super().get_object(request, object_id, from_field)
        if objet is None:
            raise Http404("Besoin introuvable.")
        return objet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "demande":
            # the visible cases, not the case admin's queryset: its ordering needs its list's annotations
            # (rang_statut), and a FieldError made the need's pages answer 500
            kwargs["queryset"] = _visibles(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="demande", ordering="demande__recue_le")
    def demande_lien(self, besoin):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:accompagnement_demande_change", args=[besoin.demande_id]),
            besoin.demande.reference,
        )


# --- checklist templates, agents' profiles ---------------------------------------------
@admin.register(ModeleEtape)
class ModeleEtapeAdmin(ListeEditableNommeeMixin, HistoriqueLisibleAdmin):
    list_display = ["titre", "type_projet", "pour_etudiants", "ordre", "organisme", "delai_jours", "actif"]
    list_filter = ["type_projet", "pour_etudiants", "actif"]
    list_editable = ["ordre", "actif"]
    search_fields = ["titre", "organisme"]


@admin.register(ProfilAgent)
class ProfilAgentAdmin(admin.ModelAdmin):
    list_display = ["agent", "fonction", "telephone_direct"]
    formfield_overrides = {
        models.ImageField: {
            "validators": [valider_image],
            "help_text": f"Formats acceptés : {valider_image.formats()} ; "
            f"{filesizeformat(valider_image.taille_max)} au plus.",
        }
    }
    list_select_related = ["user"]
    autocomplete_fields = []

    @admin.display(description="agent", ordering="user__last_name")
    def agent(self, profil):
        return profil.user.get_full_name() or profil.user.get_username()


# --- partners: referral counts next to the directory --------------------------------------------------------
def _etendre_partenaire_admin():
    """Adds « besoins orientés » and « dont résolus » to the partner directory's admin (partenaires.admin),
    and lets the « Responsable » role export the partners' internal contacts (bienvenuedoc/admin_import_export.py),
    here because partenaires must not know about accompagnement (imports only go downward)."""
    from partenaires import admin as partenaires_admin
    from partenaires.models import Partenaire

    base = getattr(partenaires_admin, "PartenaireAdmin", None)
    if base is None:
        return

    class PartenaireAvecOrientationsAdmin(base):
        def get_queryset(self, request):
            return (
                super()
                .get_queryset(request)
                .annotate(
                    nb_orientes=Count("besoins_orientes", distinct=True),
                    nb_resolus=Count(
                        "besoins_orientes",
                        filter=Q(besoins_orientes__statut=StatutBesoin.RESOLU),
                        distinct=True,
                    ),
                )
            )

        def get_list_display(self, request):
            return [*super().get_list_display(request), "besoins_orientes", "dont_resolus"]

        def get_readonly_fields(self, request, obj=None):
            return [*super().get_readonly_fields(request, obj), "besoins_orientes", "dont_resolus"]

        def get_fieldsets(self, request, obj=None):
            fieldsets = list(super().get_fieldsets(request, obj))
            if obj is None:
                return fieldsets
            deja = {c for _, options in fieldsets for ligne in options["fields"] for c in _aplatir(ligne)}
            if "besoins_orientes" in deja:
                return fieldsets
            return [*fieldsets, ("Orientations de la hotline", {"fields": ["besoins_orientes", "dont_resolus"]})]

        def peut_exporter_champs_personnels(self, request):
            return est_responsable(request.user)

        @admin.display(description="besoins orientés", ordering="nb_orientes")
        def besoins_orientes(self, partenaire):
            return getattr(partenaire, "nb_orientes", 0)

        @admin.display(description="dont résolus", ordering="nb_resolus")
        def dont_resolus(self, partenaire):
            return getattr(partenaire, "nb_resolus", 0)

    if admin.site.is_registered(Partenaire):
        admin.site.unregister(Partenaire)
    admin.site.register(Partenaire, PartenaireAvecOrientationsAdmin)


_etendre_partenaire_admin()
