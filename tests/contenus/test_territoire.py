"""The territory pages /territoire/ and /territoire/<siren>/: reference data, staff text, offers, partners."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observatoire.models import EPCI, Commune
from tests.contenus.factories import EvenementFactory, PresentationTerritoireFactory
from tests.partenaires.factories import PartenaireFactory
from tests.remplacements.factories import OffreFactory

pytestmark = pytest.mark.django_db
SIREN_AGEN = "200096956"  # CA Agglomération d’Agen


@pytest.fixture
def agen(territoire_47, settings):
    settings.DEPARTEMENT = "47"
    cache.clear()
    return EPCI.objects.get(siren=SIREN_AGEN)


def test_index_liste_les_epci_du_departement(client, agen):
    PresentationTerritoireFactory(epci_siren=agen.siren, accroche="Au bord de la Garonne (test).")
    texte = client.get(reverse("territoire:index")).content.decode()
    assert EPCI.objects.filter(communes__departement__code="47").distinct().count() == texte.count('href="/territoire/')
    assert "Au bord de la Garonne (test)." in texte


def test_page_d_un_epci(client, agen):
    PresentationTerritoireFactory(
        epci_siren=agen.siren,
        accroche="Une agglomération à taille humaine.",
        ecoles="Des écoles <script>alert(1)</script> [lien](javascript:alert(1)) et un [lycée](https://www.education.gouv.fr/).",
        sport="",
    )
    commune = Commune.objects.filter(epci=agen).order_by("-population").first()
    offre = OffreFactory(logement=True, titre="Studio près de la gare", commune=commune)
    OffreFactory(titre="Offre ailleurs", commune=Commune.objects.exclude(epci=agen).filter(departement__code="47")[0])
    partenaire = PartenaireFactory(nom="Mairie partenaire")
    partenaire.epcis_couverts.add(agen)
    PartenaireFactory(nom="Partenaire d’un autre territoire")
    evenement = EvenementFactory(titre="Journée à Agen", commune_insee=commune.code_insee)

    reponse = client.get(reverse("territoire:epci", args=[agen.siren]))
    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<h1>CA Agglomération d" in texte
    assert "Une agglomération à taille humaine." in texte
    assert "Écoles et petite enfance" in texte and "Sport" not in texte.split("titre-offres")[0].split("vivre-")[-1]
    assert "<script>alert" not in texte and 'href="javascript' not in texte
    assert 'href="https://www.education.gouv.fr/"' in texte
    assert offre.titre in texte and "Offre ailleurs" not in texte
    assert "Mairie partenaire" in texte and "Partenaire d’un autre territoire" not in texte
    assert evenement.titre in texte
    assert commune.nom in texte and 'id="carte-territoire"' in texte
    assert f"?epci={agen.pk}" in texte and f"?epci={agen.siren}" in texte


def test_presentation_non_publiee_absente(client, agen):
    PresentationTerritoireFactory(epci_siren=agen.siren, accroche="Brouillon de l’équipe.", publie=False)
    texte = client.get(reverse("territoire:epci", args=[agen.siren])).content.decode()
    assert "Brouillon de l’équipe." not in texte


def test_epci_inconnu_ou_hors_departement(client, agen, settings):
    assert client.get(reverse("territoire:epci", args=["999999999"])).status_code == 404
    settings.DEPARTEMENT = "63"
    assert client.get(reverse("territoire:epci", args=[agen.siren])).status_code == 404


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(url).status_code == 200
    return len(contexte)


def test_nombre_de_requetes_fixe(client, agen):
    url = reverse("territoire:epci", args=[agen.siren])
    communes = list(Commune.objects.filter(epci=agen)[:3])
    PresentationTerritoireFactory(epci_siren=agen.siren)
    OffreFactory(commune=communes[0])
    partenaire = PartenaireFactory()
    partenaire.epcis_couverts.add(agen)
    client.get(url)  # the configuration read once
    cache.clear()
    petit_froid = _requetes(client, url)  # indicators and outlines computed
    petit = _requetes(client, url)  # read from the cache
    for i in range(30):
        OffreFactory(commune=communes[i % 3], titre=f"Offre {i}")
        p = PartenaireFactory()
        p.communes_couvertes.add(communes[i % 3])
        EvenementFactory(commune_insee=communes[i % 3].code_insee)
    assert _requetes(client, url) == petit
    cache.clear()
    assert _requetes(client, url) == petit_froid
    assert petit < petit_froid <= 20
    index = reverse("territoire:index")
    assert _requetes(client, index) <= 8


def test_la_demo_presente_chaque_epci_sans_ecraser_le_texte_de_l_equipe(client, agen):
    import io
    import random

    from bienvenuedoc.contenus.models import PresentationTerritoire
    from observatoire.demo import generer_presentations_territoire

    PresentationTerritoireFactory(epci_siren=agen.siren, accroche="Écrit par l’équipe.", est_demo=False)
    generer_presentations_territoire(rng=random.Random(1), departement="47", stdout=io.StringIO())
    epcis = EPCI.objects.filter(communes__departement__code="47").distinct()
    assert PresentationTerritoire.objects.filter(publie=True).count() == epcis.count()
    assert PresentationTerritoire.objects.get(epci_siren=agen.siren).accroche == "Écrit par l’équipe."
    autre = PresentationTerritoire.objects.filter(est_demo=True).first()
    assert "démonstration" in autre.accroche
    texte = client.get(reverse("territoire:epci", args=[autre.epci_siren])).content.decode()
    assert "Texte de démonstration" in texte and "Emploi du conjoint" in texte
    assert f'href="/partenaires/?epci={autre.epci_siren}"' in texte
