"""The public observatory: the dashboard's choice of level and indicator, the map's data (same figures as the
table), the server-side sort, the CSV and JSON downloads (licence, sources, secrecy, CSV injection), the
pages of an EPCI and of a commune (404 outside the département), fixed query counts."""

import csv
import gzip
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from observatoire.indicateurs import tableau_de_bord
from tests.accompagnement.factories import AgentFactory
from tests.observatoire.factories import CommuneFactory, DepartementFactory, EPCIFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot_et_garonne(settings):
    settings.DEPARTEMENT = "47"
    sortie = io.StringIO()
    call_command("importer_territoire", "--departement", "47", "--extrait", stdout=sortie)
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=sortie)


@pytest.fixture
def masquee(lot_et_garonne):
    """A commune of the 47 with 1 to 4 GPs (hidden from the public), and its count."""
    complet = tableau_de_bord("47", public=False)
    commune = next(c for c in complet.communes if c.medecins and c.medecins < 5)
    return commune


def contenu(client, url: str) -> str:
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    return reponse.content.decode()


def lignes_du_tableau(html: str, ident: str) -> list[str]:
    """The territories' names of a table, in order."""
    tableau = html.split(f'id="{ident}"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', tableau)


def csv_lu(reponse) -> tuple[list[str], list[list[str]]]:
    texte = reponse.content.decode("utf-8-sig")
    commentaires = [ligne for ligne in texte.splitlines() if ligne.startswith("#")]
    lignes = list(csv.reader((ligne for ligne in texte.splitlines() if not ligne.startswith("#")), delimiter=";"))
    return commentaires, lignes


# --- dashboard ---------------------------------------------------------------------------------------------
def test_tableau_de_bord_par_defaut_les_communes_et_la_densite(client, lot_et_garonne):
    html = contenu(client, "/observatoire/")

    assert '<label class="form-label" for="id_niveau">' in html and 'for="id_indicateur"' in html
    assert '<option value="communes" selected>' in html and '<option value="densite" selected>' in html
    assert len(lignes_du_tableau(html, "tableau-territoires")) == 319
    assert 'data-url="/observatoire/carte.json?niveau=communes&amp;indicateur=densite&amp;tri=nom"' in html
    assert "Données publiques réelles" in html and "Aucune donnée fictive sur cette page" in html
    assert "/observatoire/donnees/communes.csv?tri=nom" in html
    assert "Légende" in html and "jusqu’à" in html


def test_choix_des_epci_et_de_l_apl_puis_tri(client, lot_et_garonne):
    html = contenu(client, "/observatoire/?niveau=epci&indicateur=apl&tri=-apl")

    noms = lignes_du_tableau(html, "tableau-territoires")
    assert len(noms) == 12
    complet = {e.nom: e.apl for e in tableau_de_bord("47").epcis}
    assert [complet[n.replace("&#x27;", "'")] for n in noms] == sorted(complet.values(), reverse=True)
    assert re.search(r'<th scope="col"\s+class="text-end"\s+aria-sort="descending">\s*<a href="\?niveau=epci', html)
    assert html.count("aria-sort=") == 1
    # the APL header now sorts ascending, the others start ascending
    assert 'href="?niveau=epci&amp;indicateur=apl&amp;tri=apl#tableau-territoires"' in html
    assert 'href="?niveau=epci&amp;indicateur=apl&amp;tri=densite#tableau-territoires"' in html
    assert "APL 2023, par intercommunalité" in html


def test_valeurs_inconnues_reviennent_aux_reglages_par_defaut(client, lot_et_garonne):
    html = contenu(client, "/observatoire/?niveau=regions&indicateur=%3Cscript%3E&tri=-inconnu")

    assert '<option value="communes" selected>' in html and '<option value="densite" selected>' in html
    noms = lignes_du_tableau(html, "tableau-territoires")
    assert noms[0] == "Agen" and "aria-invalid" not in html


def test_tri_sans_valeur_en_dernier(client, lot_et_garonne, masquee):
    html = contenu(client, "/observatoire/?tri=-medecins")

    noms = lignes_du_tableau(html, "tableau-territoires")
    assert noms[0] == "Agen" or noms[0] == "Villeneuve-sur-Lot"  # the most GPs first
    assert noms.index(masquee.nom) > noms.index("Agen")
    assert contenu(client, "/observatoire/?tri=medecins").count("moins de 5") >= 2


