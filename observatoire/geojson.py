"""JSON encoder of the contour fields: a geometry already held as GeoJSON text (the importers'
`GeometrieBrute`, anything with a `json` text attribute and `est_geojson_brut`) is written as is, without
parsing and re-encoding its floats; every other value is encoded by the standard encoder."""

import json


class EncodeurGeoJSON(json.JSONEncoder):
    def encode(self, o):
        if getattr(o, "est_geojson_brut", False):
            return o.json
        return super().encode(o)
