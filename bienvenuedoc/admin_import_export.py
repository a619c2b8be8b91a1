"""django-import-export in the back office, with the project's rules (ARCHITECTURE.md §7: a library's admin
view is a door). Every admin with import or export derives from `ImportExportSurMixin`, every resource from
`RessourceSure`; the permission matrix test (tests/securite/test_matrice_permissions.py) checks both.

- Import needs the model's add AND change permissions (the library grants it to every staff account when
  no permission code is set), export the view permission.
- Every imported row goes through the model's full validation (`full_clean`: field validators — URLs in
  http(s) only —, choices, constraints); a row that fails is shown with its French error in the preview
  and nothing is written.
- Every exported cell goes through `cellule_sure` (no formula injection in the CSV/XLSX files).
- The resource's personal fields (`champs_personnels`: a partner's internal contact) are exported only to
  whom `peut_exporter_champs_personnels` allows (superusers here; accompagnement adds the « Responsable »
  role, which this lower app does not know); the others do not even see them in the export form."""

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from import_export import resources
from import_export.admin import ImportExportMixin

from bienvenuedoc.utils.tableur import cellule_sure


class RessourceSure(resources.ModelResource):
    """Base of every import-export resource of the project."""

    champs_personnels: tuple[str, ...] = ()
    avec_champs_personnels = False  # set on the per-request subclass, see `avec_champs_personnels`

    class Meta:
        clean_model_instances = True

    def get_export_order(self):
        ordre = super().get_export_order()
        if self.avec_champs_personnels:
            return ordre
        return tuple(nom for nom in ordre if nom not in self.champs_personnels)

    def export_field(self, field, instance, **kwargs):
        return cellule_sure(super().export_field(field, instance, **kwargs))


@cache
def ressource_avec_champs_personnels(classe: type[RessourceSure]) -> type[RessourceSure]:
    """The same resource, personal fields included (same name: the export form's field names stay)."""
    return type(classe.__name__, (classe,), {"avec_champs_personnels": True, "__module__": classe.__module__})


@cache
def ressource_par_defaut(modele) -> type[RessourceSure]:
    """What import-export builds when an admin names no resource, on `RessourceSure`."""
    return resources.modelresource_factory(modele, resource_class=RessourceSure)


class ImportExportSurMixin(ImportExportMixin):
    """ImportExportMixin with the permissions, validation and escaping above."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def peut_exporter_champs_personnels(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_resource_classes(self, request):
        classes = list(self.resource_classes) or [ressource_par_defaut(self.model)]
        mauvaises = [c.__name__ for c in classes if not issubclass(c, RessourceSure)]
        if mauvaises:
            raise ImproperlyConfigured(f"{', '.join(mauvaises)} : une ressource doit dériver de RessourceSure.")
        if self.peut_exporter_champs_personnels(request):
            return [ressource_avec_champs_personnels(c) for c in classes]
        return classes