# --- map data ----------------------------------------------------------------------------------------------
def test_carte_json_memes_chiffres_que_le_tableau(client, lot_et_garonne, masquee):
    donnees = client.get("/observatoire/carte.json?niveau=communes&indicateur=densite").json()

    assert donnees["type"] == "FeatureCollection" and donnees["indicateur"]["cle"] == "densite"
    assert len(donnees["features"]) == 319
    par_code = {f["id"]: f["properties"] for f in donnees["features"]}
    agen = par_code["47001"]
    assert agen["url"] == "/observatoire/commune/47001/" and agen["classe"] in range(5)
    html = contenu(client, "/observatoire/")
    assert f">{agen['texte']}</td>" in html
    assert par_code[masquee.code]["valeur"] is None and par_code[masquee.code]["secret"] is True
    assert par_code[masquee.code]["texte"] == "moins de 5" and par_code[masquee.code]["classe"] is None
    assert len(donnees["legende"]) == 5 and donnees["legende"][0]["texte"] == "jusqu’à 0,0"  # no GP: one class
    apl = client.get("/observatoire/carte.json?niveau=communes&indicateur=apl").json()
    assert [c["couleur"] for c in apl["legende"]] == ["#fde737", "#c3b369", "#8b8a79", "#5a6b8e", "#00306f"]


def test_carte_json_des_communes_d_un_epci(client, lot_et_garonne):
    donnees = client.get("/observatoire/carte.json?indicateur=apl&epci=200096956&selection=47001").json()

    codes = {f["id"] for f in donnees["features"]}
    assert "47001" in codes and len(codes) == 44
    assert [f["properties"]["selection"] for f in donnees["features"] if f["id"] == "47001"] == [True]
    assert client.get("/observatoire/carte.json?epci=999999999").status_code == 404


def test_carte_json_legere_avec_les_contours_reels(client, donnees_ouvertes, settings):
    """The real outlines of the 47 (not the extract): the communes' map stays under 300 KB compressed."""
    settings.DEPARTEMENT = "47"
    call_command("importer_territoire", "--departement", "47", "--source", str(donnees_ouvertes), stdout=io.StringIO())
    call_command("importer_observatoire", "--departement", "47", "--extrait", stdout=io.StringIO())

    for niveau in ("communes", "epci"):
        reponse = client.get(f"/observatoire/carte.json?niveau={niveau}&indicateur=apl")
        assert reponse.status_code == 200
        assert len(gzip.compress(reponse.content)) < 300_000, niveau
    assert len(reponse.json()["features"]) == 12


# --- downloads ---------------------------------------------------------------------------------------------
def test_csv_du_tableau_des_communes(client, lot_et_garonne, masquee):
    reponse = client.get("/observatoire/donnees/communes.csv?tri=-apl")

    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="observatoire-47-communes-\d{4}-\d\d-\d\d\.csv"', reponse["Content-Disposition"]
    )
    commentaires, lignes = csv_lu(reponse)
    assert any("Licence Ouverte / Open Licence 2.0" in c for c in commentaires)
    assert any(c.startswith("# Source (réelles) : DREES") for c in commentaires)
    assert any("Généré le" in c for c in commentaires) and any("moins de 5" in c for c in commentaires)
    entete, *donnees = lignes
    assert entete[:3] == ["Code", "Nom", "Population 2020 (habitants)"]
    assert len(donnees) == 319
    apl = entete.index("APL 2023 (consultations par an et par habitant)")
    valeurs = [float(ligne[apl].replace(",", ".")) for ligne in donnees if ligne[apl]]
    assert valeurs == sorted(valeurs, reverse=True)
    agen = next(ligne for ligne in donnees if ligne[0] == "47001")
    assert agen[apl] == "4,258"  # the published precision (the page rounds to 2 decimals)
    assert agen[entete.index("Évolution de l’APL depuis 2022")].startswith("-0,2")
    ligne = next(ligne for ligne in donnees if ligne[0] == masquee.code)
    assert ligne[entete.index("Médecins généralistes libéraux (2020)")] == "moins de 5"
    assert ligne[entete.index("Médecins pour 10 000 habitants (2020)")] == "moins de 5"


