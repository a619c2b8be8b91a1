"""The request form's typed fields: communes (the one resolver, on the real Lot-et-Garonne), the RPPS key,
the field required for some profiles only, the pre-filling from the simulator's EPCI mode."""

import io
import random
import re

import pytest
from stdnum import luhn

from accompagnement import demo
from accompagnement.models import Demande
from observatoire.models import EPCI, Commune
from tests.accompagnement.factories import DemandeFactory
from tests.accompagnement.factories_backoffice import CHARGE, groupe
from tests.accompagnement.test_public_demande import URL, donnees
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def erreur_du_champ(html: str, nom: str) -> str:
    """The text of the error block linked to the field (accompagnement/_erreurs_champ.html)."""
    bloc = re.search(rf'id="id_{nom}-erreurs"[^>]*>(.*?)</(?:div|p|ul)>', html, re.S)
    assert bloc, f"pas d’erreur sur le champ {nom}"
    return " ".join(re.sub(r"<[^>]+>", " ", bloc[1]).split())


# --- Communes ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("saisie", "insee"),
    [
        ("Villeneuve-sur-Lot (47300)", "47323"),
        ("Marmande (47200)", "47157"),
        ("Parranquet (47210)", "47200"),
        ("villeneuve s/ lot", "47323"),
        ("St-Pardoux-du-Breuil", "47263"),
        ("47323", "47323"),  # a bare INSEE code
        ("47550", "47031"),  # the postal code of one commune only (Boé)
    ],
)
def test_commune_saisie_resolue_par_le_resolveur_commun(client, territoire_47, saisie, insee):
    reponse = client.post(URL, donnees(commune_1=saisie))
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    assert [c.code_insee for c in Demande.objects.get().communes.all()] == [insee]


def test_code_postal_de_plusieurs_communes_le_champ_demande_laquelle(client, territoire_47):
    reponse = client.post(URL, donnees(commune_1="47200", commune_2="Villeneuve-sur-Lot (47300)"))
    html = reponse.content.decode()
    assert reponse.status_code == 200 and not Demande.objects.exists()
    message = erreur_du_champ(html, "commune_1")
    assert "Le code postal 47200 correspond à plusieurs communes : Marmande, " in message
    assert "Virazeil" in message and "47200 est aussi le code INSEE de Parranquet" in message
    assert "Précisez laquelle" in message
    assert re.search(r'<input[^>]*name="commune_1"[^>]*aria-invalid="true"', html)
    assert 'value="47200"' in html and 'value="Villeneuve-sur-Lot (47300)"' in html  # nothing lost
    assert 'id="id_commune_2-erreurs"' not in html


def test_nom_et_code_qui_ne_vont_pas_ensemble(client, territoire_47):
    html = client.post(URL, donnees(commune_1="Villeneuve-sur-Lot (47200)")).content.decode()
    assert erreur_du_champ(html, "commune_1") == (
        "Erreur : « Villeneuve-sur-Lot » n’a pas le code 47200. Vouliez-vous dire : Villeneuve-sur-Lot (47300) ?"
    )


def test_la_liste_proposee_se_relit(client, territoire_47):
    """Every label the datalist proposes resolves to its own commune (one query per label)."""
    from observatoire.selectors import commune_resoudre, communes_libelles

    libelles = communes_libelles("47")
    assert len(libelles) == 319 and "Villeneuve-sur-Lot (47300)" in libelles
    assert [commune_resoudre(libelle, departement="47").commune.nom for libelle in libelles] == [
        re.sub(r" \(\w+\)$", "", libelle) for libelle in libelles
    ]
    html = client.get(URL).content.decode()
    assert '<option value="Marmande (47200)">' in html


# --- RPPS -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("rpps", ["10101010101", "10003456780", "19999999999"])
def test_rpps_dont_la_cle_ne_correspond_pas(client, agen, rpps):
    assert not luhn.is_valid(rpps)
    html = client.post(URL, donnees(rpps=rpps)).content.decode()
    assert not Demande.objects.exists()
    assert erreur_du_champ(html, "rpps") == (
        "Erreur : Ce numéro RPPS semble mal saisi : sa clé de contrôle (le dernier chiffre) ne correspond pas aux "
        "10 premiers. Vérifiez-le sur votre carte CPS."
    )


@pytest.mark.parametrize("rpps", ["10101010105", "1010 1010 105", "10003456786"])
def test_rpps_valide_accepte(client, agen, rpps):
    assert luhn.is_valid(rpps.replace(" ", ""))
    assert client.post(URL, donnees(rpps=rpps)).status_code == 302
    assert Demande.objects.get().rpps == rpps.replace(" ", "")


def test_les_rpps_generes_sont_valides():
    assert all(luhn.is_valid(DemandeFactory.build().rpps) for _ in range(50))
    for _ in range(5):
        CommuneFactory()
    groupe(CHARGE)
    demo.generer(rng=random.Random("47-2026"), departement="47", stdout=io.StringIO())
    numeros = list(Demande.objects.exclude(rpps="").values_list("rpps", flat=True))
    assert len(numeros) > 20
    assert all(len(n) == 11 and luhn.is_valid(n) for n in numeros)


# --- Fields required for some profiles only -----------------------------------------------------------------
def test_la_faculte_est_marquee_obligatoire_pour_les_etudiants(client, agen):
    html = client.get(URL).content.decode()
    label = re.search(r'<label[^>]*for="id_universite"[^>]*>(.*?)</label>', html, re.S)
    texte = " ".join(re.sub(r"<[^>]+>", " ", label[1]).split())
    assert texte == "Faculté ou université (obligatoire pour les internes, docteurs juniors et externes)"
    # the server still enforces it, with the same words
    html = client.post(URL, donnees(profil="interne", type_projet="stage", universite="")).content.decode()
    assert "Indiquez votre faculté ou université" in erreur_du_champ(html, "universite")


# --- Pre-filling from the simulator -------------------------------------------------------------------------
def test_pre_remplissage_de_l_intercommunalite_choisie_dans_le_simulateur(client, territoire_47):
    villeneuvois = EPCI.objects.get(nom="CA du Grand Villeneuvois")
    html = client.get(URL, {"profil": "interne", "epci": villeneuvois.siren}).content.decode()
    cases = re.findall(r'<input type="checkbox" name="epcis"[^>]*>', html)
    assert len(cases) == 12
    cochees = [c for c in cases if "checked" in c]
    assert len(cochees) == 1 and f'value="{villeneuvois.pk}"' in cochees[0]
    # an unknown SIREN, or the SIREN of another département's EPCI, is ignored
    ailleurs = CommuneFactory(puy_de_dome=True).epci.siren
    for siren in ("999999999", "pas-un-siren", ailleurs):
        html = client.get(URL, {"epci": siren}).content.decode()
        assert "checked" not in "".join(re.findall(r'<input type="checkbox" name="epcis"[^>]*>', html))


@pytest.fixture
def agen():
    return CommuneFactory(agen=True)


def test_le_territoire_reel_est_bien_celui_du_47(territoire_47):
    assert Commune.objects.filter(departement__code="47").count() == 319
