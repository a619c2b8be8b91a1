"""The editorial content in the site search (bienvenuedoc/recherche_site.py): pages, events, news."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bienvenuedoc.recherche_site import Resultat, Source, source_enregistrer

from .models import Actualite, Evenement, Page


def _page(page: Page) -> Resultat:
    return Resultat(page.titre, page.get_absolute_url(), page.resume, page.get_public_display())


def _evenement(evenement: Evenement) -> Resultat:
    jour = date_format(timezone.localtime(evenement.debut), "j F Y")
    return Resultat(
        evenement.titre, evenement.get_absolute_url(), evenement.resume, f"{jour} — {evenement.commune_nom}"
    )


def _actualite(actualite: Actualite) -> Resultat:
    return Resultat(
        actualite.titre,
        reverse("contenus:actualite", args=[actualite.slug]),
        actualite.resume,
        date_format(actualite.date_publication, "j F Y"),
    )


source_enregistrer(
    Source(
        cle="pages",
        libelle="Pages",
        ordre=10,
        objets=lambda: Page.objects.publies().only("titre", "slug", "resume", "public"),
        champs=("titre", "resume", "corps"),
        resultat=_page,
        ordre_secours=("ordre", "titre"),
    )
)
source_enregistrer(
    Source(
        cle="evenements",
        libelle="Événements",
        ordre=40,
        objets=lambda: Evenement.objects.a_venir().only("titre", "slug", "resume", "debut", "commune_nom"),
        champs=("titre", "resume", "description", "commune_nom", "lieu"),
        resultat=_evenement,
        ordre_secours=("debut", "pk"),
    )
)
source_enregistrer(
    Source(
        cle="actualites",
        libelle="Actualités",
        ordre=50,
        objets=lambda: Actualite.objects.publies().only("titre", "slug", "resume", "date_publication"),
        champs=("titre", "resume", "corps"),
        resultat=_actualite,
        ordre_secours=("-date_publication", "-pk"),
    )
)