def test_json_du_tableau_des_epci_et_secret_meme_pour_l_equipe(client, lot_et_garonne, masquee):
    client.force_login(AgentFactory(is_staff=True))
    assert "moins de 5" not in contenu(client, "/observatoire/")  # the staff sees the counts on the page…

    document = client.get("/observatoire/donnees/communes.json").json()  # …never in the public files

    meta = document["metadonnees"]
    assert meta["licence"].startswith("Licence Ouverte / Open Licence 2.0")
    assert {s["jeu"] for s in meta["sources"]} >= {"cog", "apl", "medecins_commune", "frr", "qpv"}
    assert all(s["donnees"] == "réelles" for s in meta["sources"]) and meta["genere_le"]
    ligne = next(ligne for ligne in document["lignes"] if ligne["code"] == masquee.code)
    assert ligne["medecins"] is None and ligne["densite"] is None and ligne["masque"] is True
    epci = client.get("/observatoire/donnees/epci.json").json()
    assert len(epci["lignes"]) == 12 and {"population_sous_2_5", "communes_frr"} <= set(epci["lignes"][0])


def test_telechargement_format_ou_niveau_inconnu(client, lot_et_garonne):
    assert client.get("/observatoire/donnees/regions.csv").status_code == 404
    assert client.get("/observatoire/donnees/communes.xlsx").status_code == 404


def test_csv_sans_injection_de_formule(client):
    departement = DepartementFactory(code="47")
    CommuneFactory(departement=departement, nom='=HYPERLINK("http://x")', epci=EPCIFactory(nom="@SOMME(A1)"))

    _commentaires, lignes = csv_lu(client.get("/observatoire/donnees/communes.csv"))
    _c, lignes_epci = csv_lu(client.get("/observatoire/donnees/epci.csv"))

    assert lignes[1][1] == '\'=HYPERLINK("http://x")' and lignes_epci[1][1] == "'@SOMME(A1)"


# --- EPCI and commune pages --------------------------------------------------------------------------------
def test_page_d_un_epci(client, lot_et_garonne):
    html = contenu(client, "/observatoire/epci/200096956/?tri=-apl")

    assert "<h1>CA Agglomération d&#x27;Agen</h1>" in html
    noms = lignes_du_tableau(html, "tableau-communes")
    assert len(noms) == 44 and "Agen" in noms and "Villeneuve-sur-Lot" not in noms
    assert "Chiffres clés de CA Agglomération d&#x27;Agen et du département" in html
    assert "DREES, accessibilité potentielle localisée" in html and "Département (Lot-et-Garonne)" in html
    assert "Accessibilité potentielle localisée aux médecins généralistes (APL)" in html  # trend table
    assert "Population municipale" in html and 'class="graphique-observatoire"' in html
    assert 'data-url="/observatoire/carte.json?indicateur=apl&amp;epci=200096956"' in html
    assert "/observatoire/epci/200096956/communes.csv?tri=-apl" in html
    assert '<a href="/observatoire/">Observatoire</a>' in html


def test_telechargements_d_un_epci_et_d_une_commune(client, lot_et_garonne):
    _commentaires, lignes = csv_lu(client.get("/observatoire/epci/200096956/communes.csv"))
    assert len(lignes) == 45 and lignes[1][1] < lignes[-1][1]

    document = client.get("/observatoire/commune/47001/indicateurs.json").json()
    assert [ligne["nom"] for ligne in document["lignes"]] == ["Agen", "CA Agglomération d'Agen", "Lot-et-Garonne"]
    assert document["lignes"][0]["apl"] == 4.258 and "Agen (47001)" in document["metadonnees"]["titre"]
    commentaires, lignes = csv_lu(client.get("/observatoire/commune/47001/indicateurs.csv"))
    assert lignes[1][:2] == ["47001", "Agen"] and commentaires


def test_page_d_une_commune(client, lot_et_garonne):
    html = contenu(client, "/observatoire/commune/47001/")

    assert "<h1>Agen</h1>" in html
    assert 'membre de <a href="/observatoire/epci/200096956/">' in html
    assert "Intercommunalité (CA Agglomération d&#x27;Agen)" in html and ">4,26</td>" in html
    assert "selection=47001" in html and "/observatoire/commune/47001/indicateurs.csv" in html
    assert "Population municipale" in html  # INSEE, over the COG editions


def test_territoires_hors_du_departement(client, lot_et_garonne):
    auvergne = DepartementFactory(puy_de_dome=True)
    clermont = EPCIFactory(siren="246300701", nom="Clermont Auvergne Métropole")
    commune = CommuneFactory(departement=auvergne, epci=clermont, code_insee="63113", nom="Clermont-Ferrand")

    for url in (
        f"/observatoire/epci/{clermont.siren}/",
        f"/observatoire/epci/{clermont.siren}/communes.csv",
        f"/observatoire/commune/{commune.code_insee}/",
        f"/observatoire/commune/{commune.code_insee}/indicateurs.json",
        "/observatoire/commune/99999/",
        "/observatoire/epci/000000000/",
    ):
        assert client.get(url).status_code == 404, url


