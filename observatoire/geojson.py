"""GeoJSON geometries of the territory reference (contours).

`ChampGeoJSON` stores a geometry as its JSON text in a text column and gives it back as a dict: the import
writes tens of megabytes of outlines as text, without the cost of PostgreSQL's jsonb parsing (the importer
still has PostgreSQL check the text is valid JSON); readers load an outline only when they ask for it
(`.defer("contour")` elsewhere). A value already held as GeoJSON text (the importers' `GeometrieBrute`, or
anything with a `json` text attribute and `est_geojson_brut`) is written as is, without parsing and
re-encoding its floats; a dict or list is encoded compactly.

`EncodeurGeoJSON` is the JSON encoder the contour fields used while they were JSONFields (kept for the
migrations that reference it)."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def texte_geojson(valeur) -> str | None:
    """The GeoJSON text of a geometry (GeometrieBrute, dict, or text already), None for None."""
    if valeur is None:
        return None
    if getattr(valeur, "est_geojson_brut", False):
        return valeur.json
    if isinstance(valeur, str):
        return valeur
    return json.dumps(valeur, separators=(",", ":"))


class ChampGeoJSON(models.TextField):
    description = "Géométrie GeoJSON (texte JSON)"

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        if value is None or not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError as erreur:
            raise ValidationError(f"GeoJSON illisible ({erreur}).", code="invalid") from erreur

    def get_prep_value(self, value):
        return texte_geojson(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class EncodeurGeoJSON(json.JSONEncoder):
    def encode(self, o):
        if getattr(o, "est_geojson_brut", False):
            return o.json
        return super().encode(o)
