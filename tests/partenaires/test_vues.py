"""Public pages: directory, partner page, simulator, catalogue."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape

from partenaires.enums import ProfilAide, TypePartenaire, TypeZone
from tests.partenaires.factories import (
    AideFinanciereFactory,
    CommuneFactory,
    EPCIFactory,
    PartenaireFactory,
    ZonageCommuneFactory,
)

pytestmark = pytest.mark.django_db

URL_ANNUAIRE = reverse("partenaires:annuaire")
URL_SIMULATEUR = reverse("partenaires:simulateur")

REPONSES_INTERNE = {
    "profil": "interne",
    "type_projet": "stage",
    "commune": "Agen",
    "mode_exercice": "liberal",
    "secteur": "non_concerne",
    "engagement_annees": "2",
    "premiere_installation": "non",
    "aide_installation_recue": "non",
}


# --- Directory ------------------------------------------------------------------------------------------
def test_annuaire_liste_et_carte(client):
    PartenaireFactory(nom="Résidence des internes", services=["logement"], ville="Agen")
    PartenaireFactory(nom="Cachée", non_publie=True)
    contenu = client.get(URL_ANNUAIRE).content.decode()
    assert "<h1>Les partenaires du réseau</h1>" in contenu
    assert "Résidence des internes" in contenu
    assert "Peut vous aider pour :" in contenu and "Logement" in contenu
    assert "Cachée" not in contenu
    assert 'id="donnees-carte-partenaires"' in contenu
    assert "1 partenaire." in contenu


def test_annuaire_filtres(client):
    epci = EPCIFactory(nom="CC des Coteaux")
    autre_epci = EPCIFactory()
    commune = CommuneFactory(epci=epci)
    CommuneFactory(epci=autre_epci)
    PartenaireFactory(nom="Logement Coteaux", logement=True, services=["logement"], epcis=[epci])
    PartenaireFactory(nom="Logement Ailleurs", logement=True, services=["logement"], epcis=[autre_epci])
    PartenaireFactory(nom="Partout", tout_departement=True, services=["emploi_conjoint"])
    commune_seule = PartenaireFactory(nom="Mairie Coteaux", services=["scolarite_garde"])
    commune_seule.communes_couvertes.add(commune)

    def noms(params):
        # the partners listed, read from their links (a random description may contain the word « Partout »)
        contenu = client.get(URL_ANNUAIRE, params).content.decode()
        noms_listes = set(re.findall(r'<a href="/partenaires/[^"]+/">([^<]+)</a>', contenu))
        return noms_listes & {"Logement Coteaux", "Logement Ailleurs", "Partout", "Mairie Coteaux"}

    assert noms({"type": TypePartenaire.LOGEMENT}) == {"Logement Coteaux", "Logement Ailleurs"}
    assert noms({"besoin": "emploi_conjoint"}) == {"Partout"}
    assert noms({"epci": epci.siren}) == {"Logement Coteaux", "Partout", "Mairie Coteaux"}
    assert noms({"q": "coteaux logement"}) == {"Logement Coteaux"}
    assert noms({"q": "MAIRIE côteaux"}) == {"Mairie Coteaux"}


def test_annuaire_filtre_invalide_ignore_sans_erreur_500(client):
    PartenaireFactory(nom="Visible")
    reponse = client.get(URL_ANNUAIRE, {"type": "inconnu", "epci": "000", "page": "zzz"})
    assert reponse.status_code == 200
    assert "Visible" in reponse.content.decode()


def test_annuaire_ne_montre_jamais_le_contact_interne(client):
    p = PartenaireFactory(contact_interne_email="secret-interne@exemple.invalid", notes_internes="note secrète")
    for url in (URL_ANNUAIRE, p.get_absolute_url()):
        contenu = client.get(url).content.decode()
        assert "secret-interne@exemple.invalid" not in contenu
        assert "note secrète" not in contenu
        assert p.contact_interne_nom not in contenu


def test_annuaire_pagination(client):
    for n in range(25):
        PartenaireFactory(nom=f"Partenaire {n:02d}")
    page2 = client.get(URL_ANNUAIRE, {"page": 2}).content.decode()
    assert "Partenaire 24" in page2 and "Partenaire 00" not in page2
    assert "page 2 sur 2" in page2
    assert 'aria-current="page">2<' in page2


@pytest.mark.parametrize("nombre", [3, 300])
def test_annuaire_nombre_de_requetes_independant(client, django_assert_max_num_queries, nombre):
    epci = EPCIFactory()
    CommuneFactory(epci=epci)
    for n in range(nombre):
        PartenaireFactory(nom=f"P{n}", services=["logement", "emploi_conjoint"], epcis=[epci])
    client.get(URL_ANNUAIRE)  # site configuration cached
    with django_assert_max_num_queries(6):
        reponse = client.get(URL_ANNUAIRE, {"besoin": "logement", "epci": epci.siren})
    assert reponse.status_code == 200
    assert f"{nombre} partenaires" in reponse.content.decode()


def test_fiche_partenaire(client):
    epci = EPCIFactory(nom="Agglomération d’Agen")
    p = PartenaireFactory(
        nom="CPAM de test", services=["aides_financieres"], epcis=[epci], telephone="05 00 00 00 00", demo=True
    )
    AideFinanciereFactory(financeur=p, nom="Prime de test")
    AideFinanciereFactory(financeur=p, nom="Prime expirée", expiree=True)
    contenu = client.get(p.get_absolute_url()).content.decode()
    assert '<h1 class="mb-1">CPAM de test</h1>' in contenu
    assert "Agglomération d’Agen" in contenu
    assert "Prime de test" in contenu and "Prime expirée" not in contenu
    assert "05 00 00 00 00" in contenu
    assert "les coordonnées de cette fiche sont fictives" in contenu
    assert 'href="/demande/?besoins=aides_financieres"' in contenu


def test_fiche_partenaire_non_publie_404(client):
    p = PartenaireFactory(non_publie=True)
    assert client.get(p.get_absolute_url()).status_code == 404


def test_fiche_partenaire_requetes_bornees(client, django_assert_max_num_queries):
    p = PartenaireFactory(services=["logement"])
    for _ in range(20):
        AideFinanciereFactory(financeur=p)
    client.get(p.get_absolute_url())
    with django_assert_max_num_queries(6):
        client.get(p.get_absolute_url())


# --- Simulator ------------------------------------------------------------------------------------------
@pytest.fixture
def agen():
    commune = CommuneFactory(agen=True)
    ZonageCommuneFactory(commune=commune, type_zone=TypeZone.ZIP, est_demo=True)
    return commune


def test_simulateur_formulaire_vide(client, agen):
    reponse = client.get(URL_SIMULATEUR)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<h1>Quelles aides pour mon projet ?</h1>" in contenu
    assert '<option value="Agen (47000)">' in contenu
    assert "Résultats pour" not in contenu


def test_simulateur_interne(client, agen):
    AideFinanciereFactory(cesp=True, slug="cesp")
    AideFinanciereFactory(primo_zip=True)
    AideFinanciereFactory(nom="Aide expirée", expiree=True)
    reponse = client.get(URL_SIMULATEUR, REPONSES_INTERNE)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Résultats pour Agen (47001)" in contenu
    assert "Aides que vous pourriez demander (1)" in contenu
    assert "Contrat d’engagement de service public (CESP)" in contenu
    assert "Profil : Interne" in contenu
    assert "Engagement envisagé de 2 an(s), au moins 2 demandé(s)" in contenu
    assert "1\u202f200 € brut par mois" in contenu
    assert "Aides qui ne correspondent pas à votre situation (1)" in contenu
    assert "Critère non rempli : Réservée à : Médecin qui s’installe pour la première fois" in contenu
    assert "Aide expirée" not in contenu
    assert "démonstration" in contenu
    lien = reponse.context["simulation"].eligibles[0].lien_accompagnement
    assert f'href="{lien.replace("&", "&amp;")}"' in contenu
    partie = urlsplit(lien)
    assert partie.path == "/demande/"
    assert parse_qs(partie.query) == {
        "profil": ["interne"],
        "type_projet": ["stage"],
        "commune": ["47001"],
        "mode_exercice": ["liberal"],
        "besoins": ["aides_financieres"],
        "aide": ["cesp"],
    }


@pytest.mark.parametrize(
    ("profil", "projet", "attendu_profil", "attendu_projet"),
    [
        ("etudiant", "stage", "externe", "stage"),
        ("docteur_junior", "stage", "docteur_junior", "stage"),
        ("remplacant", "remplacement", "remplacant", "remplacement"),
        ("medecin_installe", "cabinet_secondaire", "medecin_generaliste", "installation"),
        ("medecin_installe", "poste_salarie", "medecin_generaliste", "poste_salarie"),
    ],
)
def test_simulateur_lien_general_traduit_les_reponses(client, agen, profil, projet, attendu_profil, attendu_projet):
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "profil": profil, "type_projet": projet})
    params = parse_qs(urlsplit(reponse.context["lien_general"]).query)
    assert params["profil"] == [attendu_profil]
    assert params["type_projet"] == [attendu_projet]
    assert params["besoins"] == ["aides_financieres"]


@pytest.mark.parametrize(
    ("modification", "champ", "message"),
    [
        ({"commune": "Trifouillis-les-Oies"}, "commune", "Nous ne trouvons pas « Trifouillis-les-Oies »"),
        ({"commune": "99999"}, "commune", "Aucune commune du département n’a le code postal ou le code INSEE 99999"),
        ({"commune": ""}, "commune", "Indiquez une commune ou une intercommunalité."),
        ({"profil": ""}, "profil", "Ce champ est obligatoire."),
        ({"profil": "pirate"}, "profil", "Sélectionnez un choix valide"),
        ({"engagement_annees": "beaucoup"}, "engagement_annees", "Saisissez un nombre entier."),
        ({"engagement_annees": "99"}, "engagement_annees", "inférieure ou égale à 20"),
        ({"aide_installation_recue": "oui"}, "aide_installation_date", "Indiquez la date de l’aide reçue"),
        (
            {"aide_installation_recue": "oui", "aide_installation_date": "32/13/2020"},
            "aide_installation_date",
            "Saisissez une date valide.",
        ),
        (
            {"aide_installation_recue": "oui", "aide_installation_date": "2999-01-01"},
            "aide_installation_date",
            "Cette date est dans le futur.",
        ),
    ],
)
def test_simulateur_erreurs_en_francais_sur_le_champ(client, agen, modification, champ, message):
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, **modification})
    assert reponse.status_code == 400
    erreurs = reponse.context["form"].errors[champ]
    assert any(message in e for e in erreurs), erreurs
    contenu = reponse.content.decode()
    assert "Le formulaire contient" in contenu
    assert f'id="id_{champ}_error"' in contenu
    assert "Résultats pour" not in contenu


def test_simulateur_dit_quand_un_champ_conditionnel_est_obligatoire(client, agen):
    contenu = client.get(URL_SIMULATEUR).content.decode()
    aide_commune = re.search(r'id="id_commune_helptext">(.*?)</div>', contenu, re.S)[1]
    assert "Obligatoire, sauf si vous choisissez une intercommunalité." in aide_commune
    aide_date = re.search(r'id="id_aide_installation_date_helptext">(.*?)</div>', contenu, re.S)[1]
    assert aide_date.startswith("Obligatoire si vous avez répondu oui.")
    assert 'aria-describedby="id_aide_installation_date_helptext"' in contenu


def test_simulateur_garde_la_saisie(client, agen):
    contenu = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": "Agenn"}).content.decode()
    assert 'value="Agenn"' in contenu


@pytest.mark.parametrize("saisie", ["agen", "AGEN", "Agen (47001)", "47001", "47000", "  Agen  "])
def test_simulateur_commune_par_nom_ou_code(client, agen, saisie):
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": saisie})
    assert reponse.status_code == 200
    assert reponse.context["simulation"].territoire.commune == agen


def test_simulateur_code_postal_ambigu(client, agen):
    CommuneFactory(nom="Boé", codes_postaux="47000 47550")
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": "47000"})
    assert reponse.status_code == 400
    assert reponse.context["form"].errors["commune"] == [
        "Le code postal 47000 correspond à plusieurs communes : Agen, Boé. Précisez laquelle, par exemple "
        "« Agen (47000) »."
    ]


# The real Lot-et-Garonne: 20 of its postal codes are also the INSEE code of another commune.
@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("Villeneuve-sur-Lot (47300)", "Villeneuve-sur-Lot (47323)"),  # not Sérignac-sur-Garonne (INSEE 47300)
        ("Marmande (47200)", "Marmande (47157)"),  # not Parranquet (INSEE 47200)
        ("Parranquet (47200)", "Parranquet (47200)"),
        ("villeneuve sur lot", "Villeneuve-sur-Lot (47323)"),
        ("47323", "Villeneuve-sur-Lot (47323)"),
    ],
)
def test_simulateur_repond_pour_la_commune_saisie(client, territoire_47, saisie, attendu):
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": saisie})
    assert reponse.status_code == 200
    assert str(reponse.context["simulation"].territoire.commune) == attendu
    assert f"Résultats pour {attendu}" in reponse.content.decode()


def test_simulateur_code_postal_de_plusieurs_communes_demande_laquelle(client, territoire_47):
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": "47200"})
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "Résultats pour" not in contenu
    erreur = re.search(r'<ul[^>]*id="id_commune_error"[^>]*>(.*?)</ul>', contenu, re.S)
    assert erreur, "pas de message sur le champ"
    assert "Le code postal 47200 correspond à plusieurs communes : Marmande, " in erreur[1]
    assert "Virazeil" in erreur[1] and "47200 est aussi le code INSEE de Parranquet" in erreur[1]
    assert "Précisez laquelle" in erreur[1]
    assert 'value="47200"' in contenu


def test_simulateur_par_intercommunalite_transmet_l_intercommunalite_au_formulaire(client, agen):
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": "", "epci": agen.epci.siren})
    parametres = parse_qs(urlsplit(reponse.context["lien_general"]).query)
    assert parametres["epci"] == [agen.epci.siren]
    assert "commune" not in parametres


def test_simulateur_homonyme_hors_departement(client, agen):
    CommuneFactory(puy_de_dome=True, nom="Agen")
    reponse = client.get(URL_SIMULATEUR, {**REPONSES_INTERNE, "commune": "Agen"})
    assert reponse.context["simulation"].territoire.commune == agen


def test_simulateur_par_intercommunalite(client, agen):
    AideFinanciereFactory(zones=[TypeZone.ZIP], nom="Aide en ZIP")
    params = {**REPONSES_INTERNE, "commune": "", "epci": agen.epci.siren}
    contenu = client.get(URL_SIMULATEUR, params).content.decode()
    assert f"Résultats pour {escape(agen.epci.nom)}" in contenu
    assert "Le résultat dépend de la commune choisie" in contenu


def test_simulateur_conflit_signale(client, agen):
    AideFinanciereFactory(primo_zip=True)
    AideFinanciereFactory(locale=True, nom="Aide du Département", profils=[ProfilAide.PRIMO_INSTALLANT])
    params = {
        **REPONSES_INTERNE,
        "profil": "remplacant",
        "type_projet": "installation",
        "secteur": "secteur_1_optam",
        "premiere_installation": "oui",
    }
    contenu = client.get(URL_SIMULATEUR, params).content.decode()
    assert "Aides que vous pourriez demander (2)" in contenu
    assert "2 aides ci-dessous" in contenu
    assert "Ne se cumule pas avec « Aide du Département »" in contenu
    assert "CGCT art. L1511-8" in contenu
    assert "Montant à confirmer" in contenu


def test_simulateur_aide_deja_recue(client, agen):
    AideFinanciereFactory(primo_zip=True)
    params = {
        **REPONSES_INTERNE,
        "profil": "remplacant",
        "type_projet": "installation",
        "secteur": "secteur_1_optam",
        "premiere_installation": "oui",
        "aide_installation_recue": "oui",
        "aide_installation_date": "2021-05-01",
    }
    contenu = client.get(URL_SIMULATEUR, params).content.decode()
    assert "Aides que vous pourriez demander (0)" in contenu
    assert "pas de nouvelle aide de cette catégorie avant le 01/05/2031" in contenu


@pytest.mark.parametrize("nombre", [3, 90])
def test_simulateur_requetes_bornees(client, agen, django_assert_max_num_queries, nombre):
    for _ in range(nombre):
        AideFinanciereFactory(zones=[TypeZone.ZIP])
    client.get(URL_SIMULATEUR, REPONSES_INTERNE)
    with django_assert_max_num_queries(10):
        reponse = client.get(URL_SIMULATEUR, REPONSES_INTERNE)
    assert len(reponse.context["simulation"].eligibles) == nombre


def test_simulateur_limite_de_debit(client, agen):
    from partenaires import views

    for _ in range(int(views.RATE_PUBLIC.split("/")[0])):
        client.get(URL_SIMULATEUR, REPONSES_INTERNE)
    reponse = client.get(URL_SIMULATEUR, REPONSES_INTERNE)
    assert reponse.status_code == 429
    contenu = reponse.content.decode()
    assert "Trop de simulations en peu de temps" in contenu
    # the suite freezes django-ratelimit's window far ahead: the wait is bounded by the rate's period
    assert reponse["Retry-After"] == "60" and "réessayer dans 1 minute" in contenu


def test_la_page_429_de_l_annuaire_dit_l_attente_reelle(client, monkeypatch):
    import time

    from partenaires import views

    fin = int(time.time()) + 55
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: fin)
    for _ in range(int(views.RATE_PUBLIC.split("/")[0])):
        client.get(reverse("partenaires:annuaire"))
    reponse = client.get(reverse("partenaires:annuaire"))
    reste = fin - int(time.time())  # what is left of the window when the answer came (the loop takes time)
    assert reponse.status_code == 429
    assert reste - 2 <= int(reponse["Retry-After"]) <= reste + 1
    assert "Trop de recherches en peu de temps : vous pourrez réessayer dans 1 minute" in reponse.content.decode()


# --- Catalogue ------------------------------------------------------------------------------------------
def test_catalogue(client):
    AideFinanciereFactory(cesp=True, source_url="https://www.exemple.gouv.fr/cesp")
    AideFinanciereFactory(nom="Aide expirée à revoir", expiree=True)
    AideFinanciereFactory(nom="Contrat fermé CAIM", fermee=True)
    AideFinanciereFactory(nom="Aide régionale", montant_non_confirme=True, note_montant="À vérifier sur le PAPS.")
    contenu = client.get(reverse("partenaires:catalogue")).content.decode()
    assert "2 aides pour les étudiants" in contenu
    assert "Contrat d’engagement de service public (CESP)" in contenu
    assert 'href="https://www.exemple.gouv.fr/cesp"' in contenu
    assert "vérifié le 24 novembre 2026" in contenu
    assert "Montant à confirmer" in contenu and "À vérifier sur le PAPS." in contenu
    assert "Aide expirée à revoir" not in contenu
    assert "Dispositifs fermés (pour mémoire)" in contenu
    assert "Contrat fermé CAIM" in contenu
    assert datetime.date(2025, 12, 31).strftime("%Y") in contenu
