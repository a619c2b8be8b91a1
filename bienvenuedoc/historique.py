"""The « Historique » page of every audited model in the back office (django-simple-history): values of
fields with choices are shown with their French label, not their stored code (« En cours », not
« en_cours »), lists of choices (ArrayField) item by item.

Permissions, fixed here once for every audited admin (the library checks only the view permission, and
reads the object outside the admin's queryset):
- the history list and the form of a past version (« rétablir ») of an object that exists but is outside
  the admin's queryset (a case one may not see, a need of such a case) answer 404, as its change page;
- the form of a past version, GET and POST, needs the change permission of the object: reverting is
  writing."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


def _libelles(champ) -> dict:
    base = getattr(champ, "base_field", None)  # ArrayField: the choices are the items'
    return dict((base or champ).flatchoices or ())


class HistoriqueLisibleHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        valeur = super().prepare_delta_change_value(change, value)
        libelles = _libelles(self.model._meta.get_field(change.field))
        if not libelles:
            return valeur
        if isinstance(valeur, list | tuple):
            return [str(libelles.get(v, v)) for v in valeur]
        return str(libelles.get(valeur, "—" if valeur in (None, "") else valeur))


class HistoriqueLisibleAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page speaks the labels users see everywhere else."""

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoriqueLisibleHelper(self.model, historical_record)

    def _objet_du_perimetre(self, request, object_id):
        """The object through the admin's queryset; 404 when it exists outside of it (or the id is not one),
        None when it was deleted (its history stays readable with the view permission)."""
        object_id = unquote(object_id)
        objet = self.get_object(request, object_id)
        if objet is not None:
            return objet
        try:
            existe = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            raise Http404 from None
        if existe:
            raise Http404
        return None

    def history_view(self, request, object_id, extra_context=None):
        self._objet_du_perimetre(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        objet = self._objet_du_perimetre(request, object_id)
        if not str(version_id).isdigit():
            raise Http404
        if not self.has_change_permission(request, objet):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
