"""The one resolver of a commune typed by a person (simulator, request form, offer search), on the real
Lot-et-Garonne: 319 communes, where 20 postal codes are also the INSEE code of another commune."""

import pytest

from observatoire.models import Commune
from observatoire.selectors import commune_resoudre
from tests.observatoire.factories import CommuneFactory

pytestmark = pytest.mark.django_db

# The 20 postal codes of the 47 that are also the INSEE code of another commune (COG 2026): code → the
# commune whose INSEE code it is. Each of them is the postal code of several communes.
CODES_POSTAUX_QUI_SONT_AUSSI_UN_CODE_INSEE = {
    "47110": "Gontaud-de-Nogaret",
    "47120": "Jusix",
    "47130": "Lagruère",
    "47140": "Laugnac",
    "47150": "Longueville",
    "47160": "Masquières",
    "47170": "Monbahus",
    "47180": "Montagnac-sur-Auvignon",
    "47190": "Montpezat",
    "47200": "Parranquet",
    "47210": "Port-Sainte-Marie",
    "47220": "Razimet",
    "47230": "Saint-Aubin",
    "47240": "Saint-Étienne-de-Villeréal",
    "47250": "Saint-Léger",
    "47260": "Saint-Maurin",
    "47290": "La Sauvetat-du-Dropt",
    "47300": "Sérignac-sur-Garonne",
    "47310": "Tonneins",
    "47320": "Villefranche-du-Queyran",
}


def resoudre(texte: str):
    return commune_resoudre(texte, departement="47")


@pytest.mark.parametrize(
    ("saisie", "insee"),
    [
        # « Nom (code postal) », the shape the request form suggests: the name decides
        ("Villeneuve-sur-Lot (47300)", "47323"),
        ("Marmande (47200)", "47157"),
        ("Lédat (47300)", "47146"),
        ("Saint-Pardoux-du-Breuil (47200)", "47263"),
        # « Nom (INSEE) », the shape the simulator used to suggest
        ("Villeneuve-sur-Lot (47323)", "47323"),
        ("Agen (47001)", "47001"),
        ("Parranquet (47200)", "47200"),  # 47200 is Parranquet's INSEE code (its postal code is 47210)
        ("Parranquet (47210)", "47200"),
        ("Sérignac-sur-Garonne (47300)", "47300"),
        ("Sérignac-sur-Garonne (47310)", "47300"),
        # a code before or after the name, without brackets
        ("Marmande 47200", "47157"),
        ("47200 Marmande", "47157"),
        ("Villeneuve-sur-Lot, 47300", "47323"),
        # bare name: case, accents, hyphens, apostrophes, « St » / « Ste » tolerated
        ("villeneuve sur lot", "47323"),
        ("VILLENEUVE-SUR-LOT", "47323"),
        ("  Marmande  ", "47157"),
        ("ledat", "47146"),
        ("St-Pardoux-du-Breuil", "47263"),
        ("st pardoux du breuil", "47263"),
        ("Ste-Livrade-sur-Lot", "47252"),
        ("Sainte Livrade sur Lot", "47252"),
        ("Penne d’Agenais", "47203"),
        ("penne-d'agenais", "47203"),
        ("le temple sur lot", "47306"),
        ("Villeneuve s/ Lot", "47323"),
        # bare INSEE code that is no postal code
        ("47001", "47001"),
        ("47323", "47323"),
        ("47157", "47157"),
        # bare postal code of a single commune
        ("47000", "47001"),
        ("47550", "47031"),
    ],
)
def test_une_seule_commune(territoire_47, django_assert_num_queries, saisie, insee):
    with django_assert_num_queries(1):
        resultat = resoudre(saisie)
    assert resultat.commune is not None, resultat.message
    assert resultat.commune.code_insee == insee
    assert not resultat.ambigue and resultat.message == ""


def test_code_postal_de_plusieurs_communes_on_demande_laquelle(territoire_47, django_assert_num_queries):
    with django_assert_num_queries(1):
        resultat = resoudre("47200")
    assert resultat.commune is None and resultat.ambigue
    noms = [c.nom for c in resultat.candidates]
    # the communes of postal code 47200, the most populated first, then the commune whose INSEE code it is
    assert noms[0] == "Marmande"
    assert set(noms) == {
        "Beaupuy",
        "Birac-sur-Trec",
        "Fourques-sur-Garonne",
        "Gaujac",
        "Longueville",
        "Marcellus",
        "Marmande",
        "Mauvezin-sur-Gupie",
        "Montpouillan",
        "Saint-Pardoux-du-Breuil",
        "Taillebourg",
        "Virazeil",
        "Parranquet",
    }
    assert noms[-1] == "Parranquet"
    assert resultat.message.startswith("Le code postal 47200 correspond à plusieurs communes : Marmande, ")
    assert "Précisez laquelle" in resultat.message
    assert "47200 est aussi le code INSEE de Parranquet" in resultat.message


