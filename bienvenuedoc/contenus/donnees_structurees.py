"""schema.org Event in JSON-LD for an event's page (search engines show the date and place). A data block,
not a script: the CSP does not run it; its text is escaped so that no « </script> » can end it early."""

import json

from django.utils.safestring import SafeString, mark_safe

from .enums import Public

# as Django's json_script: no character of the text can close the <script> element or start markup
_ECHAPPEMENTS = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
PUBLICS_SCHEMA = {
    Public.MEDECINS: "Médecins",
    Public.INTERNES_ETUDIANTS: "Internes et étudiants en santé",
    Public.LYCEENS: "Lycéens",
    Public.ELUS: "Élus",
}


def evenement_json_ld(evenement, *, url: str, organisateur: str) -> SafeString:
    donnees = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": evenement.titre,
        "description": evenement.resume,
        "startDate": evenement.debut.isoformat(),
        "endDate": evenement.fin.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": url,
        "location": {
            "@type": "Place",
            "name": evenement.lieu,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": evenement.commune_nom,
                "addressCountry": "FR",
            },
        },
        "organizer": {"@type": "Organization", "name": organisateur},
        "isAccessibleForFree": True,
        "maximumAttendeeCapacity": evenement.capacite,
    }
    if evenement.public in PUBLICS_SCHEMA:
        donnees["audience"] = {"@type": "Audience", "audienceType": PUBLICS_SCHEMA[evenement.public]}
    texte = json.dumps(donnees, ensure_ascii=False).translate(_ECHAPPEMENTS)
    return mark_safe(texte)  # <, > and & escaped above
