"""The offers in the back office: the moderation queue (offers waiting first), filters, and the actions that
publish or send back to the draft through the services (history row, e-mail to the author after commit). The
status is read-only here: it changes only through the actions."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from bienvenuedoc.admin_accessible import LignesNommeesMixin
from bienvenuedoc.utils.tableur import tableau_csv, tableau_xlsx

from .enums import StatutOffre
from .models import AlerteOffre, EvenementOffre, Offre
from .services.offres import TransitionInterdite, offre_changer_statut, offre_publier, offre_refuser


class EvenementOffreInline(LignesNommeesMixin, admin.TabularInline):
    model = EvenementOffre
    nom_de_ligne = "de l’événement « {ligne} »"
    extra = 0
    can_delete = False
    fields = ("cree_le", "type", "de", "vers", "auteur", "par_auteur_offre", "commentaire")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MotifRefusForm(forms.Form):
    motif = forms.CharField(
        label="Motif, envoyé à l’auteur de l’offre",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Écrivez le motif : l’auteur le reçoit pour corriger son offre."},
    )


@admin.register(Offre)
class OffreAdmin(admin.ModelAdmin):
    list_display = ("titre", "type", "statut", "commune", "cree_le", "fin_publication")
    list_filter = ("statut", "type", ("commune__epci", admin.RelatedOnlyFieldListFilter))
    search_fields = ("titre", "contact_nom", "commune__nom")
    list_select_related = ("commune",)
    date_hierarchy = "cree_le"
    readonly_fields = (
        "uuid",
        "statut",
        "latitude",
        "longitude",
        "source_coordonnees",
        "cree_le",
        "modifiee_le",
        "publiee_le",
        "pourvue_le",
        "rappel_expiration_le",
    )
    inlines = [EvenementOffreInline]
    actions = ["publier", "renvoyer_au_brouillon", "expirer", "exporter_csv", "exporter_xlsx"]

    def get_queryset(self, request):
        # the moderation queue first, then the newest
        rang = models.Case(
            models.When(statut=StatutOffre.EN_ATTENTE, then=0), default=1, output_field=models.IntegerField()
        )
        return super().get_queryset(request).annotate(rang_moderation=rang).order_by("rang_moderation", "-cree_le")

    def has_add_permission(self, request):
        return False  # an offer is posted by its author (public form), never typed by staff

    def changelist_view(self, request, extra_context=None):
        from .selectors import statistiques_offres

        extra_context = {**(extra_context or {}), "statistiques": statistiques_offres()}
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # staff read an offer and moderate it through the actions; its author edits it from their space
        return [champ.name for champ in Offre._meta.fields]

    @admin.action(description="Publier les offres choisies", permissions=["change"])
    def publier(self, request, queryset):
        publiees, refus = 0, []
        for offre in queryset:
            try:
                offre_publier(offre=offre, auteur=request.user)
                publiees += 1
            except TransitionInterdite as erreur:
                refus.append(f"« {offre.titre} » : {erreur}")
        if publiees:
            self.message_user(request, f"{publiees} offre(s) publiée(s) ; leurs auteurs sont prévenus.")
        for message in refus:
            self.message_user(request, message, level=messages.ERROR)

    @admin.action(description="Marquer les offres choisies comme expirées", permissions=["change"])
    def expirer(self, request, queryset):
        expirees = 0
        for offre in queryset:
            try:
                offre_changer_statut(offre=offre, vers=StatutOffre.EXPIREE, auteur=request.user)
                expirees += 1
            except TransitionInterdite as erreur:
                self.message_user(request, f"« {offre.titre} » : {erreur}", level=messages.ERROR)
        if expirees:
            self.message_user(request, f"{expirees} offre(s) expirée(s) : elles ont quitté le site.")

    COLONNES_EXPORT = [
        "type",
        "titre",
        "statut",
        "commune",
        "code INSEE",
        "EPCI",
        "créée le",
        "publiée le",
        "pourvue le",
        "fin de publication",
    ]

    def _lignes_export(self, queryset):
        """The exported rows: never the author's e-mail; dates as dates (the XLSX keeps them as such)."""
        for offre in queryset.select_related("commune__epci").order_by("pk"):
            yield [
                offre.get_type_display(),
                offre.titre,
                offre.get_statut_display(),
                offre.commune.nom,
                offre.commune.code_insee,
                offre.commune.epci.nom if offre.commune.epci_id else "",
                timezone.localdate(offre.cree_le),
                timezone.localdate(offre.publiee_le) if offre.publiee_le else "",
                timezone.localdate(offre.pourvue_le) if offre.pourvue_le else "",
                offre.fin_publication,
            ]

    @staticmethod
    def _fichier(contenu: bytes, type_contenu: str, nom: str) -> HttpResponse:
        reponse = HttpResponse(contenu, content_type=type_contenu)
        reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
        return reponse

    @admin.action(description="Exporter les offres choisies (CSV, sans les adresses des auteurs)", permissions=["view"])
    def exporter_csv(self, request, queryset):
        contenu = tableau_csv(self.COLONNES_EXPORT, self._lignes_export(queryset))
        return self._fichier(contenu, "text/csv; charset=utf-8", "offres.csv")

    @admin.action(
        description="Exporter les offres choisies (XLSX, sans les adresses des auteurs)", permissions=["view"]
    )
    def exporter_xlsx(self, request, queryset):
        contenu = tableau_xlsx(self.COLONNES_EXPORT, self._lignes_export(queryset), titre="Offres")
        return self._fichier(
            contenu, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "offres.xlsx"
        )

    @admin.action(description="Renvoyer au brouillon (avec un motif pour l’auteur)", permissions=["change"])
    def renvoyer_au_brouillon(self, request, queryset):
        form = MotifRefusForm(data=request.POST if "motif" in request.POST else None)
        if form.is_bound and form.is_valid():
            renvoyees = 0
            for offre in queryset:
                try:
                    offre_refuser(offre=offre, auteur=request.user, motif=form.cleaned_data["motif"])
                    renvoyees += 1
                except TransitionInterdite as erreur:
                    self.message_user(request, f"« {offre.titre} » : {erreur}", level=messages.ERROR)
            if renvoyees:
                self.message_user(
                    request, f"{renvoyees} offre(s) renvoyée(s) au brouillon ; leurs auteurs ont le motif."
                )
            return None
        contexte = {
            **self.admin_site.each_context(request),
            "title": "Renvoyer des offres au brouillon",
            "offres": queryset,
            "form": form,
            "opts": self.model._meta,
            "action": "renvoyer_au_brouillon",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/remplacements/offre/motif_refus.html", contexte)


@admin.register(AlerteOffre)
class AlerteOffreAdmin(admin.ModelAdmin):
    """Alerts are personal data: staff find one by its address to delete it on request (right to erasure)."""

    list_display = ("email", "creee_le", "confirmee_le")
    list_filter = (("confirmee_le", admin.EmptyFieldListFilter),)
    search_fields = ("=email",)
    readonly_fields = ("email", "criteres", "creee_le", "confirmee_le", "resume_depuis", "resume_jusqua")

    def has_add_permission(self, request):
        return False