@pytest.mark.parametrize(("code", "commune_insee"), sorted(CODES_POSTAUX_QUI_SONT_AUSSI_UN_CODE_INSEE.items()))
def test_les_20_codes_postaux_qui_sont_aussi_un_code_insee(
    territoire_47, django_assert_num_queries, code, commune_insee
):
    du_code_postal = [c for c in Commune.objects.filter(codes_postaux__contains=code) if code in c.liste_codes_postaux]
    assert len(du_code_postal) >= 2
    porteuse = Commune.objects.get(code_insee=code)
    assert porteuse.nom == commune_insee and porteuse not in du_code_postal

    # bare: never one picked, the person is asked (every commune of the postal code, and the INSEE one)
    with django_assert_num_queries(1):
        resultat = resoudre(code)
    assert resultat.commune is None and resultat.ambigue
    assert set(resultat.candidates) == {*du_code_postal, porteuse}
    assert f"Le code postal {code} correspond à plusieurs communes" in resultat.message
    assert f"{code} est aussi le code INSEE de {porteuse.nom}" in resultat.message

    # with a name, each commune is found, whether the code in brackets is its postal code or its INSEE code
    for commune in du_code_postal:
        assert resoudre(f"{commune.nom} ({code})").commune == commune
    assert resoudre(f"{porteuse.nom} ({code})").commune == porteuse
    assert resoudre(f"{porteuse.nom} ({porteuse.liste_codes_postaux[0]})").commune == porteuse


@pytest.mark.parametrize(
    ("saisie", "message", "candidats"),
    [
        ("", "Indiquez une commune.", []),
        ("   ", "Indiquez une commune.", []),
        (
            "Trifouillis-les-Oies",
            "Nous ne trouvons pas « Trifouillis-les-Oies » parmi les communes du département",
            [],
        ),
        ("99999", "Aucune commune du département n’a le code postal ou le code INSEE 99999.", []),
        ("Thiers", "Nous ne trouvons pas « Thiers » parmi les communes du département", []),  # in the 63
        ("63430", "Aucune commune du département n’a le code postal ou le code INSEE 63430.", []),
        # a name and a code that do not go together: the name is not dropped, the person is asked
        (
            "Villeneuve-sur-Lot (47200)",
            "« Villeneuve-sur-Lot » n’a pas le code 47200. Vouliez-vous dire : Villeneuve-sur-Lot (47300) ?",
            ["Villeneuve-sur-Lot"],
        ),
        (
            "Marmnde (47200)",
            "Aucune commune « Marmnde » n’a le code 47200. Le code postal 47200 est celui de : Marmande, ",
            None,
        ),
        ("Trifouillis (99999)", "Aucune commune du département ne correspond à « Trifouillis (99999) »", []),
    ],
)
def test_introuvable_ou_incoherent(territoire_47, django_assert_max_num_queries, saisie, message, candidats):
    with django_assert_max_num_queries(1):
        resultat = resoudre(saisie)
    assert resultat.commune is None
    assert resultat.message.startswith(message), resultat.message
    if candidats is not None:
        assert [c.nom for c in resultat.candidates] == candidats


def test_homonymes_du_departement_on_demande_laquelle(django_assert_num_queries):
    haut = CommuneFactory(nom="Saint-Aubin", code_insee="47233", codes_postaux="47150", population=400)
    bas = CommuneFactory(nom="Saint-Aubin", code_insee="47234", codes_postaux="47360", population=200)
    CommuneFactory(nom="Saint-Aubin", code_insee="63123", codes_postaux="63100", puy_de_dome=True)

    with django_assert_num_queries(1):
        resultat = resoudre("saint aubin")
    assert resultat.ambigue and list(resultat.candidates) == [haut, bas]
    assert resultat.message == (
        "Plusieurs communes du département s’appellent « Saint-Aubin » : Saint-Aubin (47150), "
        "Saint-Aubin (47360). Précisez laquelle en ajoutant son code postal, par exemple « Saint-Aubin (47150) »."
    )
    assert resoudre("Saint-Aubin (47360)").commune == bas
    assert resoudre("St-Aubin (47234)").commune == bas
    assert resoudre("Saint-Aubin (63100)").commune is None
    assert commune_resoudre("Saint-Aubin", departement="63").commune.code_insee == "63123"


def test_le_departement_servi_par_defaut(settings):
    agen = CommuneFactory(agen=True)
    CommuneFactory(nom="Agen", code_insee="63999", codes_postaux="63000", puy_de_dome=True)
    settings.DEPARTEMENT = "47"
    assert commune_resoudre("Agen").commune == agen
    settings.DEPARTEMENT = "63"
    assert commune_resoudre("Agen").commune.code_insee == "63999"


def test_corse_code_insee_en_lettres():
    from tests.observatoire.factories import DepartementFactory

    corse = DepartementFactory(code="2A", nom="Corse-du-Sud")
    ajaccio = CommuneFactory(nom="Ajaccio", code_insee="2A004", codes_postaux="20000 20090", departement=corse)
    assert commune_resoudre("2a004", departement="2A").commune == ajaccio
    assert commune_resoudre("20090", departement="2A").commune == ajaccio
    assert commune_resoudre("Ajaccio (2A004)", departement="2A").commune == ajaccio
