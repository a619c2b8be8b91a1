"""Partners and financial aids in the site search (bienvenuedoc/recherche_site.py)."""

from bienvenuedoc.recherche_site import Resultat, Source, source_enregistrer

from .models import AideFinanciere, Partenaire


def _partenaire(partenaire: Partenaire) -> Resultat:
    precision = partenaire.get_type_display() + (f" — {partenaire.ville}" if partenaire.ville else "")
    return Resultat(partenaire.nom, partenaire.get_absolute_url(), partenaire.description[:200], precision)


def _aide(aide: AideFinanciere) -> Resultat:
    return Resultat(aide.nom, aide.get_absolute_url(), aide.resume, aide.get_type_display())


source_enregistrer(
    Source(
        cle="partenaires",
        libelle="Partenaires",
        ordre=20,
        objets=lambda: Partenaire.objects.publies().only("nom", "slug", "type", "ville", "description"),
        champs=("nom", "description", "ville"),
        resultat=_partenaire,
        ordre_secours=("nom", "pk"),
    )
)
source_enregistrer(
    Source(
        cle="aides",
        libelle="Aides financières",
        ordre=30,
        objets=lambda: AideFinanciere.objects.publiees().valides().only("nom", "slug", "type", "resume"),
        champs=("nom", "resume", "conditions"),
        resultat=_aide,
        ordre_secours=("ordre", "nom"),
    )
)
