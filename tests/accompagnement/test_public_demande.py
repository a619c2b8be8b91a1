"""The public request form /demande/: display, pre-filling, validation with French errors on the fields,
nothing typed lost, anti-spam, rate limiting, creation and confirmation without personal data in the URL."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from accompagnement.enums import StatutBesoin, StatutDemande, TypeEvenement, TypeNotification
from accompagnement.models import Demande, Notification
from observatoire.models import Commune
from partenaires.enums import TypeBesoin
from tests.accompagnement.factories import ModeleEtapeFactory
from tests.observatoire.factories import CommuneFactory, EPCIFactory
from tests.partenaires.factories import AideFinanciereFactory

pytestmark = pytest.mark.django_db
URL = "/demande/"


@pytest.fixture
def agen():
    return CommuneFactory(agen=True)


def donnees(**modifs):
    base = {
        "prenom": "Inès",
        "nom": "Moreau",
        "email": "ines.moreau@exemple.test",
        "telephone": "06 12 34 56 78",
        "profil": "medecin_generaliste",
        "specialite": "Médecine générale",
        "rpps": "10101010105",
        "universite": "",
        "type_projet": "installation",
        "periode_debut": "2027-09-01",
        "periode_fin": "",
        "commune_1": "Agen (47000)",
        "mode_exercice": "liberal",
        "structures": ["msp"],
        "besoins": ["logement", "emploi_conjoint", "aides_financieres"],
        "precision_logement": "Maison avec jardin",
        "domaine_conjoint": "Enseignement",
        "message": "Installation en MSP à la rentrée.",
        "consentement": "on",
    }
    base.update(modifs)
    return {k: v for k, v in base.items() if v is not None}


def test_le_formulaire_s_affiche_avec_ses_rubriques_et_les_communes_du_departement(client, agen):
    CommuneFactory(puy_de_dome=True, nom="Thiers")
    reponse = client.get(URL)
    html = reponse.content.decode()
    assert reponse.status_code == 200
    for legende in ("Vous", "Votre profil", "Votre projet", "Vos besoins", "Vos données personnelles"):
        assert f'<legend class="h2">{legende}</legend>' in html
    assert "Projet professionnel" in html and "Vie personnelle et familiale" in html
    assert '<option value="Agen (47000)">' in html
    assert "Thiers" not in html  # another département's commune is not offered
    assert escape(agen.epci.nom) in html  # the EPCI of a commune of the département is offered
    assert reverse("site:donnees_personnelles") in html
    assert "conservées 3 ans après la clôture" in html
    assert 'name="site_web"' in html  # honeypot


def test_pre_remplissage_depuis_le_simulateur_d_aides(client, agen):
    parametres = (
        "?profil=interne&type_projet=stage&commune=47001&mode_exercice=salarie"
        "&besoins=logement&besoins=terrain_stage&besoins=inconnu&aide=aide-installation-47"
    )
    html = client.get(URL + parametres).content.decode()
    assert re.search(r'<option value="interne" selected>', html)
    assert re.search(r'<option value="stage" selected>', html)
    assert 'value="Agen (47000)"' in html
    assert re.search(r'value="salarie"[^>]*checked', html)
    assert re.search(r'value="logement"[^>]*checked', html)
    assert re.search(r'value="terrain_stage"[^>]*checked', html)
    assert not re.search(r'value="aides_financieres"[^>]*checked', html)
    assert "Je souhaite être accompagné·e pour l’aide « aide installation 47 »." in html  # unknown slug

    AideFinanciereFactory(slug="contrat-debut-exercice", nom="Contrat de début d’exercice")
    html = client.get(URL + "?aide=contrat-debut-exercice").content.decode()
    assert "Je souhaite être accompagné·e pour l’aide « Contrat de début d’exercice »." in html


def test_envoi_valide_cree_la_demande_et_redirige_vers_une_confirmation_sans_donnee_personnelle(
    client, agen, django_capture_on_commit_callbacks
):
    ModeleEtapeFactory(titre="Inscription au tableau de l’Ordre", delai_jours=30)
    ModeleEtapeFactory(titre="Étape des étudiants", etudiants=True)
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        reponse = client.post(URL, donnees())
    assert len(rappels) == 2  # the two e-mails are queued only after commit
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accompagnement:demande_envoyee")

    demande = Demande.objects.get()
    assert (demande.prenom, demande.nom, demande.rpps) == ("Inès", "Moreau", "10101010105")
    assert demande.statut == StatutDemande.NOUVELLE and demande.consentement_le
    assert list(demande.communes.all()) == [agen]
    assert demande.structures == ["msp"]
    besoins = {b.type: b for b in demande.besoins.all()}
    assert set(besoins) == {TypeBesoin.LOGEMENT, TypeBesoin.EMPLOI_CONJOINT, TypeBesoin.AIDES_FINANCIERES}
    assert besoins[TypeBesoin.LOGEMENT].precision == "Maison avec jardin"
    assert besoins[TypeBesoin.EMPLOI_CONJOINT].domaine_conjoint == "Enseignement"
    assert besoins[TypeBesoin.LOGEMENT].statut == StatutBesoin.NOUVEAU
    assert [e.titre for e in demande.etapes.all()] == ["Inscription au tableau de l’Ordre"]
    assert demande.evenements.filter(type=TypeEvenement.CREATION, par_demandeur=True).count() == 1
    assert set(Notification.objects.values_list("type", flat=True)) == {
        TypeNotification.ACCUSE_RECEPTION,
        TypeNotification.NOUVELLE_DEMANDE,
    }

    confirmation = client.get(reponse["Location"])
    html = confirmation.content.decode()
    assert demande.reference in html
    assert "Moreau" not in html and "ines.moreau" not in html
    assert str(demande.uuid) not in confirmation.request["PATH_INFO"]
    assert confirmation["Cache-Control"] == "private, no-store"
    assert len(mail.outbox) == 2


def test_la_confirmation_sans_demande_en_session_renvoie_au_formulaire(client):
    reponse = client.get(reverse("accompagnement:demande_envoyee"))
    assert reponse.status_code == 302 and reponse["Location"] == URL


def test_rpps_invalide_erreur_sur_le_champ_et_rien_n_est_perdu(client, agen):
    reponse = client.post(URL, donnees(rpps="1010101010"))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert not Demande.objects.exists()
    assert "Le numéro RPPS compte exactement 11 chiffres" in html
    # the error is linked to the field and listed in the summary with a link to it
    assert re.search(r'<input[^>]*aria-describedby="id_rpps-erreurs id_rpps_helptext"[^>]*aria-invalid="true"', html)
    assert 'id="id_rpps-erreurs"' in html
    assert 'href="#id_rpps"' in html and 'id="erreurs-resume"' in html
    assert "<title>Erreur :" in html
    # what was typed is still there
    assert 'value="1010101010"' in html
    assert 'value="Inès"' in html and 'value="ines.moreau@exemple.test"' in html
    assert 'value="Agen (47000)"' in html
    assert re.search(r'value="logement"[^>]*checked', html)
    assert 'value="Maison avec jardin"' in html
    assert "Installation en MSP à la rentrée." in html
    assert re.search(r'name="consentement"[^>]*checked', html)


@pytest.mark.parametrize(
    ("modifs", "champ", "message"),
    [
        ({"profil": "interne", "universite": ""}, "universite", "Indiquez votre faculté ou université"),
        ({"periode_debut": "2027-09-01", "periode_fin": "2027-08-01"}, "periode_fin", "postérieure ou égale"),
        ({"periode_debut": "31/02/2027"}, "periode_debut", "Saisissez une date valide"),
        ({"commune_1": "Clermont-Ferrand"}, "commune_1", "Nous ne trouvons pas « Clermont-Ferrand » parmi les"),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse électronique valide"),
        ({"consentement": None}, "consentement", "Votre accord est nécessaire"),
        ({"profil": ""}, "profil", "Indiquez votre profil."),
        ({"besoins": ["logement", "pas_un_besoin"]}, "besoins", "Ce besoin n’existe pas"),
        ({"telephone": "abc"}, "telephone", "Saisissez un numéro de téléphone valide"),
    ],
)
def test_chaque_erreur_est_en_francais_sur_son_champ(client, agen, modifs, champ, message):
    reponse = client.post(URL, donnees(**modifs))
    assert reponse.status_code == 200
    assert not Demande.objects.exists()
    form = reponse.context["form"]
    assert champ in form.errors
    assert message in " ".join(form.errors[champ])
    assert f'id="id_{champ}-erreurs"' in reponse.content.decode()


def test_universite_ignoree_pour_un_medecin_et_retenue_pour_un_etudiant(client, agen):
    client.post(URL, donnees(universite="Université de Bordeaux"))
    client.post(URL, donnees(profil="externe", type_projet="stage", universite="Université de Bordeaux", rpps=""))
    assert list(Demande.objects.order_by("pk").values_list("universite", flat=True)) == ["", "Université de Bordeaux"]


def test_commune_homonyme_demande_le_code_postal_et_epci_hors_departement_refuse(client, agen):
    CommuneFactory(nom="Saint-Pierre", code_insee="47500", codes_postaux="47120")
    CommuneFactory(nom="Saint-Pierre", code_insee="47501", codes_postaux="47270")
    ailleurs = EPCIFactory(nom="Communauté ailleurs")
    CommuneFactory(puy_de_dome=True, epci=ailleurs)
    reponse = client.post(URL, donnees(commune_1="saint pierre", epcis=[str(ailleurs.pk)]))
    assert (
        "Plusieurs communes du département s’appellent « Saint-Pierre »"
        in reponse.context["form"].errors["commune_1"][0]
    )
    assert "epcis" in reponse.context["form"].errors

    reponse = client.post(URL, donnees(commune_1="Saint-Pierre (47270)", commune_2="Agen", epcis=[agen.epci_id]))
    assert reponse.status_code == 302
    demande = Demande.objects.get()
    assert {c.code_insee for c in demande.communes.all()} == {"47501", "47001"}
    assert list(demande.epcis.all()) == [agen.epci]
    assert Commune.objects.count() == 4


def test_pot_de_miel_rempli_refuse_sans_rien_enregistrer(client, agen):
    reponse = client.post(URL, donnees(site_web="http://spam.example"))
    assert reponse.status_code == 200
    assert "Votre envoi n’a pas pu être accepté" in reponse.content.decode()
    assert not Demande.objects.exists()


def test_envoi_trop_rapide_refuse(client, agen, settings):
    settings.ANTISPAM_DELAI_MINIMUM = 30
    jeton = re.search(r'name="jeton" value="([^"]+)"', client.get(URL).content.decode()).group(1)
    reponse = client.post(URL, donnees(jeton=jeton))
    assert "envoyé trop vite" in reponse.content.decode()
    assert not Demande.objects.exists()


def test_limitation_par_adresse_ip(client, agen):
    for numero in range(10):
        assert client.post(URL, donnees(email=f"personne{numero}@exemple.test")).status_code == 302
    reponse = client.post(URL, donnees())
    assert reponse.status_code == 429
    assert Demande.objects.count() == 10
    # another address is not limited
    assert client.post(URL, donnees(), REMOTE_ADDR="10.0.0.2").status_code == 302
