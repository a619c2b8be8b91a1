"""A NUL byte (or another control character no person can type) in the address answers the French 400 page,
never a 500: PostgreSQL refuses NUL in a string, so a filter fed with one used to crash the page. In a form's
POST body the byte is left to the form, which answers with a French message on the field."""

import pytest
from django.urls import reverse

from accompagnement.models import Demande

pytestmark = pytest.mark.django_db

ADRESSES_PUBLIQUES = [
    "/demande/?commune=%00",
    "/demande/?profil=medecin%00",
    "/partenaires/?type=%00",
    "/partenaires/?q=ag%00en",
    "/aides/?commune=%00&profil=interne",
    "/aides/catalogue/?type=%00",
    "/espace/?email=a%00@exemple.test",
    "/observatoire/?commune=%00",
    "/?%00=1",
    "/plan-du-site/?page=%01",
    "/partenaires/?type=%1f",
    "/partenaires/?type=%7f",
    "/partenaires/ars%00/",
    "/espace/jeton%00/",
]

ADRESSES_GESTION = [
    "/gestion/accompagnement/demande/?statut=%00",
    "/gestion/accompagnement/demande/?q=%00",
    "/gestion/partenaires/partenaire/?type=%00",
    "/gestion/accompagnement/besoin/?statut__exact=%00",
    "/gestion/login/?next=/gestion/%00",
]


def _est_la_page_400(reponse):
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "<h1>Requête incorrecte</h1>" in contenu
    assert 'lang="fr"' in contenu


@pytest.mark.parametrize("adresse", ADRESSES_PUBLIQUES)
def test_un_caractere_de_controle_dans_l_adresse_donne_400(client, adresse):
    _est_la_page_400(client.get(adresse))


@pytest.mark.parametrize("adresse", ADRESSES_GESTION)
def test_un_caractere_de_controle_dans_un_filtre_de_la_gestion_donne_400(admin_client, adresse):
    _est_la_page_400(admin_client.get(adresse))


def test_la_methode_ne_change_rien_head_et_post(client):
    assert client.head("/partenaires/?type=%00").status_code == 400
    assert client.post("/demande/?commune=%00", {}).status_code == 400


@pytest.mark.parametrize(
    "adresse",
    [
        "/partenaires/?q=Agen%09Lot",
        "/partenaires/?q=%C3%A9l%C3%A9ment",
        "/partenaires/?q=%E2%80%94",
        "/partenaires/?q=Agen",
    ],
)
def test_les_caracteres_permis_passent(client, adresse):
    """Tab, accents and typographic punctuation are ordinary input: the page answers normally."""
    assert client.get(adresse).status_code == 200


def test_un_nul_dans_le_corps_d_un_formulaire_est_refuse_sur_le_champ(client):
    """The middleware leaves POST bodies to the forms: a NUL gives a French error on the field, not a 400."""
    reponse = client.post(
        reverse("accompagnement:demande_nouvelle"),
        {"prenom": "Cla\x00ire", "nom": "Vasseur", "email": "claire@exemple.test", "consentement": "on"},
    )
    assert reponse.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in reponse.content.decode()
    assert not Demande.objects.exists()
