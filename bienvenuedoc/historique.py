"""The « Historique » page of every audited model in the back office (django-simple-history): values of
fields with choices are shown with their French label, not their stored code (« En cours », not
« en_cours »), lists of choices (ArrayField) item by item."""

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
