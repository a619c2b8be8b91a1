"""Accessible names for the fields of the back office's tables (RGAA, issue 15).

An inline row's fields and a list's editable fields sit in table cells under a column header: no <label> names
them, and a screen reader announces « liste déroulante » without saying which field of which row. Every such
field gets an `aria-label` naming its column and its row — « Statut du besoin « Logement » ».

- `LignesNommeesMixin` on every inline of the admin (TabularInline or StackedInline);
- `ListeEditableNommeeMixin` on every ModelAdmin with `list_editable`.
tests/bienvenuedoc/test_admin_accessible.py checks the admin registry: an admin or an inline without them fails."""

from django import forms


def _nom_de_ligne(form, modele, gabarit: str) -> str:
    instance = form.instance
    ligne = str(instance) if instance is not None and instance.pk else "nouvelle ligne"
    return gabarit.format(modele=modele._meta.verbose_name, ligne=ligne)


def formulaire_a_lignes_nommees(form_class: type[forms.BaseForm], modele, gabarit: str) -> type[forms.BaseForm]:
    """`form_class` whose every visible field is named « <its label> <the row> » (`gabarit` names the row from
    `{modele}`, the model's verbose name, and `{ligne}`, the row's object)."""

    class FormulaireALigneNommee(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            ligne = _nom_de_ligne(self, modele, gabarit)
            for champ in self.fields.values():
                if champ.widget.is_hidden:
                    continue
                # the admin's RelatedFieldWidgetWrapper renders its inner widget, and its copy shares the
                # attributes of the original's: a new dict on the widget really rendered, never a shared one
                widget = getattr(champ.widget, "widget", champ.widget)
                widget.attrs = {**widget.attrs, "aria-label": f"{champ.label} {ligne}"}

    FormulaireALigneNommee.__name__ = form_class.__name__
    return FormulaireALigneNommee


class LignesNommeesMixin:
    """For an InlineModelAdmin. `nom_de_ligne` may be set to speak better French than the default
    (« du besoin « {ligne} » », « de l’étape « {ligne} » »)."""

    nom_de_ligne = "— {modele} « {ligne} »"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = formulaire_a_lignes_nommees(formset.form, self.model, self.nom_de_ligne)
        return formset


class ListeEditableNommeeMixin:
    """For a ModelAdmin with `list_editable`: each editable cell named by its column and its row's object."""

    nom_de_ligne = "— « {ligne} »"

    def get_changelist_form(self, request, **kwargs):
        return formulaire_a_lignes_nommees(
            super().get_changelist_form(request, **kwargs), self.model, self.nom_de_ligne
        )