def test_donnees_de_demonstration_signalees(client, lot_et_garonne, monkeypatch):
    """Practitioner figures from the demo population are said to be demo, on the page and in the files."""
    from observatoire import fiches

    def tableau_demo(code, public=True):
        tableau = tableau_de_bord(code, public=public)
        tableau.departement.source_praticiens = "démonstration"
        for ligne in tableau.communes:
            ligne.praticiens, ligne.age_median = 7, 51.5
        return tableau

    monkeypatch.setattr(fiches, "tableau_de_bord", tableau_demo)

    html = contenu(client, "/observatoire/?indicateur=age_median")
    assert "Données de démonstration (fictives)" in html and "Aucune donnée fictive" not in html
    assert '<option value="age_median" selected>' in html and ">51,5</td>" in html
    document = client.get("/observatoire/donnees/communes.json").json()
    praticiens = next(s for s in document["metadonnees"]["sources"] if s["jeu"] == "praticiens")
    assert praticiens["donnees"] == "démonstration (fictives)" and "fictive" in praticiens["licence"]


# --- query counts ------------------------------------------------------------------------------------------
def _requetes(client, url: str) -> int:
    client.get(url)  # the site configuration and the outlines in the cache
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200, url
    return len(requetes)


PAGES = [
    "/observatoire/?niveau=communes&tri=-apl",
    "/observatoire/carte.json?niveau=communes&indicateur=apl",
    "/observatoire/donnees/communes.csv",
    "/observatoire/epci/{siren}/",
    "/observatoire/epci/{siren}/communes.json",
    "/observatoire/commune/{code}/",
    "/observatoire/carte.json?indicateur=apl&epci={siren}&selection={code}",
]


def test_nombre_de_requetes_fixe_petit_et_grand(client, lot_et_garonne, settings):
    grand = [_requetes(client, p.format(siren="200096956", code="47001")) for p in PAGES]  # 319 communes
    settings.DEPARTEMENT = "23"
    epci = EPCIFactory()
    commune = CommuneFactory(departement=DepartementFactory(code="23", nom="Creuse"), epci=epci, code_insee="23001")

    petit = [_requetes(client, p.format(siren=epci.siren, code=commune.code_insee)) for p in PAGES]

    assert petit == grand and max(grand) <= 20


# --- practitioners (RPPS extracts or the demo population) ---------------------------------------------------
@pytest.fixture
def praticiens(lot_et_garonne):
    """Two yearly snapshots: 6 GPs in Agen, 2 in Boé (47032) the second year, one arrival in Agen."""
    import datetime

    from observatoire.models import Commune
    from tests.observatoire.factories_praticiens import (
        InstantanePraticiensFactory,
        PraticienFactory,
        PresencePraticienFactory,
    )

    agen, boe = Commune.objects.get(code_insee="47001"), Commune.objects.get(code_insee="47032")
    avant = InstantanePraticiensFactory(date_publication=datetime.date(2024, 6, 1))
    apres = InstantanePraticiensFactory(date_publication=datetime.date(2025, 6, 1))
    medecins = [PraticienFactory(annee_naissance=1960 + i) for i in range(8)]
    for medecin in medecins[:5]:
        PresencePraticienFactory(instantane=avant, praticien=medecin, commune=agen)
        PresencePraticienFactory(instantane=apres, praticien=medecin, commune=agen)
    PresencePraticienFactory(instantane=apres, praticien=medecins[5], commune=agen)
    for medecin in medecins[6:]:
        PresencePraticienFactory(instantane=apres, praticien=medecin, commune=boe)


def test_praticiens_dans_les_tableaux_les_fichiers_et_les_evolutions(client, praticiens):
    html = contenu(client, "/observatoire/?tri=-praticiens")

    assert "Médecins généralistes (praticiens)" in html and '<option value="age_median">' in html
    assert lignes_du_tableau(html, "tableau-territoires")[0] == "Agen"
    assert "Médecins généralistes comptés chaque année (Lot-et-Garonne)" in html
    assert "Annuaire Santé (RPPS), extractions successives" in html
    _commentaires, lignes = csv_lu(client.get("/observatoire/donnees/communes.csv"))
    colonne = lignes[0].index("Médecins généralistes (praticiens)")
    par_code = {ligne[0]: ligne for ligne in lignes[1:]}
    assert par_code["47001"][colonne] == "6"
    assert par_code["47032"][colonne] == "moins de 5"  # 2 practitioners: not published
    document = client.get("/observatoire/donnees/communes.json").json()
    boe = next(ligne for ligne in document["lignes"] if ligne["code"] == "47032")
    assert boe["praticiens"] is None and boe["densite_praticiens"] is None and boe["masque"] is True
    carte_donnees = client.get("/observatoire/carte.json?indicateur=densite_praticiens").json()
    assert next(f for f in carte_donnees["features"] if f["id"] == "47032")["properties"]["secret"] is True
    epci = contenu(client, "/observatoire/epci/200096956/")
    assert "Médecins généralistes comptés chaque année (CA Agglomération d&#x27;Agen)" in epci


