"""The iCalendar (RFC 5545) feed of the upcoming events, written with the `icalendar` library."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def calendrier_ics(evenements) -> bytes:
    site = settings.SITE_URL.rstrip("/")
    hote = site.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "bienvenuedoc"
    calendrier = Calendar()
    calendrier.add("prodid", "-//Bienvenue Docteur//Événements//FR")
    calendrier.add("version", "2.0")
    calendrier.add("x-wr-calname", "Événements du guichet")
    maintenant = timezone.now()
    for evenement in evenements:
        ligne = Event()
        ligne.add("uid", f"evenement-{evenement.pk}@{hote}")
        ligne.add("dtstamp", maintenant)
        ligne.add("dtstart", evenement.debut)
        ligne.add("dtend", evenement.fin)
        ligne.add("summary", evenement.titre)
        ligne.add("description", evenement.resume)
        ligne.add("location", f"{evenement.lieu}, {evenement.commune_nom}")
        ligne.add("url", site + evenement.get_absolute_url())
        calendrier.add_component(ligne)
    return calendrier.to_ical()
