"""The requester's space shows everything the hotline holds about the person (their right of access): every
field of the form, each need with its details, and what they added later with « Compléter ma demande »;
labels, never stored codes. The message thread reads « Vous, le … » (no space before the comma)."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accompagnement.services.acces import jeton_creer
from accompagnement.services.demandes import demande_ajouter_complement
from tests.accompagnement.factories import AgentFactory, BesoinFactory, DemandeFactory, MessageFactory
from tests.accompagnement.factories_backoffice import client_de
from tests.observatoire.factories import CommuneFactory, EPCIFactory

pytestmark = pytest.mark.django_db


def _texte(html: str, separateur: str = " ") -> str:
    """The text of the page's main content, spaces collapsed; with separateur="" tags vanish as a browser
    renders inline elements (« <strong>Vous </strong>, » reads « Vous , »)."""
    main = html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    sans_balises = re.sub(r"<[^>]+>", separateur, main)
    return " ".join(sans_balises.replace("&nbsp;", " ").replace("&#x27;", "'").split())


@pytest.fixture
def demande_complete():
    epci = EPCIFactory(nom="Agglomération d’Agen")
    demande = DemandeFactory(
        profil="medecin_specialiste",
        prenom="Héloïse",
        nom="Nguyễn",
        email="heloise.nguyen@exemple.test",
        telephone="06 12 34 56 78",
        rpps="10101010101",
        specialite="Pédiatrie",
        universite="",
        type_projet="poste_salarie",
        periode_debut=date(2026, 9, 1),
        periode_fin=date(2027, 8, 31),
        mode_exercice="mixte",
        structures=["msp", "centre_sante"],
        message="Je cherche un poste mixte près d’Agen.",
        communes=[CommuneFactory(nom="Nérac")],
    )
    demande.epcis.set([epci])
    BesoinFactory(demande=demande, type="emploi_conjoint", precision="", domaine_conjoint="Enseignement agricole")
    BesoinFactory(demande=demande, type="scolarite_garde", precision="Crèche à temps plein", ages_enfants="2 et 6 ans")
    BesoinFactory(demande=demande, type="logement", precision="Maison avec jardin")
    demande_ajouter_complement(demande=demande, texte="Mon conjoint peut commencer en janvier.")
    return demande


def test_l_espace_montre_tout_ce_que_la_hotline_detient(client, demande_complete):
    jeton = jeton_creer(demande=demande_complete)
    texte = _texte(client.get(f"/espace/{jeton}/").content.decode())
    for attendu in [
        "Héloïse Nguyễn",
        "heloise.nguyen@exemple.test",
        "06 12 34 56 78",
        "Médecin d’une autre spécialité",  # the profile's label
        "10101010101",
        "Pédiatrie",
        "Poste salarié",
        "1 septembre 2026",
        "31 août 2027",
        "Agglomération d’Agen",
        "Nérac",
        "Mixte (libéral et salarié)",
        "Maison de santé pluriprofessionnelle (MSP)",
        "Centre de santé",
        "Emploi du conjoint ou de la conjointe",
        "Enseignement agricole",
        "Scolarité et garde d’enfants",
        "2 et 6 ans",
        "Crèche à temps plein",
        "Maison avec jardin",
        "Je cherche un poste mixte près d’Agen.",
        "Mon conjoint peut commencer en janvier.",
    ]:
        assert attendu in texte, attendu
    # labels, not the stored codes
    for code in ("medecin_specialiste", "poste_salarie", "centre_sante", "emploi_conjoint", "scolarite_garde", "msp,"):
        assert code not in texte, code
    assert "Mode d’exercice souhaité Mixte (libéral et salarié)" in texte


def test_l_espace_d_un_etudiant_montre_sa_faculte(client):
    demande = DemandeFactory(etudiant=True, universite="Université de Bordeaux, faculté de médecine")
    jeton = jeton_creer(demande=demande)
    texte = _texte(client.get(f"/espace/{jeton}/").content.decode())
    assert "Université de Bordeaux, faculté de médecine" in texte
    assert "Interne" in texte and "Stage ou internat" in texte


def test_pas_d_espace_avant_la_virgule_dans_le_fil_des_messages(client, admin_user):
    agent = AgentFactory(first_name="Claire", last_name="Dupuis (démo)")
    demande = DemandeFactory(en_cours=True, referent=agent)
    MessageFactory(demande=demande)  # from the requester
    MessageFactory(demande=demande, de_hotline=True, auteur=agent, cree_le=timezone.now() + timedelta(minutes=1))
    jeton = jeton_creer(demande=demande)
    texte = _texte(client.get(f"/espace/{jeton}/").content.decode(), separateur="")
    assert re.search(r"Vous, le \d", texte), texte
    assert re.search(r"Claire Dupuis \(démo\), le \d", texte)
    assert " , le" not in texte

    client_de(client, admin_user)
    html = client.get(f"/gestion/accompagnement/demande/{demande.pk}/change/").content.decode()
    fil = html.split('id="titre-messages"', 1)[1].split("</section>", 1)[0]
    fil = " ".join(re.sub(r"<[^>]+>", "", fil).split())
    assert re.search(r"Le demandeur, le \d", fil), fil
    assert re.search(r"Claire Dupuis \(démo\), le \d", fil)
    assert " , le" not in fil