def test_population_de_demonstration_signalee_sans_trucage(client, lot_et_garonne):
    from observatoire.models import Commune
    from tests.observatoire.factories_praticiens import InstantanePraticiensFactory, PresencePraticienFactory

    demo = InstantanePraticiensFactory(demo=True)
    for _ in range(6):
        PresencePraticienFactory(instantane=demo, commune=Commune.objects.get(code_insee="47001"))

    for url in ("/observatoire/", "/observatoire/epci/200096956/", "/observatoire/commune/47001/"):
        assert "Données de démonstration (fictives)" in contenu(client, url), url
    assert "données de démonstration, fictives" in contenu(client, "/observatoire/")  # under the trend table


def test_telechargement_des_series_d_evolution(client, lot_et_garonne):
    html = contenu(client, "/observatoire/")
    assert 'href="/observatoire/evolutions/structures-departement.csv"' in html

    commentaires, lignes = csv_lu(client.get("/observatoire/evolutions/structures-departement.csv"))
    assert any("Baromètre des résultats de l’action publique (DITP)" in c for c in commentaires)
    assert any("licence non précisée par le dépôt" in c for c in commentaires)
    assert lignes[0] == ["Date", "MSP ouvertes", "Centres de santé"] and lignes[1] == ["06/2017", "9", ""]
    document = client.get("/observatoire/epci/200096956/evolutions/apl.json").json()
    assert document["metadonnees"]["sources"][0]["donnees"] == "réelles"
    assert document["lignes"][1]["Année"] == 2023 and document["lignes"][1]["CA Agglomération d'Agen"] == 3.409
    commune = client.get("/observatoire/commune/47001/evolutions/population.csv")
    assert commune.status_code == 200 and "Agen (47001)" in commune.content.decode("utf-8-sig")
    assert client.get("/observatoire/evolutions/inconnue.csv").status_code == 404
    assert client.get("/observatoire/commune/63113/evolutions/population.csv").status_code == 404


def test_chaque_chiffre_cache_par_son_propre_indicateur_de_secret():
    from observatoire import tableaux
    from observatoire.indicateurs import Indicateurs

    ligne = Indicateurs(code="47001", nom="Agen", praticiens=12, age_median=None, masque_ages=True, solde=-1)
    ligne.masque_departs = True
    afficher = {c.cle: c.afficher(ligne) for c in tableaux.COLONNES}

    assert afficher["praticiens"] == "12" and afficher["medecins"] == "non disponible"
    assert afficher["age_median"] == afficher["part_60_ans_et_plus"] == "moins de 5"
    assert afficher["solde"] == afficher["departs"] == "moins de 5" and afficher["arrivees"] == "non disponible"


@pytest.mark.parametrize(
    ("valeur", "decimales", "signe", "attendu"),
    [
        (93507, None, False, "93\xa0507"),
        (1234567, None, False, "1\xa0234\xa0567"),
        (3.0333, 2, False, "3,03"),
        (1234.5, 1, False, "1\xa0234,5"),
        (0.12, 2, True, "+0,12"),
        (-0.209, 2, True, "−0,21"),
        (-0.001, 2, False, "0,00"),
        (-7, None, True, "−7"),
    ],
)
def test_nombres_a_la_francaise(valeur, decimales, signe, attendu):
    """The table's fast formatting gives what Django's number_format gives (signs apart)."""
    from django.utils import formats

    from observatoire.tableaux import nombre

    assert nombre(valeur, decimales, signe=signe) == attendu
    reference = formats.number_format(
        round(valeur, decimales) if decimales is not None else valeur, decimales, use_l10n=True, force_grouping=True
    )
    assert attendu.lstrip("+").replace("−", "-") in (reference, reference.replace("-0,00", "0,00"))
