"""Coordinates of an offer. In production (settings.GEOCODAGE_BAN) the address is geocoded by the French state's
address API (Base adresse nationale, api-adresse.data.gouv.fr) restricted to the offer's commune; otherwise, and
whenever the API fails, answers something unsure or outside the commune, the commune's centre is used. Tests and
offline runs keep GEOCODAGE_BAN off: no network call."""

import json
import logging
from dataclasses import dataclass
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

from observatoire.models import Commune

from .enums import SourceCoordonnees

logger = logging.getLogger(__name__)

SCORE_MINIMUM = 0.5


@dataclass(frozen=True)
class Coordonnees:
    latitude: float
    longitude: float
    source: str


def centre_commune(commune: Commune) -> Coordonnees | None:
    if commune.latitude is None or commune.longitude is None:
        return None
    return Coordonnees(commune.latitude, commune.longitude, SourceCoordonnees.COMMUNE)


def lire_reponse_ban(donnees: dict, commune: Commune) -> Coordonnees | None:
    """The best feature of a BAN answer (GeoJSON FeatureCollection) if it is sure enough and in the commune."""
    for feature in (donnees or {}).get("features") or []:
        proprietes = feature.get("properties") or {}
        if proprietes.get("citycode") != commune.code_insee or float(proprietes.get("score") or 0) < SCORE_MINIMUM:
            continue
        try:
            longitude, latitude = (float(x) for x in feature["geometry"]["coordinates"][:2])
        except (KeyError, TypeError, ValueError):
            continue
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            return Coordonnees(latitude, longitude, SourceCoordonnees.BAN)
    return None


def geocoder_ban(adresse: str, commune: Commune) -> Coordonnees | None:
    """One call to the BAN (short timeout); None on any failure."""
    parametres = urlencode({"q": adresse, "citycode": commune.code_insee, "limit": 1})
    requete = Request(f"{settings.GEOCODAGE_BAN_URL}?{parametres}", headers={"Accept": "application/json"})
    try:
        with urlopen(requete, timeout=settings.GEOCODAGE_BAN_DELAI) as reponse:
            return lire_reponse_ban(json.load(reponse), commune)
    except (URLError, OSError, ValueError):
        logger.warning("Géocodage BAN indisponible : centre de la commune utilisé")
        return None


def geocoder(adresse: str, commune: Commune) -> Coordonnees | None:
    """The address's coordinates when the BAN is on and sure, else the commune's centre."""
    if settings.GEOCODAGE_BAN and adresse.strip():
        trouvees = geocoder_ban(adresse, commune)
        if trouvees:
            return trouvees
    return centre_commune(commune)
