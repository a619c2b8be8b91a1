"""The published offers in the site search (bienvenuedoc/recherche_site.py). Beside the title, description and
commune, the text searched holds the kind's label (« Logement étudiant ») and the levels it is open to
(« interne », « externe », « docteur junior »): « logement interne » finds the housing offers for interns."""

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse

from bienvenuedoc.recherche_site import Resultat, Source, source_enregistrer

from .enums import TypeOffre
from .models import Offre

TYPE_EN_MOTS = Case(
    *[When(type=valeur, then=Value(f"{valeur} {libelle}")) for valeur, libelle in TypeOffre.choices],
    default=Value(""),
    output_field=CharField(),
)
NIVEAUX_EN_MOTS = Concat(
    Case(When(pour_externes=True, then=Value("externe étudiant ")), default=Value("")),
    Case(When(pour_internes=True, then=Value("interne ")), default=Value("")),
    Case(When(pour_docteurs_juniors=True, then=Value("docteur junior")), default=Value("")),
    output_field=CharField(),
)


def _offre(offre: Offre) -> Resultat:
    return Resultat(
        offre.titre,
        reverse("remplacements:offre", args=[offre.uuid]),
        offre.description[:200],
        offre.get_type_display(),
    )


source_enregistrer(
    Source(
        cle="offres",
        libelle="Offres",
        ordre=35,
        objets=lambda: Offre.objects.publiees().only("uuid", "titre", "type", "description", "publiee_le"),
        champs=("titre", TYPE_EN_MOTS, NIVEAUX_EN_MOTS, "description", "commune__nom"),
        resultat=_offre,
        ordre_secours=("-publiee_le", "-pk"),
    )
)
